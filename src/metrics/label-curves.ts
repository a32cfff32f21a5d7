import type { LabelMatrix, ScoreMatrix } from '../core/matrix.js';
import { checkBoolean } from '../core/validate.js';
import { binaryCurve, CurveWorkspace } from './binary-curve.js';
import type { SampleOptions } from './options.js';
import { assertNotEmptyProblem, collectColumn, ProblemBuffer } from './problem-buffer.js';
import { readRankingInputs } from './ranking-inputs.js';

/**
 * The curve of every label, for `precisionRecallCurve` and `rocCurve`: reads the
 * inputs and `dropIntermediate` (default `dropByDefault`), then builds each label's curve with
 * `points` from the label's cumulative counts at each distinct threshold (`float32`: the scores
 * are a `Float32Array`). `what` names the curve in the error of a label with no known cell.
 *
 * @internal
 */
export function labelCurves<C>(
  yTrue: LabelMatrix,
  yScore: ScoreMatrix,
  options: SampleOptions & { dropIntermediate?: boolean },
  caller: string,
  what: string,
  dropByDefault: boolean,
  points: (workspace: CurveWorkspace, count: number, drop: boolean, float32: boolean) => C,
): C[] {
  const { truth, scores, sampleWeight } = readRankingInputs(
    yTrue,
    yScore,
    options,
    ['dropIntermediate'],
    caller,
  );
  const drop = checkBoolean(options.dropIntermediate, 'dropIntermediate', dropByDefault);
  const float32 = scores.data instanceof Float32Array;
  const workspace = new CurveWorkspace();
  const problem = new ProblemBuffer(scores.data);
  const curves: C[] = [];
  for (let j = 0; j < truth.cols; j++) {
    collectColumn(truth, scores, j, sampleWeight, problem);
    assertNotEmptyProblem(problem, `label ${j}`, what);
    curves.push(points(workspace, binaryCurve(problem, workspace), drop, float32));
  }
  return curves;
}

import { MultilabelError } from '../core/errors.js';
import { type LabelsAndScores, readLabelsAndScores } from '../core/label-score-inputs.js';
import type { LabelMatrix, ScoreMatrix } from '../core/matrix.js';
import { MISSING_LABEL } from '../core/matrix.js';

/**
 * The argument readers of the calibration functions: labels (missing cells under
 * `ignoreIndex`), finite scores of their shape, `sampleWeight`, and the known cells of one
 * label as the fitting kernels read them.
 *
 * @internal
 * @module
 */

/**
 * The inputs of a calibration fit, read: `sampleWeight` scaled by a power of two (see
 * `core/weights.ts`), whose exponent the fits need to unscale their priors. @internal
 */
export type CalibrationInputs = LabelsAndScores;

/**
 * Reads `yTrue`, `yScore` (finite, the same shape) and the options `sampleWeight`,
 * `ignoreIndex` and `keys` of `caller`. @internal
 */
export function readCalibrationInputs(
  yTrue: LabelMatrix,
  yScore: ScoreMatrix,
  options: object | undefined,
  keys: readonly string[],
  caller: string,
): CalibrationInputs {
  return readLabelsAndScores(yTrue, yScore, options, { keys, caller, name: 'yScore' });
}

/** The power of two the weights of `inputs` were divided by (0 without weights). @internal */
export function weightExponentOf(inputs: CalibrationInputs): number {
  return inputs.weights?.exponent ?? 0;
}

/**
 * The known cells of positive weight of one label (or of several, pooled): scores, 0/1
 * labels and weights (undefined: all 1), in row order. @internal
 */
export interface LabelCells {
  readonly scores: Float64Array;
  readonly labels: Float64Array;
  readonly weights: Float64Array | undefined;
  readonly n: number;
}

/**
 * The known cells of positive weight of the labels `cols` (pooled in row order, then label
 * order), among the rows `rows` (all rows when undefined). @internal
 */
export function cellsOf(
  inputs: CalibrationInputs,
  cols: readonly number[],
  rows?: ArrayLike<number>,
): LabelCells {
  const { truth, scores } = inputs;
  const sampleWeight = inputs.weights?.weights;
  const width = truth.cols;
  const rowCount = rows === undefined ? truth.rows : rows.length;
  const capacity = rowCount * cols.length;
  const s = new Float64Array(capacity);
  const y = new Float64Array(capacity);
  const w = sampleWeight === undefined ? undefined : new Float64Array(capacity);
  let n = 0;
  for (let i = 0; i < rowCount; i++) {
    const r = rows === undefined ? i : rows[i];
    const weight = sampleWeight === undefined ? 1 : sampleWeight[r];
    if (!(weight > 0)) continue;
    for (const j of cols) {
      const t = truth.data[r * width + j];
      if (t === MISSING_LABEL) continue;
      s[n] = scores.data[r * width + j];
      y[n] = t;
      if (w !== undefined) w[n] = weight;
      n++;
    }
  }
  return {
    scores: s.subarray(0, n),
    labels: y.subarray(0, n),
    weights: w?.subarray(0, n),
    n,
  };
}

/** Throws when a label has no known cell of positive weight to fit a map to. @internal */
export function assertCells(cells: LabelCells, label: number | undefined, caller: string): void {
  if (cells.n > 0) return;
  const which = label === undefined ? 'No label' : `Label ${label}`;
  throw new MultilabelError(
    'UNDEFINED_METRIC',
    `${which} of \`yTrue\` has no known cell of positive weight, so \`${caller}\` has nothing to fit; drop the label or give it labelled rows.`,
  );
}

import type { LabelMatrix, ScoreMatrix } from '../core/matrix.js';
import type { CurveWorkspace } from './binary-curve.js';
import { labelCurves } from './label-curves.js';
import type { SampleOptions } from './options.js';

/**
 * Options of {@link rocCurve}.
 *
 * @expand
 * @category Options
 * @example
 * ```ts
 * import { rocCurve, type RocCurveOptions } from 'tfjs-multilabel/metrics';
 *
 * const options: RocCurveOptions = { dropIntermediate: false };
 * console.log(rocCurve([[1], [0], [1]], [[0.9], [0.5], [0.1]], options)[0].fpr.length); // 4
 * ```
 */
export interface RocCurveOptions extends SampleOptions {
  /**
   * Drop points collinear with their neighbours.
   *
   * @defaultValue `true`, as scikit-learn
   */
  dropIntermediate?: boolean;
}

/**
 * The ROC curve of one label: false and true positive rates when predicting every score
 * `>= thresholds[i]`, from the highest threshold down.
 *
 * @summary The ROC curve of one label: false and true positive rates per threshold.
 * @category Results
 * @example
 * ```ts
 * import { rocCurve, type RocCurve } from 'tfjs-multilabel/metrics';
 *
 * const [curve]: RocCurve[] = rocCurve([[1], [0]], [[0.8], [0.3]]);
 * console.log(Array.from(curve.tpr), Array.from(curve.fpr)); // [0, 1, 1] [0, 0, 1]
 * ```
 */
export interface RocCurve {
  /** False positive rate at each threshold (starts at 0). */
  readonly fpr: Float64Array;
  /** True positive rate at each threshold (starts at 0). */
  readonly tpr: Float64Array;
  /** Decreasing thresholds; the first is the highest score + 1 (scikit-learn 1.2). */
  readonly thresholds: Float64Array;
}

/**
 * The ROC points of the curve in `workspace` (see `binaryCurve`), as scikit-learn's
 * `roc_curve` builds them: collinear points dropped when asked (a point stays when the second
 * difference of fps or tps at it is not exactly 0), then (0, 0) prepended with threshold
 * max + 1 (rounded to float32 for float32 scores). Rates are NaN when a class is absent.
 *
 * @internal
 */
export function rocPoints(
  workspace: CurveWorkspace,
  count: number,
  dropIntermediate: boolean,
  float32: boolean,
): RocCurve {
  const { tps, fps, thresholds } = workspace;
  let keep: number[];
  if (dropIntermediate && count > 2) {
    keep = [0];
    for (let k = 1; k < count - 1; k++) {
      const fpCorner = fps[k + 1] - fps[k] - (fps[k] - fps[k - 1]);
      const tpCorner = tps[k + 1] - tps[k] - (tps[k] - tps[k - 1]);
      if (fpCorner !== 0 || tpCorner !== 0) keep.push(k);
    }
    keep.push(count - 1);
  } else {
    keep = Array.from({ length: count }, (_, k) => k);
  }
  const m = keep.length + 1;
  const fpr = new Float64Array(m);
  const tpr = new Float64Array(m);
  const outThresholds = new Float64Array(m);
  const first = thresholds[keep[0]] + 1;
  outThresholds[0] = float32 ? Math.fround(first) : first;
  const negatives = fps[count - 1];
  const positives = tps[count - 1];
  for (let i = 0; i < keep.length; i++) {
    const k = keep[i];
    fpr[i + 1] = negatives > 0 ? fps[k] / negatives : Number.NaN;
    tpr[i + 1] = positives > 0 ? tps[k] / positives : Number.NaN;
    outThresholds[i + 1] = thresholds[k];
  }
  if (!(negatives > 0)) fpr[0] = Number.NaN;
  if (!(positives > 0)) tpr[0] = Number.NaN;
  return { fpr, tpr, thresholds: outThresholds };
}

/**
 * The ROC curve of every label (scikit-learn's `roc_curve`, applied to each column). Where
 * scikit-learn warns and returns NaN rates (a label with no positive or no negative), this
 * returns the same NaN rates.
 *
 * Missing labels (`ignoreIndex`): a missing cell is dropped from its label's column.
 *
 * @summary The ROC curve of every label.
 * @category Curves
 * @param yTrue True labels, 0/1 (and, with `ignoreIndex`, that marker or NaN for a missing label), one row per sample.
 * @param yScore Scores, the same shape.
 * @param options `dropIntermediate` (default true), `sampleWeight`, `ignoreIndex`.
 * @returns One {@link RocCurve} per label.
 * @throws {@link MultilabelError} on a shape mismatch, non-binary labels, NaN or infinite
 * scores, empty input, bad weights, or a label with no known cell of positive weight.
 * @example
 * ```ts
 * import { rocCurve } from 'tfjs-multilabel/metrics';
 *
 * const [curve] = rocCurve([[0], [0], [1], [1]], [[0.1], [0.4], [0.35], [0.8]]);
 * console.log(Array.from(curve.fpr), Array.from(curve.tpr)); // [0, 0, 0.5, 0.5, 1] [0, 0.5, 0.5, 1, 1]
 * console.log(Array.from(curve.thresholds)); // [1.8, 0.8, 0.4, 0.35, 0.1]
 * ```
 */
export function rocCurve(
  yTrue: LabelMatrix,
  yScore: ScoreMatrix,
  options: RocCurveOptions = {},
): RocCurve[] {
  return labelCurves(yTrue, yScore, options, 'rocCurve', 'ROC curve', true, rocPoints);
}

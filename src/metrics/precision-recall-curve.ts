import type { LabelMatrix, ScoreMatrix } from '../core/matrix.js';
import type { CurveWorkspace } from './binary-curve.js';
import { labelCurves } from './label-curves.js';
import type { SampleOptions } from './options.js';

/**
 * Options of {@link precisionRecallCurve}.
 *
 * @expand
 * @category Options
 * @example
 * ```ts
 * import { precisionRecallCurve, type PrecisionRecallCurveOptions } from 'tfjs-multilabel/metrics';
 *
 * const options: PrecisionRecallCurveOptions = { dropIntermediate: true };
 * const [curve] = precisionRecallCurve([[1], [0], [0], [1]], [[0.9], [0.8], [0.7], [0.6]], options);
 * console.log(Array.from(curve.thresholds)); // [0.6, 0.7, 0.9]
 * ```
 */
export interface PrecisionRecallCurveOptions extends SampleOptions {
  /**
   * Keep only the first and last threshold of each run with the same recall (scikit-learn 1.3+'s
   * `drop_intermediate`).
   *
   * @defaultValue `false`, as scikit-learn 1.3+ (1.2 lacks the option)
   */
  dropIntermediate?: boolean;
}

/**
 * The precision-recall curve of one label, in scikit-learn's order: increasing thresholds,
 * with a final point (precision 1, recall 0) that has no threshold.
 *
 * @summary The precision-recall curve of one label, in scikit-learn's order.
 * @category Results
 * @example
 * ```ts
 * import { precisionRecallCurve, type PrecisionRecallCurve } from 'tfjs-multilabel/metrics';
 *
 * const [curve]: PrecisionRecallCurve[] = precisionRecallCurve([[1], [0]], [[0.8], [0.3]]);
 * console.log(Array.from(curve.precision), Array.from(curve.recall)); // [0.5, 1, 1] [1, 1, 0]
 * ```
 */
export interface PrecisionRecallCurve {
  /** Precision when predicting every score `>= thresholds[i]`, then a final 1. */
  readonly precision: Float64Array;
  /** Recall at each threshold (decreasing), then a final 0. */
  readonly recall: Float64Array;
  /** The distinct scores, increasing. */
  readonly thresholds: Float64Array;
}

/**
 * The precision-recall curve of every label (scikit-learn's `precision_recall_curve`, applied
 * to each column). Where scikit-learn warns and returns a value (a label with no positive:
 * "recall is set to one for all thresholds"), this returns the same curve.
 *
 * Missing labels (`ignoreIndex`): a missing cell is dropped from its label's column.
 *
 * @summary The precision-recall curve of every label.
 * @category Curves
 * @param yTrue True labels, 0/1 (and, with `ignoreIndex`, that marker or NaN for a missing label), one row per sample.
 * @param yScore Scores, the same shape.
 * @param options `dropIntermediate` (default false), `sampleWeight`, `ignoreIndex`.
 * @returns One {@link PrecisionRecallCurve} per label.
 * @throws {@link MultilabelError} on a shape mismatch, non-binary labels, NaN or infinite
 * scores, empty input, bad weights, or a label with no known cell of positive weight.
 * @example
 * ```ts
 * import { precisionRecallCurve } from 'tfjs-multilabel/metrics';
 *
 * const [curve] = precisionRecallCurve([[0], [0], [1], [1]], [[0.1], [0.4], [0.35], [0.8]]);
 * console.log(Array.from(curve.precision).map((p) => p.toFixed(3))); // ['0.500', '0.667', '0.500', '1.000', '1.000']
 * console.log(Array.from(curve.recall), Array.from(curve.thresholds)); // [1, 1, 0.5, 0.5, 0] [0.1, 0.35, 0.4, 0.8]
 * ```
 */
export function precisionRecallCurve(
  yTrue: LabelMatrix,
  yScore: ScoreMatrix,
  options: PrecisionRecallCurveOptions = {},
): PrecisionRecallCurve[] {
  return labelCurves(
    yTrue,
    yScore,
    options,
    'precisionRecallCurve',
    'precision-recall curve',
    false,
    precisionRecallPoints,
  );
}

/** The precision-recall curve of one label from its cumulative counts, as scikit-learn's. */
function precisionRecallPoints(
  workspace: CurveWorkspace,
  count: number,
  dropIntermediate: boolean,
): PrecisionRecallCurve {
  const { tps, fps, thresholds } = workspace;
  let keep: number[] = Array.from({ length: count }, (_, k) => k);
  if (dropIntermediate && count > 2) {
    // scikit-learn 1.3+: keep a point when tps changes before or after it.
    keep = [0];
    for (let k = 1; k < count - 1; k++) {
      if (tps[k] !== tps[k - 1] || tps[k + 1] !== tps[k]) keep.push(k);
    }
    keep.push(count - 1);
  }
  const m = keep.length;
  const positives = tps[count - 1];
  const precision = new Float64Array(m + 1);
  const recall = new Float64Array(m + 1);
  const outThresholds = new Float64Array(m);
  for (let i = 0; i < m; i++) {
    const k = keep[m - 1 - i];
    const predicted = tps[k] + fps[k];
    precision[i] = predicted === 0 ? 0 : tps[k] / predicted;
    recall[i] = positives === 0 ? 1 : tps[k] / positives;
    outThresholds[i] = thresholds[k];
  }
  precision[m] = 1;
  recall[m] = 0;
  return { precision, recall, thresholds: outThresholds };
}

import { MultilabelError } from '../core/errors.js';
import { type ConfusionCounts, countConfusion } from '../core/kernels/confusion-counts.js';
import { averageCountMetric, type CountScore } from '../core/kernels/count-averaging.js';
import type { DenseMatrix } from '../core/matrix.js';
import { checkEnum } from '../core/validate.js';

/**
 * How the metric of a set of decisions is combined over the matrix:
 * `'micro'` pools every known cell into one set of counts, `'macro'` is the mean of the
 * per-label values (labels without a known cell left out), `'samples'` the (sample-weighted)
 * mean of the per-row values (rows without a known cell left out).
 *
 * @inline
 * @summary How a metric is combined over the matrix: micro, macro or samples.
 * @category Options
 * @example
 * ```ts
 * import type { ThresholdAverage } from 'tfjs-multilabel/thresholds';
 *
 * const average: ThresholdAverage = 'samples';
 * console.log(average); // 'samples'
 * ```
 */
export type ThresholdAverage = 'micro' | 'macro' | 'samples';

const AVERAGES: readonly ThresholdAverage[] = ['micro', 'macro', 'samples'];

/**
 * Reads the `average` of the threshold optimizers and rules (`ThresholdAverage`; default
 * `fallback`), not the wider `Average` of the metrics.
 *
 * @internal
 */
export function readThresholdAverage(value: unknown, fallback: ThresholdAverage): ThresholdAverage {
  return value === undefined ? fallback : checkEnum(value, 'average', AVERAGES);
}

/**
 * Whether `value`, an average kept as a running sum, beats `best` by more than that sum's
 * rounding: by 1e-12 of `scale`, the largest absolute metric value summed. Measured on the
 * metric's own values, the margin keeps ties tied and real gains whatever the metric's scale (a
 * count function may return values of any size).
 *
 * @internal
 */
export function beatsBest(value: number, best: number, scale: number): boolean {
  return value > best + 1e-12 * scale;
}

/**
 * The metric value of 0/1 decisions `pred` (same shape as `truth`), combined by `average`
 * with the array metrics' averaging kernel (labels without a known cell left out of
 * `'macro'`). Cell counts are weighted by the row weights for `'micro'` and `'macro'`;
 * `'samples'` counts each row's cells and weights the row values (scikit-learn's conventions).
 *
 * @internal
 */
export function scoreDecisions(
  truth: DenseMatrix<Int8Array>,
  pred: Uint8Array | Int8Array,
  evaluate: CountScore,
  average: ThresholdAverage,
  sampleWeight: Float64Array | undefined,
): number {
  const predicted = {
    data:
      pred instanceof Int8Array ? pred : new Int8Array(pred.buffer, pred.byteOffset, pred.length),
    rows: truth.rows,
    cols: truth.cols,
  };
  const counts = countConfusion(truth, predicted, { sampleWeight, perRow: average === 'samples' });
  return averageThresholdCounts(
    counts,
    evaluate,
    average,
    sampleWeight,
    average === 'macro' ? knownPerLabel(truth) : undefined,
  );
}

/**
 * Combines counts (per row too for `'samples'`) by `average` as {@link scoreDecisions} does;
 * `knownCells` (per label) leaves labels without a known cell out of `'macro'`.
 *
 * @internal
 */
export function averageThresholdCounts(
  counts: ConfusionCounts,
  evaluate: CountScore,
  average: ThresholdAverage,
  sampleWeight: Float64Array | undefined,
  knownCells: ArrayLike<number> | undefined,
): number {
  return averageCountMetric(counts, average, evaluate, {
    sampleWeight,
    nanMode: false,
    what: 'threshold objective',
    knownCells,
    undefinedError: allMissing,
  }) as number;
}

/** Known (not missing) cells per label. @internal */
export function knownPerLabel(truth: DenseMatrix<Int8Array>): Int32Array {
  const { rows, cols, data } = truth;
  const known = new Int32Array(cols);
  for (let r = 0, i = 0; r < rows; r++)
    for (let j = 0; j < cols; j++, i++) known[j] += +(data[i] >= 0);
  return known;
}

/** Known positive cells per label (unweighted). @internal */
export function positivesPerLabel(truth: DenseMatrix<Int8Array>): Int32Array {
  const { rows, cols, data } = truth;
  const positives = new Int32Array(cols);
  for (let r = 0, i = 0; r < rows; r++)
    for (let j = 0; j < cols; j++, i++) positives[j] += +(data[i] === 1);
  return positives;
}

function allMissing(): MultilabelError {
  return new MultilabelError(
    'EMPTY_INPUT',
    '`yTrue` has no known label cell (every cell is missing or every row weight is 0); there is nothing to score.',
  );
}

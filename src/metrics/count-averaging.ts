import { MultilabelError } from '../core/errors.js';
import { type ConfusionCounts, FN, FP, TN, TP } from './confusion-counts.js';
import { type Average, assertPositiveTotal } from './inputs.js';

/**
 * Averaging of count metrics over labels or rows, with scikit-learn's rules.
 *
 * @internal
 * @module
 */

/** A count metric as a function of one block of confusion counts. @internal */
export type CountScore = (tn: number, fp: number, fn: number, tp: number) => number;

/** The metric of every label. @internal */
function labelValues(counts: ConfusionCounts, score: CountScore): Float64Array {
  const { perLabel, labels } = counts;
  const out = new Float64Array(labels);
  for (let j = 0; j < labels; j++) {
    const o = j << 2;
    out[j] = score(perLabel[o + TN], perLabel[o + FP], perLabel[o + FN], perLabel[o + TP]);
  }
  return out;
}

/** The metric of the pooled counts of every label. @internal */
function microValue(counts: ConfusionCounts, score: CountScore): number {
  const { perLabel } = counts;
  let tn = 0;
  let fp = 0;
  let fn = 0;
  let tp = 0;
  for (let o = 0; o < perLabel.length; o += 4) {
    tn += perLabel[o + TN];
    fp += perLabel[o + FP];
    fn += perLabel[o + FN];
    tp += perLabel[o + TP];
  }
  return score(tn, fp, fn, tp);
}

/** Each label's support: its (sample-weighted) true positives plus false negatives. @internal */
export function labelSupport(counts: ConfusionCounts): Float64Array {
  const { perLabel, labels } = counts;
  const out = new Float64Array(labels);
  for (let j = 0; j < labels; j++) out[j] = perLabel[(j << 2) + TP] + perLabel[(j << 2) + FN];
  return out;
}

/**
 * The metric of every row that has at least one known cell, with the rows' weights: what
 * `average: 'samples'` averages. Rows whose cells are all missing are left out.
 *
 * @internal
 */
function rowValues(
  counts: ConfusionCounts,
  score: CountScore,
  sampleWeight: Float64Array | undefined,
): { values: Float64Array; weights: Float64Array | undefined } {
  const perRow = counts.perRow;
  if (perRow === undefined) throw new Error('rowValues needs per-row counts');
  const values = new Float64Array(counts.rows);
  const weights = sampleWeight === undefined ? undefined : new Float64Array(counts.rows);
  let n = 0;
  for (let r = 0; r < counts.rows; r++) {
    const o = r << 2;
    const tn = perRow[o + TN];
    const fp = perRow[o + FP];
    const fn = perRow[o + FN];
    const tp = perRow[o + TP];
    if (tn + fp + fn + tp === 0) continue;
    values[n] = score(tn, fp, fn, tp);
    if (weights !== undefined && sampleWeight !== undefined) weights[n] = sampleWeight[r];
    n++;
  }
  return { values: values.subarray(0, n), weights: weights?.subarray(0, n) };
}

/**
 * The (weighted) mean of `values`, as `np.average` computes it; with `nanMode`, as
 * scikit-learn's `_nanaverage`: NaN entries are left out, a mean of no defined entry is NaN,
 * and weights that sum to zero over the defined entries fall back to the plain mean.
 * Without `nanMode`, weights summing to zero throw (scikit-learn raises `ZeroDivisionError`).
 *
 * @internal
 */
export function meanOf(
  values: Float64Array,
  weights: Float64Array | undefined,
  nanMode: boolean,
  what: string,
): number {
  if (values.length === 0) {
    throw new MultilabelError(
      'UNDEFINED_METRIC',
      `The ${what} is undefined: every cell it would average is missing. Pass at least one known (0 or 1) label.`,
    );
  }
  let sum = 0;
  let total = 0;
  let plainSum = 0;
  let defined = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (nanMode && Number.isNaN(v)) continue;
    const w = weights === undefined ? 1 : weights[i];
    sum += v * w;
    total += w;
    plainSum += v;
    defined++;
  }
  if (nanMode) {
    if (defined === 0) return Number.NaN;
    return total === 0 ? plainSum / defined : sum / total;
  }
  if (weights !== undefined) assertPositiveTotal(total, what);
  return sum / total;
}

/** Options of {@link averageCountMetric}. @internal */
export interface CountAverageOptions {
  readonly sampleWeight: Float64Array | undefined;
  /** `zeroDivision: 'nan'`: NaN values are left out of averages. */
  readonly nanMode: boolean;
  /** The metric's name, for error messages. */
  readonly what: string;
}

/**
 * Averages a count metric. `'weighted'` weights labels by their support and falls back to the
 * plain mean when every support is zero (scikit-learn's `jaccard_score` rule).
 *
 * @internal
 */
export function averageCountMetric(
  counts: ConfusionCounts,
  average: Average,
  score: CountScore,
  options: CountAverageOptions,
): number | Float64Array {
  const { nanMode, what } = options;
  switch (average) {
    case 'none':
      return labelValues(counts, score);
    case 'micro':
      return microValue(counts, score);
    case 'macro':
      return meanOf(labelValues(counts, score), undefined, nanMode, what);
    case 'weighted': {
      const support = labelSupport(counts);
      const anySupport = support.some((s) => s !== 0);
      return meanOf(labelValues(counts, score), anySupport ? support : undefined, nanMode, what);
    }
    case 'samples': {
      const { values, weights } = rowValues(counts, score, options.sampleWeight);
      return meanOf(values, weights, nanMode, what);
    }
  }
}

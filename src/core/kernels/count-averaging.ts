import { MultilabelError } from '../errors.js';
import { type ConfusionCounts, FN, FP, TN, TP } from './confusion-counts.js';

/**
 * Averaging of count metrics over labels or rows, with scikit-learn's rules: the one kernel
 * behind the count metrics, `MultilabelMetrics` and the threshold objectives.
 *
 * @internal
 * @module
 */

/**
 * A count metric as a function of one block of confusion counts, in the library's one count
 * order: scikit-learn's `tn, fp, fn, tp = confusion_matrix(...).ravel()`, which is also the
 * layout of {@link ConfusionCounts}.
 *
 * @internal
 */
export type CountScore = (tn: number, fp: number, fn: number, tp: number) => number;

/** How {@link averageCountMetric} combines the values: scikit-learn's `average` values. @internal */
export type CountAverage = 'micro' | 'macro' | 'weighted' | 'samples' | 'none';

/** Throws when the weights that take part in an average sum to zero (scikit-learn raises too). @internal */
export function assertPositiveTotal(total: number, what: string): void {
  if (!(total > 0)) {
    throw new MultilabelError(
      'UNDEFINED_METRIC',
      `The ${what} is undefined: no row with a known label has a positive \`sampleWeight\`. Give at least one such row a positive weight (and check for rows whose labels are all missing).`,
    );
  }
}

/** The metric of every label; with `knownCells`, only of the labels that have a known cell. @internal */
function labelValues(
  counts: ConfusionCounts,
  score: CountScore,
  knownCells: ArrayLike<number> | undefined,
): Float64Array {
  const { perLabel, labels } = counts;
  const out = new Float64Array(labels);
  let n = 0;
  for (let j = 0; j < labels; j++) {
    if (knownCells !== undefined && knownCells[j] === 0) continue;
    const o = j << 2;
    out[n++] = score(perLabel[o + TN], perLabel[o + FP], perLabel[o + FN], perLabel[o + TP]);
  }
  return n === labels ? out : out.subarray(0, n);
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
 * Calls `visit(r, tn, fp, fn, tp)` for every row `r` with at least one known cell, from the
 * per-row counts (4 per row, in the {@link ConfusionCounts} layout): the rows that
 * `average: 'samples'` averages, for the array metrics and the streaming row means alike.
 *
 * @internal
 */
export function forEachKnownRow(
  perRow: Int32Array,
  visit: (r: number, tn: number, fp: number, fn: number, tp: number) => void,
): void {
  const rows = perRow.length >> 2;
  for (let r = 0; r < rows; r++) {
    const o = r << 2;
    const tn = perRow[o + TN];
    const fp = perRow[o + FP];
    const fn = perRow[o + FN];
    const tp = perRow[o + TP];
    if (tn + fp + fn + tp !== 0) visit(r, tn, fp, fn, tp);
  }
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
  forEachKnownRow(perRow, (r, tn, fp, fn, tp) => {
    values[n] = score(tn, fp, fn, tp);
    if (weights !== undefined && sampleWeight !== undefined) weights[n] = sampleWeight[r];
    n++;
  });
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
  undefinedError?: () => MultilabelError,
): number {
  if (values.length === 0) {
    if (undefinedError !== undefined) throw undefinedError();
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
  if (weights !== undefined) {
    if (undefinedError !== undefined && !(total > 0)) throw undefinedError();
    assertPositiveTotal(total, what);
  }
  return sum / total;
}

/** Options of {@link averageCountMetric}. @internal */
export interface CountAverageOptions {
  readonly sampleWeight: Float64Array | undefined;
  /** `zeroDivision: 'nan'`: NaN values are left out of averages. */
  readonly nanMode: boolean;
  /** The metric's name, for error messages. */
  readonly what: string;
  /**
   * Known (not missing) cells per label. When given, labels without a known cell are left out
   * of the label averages (`'macro'`, `'weighted'`) and of `'none'` (the threshold objectives'
   * rule); scikit-learn's metrics keep every label.
   */
  readonly knownCells?: ArrayLike<number> | undefined;
  /** The error an undefined average throws instead of the metric's `UNDEFINED_METRIC`. */
  readonly undefinedError?: (() => MultilabelError) | undefined;
}

/**
 * Averages a count metric. `'weighted'` weights labels by their support and falls back to the
 * plain mean when every support is zero (scikit-learn's `jaccard_score` rule).
 *
 * @internal
 */
export function averageCountMetric(
  counts: ConfusionCounts,
  average: CountAverage,
  score: CountScore,
  options: CountAverageOptions,
): number | Float64Array {
  const { nanMode, what, knownCells, undefinedError } = options;
  switch (average) {
    case 'none':
      return labelValues(counts, score, knownCells);
    case 'micro':
      return microValue(counts, score);
    case 'macro':
      return meanOf(
        labelValues(counts, score, knownCells),
        undefined,
        nanMode,
        what,
        undefinedError,
      );
    case 'weighted': {
      const support = labelSupport(counts);
      if (knownCells !== undefined) support.set(support.filter((_, j) => knownCells[j] !== 0));
      const values = labelValues(counts, score, knownCells);
      const used = support.subarray(0, values.length);
      const anySupport = used.some((s) => s !== 0);
      return meanOf(values, anySupport ? used : undefined, nanMode, what, undefinedError);
    }
    case 'samples': {
      const { values, weights } = rowValues(counts, score, options.sampleWeight);
      return meanOf(values, weights, nanMode, what, undefinedError);
    }
  }
}

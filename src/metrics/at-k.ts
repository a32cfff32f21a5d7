import { TopK } from '../core/kernels/top-k.js';
import type { LabelMatrix, ScoreMatrix } from '../core/matrix.js';
import { named } from '../core/named.js';
import type { SparseLabelMatrix } from '../core/sparse-label-matrix.js';
import type { TopKPredictions } from '../core/top-k-predictions.js';
import { checkInteger } from '../core/validate.js';
import type { SampleOptions } from './options.js';
import { rowAverage } from './row-average.js';
import { readTopKInputs, type TopKRows } from './top-k-rows.js';
import { meanOverRows, topKSums } from './top-k-sums.js';

/**
 * Options of the top-k metrics ({@link precisionAtK}, {@link recallAtK}, {@link ndcgAtK}).
 *
 * @expand
 * @category Options
 * @example
 * ```ts
 * import { precisionAtK, type TopKOptions } from 'tfjs-multilabel/metrics';
 *
 * const options: TopKOptions = { k: 2 };
 * console.log(precisionAtK([[1, 0, 1]], [[0.9, 0.8, 0.1]], options)); // 0.5
 * ```
 */
export interface TopKOptions extends SampleOptions {
  /** How many top-scored labels count, an integer from 1 to the number of labels. */
  k: number;
}

/** Reads `k` (1 <= k <= labels). @internal */
export function readK(value: unknown, cols: number): number {
  return checkInteger(value, 'k', { min: 1, max: cols });
}

/** Runs `value(top)` for every row with a known label, averaged with the row weights. @internal */
export function averageTopK(
  rows: TopKRows,
  sampleWeight: Float64Array | undefined,
  k: number,
  value: (top: TopK) => number,
  what: string,
): number {
  const top = new TopK(k);
  return rowAverage(
    rows.rows,
    sampleWeight,
    (r) => (rows.load(r, top) ? value(top) : undefined),
    what,
  );
}

/**
 * The signature of the top-k metrics ({@link precisionAtK}, {@link recallAtK},
 * {@link ndcgAtK}). Each is a `const` of this type that keeps its own TSDoc (tagged
 * `@function`, so the API site shows it as a function with this signature).
 *
 * @internal
 */
export type TopKMetric = (
  yTrue: LabelMatrix | SparseLabelMatrix,
  yScore: ScoreMatrix | TopKPredictions,
  options: TopKOptions,
) => number;

/**
 * Makes a top-k metric: it reads the inputs and `k`, sums the rows' top `k` labels
 * ({@link topKSums}, the last cut alone) and returns the mean of the `sum` it names. `where` is
 * the metric's name (in its errors, and as the function's `name`), `what` names the value in
 * its errors.
 */
function topKMetric(where: string, sum: 'precision' | 'recall' | 'ndcg', what: string): TopKMetric {
  const metric: TopKMetric = (yTrue, yScore, options) => {
    const { rows, sampleWeight } = readTopKInputs(yTrue, yScore, options, ['k'], where);
    const k = readK(options.k, rows.cols);
    const sums = topKSums(rows, sampleWeight, k, { allCuts: false, ndcg: sum === 'ndcg' });
    return meanOverRows(sums[sum][k - 1], sums.total, what);
  };
  return named(where, metric);
}

/**
 * Precision at k, the extreme-classification metric: for each row, the fraction of its `k`
 * top-scored labels that are true, averaged over rows (the denominator is always `k`, as in
 * pyxclib; rows with no true label score 0 and count). Higher is better. Ties at the cut are
 * broken by the lower label index.
 *
 * Missing labels (`ignoreIndex`): missing cells are dropped from their row before ranking (a
 * row with fewer than `k` known labels still divides by `k`); a row with no known cell is
 * left out.
 *
 * @summary P@k: the fraction of each row's `k` top-scored labels that are true.
 * @category Top-k metrics
 * @param yTrue True labels, 0/1 (and, with `ignoreIndex`, that marker or NaN for a missing label), one row per sample, or a {@link SparseLabelMatrix}.
 * @param yScore Scores, the same shape, or {@link TopKPredictions} listing at least `k` labels per row.
 * @param options `k` (required), `sampleWeight`, `ignoreIndex`.
 * @returns The mean P@k in [0, 1].
 * @throws {@link MultilabelError} on a shape mismatch, non-binary labels, NaN or infinite
 * scores, empty input, `k` out of range, or weights that sum to zero.
 * @example
 * ```ts
 * import { precisionAtK } from 'tfjs-multilabel/metrics';
 *
 * console.log(precisionAtK([[1, 0, 1, 0], [0, 1, 0, 0]], [[0.9, 0.8, 0.7, 0.1], [0.1, 0.9, 0.2, 0.3]], { k: 2 })); // 0.5
 * ```
 * @function
 */
export const precisionAtK = /* @__PURE__ */ topKMetric(
  'precisionAtK',
  'precision',
  'precision at k',
);

/**
 * Recall at k: for each row, the fraction of its true labels found among its `k` top-scored
 * labels, averaged over rows; a row with no true label scores 0 (pyxclib's convention). Higher
 * is better. Ties at the cut are broken by the lower label index.
 *
 * Missing labels (`ignoreIndex`): as {@link precisionAtK}.
 *
 * @summary R@k: the fraction of each row's true labels among its `k` top-scored ones.
 * @category Top-k metrics
 * @param yTrue True labels, 0/1 (and, with `ignoreIndex`, that marker or NaN for a missing label), one row per sample, or a {@link SparseLabelMatrix}.
 * @param yScore Scores, the same shape, or {@link TopKPredictions} listing at least `k` labels per row.
 * @param options `k` (required), `sampleWeight`, `ignoreIndex`.
 * @returns The mean R@k in [0, 1].
 * @throws {@link MultilabelError} as {@link precisionAtK}.
 * @example
 * ```ts
 * import { recallAtK } from 'tfjs-multilabel/metrics';
 *
 * console.log(recallAtK([[1, 0, 1, 1]], [[0.9, 0.8, 0.7, 0.1]], { k: 2 }).toFixed(4)); // '0.3333'
 * ```
 * @function
 */
export const recallAtK = /* @__PURE__ */ topKMetric('recallAtK', 'recall', 'recall at k');

/**
 * nDCG at k with binary gains: for each row, DCG@k = sum over the top `k` labels of
 * y / log2(rank + 1), divided by the DCG of an ideal ranking, sum_{r <= min(k, |y|)}
 * 1 / log2(r + 1); a row with no true label scores 0. Averaged over rows. Higher is better.
 * Ties are broken by the lower label index (pyxclib's definition); {@link ndcgScore} averages
 * over ties instead, as scikit-learn, and equals this without ties.
 *
 * Missing labels (`ignoreIndex`): as {@link precisionAtK}.
 *
 * @summary nDCG@k with binary gains, ties broken by label index (pyxclib).
 * @category Top-k metrics
 * @param yTrue True labels, 0/1 (and, with `ignoreIndex`, that marker or NaN for a missing label), one row per sample, or a {@link SparseLabelMatrix}.
 * @param yScore Scores, the same shape, or {@link TopKPredictions} listing at least `k` labels per row.
 * @param options `k` (required), `sampleWeight`, `ignoreIndex`.
 * @returns The mean nDCG@k in [0, 1].
 * @throws {@link MultilabelError} as {@link precisionAtK}.
 * @example
 * ```ts
 * import { ndcgAtK } from 'tfjs-multilabel/metrics';
 *
 * // The true label ranks 2nd: (1 / log2(3)) / 1.
 * console.log(ndcgAtK([[0, 1, 0]], [[0.9, 0.8, 0.1]], { k: 2 }).toFixed(4)); // '0.6309'
 * ```
 * @function
 */
export const ndcgAtK = /* @__PURE__ */ topKMetric('ndcgAtK', 'ndcg', 'nDCG at k');

import { rankedRowMetric } from './row-average.js';
import type { RowRanker } from './row-ranking.js';

/**
 * Label ranking average precision (scikit-learn's `label_ranking_average_precision_score`;
 * "average precision" in Zhang & Zhou's review): for each row, the mean over its true labels
 * `j` of (true labels scoring `>= s_j`) / (labels scoring `>= s_j`), averaged over rows. Ties
 * count against the ranking. Higher is better; 1 is perfect.
 *
 * As scikit-learn, a row with no true label or with every label true scores 1 (its ranking
 * has no meaning). It equals the mean per-row average precision over rows with both classes.
 *
 * Missing labels (`ignoreIndex`): missing cells are dropped from their row; a row with no
 * known cell is left out.
 *
 * @summary LRAP: per row, the mean precision at each true label's rank.
 * @category Ranking metrics
 * @param yTrue True labels, 0/1 (and, with `ignoreIndex`, that marker or NaN for a missing label), one row per sample.
 * @param yScore Scores (only their order within a row matters), the same shape.
 * @param options `sampleWeight`, `ignoreIndex`.
 * @returns The score in (0, 1].
 * @throws {@link MultilabelError} on a shape mismatch, non-binary labels, NaN or infinite
 * scores, empty input, or weights that sum to zero.
 * @example
 * ```ts
 * import { labelRankingAveragePrecision } from 'tfjs-multilabel/metrics';
 *
 * // Row 1: the true label ranks 2nd (1/2); row 2: it ranks 3rd (1/3).
 * const yTrue = [[1, 0, 0], [0, 0, 1]];
 * const yScore = [[0.75, 0.5, 1], [1, 0.2, 0.1]];
 * console.log(labelRankingAveragePrecision(yTrue, yScore)); // 0.41666666666666663
 * ```
 * @function
 */
export const labelRankingAveragePrecision = /* @__PURE__ */ rankedRowMetric(
  'labelRankingAveragePrecision',
  'label ranking average precision',
  (ranker, truth, scores, base, cols) => {
    ranker.load(truth, scores, base, cols, false);
    return rowLabelRankingAveragePrecision(ranker);
  },
);

/** LRAP of the row loaded in `ranker` (1 with a single class), or undefined with no known cell. @internal */
export function rowLabelRankingAveragePrecision(ranker: RowRanker): number | undefined {
  if (ranker.positives + ranker.negatives === 0) return undefined;
  if (ranker.positives === 0 || ranker.negatives === 0) return 1;
  return ranker.averagePrecision();
}

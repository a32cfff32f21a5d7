import { rankedRowMetric } from './row-average.js';
import type { RowRanker } from './row-ranking.js';

/**
 * Ranking loss (scikit-learn's `label_ranking_loss`): for each row, the fraction of (true,
 * false) label pairs that are ordered wrongly, a tie counting as wrong (s_true <= s_false),
 * averaged over rows. Lower is better; 0 is perfect. A row with no true label or with every
 * label true scores 0.
 *
 * Missing labels (`ignoreIndex`): missing cells are dropped from their row; a row with no
 * known cell is left out.
 *
 * @summary The fraction of (true, false) label pairs ordered wrongly. Lower is better.
 * @category Ranking metrics
 * @param yTrue True labels, 0/1 (and, with `ignoreIndex`, that marker or NaN for a missing label), one row per sample.
 * @param yScore Scores (only their order within a row matters), the same shape.
 * @param options `sampleWeight`, `ignoreIndex`.
 * @returns The loss in [0, 1].
 * @throws {@link MultilabelError} on a shape mismatch, non-binary labels, NaN or infinite
 * scores, empty input, or weights that sum to zero.
 * @example
 * ```ts
 * import { labelRankingLoss } from 'tfjs-multilabel/metrics';
 *
 * // Row 1: the true label is beaten by 1 of 2 false labels; row 2: by both.
 * console.log(labelRankingLoss([[1, 0, 0], [0, 0, 1]], [[0.75, 0.5, 1], [1, 0.2, 0.1]])); // 0.75
 * ```
 * @function
 */
export const labelRankingLoss = /* @__PURE__ */ rankedRowMetric(
  'labelRankingLoss',
  'label ranking loss',
  (ranker, truth, scores, base, cols) => {
    // Without sorting the row (see RowRanker.countMisorderedPairs).
    const pairs = ranker.countMisorderedPairs(truth, scores, base, cols);
    return rankingLossOf(pairs, ranker.positives, ranker.negatives);
  },
);

/** Ranking loss of the row loaded in `ranker` (0 with a single class), or undefined with no known cell. @internal */
export function rowLabelRankingLoss(ranker: RowRanker): number | undefined {
  return rankingLossOf(ranker.misorderedPairs(), ranker.positives, ranker.negatives);
}

/** Ranking loss of a row of `pairs` misordered pairs (0 with a single class; undefined with no known cell). */
function rankingLossOf(pairs: number, positives: number, negatives: number): number | undefined {
  if (positives + negatives === 0) return undefined;
  if (positives === 0 || negatives === 0) return 0;
  return pairs / (positives * negatives);
}

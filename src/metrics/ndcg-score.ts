import { firstAtLeast } from '../core/kernels/sorted-search.js';
import type { FloatArray } from '../core/matrix.js';
import { checkBoolean, checkInteger } from '../core/validate.js';
import type { SampleOptions } from './options.js';
import { readRankingInputs } from './ranking-inputs.js';
import { type RowRankingMetric, rowAverage } from './row-average.js';
import { RowRanker } from './row-ranking.js';

/**
 * Options of {@link ndcgScore}.
 *
 * @expand
 * @category Options
 * @example
 * ```ts
 * import { ndcgScore, type NdcgOptions } from 'tfjs-multilabel/metrics';
 *
 * const options: NdcgOptions = { k: 1 };
 * // Two labels tie at the top: the tie-averaged gain of position 1 is 1/2.
 * console.log(ndcgScore([[1, 0, 0]], [[0.5, 0.5, 0.1]], options)); // 0.5
 * ```
 */
export interface NdcgOptions extends SampleOptions {
  /**
   * Only the top `k` positions count (an integer >= 1).
   *
   * @defaultValue none: every position counts
   */
  k?: number;
  /**
   * Rank tied scores by label index (lower first) instead of averaging their gains. scikit-learn's
   * `ignore_ties=True` leaves the order of ties unspecified, so the two agree only when no scores
   * tie.
   *
   * @defaultValue `false`
   */
  ignoreTies?: boolean;
}

/**
 * Normalised discounted cumulative gain (scikit-learn's `ndcg_score` with binary relevance):
 * per row, DCG = sum over ranks r (from 0) of gain / log2(r + 2), truncated at `k`, divided
 * by the DCG of the ideal ranking; averaged over rows. Tied scores share the mean gain of
 * their positions (McSherry & Najork 2008), unless `ignoreTies`. Higher is better; a row with
 * no true label scores 0 (unlike LRAP, where it scores 1).
 *
 * Missing labels (`ignoreIndex`): missing cells are dropped from their row before ranking; a
 * row with no known cell is left out.
 *
 * @summary Normalised discounted cumulative gain, ties averaged (scikit-learn).
 * @category Ranking metrics
 * @param yTrue True labels, 0/1 (and, with `ignoreIndex`, that marker or NaN for a missing label), one row per sample.
 * (scikit-learn also accepts graded relevance; this library's labels are binary.)
 * @param yScore Scores, the same shape.
 * @param options `k`, `ignoreTies`, `sampleWeight`, `ignoreIndex`.
 * @returns The mean nDCG in [0, 1].
 * @throws {@link MultilabelError} on a shape mismatch, non-binary labels, NaN or infinite
 * scores, empty input, `k < 1`, or weights that sum to zero.
 * @example
 * ```ts
 * import { ndcgScore } from 'tfjs-multilabel/metrics';
 *
 * // The true label ranks 2nd of 3: 1 / log2(3).
 * console.log(ndcgScore([[0, 1, 0]], [[0.9, 0.5, 0.1]]).toFixed(4)); // '0.6309'
 * ```
 * @function
 */
export const ndcgScore: RowRankingMetric<NdcgOptions> = (yTrue, yScore, options = {}) => {
  const { truth, scores, sampleWeight } = readRankingInputs(
    yTrue,
    yScore,
    options,
    ['k', 'ignoreTies'],
    'ndcgScore',
  );
  const { cols } = truth;
  const k =
    options.k === undefined ? cols : Math.min(cols, checkInteger(options.k, 'k', { min: 1 }));
  const ignoreTies = checkBoolean(options.ignoreTies, 'ignoreTies', false);
  const scorer = new NdcgRowScorer(cols, k, ignoreTies);
  const ranker = new RowRanker();
  return rowAverage(
    truth.rows,
    sampleWeight,
    (r) => scorer.score(ranker, truth.data, scores.data, r * cols),
    'nDCG',
  );
};

/** The nDCG of one row at a time, with the discount table of `k` built once. @internal */
export class NdcgRowScorer {
  /** cumulative[p] = sum of the discounts of positions 0..p-1; positions from k on discount 0. */
  private readonly cumulative: Float64Array;
  /**
   * With `ignoreTies`, per tie group of positives (at the index of its first positive): the
   * position where its block of tied labels starts (-1 when no negative ties with it), and the
   * labels of the block placed so far.
   */
  private blockStart = new Int32Array(0);
  private blockPlaced = new Int32Array(0);

  constructor(
    private readonly cols: number,
    k: number,
    private readonly ignoreTies: boolean,
  ) {
    this.cumulative = new Float64Array(cols + 1);
    for (let p = 0; p < cols; p++) {
      this.cumulative[p + 1] =
        this.cumulative[p] + (p < k ? 1 / (Math.log(p + 2) / Math.log(2)) : 0);
    }
  }

  /** nDCG of the row starting at `base` (loads it into `ranker`), or undefined with no known cell. */
  score(ranker: RowRanker, t: Int8Array, s: FloatArray, base: number): number | undefined {
    const { cols, cumulative, ignoreTies } = this;
    ranker.load(t, s, base, cols, true);
    const { positives, negatives } = ranker;
    if (positives + negatives === 0) return undefined;
    if (positives === 0) return 0;
    // Every known label true: any order is ideal.
    if (negatives === 0) return 1;
    const pos = ranker.positiveScores;
    if (ignoreTies && this.blockStart.length < positives) {
      this.blockStart = new Int32Array(cols);
      this.blockPlaced = new Int32Array(cols);
    }
    let dcg = 0;
    let tiedBlocks = false;
    // One tie group of positives (equal scores) at a time, in ascending score order.
    for (let start = 0; start < positives; ) {
      let end = start + 1;
      while (end < positives && pos[end] === pos[start]) end++;
      const group = end - start;
      const negativesAbove = ranker.negativesAbove[start];
      const negativesTied = ranker.negativesAtLeast[start] - negativesAbove;
      const above = positives - end + negativesAbove;
      if (!ignoreTies) {
        // The tied labels share the mean gain of the positions they occupy.
        const tied = group + negativesTied;
        dcg += (group * (cumulative[above + tied] - cumulative[above])) / tied;
      } else if (negativesTied === 0) {
        this.blockStart[start] = -1;
        dcg += cumulative[above + group] - cumulative[above];
      } else {
        // Tied labels rank by index: the positives' places in the block are found below.
        this.blockStart[start] = above;
        this.blockPlaced[start] = 0;
        tiedBlocks = true;
      }
      start = end;
    }
    if (tiedBlocks) dcg += this.tiedBlockGains(t, s, base, pos, positives);
    return dcg / cumulative[positives];
  }

  /**
   * With `ignoreTies`: the gains of the positives in tie blocks that hold negatives too, where
   * labels rank by index. One pass over the row in index order finds each label's block by
   * binary search among the sorted positives: O(L log |Y|), however many blocks there are.
   */
  private tiedBlockGains(
    t: Int8Array,
    s: FloatArray,
    base: number,
    pos: Float64Array,
    positives: number,
  ): number {
    const { cols, cumulative, blockStart, blockPlaced } = this;
    let gain = 0;
    for (let j = base; j < base + cols; j++) {
      if (t[j] < 0) continue;
      const v = s[j];
      // The first positive scoring >= v: the start of v's group when a positive scores v.
      const lo = firstAtLeast(pos, v, 0, positives);
      if (lo === positives || pos[lo] !== v || blockStart[lo] < 0) continue;
      const at = blockStart[lo] + blockPlaced[lo]++;
      if (t[j] === 1) gain += cumulative[at + 1] - cumulative[at];
    }
    return gain;
  }
}

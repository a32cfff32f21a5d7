import { ldexp } from '../core/weights.js';

/**
 * Fixed-memory average precision and ROC AUC for {@link MultilabelMetrics} with `bins`: per
 * label, the (weighted) positives and negatives of each of `bins` equal-width probability bins
 * over [0, 1]. Scores in one bin count as tied, which is the only source of error, and each
 * value comes with a bound on that error computed from the same bins:
 *
 * - ROC AUC: a positive/negative pair in different bins is ordered exactly; a pair in one bin
 *   earns 1/2 instead of 0, 1/2 or 1. So |binned - exact| <= (1/2) sum_b pos_b neg_b / (P N).
 * - Average precision: inside bin b, with TP0 and FP0 the weights above it, every exact
 *   precision the bin contributes lies in [TP0 / (TP0 + FP0 + neg_b), (TP0 + pos_b) /
 *   (TP0 + pos_b + FP0)], and so does the binned one; the bin's share of recall is pos_b / P.
 *   So |binned - exact| <= sum_b (pos_b / P) (upper_b - lower_b).
 *
 * @internal
 * @module
 */

/** Per-label histograms of probabilities by class. @internal */
export class BinnedScores {
  /** Weighted positives of label j in bin b at `j * bins + b`. */
  readonly positives: Float64Array;
  /** Weighted negatives, same layout. */
  readonly negatives: Float64Array;

  constructor(
    readonly labels: number,
    readonly bins: number,
  ) {
    this.positives = new Float64Array(labels * bins);
    this.negatives = new Float64Array(labels * bins);
  }

  /** The bin of a probability in [0, 1]. */
  binOf(p: number): number {
    const b = Math.floor(p * this.bins);
    return b < this.bins ? b : this.bins - 1;
  }

  /**
   * Adds the histograms of `other` (same labels and bins), times `2^shift` (weights kept in
   * another unit).
   */
  merge(other: BinnedScores, shift = 0): void {
    for (let i = 0; i < this.positives.length; i++) {
      this.positives[i] += ldexp(other.positives[i], shift);
      this.negatives[i] += ldexp(other.negatives[i], shift);
    }
  }

  /** Multiplies every bin by `2^shift` (a change of the weights' unit). */
  rescale(shift: number): void {
    for (let i = 0; i < this.positives.length; i++) {
      this.positives[i] = ldexp(this.positives[i], shift);
      this.negatives[i] = ldexp(this.negatives[i], shift);
    }
  }

  /** Clears every bin. */
  reset(): void {
    this.positives.fill(0);
    this.negatives.fill(0);
  }
}

/** A binned value and its error bound. @internal */
export interface BinnedValue {
  value: number;
  bound: number;
}

/** One label's bins (or the pooled bins): `bins` entries of each histogram from `offset`. @internal */
export interface BinRun {
  readonly positives: Float64Array;
  readonly negatives: Float64Array;
  readonly offset: number;
  readonly bins: number;
}

/**
 * Average precision and ROC AUC of one binned problem, each with its error bound; the bins
 * are summed once for both.
 *
 * @internal
 */
export function binnedRanking(run: BinRun): { ap: BinnedValue; auc: BinnedValue } {
  const { positives, negatives, offset, bins } = run;
  let totalPositive = 0;
  let totalNegative = 0;
  for (let b = offset; b < offset + bins; b++) {
    totalPositive += positives[b];
    totalNegative += negatives[b];
  }
  return {
    ap: binnedAveragePrecision(run, totalPositive, totalNegative),
    auc: binnedRocAuc(run, totalPositive, totalNegative),
  };
}

/**
 * Average precision of one binned problem with tie groups = bins, highest first. 0 without
 * positives (exact: nothing to rank), NaN when nothing has a positive weight.
 */
function binnedAveragePrecision(run: BinRun, total: number, totalNegative: number): BinnedValue {
  const { positives, negatives, offset, bins } = run;
  // Nothing of positive weight (the weights are >= 0): undefined (the exact curve is empty).
  if (total === 0 && totalNegative === 0) return { value: Number.NaN, bound: Number.NaN };
  if (total === 0) return { value: 0, bound: 0 };
  let tp = 0;
  let fp = 0;
  let value = 0;
  let bound = 0;
  let previousRecall = 0;
  for (let b = offset + bins - 1; b >= offset; b--) {
    const pos = positives[b];
    const neg = negatives[b];
    if (pos > 0) {
      // With no negative at or above the bin, every precision in it is 1.
      const lower = fp + neg === 0 ? 1 : tp / (tp + fp + neg);
      const upper = (tp + pos) / (tp + pos + fp);
      bound += (pos / total) * (upper - lower);
    }
    tp += pos;
    fp += neg;
    if (pos > 0) {
      const recall = tp / total;
      value += (recall - previousRecall) * (tp / (tp + fp));
      previousRecall = recall;
    }
  }
  return { value, bound: Math.min(bound, 1) };
}

/**
 * ROC AUC of one binned problem as the weighted Mann-Whitney statistic, pairs in one bin
 * counting 1/2; NaN when a class has no weight.
 */
function binnedRocAuc(run: BinRun, totalPositive: number, totalNegative: number): BinnedValue {
  const { positives, negatives, offset, bins } = run;
  if (!(totalPositive > 0) || !(totalNegative > 0)) return { value: Number.NaN, bound: Number.NaN };
  let below = 0;
  let u = 0;
  let tied = 0;
  for (let b = offset; b < offset + bins; b++) {
    u += positives[b] * (below + negatives[b] / 2);
    tied += positives[b] * negatives[b];
    below += negatives[b];
  }
  const pairs = totalPositive * totalNegative;
  return { value: u / pairs, bound: tied / 2 / pairs };
}

import type { CountScore } from '../core/kernels/count-averaging.js';

/**
 * The running average of a count metric over groups (the whole matrix for `'micro'`, each label
 * for `'macro'`, each row for `'samples'`) while a sweep predicts one more cell at a time: each
 * cell changes the counts of its group only, so the average is updated in O(1) per cell. The
 * shared threshold search and the learned rank cut both sweep this way: {@link startGroups}
 * scores the groups before the first cell; the per-cell update (rescore the cell's group, add
 * the change of its weighted value to the sum, widen the tie margin) stays written out in each
 * sweep's loop, their hot path, where a shared per-cell function measured slower.
 *
 * `skipZeroWeight` is where the two differ: the shared threshold search leaves a group of weight
 * 0 out entirely (its value is never computed and does not widen the tie margin); the rank cut
 * computes it like any other group (it adds `0 * value` to the sum and its value counts in the
 * tie margin). The shared search's loop skips such a group's cells likewise.
 *
 * @internal
 * @module
 */

/** A group's counts and current value; `tp` and `fp` are what the sweep has predicted so far. @internal */
export interface GroupCounts {
  /** The group's (weighted) positives and negatives. */
  readonly positives: Float64Array;
  readonly negatives: Float64Array;
  /** The group's weight in the average. */
  readonly weight: Float64Array;
  readonly tp: Float64Array;
  readonly fp: Float64Array;
  /** The group's current value (0 for a skipped group). */
  readonly value: Float64Array;
}

/** The weighted sum of the values, the sum of the weights, the largest |value| summed. @internal */
export interface GroupTotals {
  sum: number;
  total: number;
  scale: number;
}

/** New group counts, nothing predicted yet (`tp`, `fp` and `value` zero). @internal */
export function groupCounts(
  positives: Float64Array,
  negatives: Float64Array,
  weight: Float64Array,
): GroupCounts {
  const groups = weight.length;
  const tp = new Float64Array(groups);
  const fp = new Float64Array(groups);
  return { positives, negatives, weight, tp, fp, value: new Float64Array(groups) };
}

/**
 * Scores every group with nothing predicted (into `counts.value`); with `skipZeroWeight`, a
 * group of weight 0 is not scored and does not count in `scale`.
 *
 * @internal
 */
export function startGroups(
  counts: GroupCounts,
  evaluate: CountScore,
  skipZeroWeight: boolean,
): GroupTotals {
  const { positives, negatives, weight, value } = counts;
  const totals: GroupTotals = { sum: 0, total: 0, scale: 0 };
  for (let g = 0; g < weight.length; g++) {
    if (skipZeroWeight && weight[g] === 0) continue;
    const v = evaluate(negatives[g], 0, positives[g], 0);
    value[g] = v;
    totals.sum += weight[g] * v;
    totals.total += weight[g];
    totals.scale = Math.max(totals.scale, Math.abs(v));
  }
  return totals;
}

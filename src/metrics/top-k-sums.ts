import { assertPositiveTotal } from '../core/kernels/count-averaging.js';
import { TopK } from '../core/kernels/top-k.js';
import { sortRun } from '../core/sort.js';
import type { TopKRows } from './top-k-rows.js';

/**
 * The weighted sums over rows behind every top-k metric at every cut `j = 1 .. k`, from one
 * selection of each row's top `k`: the top-`j` of a row is the first `j` of its top `k` (one
 * ranking rule), and each sum adds the same terms in the same order as a metric computed at
 * `j` alone, so a report of all cuts gives exactly the values of the single-cut functions.
 *
 * @internal
 * @module
 */

/** Sums of the propensity-scored metrics at each cut (index `j - 1`). @internal */
export interface PropensitySums {
  /** Sum over rows of `w * gain_j / norm_j`. */
  readonly sum: Float64Array;
  /** The same for the best possible ranking of each row. */
  readonly idealSum: Float64Array;
}

/**
 * Each label group's share of the sums at cut `k` (index: the group): the same terms, hit by
 * hit, of the hits whose label is in the group. @internal
 */
export interface GroupSums {
  readonly precision: Float64Array;
  readonly recall: Float64Array;
  readonly ndcg: Float64Array;
  /** Of the propensity-scored sums (their ideal sums are the whole's). */
  readonly psp: Float64Array | undefined;
  readonly psndcg: Float64Array | undefined;
}

/** What {@link topKSums} computes besides the plain sums. @internal */
export interface TopKSumsOptions {
  /** The inverse propensities (in the caller's unit): adds the propensity-scored sums. */
  readonly inverse?: Float64Array;
  /** Sum every cut from 1 to `k` (a report), or `k` alone (the other entries stay 0). */
  readonly allCuts: boolean;
  /** A group per label (0 .. `groupCount - 1`): adds each group's share at cut `k`. */
  readonly groups?: { readonly of: Int32Array; readonly count: number };
  /**
   * Whether the nDCG sums are wanted (default true). Without them, and without propensities
   * or groups, the rank discounts 1 / log2(rank + 1) are not tabulated: for a `k` in the
   * millions that table costs more than the selection.
   */
  readonly ndcg?: boolean;
}

/** Sums of every top-k metric at each cut `j` (index `j - 1`). @internal */
export interface TopKSums {
  /** Weight of the rows with a known label (the denominator of the plain metrics). */
  total: number;
  /** Sum of `w * hits_j / j`. */
  readonly precision: Float64Array;
  /** Sum of `w * hits_j / |y|` (0 for a row without a true label). */
  readonly recall: Float64Array;
  /** Sum of `w * DCG_j / idealDCG(min(j, |y|))` (0 for a row without a true label). */
  readonly ndcg: Float64Array;
  /** PSP (norm j), with inverse propensities. */
  readonly psp: PropensitySums | undefined;
  /** PSnDCG (norm idealDCG(min(j, |y|))), with inverse propensities. */
  readonly psndcg: PropensitySums | undefined;
  /** With `groups`: each group's share at cut `k`. */
  readonly byGroup: GroupSums | undefined;
}

/**
 * Zero sums up to cut `k`: with the propensity-scored sums when `propensityScored`, and with
 * `groupCount` groups' shares when given.
 *
 * @internal
 */
export function emptyTopKSums(k: number, propensityScored: boolean, groupCount?: number): TopKSums {
  const propensity = (): PropensitySums | undefined =>
    propensityScored ? { sum: new Float64Array(k), idealSum: new Float64Array(k) } : undefined;
  const shares = (): Float64Array | undefined =>
    propensityScored ? new Float64Array(groupCount as number) : undefined;
  return {
    total: 0,
    precision: new Float64Array(k),
    recall: new Float64Array(k),
    ndcg: new Float64Array(k),
    psp: propensity(),
    psndcg: propensity(),
    byGroup:
      groupCount === undefined
        ? undefined
        : {
            precision: new Float64Array(groupCount),
            recall: new Float64Array(groupCount),
            ndcg: new Float64Array(groupCount),
            psp: shares(),
            psndcg: shares(),
          },
  };
}

/**
 * The {@link TopKSums} of `rows` up to cut `k`, with what `options` asks for, added to `into`
 * (made by {@link emptyTopKSums} with the same `k`, propensities and groups) when given: rows
 * added batch after batch give the sums of one call on all of them, bit for bit (each sum adds
 * the same terms in the same order).
 *
 * @internal
 */
export function topKSums(
  rows: TopKRows,
  sampleWeight: Float64Array | undefined,
  k: number,
  options: TopKSumsOptions,
  into?: TopKSums,
): TopKSums {
  const { inverse, allCuts, groups } = options;
  const sums = into ?? emptyTopKSums(k, inverse !== undefined, groups?.count);
  const ranked = options.ndcg !== false || inverse !== undefined || groups !== undefined;
  // discount[i] = 1 / log2(i + 2) (rank i + 1); ideal[n] = the DCG of n true labels ranked first.
  const discount = new Float64Array(ranked ? k : 0);
  const ideal = new Float64Array(ranked ? k + 1 : 1);
  for (let i = 0; i < discount.length; i++) {
    discount[i] = 1 / Math.log2(i + 2);
    ideal[i + 1] = ideal[i] + discount[i];
  }
  // The first cut summed: every one for a report, the last alone for a single metric.
  const first = allCuts ? 0 : k - 1;
  const top = new TopK(k);
  const positives = new Int32Array(inverse === undefined ? 0 : rows.cols);
  const best = new Float64Array(inverse === undefined ? 0 : rows.cols);
  for (let r = 0; r < rows.rows; r++) {
    if (!rows.load(r, top)) continue;
    const w = sampleWeight === undefined ? 1 : sampleWeight[r];
    sums.total += w;
    const m = top.positives;
    let hits = 0;
    let dcg = 0;
    for (let i = 0; i < k; i++) {
      if (i < top.count && rows.isPositive(top.index[i])) {
        hits++;
        if (ranked) dcg += discount[i];
      }
      if (i < first) continue;
      sums.precision[i] += w * (hits / (i + 1));
      sums.recall[i] += w * (m === 0 ? 0 : hits / m);
      if (ranked) sums.ndcg[i] += w * (m === 0 ? 0 : dcg / ideal[Math.min(i + 1, m)]);
    }
    if (inverse !== undefined && m > 0) {
      addPropensitySums(sums, rows, top, w, inverse, discount, ideal, positives, best, first);
    }
    if (groups !== undefined && m > 0) {
      addGroupSums(sums.byGroup as GroupSums, rows, top, w, inverse, discount, ideal, groups.of);
    }
  }
  return sums;
}

/** Adds the hits of one row (with at least one true label) at cut `k` to their groups' shares. */
function addGroupSums(
  g: GroupSums,
  rows: TopKRows,
  top: TopK,
  w: number,
  inverse: Float64Array | undefined,
  discount: Float64Array,
  ideal: Float64Array,
  groupOf: Int32Array,
): void {
  const { k } = top;
  const m = top.positives;
  const norm = ideal[Math.min(k, m)];
  for (let i = 0; i < top.count; i++) {
    const l = top.index[i];
    if (!rows.isPositive(l)) continue;
    const c = groupOf[l];
    g.precision[c] += w / k;
    g.recall[c] += w / m;
    g.ndcg[c] += (w * discount[i]) / norm;
    if (inverse !== undefined) {
      (g.psp as Float64Array)[c] += (w * inverse[l]) / k;
      (g.psndcg as Float64Array)[c] += (w * inverse[l] * discount[i]) / norm;
    }
  }
}

/** Adds one row (with at least one true label) to the propensity-scored sums. */
function addPropensitySums(
  sums: TopKSums,
  rows: TopKRows,
  top: TopK,
  w: number,
  inverse: Float64Array,
  discount: Float64Array,
  ideal: Float64Array,
  positives: Int32Array,
  best: Float64Array,
  first: number,
): void {
  const psp = sums.psp as PropensitySums;
  const psndcg = sums.psndcg as PropensitySums;
  const k = top.k;
  // The ideal ranking puts the true labels with the largest 1 / p first.
  const n = rows.positiveLabels(positives);
  for (let i = 0; i < n; i++) best[i] = inverse[positives[i]];
  sortRun(best, 0, n);
  let gain = 0;
  let discounted = 0;
  let bestGain = 0;
  let bestDiscounted = 0;
  for (let i = 0; i < k; i++) {
    if (i < top.count) {
      const l = top.index[i];
      if (rows.isPositive(l)) {
        gain += inverse[l];
        discounted += inverse[l] * discount[i];
      }
    }
    if (i < n) {
      bestGain += best[n - 1 - i];
      bestDiscounted += best[n - 1 - i] * discount[i];
    }
    if (i < first) continue;
    psp.sum[i] += (w * gain) / (i + 1);
    psp.idealSum[i] += (w * bestGain) / (i + 1);
    const norm = ideal[Math.min(i + 1, top.positives)];
    psndcg.sum[i] += (w * discounted) / norm;
    psndcg.idealSum[i] += (w * bestDiscounted) / norm;
  }
}

/** A plain top-k metric's mean: `sum / total`, refusing rows of no weight. @internal */
export function meanOverRows(sum: number, total: number, what: string): number {
  assertPositiveTotal(total, what);
  return sum / total;
}

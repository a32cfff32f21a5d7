import { argsort } from '../core/sort.js';
import type { BalanceReport } from './balance-state.js';
import { type BalanceState, EPS } from './balance-state.js';
import type { LabelsetGroups } from './labelset-groups.js';

/**
 * Phase 3 of the balancing pass (`balanceFolds`): swaps of rows between two folds that lower
 * LD + LPD and raise neither, in rounds over every fold pair.
 *
 * @internal
 * @module
 */

/** Largest number of labelset pairs of two folds for which the swap search tries every pair. */
const EXHAUSTIVE_PAIRS = 1024;
/** Otherwise: partners tried per labelset whose move alone helps. @internal */
export const PARTNERS = 24;

/**
 * Completes a swap whose first row already moved from `j` to `h` (its deltas `dlx`, `dpx`)
 * with a row of labelset `b` moving from `h` to `j`: makes the second move and returns the
 * decrease of LD + LPD when the swap lowers it and raises neither, else returns 0.
 */
function trySwap(
  state: BalanceState,
  groups: LabelsetGroups,
  dlx: number,
  dpx: number,
  b: number,
  j: number,
  h: number,
): number {
  const y = groups.member(b, h);
  if (y < 0) return 0;
  if (!state.evaluateList(groups.indices, groups.indptr[b], groups.indptr[b + 1], h, j)) return 0;
  const dl = dlx + state.dLabels;
  const dp = dpx + state.dPairs;
  if (dl > EPS || dp > EPS || dl + dp >= -EPS) return 0;
  state.move(y, j);
  groups.moved(y, h, j);
  return -(dl + dp);
}

/**
 * Offers each labelset of `movers` (in fold `j`) a swap with the labelsets of `partners` (in
 * fold `h`), trying the same labelset again after each swap. Without `exhaustive`, a labelset
 * whose move alone does not help is skipped and at most {@link PARTNERS} partners are tried.
 */
function offerSwaps(
  state: BalanceState,
  groups: LabelsetGroups,
  movers: ArrayLike<number>,
  partners: ArrayLike<number>,
  j: number,
  h: number,
  exhaustive: boolean,
  budget: number,
  report: BalanceReport,
): number {
  let gain = 0;
  for (let m = 0; m < movers.length && state.work < budget; m++) {
    const a = movers[m];
    for (;;) {
      const x = groups.member(a, j);
      if (x < 0) break;
      if (!state.evaluateList(groups.indices, groups.indptr[a], groups.indptr[a + 1], j, h)) break;
      const dlx = state.dLabels;
      const dpx = state.dPairs;
      if (!exhaustive && dlx + dpx >= -EPS) break;
      state.move(x, h);
      let g = 0;
      for (let t = 0, tried = 0; t < partners.length && g === 0; t++) {
        const b = partners[t];
        if (b === a || groups.countIn(b, h) === 0) continue;
        if (!exhaustive && ++tried > PARTNERS) break;
        g = trySwap(state, groups, dlx, dpx, b, j, h);
      }
      if (g === 0) {
        state.move(x, j);
        break;
      }
      groups.moved(x, j, h);
      gain += g;
      report.swaps++;
    }
  }
  return gain;
}

/** Keeps the `capacity` entries with the smallest keys offered to it (ties: smaller id). */
class SmallestKeys {
  private readonly ids: Int32Array;
  private readonly keys: Float64Array;
  size = 0;

  constructor(private readonly capacity: number) {
    this.ids = new Int32Array(capacity);
    this.keys = new Float64Array(capacity);
  }

  /** Whether entry a sits above entry b in the max-heap. */
  private above(a: number, b: number): boolean {
    const { keys, ids } = this;
    return keys[a] > keys[b] || (keys[a] === keys[b] && ids[a] > ids[b]);
  }

  private swap(a: number, b: number): void {
    const { keys, ids } = this;
    const id = ids[a];
    ids[a] = ids[b];
    ids[b] = id;
    const key = keys[a];
    keys[a] = keys[b];
    keys[b] = key;
  }

  offer(id: number, key: number): void {
    const { keys, ids } = this;
    if (this.size < this.capacity) {
      let c = this.size++;
      ids[c] = id;
      keys[c] = key;
      while (c > 0) {
        const parent = (c - 1) >> 1;
        if (!this.above(c, parent)) break;
        this.swap(c, parent);
        c = parent;
      }
      return;
    }
    if (key > keys[0] || (key === keys[0] && id > ids[0])) return;
    ids[0] = id;
    keys[0] = key;
    for (let c = 0; ; ) {
      const l = 2 * c + 1;
      const r = l + 1;
      let top = c;
      if (l < this.size && this.above(l, top)) top = l;
      if (r < this.size && this.above(r, top)) top = r;
      if (top === c) return;
      this.swap(c, top);
      c = top;
    }
  }

  /** The ids held, smallest key first. */
  sorted(): Int32Array {
    const order = Array.from({ length: this.size }, (_, t) => t);
    order.sort((a, b) => this.keys[a] - this.keys[b] || this.ids[a] - this.ids[b]);
    return Int32Array.from(order, (t) => this.ids[t]);
  }
}

/** Moves that lower LD + LPD on their own, for one ordered fold pair. */
class Gains {
  ids: number[] = [];
  keys: number[] = [];

  /** The ids, best (most negative) first. */
  sorted(): Int32Array {
    const keys = Float64Array.from(this.keys);
    return Int32Array.from(argsort(keys), (t) => this.ids[t]);
  }
}

/**
 * One round of phase 3 over every fold pair. Every labelset's move out of every fold it is in
 * is evaluated once, towards every other fold; for the fold pair (j, h), the labelsets whose move
 * from j to h alone helps are then offered the cheapest moves from h to j as partners, and the
 * other way round. When two folds hold few labelsets, every pair of them is tried instead, until
 * none helps.
 *
 * @internal
 */
export function swapRound(
  state: BalanceState,
  groups: LabelsetGroups,
  budget: number,
  report: BalanceReport,
): number {
  const k = state.k;
  const present: number[][] = Array.from({ length: k }, () => []);
  const gains = Array.from({ length: k * k }, () => new Gains());
  const cheapest = Array.from({ length: k * k }, () => new SmallestKeys(4 * PARTNERS));
  const total = new Float64Array(k);
  for (let g = 0; g < groups.count; g++) {
    for (let j = 0; j < k; j++) {
      if (groups.countIn(g, j) === 0) continue;
      present[j].push(g);
      state.evaluateAll(groups.indices, groups.indptr[g], groups.indptr[g + 1], j, total);
      for (let h = 0; h < k; h++) {
        const d = total[h];
        if (d === Number.POSITIVE_INFINITY) continue;
        if (d < -EPS) {
          gains[j * k + h].ids.push(g);
          gains[j * k + h].keys.push(d);
        }
        cheapest[j * k + h].offer(g, d);
      }
    }
  }
  let gain = 0;
  for (let j = 0; j < k; j++) {
    for (let h = j + 1; h < k && state.work < budget; h++) {
      if (present[j].length * present[h].length <= EXHAUSTIVE_PAIRS) {
        for (let g = 1; g > EPS && state.work < budget; ) {
          g = offerSwaps(state, groups, present[j], present[h], j, h, true, budget, report);
          gain += g;
        }
        continue;
      }
      // Both directions of the pair: rows of j that gain in h offered against the cheapest
      // rows of h in j, then the other way round.
      for (const [a, b] of [
        [j, h],
        [h, j],
      ]) {
        const gaining = gains[a * k + b].sorted();
        const cheap = cheapest[b * k + a].sorted();
        gain += offerSwaps(state, groups, gaining, cheap, a, b, false, budget, report);
      }
    }
  }
  return gain;
}

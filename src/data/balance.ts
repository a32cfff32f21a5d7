import { argsort } from '../core/sort.js';
import { BalanceState, EPS } from './balance-state.js';
import type { Combinations } from './combinations.js';
import { LabelsetGroups } from './labelset-groups.js';

/**
 * What the balancing pass did, for tests and benchmarks.
 *
 * @internal
 */
export interface BalanceReport {
  /** Size moves that raised LD or LPD because no other move could fix the sizes. */
  forcedMoves: number;
  /** Swaps made by the coverage phase. */
  repairs: number;
  /** Swaps made by the swap phase. */
  swaps: number;
}

/** Largest number of labelset pairs of two folds for which the swap search tries every pair. */
const EXHAUSTIVE_PAIRS = 1024;
/** Otherwise: partners tried per labelset whose move alone helps. */
const PARTNERS = 24;
/** Partners tried per candidate row in the coverage phase. */
const REPAIR_PARTNERS = 256;
/** Upper bound on the rounds of the swap phase. */
const MAX_ROUNDS = 12;
/**
 * The swap phase stops after a round that lowers the sum of LD terms of all label and pair cells
 * by less than this share of the sum at the start of the phase.
 */
const ROUND_GAIN_STOP = 0.01;
/**
 * Work budget of the swap phase, in cells read by move evaluations: this many per (row,
 * combination) incidence, plus a floor that lets small inputs converge fully.
 */
const WORK_PER_INCIDENCE = 6;
const WORK_FLOOR = 2_000_000;

/**
 * Phase 1: fix the fold sizes by moving rows from folds above their size to folds below it.
 * Moves are judged by the exact change of LD (and LPD) at the current sizes: a move changes the
 * term of every combination, since the two folds lose and gain a negative of each.
 */
function fixSizes(state: BalanceState, order: Int32Array, report: BalanceReport): void {
  const { k, size, targets, fold } = state;
  const over = (j: number): boolean => size[j] > targets[j];
  const under = (j: number): boolean => size[j] < targets[j];
  let excess = 0;
  for (let j = 0; j < k; j++) if (over(j)) excess += size[j] - targets[j];
  if (excess === 0) return;
  state.prepareResize();
  const apply = (r: number, to: number): void => {
    const from = fold[r];
    state.move(r, to);
    state.refreshResize(from);
    state.refreshResize(to);
    excess--;
  };

  // Rows of the folds above size, most helpful move first (re-evaluated when their turn comes).
  const candidates: number[] = [];
  for (const r of order) if (over(fold[r])) candidates.push(r);
  const keys = new Float64Array(candidates.length);
  for (let t = 0; t < candidates.length; t++) {
    let best = Number.POSITIVE_INFINITY;
    for (let j = 0; j < k; j++) {
      if (!under(j) || !state.evaluateResize(candidates[t], j)) continue;
      best = Math.min(best, state.dLabels + state.dPairs);
    }
    keys[t] = best;
  }
  const sorted = argsort(keys);
  for (let s = 0; s < sorted.length && excess > 0; s++) {
    const r = candidates[sorted[s]];
    if (!Number.isFinite(keys[sorted[s]]) || !over(fold[r])) continue;
    let bestFold = -1;
    let bestDelta = Number.POSITIVE_INFINITY;
    for (let j = 0; j < k; j++) {
      if (!under(j) || !state.evaluateResize(r, j)) continue;
      if (state.dLabels > EPS || state.dPairs > EPS) continue;
      const d = state.dLabels + state.dPairs;
      if (d < bestDelta) {
        bestDelta = d;
        bestFold = j;
      }
    }
    if (bestFold >= 0) apply(r, bestFold);
  }

  // Forced moves: the least harmful, keeping needed cells covered when any move can.
  while (excess > 0) {
    let bestRow = -1;
    let bestFold = -1;
    let bestDelta = Number.POSITIVE_INFINITY;
    let bestValid = false;
    for (const r of order) {
      if (!over(fold[r])) continue;
      for (let j = 0; j < k; j++) {
        if (!under(j)) continue;
        const valid = state.evaluateResize(r, j);
        const d = state.dLabels + state.dPairs;
        if ((valid && !bestValid) || (valid === bestValid && d < bestDelta)) {
          bestValid = valid;
          bestDelta = d;
          bestRow = r;
          bestFold = j;
        }
      }
    }
    apply(bestRow, bestFold);
    report.forcedMoves++;
  }
}

/**
 * Phase 2: give every needed label cell without positives a row of the label, taken from a fold
 * that has two or more, by the valid swap that raises LD + LPD least.
 */
function repairCoverage(state: BalanceState, order: Int32Array, report: BalanceReport): void {
  const { k, labels, positives, needed, fold, indptr, indices } = state;
  const empty: number[] = [];
  for (let i = 0; i < labels * k; i++) {
    if (positives[i] === 0 && needed[i] === 1) empty.push(i);
  }
  if (empty.length === 0) return;
  // Rows of each label, and of each fold.
  const colPtr = new Int32Array(labels + 1);
  for (let a = 0; a < indices.length; a++) if (indices[a] < labels) colPtr[indices[a] + 1]++;
  for (let c = 0; c < labels; c++) colPtr[c + 1] += colPtr[c];
  const colRows = new Int32Array(colPtr[labels]);
  const next = colPtr.slice(0, labels);
  for (const r of order) {
    for (let a = indptr[r]; a < indptr[r + 1]; a++) {
      if (indices[a] < labels) colRows[next[indices[a]]++] = r;
    }
  }
  const members: number[][] = Array.from({ length: k }, () => []);
  for (const r of order) members[fold[r]].push(r);

  for (const cell of empty) {
    if (positives[cell] > 0) continue;
    const c = Math.floor(cell / k);
    const j = cell - c * k;
    let bestX = -1;
    let bestY = -1;
    let bestDelta = Number.POSITIVE_INFINITY;
    for (let t = colPtr[c]; t < colPtr[c + 1]; t++) {
      const x = colRows[t];
      const from = fold[x];
      if (from === j || positives[c * k + from] < 2) continue;
      if (!state.evaluate(x, j)) continue;
      const dx = state.dLabels + state.dPairs;
      state.move(x, j);
      let tried = 0;
      for (const y of members[j]) {
        if (fold[y] !== j || y === x) continue;
        if (++tried > REPAIR_PARTNERS) break;
        if (!state.evaluate(y, from)) continue;
        const d = dx + state.dLabels + state.dPairs;
        if (d < bestDelta) {
          bestDelta = d;
          bestX = x;
          bestY = y;
        }
      }
      state.move(x, from);
    }
    if (bestX >= 0) {
      const from = fold[bestX];
      state.move(bestX, j);
      state.move(bestY, from);
      members[j].push(bestX);
      members[from].push(bestY);
      report.repairs++;
    }
  }
}

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
 */
function swapRound(
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
      const jh = j * k + h;
      const hj = h * k + j;
      gain += offerSwaps(
        state,
        groups,
        gains[jh].sorted(),
        cheapest[hj].sorted(),
        j,
        h,
        false,
        budget,
        report,
      );
      gain += offerSwaps(
        state,
        groups,
        gains[hj].sorted(),
        cheapest[jh].sorted(),
        h,
        j,
        false,
        budget,
        report,
      );
    }
  }
  return gain;
}

/**
 * The final balancing pass of `iterativeStratification`, run on the output of the published
 * algorithm (`distribute.ts`), in place on `fold`:
 *
 * 1. Sizes: rows move from folds above their target size (the floor or ceiling of
 *    rows * r_j, as random splitting gives) to folds below it. A move is made only when it
 *    raises neither LD nor LPD (Sechidis et al. 2011; Szymański & Kajdanowicz 2017) at the
 *    current sizes, unless no such move is left (a "forced" move, the least harmful one).
 * 2. Coverage: a fold that should hold at least one row of a label (or pair) and holds none
 *    gets one by the swap that raises LD + LPD least among those that empty no other such cell.
 * 3. Swaps: rows of two folds trade places when that lowers LD + LPD and raises neither;
 *    sizes do not change. Rounds over every fold pair repeat until one gains nothing.
 *
 * No move or swap of phases 1 and 3 empties a cell that should hold a row, unless it is a
 * forced move that no other can replace.
 *
 * @param order A random permutation of the rows: the order in which they are considered.
 * @internal
 */
export function balanceFolds(
  combos: Combinations,
  targets: Int32Array,
  fold: Int32Array,
  order: Int32Array,
): BalanceReport {
  const report: BalanceReport = { forcedMoves: 0, repairs: 0, swaps: 0 };
  const state = new BalanceState(combos, targets, fold);
  fixSizes(state, order, report);
  repairCoverage(state, order, report);
  const k = targets.length;
  const groups = new LabelsetGroups(combos.indptr, combos.indices, combos.labels, fold, k, order);
  const budget = state.work + WORK_PER_INCIDENCE * combos.indices.length + WORK_FLOOR;
  const stop = ROUND_GAIN_STOP * state.totalGap();
  // A round starts by evaluating every labelset's moves: about k cells per incidence and row.
  const ranking = k * (combos.indices.length + fold.length);
  for (let round = 0; round < MAX_ROUNDS && state.work + ranking <= budget; round++) {
    const gain = swapRound(state, groups, budget, report);
    if (gain <= EPS || gain < stop) break;
  }
  return report;
}

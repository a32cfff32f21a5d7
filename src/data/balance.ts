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
/** Rows of the label tried per cell in the coverage phase (the first ones in row order). */
const REPAIR_SOURCES = 64;
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
 * Bounds of the size phase's search, so that it costs O(rows x `targets`) however many folds
 * there are.
 *
 * @internal
 */
export interface SizeSearch {
  /**
   * Folds below size a row's move is evaluated towards: all of them while there are at most
   * this many, otherwise this many (a window over them that shifts from row to row).
   */
  readonly targets: number;
  /**
   * Largest work (excess rows x rows of folds above size x folds below size) for which each
   * forced move is the least harmful of all (a full scan per move); above it, forced moves
   * follow one ranking of the rows.
   */
  readonly forcedScanWork: number;
}

const SIZE_SEARCH: SizeSearch = { targets: 32, forcedScanWork: 20_000_000 };

/**
 * Phase 1: fix the fold sizes by moving rows from folds above their size to folds below it.
 * Moves are judged by the exact change of LD (and LPD) at the current sizes: a move changes the
 * term of every combination, since the two folds lose and gain a negative of each.
 */
function fixSizes(
  state: BalanceState,
  order: Int32Array,
  search: SizeSearch,
  report: BalanceReport,
): void {
  const { k, size, targets, fold } = state;
  const over = (j: number): boolean => size[j] > targets[j];
  const under = (j: number): boolean => size[j] < targets[j];
  let excess = 0;
  for (let j = 0; j < k; j++) if (over(j)) excess += size[j] - targets[j];
  if (excess === 0) return;
  state.prepareResize();
  // The folds below size, ascending (no fold falls below its size in this phase).
  const below = new Int32Array(k);
  let nBelow = 0;
  for (let j = 0; j < k; j++) if (under(j)) below[nBelow++] = j;
  const apply = (r: number, to: number): void => {
    const from = fold[r];
    state.move(r, to);
    state.refreshResize(from);
    state.refreshResize(to);
    excess--;
    if (!under(to)) {
      const i = below.subarray(0, nBelow).indexOf(to);
      below.copyWithin(i, i + 1, nBelow--);
    }
  };
  /** The best move of row r among the folds below size it may go to (t: its candidate number). */
  let bestFold = -1;
  let bestDelta = Number.POSITIVE_INFINITY;
  let bestValid = false;
  const bestMove = (r: number, t: number, mode: 'any' | 'harmless' | 'forced'): void => {
    bestFold = -1;
    bestDelta = Number.POSITIVE_INFINITY;
    bestValid = false;
    const n = Math.min(nBelow, search.targets);
    const start = nBelow <= search.targets ? 0 : (t * search.targets) % nBelow;
    for (let i = 0; i < n; i++) {
      const j = below[(start + i) % nBelow];
      const valid = state.evaluateResize(r, j);
      const d = state.dLabels + state.dPairs;
      if (mode === 'forced') {
        if ((valid && !bestValid) || (valid === bestValid && d < bestDelta)) {
          bestValid = valid;
          bestDelta = d;
          bestFold = j;
        }
        continue;
      }
      if (!valid) continue;
      if (mode === 'harmless' && (state.dLabels > EPS || state.dPairs > EPS)) continue;
      if (d < bestDelta) {
        bestDelta = d;
        bestFold = j;
      }
    }
  };

  // Rows of the folds above size, most helpful move first (re-evaluated when their turn comes).
  const candidates: number[] = [];
  for (const r of order) if (over(fold[r])) candidates.push(r);
  const keys = new Float64Array(candidates.length);
  for (let t = 0; t < candidates.length; t++) {
    bestMove(candidates[t], t, 'any');
    keys[t] = bestDelta;
  }
  const sorted = argsort(keys);
  for (let s = 0; s < sorted.length && excess > 0; s++) {
    const t = sorted[s];
    const r = candidates[t];
    if (!Number.isFinite(keys[t]) || !over(fold[r])) continue;
    bestMove(r, t, 'harmless');
    if (bestFold >= 0) apply(r, bestFold);
  }
  if (excess === 0) return;

  // Forced moves: the least harmful, keeping needed cells covered when any move can. The rows
  // of folds above size are still candidates (in `order`), since no fold grows above its size.
  const left: number[] = [];
  for (let t = 0; t < candidates.length; t++) if (over(fold[candidates[t]])) left.push(t);
  if (nBelow <= search.targets && excess * left.length * nBelow <= search.forcedScanWork) {
    while (excess > 0) {
      let row = -1;
      let to = -1;
      let delta = Number.POSITIVE_INFINITY;
      let valid = false;
      for (const t of left) {
        const r = candidates[t];
        if (!over(fold[r])) continue;
        bestMove(r, t, 'forced');
        if ((bestValid && !valid) || (bestValid === valid && bestDelta < delta)) {
          valid = bestValid;
          delta = bestDelta;
          row = r;
          to = bestFold;
        }
      }
      apply(row, to);
      report.forcedMoves++;
    }
    return;
  }
  // Too many for a scan per move: rank the rows once (valid moves first, least harmful first),
  // and move each in turn to its best fold below size at that time.
  const invalid = new Uint8Array(left.length);
  const harm = new Float64Array(left.length);
  left.forEach((t, i) => {
    bestMove(candidates[t], t, 'forced');
    invalid[i] = bestValid ? 0 : 1;
    harm[i] = bestDelta;
  });
  const ranked = Array.from(left.keys()).sort(
    (a, b) => invalid[a] - invalid[b] || harm[a] - harm[b] || a - b,
  );
  for (let s = 0; s < ranked.length && excess > 0; s++) {
    const t = left[ranked[s]];
    const r = candidates[t];
    if (!over(fold[r])) continue;
    bestMove(r, t, 'forced');
    apply(r, bestFold);
    report.forcedMoves++;
  }
}

/**
 * Phase 2: give every needed label cell without positives a row of the label, taken from a fold
 * that has two or more, by the valid swap that raises LD + LPD least (among the swaps of the
 * first {@link REPAIR_SOURCES} such rows), while the work stays within `budget`.
 */
function repairCoverage(
  state: BalanceState,
  order: Int32Array,
  budget: number,
  report: BalanceReport,
): void {
  const { k, labels, positives, needed, fold, indptr, indices } = state;
  // The cells to repair: needed and empty now (cells emptied by the repairs are not revisited).
  const empty = new Uint8Array(labels * k);
  let anyEmpty = false;
  for (let i = 0; i < labels * k; i++) {
    if (positives[i] === 0 && needed[i] === 1) {
      empty[i] = 1;
      anyEmpty = true;
    }
  }
  if (!anyEmpty) return;
  // Rows of each label, and (once needed) of each fold.
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
  let members: number[][] | null = null;

  // The rows of label c that may give up their fold's row of it: those in folds with two or
  // more, as a linked list in row order. Label c's own repairs never bring a fold to two rows
  // of it, so rows leave the list for good while its cells are repaired.
  const sources = new Int32Array(colRows.length);
  const after = new Int32Array(colRows.length + 1);
  const HEAD = colRows.length;
  for (let c = 0; c < labels && state.work < budget; c++) {
    let last = HEAD;
    for (let t = colPtr[c], n = 0; t < colPtr[c + 1]; t++) {
      if (positives[c * k + fold[colRows[t]]] < 2) continue;
      sources[n] = colRows[t];
      after[last] = n;
      last = n++;
    }
    after[last] = -1;
    for (let j = 0; j < k && after[HEAD] >= 0 && state.work < budget; j++) {
      if (empty[c * k + j] === 0 || positives[c * k + j] > 0) continue;
      if (members === null) {
        members = Array.from({ length: k }, () => []);
        for (const r of order) members[fold[r]].push(r);
      }
      let bestX = -1;
      let bestY = -1;
      let bestDelta = Number.POSITIVE_INFINITY;
      // No row of the label is in fold j (its cell is empty): every source may move there.
      for (let prev = HEAD, s = after[HEAD], tried = 0; s >= 0; s = after[s]) {
        const x = sources[s];
        const from = fold[x];
        if (positives[c * k + from] < 2) {
          after[prev] = after[s];
          continue;
        }
        prev = s;
        if (++tried > REPAIR_SOURCES) break;
        if (!state.evaluate(x, j)) continue;
        const dx = state.dLabels + state.dPairs;
        state.move(x, j);
        let partners = 0;
        for (const y of members[j]) {
          if (fold[y] !== j || y === x) continue;
          if (++partners > REPAIR_PARTNERS) break;
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
 * @param search Bounds of the size phase's search (tests lower them).
 * @internal
 */
export function balanceFolds(
  combos: Combinations,
  targets: Int32Array,
  fold: Int32Array,
  order: Int32Array,
  search: SizeSearch = SIZE_SEARCH,
): BalanceReport {
  const report: BalanceReport = { forcedMoves: 0, repairs: 0, swaps: 0 };
  const state = new BalanceState(combos, targets, fold);
  fixSizes(state, order, search, report);
  const allowance = WORK_PER_INCIDENCE * combos.indices.length + WORK_FLOOR;
  repairCoverage(state, order, state.work + allowance, report);
  const k = targets.length;
  const budget = state.work + allowance;
  // A round starts by evaluating every labelset's moves: about k cells per incidence and row.
  const ranking = k * (combos.indices.length + fold.length);
  // It also keeps the best partners of every ordered fold pair: k^2 lists of 4 * PARTNERS.
  if (k * k * 4 * PARTNERS > budget) return report;
  let groups: LabelsetGroups | null = null;
  const stop = ROUND_GAIN_STOP * state.totalGap();
  for (let round = 0; round < MAX_ROUNDS && state.work + ranking <= budget; round++) {
    // Built for the first round only (its blocks take labelsets x folds cells).
    groups ??= new LabelsetGroups(combos.indptr, combos.indices, combos.labels, fold, k, order);
    const gain = swapRound(state, groups, budget, report);
    if (gain <= EPS || gain < stop) break;
  }
  return report;
}

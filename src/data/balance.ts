import { argsort } from '../core/sort.js';
import { repairCoverage } from './balance-coverage.js';
import { type BalanceReport, BalanceState, EPS } from './balance-state.js';
import { PARTNERS, swapRound } from './balance-swaps.js';
import type { Combinations } from './combinations.js';
import type { RowOrder } from './distribute.js';
import { LabelsetGroups } from './labelset-groups.js';

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
 * @param rowOrder A random permutation of the rows (the order in which they are considered),
 *   with the rows of each combination in it.
 * @param search Bounds of the size phase's search (tests lower them).
 * @internal
 */
export function balanceFolds(
  combos: Combinations,
  targets: Int32Array,
  fold: Int32Array,
  rowOrder: RowOrder,
  search: SizeSearch = SIZE_SEARCH,
): BalanceReport {
  const { order } = rowOrder;
  const report: BalanceReport = { forcedMoves: 0, repairs: 0, swaps: 0 };
  const state = new BalanceState(combos, targets, fold);
  fixSizes(state, order, search, report);
  const allowance = WORK_PER_INCIDENCE * combos.indices.length + WORK_FLOOR;
  repairCoverage(state, rowOrder, state.work + allowance, report);
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

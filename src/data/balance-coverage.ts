import type { BalanceReport, BalanceState } from './balance-state.js';
import type { RowOrder } from './distribute.js';

/**
 * Phase 2 of the balancing pass (`balanceFolds`): coverage repairs, by swaps that give a row of
 * a label to every fold that should hold one and holds none.
 *
 * @internal
 * @module
 */

/** Partners tried per candidate row in the coverage phase. */
const REPAIR_PARTNERS = 256;
/** Rows of the label tried per cell in the coverage phase (the first ones in row order). */
const REPAIR_SOURCES = 64;

/**
 * Phase 2: give every needed label cell without positives a row of the label, taken from a fold
 * that has two or more, by the valid swap that raises LD + LPD least (among the swaps of the
 * first {@link REPAIR_SOURCES} such rows), while the work stays within `budget`.
 *
 * @internal
 */
export function repairCoverage(
  state: BalanceState,
  rowOrder: RowOrder,
  budget: number,
  report: BalanceReport,
): void {
  const { k, labels, positives, needed, fold } = state;
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
  // Rows of each label (the single-label combinations come first), and (once needed) of each fold.
  const { order, colPtr, colRows } = rowOrder;
  let members: number[][] | null = null;

  // The rows of label c that may give up their fold's row of it: those in folds with two or
  // more, as a linked list in row order. Label c's own repairs never bring a fold to two rows
  // of it, so rows leave the list for good while its cells are repaired.
  const labelRows = colPtr[labels];
  const sources = new Int32Array(labelRows);
  const after = new Int32Array(labelRows + 1);
  const HEAD = labelRows;
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

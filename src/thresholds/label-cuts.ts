import { forEachLabelRanks } from '../core/kernels/label-ranks.js';
import { ArgsortWorkspace, argsort } from '../core/sort.js';
import { CutList } from './cut-list.js';
import type { ThresholdProblem } from './inputs.js';
import { forEachLabelColumn, type LabelColumn } from './label-columns.js';

/**
 * The exact per-label search: every distinct cut point of every label column, from one sort of
 * the column. Ties always fall on the same side of a threshold, so the cuts that keep the top
 * `g` tie groups, for `g` = 0 (predict none) to the number of distinct scores (predict all), are
 * all the decisions a threshold can make.
 *
 * With `monotone` metrics (`MetricSpec.monotone`) only the cuts that end on a tie group holding
 * a positive are listed: a cut that adds only negatives keeps the true positives and adds false
 * positives, so it is never strictly better than the cut before it. Without weights those cuts
 * come from the metrics' ranking kernel (`forEachLabelRanks`, the one average precision uses:
 * the positives sorted, each negative placed among them), so the search costs what one
 * `averagePrecisionScore` costs. Otherwise each column is sorted with the shared `argsort` and
 * swept once, tie group by tie group.
 *
 * @internal
 * @module
 */

/**
 * Calls `visit(j, cuts)` for every label in order with its candidate cuts (the list is reused
 * between calls).
 *
 * @internal
 */
export function forEachLabelCuts(
  problem: ThresholdProblem,
  monotone: boolean,
  visit: (j: number, cuts: CutList) => void,
): void {
  const cuts = new CutList();
  if (monotone && problem.sampleWeight === undefined) {
    forEachLabelRanks(problem.truth, problem.scores, (j, ranks) => {
      const positives = ranks.positiveCount;
      cuts.reset(positives);
      cuts.positives = positives;
      cuts.negatives = ranks.negativeCount;
      cuts.cells = positives + ranks.negativeCount;
      const { values, negativesAtLeast } = ranks;
      // Tie groups of positives from the highest score down; i is the group's lowest index.
      for (let end = positives; end > 0; ) {
        let i = end - 1;
        const high = values[i];
        while (i > 0 && values[i - 1] === high) i--;
        cuts.push(positives - i, negativesAtLeast[i], high);
        end = i;
      }
      visit(j, cuts);
    });
    return;
  }
  const order = { buffer: new Int32Array(0) };
  const workspace = new ArgsortWorkspace();
  forEachLabelColumn(problem, (j, column) => {
    sweepColumn(column, monotone, cuts, order, workspace);
    visit(j, cuts);
  });
}

/**
 * Sorts one column (stable, highest first) and lists its cuts, tie group by tie group; the
 * totals (`positives`, `negatives`, `cells`) are the column's.
 *
 * @internal
 */
export function sweepColumn(
  column: LabelColumn,
  monotone: boolean,
  cuts: CutList,
  order: { buffer: Int32Array },
  workspace: ArgsortWorkspace,
): void {
  const { n, scores, labels, weights } = column;
  cuts.reset(n);
  cuts.cells = n;
  let positives = 0;
  let negatives = 0;
  for (let i = 0; i < n; i++) {
    const w = weights === undefined ? 1 : weights[i];
    if (labels[i] === 1) positives += w;
    else negatives += w;
  }
  cuts.positives = positives;
  cuts.negatives = negatives;
  if (n === 0) return;
  if (order.buffer.length < n) order.buffer = new Int32Array(n);
  const sorted = argsort(scores, { descending: true, out: order.buffer, workspace });
  let tp = 0;
  let fp = 0;
  let groupHasPositive = false;
  let previous = scores[sorted[0]];
  for (let i = 0; i < n; i++) {
    const k = sorted[i];
    const s = scores[k];
    if (s !== previous) {
      // The tie group of `previous` ended at i - 1.
      if (!monotone || groupHasPositive) cuts.push(tp, fp, previous);
      groupHasPositive = false;
      previous = s;
    }
    const w = weights === undefined ? 1 : weights[k];
    if (labels[k] === 1) {
      tp += w;
      groupHasPositive = true;
    } else {
      fp += w;
    }
  }
  if (!monotone || groupHasPositive) cuts.push(tp, fp, previous);
}

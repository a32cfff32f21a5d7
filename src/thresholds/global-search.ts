import { MultilabelError } from '../core/errors.js';
import { argsort } from '../core/sort.js';
import type { CountScore } from './count-metric.js';
import { thresholdAbove, thresholdBelow, thresholdBetween } from './cut-points.js';
import type { ThresholdProblem } from './inputs.js';
import type { ThresholdAverage } from './objective.js';

/**
 * The exact search for one threshold shared by every label: all known cells are sorted once
 * (the shared radix argsort) and swept from the highest score down, one tie group at a time,
 * so every distinct cut point is scored. Each cell changes the counts of one group only (the
 * whole matrix for `'micro'`, its label for `'macro'`, its row for `'samples'`), so the average
 * is updated in O(1) per cell: O(n log n) for n known cells in all three cases.
 *
 * @internal
 * @module
 */

/** The best shared threshold and the value it attains. @internal */
export interface GlobalCut {
  readonly threshold: number;
  readonly value: number;
}

/** Finds the best shared threshold of `problem` for `evaluate` combined by `average`. @internal */
export function searchGlobalThreshold(
  problem: ThresholdProblem,
  evaluate: CountScore,
  average: ThresholdAverage,
): GlobalCut {
  const { truth, scores, sampleWeight } = problem;
  const { rows, cols } = truth;
  const t = truth.data;
  const s = scores.data;
  let n = 0;
  for (let i = 0; i < t.length; i++) n += +(t[i] >= 0);
  if (n === 0) {
    throw new MultilabelError(
      'EMPTY_INPUT',
      '`yTrue` has no known label cell (every cell is missing); there is no threshold to learn.',
    );
  }
  const cellScores = s instanceof Float32Array ? new Float32Array(n) : new Float64Array(n);
  const cellIndex = new Int32Array(n);
  for (let i = 0, k = 0; i < t.length; i++) {
    if (t[i] < 0) continue;
    cellScores[k] = s[i];
    cellIndex[k++] = i;
  }
  const order = argsort(cellScores, { descending: true });
  // Group g of a cell: 0 (micro), its label (macro) or its row (samples).
  const groups = average === 'micro' ? 1 : average === 'macro' ? cols : rows;
  const groupOf = (i: number): number =>
    average === 'micro' ? 0 : average === 'macro' ? i % cols : (i / cols) | 0;
  // Weighted counts per group, and each group's weight in the mean.
  const positives = new Float64Array(groups);
  const negatives = new Float64Array(groups);
  const tp = new Float64Array(groups);
  const fp = new Float64Array(groups);
  const weight = new Float64Array(groups);
  const value = new Float64Array(groups);
  for (let k = 0; k < n; k++) {
    const i = cellIndex[k];
    const g = groupOf(i);
    const w =
      average === 'samples' || sampleWeight === undefined ? 1 : sampleWeight[(i / cols) | 0];
    if (t[i] === 1) positives[g] += w;
    else negatives[g] += w;
    weight[g] =
      average === 'samples' ? (sampleWeight === undefined ? 1 : sampleWeight[(i / cols) | 0]) : 1;
  }
  let sum = 0;
  let totalWeight = 0;
  for (let g = 0; g < groups; g++) {
    if (weight[g] === 0 && average !== 'samples') continue;
    value[g] = evaluate(0, 0, positives[g], negatives[g]);
    sum += weight[g] * value[g];
    totalWeight += weight[g];
  }
  if (totalWeight === 0) {
    throw new MultilabelError(
      'INVALID_ARGUMENT',
      '`sampleWeight` is 0 for every row with a known label; give some row a positive weight.',
    );
  }
  let best = sum / totalWeight;
  let bestEnd = -1; // index in `order` of the last cell of the best cut; -1: predict none
  for (let k = 0; k < n; ) {
    const high = cellScores[order[k]];
    for (; k < n && cellScores[order[k]] === high; k++) {
      const i = cellIndex[order[k]];
      const g = groupOf(i);
      const w =
        average === 'samples' || sampleWeight === undefined ? 1 : sampleWeight[(i / cols) | 0];
      if (t[i] === 1) tp[g] += w;
      else fp[g] += w;
      const v = evaluate(tp[g], fp[g], positives[g] - tp[g], negatives[g] - fp[g]);
      sum += weight[g] * (v - value[g]);
      value[g] = v;
    }
    const total = sum / totalWeight;
    // A margin of 1e-12 keeps rounding in the running sum from breaking ties.
    if (total > best + 1e-12 * Math.max(1, Math.abs(best))) {
      best = total;
      bestEnd = k - 1;
    }
  }
  let threshold: number;
  if (bestEnd < 0) threshold = thresholdAbove(cellScores[order[0]]);
  else if (bestEnd === n - 1) threshold = thresholdBelow(cellScores[order[n - 1]]);
  else threshold = thresholdBetween(cellScores[order[bestEnd]], cellScores[order[bestEnd + 1]]);
  return { threshold, value: best };
}

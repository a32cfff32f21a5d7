import { MultilabelError } from '../core/errors.js';
import type { CountScore } from '../core/kernels/count-averaging.js';
import { pooledRanks } from '../core/kernels/pooled-ranks.js';
import type { FloatArray } from '../core/matrix.js';
import { argsort } from '../core/sort.js';
import type { MetricSpec } from './count-metric.js';
import { cutThreshold } from './cut-points.js';
import { type GroupCounts, groupCounts, startGroups } from './group-sweep.js';
import type { ThresholdProblem } from './inputs.js';
import { beatsBest, type ThresholdAverage } from './objective.js';

/**
 * The exact search for one threshold shared by every label. Every known cell is sorted once
 * (the shared radix argsort) and swept from the highest score down, one tie group at a time,
 * so every distinct cut point is scored. Each cell changes the counts of one group only (the
 * whole matrix for `'micro'`, its label for `'macro'`, its row for `'samples'`), so the
 * average is updated in O(1) per cell: O(n log n) for n known cells in all three cases.
 * Unweighted micro with a built-in metric takes the metrics' pooled ranking kernel instead
 * (positives sorted, negatives counted above each), as `averagePrecisionScore` does.
 *
 * @internal
 * @module
 */

/** The best shared threshold and the value it attains. @internal */
export interface GlobalCut {
  readonly threshold: number;
  readonly value: number;
}

/** Finds the best shared threshold of `problem` for `spec` combined by `average`. @internal */
export function searchGlobalThreshold(
  problem: ThresholdProblem,
  spec: MetricSpec,
  average: ThresholdAverage,
): GlobalCut {
  const { truth, sampleWeight } = problem;
  const t = truth.data;
  let n = 0;
  for (let i = 0; i < t.length; i++) n += +(t[i] >= 0);
  if (n === 0) {
    throw new MultilabelError(
      'EMPTY_INPUT',
      '`yTrue` has no known label cell (every cell is missing); there is no threshold to learn.',
    );
  }
  if (average === 'micro' && sampleWeight === undefined && spec.monotone) {
    return pooledMicro(problem, spec.evaluate);
  }
  return sweep(problem, spec.evaluate, average, n);
}

/** Micro average without weights, from the pooled ranks (cuts that end on positives only). */
function pooledMicro(problem: ThresholdProblem, evaluate: CountScore): GlobalCut {
  return pooledMicroCut(problem.truth.data, problem.scores.data, 0, 0, evaluate);
}

/**
 * The best shared cut for a micro metric without weights, from the pooled ranks of the cells
 * `labels` (0/1; -1 missing, left out) and `scores`: only cuts that end on a tie group of
 * positives are scored. `unlistedPositives` and `unlistedNegatives` are cells outside these
 * that no threshold predicts (false negatives and true negatives of every cut).
 *
 * @internal
 */
export function pooledMicroCut(
  labels: Int8Array,
  scores: FloatArray,
  unlistedPositives: number,
  unlistedNegatives: number,
  evaluate: CountScore,
): GlobalCut {
  const n = labels.length;
  const ranks = pooledRanks({ data: labels, rows: 1, cols: n }, { data: scores, rows: 1, cols: n });
  const listed = ranks.positiveCount;
  const positives = listed + unlistedPositives;
  const negatives = ranks.negativeCount + unlistedNegatives;
  let best = evaluate(negatives, 0, positives, 0);
  let high = Number.POSITIVE_INFINITY;
  const { values, negativesAtLeast } = ranks;
  for (let end = listed; end > 0; ) {
    let i = end - 1;
    const h = values[i];
    while (i > 0 && values[i - 1] === h) i--;
    const tp = listed - i;
    const fp = negativesAtLeast[i];
    const v = evaluate(negatives - fp, fp, positives - tp, tp);
    if (v > best) {
      best = v;
      high = h;
    }
    end = i;
  }
  // The highest known score below the cut (or the highest of all for the empty cut).
  let below = Number.NEGATIVE_INFINITY;
  for (let c = 0; c < n; c++) {
    const v = scores[c];
    if (labels[c] >= 0 && v < high && v > below) below = v;
  }
  return { threshold: cutThreshold(high, below), value: best };
}

function sweep(
  problem: ThresholdProblem,
  evaluate: CountScore,
  average: ThresholdAverage,
  n: number,
): GlobalCut {
  const { truth, scores, sampleWeight } = problem;
  const { rows, cols } = truth;
  const t = truth.data;
  const s = scores.data;
  const cells = emptyCells(n, s instanceof Float32Array);
  const groups = average === 'micro' ? 1 : average === 'macro' ? cols : rows;
  const weight = new Float64Array(groups);
  for (let r = 0, i = 0, k = 0; r < rows; r++) {
    const w = sampleWeight === undefined ? 1 : sampleWeight[r];
    for (let j = 0; j < cols; j++, i++) {
      if (t[i] < 0) continue;
      const g = average === 'micro' ? 0 : average === 'macro' ? j : r;
      cells.score[k] = s[i];
      cells.group[k] = g;
      cells.label[k] = t[i];
      // 'samples' counts cells and weighs rows; the others weigh cells.
      cells.weight[k++] = average === 'samples' ? 1 : w;
      weight[g] = average === 'samples' ? w : 1;
    }
  }
  const positives = new Float64Array(groups);
  const negatives = new Float64Array(groups);
  for (let k = 0; k < n; k++) {
    if (cells.label[k] === 1) positives[cells.group[k]] += cells.weight[k];
    else negatives[cells.group[k]] += cells.weight[k];
  }
  return sweepCells(cells, groupCounts(positives, negatives, weight), evaluate);
}

/** The cells a shared threshold is swept over, each with its group, class and count weight. @internal */
export interface SweepCells {
  readonly score: FloatArray;
  readonly group: Int32Array;
  readonly label: Uint8Array;
  readonly weight: Float64Array;
}

/** Room for `n` cells (float32 scores when `float32`). @internal */
export function emptyCells(n: number, float32: boolean): SweepCells {
  return {
    score: float32 ? new Float32Array(n) : new Float64Array(n),
    group: new Int32Array(n),
    label: new Uint8Array(n),
    weight: new Float64Array(n),
  };
}

/**
 * Sweeps the cells from the highest score down, one tie group at a time, keeping the average of
 * the groups' values (`counts` holds each group's totals, which may include cells that no
 * threshold predicts); returns the best cut's threshold and value.
 *
 * @internal
 */
export function sweepCells(
  cells: SweepCells,
  counts: GroupCounts,
  evaluate: CountScore,
): GlobalCut {
  const { score: cellScores, group, label, weight: cellWeight } = cells;
  const n = cellScores.length;
  const { positives, negatives, weight, tp, fp, value } = counts;
  let { sum, total: totalWeight, scale } = startGroups(counts, evaluate, true);
  if (totalWeight === 0) {
    throw new MultilabelError(
      'INVALID_ARGUMENT',
      '`sampleWeight` is 0 for every row with a known label; give some row a positive weight.',
    );
  }
  const order = argsort(cellScores, { descending: true });
  let best = sum / totalWeight;
  let bestEnd = -1; // position in `order` of the last cell of the best cut; -1: predict none
  // One group ('micro'): its value changes only between tie groups, so it is scored once each.
  const single = weight.length === 1;
  for (let k = 0; k < n; ) {
    const high = cellScores[order[k]];
    for (; k < n; k++) {
      const c = order[k];
      if (cellScores[c] !== high) break;
      const g = group[c];
      if (label[c] === 1) tp[g] += cellWeight[c];
      else fp[g] += cellWeight[c];
      if (single || weight[g] === 0) continue; // weight 0: left out, as startGroups' skipZeroWeight
      const v = evaluate(negatives[g] - fp[g], fp[g], positives[g] - tp[g], tp[g]);
      sum += weight[g] * (v - value[g]);
      value[g] = v;
      if (Math.abs(v) > scale) scale = Math.abs(v);
    }
    if (single && weight[0] !== 0) {
      const v = evaluate(negatives[0] - fp[0], fp[0], positives[0] - tp[0], tp[0]);
      sum += weight[0] * (v - value[0]);
      value[0] = v;
      if (Math.abs(v) > scale) scale = Math.abs(v);
    }
    const total = sum / totalWeight;
    if (beatsBest(total, best, scale)) {
      best = total;
      bestEnd = k - 1;
    }
  }
  const high = bestEnd < 0 ? Number.POSITIVE_INFINITY : cellScores[order[bestEnd]];
  const below = bestEnd < n - 1 ? cellScores[order[bestEnd + 1]] : Number.NEGATIVE_INFINITY;
  return { threshold: cutThreshold(high, below), value: best };
}

import { emptyCounts, FN, FP, TN, TP } from '../core/kernels/confusion-counts.js';
import { ArgsortWorkspace } from '../core/sort.js';
import { CutList } from './cut-list.js';
import { cutThreshold } from './cut-points.js';
import type { CutSource } from './cut-source.js';
import { emptyCells, sweepCells } from './global-search.js';
import { groupCounts } from './group-sweep.js';
import { sweepColumn } from './label-cuts.js';
import { averageThresholdCounts } from './objective.js';
import type { TopKProblem } from './top-k-problem.js';

/**
 * The threshold searches on top-k predictions: each label's column is its listed known cells,
 * and its totals count the unlisted ones too (never predicted: false negatives and true
 * negatives of every cut). The searches are the dense ones (the per-label sweep, the micro
 * search over the cut lists, the shared-threshold sweep) on far fewer cells: the cost follows
 * the `rows x k` listed cells, not `rows x labels`.
 *
 * A label with known cells but none listed can only be predicted nowhere on the fitting data;
 * it takes the shared threshold, as a label without a known cell does in the dense search.
 *
 * @internal
 * @module
 */

/** The {@link CutSource} of a top-k problem. @internal */
export function topKCutSource(problem: TopKProblem): CutSource {
  const { cols, start, score, label, row, sampleWeight } = problem;
  const weightOf = (r: number): number => (sampleWeight === undefined ? 1 : sampleWeight[r]);
  return {
    cols,
    forEachLabelCuts(monotone, visit) {
      const cuts = new CutList();
      const order = { buffer: new Int32Array(0) };
      const workspace = new ArgsortWorkspace();
      let weights: Float64Array | undefined;
      for (let j = 0; j < cols; j++) {
        const a = start[j];
        const n = start[j + 1] - a;
        if (sampleWeight !== undefined) {
          if (weights === undefined || weights.length < n)
            weights = new Float64Array(Math.max(n, 16));
          for (let c = 0; c < n; c++) weights[c] = sampleWeight[row[a + c]];
        }
        const labels = label.subarray(a, a + n);
        sweepColumn(
          { scores: score.subarray(a, a + n), labels, weights, n, positiveCount: 0 },
          monotone,
          cuts,
          order,
          workspace,
        );
        cuts.positives = problem.positives[j];
        cuts.negatives = problem.negatives[j];
        cuts.cells = problem.knownCells[j];
        visit(j, cuts);
      }
    },
    searchGlobal(spec, average) {
      const n = start[cols];
      const { rows } = problem;
      const groups = average === 'micro' ? 1 : average === 'macro' ? cols : rows;
      const cells = emptyCells(n, score instanceof Float32Array);
      for (let j = 0; j < cols; j++) {
        for (let a = start[j]; a < start[j + 1]; a++) {
          const r = row[a];
          const g = average === 'micro' ? 0 : average === 'macro' ? j : r;
          cells.score[a] = score[a];
          cells.group[a] = g;
          cells.label[a] = label[a];
          // 'samples' counts cells and weighs rows; the others weigh cells.
          cells.weight[a] = average === 'samples' ? 1 : weightOf(r);
        }
      }
      const positives = new Float64Array(groups);
      const negatives = new Float64Array(groups);
      const weight = new Float64Array(groups);
      if (average === 'micro') {
        for (let j = 0; j < cols; j++) {
          positives[0] += problem.positives[j];
          negatives[0] += problem.negatives[j];
        }
        weight[0] = 1;
      } else if (average === 'macro') {
        positives.set(problem.positives);
        negatives.set(problem.negatives);
        for (let j = 0; j < cols; j++) weight[j] = +(problem.knownCells[j] > 0);
      } else {
        for (let r = 0; r < rows; r++) {
          positives[r] = problem.rowPositives[r];
          negatives[r] = problem.rowNegatives[r];
          weight[r] = positives[r] + negatives[r] > 0 ? weightOf(r) : 0;
        }
      }
      return sweepCells(cells, groupCounts(positives, negatives, weight), spec.evaluate);
    },
    thresholdsOfCuts(high) {
      const out = new Float64Array(cols);
      for (let j = 0; j < cols; j++) {
        const h = high[j];
        if (Number.isNaN(h) || start[j] === start[j + 1]) {
          out[j] = Number.NaN;
          continue;
        }
        // The highest listed score under the cut (the highest of all for the empty cut).
        let below = Number.NEGATIVE_INFINITY;
        for (let a = start[j]; a < start[j + 1]; a++) {
          const v = score[a];
          if (v < h && v > below) below = v;
        }
        out[j] = cutThreshold(h, below);
      }
      return out;
    },
    positivesPerLabel: () => problem.positiveCells,
    scoreThresholds(values, evaluate, average) {
      const counts = emptyCounts(problem.rows, cols, average === 'samples');
      const { perLabel, perRow } = counts;
      for (let j = 0; j < cols; j++) {
        let tp = 0;
        let fp = 0;
        for (let a = start[j]; a < start[j + 1]; a++) {
          if (!(score[a] >= values[j])) continue;
          const r = row[a];
          if (label[a] === 1) {
            tp += weightOf(r);
            if (perRow !== undefined) perRow[4 * r + TP]++;
          } else {
            fp += weightOf(r);
            if (perRow !== undefined) perRow[4 * r + FP]++;
          }
        }
        perLabel[4 * j + TP] = tp;
        perLabel[4 * j + FP] = fp;
        perLabel[4 * j + FN] = problem.positives[j] - tp;
        perLabel[4 * j + TN] = problem.negatives[j] - fp;
      }
      if (perRow !== undefined) {
        for (let r = 0; r < problem.rows; r++) {
          perRow[4 * r + FN] = problem.rowPositives[r] - perRow[4 * r + TP];
          perRow[4 * r + TN] = problem.rowNegatives[r] - perRow[4 * r + FP];
        }
      }
      return averageThresholdCounts(
        counts,
        evaluate,
        average,
        sampleWeight,
        average === 'macro' ? problem.knownCells : undefined,
      );
    },
  };
}

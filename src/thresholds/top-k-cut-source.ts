import { emptyCounts, FN, FP, TN, TP } from '../core/kernels/confusion-counts.js';
import { ArgsortWorkspace } from '../core/sort.js';
import { CutList } from './cut-list.js';
import { cutThreshold } from './cut-points.js';
import { type CutSource, pooledCutsOf } from './cut-source.js';
import { emptyCells, pooledMicroCut, sweepCells } from './global-search.js';
import { groupCounts } from './group-sweep.js';
import { sweepColumn } from './label-cuts.js';
import { averageThresholdCounts } from './objective.js';
import { groupByLabel, type LabelGroups, type TopKProblem } from './top-k-problem.js';

/**
 * The threshold searches on top-k predictions: each label's column is its listed known cells,
 * and its totals count the unlisted ones too (never predicted: false negatives and true
 * negatives of every cut). The searches are the dense ones (the per-label sweep, the micro
 * search over the cut lists, the shared-threshold sweep or, for a micro metric without weights,
 * the pooled ranks) on far fewer cells: the cost follows the `rows x k` listed cells, not
 * `rows x labels`. The cells are grouped by label only for the searches that need it.
 *
 * A label with known cells but none listed can only be predicted nowhere on the fitting data;
 * it takes the shared threshold, as a label without a known cell does in the dense search.
 *
 * @internal
 * @module
 */

/** The {@link CutSource} of a top-k problem. @internal */
export function topKCutSource(problem: TopKProblem): CutSource {
  const { rows, cols, rowStart, score, label, labelId, sampleWeight } = problem;
  const weightOf = (r: number): number => (sampleWeight === undefined ? 1 : sampleWeight[r]);
  /** Every known cell's weight, by class (listed or not). */
  const pooledTotals = (): { positives: number; negatives: number } => {
    let positives = 0;
    let negatives = 0;
    for (let j = 0; j < cols; j++) {
      positives += problem.positives[j];
      negatives += problem.negatives[j];
    }
    return { positives, negatives };
  };
  let grouped: LabelGroups | undefined;
  const groups = (): LabelGroups => {
    grouped ??= groupByLabel(problem);
    return grouped;
  };
  return {
    cols,
    forEachLabelCuts(monotone, visit) {
      const { start, score: scores, label: labels, row } = groups();
      const cuts = new CutList();
      const order = { buffer: new Int32Array(0) };
      const workspace = new ArgsortWorkspace();
      let weights: Float64Array | undefined;
      for (let j = 0; j < cols; j++) {
        const a = start[j];
        const n = start[j + 1] - a;
        if (sampleWeight !== undefined) {
          if (weights === undefined || weights.length < n) {
            weights = new Float64Array(Math.max(n, 16));
          }
          for (let c = 0; c < n; c++) weights[c] = sampleWeight[row[a + c]];
        }
        const column = {
          scores: scores.subarray(a, a + n),
          labels: labels.subarray(a, a + n),
          weights,
          n,
        };
        sweepColumn(column, monotone, cuts, order, workspace);
        cuts.positives = problem.positives[j];
        cuts.negatives = problem.negatives[j];
        cuts.cells = problem.knownCells[j];
        visit(j, cuts);
      }
    },
    searchGlobal(spec, average) {
      const { positives: allPositives, negatives: allNegatives } = pooledTotals();
      const n = score.length;
      if (average === 'micro' && sampleWeight === undefined && spec.monotone) {
        let listedPositives = 0;
        for (let c = 0; c < n; c++) listedPositives += label[c];
        return pooledMicroCut(
          label,
          score,
          allPositives - listedPositives,
          allNegatives - (n - listedPositives),
          spec.evaluate,
        );
      }
      const size = average === 'micro' ? 1 : average === 'macro' ? cols : rows;
      const cells = emptyCells(n, score instanceof Float32Array);
      cells.score.set(score);
      cells.label.set(label);
      for (let r = 0; r < rows; r++) {
        const w = weightOf(r);
        for (let c = rowStart[r]; c < rowStart[r + 1]; c++) {
          cells.group[c] = average === 'micro' ? 0 : average === 'macro' ? labelId[c] : r;
          // 'samples' counts cells and weighs rows; the others weigh cells.
          cells.weight[c] = average === 'samples' ? 1 : w;
        }
      }
      const positives = new Float64Array(size);
      const negatives = new Float64Array(size);
      const weight = new Float64Array(size);
      if (average === 'micro') {
        positives[0] = allPositives;
        negatives[0] = allNegatives;
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
      const { start, score: scores } = groups();
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
          const v = scores[a];
          if (v < h && v > below) below = v;
        }
        out[j] = cutThreshold(h, below);
      }
      return out;
    },
    pooledCuts(monotone) {
      const n = score.length;
      let weights: Float64Array | undefined;
      if (sampleWeight !== undefined) {
        weights = new Float64Array(n);
        for (let r = 0; r < rows; r++) weights.fill(sampleWeight[r], rowStart[r], rowStart[r + 1]);
      }
      const labels = new Uint8Array(label.buffer, label.byteOffset, n);
      const column = { scores: score, labels, weights, n };
      return pooledCutsOf(column, monotone, pooledTotals());
    },
    positivesPerLabel: () => problem.positiveCells,
    scoreThresholds(values, evaluate, average) {
      const counts = emptyCounts(rows, cols, average === 'samples');
      const { perLabel, perRow } = counts;
      // True and false positives: the listed known cells at or above their label's threshold.
      for (let r = 0; r < rows; r++) {
        const w = weightOf(r);
        let tp = 0;
        let fp = 0;
        for (let c = rowStart[r]; c < rowStart[r + 1]; c++) {
          const j = labelId[c];
          if (!(score[c] >= values[j])) continue;
          if (label[c] === 1) {
            perLabel[4 * j + TP] += w;
            tp++;
          } else {
            perLabel[4 * j + FP] += w;
            fp++;
          }
        }
        if (perRow !== undefined) {
          perRow[4 * r + TP] = tp;
          perRow[4 * r + FP] = fp;
          perRow[4 * r + FN] = problem.rowPositives[r] - tp;
          perRow[4 * r + TN] = problem.rowNegatives[r] - fp;
        }
      }
      for (let j = 0; j < cols; j++) {
        perLabel[4 * j + FN] = problem.positives[j] - perLabel[4 * j + TP];
        perLabel[4 * j + TN] = problem.negatives[j] - perLabel[4 * j + FP];
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

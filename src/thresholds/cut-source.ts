import type { CountScore } from '../core/kernels/count-averaging.js';
import { ArgsortWorkspace } from '../core/sort.js';
import type { MetricSpec } from './count-metric.js';
import { CutList } from './cut-list.js';
import { cutThreshold } from './cut-points.js';
import { thresholdsOfCuts } from './cut-thresholds.js';
import { applyValues } from './decision-matrix.js';
import { type GlobalCut, searchGlobalThreshold } from './global-search.js';
import type { ThresholdProblem } from './inputs.js';
import type { LabelColumn } from './label-columns.js';
import { forEachLabelCuts, sweepColumn } from './label-cuts.js';
import { positivesPerLabel, scoreDecisions, type ThresholdAverage } from './objective.js';

/**
 * What the threshold searches read of a fitting problem, whatever form its scores came in: a
 * dense score matrix, or each row's top-k predictions (where the cells a row does not list are
 * never predicted). The per-label, micro and global searches and the final scoring are written
 * once against this interface.
 *
 * @internal
 * @module
 */

/** A fitting problem as the threshold searches read it. @internal */
export interface CutSource {
  /** Number of labels. */
  readonly cols: number;
  /**
   * Calls `visit(j, cuts)` for every label in order with its candidate cuts; `cuts.positives`
   * and `cuts.negatives` are the label's weighted totals and `cuts.cells` its known cells
   * (0: the label takes the shared threshold).
   */
  forEachLabelCuts(monotone: boolean, visit: (j: number, cuts: CutList) => void): void;
  /** The best threshold shared by every label. */
  searchGlobal(spec: MetricSpec, average: ThresholdAverage): GlobalCut;
  /**
   * The threshold of each label's chosen cut (`high[j]`: the lowest kept score, +Infinity for
   * the empty cut); NaN where the label takes the shared threshold instead.
   */
  thresholdsOfCuts(high: Float64Array): Float64Array;
  /**
   * Every cell pooled into one list of cuts (one shared threshold, micro counts), with the
   * threshold of a chosen cut (`high`: its lowest kept score, +Infinity for the empty cut).
   */
  pooledCuts(monotone: boolean): { cuts: CutList; threshold: (high: number) => number };
  /** Known positive cells per label (unweighted), for `minPositives` and `shrinkage`. */
  positivesPerLabel(): ArrayLike<number>;
  /** The metric value that the decisions `score >= values[j]` reach, combined by `average`. */
  scoreThresholds(values: Float64Array, evaluate: CountScore, average: ThresholdAverage): number;
}

/** The {@link CutSource} of a dense problem. @internal */
export function denseCutSource(problem: ThresholdProblem): CutSource {
  const { truth, scores, sampleWeight } = problem;
  return {
    cols: truth.cols,
    forEachLabelCuts: (monotone, visit) => forEachLabelCuts(problem, monotone, visit),
    searchGlobal: (spec, average) => searchGlobalThreshold(problem, spec, average),
    thresholdsOfCuts: (high) => thresholdsOfCuts(truth, scores, high),
    pooledCuts: (monotone) => {
      const t = truth.data;
      const s = scores.data;
      let n = 0;
      for (let i = 0; i < t.length; i++) n += +(t[i] >= 0);
      const column = {
        scores: s instanceof Float32Array ? new Float32Array(n) : new Float64Array(n),
        labels: new Uint8Array(n),
        weights: sampleWeight === undefined ? undefined : new Float64Array(n),
        n,
      };
      for (let r = 0, i = 0, k = 0; r < truth.rows; r++) {
        for (let j = 0; j < truth.cols; j++, i++) {
          if (t[i] < 0) continue;
          column.scores[k] = s[i];
          column.labels[k] = t[i];
          if (column.weights !== undefined && sampleWeight !== undefined) {
            column.weights[k] = sampleWeight[r];
          }
          k++;
        }
      }
      return pooledCutsOf(column, monotone);
    },
    positivesPerLabel: () => positivesPerLabel(truth),
    scoreThresholds: (values, evaluate, average) =>
      scoreDecisions(truth, applyValues(scores, values), evaluate, average, sampleWeight),
  };
}

/**
 * The cuts of one pooled column, and the threshold of a chosen cut: midway to the highest
 * score of the column under it (`totals`, when given, replace the column's own class totals:
 * cells outside it that no threshold predicts).
 *
 * @internal
 */
export function pooledCutsOf(
  column: LabelColumn,
  monotone: boolean,
  totals?: { positives: number; negatives: number },
): { cuts: CutList; threshold: (high: number) => number } {
  const cuts = new CutList();
  sweepColumn(column, monotone, cuts, { buffer: new Int32Array(0) }, new ArgsortWorkspace());
  if (totals !== undefined) {
    cuts.positives = totals.positives;
    cuts.negatives = totals.negatives;
  }
  const threshold = (high: number): number => {
    let below = Number.NEGATIVE_INFINITY;
    const { scores, n } = column;
    for (let c = 0; c < n; c++) {
      const v = scores[c];
      if (v < high && v > below) below = v;
    }
    return cutThreshold(high, below);
  };
  return { cuts, threshold };
}

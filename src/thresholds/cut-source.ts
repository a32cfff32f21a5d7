import type { CountScore } from '../core/kernels/count-averaging.js';
import type { MetricSpec } from './count-metric.js';
import type { CutList } from './cut-list.js';
import { thresholdsOfCuts } from './cut-thresholds.js';
import { applyValues } from './decision-matrix.js';
import { type GlobalCut, searchGlobalThreshold } from './global-search.js';
import type { ThresholdProblem } from './inputs.js';
import { forEachLabelCuts } from './label-cuts.js';
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
    positivesPerLabel: () => positivesPerLabel(truth),
    scoreThresholds: (values, evaluate, average) =>
      scoreDecisions(truth, applyValues(scores, values), evaluate, average, sampleWeight),
  };
}

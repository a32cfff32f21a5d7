import { isMultilabelError, MultilabelError } from '../core/errors.js';
import { meanOf } from '../core/kernels/count-averaging.js';
import { forEachLabelRanks, forEachLabelRanksOfFloat32 } from '../core/kernels/label-ranks.js';
import { pooledRanks } from '../core/kernels/pooled-ranks.js';
import type { BinaryRanks } from '../core/kernels/positive-ranks.js';
import type { DenseMatrix, FloatArray } from '../core/matrix.js';
import { type BinaryProblem, CurveWorkspace } from './binary-curve.js';
import type { Average } from './inputs.js';
import {
  assertNotEmptyProblem,
  type ClassesPresent,
  collectAll,
  collectColumn,
  collectRow,
  ProblemBuffer,
} from './problem-buffer.js';

/**
 * Averaging of per-label ranking metrics (average precision, ROC AUC): scikit-learn's
 * `_average_binary_score`, with missing cells left out of each binary problem.
 *
 * @internal
 * @module
 */

/**
 * A metric of one binary problem. `where` names the problem in error messages ("label 3",
 * "row 7", "the pooled cells"); `classes` tells which classes its known cells hold before
 * zero-weight entries are dropped.
 *
 * @internal
 */
export type BinaryMetric = (
  problem: BinaryProblem,
  workspace: CurveWorkspace,
  where: string,
  classes: ClassesPresent,
) => number;

/** Options of {@link averageBinaryMetric}. @internal */
export interface BinaryAverageOptions extends LabelScoreOptions {
  readonly average: Average;
  /**
   * The per-row values for `'samples'` (an optional fast path); when absent every row is
   * scored as a binary problem with `metric`.
   */
  readonly samples?: () => { values: Float64Array; weights: Float64Array | undefined };
}

/** Options of {@link labelScores}. @internal */
export interface LabelScoreOptions {
  readonly sampleWeight: Float64Array | undefined;
  /** The metric's name, for error messages. */
  readonly what: string;
  /**
   * The metric of a ranked unweighted problem: the fast path without sample weights, which
   * must give the same value as `metric`.
   */
  readonly ranked?: (ranks: BinaryRanks, where: string) => number;
  /**
   * Where the metric throws `UNDEFINED_METRIC` for a label, store NaN and flag the label in
   * `undefinedLabels` instead (for summaries such as `MultilabelMetrics`).
   */
  readonly undefinedLabels?: Uint8Array;
  /**
   * Whether the metric is undefined (throws `UNDEFINED_METRIC`) for a label with these classes
   * present. With `undefinedLabels`, such labels are flagged without calling the metric: on
   * very many one-class labels, building and catching an error per label would dominate.
   */
  readonly undefinedFor?: (positive: boolean, negative: boolean) => boolean;
  /** Score only the labels `from .. to` (the others stay 0); default: every label. */
  readonly columns?: readonly [from: number, to: number];
}

/**
 * Scores a per-label ranking metric with scikit-learn's averaging: `'micro'` pools every known
 * cell (row weights repeated), `'macro'` is the plain mean over labels, `'weighted'` weights
 * labels by their (weighted) positives and returns 0 when those sum to about zero (`np.isclose`)
 * before scoring anything, `'samples'` scores each row without weights and averages them with
 * `sampleWeight`, `'none'` returns the labels' values. Labels (or rows) of average weight 0
 * count 0. A single label column is one binary problem whatever the average (scikit-learn reads
 * an (n, 1) matrix as a binary target); `'none'` then returns it as a one-entry array. A NaN
 * value (ROC AUC of a class whose rows all weigh 0) may appear per label, but an averaged NaN
 * throws.
 *
 * @internal
 */
export function averageBinaryMetric(
  truth: DenseMatrix<Int8Array>,
  scores: DenseMatrix<FloatArray>,
  metric: BinaryMetric,
  options: BinaryAverageOptions,
): number | Float64Array {
  return checkAveraged(averageBinaryValues(truth, scores, metric, options), options.what);
}

/** Throws on an averaged NaN (see {@link averageBinaryMetric}). */
function checkAveraged(result: number | Float64Array, what: string): number | Float64Array {
  if (typeof result === 'number' && Number.isNaN(result)) {
    throw new MultilabelError(
      'UNDEFINED_METRIC',
      `The ${what} is undefined: a label's positives or negatives all have \`sampleWeight\` 0 (scikit-learn returns NaN). Use average: 'none' to see which label, or give those rows a positive weight.`,
    );
  }
  return result;
}

/**
 * {@link averageBinaryMetric} of `'macro'` or `'none'` without sample weights, straight from
 * flat `Float32Array` labels and scores of `rows` x `cols` cells (each label ranked as
 * `labelScores` ranks it, by `forEachLabelRanksOfFloat32`): the same value, or undefined when a
 * cell is not a plain 0/1 label or a finite score (the caller then reads the inputs the exact
 * way). A label whose `ranked` value throws throws once every cell has been checked, the first
 * in column order, as `labelScores` throws it.
 *
 * @internal
 */
export function averageRankedOfFloat32(
  labels: Float32Array,
  scores: Float32Array,
  rows: number,
  cols: number,
  average: 'macro' | 'none',
  what: string,
  ranked: (ranks: BinaryRanks, where: string) => number,
): number | Float64Array | undefined {
  const values = new Float64Array(cols);
  let failed = false;
  let failure: unknown;
  const checked = forEachLabelRanksOfFloat32(labels, scores, rows, cols, (j, ranks) => {
    if (failed) return;
    try {
      values[j] = scoreRanked(ranks, `label ${j}`, what, ranked);
    } catch (error) {
      failed = true;
      failure = error;
    }
  });
  if (!checked) return undefined;
  if (failed) throw failure;
  // As averageBinaryValues: a single label column is one problem whatever the average.
  const result =
    average === 'none'
      ? values
      : cols === 1
        ? values[0]
        : averageLabelScores(values, undefined, what);
  return checkAveraged(result, what);
}

/**
 * The average of a call that {@link averageRankedOfFloat32} can score: `'macro'` (also when
 * not given) or `'none'` without `sampleWeight`; undefined for any other call.
 *
 * @internal
 */
export function rankedFloat32Average(options: unknown): 'macro' | 'none' | undefined {
  // Not an options object: the reader names the error.
  if (typeof options !== 'object' || options === null) return undefined;
  const { average, sampleWeight } = options as { average?: unknown; sampleWeight?: unknown };
  if (sampleWeight !== undefined) return undefined;
  return average === undefined || average === 'macro'
    ? 'macro'
    : average === 'none'
      ? 'none'
      : undefined;
}

function averageBinaryValues(
  truth: DenseMatrix<Int8Array>,
  scores: DenseMatrix<FloatArray>,
  metric: BinaryMetric,
  options: BinaryAverageOptions,
): number | Float64Array {
  const { average, sampleWeight, what } = options;
  const { rows, cols } = truth;
  if (cols === 1) {
    const values = labelScores(truth, scores, metric, options);
    return average === 'none' ? values : values[0];
  }
  if (average === 'micro') return pooledScore(truth, scores, metric, options);
  if (average === 'samples') {
    if (options.samples !== undefined) {
      const { values, weights } = options.samples();
      return meanOf(values, weights, false, what);
    }
    const workspace = new CurveWorkspace();
    const problem = new ProblemBuffer(scores.data);
    const values = new Float64Array(rows);
    const weights = sampleWeight === undefined ? undefined : new Float64Array(rows);
    let n = 0;
    for (let r = 0; r < rows; r++) {
      collectRow(truth, scores, r, problem);
      if (problem.n === 0) continue;
      const v = metric(problem, workspace, `row ${r}`, problem.classes);
      const w = sampleWeight === undefined ? 1 : sampleWeight[r];
      values[n] = w === 0 ? 0 : v;
      if (weights !== undefined) weights[n] = w;
      n++;
    }
    return meanOf(values.subarray(0, n), weights?.subarray(0, n), false, what);
  }
  if (average === 'weighted') {
    const labelWeights = positiveWeights(truth, sampleWeight);
    // scikit-learn returns 0 here, before scoring any label, when np.isclose(total, 0).
    if (isCloseToZero(labelWeights)) return 0;
    return averageLabelScores(labelScores(truth, scores, metric, options), labelWeights, what);
  }
  const values = labelScores(truth, scores, metric, options);
  return average === 'none' ? values : averageLabelScores(values, undefined, what);
}

/** The (sample-weighted) positives of each label: the weights of `'weighted'`. @internal */
function positiveWeights(
  truth: DenseMatrix<Int8Array>,
  sampleWeight: Float64Array | undefined,
): Float64Array {
  const { rows, cols } = truth;
  const weights = new Float64Array(cols);
  for (let r = 0; r < rows; r++) {
    const w = sampleWeight === undefined ? 1 : sampleWeight[r];
    for (let j = 0, i = r * cols; j < cols; j++, i++) {
      if (truth.data[i] === 1) weights[j] += w;
    }
  }
  return weights;
}

/**
 * `np.isclose(sum(weights), 0)`: scikit-learn's test before a `'weighted'` average. The weights
 * come scaled so that the largest sample weight is in [1, 2) (see `core/weights.ts`), which
 * makes the test relative to it instead of absolute in the caller's unit.
 *
 * @internal
 */
export function isCloseToZero(weights: Float64Array): boolean {
  let total = 0;
  for (let j = 0; j < weights.length; j++) total += weights[j];
  return Math.abs(total) <= 1e-8;
}

/**
 * The mean of per-label values (`labelWeights` undefined: `'macro'`), or their mean weighted by
 * `labelWeights` with labels of weight 0 counting 0 (`'weighted'`, after the caller's
 * {@link isCloseToZero} check). A NaN value makes the mean NaN.
 *
 * @internal
 */
export function averageLabelScores(
  values: Float64Array,
  labelWeights: Float64Array | undefined,
  what: string,
): number {
  if (labelWeights === undefined) return meanOf(values, undefined, false, what);
  const forced = Float64Array.from(values);
  for (let j = 0; j < forced.length; j++) if (labelWeights[j] === 0) forced[j] = 0;
  return meanOf(forced, labelWeights, false, what);
}

/** Every label's value (or those of `options.columns`), in column order. @internal */
export function labelScores(
  truth: DenseMatrix<Int8Array>,
  scores: DenseMatrix<FloatArray>,
  metric: BinaryMetric,
  options: LabelScoreOptions,
): Float64Array {
  return labelScoresOf(truth, scores, [{ metric, options }])[0];
}

/** One metric of {@link labelScoresOf} and {@link pooledScoresOf}. @internal */
export interface ScoredMetric {
  readonly metric: BinaryMetric;
  readonly options: LabelScoreOptions;
}

/**
 * {@link labelScores} of several metrics with the same weights and columns: without weights,
 * each label is ranked once for all of them (the same values as one call each).
 *
 * @internal
 */
export function labelScoresOf(
  truth: DenseMatrix<Int8Array>,
  scores: DenseMatrix<FloatArray>,
  metrics: readonly ScoredMetric[],
): Float64Array[] {
  const { sampleWeight, columns } = metrics[0].options;
  const cols = truth.cols;
  const [from, to] = columns ?? [0, cols];
  const all = metrics.map(() => new Float64Array(cols));
  if (sampleWeight === undefined && metrics.every(({ options }) => options.ranked)) {
    forEachLabelRanks(
      truth,
      scores,
      (j, ranks) => {
        metrics.forEach(({ options }, k) => {
          const ranked = options.ranked as NonNullable<LabelScoreOptions['ranked']>;
          all[k][j] = guarded(options, j, ranks.positiveCount > 0, ranks.negativeCount > 0, () =>
            scoreRanked(ranks, `label ${j}`, options.what, ranked),
          );
        });
      },
      from,
      to,
    );
    return all;
  }
  const workspace = new CurveWorkspace();
  const problem = new ProblemBuffer(scores.data);
  metrics.forEach(({ metric, options }, k) => {
    for (let j = from; j < to; j++) {
      collectColumn(truth, scores, j, sampleWeight, problem);
      const { positive, negative } = problem.classes;
      all[k][j] = guarded(options, j, positive, negative, () =>
        metric(problem, workspace, `label ${j}`, problem.classes),
      );
    }
  });
  return all;
}

/**
 * `score()` of label `j`, or, where the metric is undefined for it and `undefinedLabels` asks
 * for that, NaN with the label flagged (see {@link LabelScoreOptions}).
 */
function guarded(
  options: LabelScoreOptions,
  j: number,
  positive: boolean,
  negative: boolean,
  score: () => number,
): number {
  const { undefinedLabels, undefinedFor } = options;
  if (undefinedLabels === undefined) return score();
  if (undefinedFor?.(positive, negative) === true) {
    undefinedLabels[j] = 1;
    return Number.NaN;
  }
  try {
    return score();
  } catch (error) {
    if (!isMultilabelError(error) || error.code !== 'UNDEFINED_METRIC') throw error;
    undefinedLabels[j] = 1;
    return Number.NaN;
  }
}

/** The metric of every known cell pooled into one problem (`'micro'`). @internal */
export function pooledScore(
  truth: DenseMatrix<Int8Array>,
  scores: DenseMatrix<FloatArray>,
  metric: BinaryMetric,
  options: LabelScoreOptions,
): number {
  return pooledScoresOf(truth, scores, [{ metric, options }])[0];
}

/**
 * {@link pooledScore} of several metrics with the same weights: without weights, the cells are
 * ranked once for all of them (the same values as one call each).
 *
 * @internal
 */
export function pooledScoresOf(
  truth: DenseMatrix<Int8Array>,
  scores: DenseMatrix<FloatArray>,
  metrics: readonly ScoredMetric[],
): number[] {
  const { sampleWeight } = metrics[0].options;
  if (sampleWeight === undefined && metrics.every(({ options }) => options.ranked)) {
    const ranks = pooledRanks(truth, scores);
    return metrics.map(({ options }) =>
      scoreRanked(
        ranks,
        'the pooled cells',
        options.what,
        options.ranked as NonNullable<LabelScoreOptions['ranked']>,
      ),
    );
  }
  return metrics.map(({ metric }) => {
    const problem = new ProblemBuffer(scores.data);
    collectAll(truth, scores, sampleWeight, problem);
    return metric(problem, new CurveWorkspace(), 'the pooled cells', problem.classes);
  });
}

function scoreRanked(
  ranks: BinaryRanks,
  where: string,
  what: string,
  ranked: ((ranks: BinaryRanks, where: string) => number) | undefined,
): number {
  if (ranks.positiveCount + ranks.negativeCount === 0) {
    assertNotEmptyProblem({ n: 0 } as BinaryProblem, where, what);
  }
  return (ranked as (ranks: BinaryRanks, where: string) => number)(ranks, where);
}

import { MultilabelError } from '../core/errors.js';
import type { CountScore } from '../core/kernels/count-averaging.js';
import type { LabelMatrix, ScoreMatrix } from '../core/matrix.js';
import { checkBoolean, checkOptionKeys } from '../core/validate.js';
import { readMetric, type ThresholdMetric } from './count-metric.js';
import type { DecisionMatrix } from './decision-matrix.js';
import { groupCounts, startGroups } from './group-sweep.js';
import { readProblem, readRuleScores, type ThresholdProblem } from './inputs.js';
import {
  beatsBest,
  readThresholdAverage,
  scoreDecisions,
  type ThresholdAverage,
} from './objective.js';
import { forEachRowOrder } from './row-order.js';
import { topKDecisions } from './top-k-decision.js';

/**
 * Options of {@link rankCut}.
 *
 * @expand
 * @category Options
 * @example
 * ```ts
 * import type { RankCutOptions } from 'tfjs-multilabel/thresholds';
 *
 * const options: RankCutOptions = { metric: 'f1', average: 'samples', forceAtLeastOne: true };
 * console.log(options.average); // 'samples'
 * ```
 */
export interface RankCutOptions {
  /**
   * The metric to maximise.
   *
   * @defaultValue `'f1'`
   */
  metric?: ThresholdMetric;
  /**
   * F-beta's beta, with `metric: 'fbeta'` only.
   *
   * @defaultValue none: required with `metric: 'fbeta'`
   */
  beta?: number;
  /**
   * How the metric is combined over the matrix.
   *
   * @defaultValue `'micro'`
   */
  average?: ThresholdAverage;
  /**
   * The value of a 0/0 metric: 0 or 1.
   *
   * @defaultValue `0`
   */
  zeroDivision?: 0 | 1;
  /**
   * One weight `>= 0` per row.
   *
   * @defaultValue none: every row weighs 1
   */
  sampleWeight?: ArrayLike<number>;
  /**
   * The marker of a missing label: a finite number outside [0, 1] (such as `-1` or `-100`) or
   * `NaN`. Cells of `yTrue` equal to it, and `NaN` cells, are unknown and left out of every
   * count.
   *
   * @defaultValue none: every label must be 0 or 1 (anything else throws `NON_BINARY_LABELS`)
   */
  ignoreIndex?: number;
  /**
   * Only consider k >= 1 (otherwise k = 0, predicting nothing, is a candidate too).
   *
   * @defaultValue `false`
   */
  forceAtLeastOne?: boolean;
}

/**
 * RCut with a learned rank (Yang 2001). Returned by {@link rankCut}.
 *
 * @category Results
 * @example
 * ```ts
 * import { rankCut } from 'tfjs-multilabel/thresholds';
 *
 * const rule = rankCut([[1, 0, 0], [0, 1, 0]], [[0.9, 0.5, 0.1], [0.2, 0.8, 0.3]]);
 * console.log(rule.k, rule.score); // 1 1
 * console.log(Array.from(rule.apply([[0.3, 0.1, 0.6]]).data)); // [0, 0, 1]
 * ```
 */
export interface RankCut {
  /** Labels predicted per row. */
  readonly k: number;
  /** The metric value that `k` reaches on the fitting data. */
  readonly score: number;
  /**
   * The top-`k` decisions for new scores (see {@link topK}).
   *
   * @param scores Scores with the fitted number of labels.
   * @returns The 0/1 decisions.
   */
  apply(scores: ScoreMatrix): DecisionMatrix;
}

/**
 * Learns the number of labels k to predict per row (each row's k highest scores) that
 * maximises a metric on `(yTrue, yScore)`: every k from 0 (or 1) to the number of labels is
 * scored exactly, in one pass after sorting each row once. On a tie the smaller k wins.
 *
 * @summary Learns how many top labels to predict per row (RCut with a learned k).
 * @category Rules
 * @param yTrue Labels, 0/1 (and, with `ignoreIndex`, that marker or NaN for a missing label).
 * @param yScore Scores of the same shape.
 * @param options See {@link RankCutOptions}.
 * @returns The learned rule: `k`, `score`, `apply(scores)`.
 * @throws {@link MultilabelError} for bad inputs or options, as {@link optimizeThresholds}.
 * @example
 * ```ts
 * import { rankCut } from 'tfjs-multilabel/thresholds';
 *
 * const yTrue = [[1, 1, 0], [1, 0, 1], [0, 1, 1]];
 * const yScore = [[0.9, 0.8, 0.1], [0.7, 0.2, 0.6], [0.3, 0.5, 0.4]];
 * const rule = rankCut(yTrue, yScore, { average: 'samples' });
 * console.log(rule.k, rule.score); // 2 1
 * ```
 */
export function rankCut(
  yTrue: LabelMatrix,
  yScore: ScoreMatrix,
  options?: RankCutOptions,
): RankCut {
  checkOptionKeys(
    options,
    ['metric', 'beta', 'average', 'zeroDivision', 'sampleWeight', 'ignoreIndex', 'forceAtLeastOne'],
    'rankCut',
  );
  const o = options ?? {};
  const spec = readMetric(o);
  const average = readThresholdAverage(o.average, 'micro');
  const force = checkBoolean(o.forceAtLeastOne, 'forceAtLeastOne', false);
  const problem = readProblem(yTrue, yScore, o);
  const { k } = learnRank(problem, spec.evaluate, average, force);
  const decisions = topKDecisions(problem.scores, k);
  const score = scoreDecisions(
    problem.truth,
    decisions,
    spec.evaluate,
    average,
    problem.sampleWeight,
  );
  return rankCutRule(k, score, problem.truth.cols);
}

/** The rule object of a learned k. @internal */
export function rankCutRule(k: number, score: number, cols: number): RankCut {
  return {
    k,
    score,
    apply(scores: ScoreMatrix): DecisionMatrix {
      const s = readRuleScores(scores, cols, 'learned');
      return { data: topKDecisions(s, k), shape: [s.rows, s.cols] };
    },
  };
}

/** Scores every k and returns the best (smallest on a tie). @internal */
export function learnRank(
  problem: ThresholdProblem,
  evaluate: CountScore,
  average: ThresholdAverage,
  force: boolean,
): { k: number; score: number } {
  const { truth, scores, sampleWeight } = problem;
  const { rows, cols } = truth;
  const t = truth.data;
  // Per group (one, each label, or each row): weighted positives, negatives, tp, fp, value.
  const groups = average === 'micro' ? 1 : average === 'macro' ? cols : rows;
  const pos = new Float64Array(groups);
  const neg = new Float64Array(groups);
  const weight = new Float64Array(groups);
  const cellWeight = (r: number): number =>
    average === 'samples' || sampleWeight === undefined ? 1 : sampleWeight[r];
  const groupOf = (r: number, j: number): number =>
    average === 'micro' ? 0 : average === 'macro' ? j : r;
  for (let r = 0, i = 0; r < rows; r++) {
    for (let j = 0; j < cols; j++, i++) {
      if (t[i] < 0) continue;
      const g = groupOf(r, j);
      if (t[i] === 1) pos[g] += cellWeight(r);
      else neg[g] += cellWeight(r);
      weight[g] = average === 'samples' ? (sampleWeight === undefined ? 1 : sampleWeight[r]) : 1;
    }
  }
  const counts = groupCounts(pos, neg, weight);
  const { tp, fp, value } = counts;
  // Groups of weight 0 are scored too: their values widen the tie margin.
  let { sum, total, scale } = startGroups(counts, evaluate, false);
  if (total === 0) {
    throw new MultilabelError(
      'EMPTY_INPUT',
      '`yTrue` has no known label cell with a positive weight.',
    );
  }
  // rank[k * rows + r]: the column of row r's (k+1)-th highest score.
  const rank = new Int32Array(rows * cols);
  forEachRowOrder(scores, (r, order) => {
    for (let k = 0; k < cols; k++) rank[k * rows + r] = order[k];
  });
  let bestK = 0;
  let best = force ? Number.NEGATIVE_INFINITY : sum / total;
  for (let k = 1; k <= cols; k++) {
    for (let r = 0; r < rows; r++) {
      const j = rank[(k - 1) * rows + r];
      const i = r * cols + j;
      if (t[i] < 0) continue;
      const g = groupOf(r, j);
      if (t[i] === 1) tp[g] += cellWeight(r);
      else fp[g] += cellWeight(r);
      const v = evaluate(neg[g] - fp[g], fp[g], pos[g] - tp[g], tp[g]);
      sum += weight[g] * (v - value[g]);
      value[g] = v;
      if (Math.abs(v) > scale) scale = Math.abs(v);
    }
    if (best === Number.NEGATIVE_INFINITY || beatsBest(sum / total, best, scale)) {
      best = sum / total;
      bestK = k;
    }
  }
  return { k: bestK, score: best };
}

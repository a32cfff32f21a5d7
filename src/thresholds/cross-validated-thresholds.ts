import { MultilabelError } from '../core/errors.js';
import type { DenseMatrix, FloatArray, LabelMatrix, ScoreMatrix } from '../core/matrix.js';
import { checkSeed } from '../core/random.js';
import {
  checkBoolean,
  checkInteger,
  checkNumber,
  checkOptionKeys,
  readRenamedOption,
} from '../core/validate.js';
import { stratifiedKFoldOfLabels } from '../data/stratified-k-fold.js';
import {
  fitRule,
  fitRuleWithParameters,
  inUnitInterval,
  readCandidates,
  type Settings,
} from './candidate-rules.js';
import { readMetric, type ThresholdMetric } from './count-metric.js';
import type { DecisionMatrix } from './decision-matrix.js';
import { expectedF1Decisions } from './expected-f1-decision.js';
import { readProblem, readRuleScores, type ThresholdProblem } from './inputs.js';
import { readThresholdAverage, scoreDecisions, type ThresholdAverage } from './objective.js';
import { proportionalCutDecisions, readPriors } from './proportional-cut.js';
import type { DecisionRuleName } from './rule-names.js';
import type { Thresholds } from './thresholds.js';

/**
 * Options of {@link crossValidatedThresholds}.
 *
 * @expand
 * @category Options
 * @example
 * ```ts
 * import type { CrossValidatedThresholdsOptions } from 'tfjs-multilabel/thresholds';
 *
 * const options: CrossValidatedThresholdsOptions = { nFolds: 5, metric: 'f1', average: 'macro', seed: 1 };
 * console.log(options.nFolds); // 5
 * ```
 */
export interface CrossValidatedThresholdsOptions {
  /**
   * Number of stratified folds, at least 2.
   *
   * @defaultValue `5`
   */
  nFolds?: number;
  /**
   * The number of folds under its former name.
   *
   * @defaultValue none: `nFolds` applies
   * @deprecated Use `nFolds`, the fold count's name across the library; `folds` is removed in
   * 0.3.0.
   */
  folds?: number;
  /**
   * The metric to maximise out of fold.
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
   * The rules to compare, in order of preference on equal scores.
   *
   * @defaultValue every rule that applies, simplest first: fixed, global, rankCut, mCut,
   * proportionalCut, expectedF1, micro, perLabel; `'fixed'` and `'expectedF1'` only when all
   * scores lie in [0, 1], `'mCut'` only with two labels or more, and `'expectedF1'` only when
   * rows × labels² is at most 2^30 (about 1,000 rows of 1,000 labels, or 20 rows of 7,000:
   * its time grows with the square of the label count). Name it here to compare it on larger
   * inputs. `scores` of the result has an entry for each candidate compared. `'per-label'`,
   * the former spelling of `'perLabel'`, is accepted until 0.3.0 (the result names it
   * `'perLabel'`).
   */
  candidates?: (DecisionRuleName | 'per-label')[];
  /**
   * The label frequencies of the training data, for `'proportionalCut'`. Given priors use no label
   * of `yTrue`, so the rule is then scored on all rows as one batch, the way it is applied to a
   * test set.
   *
   * @defaultValue the label frequencies of the fitting rows in each fold
   */
  priors?: ArrayLike<number>;
  /**
   * The threshold of the `'fixed'` rule.
   *
   * @defaultValue `0.5`
   */
  fixedThreshold?: number;
  /**
   * The value of a 0/0 metric: 0 or 1.
   *
   * @defaultValue `0`
   */
  zeroDivision?: 0 | 1;
  /**
   * One weight `>= 0` per row, used when fitting and scoring.
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
   * Give each row without a predicted label its highest-scoring one, in every rule.
   *
   * @defaultValue `false`
   */
  forceAtLeastOne?: boolean;
  /**
   * Stratify label pairs too (2) or single labels (1); see `stratifiedKFold`.
   *
   * @defaultValue `1`
   */
  order?: 1 | 2;
  /**
   * Seed of the fold assignment, an integer in [0, 2^53 - 1]; repeat `i` uses `seed + i`,
   * counted on from 0 past 2^53 - 1 (so `Number.MAX_SAFE_INTEGER` with two repeats uses it, then
   * 0).
   *
   * @defaultValue `0`
   */
  seed?: number;
  /**
   * Repeats the whole cross-validation with `repeats` different fold assignments and averages
   * each candidate's score. Small validation sets choose more reliably with 3-5.
   *
   * @defaultValue `1`
   */
  repeats?: number;
}

/**
 * The rule chosen by {@link crossValidatedThresholds}, refitted on every row.
 *
 * @category Results
 * @example
 * ```ts
 * import { crossValidatedThresholds } from 'tfjs-multilabel/thresholds';
 *
 * const y = [[1, 0], [0, 1], [1, 1], [0, 0], [1, 0], [0, 1]];
 * const s = [[0.8, 0.3], [0.2, 0.7], [0.6, 0.9], [0.1, 0.2], [0.7, 0.4], [0.3, 0.6]];
 * const cv = crossValidatedThresholds(y, s, { nFolds: 3, candidates: ['fixed', 'global'] });
 * console.log(cv.rule); // 'fixed'
 * console.log(cv.scores.fixed); // 1
 * ```
 */
export interface CrossValidatedRule {
  /** The chosen rule. */
  readonly rule: DecisionRuleName;
  /**
   * The out-of-fold metric value of every candidate compared, in order of preference: its keys
   * are the candidates that ran (given ones, or the defaults that apply to the input).
   */
  readonly scores: Partial<Record<DecisionRuleName, number>>;
  /** The refitted thresholds when the rule is a threshold rule (fixed, global, micro, perLabel). */
  readonly thresholds: Thresholds | undefined;
  /** The learned number of labels per row when the rule is `'rankCut'`. */
  readonly k: number | undefined;
  /** The priors used when the rule is `'proportionalCut'` (given, or the rows' label frequencies). */
  readonly priors: Float64Array | undefined;
  /**
   * Applies the refitted rule to new scores (for `'proportionalCut'`, the rows form one batch).
   *
   * @param scores Scores with the fitted number of labels.
   * @returns The 0/1 decisions.
   */
  apply(scores: ScoreMatrix): DecisionMatrix;
}

const OPTION_KEYS = [
  'nFolds',
  'metric',
  'beta',
  'average',
  'candidates',
  'fixedThreshold',
  'priors',
  'zeroDivision',
  'sampleWeight',
  'ignoreIndex',
  'forceAtLeastOne',
  'order',
  'seed',
  'repeats',
];

/**
 * Chooses the decision rule, and its thresholds, that maximises a metric out of fold: the rows
 * are split into stratified folds (`stratifiedKFold`), each candidate rule is fitted on the
 * other folds and applied to each held-out fold, and the pooled out-of-fold decisions are
 * scored once per candidate (averaged over `repeats` fold assignments). The best candidate
 * (the earlier one on equal scores) is then
 * refitted on all rows. Use it on a validation set, or on the out-of-fold scores of your
 * own cross-validation: tuning on the training scores of a model overfits.
 *
 * @summary Chooses the decision rule and thresholds that score best out of fold.
 * @category Optimizers
 * @param yTrue Labels, 0/1 (and, with `ignoreIndex`, that marker or NaN for a missing label).
 * @param yScore Scores of the same shape.
 * @param options See {@link CrossValidatedThresholdsOptions}.
 * @returns The chosen rule, each candidate's cross-validated score, and `apply(scores)`.
 * @throws {@link MultilabelError} for bad inputs or options as {@link optimizeThresholds};
 *   `INVALID_OPTION` when `nFolds` exceeds the rows with a positive label (some held-out fold
 *   would have none to score), when a candidate does not apply to the scores, or when both
 *   `nFolds` and `folds` are given.
 * @example
 * ```ts
 * import { crossValidatedThresholds } from 'tfjs-multilabel/thresholds';
 *
 * const y = [[1, 0], [0, 1], [1, 1], [0, 0], [1, 0], [0, 1]];
 * const s = [[0.9, 0.2], [0.3, 0.6], [0.7, 0.8], [0.2, 0.1], [0.6, 0.3], [0.1, 0.7]];
 * const cv = crossValidatedThresholds(y, s, { nFolds: 2, candidates: ['global', 'rankCut'] });
 * console.log(cv.rule); // 'global'
 * console.log(cv.scores.global); // 1
 * console.log(Array.from(cv.apply([[0.95, 0.05]]).data)); // [1, 0]
 * ```
 */
export function crossValidatedThresholds(
  yTrue: LabelMatrix,
  yScore: ScoreMatrix,
  options?: CrossValidatedThresholdsOptions,
): CrossValidatedRule {
  checkOptionKeys(options, OPTION_KEYS, 'crossValidatedThresholds', { folds: 'nFolds' });
  const o = options ?? {};
  const spec = readMetric(o);
  const average = readThresholdAverage(o.average, 'micro');
  const foldCount = readRenamedOption(o, 'nFolds', 'folds', 'crossValidatedThresholds');
  const folds = checkInteger(foldCount.value ?? 5, foldCount.key, { min: 2 });
  const fixed = checkNumber(o.fixedThreshold ?? 0.5, 'fixedThreshold');
  const force = checkBoolean(o.forceAtLeastOne, 'forceAtLeastOne', false);
  const problem = readProblem(yTrue, yScore, o);
  const { truth, scores } = problem;
  const probabilities = inUnitInterval(scores.data);
  const candidates = readCandidates(o.candidates, probabilities, scores.rows, scores.cols);
  const rowsWithPositive = countRowsWithPositive(truth);
  if (folds > rowsWithPositive) {
    throw new MultilabelError(
      'INVALID_OPTION',
      `\`${foldCount.key}\` is ${folds} but only ${rowsWithPositive} rows of \`yTrue\` have a positive label, so some held-out fold would have none; use at most ${Math.max(2, rowsWithPositive)} folds${rowsWithPositive < 2 ? ' (and more labelled rows)' : ''}.`,
    );
  }
  const repeats = checkInteger(o.repeats ?? 1, 'repeats', { min: 1 });
  const seed = checkSeed(o.seed ?? 0);
  const givenPriors = o.priors === undefined ? undefined : readPriors(o.priors, truth.cols);
  const settings: Settings = { spec, average, fixed, force, priors: givenPriors };
  const cvScores: Partial<Record<DecisionRuleName, number>> = {};
  const sums = new Float64Array(candidates.length);
  // Rules that fit nothing decide each row from its scores alone, the same in every fold.
  const unfitted = candidates.map((rule) =>
    rule === 'expectedF1'
      ? expectedF1Decisions(scores, force)
      : rule === 'proportionalCut' && givenPriors !== undefined
        ? proportionalCutDecisions(scores, givenPriors, 1, force)
        : undefined,
  );
  const outOfFold = unfitted.map((d) => d ?? new Uint8Array(truth.rows * truth.cols));
  for (let repeat = 0; repeat < repeats; repeat++) {
    // The labels as read: checked once, by readProblem.
    const splits = stratifiedKFoldOfLabels(truth, {
      nFolds: folds,
      order: o.order,
      seed: repeatSeed(seed, repeat),
    });
    for (const { train, test } of splits) {
      const fitRows = subset(problem, train);
      const testScores = takeRows(scores, test);
      candidates.forEach((rule, c) => {
        if (unfitted[c] !== undefined) return;
        const decisions = fitRule(rule, fitRows, settings)(testScores);
        const out = outOfFold[c];
        const cols = truth.cols;
        for (let i = 0; i < test.length; i++) {
          out.set(decisions.subarray(i * cols, (i + 1) * cols), test[i] * cols);
        }
      });
    }
    candidates.forEach((_, c) => {
      sums[c] += scoreDecisions(truth, outOfFold[c], spec.evaluate, average, problem.sampleWeight);
    });
  }
  let best = 0;
  candidates.forEach((rule, c) => {
    cvScores[rule] = sums[c] / repeats;
    if (sums[c] > sums[best]) best = c;
  });
  const rule = candidates[best];
  const fitted = fitRuleWithParameters(rule, problem, settings);
  const cols = truth.cols;
  return {
    rule,
    scores: cvScores,
    thresholds: fitted.thresholds,
    k: fitted.k,
    priors: fitted.priors,
    apply(newScores: ScoreMatrix): DecisionMatrix {
      const s = readRuleScores(newScores, cols, 'fitted');
      if (rule === 'expectedF1' && !inUnitInterval(s.data)) {
        throw new MultilabelError(
          'INVALID_ARGUMENT',
          "`scores` must be probabilities in [0, 1] for the chosen rule 'expectedF1'.",
        );
      }
      return { data: fitted.decide(s), shape: [s.rows, s.cols] };
    },
  };
}

/**
 * The seed of repeat `repeat`: `seed + repeat`, counted on from 0 past 2^53 - 1, so that it
 * stays a valid seed (exact: both operands are below 2^53).
 */
function repeatSeed(seed: number, repeat: number): number {
  const room = Number.MAX_SAFE_INTEGER - seed;
  return repeat <= room ? seed + repeat : repeat - room - 1;
}

function countRowsWithPositive(truth: DenseMatrix<Int8Array>): number {
  let count = 0;
  for (let r = 0; r < truth.rows; r++) {
    for (let j = 0; j < truth.cols; j++) {
      if (truth.data[r * truth.cols + j] === 1) {
        count++;
        break;
      }
    }
  }
  return count;
}

function takeRows<T extends FloatArray | Int8Array>(
  m: DenseMatrix<T>,
  rows: Int32Array,
): DenseMatrix<T> {
  const { cols } = m;
  const Ctor = m.data.constructor as new (n: number) => T;
  const data = new Ctor(rows.length * cols);
  for (let i = 0; i < rows.length; i++) {
    data.set(m.data.subarray(rows[i] * cols, (rows[i] + 1) * cols), i * cols);
  }
  return { data, rows: rows.length, cols };
}

function subset(problem: ThresholdProblem, rows: Int32Array): ThresholdProblem {
  const w = problem.sampleWeight;
  return {
    truth: takeRows(problem.truth, rows),
    scores: takeRows(problem.scores, rows),
    sampleWeight: w === undefined ? undefined : Float64Array.from(rows, (r) => w[r]),
  };
}

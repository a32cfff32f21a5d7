/**
 * The candidate rules of {@link crossValidatedThresholds}: which rules it compares by default
 * (or reads from `candidates`), and fitting one of them on a set of rows.
 */
import { MultilabelError } from '../core/errors.js';
import type { DenseMatrix, FloatArray } from '../core/matrix.js';
import { firstOutsideUnitInterval } from '../core/validate.js';
import type { MetricSpec } from './count-metric.js';
import { denseCutSource } from './cut-source.js';
import { applyValues } from './decision-matrix.js';
import { expectedF1Decisions } from './expected-f1-decision.js';
import type { ThresholdProblem } from './inputs.js';
import { mCutDecisions } from './m-cut.js';
import type { ThresholdAverage } from './objective.js';
import { fitThresholds } from './optimize-thresholds.js';
import { proportionalCutDecisions } from './proportional-cut.js';
import { learnRank } from './rank-cut.js';
import { forceAtLeastOne } from './row-order.js';
import { DECISION_RULES, type DecisionRuleName, readRuleName } from './rule-names.js';
import { Thresholds } from './thresholds.js';
import { topKDecisions } from './top-k-decision.js';

/** What every candidate is fitted with. @internal */
export interface Settings {
  spec: MetricSpec;
  average: ThresholdAverage;
  fixed: number;
  force: boolean;
  priors: Float64Array | undefined;
}

/** A rule fitted on some rows: its decision function and parameters. @internal */
export interface FittedRule {
  decide: (scores: DenseMatrix<FloatArray>) => Uint8Array;
  thresholds?: Thresholds;
  k?: number;
  priors?: Float64Array;
}

/** Fits one rule on `problem` and returns its decision function. @internal */
export function fitRule(rule: DecisionRuleName, problem: ThresholdProblem, settings: Settings) {
  return fitRuleWithParameters(rule, problem, settings).decide;
}

/** Fits one rule on `problem` and returns its decision function and parameters. @internal */
export function fitRuleWithParameters(
  rule: DecisionRuleName,
  problem: ThresholdProblem,
  { spec, average, fixed, force, priors: givenPriors }: Settings,
): FittedRule {
  const cols = problem.truth.cols;
  const finish = (decisions: Uint8Array, s: DenseMatrix<FloatArray>): Uint8Array => {
    if (force) forceAtLeastOne(decisions, s);
    return decisions;
  };
  switch (rule) {
    case 'fixed':
    case 'global':
    case 'micro':
    case 'perLabel': {
      const values =
        rule === 'fixed'
          ? new Float64Array(cols).fill(fixed)
          : fitThresholds(
              denseCutSource(problem),
              spec,
              rule,
              rule === 'global' ? average : 'micro',
              0,
              0,
            ).values;
      return {
        decide: (s) => finish(applyValues(s, values), s),
        thresholds: new Thresholds(values),
      };
    }
    case 'rankCut': {
      const { k } = learnRank(problem, spec.evaluate, average, force);
      return { decide: (s) => topKDecisions(s, k), k };
    }
    case 'mCut':
      return { decide: (s) => mCutDecisions(s) };
    case 'proportionalCut': {
      const priors = givenPriors ?? labelPriors(problem.truth);
      return { decide: (s) => proportionalCutDecisions(s, priors, 1, force), priors };
    }
    case 'expectedF1':
      return { decide: (s) => expectedF1Decisions(s, force) };
  }
}

/** Known positives / known cells, per label (0 for a label without known cells). */
function labelPriors(truth: DenseMatrix<Int8Array>): Float64Array {
  const { rows, cols, data } = truth;
  const positives = new Float64Array(cols);
  const known = new Float64Array(cols);
  for (let r = 0, i = 0; r < rows; r++) {
    for (let j = 0; j < cols; j++, i++) {
      if (data[i] < 0) continue;
      known[j]++;
      positives[j] += data[i];
    }
  }
  return positives.map((p, j) => (known[j] === 0 ? 0 : p / known[j]));
}

/**
 * The default candidates include `'expectedF1'` only when rows × labels² is at most this: its
 * decisions take up to O(labels²) time per row (about 10 s at this bound, worst case).
 */
const EXPECTED_F1_DEFAULT_WORK = 2 ** 30;

/**
 * The candidates to compare: the given names (`'per-label'` read as `'perLabel'`, repeats
 * dropped), or every rule that applies to the scores.
 *
 * @internal
 */
export function readCandidates(
  value: unknown,
  probabilities: boolean,
  rows: number,
  cols: number,
): DecisionRuleName[] {
  if (value === undefined) {
    const expectedF1 = probabilities && rows * cols * cols <= EXPECTED_F1_DEFAULT_WORK;
    return DECISION_RULES.filter(
      (r) =>
        (probabilities || r !== 'fixed') &&
        (expectedF1 || r !== 'expectedF1') &&
        (cols >= 2 || r !== 'mCut'),
    );
  }
  if (!Array.isArray(value) || value.length === 0) {
    throw new MultilabelError(
      'INVALID_OPTION',
      `\`candidates\` must be a non-empty array of rule names (${DECISION_RULES.map((r) => `'${r}'`).join(', ')}).`,
    );
  }
  const out: DecisionRuleName[] = [];
  for (const [i, v] of value.entries()) {
    const rule = readRuleName(v, `candidates[${i}]`, DECISION_RULES);
    if (rule === 'expectedF1' && !probabilities) {
      throw new MultilabelError(
        'INVALID_OPTION',
        "`candidates` has 'expectedF1', which needs probabilities, but `yScore` has values outside [0, 1]; apply a sigmoid first or drop it.",
      );
    }
    if (rule === 'mCut' && cols < 2) {
      throw new MultilabelError(
        'INVALID_OPTION',
        "`candidates` has 'mCut', which needs at least 2 labels.",
      );
    }
    if (!out.includes(rule)) out.push(rule);
  }
  return out;
}

/** Whether every score lies in [0, 1]. @internal */
export function inUnitInterval(data: FloatArray): boolean {
  return firstOutsideUnitInterval(data) < 0;
}

/**
 * From scores to label sets: threshold optimizers and decision rules. Never loads tfjs.
 *
 * Like every entry point, it also exports {@link MultilabelError}, {@link isMultilabelError}
 * and the input types ({@link MatrixInput} and its forms), documented with the root module.
 *
 * Guide: [From scores to label sets](../../docs/thresholds.md).
 *
 * @module tfjs-multilabel/thresholds
 */
export * from '../core/index.js';
export {
  type ConformalThresholdsOptions,
  conformalThresholds,
} from './conformal-thresholds.js';
export type {
  CountMetric,
  ThresholdCounts,
  ThresholdMetric,
  ThresholdMetricName,
} from './count-metric.js';
export {
  type CrossValidatedRule,
  type CrossValidatedThresholdsOptions,
  crossValidatedThresholds,
} from './cross-validated-thresholds.js';
export type { DecisionMatrix } from './decision-matrix.js';
export { type ExpectedF1Options, expectedF1Decision } from './expected-f1-decision.js';
export { mCut } from './m-cut.js';
export type { ThresholdAverage } from './objective.js';
export {
  type OptimizeThresholdsOptions,
  optimizeThresholds,
} from './optimize-thresholds.js';
export { type ProportionalCutOptions, proportionalCut } from './proportional-cut.js';
export { type RankCut, type RankCutOptions, rankCut } from './rank-cut.js';
export {
  DECISION_RULES,
  type DecisionRuleName,
  THRESHOLD_STRATEGIES,
  type ThresholdStrategy,
} from './rule-names.js';
export { Thresholds, type ThresholdsJSON } from './thresholds.js';
export { topK } from './top-k-decision.js';

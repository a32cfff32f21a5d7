/**
 * The tfjs-facing glue: training-time metrics, the evaluation callback, thresholds applied to tensors.
 *
 * @module training
 */
export * from '../core/index.js';
export { applyThresholdsTensor } from './apply-thresholds-tensor.js';
export {
  type EvaluationMetric,
  MultilabelEvaluationCallback,
  type MultilabelEvaluationCallbackOptions,
} from './evaluation-callback.js';
export {
  type TrainingMetric,
  type TrainingMetricOptions,
  trainingMetrics,
} from './training-metrics.js';

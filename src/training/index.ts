/**
 * The tfjs-facing glue: training-time metrics, the evaluation and diagnostics callbacks,
 * thresholds applied to tensors.
 *
 * Like every entry point, it also exports {@link MultilabelError}, {@link isMultilabelError}
 * and the input types ({@link MatrixInput} and its forms), documented with the root module.
 *
 * Guide: [Evaluating a multi-label model](../../docs/evaluating.md#during-training).
 *
 * @module tfjs-multilabel/training
 */
export * from '../core/index.js';
export { applyCalibrationTensor } from './apply-calibration-tensor.js';
export { applyThresholdsTensor } from './apply-thresholds-tensor.js';
export {
  type DiagnosticChecks,
  MultilabelDiagnosticsCallback,
  type MultilabelDiagnosticsCallbackOptions,
  type TrainingIssue,
  type TrainingIssueKind,
} from './diagnostics-callback.js';
export {
  type EvaluationMetric,
  MultilabelEvaluationCallback,
  type MultilabelEvaluationCallbackOptions,
} from './evaluation-callback.js';
export {
  type CutMixedBatch,
  cutmix,
  type MixedBatch,
  type MixOptions,
  mixup,
} from './mix-batch.js';
export {
  type TrainingMetric,
  type TrainingMetricOptions,
  trainingMetrics,
} from './training-metrics.js';

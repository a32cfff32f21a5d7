/**
 * Multi-label metrics with scikit-learn semantics, computed on plain arrays or tensors. Never loads tfjs.
 *
 * Like every entry point, it also exports {@link MultilabelError}, {@link isMultilabelError}
 * and the input types ({@link MatrixInput} and its forms), documented with the root module.
 *
 * Guide: [Evaluating a multi-label model](../../docs/evaluating.md).
 *
 * @module tfjs-multilabel/metrics
 */
export * from '../core/index.js';
export { sparseLabelMatrix } from '../core/sparse-label-matrix.js';
export { topKPredictions } from '../core/top-k-predictions.js';
export { ndcgAtK, precisionAtK, recallAtK, type TopKOptions } from './at-k.js';
export { averagePrecisionScore, type RankingAverageOptions } from './average-precision-score.js';
export type { BootstrapMethod } from './bootstrap-bounds.js';
export {
  type BootstrapInterval,
  type BootstrapOptions,
  bootstrapInterval,
} from './bootstrap-interval.js';
export { type BrierScoreOptions, brierScore } from './brier-score.js';
export {
  type CalibrationCurve,
  type CalibrationCurveOptions,
  type CalibrationCurveResult,
  calibrationCurve,
} from './calibration-curve.js';
export {
  type ClassificationReport,
  type ClassificationReportOptions,
  type ClassificationReportRow,
  classificationReport,
} from './classification-report.js';
export { coverageError } from './coverage-error.js';
export {
  type ExpectedCalibrationErrorOptions,
  expectedCalibrationError,
} from './expected-calibration-error.js';
export { hammingLoss } from './hamming-loss.js';
export type { Average, AverageResult } from './inputs.js';
export { jaccardScore } from './jaccard-score.js';
export { type JainPropensityOptions, jainPropensities } from './jain-propensities.js';
export { labelFrequencyGroups } from './label-frequency-groups.js';
export { labelRankingAveragePrecision } from './label-ranking-average-precision.js';
export { labelRankingLoss } from './label-ranking-loss.js';
export {
  type ConfusionMatrices,
  type MultilabelConfusionMatrixOptions,
  multilabelConfusionMatrix,
} from './multilabel-confusion-matrix.js';
export {
  type AveragedValues,
  MultilabelMetrics,
  type MultilabelMetricsOptions,
  type MultilabelMetricsResult,
} from './multilabel-metrics.js';
export type { MultilabelMetricsJSON } from './multilabel-metrics-json.js';
export { type NdcgOptions, ndcgScore } from './ndcg-score.js';
export { oneError } from './one-error.js';
export type { CountMetricOptions, SampleOptions } from './options.js';
export { type PairedBootstrap, pairedBootstrap } from './paired-bootstrap.js';
export {
  type PrecisionRecallCurve,
  type PrecisionRecallCurveOptions,
  precisionRecallCurve,
} from './precision-recall-curve.js';
export {
  type FbetaOptions,
  f1Score,
  fbetaScore,
  type PrecisionRecallFscoreSupport,
  type PrecisionRecallFscoreSupportOptions,
  precisionRecallFscoreSupport,
  precisionScore,
  recallScore,
} from './precision-recall-fscore.js';
export {
  type PropensityScoredOptions,
  propensityScoredNdcgAtK,
  propensityScoredPrecisionAtK,
} from './propensity-scored.js';
export { type RocAucOptions, rocAucScore } from './roc-auc-score.js';
export { type RocCurve, type RocCurveOptions, rocCurve } from './roc-curve.js';
export { specificityScore } from './specificity-score.js';
export { type SubsetAccuracyOptions, subsetAccuracy } from './subset-accuracy.js';
export {
  TopKMetrics,
  type TopKMetricsJSON,
  type TopKMetricsOptions,
} from './top-k-metrics.js';
export type { PropensitySumsJSON, TopKSumsJSON } from './top-k-metrics-json.js';
export {
  type TopKGroupShares,
  type TopKReport,
  type TopKReportOptions,
  topKReport,
} from './top-k-report.js';
export type { ZeroDivision } from './zero-division.js';
export { zeroOneLoss } from './zero-one-loss.js';

/**
 * Encoding, splitting and describing multi-label data: label names to 0/1 matrices, iterative stratification, split quality, label statistics, ARFF. Never loads tfjs.
 *
 * Like every entry point, it also exports {@link MultilabelError}, {@link isMultilabelError}
 * and the input types ({@link MatrixInput} and its forms), documented with the root module.
 *
 * Guide: [Splitting multi-label data](../../docs/splitting.md).
 *
 * @module tfjs-multilabel/data
 */
export * from '../core/index.js';
export { sparseLabelMatrix } from '../core/sparse-label-matrix.js';
export type { DecodeThreshold } from './decode-threshold.js';
export {
  type IterativeStratificationOptions,
  iterativeStratification,
} from './iterative-stratification.js';
export {
  type LabelCooccurrenceOptions,
  labelCooccurrence,
  type SparseCooccurrence,
  sparseLabelCooccurrence,
} from './label-cooccurrence.js';
export type { LabelName } from './label-names.js';
export { type LabelStatistics, labelStatistics } from './label-statistics.js';
export {
  type LikelyMissingLabels,
  type MarkLikelyMissingOptions,
  markLikelyMissing,
} from './mark-likely-missing.js';
export { MultiLabelBinarizer } from './multi-label-binarizer.js';
export type { MultiLabelBinarizerJSON } from './multi-label-binarizer-json.js';
export type {
  BinarizedLabels,
  MultiLabelBinarizerOptions,
} from './multi-label-binarizer-options.js';
export { type ArffDataset, type ReadArffOptions, readArff } from './read-arff.js';
export type { FoldAssignment } from './read-folds.js';
export {
  type ReadSparseTextOptions,
  readSparseText,
  type SparseFeatureMatrix,
  type SparseTextDataset,
} from './read-sparse-text.js';
export type { RowMajorMatrix } from './row-major-matrix.js';
export {
  type SplitQuality,
  type SplitQualityOptions,
  type SplitQualityReference,
  splitQuality,
} from './split-quality.js';
export {
  type StratifiedKFoldOptions,
  stratifiedKFold,
  type TrainTestIndices,
} from './stratified-k-fold.js';
export {
  type TrainTestSplit,
  type TrainTestSplitOptions,
  trainTestSplit,
} from './train-test-split.js';

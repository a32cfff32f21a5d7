/**
 * Multi-label losses for `model.compile({ loss })`, stable from logits, built on tfjs-core ops.
 *
 * Like every entry point, it also exports {@link MultilabelError}, {@link isMultilabelError}
 * and the input types ({@link MatrixInput} and its forms), documented with the root module.
 *
 * Guides: [Choosing a loss](../../docs/choosing-a-loss.md) and
 * [Incomplete labels](../../docs/incomplete-labels.md).
 *
 * @module tfjs-multilabel/losses
 */
export * from '../core/index.js';
export {
  type AsymmetricLossOptions,
  asymmetricLoss,
} from './asymmetric-loss.js';
export {
  type BinaryFocalCrossentropyOptions,
  binaryFocalCrossentropy,
} from './binary-focal-crossentropy.js';
export {
  type ClassBalancedWeightsOptions,
  classBalancedWeights,
} from './class-balanced-weights.js';
export type { FocalMarginOptions } from './focal-margin.js';
export { type HillLossOptions, hillLoss } from './hill-loss.js';
export {
  type InverseFrequencyWeightsOptions,
  inverseFrequencyWeights,
} from './inverse-frequency-weights.js';
export {
  type LargeLossRejection,
  type LargeLossRejectionOptions,
  largeLossRejection,
} from './large-loss-rejection.js';
export {
  type MultilabelSoftmaxLossOptions,
  multilabelSoftmaxLoss,
} from './multilabel-softmax-loss.js';
export { type SoftF1LossOptions, softF1Loss } from './soft-f1-loss.js';
export { type SplcLoss, type SplcLossOptions, splcLoss } from './splc-loss.js';
export type {
  AssumeNegative,
  EpochLoss,
  LossOptions,
  LossOutput,
  LossReduction,
  MultilabelLoss,
} from './types.js';
export {
  type WeightedBinaryCrossentropyOptions,
  weightedBinaryCrossentropy,
} from './weighted-binary-crossentropy.js';

/**
 * Multi-label losses for `model.compile({ loss })`, stable from logits, built on tfjs-core ops.
 *
 * Like every entry point, it also exports {@link MultilabelError}, {@link isMultilabelError}
 * and the input types ({@link MatrixInput} and its forms), documented with the root module.
 *
 * Guide: [Choosing a loss](../../docs/choosing-a-loss.md).
 *
 * @module tfjs-multilabel/losses
 */
export * from '../core/index.js';
export {
  type AsymmetricLossOptions,
  asymmetricLoss,
} from './asymmetricLoss.js';
export {
  type BinaryFocalCrossentropyOptions,
  binaryFocalCrossentropy,
} from './binaryFocalCrossentropy.js';
export {
  type ClassBalancedWeightsOptions,
  classBalancedWeights,
} from './classBalancedWeights.js';
export {
  type InverseFrequencyWeightsOptions,
  inverseFrequencyWeights,
} from './inverseFrequencyWeights.js';
export {
  type MultilabelSoftmaxLossOptions,
  multilabelSoftmaxLoss,
} from './multilabelSoftmaxLoss.js';
export { type SoftF1LossOptions, softF1Loss } from './softF1Loss.js';
export type { LossOptions, LossOutput, LossReduction, MultilabelLoss } from './types.js';
export {
  type WeightedBinaryCrossentropyOptions,
  weightedBinaryCrossentropy,
} from './weightedBinaryCrossentropy.js';

/**
 * Multi-label losses for `model.compile({ loss })`, stable from logits, built on tfjs-core ops.
 *
 * @module losses
 */
export * from '../core/index.js';

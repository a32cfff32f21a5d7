/**
 * The tfjs-facing glue: training-time metrics, the evaluation callback, thresholds applied to tensors.
 *
 * @module training
 */
export * from '../core/index.js';

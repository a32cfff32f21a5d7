/**
 * From scores to label sets: threshold optimizers and decision rules. Never loads tfjs.
 *
 * @module thresholds
 */
export * from '../core/index.js';

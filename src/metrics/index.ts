/**
 * Multi-label metrics with scikit-learn semantics, computed on plain arrays or tensors. Never loads tfjs.
 *
 * @module metrics
 */
export * from '../core/index.js';

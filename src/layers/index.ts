/**
 * Label-correlation-aware heads: tfjs-layers layers that save and load like built-in ones.
 *
 * @module layers
 */
export * from '../core/index.js';

/**
 * tfjs-multilabel: multi-label classification building blocks for TensorFlow.js.
 *
 * Everything is also available from its subpath (`tfjs-multilabel/metrics`, `/losses`,
 * `/layers`, `/data`, `/thresholds`, `/training`); the array-only subpaths (`metrics`, `data`,
 * `thresholds`) never load tfjs.
 *
 * @module tfjs-multilabel
 */
export * from './core/index.js';
export * from './data/index.js';
export * from './layers/index.js';
export * from './losses/index.js';
export * from './metrics/index.js';
export * from './thresholds/index.js';
export * from './training/index.js';

/**
 * tfjs-multilabel: multi-label classification building blocks for TensorFlow.js.
 *
 * The root entry re-exports every subpath, so `import { f1Score, asymmetricLoss } from
 * 'tfjs-multilabel'` works as well as the subpath imports. Each subpath has its own page:
 * `tfjs-multilabel/metrics`, `/losses`, `/layers`, `/data`, `/thresholds`, `/calibration` and
 * `/training` (the array-only ones, `metrics`, `data`, `thresholds` and `calibration`, never load
 * tfjs). This page lists the
 * names that every entry point exports: the error type and the input types.
 *
 * Guide: [Getting started](../docs/getting-started.md).
 *
 * @module tfjs-multilabel
 */
export * from './calibration/index.js';
export * from './core/index.js';
export * from './data/index.js';
export * from './layers/heads.js';
export * from './losses/index.js';
export * from './metrics/index.js';
export * from './thresholds/index.js';
export * from './training/index.js';

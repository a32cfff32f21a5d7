/**
 * Parallel evaluation: every metric of `MultilabelMetrics` on one large batch, with the work
 * split across worker threads in Node and Web Workers in browsers. The only entry point that
 * starts workers (and loads `node:worker_threads`, in Node, when it does).
 *
 * Like every entry point, it also exports {@link MultilabelError}, {@link isMultilabelError}
 * and the input types ({@link MatrixInput} and its forms), documented with the root module.
 *
 * Guide: [Evaluating a multi-label model](../../docs/evaluating.md).
 *
 * @module tfjs-multilabel/parallel
 */
export * from '../core/index.js';
export { evaluateInParallel, type ParallelMetricsOptions } from './evaluate-in-parallel.js';

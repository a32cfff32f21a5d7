/**
 * Moved to `core/kernels/confusion-counts.ts`; re-exported here for the modules that still import it
 * from this folder.
 *
 * @internal
 * @module
 */
export * from '../core/kernels/confusion-counts.js';

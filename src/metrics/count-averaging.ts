/**
 * Moved to `core/kernels/count-averaging.ts`; re-exported here for the modules that still import it
 * from this folder.
 *
 * @internal
 * @module
 */
export * from '../core/kernels/count-averaging.js';

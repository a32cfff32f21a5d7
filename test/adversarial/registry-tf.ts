/**
 * The tensor entries of the adversarial registry (losses, heads, training glue): they need a
 * tfjs backend and run in tensors.tf.test.ts, on cpu and on wasm.
 */
export { tensorEntries } from './entries/tensors.js';

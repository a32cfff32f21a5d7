/**
 * Whether the backend under test has the kernels a model needs: tfjs 4.1's wasm backend (the
 * oldest of the peer range, `npm run test:tfjs-oldest`) lacks some that tfjs-layers' own layers
 * and losses use in training (`Log1p` for `'binaryCrossentropy'`, `MaxPoolGrad` for
 * `maxPooling2d`), so a test that trains such a model runs only where they exist.
 */
import * as tf from '@tensorflow/tfjs-core';

/** Whether every kernel named is registered for the backend under test (`TFJS_BACKEND`). */
export function hasKernels(...names: string[]): boolean {
  const backend = process.env.TFJS_BACKEND ?? tf.getBackend();
  return names.every((name) => tf.getKernel(name, backend) !== undefined);
}

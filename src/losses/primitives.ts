import * as tf from '@tensorflow/tfjs-core';

/**
 * Tensor primitives the losses share, each written as the cheapest stable combination of
 * tfjs-core ops. Where a backend's kernel for an op is much slower than an equivalent
 * combination (measured in `bench/losses.ts`), the combination is used on that backend.
 *
 * @internal
 * @module
 */

function onWasm(): boolean {
  return tf.getBackend() === 'wasm';
}

/**
 * softplus(x) = log(1 + e^x), stable for any x. tfjs-backend-wasm's Softplus kernel is a scalar
 * loop, so there it is max(x, 0) - log(sigmoid(|x|)) instead (sigmoid(|x|) >= 0.5: no underflow).
 *
 * @internal
 */
export function softplus(x: tf.Tensor): tf.Tensor {
  if (onWasm()) return tf.sub(tf.relu(x), tf.log(tf.sigmoid(tf.abs(x))));
  return tf.softplus(x);
}

/**
 * `a ** gamma` for `a` in [0, 1] and `gamma > 0`: repeated squaring for whole and half-whole
 * exponents up to 8 (exact, and far cheaper than `pow`), `pow` otherwise (0 ** gamma = 0).
 *
 * @internal
 */
export function unitPower(a: tf.Tensor, gamma: number): tf.Tensor {
  const whole = Math.floor(gamma);
  const half = gamma - whole === 0.5;
  if (gamma > 8 || (gamma !== whole && !half)) return tf.pow(a, gamma);
  let result: tf.Tensor | undefined = half ? tf.sqrt(a) : undefined;
  let base = a;
  for (let e = whole; e > 0; e >>= 1) {
    if (e & 1) result = result === undefined ? base : tf.mul(result, base);
    if (e > 1) base = tf.square(base);
  }
  return result ?? tf.onesLike(a);
}

/**
 * The `[rows]` vector `v` repeated along a new last axis of length `cols`, as a `[rows, cols]`
 * tensor. A rank-1 outer product: tfjs-backend-cpu broadcasts `[rows, 1]` against
 * `[rows, cols]` through a slow per-element index path, while this is one small matMul.
 *
 * @internal
 */
export function repeatColumns(v: tf.Tensor, cols: number): tf.Tensor {
  return tf.matMul(tf.reshape(v, [-1, 1]), tf.ones([1, cols]));
}

/**
 * The column sums of the `[rows, cols]` matrix `m`, as a `[cols]` vector, by a matMul with a
 * row of ones (tfjs-backend-cpu reduces over the first axis by transposing first).
 *
 * @internal
 */
export function columnSums(m: tf.Tensor): tf.Tensor {
  return tf.reshape(tf.matMul(tf.ones([1, m.shape[0]]), m), [-1]);
}

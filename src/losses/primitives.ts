import * as tf from '@tensorflow/tfjs-core';

/**
 * Tensor primitives the losses share, each written as the cheapest stable combination of
 * tfjs-core ops. tfjs-backend-wasm runs Softplus, Exp, Log1p, Minimum and Select as scalar
 * loops, several times slower than its vectorised Sigmoid and arithmetic (measured in
 * `bench/losses.ts`), so on that backend some primitives use equivalent arithmetic forms.
 *
 * @internal
 * @module
 */

/**
 * The smallest normal float32, 2^-126. Clamping a divisor in [0, 1] up to it keeps a 0/0 finite
 * and changes no normal value, where an added epsilon (say 1e-30) would shift every divisor
 * below about 1e-23.
 *
 * @internal
 */
export const FLOAT32_MIN_NORMAL = 2 ** -126;

/**
 * Whether the backend computes with IEEE 754 infinities (x + -Infinity = -Infinity,
 * e^-Infinity = 0): cpu (JavaScript) and wasm do; GPU shading languages do not guarantee them.
 *
 * @internal
 */
export function exactInfinities(): boolean {
  const backend = tf.getBackend();
  return backend === 'cpu' || backend === 'wasm';
}

function onWasm(): boolean {
  return tf.getBackend() === 'wasm';
}

/**
 * A scalar operand (a plain number) or a tensor operand broadcastable to the other one.
 *
 * @internal
 */
export type Operand = number | tf.Tensor;

/** `a * b`, skipping the multiplication by 1. @internal */
export function times(a: tf.Tensor, b: Operand): tf.Tensor {
  return b === 1 ? a : tf.mul(a, b);
}

/**
 * softplus(x) = log(1 + e^x), stable for any x: max(x, 0) - log(sigmoid(|x|)) on wasm
 * (sigmoid(|x|) >= 0.5 cannot underflow), tfjs's Softplus elsewhere.
 *
 * On wasm, sigmoid(|x|) rounds to within an ulp of 1 for |x| above about 16, so a value there
 * is off by up to 6e-8 (absolute: a cell's loss of 1e-7 reads 1.2e-7). Adding the rounding back,
 * `+ (q - 1) + sigmoid(-|x|)` with q = sigmoid(|x|), makes it exact to float32 but costs this
 * primitive about 50% more on wasm (measured on 2^20 cells); the losses keep the faster form,
 * whose error shows only under weights near 1e6.
 *
 * @internal
 */
export function softplus(x: tf.Tensor): tf.Tensor {
  if (onWasm()) return tf.sub(tf.relu(x), tf.log(tf.sigmoid(tf.abs(x))));
  return tf.softplus(x);
}

/**
 * e^z for z <= 0: sigmoid(z) / (1 - sigmoid(z)) on wasm (both factors accurate for z <= 0),
 * tfjs's Exp elsewhere.
 *
 * @internal
 */
export function expNonPositive(z: tf.Tensor): tf.Tensor {
  if (!onWasm()) return tf.exp(z);
  const s = tf.sigmoid(z);
  return tf.div(s, tf.sub(1, s));
}

/** Elementwise min(a, b): a - relu(a - b) on wasm, tfjs's Minimum elsewhere. @internal */
export function minimum(a: tf.Tensor, b: tf.Tensor): tf.Tensor {
  if (onWasm()) return tf.sub(a, tf.relu(tf.sub(a, b)));
  return tf.minimum(a, b);
}

/**
 * `a` where `take` is 1 and `b` where it is 0, for finite `a` and `b` of one shape: tfjs's
 * Where for a bool `take`, a blend (cheaper than Where on wasm) for a float32 0/1 `take`.
 *
 * @internal
 */
export function select(take: tf.Tensor, a: tf.Tensor, b: tf.Tensor): tf.Tensor {
  if (take.dtype === 'bool') return tf.where(take, a, b);
  return tf.add(b, tf.mul(take, tf.sub(a, b)));
}

/**
 * min(a, b) where `take` is 1 and `a` where it is 0 (a {@link select} chooser): tfjs's Minimum
 * and Where for a bool `take`, a - take * relu(a - b) for a float32 one.
 *
 * @internal
 */
export function minimumWhere(take: tf.Tensor, a: tf.Tensor, b: tf.Tensor): tf.Tensor {
  if (take.dtype === 'bool') return tf.where(take, tf.minimum(a, b), a);
  return tf.sub(a, tf.mul(take, tf.relu(tf.sub(a, b))));
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

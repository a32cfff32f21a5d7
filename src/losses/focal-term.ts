import * as tf from '@tensorflow/tfjs-core';
import { softplus, unitPower } from './primitives.js';

/**
 * The focal term of one cell scored at the signed logit u (u = x for a negative, -x for a
 * positive, shifted by a margin where a loss has one):
 *
 * `F(u) = sigmoid(u)^gamma * softplus(u)`, `F'(u) = sigmoid(u)^gamma (gamma (1 - sigmoid(u))
 * softplus(u) + sigmoid(u))`
 *
 * (Lin et al. 2017 with a = sigmoid(u) the probability of being wrong). Both are finite at any
 * finite u: where a rounds to 1, 1 - a is 0 and F' is 1; where it rounds to 0, so do F and F'.
 *
 * @internal
 * @module
 */

/** How many tensors {@link focalTerm} saves. @internal */
export const FOCAL_SAVED = 3;

/**
 * F(u), and the {@link FOCAL_SAVED} tensors its slope needs: a, softplus(u) and a^gamma (a again
 * as a placeholder when gamma is 0).
 *
 * @internal
 */
export function focalTerm(u: tf.Tensor, gamma: number): { value: tf.Tensor; saved: tf.Tensor[] } {
  const a = tf.sigmoid(u);
  const sp = softplus(u);
  if (gamma === 0) return { value: sp, saved: [a, sp, a] };
  const power = unitPower(a, gamma);
  return { value: tf.mul(power, sp), saved: [a, sp, power] };
}

/** F'(u) from the tensors {@link focalTerm} saved. @internal */
export function focalSlope(saved: readonly tf.Tensor[], gamma: number): tf.Tensor {
  const [a, sp, power] = saved;
  if (gamma === 0) return a;
  return tf.mul(power, tf.add(tf.mul(tf.mul(tf.sub(1, a), sp), gamma), a));
}

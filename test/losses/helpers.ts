/**
 * Shared by the loss tests: the factories by name and tolerance checks.
 */
import '@tensorflow/tfjs-core/dist/register_all_gradients'; // for tf.sum etc. around the losses
import * as tf from '@tensorflow/tfjs-core';
import { expect } from 'vitest';
import {
  asymmetricLoss,
  binaryFocalCrossentropy,
  hillLoss,
  largeLossRejection,
  multilabelSoftmaxLoss,
  softF1Loss,
  splcLoss,
  weightedBinaryCrossentropy,
} from '../../src/losses/index.js';

/** Every loss factory, by its exported name. */
export const factories = {
  weightedBinaryCrossentropy,
  binaryFocalCrossentropy,
  asymmetricLoss,
  multilabelSoftmaxLoss,
  softF1Loss,
  hillLoss,
  splcLoss,
  largeLossRejection,
} as const;

export type LossName = keyof typeof factories;

/** Builds the loss `name` with `options` (typed loosely, as fixtures and properties pass them). */
export function makeLoss(
  name: LossName,
  options: Record<string, unknown> = {},
): (yTrue: tf.Tensor, yPred: tf.Tensor) => tf.Tensor {
  return (
    factories[name] as (o: Record<string, unknown>) => (a: tf.Tensor, b: tf.Tensor) => tf.Tensor
  )(options);
}

/** Expects every `actual[i]` within `tolerance * max(1, |expected[i]|)` of `expected[i]`. */
export function expectClose(
  actual: ArrayLike<number>,
  expected: ArrayLike<number>,
  tolerance: number,
  what = 'value',
): void {
  expect(actual.length, `${what}: length`).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    const e = expected[i];
    const error = Math.abs(actual[i] - e);
    if (!(error <= tolerance * Math.max(1, Math.abs(e)))) {
      expect.fail(`${what}[${i}] = ${actual[i]}, expected ${e} (error ${error})`);
    }
  }
}

/** Runs `loss` on 2-D arrays; returns the value and the gradient with respect to `yPred`. */
export function valueAndGradient(
  loss: (yTrue: tf.Tensor, yPred: tf.Tensor) => tf.Tensor,
  yTrue: number[][],
  yPred: number[][],
): { value: Float32Array; gradient: Float32Array } {
  return tf.tidy(() => {
    const labels = tf.tensor2d(yTrue);
    const predictions = tf.tensor2d(yPred);
    const { value, grad } = tf.valueAndGrad((p: tf.Tensor) => tf.sum(loss(labels, p)) as tf.Scalar)(
      predictions,
    );
    return { value: value.dataSync() as Float32Array, gradient: grad.dataSync() as Float32Array };
  });
}

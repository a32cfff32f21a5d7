/**
 * Shared by the loss tests: the factories by name and tolerance checks.
 */
import '@tensorflow/tfjs-core/dist/register_all_gradients'; // for tf.sum etc. around the losses
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { expect } from 'vitest';
import {
  asymmetricLoss,
  binaryFocalCrossentropy,
  type EpochLoss,
  hillLoss,
  largeLossRejection,
  multilabelSoftmaxLoss,
  softF1Loss,
  splcLoss,
  weightedBinaryCrossentropy,
} from '../../src/losses/index.js';
import { thrown } from '../thrown.js';

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

/**
 * Fits a one-layer model for three epochs with `loss` compiled and its `callback` passed, and
 * returns what `observe` read off the loss at the end of each epoch, and the logged losses.
 */
export async function fitWithEpochCallback<T>(
  loss: EpochLoss,
  observe: () => T,
): Promise<{ seen: T[]; losses: number[] }> {
  const rows = [
    [1, 0],
    [0, 1],
    [1, 1],
    [0, 0],
  ];
  const x = tf.tensor2d(rows);
  const y = tf.tensor2d(rows);
  const net = tfl.sequential({
    layers: [tfl.layers.dense({ inputShape: [2], units: 2, kernelInitializer: 'ones' })],
  });
  net.compile({ optimizer: 'sgd', loss });
  const seen: T[] = [];
  try {
    const history = await net.fit(x, y, {
      epochs: 3,
      verbose: 0,
      callbacks: [loss.callback, { onEpochEnd: async () => void seen.push(observe()) }],
    });
    return { seen, losses: history.history.loss as number[] };
  } finally {
    net.dispose();
    tf.dispose([x, y]);
  }
}

/**
 * The loss's own output (per cell with `reduction: 'none'`) and the gradient of its sum with
 * respect to `yPred`, expecting the tensor count unchanged afterwards.
 */
export function outputAndGradient(
  loss: (yTrue: tf.Tensor, yPred: tf.Tensor) => tf.Tensor,
  yTrue: number[][],
  yPred: number[][],
): { value: Float32Array; gradient: Float32Array } {
  const before = tf.memory().numTensors;
  const { gradient } = valueAndGradient(loss, yTrue, yPred);
  const value = tf.tidy(
    () => loss(tf.tensor2d(yTrue), tf.tensor2d(yPred)).dataSync() as Float32Array,
  );
  expect(tf.memory().numTensors).toBe(before);
  return { value, gradient };
}

/** Expects `call` to throw a MultilabelError with `code` and a message matching `mentions`. */
export function expectCode(call: () => unknown, code: string, mentions: RegExp): void {
  const error = thrown(call);
  expect(error.code).toBe(code);
  expect(error.message).toMatch(mentions);
}

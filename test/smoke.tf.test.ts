import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { expectNoLeakedTensors } from './leak.js';

describe(`tfjs on the ${process.env.TFJS_BACKEND} backend`, () => {
  it('runs on the backend this project selects', () => {
    expect(process.env.TFJS_BACKEND).toMatch(/^(cpu|wasm)$/);
    expect(tf.getBackend()).toBe(process.env.TFJS_BACKEND);
  });

  it('computes a matrix product and a sigmoid exactly enough', () => {
    const value = tf.tidy(
      () => tf.sigmoid(tf.matMul(tf.tensor2d([[1, 2]]), tf.tensor2d([[3], [-1]]))).dataSync()[0],
    );
    expect(value).toBeCloseTo(1 / (1 + Math.exp(-1)), 6);
  });

  it('detects a leaked tensor', async () => {
    const leaked: tf.Tensor[] = [];
    await expect(
      expectNoLeakedTensors(() => {
        leaked.push(tf.scalar(1));
      }),
    ).rejects.toThrow(/tensors left alive/);
    expect(leaked).toHaveLength(2);
    for (const t of leaked) t.dispose();
  });
});

/** mixup and cutmix on webgl: the labels mixed by the weight and pairing reported, no leak. */
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { cutmix, mixup } from '../../src/training/index.js';

describe('mixup and cutmix on webgl', () => {
  it('mix the labels by the weight and the pairing they report, leaving no tensor', () => {
    expect(tf.getBackend()).toBe('webgl');
    const rows = 16;
    const labels = Array.from({ length: rows }, (_, r) => [r % 2, (r >> 1) % 2, (r >> 2) % 2]);
    const x = tf.randomUniform([rows, 8, 8, 3], 0, 1, 'float32', 3);
    const y = tf.tensor2d(labels);
    const before = tf.memory().numTensors;
    for (const fn of [mixup, cutmix]) {
      const m = fn(x, y, { alpha: 0.5, seed: 9 });
      const got = m.y.arraySync() as number[][];
      got.forEach((row, r) => {
        row.forEach((v, j) => {
          const want = m.lambda * labels[r][j] + (1 - m.lambda) * labels[m.partner[r]][j];
          expect(Math.abs(v - want)).toBeLessThanOrEqual(1e-6);
        });
      });
      expect(m.x.shape).toEqual(x.shape);
      tf.dispose([m.x, m.y]);
    }
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([x, y]);
  });
});

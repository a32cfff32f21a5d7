/** applyThresholdsTensor: the same decisions as Thresholds.apply on float32 scores, no leak. */
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { SeededRandom } from '../../src/core/random.js';
import { optimizeThresholds, Thresholds } from '../../src/thresholds/index.js';
import { applyThresholdsTensor, MultilabelError } from '../../src/training/index.js';
import { expectNoLeakedTensors } from '../leak.js';

describe(`applyThresholdsTensor (${process.env.TFJS_BACKEND})`, () => {
  it('decides exactly as Thresholds.apply on float32 scores, optimized thresholds included', () => {
    const random = new SeededRandom(3);
    const rows = 200;
    const cols = 5;
    const scores = new Float32Array(rows * cols).map(() => random.nextFloat());
    const labels = Array.from({ length: rows * cols }, (_, i) =>
      random.nextFloat() < scores[i] ? 1 : 0,
    );
    const shape: [number, number] = [rows, cols];
    for (const strategy of ['global', 'per-label', 'micro'] as const) {
      const t = optimizeThresholds({ data: labels, shape }, { data: scores, shape }, { strategy });
      const tensor = tf.tensor2d(scores, shape);
      const out = applyThresholdsTensor(tensor, t);
      expect(out.dtype).toBe('float32');
      expect(Array.from(out.dataSync())).toEqual(Array.from(t.apply({ data: scores, shape }).data));
      tf.dispose([tensor, out]);
    }
  });

  it('rounds thresholds between two float32 values up, never down', () => {
    const below = Math.fround(0.3);
    const t = new Thresholds([below + 1e-12]);
    const x = tf.tensor2d([[below]]);
    const out = applyThresholdsTensor(x, t);
    expect(Array.from(out.dataSync())).toEqual([0]);
    tf.dispose([x, out]);
  });

  it('leaves no tensor behind', async () => {
    const x = tf.tensor2d([[0.2, 0.7]]);
    await expectNoLeakedTensors(() => applyThresholdsTensor(x, new Thresholds([0.5, 0.5])));
    x.dispose();
  });

  it('rejects a wrong last dimension', () => {
    const x = tf.tensor2d([[0.2, 0.7]]);
    expect(() => applyThresholdsTensor(x, new Thresholds([0.5]))).toThrow(MultilabelError);
    x.dispose();
  });
});

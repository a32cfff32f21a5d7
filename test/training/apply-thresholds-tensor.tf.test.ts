/** applyThresholdsTensor: the same decisions as Thresholds.apply on float32 scores, no leak. */
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { SeededRandom } from '../../src/core/random.js';
import {
  optimizeThresholds,
  THRESHOLD_STRATEGIES,
  Thresholds,
} from '../../src/thresholds/index.js';
import { applyThresholdsTensor, MultilabelError } from '../../src/training/index.js';
import { codeOf } from '../error-code.js';
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
    for (const strategy of THRESHOLD_STRATEGIES) {
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

describe(`applyThresholdsTensor on bad input (${process.env.TFJS_BACKEND})`, () => {
  const thresholds = new Thresholds([0.5, 0.3]);

  it('rejects a disposed tensor with a MultilabelError (a TypeError before)', () => {
    const t = tf.tensor2d([[0.6, 0.2]]);
    t.dispose();
    expect(codeOf(() => applyThresholdsTensor(t, thresholds))).toBe('INVALID_ARGUMENT');
    expect(() => applyThresholdsTensor(t, thresholds)).toThrow(/`t` has been disposed/);
  });

  it('rejects non-numeric dtypes, non-tensors, scalars and a wrong thresholds object', () => {
    expect(codeOf(() => applyThresholdsTensor(tf.tensor2d([['a', 'b']]), thresholds))).toBe(
      'INVALID_ARGUMENT',
    );
    expect(
      codeOf(() => applyThresholdsTensor(tf.tensor2d([[1, 0]], [1, 2], 'bool'), thresholds)),
    ).toBe('INVALID_ARGUMENT');
    expect(codeOf(() => applyThresholdsTensor([[0.6, 0.2]] as never, thresholds))).toBe(
      'INVALID_ARGUMENT',
    );
    expect(codeOf(() => applyThresholdsTensor(tf.scalar(0.5), thresholds))).toBe('SHAPE_MISMATCH');
    expect(codeOf(() => applyThresholdsTensor(tf.ones([1, 2]), [0.5, 0.3] as never))).toBe(
      'INVALID_ARGUMENT',
    );
  });

  it('accepts int32 scores and any leading shape, including an empty batch', () => {
    const decide = (make: () => tf.Tensor) =>
      tf.tidy(() => Array.from(applyThresholdsTensor(make(), thresholds).dataSync()));
    expect(decide(() => tf.tensor2d([[1, 0]], [1, 2], 'int32'))).toEqual([1, 0]);
    expect(decide(() => tf.tensor3d([[[0.6, 0.2]], [[0.4, 0.3]]]))).toEqual([1, 0, 0, 1]);
    expect(decide(() => tf.zeros([0, 2]))).toEqual([]);
  });
});

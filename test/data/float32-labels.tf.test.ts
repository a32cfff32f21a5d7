/**
 * Label tensors in the data module: a float32 tensor's values take the one-pass float32 read,
 * an int32 or bool tensor's the exact reader, and every one gives the sparse labels and folds
 * of the same values as arrays of rows, without leaving a tensor behind.
 */
import { test } from '@fast-check/vitest';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect } from 'vitest';
import { iterativeStratification } from '../../src/data/index.js';
import { toSparseLabels } from '../../src/data/sparse-labels.js';
import { fc, labelMatrix, toRows } from '../fc.js';

const plain = (s: object): unknown =>
  Object.fromEntries(
    Object.entries(s).map(([k, v]) => [k, ArrayBuffer.isView(v) ? Array.from(v as Int32Array) : v]),
  );

describe('label tensors in the data module', () => {
  test.prop([
    labelMatrix({ minRows: 2, maxRows: 20, maxCols: 6, missing: true }),
    fc.constantFrom('float32' as const, 'int32' as const),
    fc.integer({ min: 0, max: 1000 }),
  ])('read as the same values given as rows', (m, dtype, seed) => {
    const rows = toRows(m);
    const before = tf.memory().numTensors;
    const y = tf.tensor2d(m.data, [m.rows, m.cols], dtype);
    try {
      expect(plain(toSparseLabels(y, 'y'))).toEqual(plain(toSparseLabels(rows, 'y')));
      const options = { nFolds: 2, seed, order: 2 as const };
      expect(Array.from(iterativeStratification(y, options))).toEqual(
        Array.from(iterativeStratification(rows, options)),
      );
    } finally {
      y.dispose();
    }
    expect(tf.memory().numTensors).toBe(before);
  });
});

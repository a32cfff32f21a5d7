import { test } from '@fast-check/vitest';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { toLabelMatrix } from '../../src/core/label-matrix.js';
import { toFloatMatrix } from '../../src/core/matrix-input.js';
import { labelMatrix, scores } from '../fc.js';

describe(`matrix adapters read 2-D tensors (${process.env.TFJS_BACKEND})`, () => {
  test.prop([scores()], { numRuns: 30 })(
    'a float32 tensor round-trips (values rounded to float32)',
    (m) => {
      const t = tf.tensor2d(m.data, [m.rows, m.cols], 'float32');
      try {
        const matrix = toFloatMatrix(t, 'yScore');
        expect([matrix.rows, matrix.cols]).toEqual([m.rows, m.cols]);
        expect(Array.from(matrix.data)).toEqual(m.data.map(Math.fround));
      } finally {
        t.dispose();
      }
    },
  );

  test.prop([labelMatrix({ missing: true })], { numRuns: 30 })(
    'float32, int32 and bool label tensors round-trip',
    (m) => {
      const shape: [number, number] = [m.rows, m.cols];
      const f = tf.tensor2d(m.data, shape, 'float32');
      const i = tf.tensor2d(m.data, shape, 'int32');
      const b = tf.tensor2d(
        m.data.map((v) => (v === 1 ? 1 : 0)),
        shape,
        'bool',
      );
      try {
        expect(Array.from(toLabelMatrix(f, 'yTrue', { ignoreIndex: -1 }).data)).toEqual(m.data);
        expect(Array.from(toLabelMatrix(i, 'yTrue', { ignoreIndex: -1 }).data)).toEqual(m.data);
        expect(Array.from(toLabelMatrix(b, 'yTrue').data)).toEqual(
          m.data.map((v) => (v === 1 ? 1 : 0)),
        );
      } finally {
        tf.dispose([f, i, b]);
      }
    },
  );

  it('rejects tensors that are not 2-D, naming the fix', () => {
    const t = tf.tensor1d([1, 0, 1]);
    try {
      expect(() => toLabelMatrix(t, 'yTrue')).toThrow(
        expect.objectContaining({
          code: 'INVALID_SHAPE',
          message: expect.stringContaining(
            '`yTrue` must be a 2-D tensor [rows, cols], but has shape [3]',
          ),
        }),
      );
    } finally {
      t.dispose();
    }
  });

  it('rejects a disposed tensor and string tensors', () => {
    const t = tf.tensor2d([[1]]);
    t.dispose();
    expect(() => toFloatMatrix(t, 'yScore')).toThrow(
      expect.objectContaining({
        code: 'INVALID_ARGUMENT',
        message: expect.stringContaining('disposed'),
      }),
    );
    const s = tf.tensor2d([['a']], [1, 1], 'string');
    try {
      expect(() => toFloatMatrix(s as unknown as tf.Tensor2D, 'yScore')).toThrow(/dtype 'string'/);
    } finally {
      s.dispose();
    }
  });

  it('rejects an empty tensor', () => {
    const t = tf.zeros([0, 4]);
    try {
      expect(() => toFloatMatrix(t, 'yScore')).toThrow(
        expect.objectContaining({ code: 'EMPTY_INPUT' }),
      );
    } finally {
      t.dispose();
    }
  });
});

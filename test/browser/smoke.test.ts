import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { isMultilabelError, MultilabelError } from '../../src/index.js';

describe('tfjs in Chromium', () => {
  it('runs on the webgl backend', () => {
    expect(tf.getBackend()).toBe('webgl');
    expect(tf.env().getNumber('WEBGL_VERSION')).toBeGreaterThanOrEqual(1);
    expect(typeof navigator.userAgent).toBe('string');
  });

  it('computes a matrix product and a sigmoid on the GPU path', async () => {
    const result = tf.tidy(() =>
      tf.sigmoid(tf.matMul(tf.tensor2d([[1, 2]]), tf.tensor2d([[3], [-1]]))),
    );
    const [value] = await result.data();
    result.dispose();
    // WebGL may run in float16; take the tolerance from the backend's precision.
    const digits = tf.backend().floatPrecision() === 32 ? 5 : 2;
    expect(value).toBeCloseTo(1 / (1 + Math.exp(-1)), digits);
  });

  it('loads the library in the page', () => {
    const error = new MultilabelError('EMPTY_INPUT', 'empty');
    expect(isMultilabelError(error)).toBe(true);
  });
});

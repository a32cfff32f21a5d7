import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import golden from '../fixtures/losses-golden.json';
import { expectClose, type LossName, makeLoss, valueAndGradient } from './helpers.js';

interface GoldenCase {
  loss: LossName;
  name: string;
  options: Record<string, unknown>;
  yTrue: number[][];
  yPred: number[][];
  mean: number;
  sum: number;
  none?: number[] | number[][];
  /** The gradient of the sum with respect to `yPred`, where the case gives it. */
  gradient?: number[][];
  anchor?: { source: string; reduction: 'mean' | 'sum' | 'none'; value: number | number[] };
}

const cases = golden.cases as GoldenCase[];
/** float32 arithmetic against float64 goldens. */
const TOLERANCE = 1e-6;

function evaluate(c: GoldenCase, reduction: 'mean' | 'sum' | 'none'): Float32Array {
  return tf.tidy(() => {
    const loss = makeLoss(c.loss, { ...c.options, reduction });
    return loss(tf.tensor2d(c.yTrue), tf.tensor2d(c.yPred)).dataSync() as Float32Array;
  });
}

describe(`losses equal the published formulas in float64 (${process.env.TFJS_BACKEND})`, () => {
  it('has a case for every loss', () => {
    expect(new Set(cases.map((c) => c.loss)).size).toBe(7);
  });

  describe.each(cases)('$loss: $name', (c) => {
    it('mean, sum and none agree with the formula to 1e-6', () => {
      expectClose(evaluate(c, 'mean'), [c.mean], TOLERANCE, 'mean');
      expectClose(evaluate(c, 'sum'), [c.sum], TOLERANCE, 'sum');
      if (c.none !== undefined) expectClose(evaluate(c, 'none'), c.none.flat(), TOLERANCE, 'none');
    });

    if (c.gradient !== undefined) {
      const expected = c.gradient.flat();
      it('the gradient of the sum agrees with the derivative of the formula to 1e-6', () => {
        const before = tf.memory().numTensors;
        const loss = makeLoss(c.loss, { ...c.options, reduction: 'sum' });
        const { gradient } = valueAndGradient(loss, c.yTrue, c.yPred);
        expect(tf.memory().numTensors).toBe(before);
        expectClose(gradient, expected, TOLERANCE, 'gradient');
      });
    }

    if (c.anchor !== undefined) {
      const anchor = c.anchor;
      it(`matches ${anchor.source} (${anchor.reduction}) to 1e-6`, () => {
        const expected = Array.isArray(anchor.value) ? anchor.value : [anchor.value];
        expectClose(evaluate(c, anchor.reduction), expected, TOLERANCE, anchor.source);
      });
    }
  });
});

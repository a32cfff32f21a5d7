/**
 * The float64 definition of multilabelSoftmaxLoss (ZLPR) and a check of the loss against it,
 * shared by the cpu/wasm tests and the webgl ones (the backends leave cells out differently).
 */
import * as tf from '@tensorflow/tfjs-core';
import { expect } from 'vitest';
import { makeLoss, valueAndGradient } from './helpers.js';

/** The largest float32. */
export const F32_MAX = 3.4028234663852886e38;

/**
 * Per-row losses and the gradient of their sum in float64, straight from the definition
 * log(1 + sum (1 - y) e^x) + log(1 + sum y e^-x) over the unmasked cells, each log-sum-exp
 * shifted by its largest exponent (the float64 range holds every float32 logit's).
 */
export function zlprReference(yTrue: number[][], yPred: number[][], masked = -1) {
  const values: number[] = [];
  const gradient: number[] = [];
  yTrue.forEach((row, r) => {
    const lse0 = (w: number[], z: number[]) => {
      const live = w.map((v) => v > 0);
      const m = Math.max(0, ...z.filter((_, j) => live[j]));
      const e = z.map((v, j) => (live[j] ? w[j] * Math.exp(v - m) : 0));
      const total = Math.exp(-m) + e.reduce((s, v) => s + v, 0);
      return { value: m + Math.log(total), share: e.map((v) => v / total) };
    };
    const y = row.map((v) => (v === masked ? Number.NaN : v));
    const x = yPred[r].map(Math.fround);
    const neg = lse0(
      y.map((v) => (Number.isNaN(v) ? 0 : 1 - v)),
      x,
    );
    const pos = lse0(
      y.map((v) => (Number.isNaN(v) ? 0 : v)),
      x.map((v) => -v),
    );
    values.push(neg.value + pos.value);
    gradient.push(...neg.share.map((s, j) => s - pos.share[j]));
  });
  return { values, gradient };
}

/**
 * Expects the per-row losses within `tolerance` (relative above 1) of the float64 value rounded
 * to float32 (Infinity beyond the float32 range), and a finite gradient within `tolerance`.
 */
export function checkZlpr(
  yTrue: number[][],
  yPred: number[][],
  options: Record<string, unknown>,
  tolerance: number,
): void {
  const perRow = makeLoss('multilabelSoftmaxLoss', { ...options, reduction: 'none' });
  const values = tf.tidy(() => perRow(tf.tensor2d(yTrue), tf.tensor2d(yPred)).dataSync());
  const { gradient } = valueAndGradient(
    makeLoss('multilabelSoftmaxLoss', { ...options, reduction: 'sum' }),
    yTrue,
    yPred,
  );
  const expected = zlprReference(yTrue, yPred);
  for (let i = 0; i < gradient.length; i++) {
    if (!Number.isFinite(gradient[i])) expect.fail(`gradient[${i}] is ${gradient[i]}`);
  }
  for (let r = 0; r < yTrue.length; r++) {
    const want = Math.fround(expected.values[r]);
    // A row whose true loss exceeds the float32 range gives Infinity, its correct rounding.
    if (want === Number.POSITIVE_INFINITY) {
      expect(values[r] === want || values[r] > F32_MAX * (1 - 1e-6), `row ${r}`).toBe(true);
    } else {
      expect(Math.abs(values[r] - want), `row ${r}: ${values[r]} vs ${want}`).toBeLessThanOrEqual(
        tolerance * Math.max(1, Math.abs(want)),
      );
    }
  }
  for (let i = 0; i < gradient.length; i++) {
    expect(Math.abs(gradient[i] - expected.gradient[i]), `gradient[${i}]`).toBeLessThanOrEqual(
      tolerance,
    );
  }
}

import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { describe, expect, it } from 'vitest';
import {
  ClassSpecificResidualAttention,
  csraHead,
  labelAttentionHead,
  labelGraphHead,
} from '../../src/layers/index.js';
import { reloadFromMemory } from '../layers/head-harness.js';

/** Values in [-1, 1) from a small linear congruential sequence. */
function fixedValues(n: number, seed: number): number[] {
  let state = seed >>> 0;
  return Array.from({ length: n }, () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return (state / 2 ** 32) * 2 - 1;
  });
}

describe('heads on webgl', () => {
  it('CSRA predicts the plain-arithmetic logits, saves and loads with identical predictions', async () => {
    expect(tf.getBackend()).toBe('webgl');
    const [h, w, c, units] = [3, 3, 4, 2];
    const temperatures = [2, Number.POSITIVE_INFINITY];
    const lambda = 0.4;
    const head = csraHead({ units, lambda, temperatures });
    const input = tfl.input({ shape: [h, w, c] });
    const model = tfl.model({ inputs: input, outputs: head.apply(input) as tfl.SymbolicTensor });
    const kernels = [fixedValues(c * units, 1), fixedValues(c * units, 2)];
    const bias = [0.1, -0.3];
    const weights = [...kernels.map((k) => tf.tensor2d(k, [c, units])), tf.tensor1d(bias)];
    head.setWeights(weights);
    tf.dispose(weights);

    const xValues = fixedValues(h * w * c, 3);
    const expected = bias.map((b, label) => {
      let logit = b;
      kernels.forEach((kernel, i) => {
        const m = Array.from({ length: c }, (_, ch) => kernel[ch * units + label]);
        const norm = Math.hypot(...m);
        const s = Array.from(
          { length: h * w },
          (_, k) => m.reduce((acc, v, ch) => acc + v * xValues[k * c + ch], 0) / norm,
        );
        const mean = s.reduce((a, v) => a + v, 0) / s.length;
        const t = temperatures[i];
        let attention: number;
        if (t === Number.POSITIVE_INFINITY) {
          attention = Math.max(...s);
        } else {
          const top = Math.max(...s.map((v) => v * t));
          const e = s.map((v) => Math.exp(v * t - top));
          const z = e.reduce((a, v) => a + v, 0);
          attention = e.reduce((a, v, k) => a + (v / z) * s[k], 0);
        }
        logit += mean + lambda * attention;
      });
      return logit;
    });

    const x = tf.tensor4d(xValues, [1, h, w, c]);
    const y = model.predict(x) as tf.Tensor;
    const predicted = Array.from(await y.data());
    const tolerance = tf.backend().floatPrecision() === 32 ? 1e-4 : 1e-2;
    for (let i = 0; i < expected.length; i++) {
      expect(Math.abs(predicted[i] - expected[i])).toBeLessThan(tolerance);
    }

    const loaded = await reloadFromMemory(model);
    expect(loaded.layers[1]).toBeInstanceOf(ClassSpecificResidualAttention);
    const y2 = loaded.predict(x) as tf.Tensor;
    expect(Array.from(await y2.data())).toEqual(predicted);
    tf.dispose([x, y, y2]);
    model.dispose();
    loaded.dispose();
  });

  it.each([
    [
      'the graph head',
      () =>
        labelGraphHead({
          adjacency: [
            [1, 0.6],
            [0.5, 1],
          ],
          seed: 1,
        }),
      [8],
    ],
    [
      'the attention head',
      () => labelAttentionHead({ units: 2, numHeads: 2, keyDim: 4, seed: 2 }),
      [3, 3, 8],
    ],
  ] as const)('%s saves and loads with identical predictions', async (_, make, shape) => {
    const input = tfl.input({ shape: [...shape] });
    const model = tfl.model({ inputs: input, outputs: make().apply(input) as tfl.SymbolicTensor });
    const x = tf.randomNormal([2, ...shape], 0, 1, 'float32', 5);
    const y = model.predict(x) as tf.Tensor;
    const predicted = Array.from(await y.data());
    expect(predicted.every(Number.isFinite)).toBe(true);
    const loaded = await reloadFromMemory(model);
    const y2 = loaded.predict(x) as tf.Tensor;
    expect(Array.from(await y2.data())).toEqual(predicted);
    tf.dispose([x, y, y2]);
    model.dispose();
    loaded.dispose();
  });
});

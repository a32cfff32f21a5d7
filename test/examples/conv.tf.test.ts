/**
 * The demo's convolution: value and both gradients against a plain-loop definition, and a
 * save/load round trip of a model that uses the layer.
 */
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { describe, expect, it } from 'vitest';
import { Conv2DRelu, conv2dSame } from '../../examples/demo/conv.js';
import { SeededRandom } from '../../src/core/random.js';
import { reloadFromMemory } from '../layers/head-harness.js';

function randomArray(n: number, seed: number): Float32Array {
  const random = new SeededRandom(seed);
  return Float32Array.from({ length: n }, () => random.nextFloat() * 2 - 1);
}

/** out[b, y, x, o] = sum over ky, kx, i of xpad[b, y + ky, x + kx, i] * w[ky, kx, i, o]. */
function bruteForce(
  x: Float32Array,
  w: Float32Array,
  [B, H, W, C]: number[],
  [K, , , O]: number[],
  g: Float32Array,
) {
  const p = (K - 1) / 2;
  const value = new Float64Array(B * H * W * O);
  const dx = new Float64Array(x.length);
  const dw = new Float64Array(w.length);
  for (let b = 0; b < B; b++)
    for (let y = 0; y < H; y++)
      for (let xx = 0; xx < W; xx++)
        for (let o = 0; o < O; o++) {
          const out = ((b * H + y) * W + xx) * O + o;
          for (let ky = 0; ky < K; ky++)
            for (let kx = 0; kx < K; kx++) {
              const sy = y + ky - p;
              const sx = xx + kx - p;
              if (sy < 0 || sy >= H || sx < 0 || sx >= W) continue;
              for (let i = 0; i < C; i++) {
                const xi = ((b * H + sy) * W + sx) * C + i;
                const wi = ((ky * K + kx) * C + i) * O + o;
                value[out] += x[xi] * w[wi];
                dx[xi] += g[out] * w[wi];
                dw[wi] += g[out] * x[xi];
              }
            }
        }
  return { value, dx, dw };
}

describe('conv2dSame (the demo convolution that trains on wasm)', () => {
  for (const [xShape, wShape] of [
    [
      [2, 5, 6, 3],
      [3, 3, 3, 4],
    ],
    [
      [3, 7, 4, 2],
      [5, 5, 2, 3],
    ],
    [
      [1, 3, 3, 1],
      [1, 1, 1, 2],
    ],
  ]) {
    it(`matches the definition and its gradients, x ${xShape.join('x')}, kernel ${wShape.join('x')}`, () => {
      const xs = randomArray(
        xShape.reduce((a, b) => a * b),
        1,
      );
      const ws = randomArray(
        wShape.reduce((a, b) => a * b),
        2,
      );
      const outSize = xShape[0] * xShape[1] * xShape[2] * wShape[3];
      const g = randomArray(outSize, 3);
      const expected = bruteForce(xs, ws, xShape, wShape, g);
      const [value, dx, dw] = tf.tidy(() => {
        const x = tf.tensor4d(xs, xShape as [number, number, number, number]);
        const w = tf.tensor4d(ws, wShape as [number, number, number, number]);
        const upstream = tf.tensor(g, [xShape[0], xShape[1], xShape[2], wShape[3]]);
        const f = (a: tf.Tensor, b: tf.Tensor) =>
          tf.sum(tf.mul(conv2dSame(a as tf.Tensor4D, b as tf.Tensor4D), upstream));
        const grads = tf.grads(f)([x, w]);
        return [conv2dSame(x, w).dataSync(), grads[0].dataSync(), grads[1].dataSync()];
      });
      const close = (a: ArrayLike<number>, b: Float64Array) => {
        expect(a.length).toBe(b.length);
        for (let i = 0; i < b.length; i++) expect(a[i]).toBeCloseTo(b[i], 4);
      };
      close(value, expected.value);
      close(dx, expected.dx);
      close(dw, expected.dw);
    });
  }

  it('rejects an even kernel', () => {
    expect(() => new Conv2DRelu({ filters: 2, kernelSize: 4 })).toThrow(/odd/);
  });

  it('saves and loads in a model with the same outputs', async () => {
    const input = tfl.input({ shape: [6, 6, 2] });
    const output = new Conv2DRelu({ filters: 3, seed: 5 }).apply(input) as tfl.SymbolicTensor;
    const model = tfl.model({ inputs: input, outputs: output });
    const x = tf.tensor4d(randomArray(2 * 6 * 6 * 2, 4), [2, 6, 6, 2]);
    const loaded = await reloadFromMemory(model);
    const [a, b] = tf.tidy(() => [
      (model.predict(x) as tf.Tensor).dataSync(),
      (loaded.predict(x) as tf.Tensor).dataSync(),
    ]);
    expect(Array.from(b)).toEqual(Array.from(a));
    expect(a.some((v) => v > 0)).toBe(true);
    x.dispose();
    model.dispose();
    loaded.dispose();
  });
});

import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { csraHead } from '../../src/layers/index.js';
import {
  expectClose,
  expectRejectsInputShape,
  expectThrowsCode,
  expectTrainableWeights,
  fixedValues,
  modelAround,
  predictArray,
  rows,
  setWeightsByName,
  softmax,
} from './head-harness.js';

const backend = process.env.TFJS_BACKEND;

/**
 * CSRA in plain arithmetic (Zhu & Wu 2021, Eqs. 5-8): for each head and label, scores
 * s_k = x_k · m / |m| over positions k; logit = mean_k s_k + lambda * attention pooling.
 */
function csraReference(
  x: number[][][], // [batch][position][channel]
  kernels: number[][][], // per head: [channel][label]
  temperatures: number[],
  lambda: number,
  bias: number[],
): number[][] {
  return x.map((positions) =>
    bias.map((b, label) => {
      let logit = b;
      kernels.forEach((kernel, h) => {
        const m = kernel.map((row) => row[label]);
        const norm = Math.sqrt(m.reduce((s, v) => s + v * v, 0));
        const s = positions.map((xk) => xk.reduce((acc, v, c) => acc + v * m[c], 0) / norm);
        const mean = s.reduce((a, v) => a + v, 0) / s.length;
        const t = temperatures[h];
        const attention =
          t === Number.POSITIVE_INFINITY
            ? Math.max(...s)
            : softmax(s.map((v) => v * t)).reduce((a, w, k) => a + w * s[k], 0);
        logit += mean + lambda * attention;
      });
      return logit;
    }),
  );
}

describe(`ClassSpecificResidualAttention (${backend})`, () => {
  it('maps a feature map [batch, h, w, c] to logits [batch, L]', () => {
    const head = csraHead({ units: 6, temperatures: [1, 2, Number.POSITIVE_INFINITY], seed: 1 });
    const model = modelAround(head, [5, 4, 3]);
    expect(model.outputs[0].shape).toEqual([null, 6]);
    expect(head.computeOutputShape([2, 5, 4, 3])).toEqual([2, 6]);
    expectTrainableWeights(head, [['kernel_0', [3, 6]], ['kernel_1'], ['kernel_2'], ['bias']]);
    const x = tf.ones([2, 5, 4, 3]);
    const y = model.predict(x) as tf.Tensor;
    expect(y.shape).toEqual([2, 6]);
    tf.dispose([x, y]);
    model.dispose();
  });

  it('equals the CSRA forward pass written out in plain arithmetic', () => {
    const [batch, height, width, channels, units] = [2, 2, 3, 3, 2];
    const temperatures = [1, 3, Number.POSITIVE_INFINITY];
    const lambda = 0.3;
    const kernels = temperatures.map((_, h) => rows(fixedValues(channels * units, 10 + h), units));
    const bias = [0.25, -0.5];
    const xFlat = fixedValues(batch * height * width * channels, 3);
    const head = csraHead({ units, lambda, temperatures });
    const model = modelAround(head, [height, width, channels]);
    setWeightsByName(head, {
      kernel_0: kernels[0].flat(),
      kernel_1: kernels[1].flat(),
      kernel_2: kernels[2].flat(),
      bias,
    });
    const perSample = height * width * channels;
    const x = Array.from({ length: batch }, (_, b) =>
      rows(xFlat.slice(b * perSample, (b + 1) * perSample), channels),
    );
    const expected = csraReference(x, kernels, temperatures, lambda, bias);
    const input = tf.tensor4d(xFlat, [batch, height, width, channels]);
    expectClose(predictArray(model, input), expected.flat(), 1e-5);
    input.dispose();
    model.dispose();
  });

  it('with lambda = 0 is global average pooling of the normalised classifier scores', () => {
    const head = csraHead({ units: 3, lambda: 0, useBias: false, seed: 2 });
    const model = modelAround(head, [2, 2, 4]);
    const kernel = rows(fixedValues(12, 21), 3);
    setWeightsByName(head, { kernel_0: kernel.flat() });
    const xFlat = fixedValues(16, 22);
    const mean = [0, 1, 2, 3].map(
      (c) => (xFlat[c] + xFlat[4 + c] + xFlat[8 + c] + xFlat[12 + c]) / 4,
    );
    const expected = [0, 1, 2].map((l) => {
      const m = kernel.map((r) => r[l]);
      const norm = Math.hypot(...m);
      return mean.reduce((s, v, c) => s + (v * m[c]) / norm, 0);
    });
    const input = tf.tensor4d(xFlat, [1, 2, 2, 4]);
    expectClose(predictArray(model, input), expected, 1e-5);
    input.dispose();
    model.dispose();
  });

  describe('rejects a bad configuration with MultilabelError', () => {
    it('a 2-D input, when the model is built', () => {
      expectRejectsInputShape(
        csraHead({ units: 3 }),
        [16],
        /spatial feature map.*\[null, 16\].*before any global pooling/,
      );
    });

    it('an unknown channel count', () => {
      expectRejectsInputShape(csraHead({ units: 3 }), [4, 4, null], /known number of features/);
    });

    it('bad units, lambda and temperatures, and unknown options', () => {
      expectThrowsCode(() => csraHead({ units: 0 }), 'INVALID_OPTION', /`csraHead: units`/);
      expectThrowsCode(() => csraHead({} as never), 'INVALID_OPTION', /`csraHead: units`/);
      expectThrowsCode(() => csraHead({ units: 2, lambda: -1 }), 'INVALID_OPTION', /lambda/);
      expectThrowsCode(
        () => csraHead({ units: 2, temperatures: [] }),
        'INVALID_OPTION',
        /non-empty array/,
      );
      expectThrowsCode(
        () => csraHead({ units: 2, temperatures: [1, 0] }),
        'INVALID_OPTION',
        /temperatures\[1\]/,
      );
      expectThrowsCode(
        () => csraHead({ units: 2, temperature: [1] } as never),
        'UNKNOWN_OPTION',
        /Did you mean `temperatures`/,
      );
      expectThrowsCode(() => csraHead(undefined as never), 'INVALID_ARGUMENT', /options object/);
    });
  });
});

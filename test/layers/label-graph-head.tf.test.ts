import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { labelGraphHead } from '../../src/layers/index.js';
import {
  expectClose,
  expectRejectsInputShape,
  expectThrowsCode,
  expectTrainableWeights,
  matmul,
  modelAround,
  predictArray,
  setWeightsByName,
  shortName,
  sigmoidCrossEntropy,
  transpose,
} from './head-harness.js';
import { conditional, labels } from './head-registry.js';

const backend = process.env.TFJS_BACKEND;

describe(`LabelGraphHead (${backend})`, () => {
  it('maps pooled features [batch, D] to logits [batch, L]', () => {
    const head = labelGraphHead({ adjacency: conditional(labels), hiddenUnits: [4], seed: 1 });
    const model = modelAround(head, [5]);
    expect(model.outputs[0].shape).toEqual([null, 3]);
    expect(head.computeOutputShape([7, 5])).toEqual([7, 3]);
    const x = tf.ones([2, 5]);
    const y = model.predict(x) as tf.Tensor;
    expect(y.shape).toEqual([2, 3]);
    tf.dispose([x, y]);
    model.dispose();
  });

  it('stores the adjacency (and given embeddings) as non-trainable weights, not config', () => {
    const embeddings = [
      [1, 0],
      [0, 1],
      [0.5, 0.5],
    ];
    const head = labelGraphHead({
      adjacency: conditional(labels),
      labelEmbeddings: embeddings,
      hiddenUnits: [],
      seed: 2,
    });
    const model = modelAround(head, [4]);
    expect(head.trainableWeights.map(shortName)).toEqual(['gcn_kernel_0', 'bias']);
    expect(head.nonTrainableWeights.map(shortName)).toEqual(['adjacency', 'label_embeddings']);
    expectClose(head.nonTrainableWeights[1].read().dataSync(), embeddings.flat(), 0);
    const config = head.getConfig();
    expect(Object.keys(config)).not.toContain('adjacency');
    expect(Object.keys(config)).not.toContain('labelEmbeddings');
    expect(config).toMatchObject({ units: 3, embeddingDim: 2, trainableEmbeddings: false });
    model.dispose();
  });

  it('learns the embeddings when none are given', () => {
    const head = labelGraphHead({ adjacency: conditional(labels), embeddingDim: 5, seed: 3 });
    const model = modelAround(head, [4]);
    expectTrainableWeights(head, [
      ['label_embeddings', [3, 5]],
      ['gcn_kernel_0', [5, 256]],
      ['gcn_kernel_1', [256, 4]],
      ['bias'],
    ]);
    model.dispose();
  });

  it('equals the ML-GCN forward pass written out in plain arithmetic', () => {
    // P from the label matrix above: P(1|0) = 2/3 and P(0|1) = 2/3 are edges at tau = 0.4,
    // P(2|0) = 1/3 is not, P(0|2) = 1/2 is; so with p = 0.2 the propagation matrix is:
    const propagation = [
      [0.8, 0.2, 0],
      [0.2, 0.8, 0],
      [0.2, 0, 0.8],
    ];
    const z = [
      [1, 0],
      [0, 1],
      [1, -1],
    ];
    const w0 = [
      [0.5, -0.25, 1],
      [-0.75, 0.5, 0.25],
    ];
    const w1 = [
      [0.3, -0.2],
      [0.1, 0.4],
      [-0.6, 0.2],
    ];
    const bias = [0.1, -0.2, 0.05];
    const x = [
      [1, 2],
      [-0.5, 0.25],
      [0, 0],
    ];
    const head = labelGraphHead({
      adjacency: conditional(labels),
      labelEmbeddings: z,
      hiddenUnits: [3],
      tau: 0.4,
      p: 0.2,
      activation: 'leakyRelu',
    });
    const model = modelAround(head, [2]);
    expectClose(head.nonTrainableWeights[0].read().dataSync(), propagation.flat(), 1e-7);
    setWeightsByName(head, { gcn_kernel_0: w0.flat(), gcn_kernel_1: w1.flat(), bias });

    const leaky = (m: number[][]) => m.map((r) => r.map((v) => (v > 0 ? v : 0.2 * v)));
    const h1 = leaky(matmul(propagation, matmul(z, w0)));
    const classifiers = matmul(propagation, matmul(h1, w1));
    const expected = matmul(x, transpose(classifiers)).map((r) => r.map((v, j) => v + bias[j]));

    const input = tf.tensor2d(x);
    expectClose(predictArray(model, input), expected.flat(), 1e-5);
    input.dispose();
    model.dispose();
  });

  it('leaves the adjacency alone in fit', async () => {
    const head = labelGraphHead({ adjacency: conditional(labels), hiddenUnits: [6], seed: 4 });
    const model = modelAround(head, [5]);
    const x = tf.randomNormal([4, 5], 0, 1, 'float32', 11);
    const y = tf.tensor2d(labels.slice(0, 4));
    const optimizer = tf.train.adam(0.05);
    model.compile({ optimizer, loss: sigmoidCrossEntropy });
    const adjacencyBefore = head.nonTrainableWeights[0].read().dataSync().slice();
    const kernelBefore = head.trainableWeights[1].read().dataSync().slice();
    await model.fit(x, y, { epochs: 2, batchSize: 2, verbose: 0 });
    expect(Array.from(head.nonTrainableWeights[0].read().dataSync())).toEqual(
      Array.from(adjacencyBefore),
    );
    expect(Array.from(head.trainableWeights[1].read().dataSync())).not.toEqual(
      Array.from(kernelBefore),
    );
    tf.dispose([x, y]);
    optimizer.dispose();
    model.dispose();
  });

  describe('rejects a bad configuration with MultilabelError', () => {
    it('an adjacency that is not L x L', () => {
      expectThrowsCode(
        () => labelGraphHead({ adjacency: [[1, 0.5, 0.2]] }),
        'INVALID_SHAPE',
        /adjacency` must be a square L x L matrix/,
      );
    });

    it('a non-finite adjacency', () => {
      expectThrowsCode(
        () =>
          labelGraphHead({
            adjacency: [
              [1, Number.NaN],
              [0.5, 1],
            ],
          }),
        'NON_FINITE_VALUES',
        /adjacency\[0\]\[1\]` is NaN/,
      );
    });

    it('co-occurrence counts instead of conditional probabilities', () => {
      expectThrowsCode(
        () =>
          labelGraphHead({
            adjacency: [
              [4, 2],
              [2, 3],
            ],
          }),
        'INVALID_ARGUMENT',
        /normalize: 'conditional'/,
      );
    });

    it('units that do not match the adjacency', () => {
      expectThrowsCode(
        () => labelGraphHead({ adjacency: conditional(labels), units: 4 }),
        'SHAPE_MISMATCH',
        /`labelGraphHead: units` is 4 but `adjacency` is 3 x 3/,
      );
    });

    it('label embeddings with the wrong number of rows', () => {
      expectThrowsCode(
        () => labelGraphHead({ adjacency: conditional(labels), labelEmbeddings: [[1, 2]] }),
        'SHAPE_MISMATCH',
        /has 1 rows but there are 3 labels/,
      );
    });

    it('a missing adjacency', () => {
      expectThrowsCode(
        () => labelGraphHead({ units: 3 }),
        'INVALID_ARGUMENT',
        /needs `adjacency`.*labelCooccurrence/,
      );
    });

    it('out-of-range and unknown options', () => {
      const adjacency = conditional(labels);
      expectThrowsCode(() => labelGraphHead({ adjacency, tau: 0 }), 'INVALID_OPTION', /tau/);
      expectThrowsCode(
        () => labelGraphHead({ adjacency, p: 1.5 }),
        'INVALID_OPTION',
        /`labelGraphHead: p`/,
      );
      expectThrowsCode(
        () => labelGraphHead({ adjacency, hiddenUnits: [0] }),
        'INVALID_OPTION',
        /hiddenUnits\[0\]/,
      );
      expectThrowsCode(
        () => labelGraphHead({ adjacency, activation: 'gelu' as never }),
        'INVALID_OPTION',
        /activation/,
      );
      expectThrowsCode(
        () => labelGraphHead({ adjacency, hiddenUnit: [3] } as never),
        'UNKNOWN_OPTION',
        /Did you mean `hiddenUnits`/,
      );
    });

    it('a spatial map where pooled features are expected, when the model is built', () => {
      expectRejectsInputShape(
        labelGraphHead({ adjacency: conditional(labels) }),
        [4, 4, 8],
        /pooled features of shape \[batch, features\].*rank 4/,
      );
    });
  });
});

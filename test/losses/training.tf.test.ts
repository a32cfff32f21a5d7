import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { describe, expect, it } from 'vitest';
import { asymmetricLoss } from '../../src/losses/index.js';
import yeast from '../fixtures/yeast-slice.json';
import { type LossName, makeLoss } from './helpers.js';

/** Each loss with the options a user would start from (plus masking for one of them). */
const CASES: [LossName, Record<string, unknown>][] = [
  ['weightedBinaryCrossentropy', { posWeight: 2 }],
  ['binaryFocalCrossentropy', { name: 'focal' }],
  ['asymmetricLoss', {}],
  ['asymmetricLoss', { ignoreIndex: -1, labelSmoothing: 0.05, name: 'aslMasked' }],
  ['multilabelSoftmaxLoss', {}],
  ['softF1Loss', {}],
];

const EPOCHS = 12;

function model(inputs: number, labels: number): tfl.Sequential {
  const net = tfl.sequential();
  net.add(
    tfl.layers.dense({
      inputShape: [inputs],
      units: 32,
      activation: 'relu',
      kernelInitializer: tfl.initializers.glorotUniform({ seed: 1 }),
    }),
  );
  // The losses take logits: no activation on the output layer.
  net.add(
    tfl.layers.dense({
      units: labels,
      kernelInitializer: tfl.initializers.glorotUniform({ seed: 2 }),
    }),
  );
  return net;
}

describe(`losses train a model on yeast (${process.env.TFJS_BACKEND})`, () => {
  it.each(CASES)('%s %o: the loss falls and is logged under its name', async (name, options) => {
    const loss = makeLoss(name, options);
    const labels = yeast.labels.map((row, r) =>
      // Hide every 7th label from the masked case, as a missing-label data set would.
      options.ignoreIndex === undefined
        ? row
        : row.map((v, c) => ((r * 14 + c) % 7 === 0 ? -1 : v)),
    );
    const x = tf.tensor2d(yeast.features);
    const y = tf.tensor2d(labels);
    const net = model(x.shape[1], y.shape[1]);
    const optimizer = tf.train.adam(0.01);
    net.compile({ optimizer, loss, metrics: [loss] });
    try {
      const before = tf.memory().numTensors;
      const history = await net.fit(x, y, {
        epochs: EPOCHS,
        batchSize: 64,
        shuffle: false,
        validationData: [x, y],
        verbose: 0,
      });
      // Training leaves no tensors behind beyond the optimizer's slots created on step one.
      const slots = net.trainableWeights.length * 2 + 1;
      expect(tf.memory().numTensors - before).toBeLessThanOrEqual(slots);

      const logged = history.history;
      expect(loss.name).toBe((options.name as string | undefined) ?? name);
      expect(Object.keys(logged).sort()).toEqual(
        ['loss', loss.name, 'val_loss', `val_${loss.name}`].sort(),
      );
      const train = logged.loss as number[];
      expect(train).toHaveLength(EPOCHS);
      expect(train.every(Number.isFinite)).toBe(true);
      // The loss falls: the last epoch is well below the first and the trend is downward.
      expect(train[EPOCHS - 1]).toBeLessThan(0.9 * train[0]);
      expect(train[EPOCHS - 1]).toBeLessThan(train[Math.floor(EPOCHS / 2)]);
      // The metric is the same function on the same outputs: it logs the same numbers.
      const metric = logged[loss.name] as number[];
      for (const [i, m] of metric.entries()) expect(m).toBeCloseTo(train[i], 4);
      const validation = logged.val_loss as number[];
      expect(validation[EPOCHS - 1]).toBeLessThan(validation[0]);
    } finally {
      net.dispose();
      optimizer.dispose();
      tf.dispose([x, y]);
    }
  });

  it('does not leak tensors in a training step once the optimizer is set up', async () => {
    // The factory's own type is what model.compile accepts.
    const loss = asymmetricLoss();
    const x = tf.tensor2d(yeast.features.slice(0, 64));
    const y = tf.tensor2d(yeast.labels.slice(0, 64));
    const net = model(x.shape[1], y.shape[1]);
    const optimizer = tf.train.sgd(0.1);
    net.compile({ optimizer, loss });
    try {
      await net.trainOnBatch(x, y);
      const before = tf.memory().numTensors;
      for (let i = 0; i < 3; i++) await net.trainOnBatch(x, y);
      expect(tf.memory().numTensors).toBe(before);
    } finally {
      net.dispose();
      optimizer.dispose();
      tf.dispose([x, y]);
    }
  });
});

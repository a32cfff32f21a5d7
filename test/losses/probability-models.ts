/**
 * Shared by the node and browser tests of the probability message: a small seeded data set, a
 * dense model that ends in a sigmoid (as Keras tutorials build it) or in logits, and a whole
 * `model.fit` with a loss.
 */
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { SeededRandom } from '../../src/core/random.js';

export const ROWS = 48;
export const FEATURES = 6;
export const LABELS = 4;
/** 16 rows x 4 labels: every batch holds 64 values, enough to be checked. */
export const BATCH_SIZE = 16;
export const EPOCHS = 3;

/** Inputs uniform in [-1, 1); each label is the sign of a mix of two inputs. */
export function tinyData(seed = 7): { features: number[][]; labels: number[][] } {
  const random = new SeededRandom(seed);
  const features = Array.from({ length: ROWS }, () =>
    Array.from({ length: FEATURES }, () => 2 * random.nextFloat() - 1),
  );
  const labels = features.map((x) =>
    Array.from({ length: LABELS }, (_, c) => (x[c] + 0.5 * x[c + 1] > 0 ? 1 : 0)),
  );
  return { features, labels };
}

/** A seeded dense model whose output layer ends in `output` (a sigmoid, or none: logits). */
export function tinyModel(output: 'sigmoid' | 'logits'): tfl.Sequential {
  return tfl.sequential({
    layers: [
      tfl.layers.dense({
        inputShape: [FEATURES],
        units: 8,
        activation: 'relu',
        kernelInitializer: tfl.initializers.glorotUniform({ seed: 1 }),
      }),
      tfl.layers.dense({
        units: LABELS,
        activation: output === 'sigmoid' ? 'sigmoid' : 'linear',
        kernelInitializer: tfl.initializers.glorotUniform({ seed: 2 }),
      }),
    ],
  });
}

/**
 * Trains a fresh {@link tinyModel} with `loss` (also passed as a metric, so that it is called
 * twice per batch) for {@link EPOCHS} epochs and returns the training losses; disposes
 * everything it made.
 */
export async function fitTiny(
  loss: (yTrue: tf.Tensor, yPred: tf.Tensor) => tf.Tensor,
  output: 'sigmoid' | 'logits',
): Promise<number[]> {
  const { features, labels } = tinyData();
  const x = tf.tensor2d(features);
  const y = tf.tensor2d(labels);
  const model = tinyModel(output);
  const optimizer = tf.train.adam(0.01);
  model.compile({ optimizer, loss, metrics: [loss] });
  try {
    const history = await model.fit(x, y, {
      epochs: EPOCHS,
      batchSize: BATCH_SIZE,
      shuffle: false,
      verbose: 0,
    });
    return history.history.loss as number[];
  } finally {
    model.dispose();
    optimizer.dispose();
    tf.dispose([x, y]);
  }
}

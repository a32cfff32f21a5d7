/**
 * What the training benchmarks share (heads, incomplete labels): the multi-digit images and
 * yeast, the two backbones, batching, prediction, test metrics, and a training loop that keeps
 * the test scores of the epoch with the best validation mAP (early stopping).
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { loadMnistDigits } from '../../examples/data/mnist-digits.js';
import { buildMultiDigitImages, TWO_BY_TWO } from '../../examples/data/multi-digit.js';
import { Conv2DRelu } from '../../examples/demo/conv.js';
import { parseSplit } from '../../examples/tabular/datasets.js';
import { SeededRandom } from '../../src/core/random.js';
import { averagePrecisionScore, f1Score } from '../../src/metrics/index.js';

// ---------------------------------------------------------------- data

/** Rows of one sample shape, with 0/1 labels. */
export interface Split {
  x: Float32Array;
  y: Uint8Array;
  rows: number;
  /** Shape of one sample. */
  shape: number[];
}

/** A yeast split from bench/data/yeast. */
export function readYeast(file: string): Split {
  const path = join(dirname(fileURLToPath(import.meta.url)), '..', 'data', 'yeast', file);
  const { x, y, rows, features } = parseSplit(readFileSync(path, 'utf8'), file);
  return { x, y, rows, shape: [features] };
}

/** Multi-digit images in the demo's 2 x 2 layout. */
export function multiDigit(count: number, seed: number, pool: 'train' | 'test'): Split {
  const data = buildMultiDigitImages(loadMnistDigits(), {
    count,
    seed,
    pool,
    ...TWO_BY_TWO,
    cooccurrence: 0.5,
  });
  return { x: data.images, y: data.labels, rows: count, shape: [data.side, data.side, 1] };
}

// ---------------------------------------------------------------- metrics

/** Macro average precision (labels without a positive count as 0, as in scikit-learn). */
export function meanAveragePrecision(scores: Float32Array, y: Uint8Array, labels: number): number {
  const shape: [number, number] = [y.length / labels, labels];
  return averagePrecisionScore({ data: y, shape }, { data: scores, shape });
}

/** Micro-F1 of the labels whose logit is at least 0 (probability 0.5). */
export function microF1(logits: Float32Array, y: Uint8Array): number {
  // Micro-F1 pools every cell, so one column of all cells gives the same value.
  const predicted = Uint8Array.from(logits, (v) => +(v >= 0));
  return f1Score(
    { data: y, shape: [y.length, 1] },
    { data: predicted, shape: [y.length, 1] },
    { average: 'micro' },
  );
}

// ---------------------------------------------------------------- models

/** The CNN of the image benchmark: (conv 3x3 + ReLU, max pool 2) x 2, conv 3x3 + ReLU. */
export function cnnBackbone(shape: number[], seed: number) {
  const input = tfl.input({ shape });
  let x = input as tfl.SymbolicTensor;
  [16, 32, 64].forEach((filters, i) => {
    x = new Conv2DRelu({ filters, seed: seed * 10 + i }).apply(x) as tfl.SymbolicTensor;
    if (i < 2) x = tfl.layers.maxPooling2d({ poolSize: 2 }).apply(x) as tfl.SymbolicTensor;
  });
  return { input, features: x };
}

/** The MLP of yeast: 103 -> 128 (ReLU). */
export function mlpBackbone(shape: number[], seed: number) {
  const input = tfl.input({ shape });
  const features = tfl.layers
    .dense({
      units: 128,
      activation: 'relu',
      kernelInitializer: tfl.initializers.heNormal({ seed: seed * 10 }),
    })
    .apply(input) as tfl.SymbolicTensor;
  return { input, features };
}

/** Global average pooling of image features; vectors as they are. */
export function pooled(features: tfl.SymbolicTensor): tfl.SymbolicTensor {
  return features.shape.length === 4
    ? (tfl.layers.globalAveragePooling2d({}).apply(features) as tfl.SymbolicTensor)
    : features;
}

/** Binary cross-entropy from logits, mean over labels (shape [batch], as `fit` expects). */
export function bceFromLogits(yTrue: tf.Tensor, logits: tf.Tensor): tf.Tensor {
  return tf.tidy(() =>
    tf.mean(
      tf.sub(
        tf.add(tf.relu(logits), tf.log1p(tf.exp(tf.neg(tf.abs(logits))))),
        tf.mul(logits, yTrue),
      ),
      -1,
    ),
  );
}

export function batchTensors(split: Split, labels: number, indices: ArrayLike<number>) {
  const rows = rowsAt(split, labels, indices);
  return {
    x: tf.tensor(rows.x, [indices.length, ...split.shape]),
    y: tf.tensor2d(Float32Array.from(rows.y), [indices.length, labels]),
  };
}

export interface Score {
  map: number;
  f1: number;
  epoch: number;
}

/** How {@link train} trains. */
export interface TrainOptions {
  epochs: number;
  batchSize: number;
  learningRate: number;
  seed: number;
  /** The loss (default: binary cross-entropy from logits). */
  loss?: (yTrue: tf.Tensor, yPred: tf.Tensor) => tf.Tensor;
  /** Called as each epoch begins, with the epoch counted from 0 (as tfjs-layers' callbacks). */
  onEpochBegin?: (epoch: number) => void;
}

/**
 * Trains with Adam for `epochs`, checking validation mAP after each epoch; returns the test
 * scores of the best validation epoch, and the optimizer (to dispose with the model).
 */
export async function train(
  model: tfl.LayersModel,
  data: { train: Split; validation: Split; test: Split; labels: number },
  options: TrainOptions,
): Promise<{ score: Score; validation: number; optimizer: tf.Optimizer }> {
  const { train: rows, validation, test, labels } = data;
  const optimizer = tf.train.adam(options.learningRate);
  model.compile({ optimizer, loss: options.loss ?? bceFromLogits });
  const random = new SeededRandom(options.seed);
  let best = { validation: -1, score: { map: 0, f1: 0, epoch: 0 } };
  for (let epoch = 1; epoch <= options.epochs; epoch++) {
    options.onEpochBegin?.(epoch - 1);
    const order = random.permutation(rows.rows);
    for (let start = 0; start < rows.rows; start += options.batchSize) {
      const batch = batchTensors(rows, labels, order.subarray(start, start + options.batchSize));
      await model.trainOnBatch(batch.x, batch.y);
      tf.dispose([batch.x, batch.y]);
    }
    const validationMap = meanAveragePrecision(
      predict(model, validation, labels),
      validation.y,
      labels,
    );
    if (validationMap > best.validation) {
      const logits = predict(model, test, labels);
      best = {
        validation: validationMap,
        score: {
          map: meanAveragePrecision(logits, test.y, labels),
          f1: microF1(logits, test.y),
          epoch,
        },
      };
    }
  }
  return { score: best.score, validation: best.validation, optimizer };
}

/** The first `1 - share` of the rows for training and the rest for validation. */
export function holdOut(
  split: Split,
  labels: number,
  share: number,
): { train: Split; validation: Split } {
  const size = split.shape.reduce((a, b) => a * b, 1);
  const cut = Math.round(split.rows * (1 - share));
  const part = (from: number, to: number): Split => ({
    x: split.x.subarray(from * size, to * size),
    y: split.y.subarray(from * labels, to * labels),
    rows: to - from,
    shape: split.shape,
  });
  return { train: part(0, cut), validation: part(cut, split.rows) };
}

/** The rows `indices` of `split`, copied in that order. */
export function rowsAt(split: Split, labels: number, indices: ArrayLike<number>): Split {
  const size = split.shape.reduce((a, b) => a * b, 1);
  const x = new Float32Array(indices.length * size);
  const y = new Uint8Array(indices.length * labels);
  for (let i = 0; i < indices.length; i++) {
    const r = indices[i];
    x.set(split.x.subarray(r * size, (r + 1) * size), i * size);
    y.set(split.y.subarray(r * labels, (r + 1) * labels), i * labels);
  }
  return { x, y, rows: indices.length, shape: split.shape };
}

export function predict(model: tfl.LayersModel, data: Split, labels: number): Float32Array {
  const out = new Float32Array(data.rows * labels);
  for (let start = 0; start < data.rows; start += 256) {
    const indices = Array.from({ length: Math.min(256, data.rows - start) }, (_, i) => start + i);
    const batch = batchTensors(data, labels, indices);
    const logits = model.predict(batch.x) as tf.Tensor;
    out.set(logits.dataSync(), start * labels);
    tf.dispose([batch.x, batch.y, logits]);
  }
  return out;
}

// ---------------------------------------------------------------- runs

/** The mean of `values`. */
export const mean = (values: number[]): number => values.reduce((a, b) => a + b, 0) / values.length;

/** The (population) standard deviation of `values`. */
export const sd = (values: number[]): number =>
  Math.sqrt(mean(values.map((x) => (x - mean(values)) ** 2)));

/** The knobs every training benchmark reads from the environment, under its own prefix. */
export interface TrainingKnobs {
  /** `<PREFIX>_QUICK=1`: a smoke run on a few rows and epochs. */
  quick: boolean;
  /** `<PREFIX>_SEEDS` (default 3): seeds 1 to that number. */
  seeds: number[];
  /** `<PREFIX>_ONLY`: one of the two data sets. */
  only: 'multi-digit' | 'yeast' | undefined;
  /** `<PREFIX>_BACKEND` (default wasm). */
  backend: string;
}

/** Reads the {@link TrainingKnobs} named `<prefix>_...`, throwing on a bad value. */
export function trainingKnobs(prefix: string): TrainingKnobs {
  const env = (name: string) => process.env[`${prefix}_${name}`];
  const seedCount = Number(env('SEEDS') ?? 3);
  if (!Number.isInteger(seedCount) || seedCount < 1) {
    throw new Error(`${prefix}_SEEDS must be a positive integer, not '${env('SEEDS')}'.`);
  }
  const only = env('ONLY');
  if (only !== undefined && only !== 'multi-digit' && only !== 'yeast') {
    throw new Error(`${prefix}_ONLY must be 'multi-digit' or 'yeast', not '${only}'.`);
  }
  return {
    quick: env('QUICK') === '1',
    seeds: Array.from({ length: seedCount }, (_, i) => i + 1),
    only,
    backend: env('BACKEND') ?? 'wasm',
  };
}

/** A data set of the training benchmarks, with the backbone that suits it. */
export interface TrainingDataset {
  name: 'multi-digit' | 'yeast';
  train: Split;
  test: Split;
  labels: number;
  backbone: typeof cnnBackbone;
}

/**
 * The data sets `knobs` asks for: multi-digit images (2,000 training and 800 test images; 320
 * and 128 when quick) with the CNN, and yeast's MULAN split with the MLP.
 */
export function trainingDatasets(knobs: TrainingKnobs): TrainingDataset[] {
  const { quick, only } = knobs;
  const sets: TrainingDataset[] = [];
  if (only !== 'yeast') {
    sets.push({
      name: 'multi-digit',
      train: multiDigit(quick ? 320 : 2000, 11, 'train'),
      test: multiDigit(quick ? 128 : 800, 12, 'test'),
      labels: 10,
      backbone: cnnBackbone,
    });
  }
  if (only !== 'multi-digit') {
    sets.push({
      name: 'yeast',
      train: readYeast('yeast-train.csv'),
      test: readYeast('yeast-test.csv'),
      labels: 14,
      backbone: mlpBackbone,
    });
  }
  return sets;
}

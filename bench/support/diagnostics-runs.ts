/**
 * Training runs watched by `MultilabelDiagnosticsCallback`, shared by its tests and
 * `bench/diagnostics.ts`: the models of the three examples on their data (healthy runs, on which
 * the callback must stay silent) and three deliberate failures (on which it must fire).
 *
 * - `browser`: examples/browser's model (8 features -> relu 32 -> 4 logits,
 *   `binaryFocalCrossentropy({ gamma: 2 })`, Adam 0.02, batch 32) on its data (four linear rules
 *   of Gaussian features, the last label rare), drawn from the run's seed;
 * - `tabular`: examples/tabular's MLP on a MULAN split, validated on the test split: the library
 *   pipeline's (logits, `weightedBinaryCrossentropy`) or the baseline's (sigmoid,
 *   `'binaryCrossentropy'`);
 * - `demo`: examples/demo's model (three convolutions and a CSRA head, `asymmetricLoss`, Adam
 *   5e-3, batch 32) on multi-digit images split as the demo splits them.
 */
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { loadMnistDigits } from '../../examples/data/mnist-digits.js';
import { buildMultiDigitImages, TWO_BY_TWO } from '../../examples/data/multi-digit.js';
import { Conv2DRelu } from '../../examples/demo/conv.js';
import { type DatasetName, readSplit, standardize } from '../../examples/tabular/datasets.js';
import { buildMlp, SETTINGS } from '../../examples/tabular/tabular.js';
import { SeededRandom } from '../../src/core/random.js';
import { trainTestSplit } from '../../src/data/index.js';
import { csraHead } from '../../src/layers/index.js';
import {
  asymmetricLoss,
  binaryFocalCrossentropy,
  weightedBinaryCrossentropy,
} from '../../src/losses/index.js';
import { MultilabelDiagnosticsCallback, type TrainingIssue } from '../../src/training/index.js';

/** A model ready to train: its data, how to train it, and what to free afterwards. */
export interface Recipe {
  model: tfl.LayersModel;
  loss: string | ((yTrue: tf.Tensor, yPred: tf.Tensor) => tf.Tensor);
  learningRate: number;
  x: tf.Tensor;
  y: tf.Tensor;
  validation: [tf.Tensor, { data: Uint8Array; shape: [number, number] }];
  epochs: number;
  batchSize: number;
}

/** What one watched run gave: the issues, and the library's own warnings meanwhile. */
export interface Outcome {
  issues: TrainingIssue[];
  /** Messages of tfjs-multilabel printed with `console.warn` (the losses' own check). */
  warnings: string[];
  /** The last training loss. */
  loss: number;
}

/** Trains `recipe` with the diagnostics callback watching, and frees everything. */
export async function watch(
  recipe: Recipe,
  options: { checks?: boolean | Record<string, boolean>; callbacks?: tfl.CustomCallback[] } = {},
): Promise<Outcome> {
  const issues: TrainingIssue[] = [];
  const warnings: string[] = [];
  const warn = console.warn;
  console.warn = (...args: unknown[]) => {
    const text = String(args[0]);
    if (text.startsWith('tfjs-multilabel:')) warnings.push(text);
    else warn(...args);
  };
  const optimizer = tf.train.adam(recipe.learningRate);
  try {
    recipe.model.compile({ optimizer, loss: recipe.loss });
    const diagnostics = new MultilabelDiagnosticsCallback({
      validationData: recipe.validation,
      onIssue: (issue) => issues.push(issue),
      ...(options.checks === undefined ? {} : { checks: options.checks }),
    });
    const history = await recipe.model.fit(recipe.x, recipe.y, {
      epochs: recipe.epochs,
      batchSize: recipe.batchSize,
      // tfjs-layers shuffles with Math.random: unshuffled (the rows are in random order
      // already), a run is the same every time.
      shuffle: false,
      verbose: 0,
      callbacks: [diagnostics, ...(options.callbacks ?? [])],
    });
    // Let a loss's pending read settle before the count.
    await new Promise((resolve) => setTimeout(resolve, 0));
    return { issues, warnings, loss: (history.history.loss as number[]).at(-1) as number };
  } finally {
    console.warn = warn;
    optimizer.dispose();
    recipe.model.dispose();
    tf.dispose([recipe.x, recipe.y, recipe.validation[0]]);
  }
}

// ----------------------------------------------------------------------------- browser example

const BROWSER_FEATURES = 8;
const BROWSER_LABELS = 4;

/** Settings of a browser run (the example's by default). */
export interface BrowserSettings {
  rows: number;
  validationRows: number;
  epochs: number;
  /** `'logits'` (the example), or a deliberate failure's output layer. */
  output: 'logits' | 'sigmoid' | 'softmax' | 'collapsed';
  loss?: Recipe['loss'];
}

/**
 * examples/browser's data (features from N(0, 1); each label a fixed linear rule of them, with
 * offsets 0, 0.5, -0.5 and -2.2, the last label rare) and model, from `seed`.
 */
export function browserRun(seed: number, settings: Partial<BrowserSettings> = {}): Recipe {
  const s: BrowserSettings = {
    rows: 480,
    validationRows: 96,
    epochs: 30,
    output: 'logits',
    ...settings,
  };
  const random = new SeededRandom(seed);
  const gaussian = () =>
    Math.sqrt(-2 * Math.log(1 - random.nextFloat())) * Math.cos(2 * Math.PI * random.nextFloat());
  const weights = Array.from({ length: BROWSER_LABELS }, () =>
    Array.from({ length: BROWSER_FEATURES }, gaussian),
  );
  const offsets = [0, 0.5, -0.5, -2.2];
  const x = new Float32Array(s.rows * BROWSER_FEATURES);
  const y = new Uint8Array(s.rows * BROWSER_LABELS);
  for (let r = 0; r < s.rows; r++) {
    for (let f = 0; f < BROWSER_FEATURES; f++) x[r * BROWSER_FEATURES + f] = gaussian();
    for (let l = 0; l < BROWSER_LABELS; l++) {
      let z = offsets[l];
      for (let f = 0; f < BROWSER_FEATURES; f++) z += weights[l][f] * x[r * BROWSER_FEATURES + f];
      y[r * BROWSER_LABELS + l] = z > 0 ? 1 : 0;
    }
  }
  const train = s.rows - s.validationRows;
  const activation = s.output === 'sigmoid' || s.output === 'softmax' ? s.output : 'linear';
  const model = tfl.sequential({
    layers: [
      tfl.layers.dense({
        inputShape: [BROWSER_FEATURES],
        units: 32,
        activation: 'relu',
        kernelInitializer: tfl.initializers.glorotUniform({ seed }),
      }),
      tfl.layers.dense({
        units: BROWSER_LABELS,
        activation,
        kernelInitializer: tfl.initializers.glorotUniform({ seed: seed + 1 }),
        // The collapsed model starts with every logit near -10: it predicts no label.
        biasInitializer: tfl.initializers.constant({ value: s.output === 'collapsed' ? -10 : 0 }),
      }),
    ],
  });
  return {
    model,
    loss: s.loss ?? binaryFocalCrossentropy({ gamma: 2 }),
    learningRate: 0.02,
    x: tf.tensor2d(x.subarray(0, train * BROWSER_FEATURES), [train, BROWSER_FEATURES]),
    y: tf.tensor2d(Float32Array.from(y.subarray(0, train * BROWSER_LABELS)), [
      train,
      BROWSER_LABELS,
    ]),
    validation: [
      tf.tensor2d(x.subarray(train * BROWSER_FEATURES), [s.validationRows, BROWSER_FEATURES]),
      { data: y.slice(train * BROWSER_LABELS), shape: [s.validationRows, BROWSER_LABELS] },
    ],
    epochs: s.epochs,
    batchSize: 32,
  };
}

// ----------------------------------------------------------------------------- tabular example

/** Settings of a tabular run (the example's by default). */
export interface TabularRunSettings {
  /** The library pipeline's model (logits) or the baseline's (sigmoid, binaryCrossentropy). */
  pipeline: 'library' | 'baseline';
  /** Overrides the dataset's epochs. */
  epochs?: number;
  /** Uses only the first rows of the training split. */
  rows?: number;
  /** A deliberate failure's loss. */
  loss?: Recipe['loss'];
}

/** examples/tabular's MLP on a MULAN split, validated on its test split. */
export function tabularRun(
  dataset: DatasetName,
  seed: number,
  settings: Partial<TabularRunSettings> = {},
): Recipe {
  const s = { pipeline: 'library', ...settings };
  const train = readSplit(dataset, 'train');
  const test = readSplit(dataset, 'test');
  standardize(train, test);
  const mlp = { ...SETTINGS[dataset], ...(s.epochs === undefined ? {} : { epochs: s.epochs }) };
  const rows = Math.min(s.rows ?? train.rows, train.rows);
  const library = s.pipeline === 'library';
  return {
    model: buildMlp(train.features, train.labels, mlp, seed, library),
    loss: s.loss ?? (library ? weightedBinaryCrossentropy() : 'binaryCrossentropy'),
    learningRate: mlp.learningRate,
    x: tf.tensor2d(train.x.subarray(0, rows * train.features), [rows, train.features]),
    y: tf.tensor2d(Float32Array.from(train.y.subarray(0, rows * train.labels)), [
      rows,
      train.labels,
    ]),
    validation: [
      tf.tensor2d(test.x, [test.rows, test.features]),
      { data: test.y, shape: [test.rows, test.labels] },
    ],
    epochs: mlp.epochs,
    batchSize: mlp.batchSize,
  };
}

// ----------------------------------------------------------------------------- demo

const DIGITS = 10;

/** Settings of a demo run (the demo's by default). */
export interface DemoRunSettings {
  images: number;
  epochs: number;
  /** A deliberate failure's activation of the CSRA head's output. */
  output: 'logits' | 'sigmoid';
  loss?: Recipe['loss'];
}

/**
 * examples/demo's model and data: multi-digit images from `seed`, split 60/20/20 by
 * `trainTestSplit` (the validation part watched), the CNN with a CSRA head seeded from `seed`.
 */
export function demoRun(seed: number, settings: Partial<DemoRunSettings> = {}): Recipe {
  const s: DemoRunSettings = { images: 4000, epochs: 8, output: 'logits', ...settings };
  const data = buildMultiDigitImages(loadMnistDigits(), {
    count: s.images,
    seed,
    pool: 'train',
    ...TWO_BY_TWO,
  });
  const split = trainTestSplit(
    { data: data.labels, shape: [data.count, DIGITS] },
    { testSize: 0.2, validationSize: 0.2, seed },
  );
  const side = data.side;
  const size = side * side;
  const gather = (rows: Int32Array) => {
    const x = new Float32Array(rows.length * size);
    const y = new Uint8Array(rows.length * DIGITS);
    rows.forEach((r, i) => {
      x.set(data.images.subarray(r * size, (r + 1) * size), i * size);
      y.set(data.labels.subarray(r * DIGITS, (r + 1) * DIGITS), i * DIGITS);
    });
    return { x: tf.tensor4d(x, [rows.length, side, side, 1]), y };
  };
  const train = gather(split.train);
  const validation = gather(split.validation);
  // The demo's model (conv 16, pool, conv 32, pool, conv 64, CSRA head), seeds moved by `seed`.
  const input = tfl.input({ shape: [side, side, 1] });
  let h = new Conv2DRelu({ filters: 16, seed: 10 * seed + 1 }).apply(input) as tfl.SymbolicTensor;
  h = tfl.layers.maxPooling2d({ poolSize: 2 }).apply(h) as tfl.SymbolicTensor;
  h = new Conv2DRelu({ filters: 32, seed: 10 * seed + 2 }).apply(h) as tfl.SymbolicTensor;
  h = tfl.layers.maxPooling2d({ poolSize: 2 }).apply(h) as tfl.SymbolicTensor;
  h = new Conv2DRelu({ filters: 64, seed: 10 * seed + 3 }).apply(h) as tfl.SymbolicTensor;
  let out = csraHead({
    units: DIGITS,
    lambda: 0.5,
    temperatures: [1, 'max'],
    seed: 10 * seed + 4,
  }).apply(h) as tfl.SymbolicTensor;
  if (s.output === 'sigmoid') {
    out = tfl.layers.activation({ activation: 'sigmoid' }).apply(out) as tfl.SymbolicTensor;
  }
  return {
    model: tfl.model({ inputs: input, outputs: out }),
    loss: s.loss ?? asymmetricLoss({ gammaNeg: 2, gammaPos: 0, clip: 0.05 }),
    learningRate: 5e-3,
    x: train.x,
    y: tf.tensor2d(Float32Array.from(train.y), [split.train.length, DIGITS]),
    validation: [validation.x, { data: validation.y, shape: [split.validation.length, DIGITS] }],
    epochs: s.epochs,
    batchSize: 32,
  };
}

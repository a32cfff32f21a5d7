/**
 * trainingMetrics and MultilabelEvaluationCallback in a real model.fit on the backend of this
 * project (cpu and wasm): values checked against the array metrics on the same predictions,
 * log keys, and no tensor left alive.
 */

import { test } from '@fast-check/vitest';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { describe, expect, it } from 'vitest';
import { SeededRandom } from '../../src/core/random.js';
import * as m from '../../src/metrics/index.js';
import {
  type EvaluationMetric,
  isMultilabelError,
  MultilabelError,
  MultilabelEvaluationCallback,
  type TrainingMetric,
  trainingMetrics,
} from '../../src/training/index.js';
import { validOnDevice } from '../../src/training/training-metrics.js';
import { bitRows } from '../bits.js';
import { codeOf } from '../error-code.js';
import { fc, matrixOf, shape } from '../fc.js';
import { sigmoidCrossEntropy } from '../layers/head-harness.js';
import { expectNoLeakedTensors } from '../leak.js';
import { allTrainingMetrics } from './all-metrics.js';

const backend = process.env.TFJS_BACKEND;

/** A small seeded problem: 4 features, 3 labels that depend on them, with some noise. */
function problem(rows: number, seed: number): { x: number[][]; y: number[][] } {
  const random = new SeededRandom(seed);
  const x: number[][] = [];
  const y: number[][] = [];
  for (let r = 0; r < rows; r++) {
    const features = Array.from({ length: 4 }, () => random.nextFloat() * 2 - 1);
    x.push(features);
    y.push([
      features[0] + 0.3 * random.nextFloat() > 0.1 ? 1 : 0,
      features[1] - features[2] > 0 ? 1 : 0,
      features[3] > 0.5 || random.nextFloat() < 0.1 ? 1 : 0,
    ]);
  }
  return { x, y };
}

function modelFor(activation: 'sigmoid' | 'linear'): tfl.Sequential {
  // Seeded initialisers so that every backend trains the same network.
  const model = tfl.sequential({
    layers: [
      tfl.layers.dense({
        units: 8,
        inputShape: [4],
        activation: 'relu',
        kernelInitializer: tfl.initializers.glorotUniform({ seed: 1 }),
      }),
      tfl.layers.dense({
        units: 3,
        activation,
        kernelInitializer: tfl.initializers.glorotUniform({ seed: 2 }),
      }),
    ],
  });
  return model;
}

const dataIds = (): number => tf.engine().backend.numDataIds();

const thresholded = (scores: number[][], threshold: number, fromLogits: boolean): number[][] =>
  scores.map((row) =>
    row.map((v) => ((fromLogits ? 1 / (1 + Math.exp(-v)) : v) >= threshold ? 1 : 0)),
  );

describe(`trainingMetrics on ${backend}`, () => {
  const yTrue = bitRows('101 011 110 000');
  const probabilities = [
    [0.9, 0.2, 0.4],
    [0.1, 0.8, 0.7],
    [0.6, 0.3, 0.2],
    [0.2, 0.6, 0.1],
  ];

  it('equal the array metrics on one batch, from probabilities and from logits', () => {
    const logits = probabilities.map((row) => row.map((p) => Math.log(p / (1 - p))));
    for (const [scores, fromLogits] of [
      [probabilities, false],
      [logits, true],
    ] as const) {
      const yPred = thresholded(scores, 0.5, fromLogits);
      const expected: Record<string, number> = {
        subset_accuracy: m.subsetAccuracy(yTrue, yPred),
        hamming_score: 1 - m.hammingLoss(yTrue, yPred),
        f1_micro: m.f1Score(yTrue, yPred, { average: 'micro' }),
        f1_macro: m.f1Score(yTrue, yPred, { average: 'macro' }),
        precision_micro: m.precisionScore(yTrue, yPred, { average: 'micro' }),
        recall_micro: m.recallScore(yTrue, yPred, { average: 'micro' }),
      };
      const metrics = [
        trainingMetrics.subsetAccuracy({ fromLogits }),
        trainingMetrics.hammingScore({ fromLogits }),
        trainingMetrics.f1Micro({ fromLogits }),
        trainingMetrics.f1Macro({ fromLogits }),
        trainingMetrics.precisionMicro({ fromLogits }),
        trainingMetrics.recallMicro({ fromLogits }),
      ];
      const t = tf.tensor2d(yTrue);
      const s = tf.tensor2d(scores);
      for (const metric of metrics) {
        const value = tf.tidy(() => metric(t, s).dataSync()[0]);
        expect(value, metric.name).toBeCloseTo(expected[metric.name], 6);
      }
      tf.dispose([t, s]);
    }
  });

  it('skip missing cells with ignoreIndex and honour the threshold and zeroDivision', () => {
    const withMissing = [
      [1, -1, 1],
      [0, 1, -1],
    ];
    const scores = [
      [0.9, 0.9, 0.3],
      [0.2, 0.35, 0.9],
    ];
    const yPred = thresholded(scores, 0.3, false);
    const t = tf.tensor2d(withMissing);
    const s = tf.tensor2d(scores);
    const f1 = trainingMetrics.f1Macro({ threshold: 0.3, ignoreIndex: -1, zeroDivision: 1 });
    const want = m.f1Score(withMissing, yPred, { ignoreIndex: -1, zeroDivision: 1 });
    expect(tf.tidy(() => f1(t, s).dataSync()[0])).toBeCloseTo(want, 6);
    const hamming = trainingMetrics.hammingScore({ threshold: 0.3, ignoreIndex: -1 });
    expect(tf.tidy(() => hamming(t, s).dataSync()[0])).toBeCloseTo(
      1 - m.hammingLoss(withMissing, yPred, { ignoreIndex: -1 }),
      6,
    );
    tf.dispose([t, s]);
  });

  it('leave no tensor alive and carry their log key as their name', async () => {
    const t = tf.tensor2d(yTrue);
    const s = tf.tensor2d(probabilities);
    for (const metric of [
      trainingMetrics.f1Micro(),
      trainingMetrics.subsetAccuracy({ name: 'exact_match' }),
    ]) {
      await expectNoLeakedTensors(() => metric(t, s));
    }
    expect(trainingMetrics.subsetAccuracy({ name: 'exact_match' }).name).toBe('exact_match');
    expect(trainingMetrics.f1Macro().name).toBe('f1_macro');
    tf.dispose([t, s]);
  });

  it('reject bad options', () => {
    expect(codeOf(() => trainingMetrics.f1Micro({ treshold: 0.5 } as never))).toBe(
      'UNKNOWN_OPTION',
    );
    expect(codeOf(() => trainingMetrics.f1Micro({ threshold: Number.NaN }))).toBe('INVALID_OPTION');
    expect(codeOf(() => trainingMetrics.f1Micro({ zeroDivision: 'nan' as never }))).toBe(
      'INVALID_OPTION',
    );
    expect(codeOf(() => trainingMetrics.f1Micro({ ignoreIndex: 0 }))).toBe('INVALID_OPTION');
    expect(codeOf(() => trainingMetrics.f1Micro({ name: '' }))).toBe('INVALID_OPTION');
  });
});

/** The value of `metric` on row arrays (labels may hold NaN). */
function batchValue(metric: TrainingMetric, yTrue: number[][], yPred: number[][]): number {
  return tf.tidy(() => metric(tf.tensor2d(yTrue), tf.tensor2d(yPred)).dataSync()[0]);
}

describe(`trainingMetrics check their inputs on ${backend}`, () => {
  it('reject labels other than 0 and 1 (a label of 2 gave a precision of 2)', () => {
    for (const metric of allTrainingMetrics()) {
      expect(
        codeOf(() => metric(tf.tensor2d([[2, 0, 1]]), tf.tensor2d([[0.9, 0.2, 0.4]]))),
        metric.name,
      ).toBe('NON_BINARY_LABELS');
    }
    const precision = trainingMetrics.precisionMicro();
    expect(() =>
      tf.tidy(() => precision(tf.tensor2d([[2, 0, 1]]), tf.tensor2d([[0.9, 0.2, 0.4]]))),
    ).toThrow(/`yTrue\[0\]\[0\]` is 2; labels must be 0 or 1\./);
    const f1 = trainingMetrics.f1Micro();
    // Soft labels are no counts; -1 and NaN are missing labels only with ignoreIndex.
    for (const bad of [0.5, -1, Number.NaN, 1e-30, 1 + 2 ** -23, -0.5, 1e30]) {
      expect(
        codeOf(() => f1(tf.tensor2d([[1, bad]]), tf.tensor2d([[0.9, 0.2]]))),
        String(bad),
      ).toBe('NON_BINARY_LABELS');
    }
    const masked = trainingMetrics.f1Micro({ ignoreIndex: -1 });
    for (const bad of [-2, 0.5, 2]) {
      expect(codeOf(() => masked(tf.tensor2d([[1, bad]]), tf.tensor2d([[0.9, 0.2]])))).toBe(
        'NON_BINARY_LABELS',
      );
    }
    // int32 and bool labels are read as numbers.
    expect(
      tf.tidy(
        () => f1(tf.tensor2d([[1, 0]], [1, 2], 'int32'), tf.tensor2d([[0.9, 0.2]])).dataSync()[0],
      ),
    ).toBe(1);
    expect(
      tf.tidy(
        () => f1(tf.tensor2d([[1, 0]], [1, 2], 'bool'), tf.tensor2d([[0.9, 0.2]])).dataSync()[0],
      ),
    ).toBe(1);
  });

  it('reject shapes that differ instead of broadcasting them (ones [4, 3] vs [4, 1] gave 1.5)', () => {
    for (const metric of allTrainingMetrics()) {
      expect(
        codeOf(() => metric(tf.ones([4, 3]), tf.ones([4, 1]))),
        metric.name,
      ).toBe('SHAPE_MISMATCH');
      // A tfjs broadcast error before.
      expect(
        codeOf(() => metric(tf.ones([2, 3]), tf.ones([2, 4]))),
        metric.name,
      ).toBe('SHAPE_MISMATCH');
      expect(
        codeOf(() => metric(tf.ones([3, 2]), tf.ones([1, 2]))),
        metric.name,
      ).toBe('SHAPE_MISMATCH');
    }
  });

  it('reject non-tensors, disposed tensors, other ranks, empty batches and other dtypes', () => {
    const f1 = trainingMetrics.f1Micro();
    expect(codeOf(() => f1([[1, 0]] as unknown as tf.Tensor, tf.ones([1, 2])))).toBe(
      'INVALID_ARGUMENT',
    );
    const disposed = tf.ones([1, 2]);
    disposed.dispose();
    expect(codeOf(() => f1(disposed, tf.ones([1, 2])))).toBe('INVALID_ARGUMENT');
    expect(codeOf(() => f1(tf.ones([1, 2]), disposed))).toBe('INVALID_ARGUMENT');
    expect(codeOf(() => f1(tf.ones([2]), tf.ones([2])))).toBe('INVALID_SHAPE');
    expect(codeOf(() => f1(tf.ones([1, 2, 2]), tf.ones([1, 2, 2])))).toBe('INVALID_SHAPE');
    expect(codeOf(() => f1(tf.ones([0, 3]), tf.ones([0, 3])))).toBe('EMPTY_INPUT');
    expect(codeOf(() => f1(tf.ones([2, 0]), tf.ones([2, 0])))).toBe('EMPTY_INPUT');
    expect(codeOf(() => f1(tf.ones([1, 2]), tf.ones([1, 2], 'int32')))).toBe('INVALID_ARGUMENT');
    expect(codeOf(() => f1(tf.tensor2d([['1', '0']]), tf.ones([1, 2])))).toBe('INVALID_ARGUMENT');
  });

  it("accept cells equal to ignoreIndex and NaN as missing, with the array metrics' value", () => {
    const withMarker = (marker: number) => [
      [1, Number.NaN, 0],
      [marker, 1, 1],
    ];
    const scores = [
      [0.9, 0.9, 0.6],
      [0.1, 0.8, 0.2],
    ];
    const want = m.f1Score(withMarker(-1), thresholded(scores, 0.5, false), {
      average: 'micro',
      ignoreIndex: -1,
    });
    // The known cells (label/score) 1/0.9, 0/0.6, 1/0.8, 1/0.2: 2 tp, 1 fp, 1 fn.
    expect(want).toBeCloseTo(2 / 3, 12);
    for (const marker of [-1, -100, Number.NaN]) {
      const yTrue = withMarker(marker);
      expect(
        batchValue(trainingMetrics.f1Micro({ ignoreIndex: marker }), yTrue, scores),
      ).toBeCloseTo(want, 6);
    }
    // A -1 cell is missing only under the marker -1.
    const nanMarker = trainingMetrics.f1Micro({ ignoreIndex: Number.NaN });
    expect(codeOf(() => batchValue(nanMarker, withMarker(-1), scores))).toBe('NON_BINARY_LABELS');
  });

  it('give NaN for a NaN or infinite prediction, on every backend', () => {
    for (const metric of allTrainingMetrics()) {
      for (const bad of [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]) {
        expect(batchValue(metric, [[1, 0]], [[bad, 0.2]]), `${metric.name} ${bad}`).toBeNaN();
      }
    }
  });

  it('check the values again whenever the data changes, though a batch is read once', () => {
    const f1 = trainingMetrics.f1Micro();
    const precision = trainingMetrics.precisionMicro();
    const labels = tf.tidy(() => tf.variable(tf.tensor2d([[1, 0]])));
    const scores = tf.tensor2d([[0.9, 0.2]]);
    expect(tf.tidy(() => f1(labels, scores).dataSync()[0])).toBe(1);
    expect(tf.tidy(() => precision(labels, scores).dataSync()[0])).toBe(1);
    // A variable's assign gives it new data: the next call reads it.
    tf.tidy(() => labels.assign(tf.tensor2d([[2, 0]])));
    expect(codeOf(() => f1(labels, scores))).toBe('NON_BINARY_LABELS');
    expect(codeOf(() => precision(labels, scores))).toBe('NON_BINARY_LABELS');
    // The same data under another ignoreIndex rule is checked under that rule.
    tf.tidy(() => labels.assign(tf.tensor2d([[-1, 1]])));
    expect(
      tf.tidy(() => trainingMetrics.f1Micro({ ignoreIndex: -1 })(labels, scores).dataSync()[0]),
    ).toBe(0);
    expect(codeOf(() => f1(labels, scores))).toBe('NON_BINARY_LABELS');
    tf.dispose([labels, scores]);
  });

  it('leave no tensor alive when they reject a batch or give NaN', async () => {
    const f1 = trainingMetrics.f1Micro();
    const labels = tf.tensor2d([[2, 0]]);
    const good = tf.tensor2d([[1, 0]]);
    const scores = tf.tensor2d([[0.9, 0.2]]);
    const nan = tf.tensor2d([[Number.NaN, 0.2]]);
    const before = tf.memory().numTensors;
    expect(() => f1(labels, scores)).toThrow(MultilabelError);
    expect(tf.memory().numTensors).toBe(before);
    await expectNoLeakedTensors(() => f1(good, nan));
    tf.dispose([labels, good, scores, nan]);
  });
});

describe(`the device-side validity flag of trainingMetrics (webgl's check) on ${backend}`, () => {
  const CELLS = [0, 1, -1, Number.NaN, 2, 0.5, -2, -100, 1e-30, 1 + 2 ** -23, 1 - 2 ** -24, 1e30];
  const valid = (v: number, ignoreIndex: number | undefined) =>
    v === 0 ||
    v === 1 ||
    (ignoreIndex !== undefined && (Object.is(v, ignoreIndex) || Number.isNaN(v)));

  test.prop(
    [
      fc.constantFrom(undefined, -1, Number.NaN, -100, 2),
      shape({ maxRows: 5, maxCols: 5 }).chain((s) =>
        fc.record({
          labels: matrixOf(s, fc.oneof(fc.constantFrom(0, 1), fc.constantFrom(...CELLS))),
          scores: matrixOf(
            s,
            fc.oneof(
              fc.double({ min: -1e30, max: 1e30, noNaN: true }),
              fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY),
            ),
          ),
        }),
      ),
    ],
    { numRuns: 150 },
  )(
    'is true exactly when every label is valid and every prediction finite',
    (ignoreIndex, { labels, scores }) => {
      const expected =
        labels.data.every((v) => valid(v, ignoreIndex)) &&
        scores.data.every((v) => Number.isFinite(Math.fround(v)));
      const flag = tf.tidy(
        () =>
          validOnDevice(
            tf.tensor2d(labels.data, [labels.rows, labels.cols]),
            tf.tensor2d(scores.data, [scores.rows, scores.cols]),
            ignoreIndex,
          ).dataSync()[0],
      );
      expect(flag === 1).toBe(expected);
    },
  );
});

describe(`model.fit with trainingMetrics and MultilabelEvaluationCallback on ${backend}`, () => {
  it('logs batch metrics and exact epoch metrics equal to the array metrics on model.predict', async () => {
    const train = problem(96, 5);
    const validation = problem(40, 6);
    const idsAtStart = dataIds();
    const optimizer = tf.train.adam(0.05);
    const model = modelFor('linear');
    model.compile({
      optimizer,
      loss: sigmoidCrossEntropy,
      metrics: [
        trainingMetrics.f1Micro({ fromLogits: true }),
        trainingMetrics.subsetAccuracy({ fromLogits: true }),
      ],
    });
    const x = tf.tensor2d(train.x);
    const y = tf.tensor2d(train.y);
    const xVal = tf.tensor2d(validation.x);
    const yVal = tf.tensor2d(validation.y);
    const names: EvaluationMetric[] = [
      'f1_macro',
      'f1_micro',
      'average_precision_macro',
      'roc_auc_macro',
      'subset_accuracy',
      'label_ranking_loss',
    ];
    const evaluation = new MultilabelEvaluationCallback({
      validationData: [xVal, validation.y],
      metrics: names,
      fromLogits: true,
      batchSize: 16,
    });
    const history = await model.fit(x, y, {
      epochs: 3,
      batchSize: 32,
      validationData: [xVal, yVal],
      callbacks: [evaluation],
      verbose: 0,
    });
    // Batch metrics from compile, on training and (batch-averaged) validation data.
    expect(history.history.f1_micro).toHaveLength(3);
    expect(history.history.subset_accuracy).toHaveLength(3);
    for (const name of names) expect(history.history[`val_${name}`], name).toHaveLength(3);

    // The last epoch's exact values equal the array metrics on the model's predictions now.
    const logits = tf.tidy(() => (model.predict(xVal) as tf.Tensor).arraySync() as number[][]);
    const yPred = thresholded(logits, 0.5, true);
    const last = (name: string) => history.history[name][2] as number;
    expect(last('val_f1_macro')).toBeCloseTo(m.f1Score(validation.y, yPred), 10);
    expect(last('val_f1_micro')).toBeCloseTo(
      m.f1Score(validation.y, yPred, { average: 'micro' }),
      10,
    );
    expect(last('val_subset_accuracy')).toBeCloseTo(m.subsetAccuracy(validation.y, yPred), 10);
    expect(last('val_average_precision_macro')).toBeCloseTo(
      m.averagePrecisionScore(validation.y, logits),
      10,
    );
    expect(last('val_roc_auc_macro')).toBeCloseTo(m.rocAucScore(validation.y, logits), 10);
    expect(last('val_label_ranking_loss')).toBeCloseTo(
      m.labelRankingLoss(validation.y, logits),
      10,
    );
    expect(evaluation.lastResult?.rows).toBe(40);

    // The exact value is what the batch-averaged compiled metric approximates: both are
    // F1 scores of the same predictions, so they are close but need not be equal.
    const batchAveraged = tf.tidy(
      () =>
        trainingMetrics
          .f1Micro({ fromLogits: true })(yVal, model.predict(xVal) as tf.Tensor)
          .dataSync()[0],
    );
    expect(batchAveraged).toBeCloseTo(last('val_f1_micro'), 5);

    tf.dispose([x, y, xVal, yVal]);
    model.dispose();
    optimizer.dispose();
    expect(dataIds(), 'backend data left alive').toBe(idsAtStart);
  });

  it("shows the tfjs pitfall: with a custom loss, 'accuracy' is categorical (argmax) accuracy", async () => {
    const data = problem(32, 7);
    const idsAtStart = dataIds();
    const optimizer = tf.train.sgd(0);
    const model = modelFor('sigmoid');
    const x = tf.tensor2d(data.x);
    const y = tf.tensor2d(data.y);
    model.compile({
      optimizer,
      loss: (yTrue: tf.Tensor, yPred: tf.Tensor) => tf.losses.meanSquaredError(yTrue, yPred),
      metrics: ['accuracy', trainingMetrics.hammingScore()],
    });
    const history = await model.fit(x, y, { epochs: 1, batchSize: 32, verbose: 0 });
    const probabilities = tf.tidy(() => (model.predict(x) as tf.Tensor).arraySync() as number[][]);
    const argmax = (row: number[]) => row.indexOf(Math.max(...row));
    // Categorical accuracy: argmax of the labels (the first 1, or 0 for an empty row) equals
    // argmax of the scores. It ignores every other label of the row.
    const categorical =
      data.y.filter((row, i) => argmax(row) === argmax(probabilities[i])).length / 32;
    expect(history.history.acc[0] as number).toBeCloseTo(categorical, 5);
    const binary = 1 - m.hammingLoss(data.y, thresholded(probabilities, 0.5, false));
    expect(history.history.hamming_score[0] as number).toBeCloseTo(binary, 5);
    tf.dispose([x, y]);
    model.dispose();
    optimizer.dispose();
    expect(dataIds(), 'backend data left alive').toBe(idsAtStart);
  });

  it('rejects validation inputs that are not live tensors, up front and when evaluating', async () => {
    const labels = [
      [1, 0],
      [0, 1],
    ];
    const disposed = tf.zeros([2, 4]);
    disposed.dispose();
    const scalar = tf.scalar(1);
    const bad: [string, unknown][] = [
      ['disposed', disposed],
      ['[disposed]', [disposed]],
      ['an array of rows', [[0, 0, 0, 0]]],
      ['no input', []],
      ['a scalar', scalar],
    ];
    for (const [what, inputs] of bad) {
      let code: string | undefined;
      try {
        new MultilabelEvaluationCallback({ validationData: [inputs as tf.Tensor, labels] });
      } catch (error) {
        code = isMultilabelError(error) ? error.code : String(error);
      }
      expect(code, what).toMatch(/^(INVALID_ARGUMENT|INVALID_SHAPE)$/);
    }
    scalar.dispose();
    // Disposed after the callback was made: evaluate() says so instead of a tfjs error.
    const x = tf.zeros([2, 4]);
    const model = modelFor('linear');
    const callback = new MultilabelEvaluationCallback({ validationData: [x, labels] });
    callback.setModel(model);
    x.dispose();
    await expect(callback.evaluate()).rejects.toMatchObject({
      name: 'MultilabelError',
      code: 'INVALID_ARGUMENT',
      message: expect.stringContaining('`validationData[0]` has been disposed'),
    });
    model.dispose();
  });

  it('refuses ROC AUC on validation labels with a one-class label, and other bad options, up front', () => {
    const x = tf.zeros([3, 4]);
    const oneClass = bitRows('101 011 111');
    expect(
      codeOf(
        () =>
          new MultilabelEvaluationCallback({
            validationData: [x, oneClass],
            metrics: ['roc_auc_macro'],
          }),
      ),
    ).toBe('UNDEFINED_METRIC');
    expect(
      codeOf(
        () =>
          new MultilabelEvaluationCallback({
            validationData: [x, oneClass],
            metrics: ['roc_auc_micro'],
          }),
      ),
    ).toBeUndefined();
    expect(
      codeOf(
        () =>
          new MultilabelEvaluationCallback({
            validationData: [x, oneClass],
            metrics: ['f1_mean' as EvaluationMetric],
          }),
      ),
    ).toBe('INVALID_OPTION');
    // Not an array of names: a number, a bare string, a function, null.
    for (const metrics of [5, 'f1_macro', () => 'f1_macro', null]) {
      expect(
        codeOf(
          () =>
            new MultilabelEvaluationCallback({
              validationData: [x, oneClass],
              metrics: metrics as unknown as EvaluationMetric[],
            }),
        ),
        String(metrics),
      ).toBe('INVALID_OPTION');
    }
    expect(codeOf(() => new MultilabelEvaluationCallback({ validationData: [x, [[1, 0]]] }))).toBe(
      'SHAPE_MISMATCH',
    );
    expect(
      codeOf(
        () =>
          new MultilabelEvaluationCallback({ validationData: [x, oneClass], epochs: 2 } as never),
      ),
    ).toBe('UNKNOWN_OPTION');
    expect(
      codeOf(() => new MultilabelEvaluationCallback({ validationData: [x, oneClass], bins: 1 })),
    ).toBe('INVALID_OPTION');
    x.dispose();
  });
});

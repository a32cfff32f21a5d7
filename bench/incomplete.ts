/**
 * Training on incomplete labels: 60% of the positives of the training labels dropped at random
 * and left as 0 (unmarked, as when annotators tag some of what an image shows), then trained
 * with plain binary cross-entropy, the two assume-negative treatments, Hill, SPLC, large-loss
 * rejection, and large-loss rejection after `markLikelyMissing` has marked the likely missing
 * positives. Test mAP
 * (macro average precision, scikit-learn's definition) is taken on the complete test labels,
 * beside binary cross-entropy on the complete training labels and on the incomplete ones with
 * the dropped cells marked unknown (`ignoreIndex`): what knowing which cells are missing buys.
 *
 * - multi-digit images (the demo's 2 x 2 grids of real MNIST digits, 1-3 digits; 2,000 training
 *   and 800 test images) with the heads benchmark's small CNN and a dense head, 8 epochs at
 *   learning rate 2e-3;
 * - yeast (the MULAN train/test split) with the heads benchmark's MLP, 60 epochs, each method
 *   keeping the learning rate in {1e-3, 3e-3} with the best validation mAP.
 *
 * Protocol: three seeds (the dropped positives, weight initialisation and batch order); Adam,
 * batch 64; the last 20% of the training rows are held out with their labels as incomplete as
 * the rest, and the test mAP is taken at the epoch with the best validation mAP. Losses: the
 * library's `weightedBinaryCrossentropy` (with `assumeNegative: { smoothing: 0.1 }`, or
 * `{ weight: 1 / (labels - 1) }`, Cole et al. 2021's weak assume-negative), `hillLoss` and
 * `splcLoss` with the paper's defaults (SPLC corrects from the second epoch on), and
 * `largeLossRejection` (its default deltaRate 0.002 first; on yeast also faster rates, bounded
 * at a fifth of the cells, as its 60 epochs would otherwise reject most 0 labels). For
 * `markLikelyMissing`, five networks trained with cross-entropy on four fifths of the training
 * rows each (20 epochs at 3e-3 on yeast, the images' 8 at 2e-3; the final weights) score the
 * fifth they did not see; it marks with the keep rate the drop implies (`1 - INCOMPLETE_DROP`),
 * and the model then trains with `ignoreIndex` on the marked cells: cross-entropy, or
 * large-loss rejection at its default rate or faster ones bounded at a fifth. "Recovered"
 * is the share of the gap between BCE on incomplete and on complete labels that a method
 * closes: (mAP - BCE incomplete) / (BCE complete - BCE incomplete).
 *
 * Knobs: INCOMPLETE_QUICK=1 (smoke run), INCOMPLETE_ONLY=multi-digit or yeast,
 * INCOMPLETE_SEEDS (default 3), INCOMPLETE_DROP (share of positives dropped, default 0.6),
 * INCOMPLETE_BACKEND (default wasm).
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import * as tfl from '@tensorflow/tfjs-layers';
import { SeededRandom } from '../src/core/random.js';
import { markLikelyMissing } from '../src/data/index.js';
import {
  type EpochLoss,
  hillLoss,
  largeLossRejection,
  splcLoss,
  weightedBinaryCrossentropy,
} from '../src/losses/index.js';
import { printTable, writeResults } from './harness.js';
import {
  holdOut,
  mean,
  pooled,
  predict,
  rowsAt,
  type Split,
  sd,
  type TrainingDataset,
  train,
  trainingDatasets,
  trainingKnobs,
} from './support/training.js';

const knobs = trainingKnobs('INCOMPLETE');
const { quick, seeds } = knobs;
const dropShare = Number(process.env.INCOMPLETE_DROP ?? 0.6);
if (!(dropShare >= 0 && dropShare < 1)) {
  throw new Error(`INCOMPLETE_DROP must be in [0, 1), not '${process.env.INCOMPLETE_DROP}'.`);
}

type Loss = (yTrue: tf.Tensor, yPred: tf.Tensor) => tf.Tensor;

/** One setting of a method: a fresh loss, with the epoch hook a stateful loss needs. */
interface Setting {
  label: string;
  make: () => { loss: Loss; onEpochBegin?: (epoch: number) => void };
}

interface Method {
  name: string;
  /**
   * The training labels it sees: the complete ones (the reference), the incomplete ones with
   * the dropped positives left as 0 (unmarked), or with them marked unknown (the `ignoreIndex`
   * reference: what marking the missing cells would buy), or with the cells that
   * `markLikelyMissing` finds from out-of-fold scores marked unknown.
   */
  labels: 'complete' | 'unmarked' | 'marked' | 'marked by a model';
  /** Its settings for `labels` labels: the first is the published default (the only one tried
   * where settings are not tuned). */
  settings: (labels: number) => Setting[];
}

const bce =
  (assumeNegative?: { smoothing?: number; weight?: number }): Setting['make'] =>
  () => ({ loss: weightedBinaryCrossentropy({ assumeNegative }) });
/** A loss with epoch state, its epoch set as each epoch begins. */
const withEpoch =
  (make: () => EpochLoss): Setting['make'] =>
  () => {
    const loss = make();
    return { loss, onEpochBegin: loss.setEpoch };
  };

const METHODS: Method[] = [
  {
    name: 'BCE, complete labels',
    labels: 'complete',
    settings: () => [{ label: '-', make: bce() }],
  },
  { name: 'BCE', labels: 'unmarked', settings: () => [{ label: '-', make: bce() }] },
  {
    name: 'BCE, dropped cells marked unknown',
    labels: 'marked',
    settings: () => [
      {
        label: '-',
        make: () => ({ loss: weightedBinaryCrossentropy({ ignoreIndex: UNKNOWN }) }),
      },
    ],
  },
  {
    name: 'assume negative, smoothed',
    labels: 'unmarked',
    settings: () =>
      [0.1, 0.2].map((smoothing) => ({
        label: `smoothing ${smoothing}`,
        make: bce({ smoothing }),
      })),
  },
  {
    name: 'weak assume negative',
    labels: 'unmarked',
    settings: (labels) => [
      { label: 'weight 1/(L-1)', make: bce({ weight: 1 / (labels - 1) }) },
      { label: 'weight 0.5', make: bce({ weight: 0.5 }) },
    ],
  },
  {
    name: 'Hill',
    labels: 'unmarked',
    settings: () => [
      { label: 'defaults', make: () => ({ loss: hillLoss() }) },
      { label: 'gamma 0', make: () => ({ loss: hillLoss({ gamma: 0 }) }) },
    ],
  },
  {
    name: 'SPLC',
    labels: 'unmarked',
    settings: () => [
      { label: 'defaults', make: withEpoch(() => splcLoss()) },
      { label: 'gamma 0', make: withEpoch(() => splcLoss({ gamma: 0 })) },
    ],
  },
  {
    name: 'large-loss rejection',
    labels: 'unmarked',
    settings: () => [
      { label: 'deltaRate 0.002', make: withEpoch(() => largeLossRejection()) },
      ...[0.005, 0.01].map((deltaRate) => ({
        label: `deltaRate ${deltaRate}, maxRate 0.2`,
        make: withEpoch(() => largeLossRejection({ deltaRate, maxRate: 0.2 })),
      })),
    ],
  },
  {
    name: 'markLikelyMissing + large-loss rejection',
    labels: 'marked by a model',
    settings: () => [
      {
        label: 'deltaRate 0.002',
        make: withEpoch(() => largeLossRejection({ ignoreIndex: UNKNOWN })),
      },
      {
        label: 'no rejection',
        make: () => ({ loss: weightedBinaryCrossentropy({ ignoreIndex: UNKNOWN }) }),
      },
      ...[0.0025, 0.005, 0.01].map((deltaRate) => ({
        label: `deltaRate ${deltaRate}, maxRate 0.2`,
        make: withEpoch(() =>
          largeLossRejection({ deltaRate, maxRate: 0.2, ignoreIndex: UNKNOWN }),
        ),
      })),
    ],
  },
];

/** The marker of a dropped positive in the marked labels (a byte outside [0, 1]). */
const UNKNOWN = 255;

/** `split` with each positive label dropped with probability `share`, marked {@link UNKNOWN}. */
function dropPositives(split: Split, share: number, random: SeededRandom): Split {
  const y = Uint8Array.from(split.y, (v) => (v === 1 && random.nextFloat() < share ? UNKNOWN : v));
  return { ...split, y };
}

/** `split` with its marked cells left as 0, as nobody marked them. */
function unmarked(split: Split): Split {
  return { ...split, y: Uint8Array.from(split.y, (v) => (v === UNKNOWN ? 0 : v)) };
}

/** Folds and epochs of the out-of-fold scores that `markLikelyMissing` reads. */
const MARKING_FOLDS = 5;

/**
 * `incomplete` (unmarked incomplete labels) with the cells that `markLikelyMissing` ranks most likely
 * missing marked {@link UNKNOWN}: out-of-fold logits of `MARKING_FOLDS` networks trained with
 * cross-entropy (`epochs` each, the final weights), then the per-label models of the library
 * with the keep rate the drop implies.
 */
async function markedByModel(b: Benchmark, incomplete: Split, seed: number): Promise<Split> {
  const { labels } = b;
  const outOfFold = new Float32Array(incomplete.rows * labels);
  const order = new SeededRandom(seed).permutation(incomplete.rows);
  for (let k = 0; k < MARKING_FOLDS; k++) {
    const held = order.filter((_, i) => i % MARKING_FOLDS === k);
    const kept = order.filter((_, i) => i % MARKING_FOLDS !== k);
    const heldRows = rowsAt(incomplete, labels, held);
    const model = buildModel(b, seed * 100 + k);
    const run = await train(
      model,
      {
        train: rowsAt(incomplete, labels, kept),
        validation: heldRows,
        test: heldRows,
        labels,
      },
      { epochs: b.markingEpochs, batchSize: 64, learningRate: b.markingLearningRate, seed },
    );
    const logits = predict(model, heldRows, labels);
    held.forEach((row, i) => {
      outOfFold.set(logits.subarray(i * labels, (i + 1) * labels), row * labels);
    });
    model.dispose();
    run.optimizer.dispose();
  }
  const marked = markLikelyMissing(
    { data: incomplete.y, shape: [incomplete.rows, labels] },
    { data: outOfFold, shape: [incomplete.rows, labels] },
    { keepRate: 1 - dropShare, marker: UNKNOWN, seed },
  );
  return { ...incomplete, y: Uint8Array.from(marked.labels.data) };
}

interface Benchmark extends TrainingDataset {
  epochs: number;
  learningRates: number[];
  /** Whether each method keeps the setting with the best validation mAP (else its first). */
  tuneSettings: boolean;
  /** Epochs and learning rate of the networks whose out-of-fold scores mark cells. */
  markingEpochs: number;
  markingLearningRate: number;
}

function buildModel(b: Benchmark, seed: number): tfl.LayersModel {
  const { input, features } = b.backbone(b.train.shape, seed);
  const output = tfl.layers
    .dense({ units: b.labels, kernelInitializer: tfl.initializers.glorotUniform({ seed }) })
    .apply(pooled(features)) as tfl.SymbolicTensor;
  return tfl.model({ inputs: input, outputs: output });
}

async function runBenchmark(b: Benchmark): Promise<Record<string, string | number>[]> {
  const maps: Record<string, number[]> = {};
  const chosenSettings: Record<string, string[]> = {};
  const { train: completeRows, validation: completeValidation } = holdOut(b.train, b.labels, 0.2);
  for (const seed of seeds) {
    // The same dropped positives for every method of a seed.
    const random = new SeededRandom(1000 + seed);
    const markedTrain = dropPositives(completeRows, dropShare, random);
    // Validation is unmarked for every method, so all of them choose their epoch alike.
    const validation = unmarked(dropPositives(completeValidation, dropShare, random));
    const unmarkedTrain = unmarked(markedTrain);
    const trainingRows = {
      complete: { train: completeRows, validation: completeValidation },
      unmarked: { train: unmarkedTrain, validation },
      marked: { train: markedTrain, validation },
    };
    for (const method of METHODS) {
      const started = performance.now();
      const rows =
        method.labels === 'marked by a model'
          ? { train: await markedByModel(b, unmarkedTrain, seed), validation }
          : trainingRows[method.labels];
      const data = { ...rows, test: b.test, labels: b.labels };
      const settings = method.settings(b.labels).slice(0, b.tuneSettings ? undefined : 1);
      let best: { map: number; validation: number; label: string } | undefined;
      for (const setting of settings) {
        for (const learningRate of b.learningRates) {
          const model = buildModel(b, seed);
          const { loss, onEpochBegin } = setting.make();
          const run = await train(model, data, {
            epochs: b.epochs,
            batchSize: 64,
            learningRate,
            seed,
            loss,
            onEpochBegin,
          });
          model.dispose();
          run.optimizer.dispose();
          if (best === undefined || run.validation > best.validation) {
            const label = `${setting.label}, lr ${learningRate}`;
            best = { map: run.score.map, validation: run.validation, label };
          }
        }
      }
      const chosen = best as NonNullable<typeof best>;
      maps[method.name] ??= [];
      maps[method.name].push(chosen.map);
      chosenSettings[method.name] ??= [];
      chosenSettings[method.name].push(chosen.label);
      const seconds = ((performance.now() - started) / 1000).toFixed(1);
      console.log(
        `${b.name} seed ${seed} ${method.name} (${chosen.label}): test mAP ${chosen.map.toFixed(4)} (${seconds} s)`,
      );
    }
  }
  const complete = mean(maps['BCE, complete labels']);
  const plain = mean(maps.BCE);
  // Rounded, without the sign of a negative zero.
  const fixed = (value: number, digits: number) =>
    (Number(value.toFixed(digits)) + 0).toFixed(digits);
  return METHODS.map(({ name }) => ({
    benchmark: b.name,
    method: name,
    'test mAP (mean ± sd)': `${mean(maps[name]).toFixed(4)} ± ${sd(maps[name]).toFixed(4)}`,
    'mAP - BCE': fixed(mean(maps[name]) - plain, 4),
    recovered:
      name === 'BCE, complete labels' || name === 'BCE'
        ? ''
        : `${fixed(((mean(maps[name]) - plain) / (complete - plain)) * 100, 0)}%`,
    'chosen (per seed)': [...new Set(chosenSettings[name])].join('; '),
  }));
}

await tf.setBackend(knobs.backend);
await tf.ready();
console.log(
  `backend ${tf.getBackend()}, seeds ${seeds.join(', ')}, ${dropShare * 100}% of the training positives dropped${quick ? ' (quick)' : ''}`,
);
const rows: Record<string, string | number>[] = [];
for (const dataset of trainingDatasets(knobs)) {
  const images = dataset.name === 'multi-digit';
  rows.push(
    ...(await runBenchmark({
      ...dataset,
      epochs: quick ? (images ? 1 : 2) : images ? 8 : 60,
      learningRates: images ? [2e-3] : quick ? [1e-3] : [1e-3, 3e-3],
      tuneSettings: !images,
      markingEpochs: quick ? 1 : images ? 8 : 20,
      markingLearningRate: images ? 2e-3 : 3e-3,
    })),
  );
}

printTable(
  `Test mAP after training on labels with ${dropShare * 100}% of the positives unmarked`,
  rows,
);
if (!quick) writeResults('incomplete', rows, { dropShare, seeds });

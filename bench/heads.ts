/**
 * Label-correlation-aware heads against global average pooling + dense, on the same backbone:
 *
 * - multi-digit images (2 x 2 grids of real MNIST digits, 1-3 digits, labels = the digits
 *   shown, partner digits correlated) with a small CNN; heads: dense, graph (LabelGraphHead),
 *   CSRA (lambda 0.5, temperatures [1, Infinity], the paper's small-object setting), label
 *   attention (defaults);
 * - yeast (the MULAN train/test split) with an MLP; heads: dense, graph.
 *
 * Protocol: three seeds (weight initialisation and batch order); Adam, batch 64; the last 20 %
 * of the training rows are held out, and the test metrics are taken at the epoch with the best
 * validation mAP (early stopping, so an over-fitting head is not judged at a bad epoch). Images:
 * 1,600 training images, 5 epochs, learning rate 2e-3 for every head (a fixed budget: global
 * average pooling + dense converges slowest; HEADS_EPOCHS=30 shows where it ends up). Yeast:
 * 60 epochs; each head keeps the learning rate in {1e-3, 3e-3} (and the graph head its
 * `hiddenUnits` in {[], [64]}) with the best validation mAP. Metrics: test mAP (macro average
 * precision, scikit-learn's definition) and micro-F1 at logit 0. Step time: median of 25
 * interleaved training steps of every head on one batch, as a ratio to the dense head's.
 *
 * Knobs: HEADS_QUICK=1 (smoke run), HEADS_ONLY=multi-digit or yeast (one benchmark),
 * HEADS_EPOCHS (image epochs, default 5),
 * HEADS_SEEDS (number of seeds, default 3; fewer for a long HEADS_EPOCHS check),
 * HEADS_GMP=1 (adds global max pooling + dense as a second reference), HEADS_BACKEND (default
 * wasm).
 */
import * as tf from '@tensorflow/tfjs-core';
import type { MatrixInput } from '../src/core/matrix.js';
import { labelCooccurrence } from '../src/data/index.js';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import * as tfl from '@tensorflow/tfjs-layers';
import { csraHead, labelAttentionHead, labelGraphHead } from '../src/layers/index.js';
import { printTable, writeResults } from './harness.js';
import {
  batchTensors,
  holdOut,
  mean,
  pooled,
  type Score,
  type Split,
  sd,
  type TrainingDataset,
  train,
  trainingDatasets,
  trainingKnobs,
} from './support/training.js';

const knobs = trainingKnobs('HEADS');
const { quick, seeds } = knobs;

// ---------------------------------------------------------------- models

type HeadName = 'dense' | 'gmp+dense' | 'graph' | 'csra' | 'attention';

function makeModel(
  head: HeadName,
  backbone: { input: tfl.SymbolicTensor; features: tfl.SymbolicTensor },
  labels: number,
  adjacency: MatrixInput,
  seed: number,
  graphHidden: number[],
): tfl.LayersModel {
  const { input, features } = backbone;
  let output: tfl.SymbolicTensor;
  switch (head) {
    case 'dense':
      output = tfl.layers
        .dense({ units: labels, kernelInitializer: tfl.initializers.glorotUniform({ seed }) })
        .apply(pooled(features)) as tfl.SymbolicTensor;
      break;
    case 'gmp+dense':
      output = tfl.layers
        .dense({ units: labels, kernelInitializer: tfl.initializers.glorotUniform({ seed }) })
        .apply(tfl.layers.globalMaxPooling2d({}).apply(features)) as tfl.SymbolicTensor;
      break;
    case 'graph':
      output = labelGraphHead({ adjacency, hiddenUnits: graphHidden, seed }).apply(
        pooled(features),
      ) as tfl.SymbolicTensor;
      break;
    case 'csra':
      output = csraHead({
        units: labels,
        lambda: 0.5,
        temperatures: [1, Number.POSITIVE_INFINITY],
        seed,
      }).apply(features) as tfl.SymbolicTensor;
      break;
    case 'attention':
      output = labelAttentionHead({ units: labels, seed }).apply(features) as tfl.SymbolicTensor;
      break;
  }
  return tfl.model({ inputs: input, outputs: output });
}

/**
 * Median time of one training step per head, with the heads' steps interleaved round by
 * round so that load from other processes hits all heads alike.
 */
async function stepTimes(
  models: Record<string, tfl.LayersModel>,
  data: Split,
  labels: number,
  batchSize: number,
  rounds: number,
): Promise<Record<string, number>> {
  const batch = batchTensors(
    data,
    labels,
    Array.from({ length: batchSize }, (_, i) => i),
  );
  const times: Record<string, number[]> = {};
  for (const name of Object.keys(models)) {
    times[name] = [];
    await models[name].trainOnBatch(batch.x, batch.y);
  }
  const entries = Object.entries(models);
  for (let r = 0; r < rounds; r++) {
    // Each round starts with another head, so none always follows the same one.
    for (let i = 0; i < entries.length; i++) {
      const [name, model] = entries[(r + i) % entries.length];
      const start = performance.now();
      await model.trainOnBatch(batch.x, batch.y);
      times[name].push(performance.now() - start);
    }
  }
  tf.dispose([batch.x, batch.y]);
  const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)];
  return Object.fromEntries(Object.entries(times).map(([k, v]) => [k, median(v)]));
}

// ---------------------------------------------------------------- runs

interface Benchmark extends TrainingDataset {
  heads: HeadName[];
  epochs: number;
  batchSize: number;
  /** Candidate learning rates; each head keeps the one with the best validation mAP. */
  learningRates: number[];
  /** Candidate `hiddenUnits` of the graph head, chosen the same way. */
  graphHidden: number[][];
}

const fmt = (v: number[]) => `${mean(v).toFixed(4)} ± ${sd(v).toFixed(4)}`;

async function runBenchmark(b: Benchmark): Promise<Record<string, string | number>[]> {
  const results: Record<
    string,
    { map: number[]; f1: number[]; epochs: number[]; chosen: string[] }
  > = {};
  let timing: Record<string, number> = {};
  const { train: rows, validation } = holdOut(b.train, b.labels, 0.2);
  const adjacency = labelCooccurrence(
    { data: rows.y, shape: [rows.rows, b.labels] },
    { normalize: 'conditional' },
  );
  const data = { train: rows, validation, test: b.test, labels: b.labels };
  for (const seed of seeds) {
    const models: Record<string, tfl.LayersModel> = {};
    const optimizers: tf.Optimizer[] = [];
    for (const head of b.heads) {
      const started = performance.now();
      let chosen:
        | { model: tfl.LayersModel; optimizer: tf.Optimizer; score: Score; validation: number }
        | undefined;
      let label = '';
      for (const learningRate of b.learningRates) {
        for (const graphHidden of head === 'graph' ? b.graphHidden : [[]]) {
          const backbone = b.backbone(b.train.shape, seed);
          const model = makeModel(head, backbone, b.labels, adjacency, seed, graphHidden);
          const run = await train(model, data, {
            epochs: b.epochs,
            batchSize: b.batchSize,
            learningRate,
            seed,
          });
          if (chosen === undefined || run.validation > chosen.validation) {
            if (chosen !== undefined) {
              chosen.model.dispose();
              chosen.optimizer.dispose();
            }
            chosen = { model, ...run };
            label = `lr ${learningRate}${head === 'graph' ? `, hiddenUnits [${graphHidden}]` : ''}`;
          } else {
            model.dispose();
            run.optimizer.dispose();
          }
        }
      }
      const { model, optimizer, score } = chosen as NonNullable<typeof chosen>;
      optimizers.push(optimizer);
      results[head] ??= { map: [], f1: [], epochs: [], chosen: [] };
      results[head].map.push(score.map);
      results[head].f1.push(score.f1);
      results[head].epochs.push(score.epoch);
      results[head].chosen.push(label);
      models[head] = model;
      const seconds = ((performance.now() - started) / 1000).toFixed(1);
      console.log(
        `${b.name} seed ${seed} ${head} (${label}): mAP ${score.map.toFixed(4)}, micro-F1 ${score.f1.toFixed(4)}, best epoch ${score.epoch} (${seconds} s)`,
      );
    }
    if (seed === seeds[0])
      timing = await stepTimes(models, b.train, b.labels, b.batchSize, quick ? 10 : 25);
    for (const model of Object.values(models)) model.dispose();
    for (const optimizer of optimizers) optimizer.dispose();
  }
  return b.heads.map((head) => ({
    benchmark: b.name,
    head,
    'mAP (mean ± sd)': fmt(results[head].map),
    'micro-F1 (mean ± sd)': fmt(results[head].f1),
    'mAP - dense': (mean(results[head].map) - mean(results.dense.map)).toFixed(4),
    'best epochs': results[head].epochs.join(' '),
    'step ms': timing[head].toFixed(1),
    'step / dense': (timing[head] / timing.dense).toFixed(2),
  }));
}

await tf.setBackend(knobs.backend);
await tf.ready();
console.log(`backend ${tf.getBackend()}, seeds ${seeds.join(', ')}${quick ? ' (quick)' : ''}`);

const rows: Record<string, string | number>[] = [];
for (const dataset of trainingDatasets(knobs)) {
  const images = dataset.name === 'multi-digit';
  rows.push(
    ...(await runBenchmark({
      ...dataset,
      heads: images
        ? [
            'dense',
            ...(process.env.HEADS_GMP === '1' ? (['gmp+dense'] as const) : []),
            'graph',
            'csra',
            'attention',
          ]
        : ['dense', 'graph'],
      epochs: images ? (quick ? 1 : Number(process.env.HEADS_EPOCHS ?? 5)) : quick ? 2 : 60,
      batchSize: 64,
      learningRates: images ? [2e-3] : quick ? [1e-3] : [1e-3, 3e-3],
      graphHidden: images ? [[64]] : quick ? [[]] : [[], [64]],
    })),
  );
}

printTable('Heads vs global average pooling + dense (test set; step time vs the dense head)', rows);
writeResults('heads', rows);

/**
 * The diagnostics callback on real training runs: 20 healthy runs of the three examples' models
 * on their data (examples/demo's CNN with a CSRA head on multi-digit images, examples/tabular's
 * MLP on yeast, scene and emotions, both of its pipelines, and examples/browser's model on its
 * data), each with its own seed, where the goal is that no check fires; and four deliberate
 * failures, where the goal is that each fires: a collapsed model, two ways (the browser model
 * with its output bias started at -10 and a learning rate too small to move it, and the browser
 * model trained with its positives weighted 1e-3), a softmax head (the tabular MLP ending in a
 * softmax, with binaryCrossentropy) and a sigmoid model trained with a logits loss (the demo's
 * model with a sigmoid after its head, asymmetricLoss at its default).
 *
 * Beside the count it reports how close the healthy runs came to each collapse rule, over every
 * epoch: the smallest share of positive decisions as a fraction of the labels' positive rate
 * (the rule fires under 0.1), and the smallest, over epochs, of the best label's average
 * precision above its positive rate (the chance rule fires when every label is within 0.01).
 *
 * Run: `npm run bench -- diagnostics` (wasm; DIAGNOSTICS_QUICK=1: a few epochs and rows).
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';
import * as tfl from '@tensorflow/tfjs-layers';
import { weightedBinaryCrossentropy } from '../src/losses/index.js';
import { averagePrecisionScore } from '../src/metrics/index.js';
import { printTable, writeResults } from './harness.js';
import {
  browserRun,
  demoRun,
  type Outcome,
  type Recipe,
  tabularRun,
  watch,
} from './support/diagnostics-runs.js';

const quick = process.env.DIAGNOSTICS_QUICK === '1';
await tf.setBackend('wasm');

/** How close one run came to the collapse rules, over its epochs. */
interface Margins {
  /** Smallest share of positive decisions over the labels' positive rate. */
  rateRatio: number;
  /** Smallest, over epochs, of the largest AP minus positive rate among the labels. */
  bestGain: number;
}

/** A callback that measures the {@link Margins} at the end of every epoch (its own read). */
function probe(recipe: Recipe, logits: boolean, margins: Margins): tfl.CustomCallback {
  const [x, labels] = recipe.validation;
  const [rows, cols] = labels.shape;
  return new tfl.CustomCallback({
    onEpochEnd: async () => {
      const out = recipe.model.predict(x, { batchSize: 256 }) as tf.Tensor;
      const scores = (await out.data()) as Float32Array;
      out.dispose();
      const cut = logits ? 0 : 0.5;
      let predicted = 0;
      let positives = 0;
      for (let i = 0; i < scores.length; i++) {
        if (scores[i] >= cut) predicted++;
        positives += labels.data[i];
      }
      margins.rateRatio = Math.min(margins.rateRatio, predicted / positives);
      const ap = averagePrecisionScore(
        labels,
        { data: scores, shape: [rows, cols] },
        {
          average: 'none',
        },
      );
      let best = Number.NEGATIVE_INFINITY;
      for (let c = 0; c < cols; c++) {
        let p = 0;
        for (let r = 0; r < rows; r++) p += labels.data[r * cols + c];
        if (p > 0 && p < rows) best = Math.max(best, ap[c] - p / rows);
      }
      margins.bestGain = Math.min(margins.bestGain, best);
    },
  });
}

interface Run {
  model: 'demo' | 'tabular' | 'browser';
  what: string;
  seed: number;
  recipe: () => Recipe;
  logits: boolean;
  /** The kind a deliberate failure must raise. */
  expected?: 'collapse' | 'softmax' | 'probabilities';
}

const demoSettings = quick ? { images: 600, epochs: 2 } : {};
const tabularEpochs = quick ? { epochs: 3 } : {};
const browserSettings = quick ? { epochs: 5 } : {};

const healthy: Run[] = [
  ...[1, 2, 3, 4, 5, 6, 7].map(
    (seed): Run => ({
      model: 'demo',
      what: 'CNN + CSRA, asymmetricLoss',
      seed,
      recipe: () => demoRun(seed, demoSettings),
      logits: true,
    }),
  ),
  ...(
    [
      ['yeast', 'library', 1],
      ['scene', 'library', 2],
      ['emotions', 'library', 3],
      ['yeast', 'baseline', 4],
      ['scene', 'baseline', 5],
      ['emotions', 'baseline', 6],
    ] as const
  ).map(
    ([dataset, pipeline, seed]): Run => ({
      model: 'tabular',
      what: `${dataset}, ${pipeline === 'library' ? 'logits + weightedBinaryCrossentropy' : 'sigmoid + binaryCrossentropy'}`,
      seed,
      recipe: () => tabularRun(dataset, seed, { pipeline, ...tabularEpochs }),
      logits: pipeline === 'library',
    }),
  ),
  ...[1, 2, 3, 4, 5, 6, 7].map(
    (seed): Run => ({
      model: 'browser',
      what: 'MLP, binaryFocalCrossentropy',
      seed,
      recipe: () => browserRun(seed, browserSettings),
      logits: true,
    }),
  ),
];

const failures: Run[] = [
  {
    model: 'browser',
    what: 'output bias started at -10, learning rate 1e-4 (stays there)',
    seed: 1,
    recipe: () => ({
      ...browserRun(1, { ...browserSettings, output: 'collapsed' }),
      learningRate: 1e-4,
    }),
    logits: true,
    expected: 'collapse',
  },
  {
    model: 'browser',
    what: 'positives weighted 1e-3 in weightedBinaryCrossentropy',
    seed: 2,
    recipe: () =>
      browserRun(2, {
        ...browserSettings,
        loss: weightedBinaryCrossentropy({ posWeight: 1e-3 }),
      }),
    logits: true,
    expected: 'collapse',
  },
  {
    model: 'tabular',
    what: 'emotions, softmax head + binaryCrossentropy',
    seed: 1,
    recipe: () => {
      const recipe = tabularRun('emotions', 1, { pipeline: 'library', ...tabularEpochs });
      // The same MLP with a softmax on its logits.
      const softmax = tfl.layers.activation({ activation: 'softmax' });
      const model = tfl.model({
        inputs: recipe.model.inputs,
        outputs: softmax.apply(recipe.model.outputs[0]) as tfl.SymbolicTensor,
      });
      return { ...recipe, model, loss: 'binaryCrossentropy' };
    },
    logits: false,
    expected: 'softmax',
  },
  {
    model: 'demo',
    what: 'sigmoid after the head + asymmetricLoss (takes logits)',
    seed: 1,
    // Three epochs: the probability check decides on the first training batch.
    recipe: () => demoRun(1, { epochs: 3, ...demoSettings, output: 'sigmoid' }),
    logits: true,
    expected: 'probabilities',
  },
];

const rows: Record<string, string | number>[] = [];
const outcomes: { run: Run; outcome: Outcome; margins: Margins; seconds: number }[] = [];
for (const run of [...healthy, ...failures]) {
  const started = performance.now();
  const recipe = run.recipe();
  const margins: Margins = {
    rateRatio: Number.POSITIVE_INFINITY,
    bestGain: Number.POSITIVE_INFINITY,
  };
  const outcome = await watch(recipe, { callbacks: [probe(recipe, run.logits, margins)] });
  const seconds = (performance.now() - started) / 1000;
  outcomes.push({ run, outcome, margins, seconds });
  const fired = outcome.issues.map((i) => `${i.kind}@${i.epoch + 1}`).join(', ');
  rows.push({
    run: run.expected === undefined ? 'healthy' : `failure (${run.expected})`,
    model: run.model,
    what: run.what,
    seed: run.seed,
    epochs: recipe.epochs,
    'final loss': Number(outcome.loss.toFixed(4)),
    fired: fired === '' ? '-' : fired,
    'library warnings': outcome.warnings.length,
    'min rate/prior': Number(margins.rateRatio.toFixed(3)),
    'min best AP gain': Number(margins.bestGain.toFixed(3)),
    seconds: Number(seconds.toFixed(1)),
  });
  console.log(`${rows.at(-1)?.run} ${run.model} seed ${run.seed}: ${rows.at(-1)?.fired}`);
}
printTable('Diagnostics on healthy runs and deliberate failures', rows);

const healthyOutcomes = outcomes.filter((o) => o.run.expected === undefined);
const failureOutcomes = outcomes.filter((o) => o.run.expected !== undefined);
const summary = {
  backend: tf.getBackend(),
  quick,
  healthyRuns: healthyOutcomes.length,
  healthyFired: healthyOutcomes.filter(
    (o) => o.outcome.issues.length > 0 || o.outcome.warnings.length > 0,
  ).length,
  failures: failureOutcomes.length,
  failuresCaught: failureOutcomes.filter((o) =>
    o.outcome.issues.some((i) => i.kind === o.run.expected),
  ).length,
  failuresFired: failureOutcomes.map((o) => ({
    failure: `${o.run.model}: ${o.run.what}`,
    expected: o.run.expected,
    fired: o.outcome.issues.map((i) => ({ kind: i.kind, epoch: i.epoch + 1 })),
  })),
  closestHealthyRateRatio: Number(
    Math.min(...healthyOutcomes.map((o) => o.margins.rateRatio)).toFixed(3),
  ),
  closestHealthyBestApGain: Number(
    Math.min(...healthyOutcomes.map((o) => o.margins.bestGain)).toFixed(3),
  ),
  seconds: Math.round(outcomes.reduce((a, o) => a + o.seconds, 0)),
};
console.log(
  `\nhealthy runs with a message: ${summary.healthyFired} of ${summary.healthyRuns}; ` +
    `failures caught: ${summary.failuresCaught} of ${summary.failures}; closest healthy ` +
    `rate/prior ${summary.closestHealthyRateRatio} (fires under 0.1), best AP gain ` +
    `${summary.closestHealthyBestApGain} (fires at 0.01 or less)`,
);
writeResults(quick ? 'diagnostics-partial' : 'diagnostics', rows, summary);

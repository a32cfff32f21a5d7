/**
 * Forward + backward time per call of each loss (default options, logits; SPLC correcting from
 * the first epoch, large-loss rejection at epoch 5: 1% of the cells rejected), against two
 * references measured in the same run and interleaved with it call by call:
 *
 * - tfjs's own `tf.losses.sigmoidCrossEntropy` with autodiff (goal: ours / BCE <= 1.0);
 * - a straightforward autodiff formulation of the same loss (test/losses/naive.ts; goal:
 *   naive / ours >= 1.5).
 *
 * The machine is shared, so each call is timed many times, interleaved with the references
 * call by call. The ratios compare the fastest call of each (the least disturbed); the median
 * of per-round ratios is printed beside them.
 *
 * Shapes [4096, 80] and [256, 1000], backends cpu and wasm. Labels are Bernoulli(0.1), logits
 * N(0, 2) from a fixed seed. Run: `npm run bench -- losses`; to narrow it down while tuning,
 * `node --import tsx bench/losses.ts [backend ...] [loss ...]` (e.g. `wasm asymmetricLoss`).
 */
import '@tensorflow/tfjs-layers'; // registers the tfjs-core gradients the references need
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import * as tf from '@tensorflow/tfjs-core';
import { SeededRandom } from '../src/core/random.js';
import {
  asymmetricLoss,
  binaryFocalCrossentropy,
  type EpochLoss,
  hillLoss,
  largeLossRejection,
  multilabelSoftmaxLoss,
  softF1Loss,
  splcLoss,
  weightedBinaryCrossentropy,
} from '../src/losses/index.js';
import { naive } from '../test/losses/naive.js';
import type { ReferenceOptions } from '../test/losses/reference.js';
import { printTable, range, writeResults } from './harness.js';

type Loss = (yTrue: tf.Tensor, yPred: tf.Tensor) => tf.Tensor;

/** `loss` with its epoch set. */
function atEpoch(loss: EpochLoss, epoch: number): EpochLoss {
  loss.setEpoch(epoch);
  return loss;
}

/** Each loss, and the options it and its naive form are built with (SPLC while correcting). */
const LOSSES: [keyof typeof naive, Loss, ReferenceOptions][] = [
  ['weightedBinaryCrossentropy', weightedBinaryCrossentropy(), {}],
  ['binaryFocalCrossentropy', binaryFocalCrossentropy(), {}],
  ['asymmetricLoss', asymmetricLoss(), {}],
  ['multilabelSoftmaxLoss', multilabelSoftmaxLoss(), {}],
  ['softF1Loss', softF1Loss(), {}],
  ['hillLoss', hillLoss(), {}],
  ['splcLoss', splcLoss({ changeEpoch: 0 }), { changeEpoch: 0 }],
  ['largeLossRejection', atEpoch(largeLossRejection(), 5), { epoch: 5 }],
];
const SHAPES: [number, number][] = [
  [4096, 80],
  [256, 1000],
];

function data(rows: number, cols: number) {
  const random = new SeededRandom(rows * 7919 + cols);
  const labels = new Float32Array(rows * cols);
  const logits = new Float32Array(rows * cols);
  for (let i = 0; i < labels.length; i++) {
    labels[i] = random.nextFloat() < 0.1 ? 1 : 0;
    // Box-Muller, N(0, 2).
    const u = 1 - random.nextFloat();
    logits[i] = 2 * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random.nextFloat());
  }
  return {
    yTrue: tf.tensor2d(labels, [rows, cols]),
    yPred: tf.tensor2d(logits, [rows, cols]),
  };
}

/** One forward + backward call, waited for (values read back). */
function step(loss: Loss, yTrue: tf.Tensor, yPred: tf.Tensor): () => number {
  const valueAndGrad = tf.valueAndGrad((x: tf.Tensor) => tf.mean(loss(yTrue, x)) as tf.Scalar);
  return () => {
    const start = performance.now();
    const { value, grad } = valueAndGrad(yPred);
    value.dataSync();
    grad.dataSync();
    const elapsed = performance.now() - start;
    value.dispose();
    grad.dispose();
    return elapsed;
  };
}

/** Times of each function, measured in interleaved rounds after two warm-up rounds. */
function interleaved(fns: (() => number)[], rounds: number): number[][] {
  const times = fns.map(() => [] as number[]);
  for (let r = 0; r < rounds + 2; r++) {
    fns.forEach((fn, i) => {
      const t = fn();
      if (r >= 2) times[i].push(t);
    });
  }
  return times;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

const args = process.argv.slice(2);
const backends = ['cpu', 'wasm'].filter(
  (b) => !args.some((a) => a === 'cpu' || a === 'wasm') || args.includes(b),
);
const only = args.filter((a) => a !== 'cpu' && a !== 'wasm');

const rows: Record<string, string | number>[] = [];
const ratios: { vsBce: number; vsNaive: number }[] = [];
for (const backend of backends) {
  await tf.setBackend(backend);
  await tf.ready();
  for (const [n, c] of SHAPES) {
    const { yTrue, yPred } = data(n, c);
    const bce = step((y, x) => tf.losses.sigmoidCrossEntropy(y, x), yTrue, yPred);
    for (const [name, loss, options] of LOSSES) {
      if (only.length > 0 && !only.includes(name)) continue;
      const rounds = backend === 'cpu' ? 11 : 41;
      const [ours, reference, slow] = interleaved(
        [step(loss, yTrue, yPred), bce, step(naive[name](options), yTrue, yPred)],
        rounds,
      );
      // The fastest calls are the least disturbed by other processes.
      const vsBce = Math.min(...ours) / Math.min(...reference);
      const vsNaive = Math.min(...slow) / Math.min(...ours);
      const medianVsBce = median(ours.map((t, i) => t / reference[i]));
      ratios.push({ vsBce, vsNaive });
      rows.push({
        backend,
        shape: `${n}x${c}`,
        loss: name,
        'ours (ms)': Math.min(...ours).toFixed(1),
        'tfjs BCE (ms)': Math.min(...reference).toFixed(1),
        'ours / BCE': `${vsBce.toFixed(2)}x`,
        'median of ratios': `${medianVsBce.toFixed(2)}x`,
        'naive (ms)': Math.min(...slow).toFixed(1),
        'naive / ours': `${vsNaive.toFixed(2)}x`,
        goals: vsBce <= 1 && vsNaive >= 1.5 ? 'met' : 'NOT met',
      });
    }
    tf.dispose([yTrue, yPred]);
  }
}
printTable(
  'Loss forward + backward per call: ours vs tf.losses.sigmoidCrossEntropy and vs naive autodiff',
  rows,
);
// A narrowed run (backends or losses named on the command line) does not replace the full one.
const full = backends.length === 2 && only.length === 0;
writeResults(full ? 'losses' : 'losses-partial', rows, {
  backends,
  shapes: SHAPES.map(([n, c]) => [n, c]),
  timeVsTfjsBce: range(
    ratios.map((r) => r.vsBce),
    2,
  ),
  speedUpVsNaive: range(
    ratios.map((r) => r.vsNaive),
    1,
  ),
});

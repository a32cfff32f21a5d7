// Trains a small multi-label model on the webgl backend and shows the validation metrics live.
// Bundle it with `node examples/browser/build.mjs`, then serve examples/browser/ (any static server).
import '@tensorflow/tfjs-backend-webgl';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { binaryFocalCrossentropy } from 'tfjs-multilabel/losses';
import {
  averagePrecisionScore,
  f1Score,
  hammingLoss,
  precisionRecallFscoreSupport,
} from 'tfjs-multilabel/metrics';

const LABELS = ['red', 'round', 'sweet', 'rare'];
const FEATURES = 8;
const ROWS = 480;
const VALIDATION_ROWS = 96;
const EPOCHS = 30;

/** A small seeded generator (mulberry32), so every run sees the same data. */
function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Features from N(0, 1); each label is a fixed linear rule of them, the last one rare. */
function makeData() {
  const next = random(42);
  const gaussian = () => Math.sqrt(-2 * Math.log(1 - next())) * Math.cos(2 * Math.PI * next());
  const weights = LABELS.map(() => Array.from({ length: FEATURES }, gaussian));
  const offsets = [0, 0.5, -0.5, -2.2];
  const x = new Float32Array(ROWS * FEATURES);
  const y = new Float32Array(ROWS * LABELS.length);
  for (let r = 0; r < ROWS; r++) {
    for (let f = 0; f < FEATURES; f++) x[r * FEATURES + f] = gaussian();
    LABELS.forEach((_, l) => {
      let z = offsets[l];
      for (let f = 0; f < FEATURES; f++) z += weights[l][f] * x[r * FEATURES + f];
      y[r * LABELS.length + l] = z > 0 ? 1 : 0;
    });
  }
  const train = ROWS - VALIDATION_ROWS;
  return {
    xTrain: tf.tensor2d(x.subarray(0, train * FEATURES), [train, FEATURES]),
    yTrain: tf.tensor2d(y.subarray(0, train * LABELS.length), [train, LABELS.length]),
    xVal: tf.tensor2d(x.subarray(train * FEATURES), [VALIDATION_ROWS, FEATURES]),
    yVal: { data: y.slice(train * LABELS.length), shape: [VALIDATION_ROWS, LABELS.length] },
  };
}

const show = (id, text) => {
  document.getElementById(id).textContent = text;
};

/** Validation scores (sigmoid of the logits), read back asynchronously. */
async function validationScores(model, xVal) {
  const probabilities = tf.tidy(() => tf.sigmoid(model.predict(xVal)));
  const data = await probabilities.data();
  probabilities.dispose();
  return { data, shape: [VALIDATION_ROWS, LABELS.length] };
}

function evaluate(yVal, scores) {
  const predictions = {
    data: Uint8Array.from(scores.data, (s) => (s >= 0.5 ? 1 : 0)),
    shape: scores.shape,
  };
  return {
    hammingLoss: hammingLoss(yVal, predictions),
    f1Micro: f1Score(yVal, predictions, { average: 'micro' }),
    f1Macro: f1Score(yVal, predictions, { average: 'macro' }),
    apMacro: averagePrecisionScore(yVal, scores, { average: 'macro' }),
    perLabel: precisionRecallFscoreSupport(yVal, predictions, { average: 'none' }),
    apPerLabel: averagePrecisionScore(yVal, scores, { average: 'none' }),
  };
}

function showPerLabel(metrics) {
  const body = document.getElementById('per-label');
  body.replaceChildren(
    ...LABELS.map((name, l) => {
      const row = document.createElement('tr');
      const { precision, recall, fScore, support } = metrics.perLabel;
      for (const text of [
        name,
        String(support[l]),
        precision[l].toFixed(3),
        recall[l].toFixed(3),
        fScore[l].toFixed(3),
        metrics.apPerLabel[l].toFixed(3),
      ]) {
        const cell = document.createElement('td');
        cell.textContent = text;
        row.append(cell);
      }
      return row;
    }),
  );
}

async function main() {
  await tf.setBackend('webgl');
  await tf.ready();
  show('backend', tf.getBackend());
  document.body.dataset.status = 'training';
  show('status', 'training');

  const { xTrain, yTrain, xVal, yVal } = makeData();
  const model = tfl.sequential({
    layers: [
      tfl.layers.dense({ inputShape: [FEATURES], units: 32, activation: 'relu' }),
      tfl.layers.dense({ units: LABELS.length }), // logits: the losses take logits by default
    ],
  });
  const optimizer = tf.train.adam(0.02);
  model.compile({ optimizer, loss: binaryFocalCrossentropy({ gamma: 2 }) });

  const losses = [];
  let metrics = null;
  let scores = null;
  await model.fit(xTrain, yTrain, {
    epochs: EPOCHS,
    batchSize: 32,
    shuffle: false,
    callbacks: {
      onEpochEnd: async (epoch, logs) => {
        losses.push(logs.loss);
        scores = await validationScores(model, xVal);
        metrics = evaluate(yVal, scores);
        show('epoch', String(epoch + 1));
        show('loss', logs.loss.toFixed(4));
        show('hamming-loss', metrics.hammingLoss.toFixed(3));
        show('f1-micro', metrics.f1Micro.toFixed(3));
        show('f1-macro', metrics.f1Macro.toFixed(3));
        show('ap-macro', metrics.apMacro.toFixed(3));
        document.getElementById('progress').value = (epoch + 1) / EPOCHS;
        showPerLabel(metrics);
      },
    },
  });

  tf.dispose([xTrain, yTrain, xVal]);
  model.dispose();
  optimizer.dispose(); // the model only disposes optimizers it created from a name
  // What the page shows, for anyone (or any test) that wants to check it.
  window.trainingResult = {
    backend: tf.getBackend(),
    epochs: losses.length,
    losses,
    labels: LABELS,
    yTrue: Array.from(yVal.data),
    scores: Array.from(scores.data),
    shape: scores.shape,
    tensorsLeft: tf.memory().numTensors,
  };
  show('status', `done: ${EPOCHS} epochs`);
  document.body.dataset.status = 'done';
}

main().catch((error) => {
  document.body.dataset.status = 'error';
  show('status', `error: ${error.message}`);
  window.trainingError = String(error.stack ?? error);
});

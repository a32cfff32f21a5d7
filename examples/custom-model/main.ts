// Your own tfjs model + a multi-label loss + exact validation metrics + tuned thresholds.
// Run: npx tsx examples/custom-model/main.ts
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import * as tfl from '@tensorflow/tfjs-layers';
import { trainTestSplit } from 'tfjs-multilabel/data';
import { asymmetricLoss } from 'tfjs-multilabel/losses';
import { averagePrecisionScore, f1Score } from 'tfjs-multilabel/metrics';
import { crossValidatedThresholds } from 'tfjs-multilabel/thresholds';
import { MultilabelEvaluationCallback, trainingMetrics } from 'tfjs-multilabel/training';

// Toy data (use yours): 1,200 rows of 20 features, 5 labels that depend on them.
const x = tf.randomNormal([1200, 20], 0, 1, 'float32', 1);
const w = tf.randomNormal([20, 5], 0, 1, 'float32', 2);
const labels = tf.tidy(() => tf.greater(tf.matMul(x, w), 2).arraySync() as number[][]);

// A stratified split: each part keeps every label's share of positives.
const split = trainTestSplit(labels, { testSize: 0.25, validationSize: 0.25, seed: 0 });
const parts = [split.train, split.validation, split.test];
const [xTrain, xVal, xTest] = parts.map((rows) => tf.gather(x, rows));
const [yTrain, yVal, yTest] = parts.map((rows) => Array.from(rows, (r) => labels[r]));

// Any model with one logit per label; the loss takes logits.
const model = tfl.sequential({
  layers: [
    tfl.layers.dense({ inputShape: [20], units: 64, activation: 'relu' }),
    tfl.layers.dense({ units: 5 }),
  ],
});
const metrics = [trainingMetrics.f1Micro({ fromLogits: true })];
model.compile({ optimizer: 'adam', loss: asymmetricLoss(), metrics });
const evaluation = new MultilabelEvaluationCallback({
  validationData: [xVal, yVal],
  fromLogits: true,
  metrics: ['f1_macro', 'average_precision_macro'],
});
const yTrainTensor = tf.tensor2d(yTrain);
const fit = { epochs: 20, batchSize: 32, callbacks: [evaluation], verbose: 0 as const };
const history = await model.fit(xTrain, yTrainTensor, fit);
const mAPs = history.history.val_average_precision_macro as number[];
console.log('validation mAP per epoch:', mAPs.map((v) => v.toFixed(3)).join(' '));

// Thresholds chosen out of fold on the validation split, then applied to the test split.
const probabilities = (input: tf.Tensor) =>
  tf.tidy(() => tf.sigmoid(model.predict(input) as tf.Tensor).arraySync() as number[][]);
const rule = crossValidatedThresholds(yVal, probabilities(xVal), { average: 'macro' });
const scores = probabilities(xTest);
const atHalf = scores.map((row) => row.map((p) => (p >= 0.5 ? 1 : 0)));
console.log('test mAP:', averagePrecisionScore(yTest, scores).toFixed(3));
console.log('test macro-F1 at 0.5:', f1Score(yTest, atHalf, { average: 'macro' }).toFixed(3));
const tuned = f1Score(yTest, rule.apply(scores), { average: 'macro' });
console.log(`test macro-F1 with the '${rule.rule}' rule:`, tuned.toFixed(3));

tf.dispose([x, w, xTrain, xVal, xTest, yTrainTensor]);
model.dispose();

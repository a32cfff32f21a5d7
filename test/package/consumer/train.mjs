// A new user's ESM program: the README's install, one loss and one metric, a tiny model trained.
import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { isMultilabelError } from 'tfjs-multilabel';
import { asymmetricLoss } from 'tfjs-multilabel/losses';
import { f1Score } from 'tfjs-multilabel/metrics';

await tf.setBackend('cpu');
// Label j is on when feature j is positive.
const x = tf.tidy(() => tf.randomNormal([96, 3], 0, 1, 'float32', 7));
const y = tf.tidy(() => tf.cast(tf.greater(x, 0), 'float32'));
const model = tfl.sequential({ layers: [tfl.layers.dense({ inputShape: [3], units: 3 })] });
model.compile({ optimizer: tf.train.adam(0.1), loss: asymmetricLoss() });
const history = await model.fit(x, y, { epochs: 40, batchSize: 32, verbose: 0 });
const scores = tf.tidy(() => tf.sigmoid(model.predict(x)));
const predicted = tf.tidy(() => tf.cast(tf.greaterEqual(scores, 0.5), 'int32'));
let error;
try {
  f1Score([[1, 0]], [[1]]);
} catch (e) {
  error = isMultilabelError(e) ? e.code : String(e);
}
const losses = history.history.loss;
console.log(
  JSON.stringify({
    lossName: Object.keys(history.history)[0],
    firstLoss: losses[0],
    lastLoss: losses.at(-1),
    f1: f1Score(y, predicted, { average: 'micro' }),
    error,
  }),
);

// A new user's CommonJS program: the README's install, one loss and one metric, a tiny model trained.
require('@tensorflow/tfjs-backend-cpu');
const tf = require('@tensorflow/tfjs-core');
const tfl = require('@tensorflow/tfjs-layers');
const { weightedBinaryCrossentropy } = require('tfjs-multilabel/losses');
const { averagePrecisionScore } = require('tfjs-multilabel');

async function main() {
  await tf.setBackend('cpu');
  const x = tf.tidy(() => tf.randomNormal([96, 3], 0, 1, 'float32', 11));
  const y = tf.tidy(() => tf.cast(tf.greater(x, 0), 'float32'));
  const model = tfl.sequential({ layers: [tfl.layers.dense({ inputShape: [3], units: 3 })] });
  model.compile({
    optimizer: tf.train.adam(0.1),
    loss: weightedBinaryCrossentropy({ posWeight: 2 }),
  });
  const history = await model.fit(x, y, { epochs: 40, batchSize: 32, verbose: 0 });
  const scores = tf.tidy(() => tf.sigmoid(model.predict(x)));
  const losses = history.history.loss;
  console.log(
    JSON.stringify({
      lossName: Object.keys(history.history)[0],
      firstLoss: losses[0],
      lastLoss: losses[losses.length - 1],
      averagePrecision: averagePrecisionScore(y, scores, { average: 'macro' }),
    }),
  );
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});

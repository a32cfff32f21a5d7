import * as tf from '@tensorflow/tfjs-core';
import { Calibrator } from '../calibration/calibrator.js';
import { MultilabelError } from '../core/errors.js';
import { checkLabelDimension, checkNumericTensor } from './score-tensor.js';

/** Above every float32 score once scores are clipped to a label's points: pads the point lists. */
const BEYOND = 3e38;

/**
 * Calibrated probabilities of a tensor of scores, as tfjs ops on any backend: each label's
 * column through its map in `calibrator` (from `tfjs-multilabel/calibration`), as
 * `Calibrator#transform` computes them on arrays, in float32. Platt and temperature maps are one
 * sigmoid of a per-label affine map; isotonic maps clip the score to the label's first and last
 * point and interpolate between the two points around it (found by `tf.searchSorted`, or on a
 * backend without that kernel, such as wasm before tfjs 4.2, by comparing each score with every
 * point, which takes rows x labels x points of memory). No
 * intermediate tensor is left alive; dispose the result as usual.
 *
 * Use it where the model is served: fit the calibrator once on held-out scores, save it with
 * `JSON.stringify`, and apply it to the model's output tensor without leaving the backend.
 *
 * @summary Calibrated probabilities of a tensor of scores, on any backend.
 * @category Tensor thresholds
 * @param t Scores (logits for temperature maps), shape `[..., labels]`, float32 or int32.
 * @param calibrator One map per label.
 * @returns The probabilities, float32, shape of `t`.
 * @throws {@link MultilabelError} `SHAPE_MISMATCH` when `t` is a scalar or its last dimension
 *   is not the calibrator's number of labels; `INVALID_ARGUMENT` when `t` is not a live float32
 *   or int32 tensor, or `calibrator` is not a `Calibrator`.
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import '@tensorflow/tfjs-backend-cpu';
 * import { Calibrator } from 'tfjs-multilabel/calibration';
 * import { applyCalibrationTensor } from 'tfjs-multilabel/training';
 *
 * const calibrator = new Calibrator([
 *   { method: 'temperature', temperature: 2 },
 *   { method: 'isotonic', xThresholds: Float64Array.of(0, 1), yThresholds: Float64Array.of(0.1, 0.9) },
 * ]);
 * const logits = tf.tensor2d([[0, 0.5], [2, 3]]);
 * const p = applyCalibrationTensor(logits, calibrator);
 * console.log(Array.from(p.dataSync(), (v) => v.toFixed(3))); // ['0.500', '0.500', '0.731', '0.900']
 * tf.dispose([logits, p]);
 * ```
 */
export function applyCalibrationTensor(t: tf.Tensor, calibrator: Calibrator): tf.Tensor {
  checkNumericTensor(t);
  if (!(calibrator instanceof Calibrator)) {
    throw new MultilabelError(
      'INVALID_ARGUMENT',
      '`calibrator` must be a `Calibrator` (from `isotonicCalibration`, `plattScaling`, `temperatureScaling`, `crossValidatedCalibration` or `Calibrator.fromJSON`).',
    );
  }
  const maps = calibrator.labels;
  const labels = maps.length;
  checkLabelDimension(t, labels, `the calibrator has ${labels} labels`);
  // Platt: 1 / (1 + exp(a s + b)) = sigmoid(-a s - b); temperature: sigmoid(s / T).
  const slope = new Float32Array(labels);
  const intercept = new Float32Array(labels);
  const isotonic = new Uint8Array(labels);
  let points = 1;
  maps.forEach((map, j) => {
    if (map.method === 'platt') {
      slope[j] = -map.a;
      intercept[j] = -map.b;
    } else if (map.method === 'temperature') {
      slope[j] = 1 / map.temperature;
    } else {
      isotonic[j] = 1;
      points = Math.max(points, map.xThresholds.length);
    }
  });
  if (t.size === 0) return tf.zeros(t.shape, 'float32');
  return tf.tidy(() => {
    const scores = tf.reshape(tf.cast(t, 'float32'), [t.size / labels, labels]) as tf.Tensor2D;
    const sigmoid = tf.sigmoid(tf.add(tf.mul(scores, tf.tensor1d(slope)), tf.tensor1d(intercept)));
    // Each label takes one of the two (a select, so that an infinite score's NaN in the map a
    // label does not use stays out).
    const isIsotonic = tf.broadcastTo(tf.tensor1d(isotonic, 'bool'), scores.shape);
    const out = isotonic.includes(1)
      ? tf.where(isIsotonic, isotonicValues(scores, calibrator, points + 1), sigmoid)
      : sigmoid;
    return tf.reshape(out, t.shape);
  });
}

/**
 * The isotonic maps of every label at `scores` ([rows, labels]): each label's points padded to
 * `width` (x with {@link BEYOND}, y with the last value; other maps get one point at 0), the
 * scores clipped to the first and last point, the segment found by {@link pointsAtOrBelow} (the first
 * point above the score closes it), and the two ends interpolated. A score below the first
 * point takes the first value: where float32 merges the first points (thresholds closer than
 * its resolution), the search would land on the last of them.
 */
function isotonicValues(scores: tf.Tensor2D, calibrator: Calibrator, width: number): tf.Tensor {
  const labels = calibrator.labels.length;
  const x = new Float32Array(labels * width).fill(BEYOND);
  const y = new Float32Array(labels * width);
  const low = new Float32Array(labels);
  const high = new Float32Array(labels);
  const first = new Float32Array(labels);
  calibrator.labels.forEach((map, j) => {
    if (map.method !== 'isotonic') {
      x[j * width] = 0;
      return;
    }
    const n = map.xThresholds.length;
    for (let k = 0; k < width; k++) {
      if (k < n) x[j * width + k] = map.xThresholds[k];
      y[j * width + k] = map.yThresholds[Math.min(k, n - 1)];
    }
    low[j] = map.xThresholds[0];
    high[j] = map.xThresholds[n - 1];
    first[j] = map.yThresholds[0];
  });
  const xs = tf.tensor1d(x);
  const ys = tf.tensor1d(y);
  const clipped = tf.transpose(
    tf.minimum(tf.maximum(scores, tf.tensor1d(low)), tf.tensor1d(high)),
  ) as tf.Tensor2D;
  const after = pointsAtOrBelow(tf.tensor2d(x, [labels, width]), clipped);
  // The segment's first point, as a flat index into the padded points of its label.
  const offset = tf.tensor2d(
    Int32Array.from({ length: labels }, (_, j) => j * width),
    [labels, 1],
    'int32',
  );
  // Clipped in float32: the wasm backend's clipByValue leaves int32 values unclipped.
  const segment = tf.clipByValue(tf.sub(tf.cast(after, 'float32'), 1), 0, width - 2);
  const start = tf.add(tf.cast(segment, 'int32'), offset);
  const next = tf.add(start, tf.scalar(1, 'int32'));
  const x0 = tf.gather(xs, start);
  const y0 = tf.gather(ys, start);
  const share = tf.clipByValue(tf.div(tf.sub(clipped, x0), tf.sub(tf.gather(xs, next), x0)), 0, 1);
  const value = tf.transpose(tf.add(y0, tf.mul(share, tf.sub(tf.gather(ys, next), y0))));
  const below = tf.less(scores, tf.tensor1d(low));
  return tf.where(below, tf.broadcastTo(tf.tensor1d(first), scores.shape), value);
}

/**
 * For each label (row of `sorted`, ascending) and score (row of `scores`, [labels, n]), how many
 * of its points are at most the score: `tf.searchSorted(sorted, scores, 'right')`, or where the
 * backend has no `SearchSorted` kernel (wasm before tfjs 4.2), the same count by comparing each
 * score with every point. `search: false` forces the comparison (for tests).
 *
 * @internal
 */
export function pointsAtOrBelow(
  sorted: tf.Tensor2D,
  scores: tf.Tensor2D,
  search = tf.getKernel('SearchSorted', tf.getBackend()) !== undefined,
): tf.Tensor {
  if (search) return tf.searchSorted(sorted, scores, 'right');
  return tf.tidy(() =>
    tf.sum(tf.cast(tf.lessEqual(tf.expandDims(sorted, 2), tf.expandDims(scores, 1)), 'int32'), 1),
  );
}

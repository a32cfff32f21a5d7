import * as tf from '@tensorflow/tfjs-core';
import { MultilabelError } from '../core/errors.js';
import { float32AtLeast } from '../thresholds/cut-points.js';
import type { Thresholds } from '../thresholds/thresholds.js';
import { checkLabelDimension, checkNumericTensor } from './score-tensor.js';

/**
 * Applies per-label thresholds to a tensor of scores, as a tfjs op on any backend: 1 where
 * `t[..., j] >= thresholds.values[j]`, else 0, as a float32 tensor of the same shape (the
 * labels' usual dtype). Thresholds are rounded up to the nearest float32, so a float32 score
 * gets the same decision as `Thresholds.apply` (from `tfjs-multilabel/thresholds`) gives it.
 * No intermediate tensor is left alive; dispose the result as usual.
 *
 * @summary Applies per-label thresholds to a tensor of scores, on any backend.
 * @category Tensor thresholds
 * @param t Scores, shape `[..., labels]` (usually `[rows, labels]`).
 * @param thresholds One threshold per label (from `optimizeThresholds` or `new Thresholds`).
 * @returns The 0/1 decisions, float32, shape of `t`.
 * @throws {@link MultilabelError} `SHAPE_MISMATCH` when `t` is a scalar or its last dimension
 *   is not the number of thresholds; `INVALID_ARGUMENT` when `t` is not a tensor, has been
 *   disposed or is neither float32 nor int32, or `thresholds` is not a `Thresholds`.
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import '@tensorflow/tfjs-backend-cpu';
 * import { Thresholds } from 'tfjs-multilabel/thresholds';
 * import { applyThresholdsTensor } from 'tfjs-multilabel/training';
 *
 * const scores = tf.tensor2d([[0.6, 0.2], [0.4, 0.3]]);
 * const decisions = applyThresholdsTensor(scores, new Thresholds([0.5, 0.3]));
 * console.log(Array.from(decisions.dataSync())); // [1, 0, 0, 1]
 * tf.dispose([scores, decisions]);
 * ```
 */
export function applyThresholdsTensor(t: tf.Tensor, thresholds: Thresholds): tf.Tensor {
  checkNumericTensor(t);
  const values = thresholds?.values;
  if (!(values instanceof Float64Array)) {
    throw new MultilabelError(
      'INVALID_ARGUMENT',
      '`thresholds` must be a `Thresholds` (from `optimizeThresholds` or `new Thresholds([...])`).',
    );
  }
  checkLabelDimension(t, values.length, `there are ${values.length} thresholds`);
  const cut = Float32Array.from(values, float32AtLeast);
  return tf.tidy(() => tf.cast(tf.greaterEqual(t, tf.tensor1d(cut, 'float32')), 'float32'));
}

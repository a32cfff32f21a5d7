import * as tf from '@tensorflow/tfjs-core';
import { MultilabelError } from '../core/errors.js';

/**
 * The checks of a tensor argument that the tensor-side functions (`applyThresholdsTensor`,
 * `applyCalibrationTensor`, `mixup`, `cutmix`) share: a live float32 or int32 tensor, and for
 * scores one per label in its last dimension.
 *
 * @internal
 * @module
 */

/**
 * Throws unless `t` is a live tfjs tensor of numbers (float32 or int32), naming it `name` and
 * what it holds (`'scores'`, `'inputs'`). @internal
 */
export function checkNumericTensor(
  t: unknown,
  name = 't',
  what = 'scores',
): asserts t is tf.Tensor {
  if (!(t instanceof tf.Tensor)) {
    throw new MultilabelError('INVALID_ARGUMENT', `\`${name}\` must be a tfjs tensor of ${what}.`);
  }
  if (t.isDisposed) {
    throw new MultilabelError(
      'INVALID_ARGUMENT',
      `\`${name}\` has been disposed; pass a live tensor of ${what} (dispose it after the call).`,
    );
  }
  if (t.dtype !== 'float32' && t.dtype !== 'int32') {
    throw new MultilabelError(
      'INVALID_ARGUMENT',
      `\`${name}\` must hold numeric ${what} (dtype float32 or int32), but has dtype ${t.dtype}. Cast it with tf.cast(${name}, 'float32').`,
    );
  }
}

/**
 * Throws `SHAPE_MISMATCH` unless the last dimension of `t` is `labels`; `against` says what
 * gave that count (`'there are 3 thresholds'`). @internal
 */
export function checkLabelDimension(t: tf.Tensor, labels: number, against: string): void {
  if (t.rank === 0 || t.shape[t.rank - 1] !== labels) {
    throw new MultilabelError(
      'SHAPE_MISMATCH',
      `\`t\` has shape [${t.shape.join(', ')}] but ${against}; the last dimension must be one score per label.`,
    );
  }
}

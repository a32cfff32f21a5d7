import * as tf from '@tensorflow/tfjs-core';
import { MultilabelError } from '../core/errors.js';
import { assertSameShape } from '../core/validate.js';

/**
 * The checks of a `(yTrue, yPred)` tensor pair, shared by the losses and the training metrics:
 * the tensors themselves (type, disposal, rank, dtype, shapes), reading no value. The label
 * values are checked and read in `labels.ts`.
 *
 * @internal
 * @module
 */

/** Whether the backend keeps tensors in host memory, where reading one back costs no stall. */
export function readsAreCheap(): boolean {
  const backend = tf.getBackend();
  return backend === 'cpu' || backend === 'wasm';
}

/** The dtypes a label tensor may have: labels are numbers, whatever their storage. */
const LABEL_DTYPES: readonly tf.DataType[] = ['float32', 'int32', 'bool'];

function checkTensor(value: unknown, name: string, caller: string): tf.Tensor {
  if (!(value instanceof tf.Tensor)) {
    throw new MultilabelError(
      'INVALID_ARGUMENT',
      `\`${name}\` of \`${caller}\` must be a tf.Tensor of shape [batch, labels], but got ${value === null ? 'null' : typeof value}.`,
    );
  }
  if (value.isDisposed) {
    throw new MultilabelError(
      'INVALID_ARGUMENT',
      `\`${name}\` of \`${caller}\` has been disposed; pass a live tensor (dispose it after the call).`,
    );
  }
  if (value.rank !== 2) {
    throw new MultilabelError(
      'INVALID_SHAPE',
      `\`${name}\` must be a 2-D tensor [batch, labels], but has shape [${value.shape.join(', ')}]. Reshape a single label to [batch, 1].`,
    );
  }
  return value;
}

/** The tensors of one call after the checks of {@link checkInputs}. @internal */
export interface CheckedInputs {
  readonly labels: tf.Tensor;
  readonly predictions: tf.Tensor;
  readonly rows: number;
  readonly cols: number;
}

/**
 * Validates the tensors given to `caller` (the name of a loss or a training metric) from their shapes and
 * dtypes alone, reading no value: live 2-D tensors of one shape, not empty, numeric labels
 * (float32, int32 or bool) and float32 predictions. The label values are checked by
 * `readLabelTensor` or `checkLabelValues` (`labels.ts`).
 *
 * @internal
 */
export function checkInputs(yTrue: unknown, yPred: unknown, caller: string): CheckedInputs {
  const labels = checkTensor(yTrue, 'yTrue', caller);
  const predictions = checkTensor(yPred, 'yPred', caller);
  const [rows, cols] = labels.shape as [number, number];
  const [predRows, predCols] = predictions.shape as [number, number];
  assertSameShape(
    { rows, cols, data: [] },
    'yTrue',
    { rows: predRows, cols: predCols, data: [] },
    'yPred',
  );
  if (!LABEL_DTYPES.includes(labels.dtype)) {
    throw new MultilabelError(
      'INVALID_ARGUMENT',
      `\`yTrue\` must hold numbers (dtype float32, int32 or bool), but has dtype ${labels.dtype}.`,
    );
  }
  if (predictions.dtype !== 'float32') {
    throw new MultilabelError(
      'INVALID_ARGUMENT',
      `\`yPred\` must be a float32 tensor, but has dtype ${predictions.dtype}. Cast it with tf.cast(yPred, 'float32').`,
    );
  }
  if (rows === 0 || cols === 0) {
    throw new MultilabelError(
      'EMPTY_INPUT',
      `\`yTrue\` has shape [${rows}, ${cols}]; \`${caller}\` needs at least one sample and one label.`,
    );
  }
  return { labels, predictions, rows, cols };
}

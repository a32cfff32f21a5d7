/** The tensor forms a label matrix arrives in: float32, int32 and bool 2-D tensors of the same labels. */
import * as tf from '@tensorflow/tfjs-core';

/** `labels` (0/1 rows) as a float32, an int32 and a bool tensor; the caller disposes them. */
export function labelTensors(labels: number[][]): tf.Tensor2D[] {
  return [
    tf.tensor2d(labels, undefined, 'float32'),
    tf.tensor2d(labels, undefined, 'int32'),
    tf.tensor2d(
      labels.map((row) => row.map((v) => v === 1)),
      undefined,
      'bool',
    ),
  ];
}

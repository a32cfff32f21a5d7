/** The tensor forms a label matrix arrives in: float32, int32 and bool 2-D tensors of the same labels. */
import * as tf from '@tensorflow/tfjs-core';
import { expect } from 'vitest';
import { expectNoLeakedTensors } from './leak.js';

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

/**
 * `values` gives the same on tensors as on the arrays: labels in each tensor form of
 * {@link labelTensors}, scores as a float32 tensor; and no call leaves a tensor alive. The
 * tensors are disposed after.
 */
export async function expectSameOnTensors(
  yTrue: number[][],
  yScore: number[][],
  values: (labels: number[][] | tf.Tensor2D, scores: number[][] | tf.Tensor2D) => unknown,
): Promise<void> {
  const labelForms = labelTensors(yTrue);
  const scores = tf.tensor2d(yScore);
  try {
    const expected = values(yTrue, yScore);
    for (const labels of labelForms) {
      expect(values(labels, scores), labels.dtype).toEqual(expected);
      await expectNoLeakedTensors(() => values(labels, scores));
    }
  } finally {
    tf.dispose([...labelForms, scores]);
  }
}

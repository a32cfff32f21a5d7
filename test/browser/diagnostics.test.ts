import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it, vi } from 'vitest';
import { binaryFocalCrossentropy } from '../../src/losses/index.js';
import { MultilabelDiagnosticsCallback, type TrainingIssue } from '../../src/training/index.js';
import { BATCH_SIZE, EPOCHS, tinyData, tinyModel } from '../losses/probability-models.js';
import { captureLibraryWarnings } from '../warnings.js';

/** The library's messages printed with console.warn in the current test. */
const printed = captureLibraryWarnings();

/**
 * Trains the tiny model (its output a sigmoid or logits) with `loss`, watched by the callback
 * when `watched`, and counts the backend's synchronous and asynchronous reads meanwhile.
 */
async function fitTiny(
  output: 'sigmoid' | 'logits',
  loss: (yTrue: tf.Tensor, yPred: tf.Tensor) => tf.Tensor,
  watched: boolean,
): Promise<{ issues: TrainingIssue[]; syncReads: number; asyncReads: number }> {
  const before = tf.memory().numTensors;
  const { features, labels } = tinyData();
  const x = tf.tensor2d(features);
  const y = tf.tensor2d(labels);
  const model = tinyModel(output);
  const optimizer = tf.train.adam(0.01);
  model.compile({ optimizer, loss });
  const issues: TrainingIssue[] = [];
  const callbacks = watched
    ? [
        new MultilabelDiagnosticsCallback({
          validationData: [x, labels],
          onIssue: (issue) => issues.push(issue),
        }),
      ]
    : [];
  const backend = tf.backend();
  const readSync = vi.spyOn(backend, 'readSync');
  const read = vi.spyOn(backend, 'read');
  try {
    await model.fit(x, y, {
      epochs: EPOCHS,
      batchSize: BATCH_SIZE,
      shuffle: false,
      verbose: 0,
      callbacks,
    });
    // Lets a pending read of the loss's check resolve (a fence, then a download).
    await new Promise((resolve) => setTimeout(resolve, 200));
    return {
      issues,
      syncReads: readSync.mock.calls.length,
      asyncReads: read.mock.calls.length,
    };
  } finally {
    readSync.mockRestore();
    read.mockRestore();
    model.dispose();
    optimizer.dispose();
    tf.dispose([x, y]);
    expect(tf.memory().numTensors).toBe(before);
  }
}

describe('MultilabelDiagnosticsCallback on webgl', () => {
  it('runs on webgl', () => {
    expect(tf.getBackend()).toBe('webgl');
  });

  it('a sigmoid model with a logits loss: the loss check reported once, through the callback', async () => {
    const { issues } = await fitTiny('sigmoid', binaryFocalCrossentropy(), true);
    await vi.waitFor(() => expect(issues.map((i) => i.kind)).toContain('probabilities'), {
      timeout: 5000,
    });
    expect(issues.filter((i) => i.kind === 'probabilities')).toHaveLength(1);
    expect(issues.find((i) => i.kind === 'probabilities')?.message).toContain(
      '`binaryFocalCrossentropy` takes logits by default',
    );
    expect(printed()).toEqual([]);
  });

  it('costs one asynchronous read per epoch end and no synchronous one', async () => {
    const loss = () => binaryFocalCrossentropy({ fromLogits: true });
    const plain = await fitTiny('logits', loss(), false);
    const watched = await fitTiny('logits', loss(), true);
    expect(watched.syncReads).toBe(plain.syncReads);
    expect(watched.asyncReads).toBe(plain.asyncReads + EPOCHS);
  });
});

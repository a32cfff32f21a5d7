import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it, vi } from 'vitest';
import { factories, type LossName, makeLoss } from '../losses/helpers.js';
import { fitTiny } from '../losses/probability-models.js';
import { captureLibraryWarnings } from '../warnings.js';

/** The library's messages printed with console.warn in the current test. */
const messages = captureLibraryWarnings();

const NAMES = Object.keys(factories) as LossName[];

/** Waits long enough for a pending GPU read to resolve (a fence, then a download). */
const settle = () => new Promise((resolve) => setTimeout(resolve, 200));

/** Trains with `loss` and counts the backend's synchronous and asynchronous reads meanwhile. */
async function fitCountingReads(
  loss: ReturnType<typeof makeLoss>,
  output: 'sigmoid' | 'logits',
): Promise<{ losses: number[]; syncReads: number; asyncReads: number }> {
  const backend = tf.backend();
  const readSync = vi.spyOn(backend, 'readSync');
  const read = vi.spyOn(backend, 'read');
  try {
    const losses = await fitTiny(loss, output);
    return { losses, syncReads: readSync.mock.calls.length, asyncReads: read.mock.calls.length };
  } finally {
    readSync.mockRestore();
    read.mockRestore();
  }
}

describe('the probability message on webgl', () => {
  it('runs on webgl', () => {
    expect(tf.getBackend()).toBe('webgl');
  });

  describe.each(NAMES)('%s', (name) => {
    it('a sigmoid model at the default gets one message, at the cost of one asynchronous read', async () => {
      const checked = await fitCountingReads(makeLoss(name), 'sigmoid');
      await vi.waitFor(() => expect(messages()).toHaveLength(1), { timeout: 5000 });
      expect(messages()[0]).toContain(`\`${name}\` takes logits by default`);
      expect(messages()[0]).toContain('`fromLogits: false`');
      // The same training with fromLogits: true runs the same ops without the check.
      const plain = await fitCountingReads(makeLoss(name, { fromLogits: true }), 'sigmoid');
      await settle();
      expect(messages()).toHaveLength(1);
      expect(checked.losses.every(Number.isFinite)).toBe(true);
      expect(checked.syncReads).toBe(plain.syncReads);
      expect(checked.asyncReads).toBe(plain.asyncReads + 1);
    });

    it('the same model with fromLogits: false gets none', async () => {
      const { losses } = await fitCountingReads(makeLoss(name, { fromLogits: false }), 'sigmoid');
      await settle();
      expect(losses.every(Number.isFinite)).toBe(true);
      expect(messages()).toHaveLength(0);
    });

    it('a logits model (no activation) at the default gets none', async () => {
      const { losses } = await fitCountingReads(makeLoss(name), 'logits');
      await settle();
      expect(losses.every(Number.isFinite)).toBe(true);
      expect(messages()).toHaveLength(0);
    });
  });
});

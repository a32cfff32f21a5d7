import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs-core';
import { afterEach, beforeEach, describe, expect, it, type MockInstance, vi } from 'vitest';
import { SeededRandom } from '../../src/core/random.js';
import { CHECKED_VALUES } from '../../src/losses/probability-check.js';
import { expectNoLeakedTensors } from '../leak.js';
import { captureLibraryWarnings } from '../warnings.js';
import { factories, type LossName, makeLoss, valueAndGradient } from './helpers.js';
import { EPOCHS, fitTiny } from './probability-models.js';

/** The library's messages printed with console.warn in the current test. */
const messages = captureLibraryWarnings();

const NAMES = Object.keys(factories) as LossName[];

let reads: MockInstance<tf.Tensor['data']>;

beforeEach(() => {
  reads = vi.spyOn(tf.Tensor.prototype, 'data');
});

afterEach(() => {
  reads.mockRestore();
});

/** Lets the asynchronous read of a check resolve (cpu and wasm resolve it on a microtask). */
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

/** A `rows x cols` matrix of values uniform in [low, high), seeded. */
function uniform(rows: number, cols: number, low: number, high: number, seed = 3): number[][] {
  const random = new SeededRandom(seed);
  return Array.from({ length: rows }, () =>
    Array.from({ length: cols }, () => low + (high - low) * random.nextFloat()),
  );
}

/** 0/1 labels of the same shape, with both values in every column. */
function labels(rows: number, cols: number): number[][] {
  return Array.from({ length: rows }, (_, r) =>
    Array.from({ length: cols }, (_, c) => (r + c) % 2),
  );
}

/** Calls `loss` on tensors made from the arrays and disposes everything. */
function call(loss: ReturnType<typeof makeLoss>, yPred: number[][]): void {
  tf.tidy(() => {
    loss(tf.tensor2d(labels(yPred.length, yPred[0].length)), tf.tensor2d(yPred));
  });
}

/**
 * Calls `loss` on `yPred` and lets the check settle; then expects, where given, the number of
 * reads of a tensor and of messages so far.
 */
async function callAndSettle(
  loss: ReturnType<typeof makeLoss>,
  yPred: number[][],
  sofar: { reads?: number; messages?: number } = {},
): Promise<void> {
  call(loss, yPred);
  await settle();
  if (sofar.reads !== undefined) expect(reads).toHaveBeenCalledTimes(sofar.reads);
  if (sofar.messages !== undefined) expect(messages()).toHaveLength(sofar.messages);
}

describe(`the probability message on ${process.env.TFJS_BACKEND}`, () => {
  it('is checked from 64 values on', () => {
    expect(CHECKED_VALUES).toBe(64);
  });

  it('prints what "Choosing a loss" quotes (numbers aside)', async () => {
    const guide = readFileSync(new URL('../../docs/choosing-a-loss.md', import.meta.url), 'utf8');
    const quoted = /```text\n(tfjs-multilabel: .*)\n```/.exec(guide)?.[1];
    call(makeLoss('binaryFocalCrossentropy'), uniform(8, 8, 0.05, 0.95));
    await settle();
    const numbersAside = (text: string) => text.replace(/\d+(\.\d+)?/g, '#');
    expect(quoted).toBeDefined();
    expect(messages().map(numbersAside)).toEqual([numbersAside(quoted as string)]);
  });

  describe.each(NAMES)('%s', (name) => {
    it('a sigmoid model trained at the default gets the message exactly once', async () => {
      const losses = await fitTiny(makeLoss(name), 'sigmoid');
      expect(losses).toHaveLength(EPOCHS);
      expect(losses.every(Number.isFinite)).toBe(true);
      expect(messages()).toHaveLength(1);
      const message = messages()[0];
      expect(message).toMatch(
        new RegExp(
          `^tfjs-multilabel: \`${name}\` takes logits by default, but every value of \`yPred\` lies in \\[0, 1\\] \\(64 values, from 0\\.\\d+ to 0\\.\\d+\\)`,
        ),
      );
      expect(message).toContain(
        'If the model ends in a sigmoid, remove that activation (the loss applies the sigmoid itself, stably) or pass `fromLogits: false`.',
      );
      expect(message).toContain('pass `fromLogits: true` to silence this message.');
    });

    it('the same model with fromLogits: false gets none', async () => {
      const losses = await fitTiny(makeLoss(name, { fromLogits: false }), 'sigmoid');
      expect(losses.every(Number.isFinite)).toBe(true);
      expect(messages()).toHaveLength(0);
    });

    it('a logits model (no activation) at the default gets none', async () => {
      const losses = await fitTiny(makeLoss(name), 'logits');
      expect(losses.every(Number.isFinite)).toBe(true);
      expect(messages()).toHaveLength(0);
    });

    it('checks no batch below 64 values, then the first one that has 64, then none', async () => {
      const loss = makeLoss(name);
      await callAndSettle(loss, uniform(7, 9, 0.1, 0.9), { reads: 0, messages: 0 }); // 63 values
      await callAndSettle(loss, uniform(8, 8, 0.1, 0.9), { reads: 1, messages: 1 }); // 64 values
      expect(messages()[0]).toContain('(64 values, from 0.1');
      await callAndSettle(loss, uniform(16, 8, 0.1, 0.9), { reads: 1, messages: 1 });
    });

    it('one check of logits decides: later probabilities are not checked', async () => {
      const loss = makeLoss(name);
      await callAndSettle(loss, uniform(8, 8, -0.5, 0.9), { reads: 1 });
      await callAndSettle(loss, uniform(8, 8, 0.1, 0.9), { reads: 1, messages: 0 });
    });

    it('a batch of equal values proves nothing: no message, and no second read', async () => {
      const loss = makeLoss(name);
      // A zero-initialised output layer, after a sigmoid:
      await callAndSettle(loss, uniform(8, 8, 0.5, 0.5));
      await callAndSettle(loss, uniform(8, 8, 0.2, 0.8), { reads: 1, messages: 0 });
    });

    it('an explicit fromLogits, true or false, checks nothing', async () => {
      for (const fromLogits of [true, false]) {
        call(makeLoss(name, { fromLogits }), uniform(8, 8, 0.1, 0.9));
      }
      await settle();
      expect(reads).not.toHaveBeenCalled();
      expect(messages()).toHaveLength(0);
    });

    it('leaves the value and the gradient unchanged and leaks no tensor', async () => {
      const yTrue = labels(8, 8);
      const yPred = uniform(8, 8, 0.05, 0.95);
      const checked = valueAndGradient(makeLoss(name), yTrue, yPred);
      const explicit = valueAndGradient(makeLoss(name, { fromLogits: true }), yTrue, yPred);
      await settle();
      // The default call was checked (it warned) and computed exactly what fromLogits: true does.
      expect(messages()).toHaveLength(1);
      expect(Array.from(checked.value)).toEqual(Array.from(explicit.value));
      expect(Array.from(checked.gradient)).toEqual(Array.from(explicit.gradient));
      const t = tf.tensor2d(yTrue);
      const p = tf.tensor2d(yPred);
      // A fresh loss each run, so that both runs check.
      await expectNoLeakedTensors(() => makeLoss(name)(t, p));
      tf.dispose([t, p]);
    });
  });
});

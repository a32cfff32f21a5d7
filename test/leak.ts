/**
 * Leak checks for tensor code. The setup files already fail a test that leaves tensors behind;
 * these helpers check one call precisely, with the run-twice trick of tfjs-layers' test utils:
 * the first run may create one-time constants (cached scalars), only the second run counts.
 */
import * as tf from '@tensorflow/tfjs-core';
import { expect } from 'vitest';

/** Runs `fn` twice and expects the second run to leave `tf.memory().numTensors` unchanged. */
export async function expectNoLeakedTensors(
  fn: () => unknown,
  expectedNewTensors = 0,
): Promise<void> {
  await settle(fn());
  const before = tf.memory().numTensors;
  await settle(fn());
  expect(tf.memory().numTensors - before, 'tensors left alive by the call').toBe(
    expectedNewTensors,
  );
}

async function settle(result: unknown): Promise<void> {
  const value = await result;
  if (value instanceof tf.Tensor) value.dispose();
}

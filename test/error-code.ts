/**
 * The code of the MultilabelError a call throws, for tests of bad input to tensor functions.
 */
import * as tf from '@tensorflow/tfjs-core';
import { isMultilabelError } from '../src/core/errors.js';

/**
 * Runs `fn` inside `tf.tidy` (so the tensors it makes are freed) and returns the code of the
 * MultilabelError it throws, the name and text of any other error, or undefined when none.
 */
export function codeOf(fn: () => unknown): string | undefined {
  try {
    tf.tidy(() => {
      fn();
    });
  } catch (error) {
    return isMultilabelError(error) ? error.code : `${(error as Error).name}: ${String(error)}`;
  }
  return undefined;
}

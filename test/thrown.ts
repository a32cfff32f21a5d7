/** What a call throws, for the tests of bad input that need no tensors (test/error-code.ts has the tensor form). */
import { isMultilabelError, type MultilabelError } from '../src/core/errors.js';

/** Runs `fn` and returns the MultilabelError it throws (any other outcome fails the test). */
export function thrown(fn: () => unknown): MultilabelError {
  try {
    fn();
  } catch (error) {
    if (isMultilabelError(error)) return error;
    throw error;
  }
  throw new Error('expected a MultilabelError');
}

/**
 * Runs `fn` and returns the code of the MultilabelError it throws, or undefined when it returns;
 * any other error fails the test (it is thrown on).
 */
export function thrownCode(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    if (isMultilabelError(error)) return error.code;
    throw error;
  }
  return undefined;
}

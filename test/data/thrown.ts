import { isMultilabelError, type MultilabelError } from '../../src/core/errors.js';

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

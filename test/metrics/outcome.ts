/** How the registry property tests compare two runs of a metric: its value, or that it threw. */
import { expect } from 'vitest';
import { isMultilabelError } from '../../src/core/index.js';

/** Equal up to 1e-9, relative to the larger of 1 and `b`. */
export const close = (a: number, b: number): boolean =>
  Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b));

/** The library's value, or 'throws' for a MultilabelError (anything else fails the test). */
export function outcome(run: () => number): number | 'throws' {
  try {
    return run();
  } catch (error) {
    if (isMultilabelError(error)) return 'throws';
    throw error;
  }
}

/** Both outcomes throw, or neither does and their values are close. */
export function expectSame(
  got: number | 'throws',
  expected: number | 'throws',
  what: string,
): void {
  if (got === 'throws' || expected === 'throws') expect(got, what).toBe(expected);
  else expect(close(got, expected), `${what}: ${got} vs ${expected}`).toBe(true);
}

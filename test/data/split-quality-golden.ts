/** Reading the goldens of test/fixtures/split-quality.json (scripts/fixtures/split_quality.py). */
import { expect } from 'vitest';

/** JSON stores the non-finite goldens as strings. */
export const num = (v: number | string): number => (typeof v === 'string' ? Number(v) : v);

/** Equal to 1e-12 relative, Infinity included. */
export function expectClose(actual: number, expected: number | string, what: string): void {
  const e = num(expected);
  if (!Number.isFinite(e)) {
    expect(actual, what).toBe(e);
    return;
  }
  expect(Math.abs(actual - e), what).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(e)));
}

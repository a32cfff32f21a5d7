/** What the parallel-evaluation tests compare: a result (or error) number for number. */
import { expect } from 'vitest';
import { isMultilabelError } from '../../src/core/index.js';

/** The paths and values of every number in `value` (typed arrays element-wise). */
function numbersOf(value: unknown, path: string, out: [string, number][]): void {
  if (typeof value === 'number') out.push([path, value]);
  else if (ArrayBuffer.isView(value)) {
    Array.from(value as unknown as ArrayLike<number>).forEach((v, i) => {
      out.push([`${path}[${i}]`, v]);
    });
  } else if (value !== null && typeof value === 'object') {
    for (const key of Object.keys(value).sort()) {
      numbersOf((value as Record<string, unknown>)[key], `${path}.${key}`, out);
    }
  } else out.push([path, Number.NaN * (value === undefined ? 1 : 0)]);
}

/** Every number of `got` is `Object.is` the one of `expected` at the same place. */
export function expectSameNumbers(got: unknown, expected: unknown): void {
  const a: [string, number][] = [];
  const b: [string, number][] = [];
  numbersOf(got, 'result', a);
  numbersOf(expected, 'result', b);
  expect(a.map(([path]) => path)).toEqual(b.map(([path]) => path));
  for (let i = 0; i < a.length; i++) {
    expect(Object.is(a[i][1], b[i][1]), `${a[i][0]}: ${a[i][1]} vs ${b[i][1]}`).toBe(true);
  }
  // The typed arrays stay typed arrays of the same kind.
  expect(JSON.stringify(got, (_k, v) => (ArrayBuffer.isView(v) ? v.constructor.name : v))).toBe(
    JSON.stringify(expected, (_k, v) => (ArrayBuffer.isView(v) ? v.constructor.name : v)),
  );
}

/** The outcome of a call: its value, or the code and message of the MultilabelError it threw. */
export async function settled<T>(
  run: () => T | Promise<T>,
): Promise<{ value: T } | { code: string; message: string }> {
  try {
    return { value: await run() };
  } catch (error) {
    if (isMultilabelError(error)) return { code: error.code, message: error.message };
    throw error;
  }
}

/** Both calls threw the same error, or both returned the same numbers. */
export function expectSameOutcome(
  got: { value: unknown } | { code: string; message: string },
  expected: { value: unknown } | { code: string; message: string },
): void {
  if ('value' in got && 'value' in expected) expectSameNumbers(got.value, expected.value);
  else expect(got).toEqual(expected);
}

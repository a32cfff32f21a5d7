/**
 * The contract every registry entry is held to, for every generated input:
 * - the call returns within {@link BUDGET_MS} (measured per call; inputs are sized so that
 *   correct code is far below it, so only a hang or a blow-up exceeds it);
 * - it returns a value, or throws a `MultilabelError` (never a RangeError, a TypeError, a tfjs
 *   error, anything else);
 * - on input that breaks the documented contract (`expect: 'error'`) it throws a
 *   `MultilabelError`: nothing is silently coerced;
 * - on valid input (`expect: 'value'`) it returns, and the entry's `check` compares the value
 *   with the reference (a brute-force definition where one exists, the documented contract,
 *   e.g. no NaN where a number is promised, otherwise);
 * - an input that matches a known defect (known-defects.ts) is skipped before the call.
 */
import { test } from '@fast-check/vitest';
import { expect } from 'vitest';
import { isMultilabelError } from '../../src/core/index.js';
import { fc } from '../fc.js';
import { knownDefectOf } from './known-defects.js';

/** The time one call may take, generous for two shared cores. */
export const BUDGET_MS = 2000;

/** One generated input of an entry. */
export interface Case {
  /** What the input holds, for failure messages and for matching known defects. */
  readonly tags: readonly string[];
  /**
   * `'value'`: valid input, the call must return (and pass `check`); `'error'`: the input breaks
   * the contract, the call must throw a MultilabelError; `'either'`: a MultilabelError or a
   * value that passes `check` (extreme input the documentation leaves open).
   */
  readonly expect: 'value' | 'error' | 'either';
  /** Why the expectation holds (the broken rule for `'error'`). */
  readonly why: string;
}

/** How to call one public callable with generated input, and what a right answer is. */
export interface Entry<C extends Case = Case> {
  /** How a user reaches it: `f1Score`, `new Thresholds`, `Thresholds#apply`, `trainingMetrics.f1Micro`. */
  readonly name: string;
  /** The export it belongs to. */
  readonly export: string;
  /** Generated inputs. */
  readonly cases: fc.Arbitrary<C>;
  /** Calls the library (sync, or a promise). */
  run(c: C): unknown;
  /** Asserts that a returned value is right (the reference, or the contract). */
  check?(c: C, value: unknown): void;
  /** Frees what a returned value holds (tensors, layers). */
  release?(value: unknown): void;
  /** Runs of the property (default {@link DEFAULT_RUNS}). */
  readonly numRuns?: number;
}

/** Anything an entry is, whatever its case type. */
// biome-ignore lint/suspicious/noExplicitAny: the registry holds entries of many case types.
export type AnyEntry = Entry<any>;

export const DEFAULT_RUNS = 40;

/** A short description of a value for failure messages. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (typeof value === 'number') return Object.is(value, -0) ? '-0' : String(value);
  if (typeof value === 'bigint') return `${value}n`;
  if (typeof value === 'symbol' || typeof value === 'function') return String(value);
  if (ArrayBuffer.isView(value)) {
    const items = Array.from(value as unknown as ArrayLike<number>).slice(0, 8);
    return `${value.constructor.name}[${items.join(', ')}${(value as unknown as ArrayLike<number>).length > 8 ? ', ...' : ''}]`;
  }
  try {
    const text = JSON.stringify(value, (_k, v) =>
      typeof v === 'bigint'
        ? `${v}n`
        : ArrayBuffer.isView(v)
          ? Array.from(v as unknown as ArrayLike<number>)
          : v,
    );
    return text === undefined
      ? String(value)
      : text.length > 300
        ? `${text.slice(0, 300)}...`
        : text;
  } catch {
    return Object.prototype.toString.call(value);
  }
}

/** Runs one case of `entry` and asserts the contract (see the module comment). */
export async function exercise<C extends Case>(entry: Entry<C>, c: C): Promise<void> {
  if (knownDefectOf(entry, c) !== undefined) return;
  const what = `${entry.name} on ${c.tags.join('; ')}`;
  let value: unknown;
  let error: unknown;
  let threw = false;
  const start = performance.now();
  try {
    value = entry.run(c);
    if (value instanceof Promise) value = await value;
  } catch (e) {
    error = e;
    threw = true;
  }
  const ms = performance.now() - start;
  try {
    expect(ms, `${what}: took ${ms.toFixed(0)} ms, over the ${BUDGET_MS} ms budget`).toBeLessThan(
      BUDGET_MS,
    );
    if (threw) {
      if (!isMultilabelError(error)) {
        const e = error as { name?: string; message?: string };
        expect.fail(
          `${what}: threw ${e?.name ?? typeof error} (${e?.message ?? String(error)}), not a MultilabelError`,
        );
      }
      if (c.expect === 'value') {
        expect.fail(`${what}: threw ${error.code} (${error.message}) on valid input (${c.why})`);
      }
      return;
    }
    if (c.expect === 'error') {
      expect.fail(
        `${what}: returned ${describeValue(value)} instead of throwing a MultilabelError (${c.why})`,
      );
    }
    entry.check?.(c, value);
  } finally {
    if (!threw) entry.release?.(value);
  }
}

/** Reads the fixed seed of the adversarial properties: FC_SEED when set, else `fallback`. */
export function seedOf(fallback: number): number {
  const fromEnv = process.env.FC_SEED === undefined ? Number.NaN : Number(process.env.FC_SEED);
  return Number.isFinite(fromEnv) ? fromEnv : fallback;
}

/** Runs of a property: the entry's, scaled by FC_NUM_RUNS / 100 when set (the default is 100). */
export function runsOf(entry: AnyEntry): number {
  const base = entry.numRuns ?? DEFAULT_RUNS;
  const scale = process.env.FC_NUM_RUNS === undefined ? 1 : Number(process.env.FC_NUM_RUNS) / 100;
  return Math.max(1, Math.round(base * (Number.isFinite(scale) ? scale : 1)));
}

/** A stable seed per entry name, so that adding an entry leaves the others' inputs alone. */
export function seedFor(name: string): number {
  let h = 2166136261;
  for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 16777619);
  return seedOf(h >>> 0);
}

/** Gives a case a short printed form (its tags), which fast-check shows for a counterexample. */
export function printable<C extends Case>(c: C): C {
  const text = `[${c.expect}: ${c.why}] ${c.tags.join('; ')}`;
  Object.defineProperty(c, fc.toStringMethod, { value: () => text, enumerable: false });
  return c;
}

/** The property of one entry, as a vitest test. */
export function contractTest(entry: AnyEntry): void {
  const cases = entry.cases.map((c: Case) => printable({ ...c }));
  test.prop([cases], { numRuns: runsOf(entry), seed: seedFor(entry.name) })(
    `${entry.name}: a right value or a MultilabelError, within ${BUDGET_MS} ms`,
    (c) => exercise(entry, c),
  );
}

/** Relative closeness used against float64 references. */
export function close(actual: number, expected: number, tolerance = 1e-9): boolean {
  if (Number.isNaN(expected)) return Number.isNaN(actual);
  if (!Number.isFinite(expected)) return actual === expected;
  return Math.abs(actual - expected) <= tolerance * Math.max(1, Math.abs(expected));
}

export { fc };

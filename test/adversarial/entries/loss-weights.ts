/**
 * The label-weight helpers of `tfjs-multilabel/losses` (plain arrays in, weights out) against
 * their formulas.
 */
import { expect } from 'vitest';
import * as losses from '../../../src/losses/index.js';
import { type AnyEntry, type Case, close, describeValue, type Entry, fc } from '../harness.js';
import { printable } from '../options.js';
import { mustThrow, referenceOutcome } from '../outcomes.js';

interface CountsCase extends Case {
  readonly counts: unknown;
  readonly options: unknown;
  readonly expected: number[] | undefined;
}

const countsArbitrary = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.array(
      fc.oneof(fc.integer({ min: 1, max: 1000 }), fc.constantFrom(1, 2 ** 31, 2 ** 53, 1e308)),
      { minLength: 1, maxLength: 5 },
    ),
  },
  {
    weight: 1,
    arbitrary: fc.array(fc.constantFrom(0, -1, 0.5, Number.NaN, Number.POSITIVE_INFINITY), {
      minLength: 1,
      maxLength: 3,
    }),
  },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      [],
      null,
      'x',
      {},
      [[1]],
      new Float32Array([3, 4]),
      new Uint8Array(new ArrayBuffer(5), 1, 3).fill(2),
    ),
  },
);

/** The counts as a list when given as an array or typed array. */
function countList(counts: unknown): unknown[] | undefined {
  return ArrayBuffer.isView(counts) || Array.isArray(counts)
    ? Array.from(counts as ArrayLike<unknown>)
    : undefined;
}

/** Whether the list holds at least one count and only finite positive numbers. */
function positiveCounts(list: unknown[] | undefined): list is number[] {
  return (
    list !== undefined &&
    list.length > 0 &&
    list.every((n) => typeof n === 'number' && Number.isFinite(n) && n > 0)
  );
}

/** The counts and the one option of a case (left out when undefined), with their tags. */
function countsAndOption(counts: unknown, key: string, value: unknown) {
  return {
    tags: [`labelCounts ${describeValue(counts)}`, `option ${key} = ${printable(value)}`],
    counts,
    options: value === undefined ? undefined : { [key]: value },
  };
}

const classBalancedWeights: Entry<CountsCase> = {
  name: 'classBalancedWeights',
  export: 'classBalancedWeights',
  cases: fc
    .record({
      counts: countsArbitrary,
      beta: fc.constantFrom(
        undefined,
        0,
        0.9,
        0.999,
        0.9999999999,
        1 - 2 ** -53,
        1,
        -0.1,
        Number.NaN,
        2n,
      ),
    })
    .map(({ counts, beta }) => {
      const base = countsAndOption(counts, 'beta', beta);
      const list = countList(counts);
      const b = beta ?? 0.999;
      const betaOk = typeof b === 'number' && b >= 0 && b < 1;
      if (!positiveCounts(list) || !betaOk) return { ...base, ...mustThrow('bad counts or beta') };
      const n = list;
      // (1 - beta) / (1 - beta^k), with 1 - beta^k as -expm1(k log1p(-(1 - beta))) (accurate near 1).
      const oneMinus = 1 - (b as number);
      const raw = n.map((k) => oneMinus / -Math.expm1(k * Math.log1p(-oneMinus)));
      const sum = raw.reduce((a, x) => a + x, 0);
      const expected = raw.map((w) => (w * n.length) / sum);
      const exact = expected.every(Number.isFinite);
      return { ...base, ...referenceOutcome(expected, exact, 'valid counts', 'extreme counts') };
    }),
  run: (c) =>
    losses.classBalancedWeights(
      c.counts as number[],
      c.options as losses.ClassBalancedWeightsOptions,
    ),
  check: (c, value) => {
    const w = value as Float64Array;
    for (const x of w) if (!(Number.isFinite(x) && x >= 0)) expect.fail(`a weight is ${x}`);
    c.expected?.forEach((e, j) => {
      if (!close(w[j], e, 1e-9)) expect.fail(`weight ${j} is ${w[j]}, the formula gives ${e}`);
    });
  },
};

const inverseFrequencyWeights: Entry<CountsCase> = {
  name: 'inverseFrequencyWeights',
  export: 'inverseFrequencyWeights',
  cases: fc
    .record({
      counts: countsArbitrary,
      total: fc.constantFrom(undefined, 1000, 1, 2 ** 53, 1e308, 0, -1, 0.5, Number.NaN, '10'),
      extra: fc.boolean(),
    })
    .map(({ counts, total }) => {
      const base = countsAndOption(counts, 'total', total);
      const list = countList(counts);
      const ok =
        positiveCounts(list) &&
        typeof total === 'number' &&
        Number.isFinite(total) &&
        total > 0 &&
        list.every((n) => n <= total);
      // Whether `total` must be an integer is the function's call: either outcome is open there.
      if (!ok) return { ...base, ...mustThrow('bad counts or total') };
      // A weight (total - n) / n past the largest double (a count below 1 next to 1e308).
      if (list.some((n) => !Number.isFinite((total - n) / n))) {
        return { ...base, ...mustThrow('a weight past the largest double') };
      }
      return {
        ...base,
        expected: undefined,
        expect: Number.isInteger(total) ? ('value' as const) : ('either' as const),
        why: 'valid counts',
      };
    }),
  run: (c) =>
    losses.inverseFrequencyWeights(
      c.counts as number[],
      c.options as losses.InverseFrequencyWeightsOptions,
    ),
  check: (_c, value) => {
    for (const x of value as Float64Array)
      if (!(Number.isFinite(x) && x >= 0)) expect.fail(`a weight is ${x}`);
  },
};

export const lossWeightEntries: AnyEntry[] = [classBalancedWeights, inverseFrequencyWeights];

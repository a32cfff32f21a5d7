/** The Thresholds class: apply, JSON round trip, and its argument checks. */
import { test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { MultilabelError, optimizeThresholds, Thresholds } from '../../src/thresholds/index.js';
import { bitRows, scoreRows } from '../bits.js';
import { fc } from '../fc.js';
import { thrownCode } from '../thrown.js';

describe('Thresholds', () => {
  test.prop([
    fc.array(
      fc.oneof(
        fc.double({ noNaN: true }),
        fc.constantFrom(Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, -0),
      ),
      { minLength: 1, maxLength: 8 },
    ),
    fc.option(fc.double({ noNaN: true, noDefaultInfinity: true }), { nil: undefined }),
  ])('toJSON / fromJSON round-trips through JSON text', (values, score) => {
    const t = new Thresholds(values, score);
    const back = Thresholds.fromJSON(JSON.parse(JSON.stringify(t)));
    expect(Array.from(back.values)).toEqual(
      Array.from(t.values).map((v) => (Object.is(v, -0) ? 0 : v)),
    );
    expect(back.score).toBe(score === undefined ? undefined : Object.is(score, -0) ? 0 : score);
  });

  it('applies >= per label, to every matrix form', () => {
    const t = new Thresholds([0.5, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]);
    const d = t.apply({ data: new Float32Array([0.5, 9, -9, 0.49, 1e30, -1e30]), shape: [2, 3] });
    expect(Array.from(d.data)).toEqual([1, 0, 1, 0, 0, 1]);
    expect(d.shape).toEqual([2, 3]);
  });

  it('rejects bad values, bad JSON and mismatched scores', () => {
    expect(thrownCode(() => new Thresholds([]))).toBe('INVALID_ARGUMENT');
    expect(thrownCode(() => new Thresholds([0.5, Number.NaN]))).toBe('INVALID_ARGUMENT');
    expect(thrownCode(() => Thresholds.fromJSON({ values: [0.5, 'high'] }))).toBe(
      'INVALID_ARGUMENT',
    );
    expect(thrownCode(() => Thresholds.fromJSON([0.5]))).toBe('INVALID_ARGUMENT');
    expect(thrownCode(() => new Thresholds([0.5]).apply([[0.1, 0.2]]))).toBe('SHAPE_MISMATCH');
    expect(thrownCode(() => new Thresholds([0.5]).apply([[Number.NaN]]))).toBe('NON_FINITE_VALUES');
  });
});

describe('Thresholds: malformed values and tampered JSON', () => {
  const message = (run: () => unknown): string => {
    try {
      run();
    } catch (error) {
      if (error instanceof MultilabelError) return `${error.code}: ${error.message}`;
      throw error;
    }
    return 'none';
  };

  it.each([
    ['a length of -1', { length: -1 }],
    ['a length of 2^40', { length: 2 ** 40 }],
    ['a fractional length', { length: 2.5, 0: 1, 1: 2 }],
    ['an array-like object', { length: 1, 0: 0.5 }],
    ['a string', '0.5'],
    ['null', null],
    ['a BigInt64Array', new BigInt64Array(2)],
  ])('rejects %s as values with INVALID_ARGUMENT', (_, values) => {
    expect(message(() => new Thresholds(values as unknown as number[]))).toMatch(
      /^INVALID_ARGUMENT: `values` must be an array or typed array with one threshold per label/,
    );
  });

  it('rejects holes and huge sparse arrays before allocating', () => {
    // biome-ignore lint/suspicious/noSparseArray: a hole is the point
    const holed = [0.5, , 0.2] as number[];
    expect(message(() => new Thresholds(holed))).toBe(
      'INVALID_ARGUMENT: `values[1]` is undefined; every threshold must be a number (Infinity never predicts the label).',
    );
    expect(message(() => new Thresholds(new Array(2 ** 32 - 1)))).toMatch(
      /^INVALID_ARGUMENT: `values\[0\]` is undefined/,
    );
    expect(message(() => new Thresholds([0.5], Number.NaN))).toMatch(
      /^INVALID_ARGUMENT: `score` must be a finite number/,
    );
    expect(message(() => new Thresholds([0.5], 2n as unknown as number))).toMatch(
      /^INVALID_ARGUMENT: `score` must be a finite number .* but got 2n\.$/,
    );
    expect(message(() => new Thresholds([0.5, Object.create(null)]))).toMatch(
      /^INVALID_ARGUMENT: `values\[1\]` is \{\};/,
    );
  });

  it.each([
    [{ values: { length: -1 } }, '`json.values` must be an array'],
    [{ values: [] }, '`json.values` is empty'],
    [{ values: [0.5, null] }, '`json.values[1]` is null'],
    [{ values: ['NaN'] }, '`json.values[0]` is "NaN"'],
    [{ values: [0.5], score: 'high' }, '`json.score` must be a finite number'],
    [{ values: [0.5], score: null }, '`json.score` must be a finite number'],
    [{ values: [0.5], scroe: 1 }, '`json` has an unknown key "scroe"'],
    [[0.5], '`json` must be an object'],
    [null, '`json` must be an object'],
    ['{"values":[0.5]}', '`json` must be an object'],
  ])('rejects tampered JSON %j', (json, text) => {
    const m = message(() => Thresholds.fromJSON(json));
    expect(m.startsWith('INVALID_ARGUMENT: ')).toBe(true);
    expect(m).toContain(text);
  });

  test.prop([fc.jsonValue()])('reads any JSON value or throws MultilabelError', (json) => {
    try {
      const t = Thresholds.fromJSON(json);
      expect(t.values.length).toBeGreaterThan(0);
      expect(Thresholds.fromJSON(JSON.parse(JSON.stringify(t))).values).toEqual(t.values);
    } catch (error) {
      expect(error).toBeInstanceOf(MultilabelError);
    }
  });

  test.prop([
    fc.record(
      {
        values: fc.array(
          fc.oneof(fc.double(), fc.constantFrom('Infinity', '-Infinity', 'inf', null)),
          { maxLength: 4 },
        ),
        score: fc.oneof(fc.double(), fc.string()),
      },
      { requiredKeys: ['values'] },
    ),
  ])('reads exactly the well-formed states and rejects the others', (json) => {
    const decode = (v: unknown) =>
      v === 'Infinity'
        ? Number.POSITIVE_INFINITY
        : v === '-Infinity'
          ? Number.NEGATIVE_INFINITY
          : v;
    const values = json.values.map(decode);
    const valid =
      values.length > 0 &&
      values.every((v) => typeof v === 'number' && !Number.isNaN(v)) &&
      (json.score === undefined || (typeof json.score === 'number' && Number.isFinite(json.score)));
    if (valid) {
      const t = Thresholds.fromJSON(json);
      expect(Array.from(t.values)).toEqual(values);
      expect(t.score).toBe(json.score);
    } else {
      expect(message(() => Thresholds.fromJSON(json))).toMatch(/^INVALID_ARGUMENT: `json/);
    }
  });
});

describe('optimizeThresholds: bad input', () => {
  const y = bitRows('10 01 11');
  const s = scoreRows('0.9 0.1, 0.2 0.8, 0.7 0.6');
  it.each([
    ['mismatched shapes', () => optimizeThresholds(y, [[0.1, 0.2]]), 'SHAPE_MISMATCH'],
    ['non-binary labels', () => optimizeThresholds([[2, 0]], [[0.1, 0.2]]), 'NON_BINARY_LABELS'],
    [
      'missing labels without ignoreIndex',
      () => optimizeThresholds([[-1, 0]], [[0.1, 0.2]]),
      'NON_BINARY_LABELS',
    ],
    [
      'NaN scores',
      () =>
        optimizeThresholds(y, [
          [0.9, 0.1],
          [0.2, Number.NaN],
          [0.7, 0.6],
        ]),
      'NON_FINITE_VALUES',
    ],
    ['empty input', () => optimizeThresholds([], []), 'EMPTY_INPUT'],
    [
      'a metric that does not exist',
      () => optimizeThresholds(y, s, { metric: 'f2' as 'f1' }),
      'INVALID_OPTION',
    ],
    ['beta <= 0', () => optimizeThresholds(y, s, { metric: 'fbeta', beta: 0 }), 'INVALID_OPTION'],
    ['fbeta without beta', () => optimizeThresholds(y, s, { metric: 'fbeta' }), 'INVALID_OPTION'],
    ['beta without fbeta', () => optimizeThresholds(y, s, { beta: 2 }), 'INVALID_OPTION'],
    [
      'an unknown strategy',
      () => optimizeThresholds(y, s, { strategy: 'macro' as 'micro' }),
      'INVALID_OPTION',
    ],
    [
      'an unknown option',
      () => optimizeThresholds(y, s, { stratgy: 'micro' } as object),
      'UNKNOWN_OPTION',
    ],
    [
      'average with per-label',
      () => optimizeThresholds(y, s, { strategy: 'perLabel', average: 'macro' }),
      'INVALID_OPTION',
    ],
    ['shrinkage with global', () => optimizeThresholds(y, s, { shrinkage: 1 }), 'INVALID_OPTION'],
    [
      'negative shrinkage',
      () => optimizeThresholds(y, s, { strategy: 'micro', shrinkage: -1 }),
      'INVALID_OPTION',
    ],
    // A marker must lie outside [0, 1] (2 is one; 0.5 could be a label).
    ['a bad ignoreIndex', () => optimizeThresholds(y, s, { ignoreIndex: 0.5 }), 'INVALID_OPTION'],
    [
      'an infinite ignoreIndex',
      () => optimizeThresholds(y, s, { ignoreIndex: Number.NEGATIVE_INFINITY }),
      'INVALID_OPTION',
    ],
    [
      'a BigInt ignoreIndex',
      () => optimizeThresholds(y, s, { ignoreIndex: 1n as unknown as number }),
      'INVALID_OPTION',
    ],
    [
      'a metric returning a BigInt',
      () => optimizeThresholds(y, s, { metric: () => 1n as unknown as number }),
      'INVALID_ARGUMENT',
    ],
    [
      'a metric returning a cyclic object',
      () =>
        optimizeThresholds(y, s, {
          metric: () => {
            const cycle: { self?: unknown } = {};
            cycle.self = cycle;
            return cycle as unknown as number;
          },
        }),
      'INVALID_ARGUMENT',
    ],
    [
      'weights of the wrong length',
      () => optimizeThresholds(y, s, { sampleWeight: [1, 2] }),
      'SHAPE_MISMATCH',
    ],
    [
      'negative weights',
      () => optimizeThresholds(y, s, { sampleWeight: [1, -2, 1] }),
      'INVALID_ARGUMENT',
    ],
    [
      'all weights 0',
      () => optimizeThresholds(y, s, { sampleWeight: [0, 0, 0] }),
      'INVALID_ARGUMENT',
    ],
    [
      'every cell missing',
      () => optimizeThresholds([[-1]], [[0.5]], { ignoreIndex: -1 }),
      'EMPTY_INPUT',
    ],
    [
      'a metric function returning NaN',
      () => optimizeThresholds(y, s, { metric: ({ tp, fp }) => tp / (tp + fp) }),
      'INVALID_ARGUMENT',
    ],
  ])('%s', (_, run, expected) => {
    expect(thrownCode(run)).toBe(expected);
  });

  it('names the argument and the fix in the message', () => {
    expect(() => optimizeThresholds(y, s, { metric: 'fbeta', beta: -1 })).toThrow(/`beta`.*> 0/);
    expect(() => optimizeThresholds(y, [[0.1, 0.2]])).toThrow(/`yScore`.*`yTrue`/);
  });
});

/** The Thresholds class: apply, JSON round trip, and its argument checks. */
import { test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { MultilabelError, optimizeThresholds, Thresholds } from '../../src/thresholds/index.js';
import { fc } from '../fc.js';

const code = (run: () => unknown): string => {
  try {
    run();
  } catch (error) {
    if (error instanceof MultilabelError) return error.code;
    throw error;
  }
  return 'none';
};

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
    expect(code(() => new Thresholds([]))).toBe('INVALID_ARGUMENT');
    expect(code(() => new Thresholds([0.5, Number.NaN]))).toBe('INVALID_ARGUMENT');
    expect(code(() => Thresholds.fromJSON({ values: [0.5, 'high'] }))).toBe('INVALID_ARGUMENT');
    expect(code(() => Thresholds.fromJSON([0.5]))).toBe('INVALID_ARGUMENT');
    expect(code(() => new Thresholds([0.5]).apply([[0.1, 0.2]]))).toBe('SHAPE_MISMATCH');
    expect(code(() => new Thresholds([0.5]).apply([[Number.NaN]]))).toBe('NON_FINITE_VALUES');
  });
});

describe('optimizeThresholds: bad input', () => {
  const y = [
    [1, 0],
    [0, 1],
    [1, 1],
  ];
  const s = [
    [0.9, 0.1],
    [0.2, 0.8],
    [0.7, 0.6],
  ];
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
      () => optimizeThresholds(y, s, { strategy: 'per-label', average: 'macro' }),
      'INVALID_OPTION',
    ],
    ['shrinkage with global', () => optimizeThresholds(y, s, { shrinkage: 1 }), 'INVALID_OPTION'],
    [
      'negative shrinkage',
      () => optimizeThresholds(y, s, { strategy: 'micro', shrinkage: -1 }),
      'INVALID_OPTION',
    ],
    ['a bad ignoreIndex', () => optimizeThresholds(y, s, { ignoreIndex: 2 }), 'INVALID_OPTION'],
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
    expect(code(run)).toBe(expected);
  });

  it('names the argument and the fix in the message', () => {
    expect(() => optimizeThresholds(y, s, { metric: 'fbeta', beta: -1 })).toThrow(/`beta`.*> 0/);
    expect(() => optimizeThresholds(y, [[0.1, 0.2]])).toThrow(/`yScore`.*`yTrue`/);
  });
});

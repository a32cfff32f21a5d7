import { test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { toFloatMatrix } from '../../src/core/matrix-input.js';
import {
  assertFinite,
  assertSameShape,
  checkEnum,
  checkInteger,
  checkNumber,
  checkOptionKeys,
  readRenamedOption,
  toNonNegativeVector,
} from '../../src/core/validate.js';
import { fc } from '../fc.js';

const error = (code: string, text: string) =>
  expect.objectContaining({
    name: 'MultilabelError',
    code,
    message: expect.stringContaining(text),
  });

describe('assertSameShape', () => {
  it('passes equal shapes and names both arguments otherwise', () => {
    const a = toFloatMatrix([[1, 0, 1]], 'yTrue');
    expect(() =>
      assertSameShape(a, 'yTrue', toFloatMatrix([[0.2, 0.1, 0.9]], 'yScore'), 'yScore'),
    ).not.toThrow();
    expect(() =>
      assertSameShape(a, 'yTrue', toFloatMatrix([[0.2, 0.1]], 'yScore'), 'yScore'),
    ).toThrow(error('SHAPE_MISMATCH', '`yScore` has shape [1, 2] but `yTrue` has shape [1, 3]'));
  });
});

describe('assertFinite', () => {
  it.each([Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY])(
    'names the cell holding %s',
    (bad) => {
      const m = toFloatMatrix(
        [
          [0.1, 0.2],
          [0.3, bad],
        ],
        'yScore',
      );
      expect(() => assertFinite(m, 'yScore')).toThrow(
        error('NON_FINITE_VALUES', `\`yScore[1][1]\` is ${bad}`),
      );
    },
  );

  it('accepts finite extremes', () => {
    const m = toFloatMatrix(
      [[Number.MAX_VALUE, -Number.MAX_VALUE, -0, Number.MIN_VALUE]],
      'yScore',
    );
    expect(() => assertFinite(m, 'yScore')).not.toThrow();
  });

  test.prop(
    [
      fc.integer({ min: 1, max: 20_000 }),
      fc.array(
        fc.record({
          at: fc.nat(),
          bits: fc.constantFrom(0x7f800000, 0xff800000, 0x7fc00000, 0xffffffff, 0x7f800001),
        }),
        { maxLength: 3 },
      ),
    ],
    { numRuns: 50 },
  )('names the first non-finite float32 cell, across blocks of the bit check', (n, bad) => {
    const data = new Float32Array(n);
    const words = new Uint32Array(data.buffer);
    for (let i = 0; i < n; i++) data[i] = ((i * 7919) % 1000) / 10 - 50;
    // Finite extremes on the edge of the exponent check: the largest float32s and -0.
    words[n >> 1] = 0x7f7fffff;
    words[n >> 2] = 0xff7fffff;
    words[n >> 3] = 0x80000000;
    for (const { at, bits } of bad) words[at % n] = bits;
    const first = data.findIndex((v) => !Number.isFinite(v));
    const m = { data, rows: 1, cols: n };
    if (first < 0) expect(() => assertFinite(m, 'yScore')).not.toThrow();
    else {
      expect(() => assertFinite(m, 'yScore')).toThrow(
        error('NON_FINITE_VALUES', `\`yScore[0][${first}]\` is ${data[first]}`),
      );
    }
  });
});

describe('checkEnum', () => {
  it('returns an allowed value and lists the choices otherwise', () => {
    expect(checkEnum('macro', 'average', ['micro', 'macro'] as const)).toBe('macro');
    expect(checkEnum(1, 'zeroDivision', [0, 1, 'nan'] as const)).toBe(1);
    expect(() => checkEnum('marco', 'average', ['micro', 'macro'])).toThrow(
      error('INVALID_OPTION', '`average` must be one of "micro", "macro", but got "marco"'),
    );
    expect(() => checkEnum('1', 'zeroDivision', [0, 1, 'nan'])).toThrow(
      error('INVALID_OPTION', 'but got "1"'),
    );
  });
});

describe('checkOptionKeys', () => {
  const known = ['average', 'sampleWeight', 'zeroDivision'];

  it('accepts known keys and undefined', () => {
    expect(() => checkOptionKeys(undefined, known, 'f1Score')).not.toThrow();
    expect(() =>
      checkOptionKeys({ average: 'micro', sampleWeight: [1] }, known, 'f1Score'),
    ).not.toThrow();
  });

  it('refuses a known option set to null (the types allow undefined only)', () => {
    expect(() => checkOptionKeys({ average: null }, known, 'f1Score')).toThrow(
      error(
        'INVALID_OPTION',
        '`average` of `f1Score` is null. Leave it out (or pass undefined) for the default, or give a value.',
      ),
    );
    expect(() => checkOptionKeys({ average: null }, known, 'head', {}, true)).not.toThrow();
  });

  it('suggests the closest known option for a typo', () => {
    expect(() => checkOptionKeys({ sample_weight: [1] }, known, 'f1Score')).toThrow(
      error(
        'UNKNOWN_OPTION',
        '`f1Score` has no option `sample_weight`. Did you mean `sampleWeight`?',
      ),
    );
    expect(() => checkOptionKeys({ averge: 'micro' }, known, 'f1Score')).toThrow(
      error('UNKNOWN_OPTION', 'Did you mean `average`?'),
    );
  });

  it('matches Python spellings and prefixes of a known option', () => {
    const lossOptions = ['posWeight', 'reduction', 'fromLogits'];
    expect(() => checkOptionKeys({ pos_weight: [1] }, lossOptions, 'loss')).toThrow(
      error('UNKNOWN_OPTION', '`loss` has no option `pos_weight`. Did you mean `posWeight`?'),
    );
    expect(() => checkOptionKeys({ reduce: 'sum' }, lossOptions, 'loss')).toThrow(
      error('UNKNOWN_OPTION', 'Did you mean `reduction`?'),
    );
    expect(() => checkOptionKeys({ from_logit: true }, lossOptions, 'loss')).toThrow(
      error('UNKNOWN_OPTION', 'Did you mean `fromLogits`?'),
    );
    expect(() => checkOptionKeys({ red: 'sum' }, lossOptions, 'loss')).toThrow(
      error('UNKNOWN_OPTION', 'Known options: `posWeight`, `reduction`, `fromLogits`.'),
    );
  });

  it('lists the known options when nothing is close', () => {
    expect(() => checkOptionKeys({ k: 3 }, known, 'f1Score')).toThrow(
      error('UNKNOWN_OPTION', 'Known options: `average`, `sampleWeight`, `zeroDivision`.'),
    );
  });

  it('accepts a deprecated name and suggests the current name for a typo of either', () => {
    const splitOptions = ['nFolds', 'order', 'seed'];
    const renamed = { k: 'nFolds', folds: 'nFolds' };
    expect(() =>
      checkOptionKeys({ k: 3, folds: 3, seed: 1 }, splitOptions, 'split', renamed),
    ).not.toThrow();
    expect(() => checkOptionKeys({ k: 3 }, splitOptions, 'split')).toThrow(
      error('UNKNOWN_OPTION', '`split` has no option `k`.'),
    );
    for (const typo of ['n_folds', 'nFold', 'fold', 'K']) {
      expect(() => checkOptionKeys({ [typo]: 3 }, splitOptions, 'split', renamed)).toThrow(
        error('UNKNOWN_OPTION', `\`split\` has no option \`${typo}\`. Did you mean \`nFolds\`?`),
      );
    }
    // A deprecated name is not listed among the known options.
    expect(() => checkOptionKeys({ xyz: 3 }, splitOptions, 'split', renamed)).toThrow(
      error('UNKNOWN_OPTION', 'Known options: `nFolds`, `order`, `seed`.'),
    );
  });

  it('rejects options that are not an object', () => {
    expect(() => checkOptionKeys('micro', known, 'f1Score')).toThrow(
      error('INVALID_ARGUMENT', 'must be an object, but got string'),
    );
    expect(() => checkOptionKeys([1], known, 'f1Score')).toThrow(
      error('INVALID_ARGUMENT', 'but got an array'),
    );
    expect(() => checkOptionKeys(null, known, 'f1Score')).toThrow(
      error('INVALID_ARGUMENT', 'but got null'),
    );
  });
});

describe('readRenamedOption', () => {
  const options = (o: { nFolds?: number; k?: number }) => o;

  it('reads the current name, else the deprecated one, with the key it came from', () => {
    expect(readRenamedOption(options({ nFolds: 3 }), 'nFolds', 'k', 'f')).toEqual({
      value: 3,
      key: 'nFolds',
    });
    expect(readRenamedOption(options({ k: 4 }), 'nFolds', 'k', 'f')).toEqual({
      value: 4,
      key: 'k',
    });
    expect(readRenamedOption(options({}), 'nFolds', 'k', 'f')).toEqual({
      value: undefined,
      key: 'nFolds',
    });
  });

  it('throws INVALID_OPTION naming both when both are given', () => {
    expect(() => readRenamedOption(options({ nFolds: 3, k: 3 }), 'nFolds', 'k', 'f')).toThrow(
      error(
        'INVALID_OPTION',
        '`f` got both `nFolds` and `k`, the deprecated name of `nFolds`; pass only `nFolds`.',
      ),
    );
  });
});

describe('checkNumber and checkInteger', () => {
  it('accept values in range, inclusive and exclusive', () => {
    expect(checkNumber(0, 'gamma', { min: 0 })).toBe(0);
    expect(checkNumber(0.99, 'clip', { min: 0, max: 1, maxExclusive: true })).toBe(0.99);
    expect(checkInteger(5, 'k', { min: 1, max: 5 })).toBe(5);
  });

  it('name the argument and the allowed range', () => {
    expect(() => checkNumber(-1, 'gamma', { min: 0 })).toThrow(
      error('INVALID_OPTION', '`gamma` must be a finite number >= 0, but got -1'),
    );
    expect(() => checkNumber(1, 'clip', { min: 0, max: 1, maxExclusive: true })).toThrow(
      error('INVALID_OPTION', '>= 0 and < 1'),
    );
    expect(() => checkNumber(0, 'beta', { min: 0, minExclusive: true })).toThrow(
      error('INVALID_OPTION', '`beta` must be a finite number > 0'),
    );
    expect(() => checkNumber(Number.NaN, 'beta')).toThrow(error('INVALID_OPTION', 'but got NaN'));
    expect(() => checkNumber('2', 'beta')).toThrow(error('INVALID_OPTION', 'but got "2"'));
    expect(() => checkInteger(2.5, 'k', { min: 1 })).toThrow(
      error(
        'INVALID_OPTION',
        '`k` must be an integer >= 1 and <= 9007199254740991 (Number.MAX_SAFE_INTEGER), but got 2.5',
      ),
    );
    expect(() => checkInteger(6, 'k', { min: 1, max: 5 })).toThrow(error('INVALID_OPTION', '<= 5'));
    expect(() => checkInteger(undefined, 'k')).toThrow(
      error('INVALID_OPTION', 'but got undefined'),
    );
  });

  it('state the whole range of an integer, the safe-integer limit included', () => {
    // 2^53 is an integer >= 1, but not a safe one: the message must say why it is refused.
    expect(() => checkInteger(2 ** 53, 'k', { min: 1 })).toThrow(
      error(
        'INVALID_OPTION',
        '`k` must be an integer >= 1 and <= 9007199254740991 (Number.MAX_SAFE_INTEGER), but got 9007199254740992.',
      ),
    );
    expect(() => checkInteger(-(2 ** 53), 'offset')).toThrow(
      error(
        'INVALID_OPTION',
        '`offset` must be an integer >= -9007199254740991 (-Number.MAX_SAFE_INTEGER) and <= 9007199254740991 (Number.MAX_SAFE_INTEGER)',
      ),
    );
    // Exclusive and fractional bounds are stated as the integers they allow.
    expect(() => checkInteger(0, 'n', { min: 0, minExclusive: true, max: 10.5 })).toThrow(
      error('INVALID_OPTION', '`n` must be an integer >= 1 and <= 10, but got 0.'),
    );
    expect(() => checkInteger(5, 'n', { min: 1, max: 5, maxExclusive: true })).toThrow(
      error('INVALID_OPTION', '`n` must be an integer >= 1 and <= 4, but got 5.'),
    );
    expect(checkInteger(Number.MAX_SAFE_INTEGER, 'k', { min: 1 })).toBe(Number.MAX_SAFE_INTEGER);
  });
});

describe('toNonNegativeVector', () => {
  it('copies a valid vector to a Float64Array', () => {
    const v = toNonNegativeVector([1, 0, 2.5], 'sampleWeight', 3, 'sample');
    expect(v).toBeInstanceOf(Float64Array);
    expect(Array.from(v)).toEqual([1, 0, 2.5]);
    expect(
      Array.from(toNonNegativeVector(new Float32Array([0.5]), 'labelWeights', 1, 'label')),
    ).toEqual([0.5]);
  });

  it('rejects a wrong length, naming what each entry is for', () => {
    expect(() => toNonNegativeVector([1, 2], 'sampleWeight', 3, 'sample')).toThrow(
      error('SHAPE_MISMATCH', '`sampleWeight` has 2 values but 3 are needed (one per sample)'),
    );
  });

  it('rejects negative, non-finite and non-numeric entries', () => {
    expect(() => toNonNegativeVector([1, -1], 'sampleWeight', 2, 'sample')).toThrow(
      error('INVALID_ARGUMENT', '`sampleWeight[1]` is -1'),
    );
    expect(() => toNonNegativeVector([Number.NaN], 'sampleWeight', 1, 'sample')).toThrow(
      error('NON_FINITE_VALUES', '`sampleWeight[0]` is NaN'),
    );
    expect(() => toNonNegativeVector(['1'], 'sampleWeight', 1, 'sample')).toThrow(
      error('INVALID_ARGUMENT', '`sampleWeight[0]` is "1"'),
    );
    expect(() => toNonNegativeVector(3, 'sampleWeight', 1, 'sample')).toThrow(
      error('INVALID_ARGUMENT', 'must be an array or typed array of 1 numbers (one per sample)'),
    );
  });
});

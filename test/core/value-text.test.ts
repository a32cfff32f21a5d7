/**
 * Error messages can show any value a user passes: the validators name a BigInt, a cyclic
 * object, an object without a prototype or a throwing `toJSON` in a MultilabelError instead of
 * letting JSON.stringify or String throw a TypeError of their own.
 */
import { describe, expect, it } from 'vitest';
import { isMultilabelError } from '../../src/core/errors.js';
import { toLabelMatrix } from '../../src/core/label-matrix.js';
import { checkSeed } from '../../src/core/random.js';
import { checkBoolean, checkEnum, checkInteger, checkNumber } from '../../src/core/validate.js';
import { valueText } from '../../src/core/value-text.js';

const cyclic: Record<string, unknown> = { a: 1 };
cyclic.self = cyclic;
const bare = Object.create(null) as Record<string, unknown>;
const throwing = {
  toJSON() {
    throw new Error('no');
  },
};

describe('valueText', () => {
  it('shows every kind of value without throwing', () => {
    expect(valueText(12n)).toBe('12n');
    expect(valueText(Symbol('s'))).toBe('Symbol(s)');
    expect(valueText(() => 1)).toBe('a function');
    expect(valueText(undefined)).toBe('undefined');
    expect(valueText(null)).toBe('null');
    expect(valueText(Number.NaN)).toBe('NaN');
    expect(valueText(Number.NEGATIVE_INFINITY)).toBe('-Infinity');
    expect(valueText(-0)).toBe('-0');
    expect(valueText('a"b')).toBe('"a\\"b"');
    expect(valueText([1, 'x'])).toBe('[1,"x"]');
    expect(valueText(cyclic)).toBe('an object');
    expect(valueText([1n])).toBe('an array');
    expect(valueText(bare)).toBe('{}');
    expect(valueText(throwing)).toBe('an object');
    expect(valueText('x'.repeat(200))).toHaveLength(80);
  });
});

describe('the core validators with values JSON and String cannot show', () => {
  const strange = [12n, cyclic, bare, throwing, Symbol('s'), [1n, 2]];
  const checks: [string, (value: unknown) => unknown][] = [
    ['checkBoolean', (v) => checkBoolean(v, 'flag')],
    ['checkEnum', (v) => checkEnum(v, 'average', ['micro', 'macro'])],
    ['checkNumber', (v) => checkNumber(v, 'beta')],
    ['checkInteger', (v) => checkInteger(v, 'k', { min: 1 })],
    ['checkSeed', (v) => checkSeed(v)],
    ['toLabelMatrix shape', (v) => toLabelMatrix({ data: [1, 0], shape: v } as never, 'yTrue')],
  ];
  it.each(checks)('%s throws a MultilabelError naming the argument', (_name, check) => {
    for (const value of strange) {
      let thrown: unknown;
      try {
        check(value);
      } catch (error) {
        thrown = error;
      }
      expect(isMultilabelError(thrown), String(thrown)).toBe(true);
    }
  });
});

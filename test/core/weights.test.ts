import { test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import {
  binaryExponent,
  ldexp,
  readSampleWeights,
  scaleToUnit,
  unscale,
} from '../../src/core/weights.js';
import { fc } from '../fc.js';

const error = (code: string, text: string) =>
  expect.objectContaining({
    name: 'MultilabelError',
    code,
    message: expect.stringContaining(text),
  });

/** Every positive finite double, subnormals and the extremes included. */
const positiveDouble = fc.oneof(
  fc.double({ min: Number.MIN_VALUE, max: Number.MAX_VALUE, noNaN: true }),
  fc.constantFrom(Number.MIN_VALUE, 2 ** -1022, 2 ** -1023, 1, 2, 3, Number.MAX_VALUE),
);

describe('binaryExponent', () => {
  it('is exact at the ends of the range and next to powers of two', () => {
    expect(binaryExponent(Number.MIN_VALUE)).toBe(-1074);
    expect(binaryExponent(2 ** -1023)).toBe(-1023);
    expect(binaryExponent(2 ** -1022)).toBe(-1022);
    expect(binaryExponent(1)).toBe(0);
    expect(binaryExponent(1 - 2 ** -53)).toBe(-1);
    expect(binaryExponent(2 - 2 ** -52)).toBe(0);
    expect(binaryExponent(Number.MAX_VALUE)).toBe(1023);
  });

  test.prop([positiveDouble])('puts x in [2^e, 2^(e + 1))', (x) => {
    const e = binaryExponent(x);
    expect(ldexp(1, e) <= x).toBe(true);
    expect(x < ldexp(1, e + 1)).toBe(true);
  });
});

describe('ldexp', () => {
  it('multiplies by any power of two, in representable steps', () => {
    expect(ldexp(1, -1074)).toBe(Number.MIN_VALUE);
    expect(ldexp(Number.MIN_VALUE, 2097)).toBe(2 ** 1023);
    expect(ldexp(Number.MAX_VALUE, -2097)).toBe(2 ** -1074 * 2);
    expect(ldexp(1, 1024)).toBe(Number.POSITIVE_INFINITY);
    expect(ldexp(1, -1075)).toBe(0);
    expect(ldexp(0, 5000)).toBe(0);
  });

  test.prop([positiveDouble, fc.integer({ min: -3000, max: 3000 })])(
    'is undone exactly while the result stays a normal double',
    (x, k) => {
      const y = ldexp(x, k);
      if (y >= 2 ** -1022 && y <= Number.MAX_VALUE && x >= 2 ** -1022) {
        expect(ldexp(y, -k)).toBe(x);
      }
    },
  );
});

describe('scaleToUnit and readSampleWeights', () => {
  test.prop([fc.array(fc.oneof(fc.constant(0), positiveDouble), { minLength: 1, maxLength: 20 })])(
    'scale the largest weight into [1, 2), exactly, and report the exponent',
    (raw) => {
      const weights = Float64Array.from(raw);
      const exponent = scaleToUnit(weights);
      const max = Math.max(...weights);
      if (raw.every((w) => w === 0)) {
        expect(exponent).toBe(0);
        expect(max).toBe(0);
        return;
      }
      expect(max >= 1 && max < 2).toBe(true);
      raw.forEach((w, i) => {
        // Exact for every weight that stays a normal double; smaller ones are rounded once.
        if (weights[i] >= 2 ** -1022) expect(ldexp(weights[i], exponent)).toBe(w);
        else
          expect(Math.abs(ldexp(weights[i], exponent) - w) <= ldexp(1, exponent - 1074)).toBe(true);
      });
    },
  );

  it('reads a weight vector once, with the checks of toNonNegativeVector', () => {
    const huge = readSampleWeights([1e308, 1e308, 0], 3);
    expect(huge?.exponent).toBe(1023);
    expect(Array.from(huge?.weights ?? [])).toEqual([1e308 / 2 ** 1023, 1e308 / 2 ** 1023, 0]);
    const tiny = readSampleWeights([5e-324, 1e-323], 2);
    expect(tiny?.exponent).toBe(-1073);
    expect(Array.from(tiny?.weights ?? [])).toEqual([0.5, 1]);
    expect(readSampleWeights(undefined, 3)).toBeUndefined();
    expect(() => readSampleWeights([1, Number.POSITIVE_INFINITY], 2)).toThrow(
      error('NON_FINITE_VALUES', '`sampleWeight[1]` is Infinity'),
    );
    expect(() => readSampleWeights([1], 2)).toThrow(error('SHAPE_MISMATCH', '`sampleWeight`'));
  });
});

describe('unscale', () => {
  it('returns a sum in the unit of the weights given, or throws beyond the largest double', () => {
    expect(unscale(1.5, 1023, 'support')).toBe(1.5 * 2 ** 1023);
    expect(unscale(3, -1074, 'support')).toBe(3 * Number.MIN_VALUE);
    expect(() => unscale(2, 1023, 'support')).toThrow(
      error('INVALID_ARGUMENT', 'The support is a sum of `sampleWeight` values that exceeds'),
    );
  });
});

import { test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { classBalancedWeights, inverseFrequencyWeights } from '../../src/losses/index.js';
import { fc } from '../fc.js';
import golden from '../fixtures/losses-golden.json';

const error = (code: string, text: string) =>
  expect.objectContaining({
    name: 'MultilabelError',
    code,
    message: expect.stringContaining(text),
  });

const counts = fc.array(fc.integer({ min: 1, max: 100_000 }), { minLength: 1, maxLength: 12 });

describe('classBalancedWeights', () => {
  it.each(golden.helpers.classBalancedWeights)(
    'equals the effective-number formula in float64 (beta $beta)',
    ({ labelCounts, beta, expected }) => {
      const weights = classBalancedWeights(labelCounts, { beta });
      expect(weights).toBeInstanceOf(Float64Array);
      for (const [i, w] of weights.entries()) expect(w).toBeCloseTo(expected[i], 12);
    },
  );

  test.prop([counts, fc.double({ min: 0, max: 0.99999, noNaN: true })])(
    'sum to the number of labels and never favour the more frequent label',
    (labelCounts, beta) => {
      const weights = classBalancedWeights(labelCounts, { beta });
      expect(weights.reduce((s, w) => s + w, 0)).toBeCloseTo(labelCounts.length, 9);
      for (let i = 0; i < labelCounts.length; i++) {
        for (let j = 0; j < labelCounts.length; j++) {
          if (labelCounts[i] < labelCounts[j])
            expect(weights[i]).toBeGreaterThanOrEqual(weights[j] * (1 - 1e-12));
        }
      }
    },
  );

  it('gives equal weights at beta 0 and approaches inverse frequency as beta nears 1', () => {
    expect(Array.from(classBalancedWeights([5, 50, 500], { beta: 0 }))).toEqual([1, 1, 1]);
    const near = classBalancedWeights([5, 50, 500], { beta: 1 - 1e-9 });
    expect(near[0] / near[1]).toBeCloseTo(10, 5);
    expect(near[1] / near[2]).toBeCloseTo(10, 5);
  });

  it('rejects empty, zero, negative and non-finite counts and a beta outside [0, 1)', () => {
    expect(() => classBalancedWeights([])).toThrow(error('EMPTY_INPUT', '`labelCounts` is empty'));
    expect(() => classBalancedWeights([3, 0])).toThrow(
      error('INVALID_ARGUMENT', '`labelCounts[1]` is 0: a label without positives'),
    );
    expect(() => classBalancedWeights([3, -1])).toThrow(
      error('INVALID_ARGUMENT', '`labelCounts[1]`'),
    );
    expect(() => classBalancedWeights([3, Number.NaN])).toThrow(
      error('NON_FINITE_VALUES', '`labelCounts[1]`'),
    );
    expect(() => classBalancedWeights(7 as unknown as number[])).toThrow(
      error('INVALID_ARGUMENT', '`labelCounts` must be an array or typed array with one count'),
    );
    // A tensor is no array: the message says how to pass its values (it quoted "0 numbers").
    const tensorLike = { shape: [2], dataSync: () => new Float32Array([3, 4]) };
    expect(() => classBalancedWeights(tensorLike as unknown as number[])).toThrow(
      error('INVALID_ARGUMENT', 'pass its values'),
    );
    expect(() => classBalancedWeights([3], { beta: 1 })).toThrow(error('INVALID_OPTION', '`beta`'));
    expect(() => classBalancedWeights([3], { beta: -0.1 })).toThrow(
      error('INVALID_OPTION', '`beta`'),
    );
    expect(() => classBalancedWeights([3], { bta: 0.9 } as never)).toThrow(
      error('UNKNOWN_OPTION', 'Did you mean `beta`?'),
    );
  });
});

describe('inverseFrequencyWeights', () => {
  it.each(golden.helpers.inverseFrequencyWeights)(
    'equals negatives / positives (total $total)',
    ({ labelCounts, total, expected }) => {
      const weights = inverseFrequencyWeights(labelCounts, { total });
      for (const [i, w] of weights.entries()) expect(w).toBeCloseTo(expected[i], 12);
    },
  );

  test.prop([counts, fc.integer({ min: 0, max: 1000 })])(
    'make the positives of each label weigh as much as its negatives',
    (labelCounts, extra) => {
      const total = Math.max(...labelCounts) + extra;
      const weights = inverseFrequencyWeights(labelCounts, { total });
      for (const [c, n] of labelCounts.entries()) expect(n * weights[c]).toBeCloseTo(total - n, 6);
    },
  );

  it('refuses a weight beyond the largest double instead of returning Infinity', () => {
    expect(() => inverseFrequencyWeights([0.5], { total: 1e308 })).toThrow(
      error('INVALID_ARGUMENT', '`labelCounts[0]` is 0.5 with `total` 1e+308'),
    );
    // Just inside the range: (total - n) / n is finite.
    expect(inverseFrequencyWeights([1], { total: 1e308 })[0]).toBe(1e308 - 1);
  });

  it('rejects counts of 0 or above the total, and a missing or bad total', () => {
    expect(() => inverseFrequencyWeights([0, 3], { total: 10 })).toThrow(
      error('INVALID_ARGUMENT', '`labelCounts[0]` is 0'),
    );
    expect(() => inverseFrequencyWeights([11], { total: 10 })).toThrow(
      error('INVALID_ARGUMENT', '(0, total = 10]'),
    );
    expect(() => inverseFrequencyWeights([1], undefined as never)).toThrow(
      error('INVALID_OPTION', 'needs `{ total }`'),
    );
    expect(() => inverseFrequencyWeights([1], { total: 0 })).toThrow(
      error('INVALID_OPTION', '`total`'),
    );
    expect(() => inverseFrequencyWeights([1], {} as never)).toThrow(
      error('INVALID_OPTION', '`total`'),
    );
    expect(() => inverseFrequencyWeights([], { total: 3 })).toThrow(
      error('EMPTY_INPUT', 'is empty'),
    );
  });
});

import { test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { checkSeed, SeededRandom } from '../../src/core/random.js';
import { fc } from '../fc.js';
import golden from '../fixtures/prng-golden.json';

describe('SeededRandom (xoshiro128** seeded by SplitMix64)', () => {
  // Golden values from scripts/fixtures/prng_golden.py, an independent transcription of the
  // reference algorithms (also checked against the C reference when the fixture was made).
  for (const c of golden.cases) {
    it(`reproduces the reference sequence for seed ${c.seed}`, () => {
      const random = new SeededRandom(c.seed);
      expect(Array.from({ length: 8 }, () => random.nextUint32())).toEqual(c.uint32);
      expect(Array.from({ length: 4 }, () => random.nextFloat())).toEqual(c.floats);
      expect(c.intBounds.map((n) => random.nextInt(n))).toEqual(c.ints);
      expect(Array.from(random.shuffle(Array.from({ length: 10 }, (_, i) => i)))).toEqual(
        c.permutation10,
      );
    });
  }

  it('starts from the published SplitMix64 output for seed 0 (0xe220a8397b1dcdaf)', () => {
    // State words 0 and 1 are the low and high halves of SplitMix64's first output; the first
    // xoshiro128** output is rotl(s1 * 5, 7) * 9.
    const s1 = 0xe220a839;
    const product = Math.imul(s1, 5);
    const expected = Math.imul((product << 7) | (product >>> 25), 9) >>> 0;
    expect(new SeededRandom(0).nextUint32()).toBe(expected);
  });

  test.prop([
    fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }),
    fc.integer({ min: 1, max: 2 ** 32 }),
  ])('the same seed gives the same sequence; integers stay in [0, n)', (seed, n) => {
    const a = new SeededRandom(seed);
    const b = new SeededRandom(seed);
    for (let i = 0; i < 20; i++) {
      const x = a.nextInt(n);
      expect(x).toBe(b.nextInt(n));
      expect(Number.isInteger(x) && x >= 0 && x < n).toBe(true);
      const f = a.nextFloat();
      expect(f).toBe(b.nextFloat());
      expect(f >= 0 && f < 1).toBe(true);
    }
  });

  test.prop([fc.integer({ min: 0, max: 1e9 }), fc.integer({ min: 0, max: 200 })])(
    'permutation(n) holds each index exactly once',
    (seed, n) => {
      const p = new SeededRandom(seed).permutation(n);
      expect(Array.from(p).sort((x, y) => x - y)).toEqual(Array.from({ length: n }, (_, i) => i));
    },
  );

  it('draws integers uniformly (chi-square over 10 buckets, 100,000 draws)', () => {
    const random = new SeededRandom(2024);
    const counts = new Array(10).fill(0);
    for (let i = 0; i < 100_000; i++) counts[random.nextInt(10)]++;
    const chi2 = counts.reduce((s, c) => s + (c - 10_000) ** 2 / 10_000, 0);
    // 99.9th percentile of chi-square with 9 degrees of freedom.
    expect(chi2).toBeLessThan(27.88);
  });

  it('gives different sequences for neighbouring seeds', () => {
    expect(new SeededRandom(1).nextUint32()).not.toBe(new SeededRandom(2).nextUint32());
  });

  it.each([-1, 1.5, Number.NaN, 2 ** 53, '42', undefined])('rejects the seed %s', (seed) => {
    expect(() => new SeededRandom(seed as number)).toThrow(
      expect.objectContaining({
        code: 'INVALID_OPTION',
        message: expect.stringContaining('`seed`'),
      }),
    );
    expect(() => checkSeed(seed, 'options.seed')).toThrow(/`options\.seed` must be an integer/);
  });

  it.each([0, -3, 2.5, 2 ** 32 + 1])('nextInt rejects the bound %s', (n) => {
    expect(() => new SeededRandom(1).nextInt(n)).toThrow(
      expect.objectContaining({ code: 'INVALID_ARGUMENT' }),
    );
  });
});

describe('Gamma and Beta draws', () => {
  // Mean and variance over 20,000 draws within 4 standard errors of the distribution's own.
  it.each([
    [0.2, 0.2],
    [1, 1],
    [2, 5],
    [0.5, 3],
  ])('Beta(%s, %s) has its mean and variance', (a, b) => {
    const random = new SeededRandom(17);
    const n = 20_000;
    const draws = Array.from({ length: n }, () => random.nextBeta(a, b));
    const mean = draws.reduce((s, v) => s + v, 0) / n;
    const variance = draws.reduce((s, v) => s + (v - mean) ** 2, 0) / (n - 1);
    const m = a / (a + b);
    const v = (a * b) / ((a + b) ** 2 * (a + b + 1));
    for (const d of draws) expect(d >= 0 && d <= 1).toBe(true);
    expect(Math.abs(mean - m)).toBeLessThan(4 * Math.sqrt(v / n));
    // A loose bound on the sample variance's error: 4 sqrt(2 v / n).
    expect(Math.abs(variance - v)).toBeLessThan(4 * Math.sqrt((2 * v) / n));
  });

  it('Gamma(k) has mean and variance k, below 1 too', () => {
    for (const k of [0.3, 1, 4.5]) {
      const random = new SeededRandom(5);
      const n = 20_000;
      const draws = Array.from({ length: n }, () => random.nextGamma(k));
      const mean = draws.reduce((s, v) => s + v, 0) / n;
      expect(Math.abs(mean - k)).toBeLessThan(4 * Math.sqrt(k / n));
    }
  });
});

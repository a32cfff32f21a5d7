/**
 * The arithmetic of bootstrap intervals against SciPy 1.10 on test/fixtures/bootstrap-golden.json
 * (made by scripts/fixtures/bootstrap_golden.py): the normal CDF and quantile, and the BCa and
 * percentile bounds of replicates both sides share. Properties: the p-value inverts the interval.
 */
import { readFileSync } from 'node:fs';
import { test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { normalCdf, normalQuantile } from '../../src/core/normal-distribution.js';
import {
  boundLevels,
  intervalPValue,
  jackknifeAcceleration,
  quantileOfSorted,
  shareBelow,
} from '../../src/metrics/bootstrap-bounds.js';
import { outputInterval } from '../../src/metrics/bootstrap-resampling.js';
import { fc } from '../fc.js';

interface IntervalCase {
  kind: string;
  confidence: number;
  estimate: number;
  replicates: number[];
  jackknife: number[];
  bcaLevels: [number, number];
  acceleration: number;
  bca: [number, number];
  percentile: [number, number];
  standardError: number;
}

const fixture = JSON.parse(
  readFileSync(new URL('../fixtures/bootstrap-golden.json', import.meta.url), 'utf8'),
) as {
  normal: { x: number[]; cdf: number[]; p: number[]; ppf: number[] };
  intervals: IntervalCase[];
};

describe('the normal distribution', () => {
  it('Phi equals scipy.stats.norm.cdf: 1e-15 absolute, 1e-8 relative in the far tail', () => {
    const { x, cdf } = fixture.normal;
    x.forEach((xi, i) => {
      const got = normalCdf(xi);
      expect(Math.abs(got - cdf[i]), `Phi(${xi})`).toBeLessThanOrEqual(1e-15);
      expect(Math.abs(got - cdf[i]), `Phi(${xi}) relative`).toBeLessThanOrEqual(1e-8 * cdf[i]);
    });
  });

  it('its inverse equals scipy.stats.norm.ppf: 1e-14 for p in [1e-3, 1 - 1e-3], 1e-8 relative', () => {
    const { p, ppf } = fixture.normal;
    p.forEach((pi, i) => {
      const got = normalQuantile(pi);
      const tol = pi >= 1e-3 && pi <= 1 - 1e-3 ? 1e-14 : 1e-8 * Math.abs(ppf[i]);
      expect(Math.abs(got - ppf[i]), `ppf(${pi})`).toBeLessThanOrEqual(tol);
    });
    expect(normalQuantile(0)).toBe(Number.NEGATIVE_INFINITY);
    expect(normalQuantile(1)).toBe(Number.POSITIVE_INFINITY);
    expect(normalQuantile(1.5)).toBeNaN();
  });

  test.prop([fc.double({ min: 1e-12, max: 1 - 1e-12, noNaN: true })])(
    'the quantile inverts the CDF',
    (p) => {
      expect(Math.abs(normalCdf(normalQuantile(p)) - p)).toBeLessThanOrEqual(1e-15 + 1e-13 * p);
    },
  );
});

describe('bootstrap bounds equal SciPy on the same replicates', () => {
  for (const c of fixture.intervals) {
    it(`${c.kind}, ${c.replicates.length} replicates, ${c.jackknife.length} rows, confidence ${c.confidence}`, () => {
      const replicates = Float64Array.from(c.replicates);
      const jackknife = Float64Array.from(c.jackknife);
      const sorted = replicates.slice().sort();
      expect(jackknifeAcceleration(jackknife)).toBeCloseTo(c.acceleration, 14);
      const z0 = normalQuantile(shareBelow(sorted, c.estimate));
      const levels = boundLevels('bca', c.confidence, z0, c.acceleration);
      expect(levels[0]).toBeCloseTo(c.bcaLevels[0], 13);
      expect(levels[1]).toBeCloseTo(c.bcaLevels[1], 13);
      const settings = {
        nResamples: replicates.length,
        confidence: c.confidence,
        method: 'bca' as const,
        seed: 0,
        metricOptions: {},
      };
      const bca = outputInterval(c.estimate, replicates, jackknife, 1, 0, settings, 'statistic');
      expect(bca.low).toBeCloseTo(c.bca[0], 12);
      expect(bca.high).toBeCloseTo(c.bca[1], 12);
      expect(bca.standardError).toBeCloseTo(c.standardError, 13);
      const percentile = outputInterval(
        c.estimate,
        replicates,
        undefined,
        1,
        0,
        {
          ...settings,
          method: 'percentile',
        },
        'statistic',
      );
      expect(percentile.low).toBeCloseTo(c.percentile[0], 13);
      expect(percentile.high).toBeCloseTo(c.percentile[1], 13);
    });
  }
});

describe('intervals and p-values', () => {
  it('the quantile interpolates linearly between order statistics (NumPy type 7)', () => {
    const sorted = Float64Array.from([1, 2, 4, 8]);
    expect(quantileOfSorted(sorted, 0)).toBe(1);
    expect(quantileOfSorted(sorted, 0.5)).toBe(3);
    expect(quantileOfSorted(sorted, 0.9)).toBeCloseTo(6.8, 14);
    expect(quantileOfSorted(sorted, 1)).toBe(8);
  });

  it('ties count half; the share stays within [0.5/m, 1 - 0.5/m]', () => {
    const sorted = Float64Array.from([0, 1, 1, 1, 2]);
    expect(shareBelow(sorted, 1)).toBe((1 + 1.5) / 5);
    expect(shareBelow(sorted, -5)).toBe(0.1);
    expect(shareBelow(sorted, 9)).toBe(0.9);
  });

  test.prop([
    fc.array(fc.double({ min: -1, max: 1, noNaN: true }), { minLength: 20, maxLength: 200 }),
    fc.double({ min: -0.4, max: 0.4, noNaN: true }),
    fc.double({ min: -0.15, max: 0.15, noNaN: true }),
    fc.constantFrom<'bca' | 'percentile'>('bca', 'percentile'),
  ])(
    'at confidence 1 - p, a bound of the same method sits where the replicates cross 0',
    (values, shift, a, method) => {
      const sorted = Float64Array.from(values, (v) => v + shift).sort();
      const z0 = method === 'bca' ? normalQuantile(shareBelow(sorted, shift)) : 0;
      const p = intervalPValue(sorted, method, z0, method === 'bca' ? a : 0);
      fc.pre(p < 1 && p > 1 / sorted.length);
      const levels = boundLevels(method, 1 - p, z0, method === 'bca' ? a : 0);
      const crossing = shareBelow(sorted, 0);
      const nearest = Math.min(Math.abs(levels[0] - crossing), Math.abs(levels[1] - crossing));
      expect(nearest).toBeLessThanOrEqual(1e-9);
    },
  );
});

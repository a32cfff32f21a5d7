/**
 * Sample weights in the threshold optimizers: the built-in metrics are ratios of weighted sums,
 * so multiplying every weight by one positive factor (1e300, 1e-300, subnormals, near the
 * largest double) changes neither the thresholds nor the scores; a custom metric receives the
 * counts in the unit of the weights given, and weights whose sums would overflow it are refused.
 */
import { test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import {
  crossValidatedThresholds,
  optimizeThresholds,
  rankCut,
  THRESHOLD_STRATEGIES,
  type ThresholdCounts,
} from '../../src/thresholds/index.js';
import { bitRows, scoreRows } from '../bits.js';
import { fc, labelMatrix, matrixOf, tiedScoreCell } from '../fc.js';

/** Powers of two: the scaled weights are exact, and so is every result. */
const EXACT = [2 ** 1000, 2 ** -1060, 2 ** -1074];
/** Other factors round the weights, so ties between thresholds may fall either way. */
const FACTORS = [...EXACT, 1e300, 1e-300, Number.MAX_VALUE / 4];
const close = (a: number, b: number): boolean => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b));

const problem = labelMatrix({ minRows: 2, maxRows: 10, maxCols: 4 }).chain((y) =>
  fc.record({
    yTrue: fc.constant({ data: y.data, shape: [y.rows, y.cols] as [number, number] }),
    yScore: matrixOf([y.rows, y.cols], tiedScoreCell()).map((s) => ({
      data: s.data,
      shape: [s.rows, s.cols] as [number, number],
    })),
    // Whole weights 0-4 (at least one positive), which every factor keeps exact or nearly.
    weights: fc
      .array(fc.integer({ min: 0, max: 4 }), { minLength: y.rows, maxLength: y.rows })
      .filter((w) => w.some((v) => v > 0)),
  }),
);

describe('the built-in metrics do not depend on the unit of the weights', () => {
  test.prop(
    [
      problem,
      fc.constantFrom(...THRESHOLD_STRATEGIES),
      fc.constantFrom('f1', 'jaccard', 'balancedAccuracy'),
    ],
    { numRuns: 60 },
  )('optimizeThresholds: same thresholds and score', (p, strategy, metric) => {
    const base = optimizeThresholds(p.yTrue, p.yScore, {
      strategy,
      metric,
      sampleWeight: p.weights,
    });
    for (const factor of FACTORS) {
      const t = optimizeThresholds(p.yTrue, p.yScore, {
        strategy,
        metric,
        sampleWeight: p.weights.map((w) => w * factor),
      });
      if (EXACT.includes(factor)) {
        expect(Array.from(t.values), `factor ${factor}`).toEqual(Array.from(base.values));
        expect(t.score, `factor ${factor}`).toBe(base.score);
      } else {
        expect(close(t.score as number, base.score as number), `factor ${factor}`).toBe(true);
      }
    }
  });

  test.prop([problem], { numRuns: 30 })('rankCut: same k and score', (p) => {
    const base = rankCut(p.yTrue, p.yScore, { sampleWeight: p.weights });
    for (const factor of FACTORS) {
      const rule = rankCut(p.yTrue, p.yScore, { sampleWeight: p.weights.map((w) => w * factor) });
      if (EXACT.includes(factor)) expect(rule.k).toBe(base.k);
      expect(close(rule.score, base.score)).toBe(true);
    }
  });

  it('crossValidatedThresholds scores every rule, not NaN, when the weights sum beyond 1e308', () => {
    const y = bitRows('101 011 110 001 100 010');
    const s = scoreRows(
      '0.9 0.2 0.4, 0.3 0.8 0.7, 0.6 0.7 0.2, 0.1 0.3 0.8, 0.7 0.4 0.3, 0.2 0.9 0.1',
    );
    const plain = crossValidatedThresholds(y, s, { nFolds: 2, sampleWeight: Array(6).fill(1) });
    const huge = crossValidatedThresholds(y, s, { nFolds: 2, sampleWeight: Array(6).fill(1e308) });
    expect(huge.rule).toBe(plain.rule);
    for (const [rule, score] of Object.entries(plain.scores)) {
      expect(Number.isNaN(score)).toBe(false);
      expect(huge.scores[rule as keyof typeof huge.scores], rule).toBe(score);
    }
  });
});

describe('a custom metric', () => {
  const y = [[1], [0], [1], [0]];
  const s = [[0.9], [0.4], [0.6], [0.1]];

  it('receives the counts in the unit of the weights given', () => {
    const seen: number[] = [];
    const metric = ({ tp, fp, fn, tn }: ThresholdCounts) => {
      seen.push(tp + fp + fn + tn);
      return tp - fp;
    };
    optimizeThresholds(y, s, { metric, sampleWeight: [1e300, 1e300, 1e300, 1e300] });
    expect(seen.length).toBeGreaterThan(0);
    for (const total of seen) expect(total).toBe(4e300);
    seen.length = 0;
    optimizeThresholds(y, s, { metric, sampleWeight: [5e-324, 5e-324, 0, 5e-324] });
    for (const total of seen) expect(total).toBe(1.5e-323);
  });

  it('is refused weights whose counts would exceed the largest double', () => {
    const metric = ({ tp, fp }: ThresholdCounts) => tp - fp;
    expect(() =>
      optimizeThresholds(y, s, { metric, sampleWeight: [1e308, 1e308, 1e308, 1e308] }),
    ).toThrow(
      expect.objectContaining({
        code: 'INVALID_ARGUMENT',
        message: expect.stringContaining('the counts a custom `metric` receives'),
      }),
    );
  });
});

/**
 * Sample weights matter only through their ratios. Multiplying every weight by one positive
 * factor, huge (1e300, 2^1000, a quarter of the largest double) or tiny (1e-300, the subnormals
 * 2^-1060 and 5e-324), leaves every weighted metric of the registry unchanged, bit for bit for
 * a power of two (or it throws the same MultilabelError). The results that are sums of weights
 * (confusion matrices, supports, `normalize: false`) scale with the factor, or throw
 * INVALID_ARGUMENT where that exceeds the largest double.
 */
import { test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { isMultilabelError } from '../../src/core/index.js';
import * as m from '../../src/metrics/index.js';
import { fc, metricProblem } from '../fc.js';
import { registry } from './registry.js';
import { twoRows } from './two-rows.js';

/** Factors whose products with small whole weights are exact (powers of two). */
const EXACT = [2 ** 1000, 2 ** -1000, 2 ** -1060, 2 ** -1074];
/** Factors that round the weights (to 1 part in 2^53, or 2^-1074 absolute when subnormal). */
const ROUNDED = [1e300, 1e-300, Number.MAX_VALUE / 4, 3e-310];
const FACTORS = [...EXACT, ...ROUNDED];

const close = (a: number, b: number): boolean => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b));

/** The value, or the code of the MultilabelError thrown (anything else fails the test). */
function outcome<T>(run: () => T): T | { code: string } {
  try {
    return run();
  } catch (error) {
    if (isMultilabelError(error)) return { code: error.code };
    throw error;
  }
}

// Whole weights 0-4, so that even the subnormal factors hold them exactly (or nearly: 3e-310).
const wholeWeights = (second: 'predictions' | 'scores', missing = true) =>
  metricProblem({
    minRows: 1,
    maxRows: 8,
    minCols: 1,
    maxCols: 4,
    second,
    ties: true,
    missing,
    weights: 'integer',
  }).chain((p) =>
    fc
      .array(fc.integer({ min: 0, max: 4 }), {
        minLength: p.yTrue.length,
        maxLength: p.yTrue.length,
      })
      .map((w) => ({ ...p, sampleWeight: w })),
  );

describe.each(registry.map((entry) => [entry.name, entry] as const))('%s', (_name, entry) => {
  test.prop([wholeWeights(entry.kind === 'count' ? 'predictions' : 'scores')], { numRuns: 40 })(
    'is unchanged when every weight is multiplied by one factor, 5e-324 to 4e307',
    (p) => {
      const w = p.sampleWeight;
      const base = outcome(() => entry.run(p.yTrue, p.y, { sampleWeight: w, ignoreIndex: -1 }));
      for (const factor of FACTORS) {
        const sampleWeight = w.map((v) => v * factor);
        const got = outcome(() => entry.run(p.yTrue, p.y, { sampleWeight, ignoreIndex: -1 }));
        if (typeof base !== 'number' || typeof got !== 'number') {
          expect(got, `factor ${factor}`).toEqual(base);
        } else if (EXACT.includes(factor)) {
          expect(got, `factor ${factor}`).toBe(base);
        } else {
          expect(close(got, base), `factor ${factor}: ${got} vs ${base}`).toBe(true);
        }
      }
    },
  );

  // A row with no known label counts nowhere, so its weight cannot set the unit: with it, the
  // other rows' subnormal weights would fall below the smallest double and count as 0.
  test.prop([wholeWeights(entry.kind === 'count' ? 'predictions' : 'scores')], { numRuns: 40 })(
    'ignores the weight of a row whose labels are all missing, up to 1e308',
    (p) => {
      const cols = p.yTrue[0].length;
      const yTrue = [...p.yTrue, new Array<number>(cols).fill(-1)];
      const y = [...p.y, new Array<number>(cols).fill(1)];
      const tiny = p.sampleWeight.map((v) => v * 2 ** -1074);
      const base = outcome(() => entry.run(p.yTrue, p.y, { sampleWeight: tiny, ignoreIndex: -1 }));
      for (const weight of [0, 1, 1e308]) {
        const sampleWeight = [...tiny, weight];
        const got = outcome(() => entry.run(yTrue, y, { sampleWeight, ignoreIndex: -1 }));
        expect(got, `weight ${weight}`).toEqual(base);
      }
    },
  );
});

describe('results that are sums of weights', () => {
  const sums = (p: { yTrue: number[][]; y: number[][] }, sampleWeight: number[]) => {
    const support = (average: m.Average) =>
      m.precisionRecallFscoreSupport(p.yTrue, p.y, { sampleWeight, average }).support;
    return [
      ...m.multilabelConfusionMatrix(p.yTrue, p.y, { sampleWeight }).data,
      ...m.multilabelConfusionMatrix(p.yTrue, p.y, { sampleWeight, samplewise: true }).data,
      ...(support('none') as Float64Array),
      support('micro') as number,
      m.subsetAccuracy(p.yTrue, p.y, { sampleWeight, normalize: false }),
      m.zeroOneLoss(p.yTrue, p.y, { sampleWeight, normalize: false }),
      m.classificationReport(p.yTrue, p.y, { sampleWeight, outputDict: true }).micro.support,
    ];
  };

  test.prop([wholeWeights('predictions', false)], { numRuns: 60 })(
    'scale with the factor, or throw INVALID_ARGUMENT beyond the largest double',
    (p) => {
      // With every weight 0 the averages are undefined (that is tested elsewhere).
      fc.pre(p.sampleWeight.some((v) => v > 0));
      const base = sums(p, p.sampleWeight);
      for (const factor of [...FACTORS, 1e308, Number.MAX_VALUE]) {
        const sampleWeight = p.sampleWeight.map((v) => v * factor);
        const got = outcome(() => sums(p, sampleWeight));
        const want = base.map((v) => v * factor);
        if (!sampleWeight.every(Number.isFinite)) {
          expect(got, `factor ${factor}`).toEqual({ code: 'NON_FINITE_VALUES' });
        } else if (want.every(Number.isFinite)) {
          expect(Array.isArray(got), `factor ${factor}`).toBe(true);
          (got as number[]).forEach((v, i) => {
            // Subnormal sums are exact to 2^-1074 only.
            const tolerance = 1e-9 * Math.abs(want[i]) + 2 ** -1074 * 64;
            expect(Math.abs(v - want[i]) <= tolerance, `factor ${factor}: ${v} vs ${want[i]}`).toBe(
              true,
            );
          });
        } else {
          expect(got, `factor ${factor}`).toEqual({ code: 'INVALID_ARGUMENT' });
        }
      }
    },
  );
});

describe('the reproductions', () => {
  const { yTrue, yPred, yScore } = twoRows;
  const huge = { sampleWeight: [1e308, 1e308] };

  it('count and ranking metrics give the values of equal weights when the weights sum beyond 1e308', () => {
    for (const average of ['micro', 'macro', 'weighted', 'samples'] as const) {
      expect(m.f1Score(yTrue, yPred, { ...huge, average })).toBe(
        m.f1Score(yTrue, yPred, { average }),
      );
      expect(m.averagePrecisionScore(yTrue, yScore, { ...huge, average })).toBe(
        m.averagePrecisionScore(yTrue, yScore, { average }),
      );
    }
    expect(m.f1Score(yTrue, yPred, huge)).toBeCloseTo((1 + 1 + 2 / 3) / 3, 15);
    expect(m.hammingLoss(yTrue, yPred, huge)).toBe(1 / 6);
    expect(m.labelRankingAveragePrecision(yTrue, yScore, huge)).toBe(1);
    expect(m.labelRankingLoss(yTrue, yScore, huge)).toBe(0);
    expect(m.ndcgScore(yTrue, yScore, huge)).toBe(1);
    expect(m.coverageError(yTrue, yScore, huge)).toBe(2);
    expect(m.rocAucScore(yTrue, yScore, { ...huge, average: 'micro' })).toBe(
      m.rocAucScore(yTrue, yScore, { average: 'micro' }),
    );
  });

  it('the smallest subnormal weights are not zero weights', () => {
    const tiny = { sampleWeight: [5e-324, 5e-324] };
    expect(m.averagePrecisionScore(yTrue, yScore, { ...tiny, average: 'weighted' })).toBe(1);
    expect(m.rocAucScore(yTrue, yScore, { ...tiny, average: 'micro' })).toBe(
      m.rocAucScore(yTrue, yScore, { average: 'micro' }),
    );
    expect(m.f1Score(yTrue, yPred, tiny)).toBe(m.f1Score(yTrue, yPred));
  });

  it('a count beyond the largest double throws INVALID_ARGUMENT instead of returning Infinity', () => {
    expect(() => m.multilabelConfusionMatrix(yTrue, yPred, huge)).not.toThrow();
    const both = { sampleWeight: [Number.MAX_VALUE, Number.MAX_VALUE] };
    // Label 2 is a true positive in both rows: its tp is twice the largest double.
    expect(() => m.multilabelConfusionMatrix(yTrue, yTrue, both)).toThrow(
      expect.objectContaining({
        code: 'INVALID_ARGUMENT',
        message: expect.stringContaining('confusion-matrix count'),
      }),
    );
    expect(() => m.precisionRecallFscoreSupport(yTrue, yPred, huge)).toThrow(
      expect.objectContaining({
        code: 'INVALID_ARGUMENT',
        message: expect.stringContaining('support'),
      }),
    );
    // Only the sums returned are checked: F1 of the same weights is defined.
    expect(m.f1Score(yTrue, yPred, both)).toBe(m.f1Score(yTrue, yPred));
    expect(m.subsetAccuracy(yTrue, yPred, { ...both, normalize: false })).toBe(Number.MAX_VALUE);
  });
});

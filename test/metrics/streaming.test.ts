/**
 * MultilabelMetrics: merging shards in any partition and any merge order equals one call of
 * the array functions on all rows; binned AP and ROC AUC stay within their reported bounds;
 * options, resets and bad input behave as documented.
 */
import { test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { isMultilabelError } from '../../src/core/index.js';
import * as m from '../../src/metrics/index.js';
import { bitRows, scoreRows } from '../bits.js';
import { fc, type MetricProblem, metricProblem } from '../fc.js';
import { thrownCode } from '../thrown.js';
import { twoRows } from './two-rows.js';

const close = (a: number, b: number): boolean =>
  (Number.isNaN(a) && Number.isNaN(b)) || Math.abs(a - b) <= 1e-12 * Math.max(1, Math.abs(b));

/** The array function's value, or NaN where it throws UNDEFINED_METRIC. */
function orNaN(compute: () => number | Float64Array): number {
  try {
    return compute() as number;
  } catch (error) {
    if (isMultilabelError(error) && error.code === 'UNDEFINED_METRIC') return Number.NaN;
    throw error;
  }
}

function perLabel(compute: () => Float64Array | number, cols: number): number[] {
  try {
    const v = compute();
    return typeof v === 'number' ? [v] : Array.from(v);
  } catch (error) {
    if (isMultilabelError(error) && error.code === 'UNDEFINED_METRIC') {
      return Array<number>(cols).fill(Number.NaN);
    }
    throw error;
  }
}

/** Feeds the rows of `p` to accumulators by shard, then merges them in the given order. */
function streamed(
  p: MetricProblem,
  shardOf: number[],
  mergeOrder: number[],
  options: m.MultilabelMetricsOptions,
): m.MultilabelMetrics {
  const shards = mergeOrder.map(() => new m.MultilabelMetrics(options));
  for (let s = 0; s < shards.length; s++) {
    const rows = p.yTrue.map((_, i) => i).filter((i) => shardOf[i] === s);
    // Feed each shard in batches of at most two rows.
    for (let b = 0; b < rows.length; b += 2) {
      const batch = rows.slice(b, b + 2);
      shards[s].update(
        batch.map((i) => p.yTrue[i]),
        batch.map((i) => p.y[i]),
        p.sampleWeight === undefined
          ? {}
          : { sampleWeight: batch.map((i) => (p.sampleWeight as number[])[i]) },
      );
    }
  }
  const [first, ...rest] = mergeOrder.map((s) => shards[s]);
  for (const other of rest) first.merge(other);
  return first;
}

/** Whether the positive weights span less than 2^1000 (none counts as 0 against another). */
function alone(weights: number[] | undefined): boolean {
  const positive = (weights ?? []).filter((w) => w > 0);
  if (positive.length === 0) return true;
  return Math.min(...positive) / Math.max(...positive) >= 2 ** -1000;
}

/**
 * Every value of `result` (a stream with `beta: 2` and the default threshold) equals the array
 * function's on all the rows of `p` with `options`.
 */
function expectArrayValues(
  p: MetricProblem,
  result: m.MultilabelMetricsResult,
  options: { sampleWeight: number[] | undefined; ignoreIndex: number },
): void {
  const cols = p.yTrue[0].length;
  const yPred = p.y.map((row) => row.map((v) => (v >= 0.5 ? 1 : 0)));
  const check = (name: string, got: number, want: number) =>
    expect(close(got, want), `${name}: ${got} vs ${want}`).toBe(true);
  check(
    'hammingLoss',
    result.hammingLoss,
    orNaN(() => m.hammingLoss(p.yTrue, yPred, options)),
  );
  check(
    'subsetAccuracy',
    result.subsetAccuracy,
    orNaN(() => m.subsetAccuracy(p.yTrue, yPred, options)),
  );
  const counted = {
    precision: m.precisionScore,
    recall: m.recallScore,
    f1: m.f1Score,
    jaccard: m.jaccardScore,
    specificity: m.specificityScore,
    fbeta: (y: number[][], q: number[][], o: m.CountMetricOptions) =>
      m.fbetaScore(y, q, { ...o, beta: 2 }),
  } as const;
  for (const [name, fn] of Object.entries(counted)) {
    const values = result[name as keyof typeof counted];
    for (const average of ['micro', 'macro', 'weighted', 'samples'] as const) {
      check(
        `${name} ${average}`,
        values[average],
        orNaN(() => fn(p.yTrue, yPred, { ...options, average })),
      );
    }
    const want = perLabel(() => fn(p.yTrue, yPred, { ...options, average: 'none' }), cols);
    Array.from(values.perLabel).forEach((v, j) => {
      check(`${name}[${j}]`, v, want[j]);
    });
  }
  for (const average of ['micro', 'macro', 'weighted', 'samples'] as const) {
    check(
      `averagePrecision ${average}`,
      result.averagePrecision[average],
      orNaN(() => m.averagePrecisionScore(p.yTrue, p.y, { ...options, average })),
    );
  }
  for (const average of ['micro', 'macro', 'weighted'] as const) {
    check(
      `rocAuc ${average}`,
      result.rocAuc[average],
      orNaN(() => m.rocAucScore(p.yTrue, p.y, { ...options, average })),
    );
  }
  // Each label's value equals that label's value alone unless the weights span more than
  // 2^1074: the unit is then that of the whole matrix's largest weight, and a label whose
  // weights are all below 2^-1074 of it counts them as 0. Beyond a span of 2^1000 the values of
  // the whole matrix are compared instead (when every label's is defined: 'none' throws
  // otherwise).
  const whole = (score: typeof m.averagePrecisionScore) => {
    try {
      return score(p.yTrue, p.y, { ...options, average: 'none' }) as Float64Array;
    } catch {
      return undefined;
    }
  };
  const together = alone(options.sampleWeight)
    ? undefined
    : { ap: whole(m.averagePrecisionScore), roc: whole(m.rocAucScore) };
  for (let j = 0; j < cols; j++) {
    const column = (rows: number[][]) => rows.map((row) => [row[j]]);
    const ap = together
      ? together.ap?.[j]
      : orNaN(() => m.averagePrecisionScore(column(p.yTrue), column(p.y), options));
    const roc = together
      ? together.roc?.[j]
      : orNaN(() => m.rocAucScore(column(p.yTrue), column(p.y), options));
    if (ap !== undefined) check(`averagePrecision[${j}]`, result.averagePrecision.perLabel[j], ap);
    if (roc !== undefined) check(`rocAuc[${j}]`, result.rocAuc.perLabel[j], roc);
  }
  const perRow: [string, number, () => number][] = [
    [
      'lrap',
      result.labelRankingAveragePrecision,
      () => m.labelRankingAveragePrecision(p.yTrue, p.y, options),
    ],
    ['coverage', result.coverageError, () => m.coverageError(p.yTrue, p.y, options)],
    ['rankingLoss', result.labelRankingLoss, () => m.labelRankingLoss(p.yTrue, p.y, options)],
    ['oneError', result.oneError, () => m.oneError(p.yTrue, p.y, options)],
    ['ndcg', result.ndcg, () => m.ndcgScore(p.yTrue, p.y, options)],
  ];
  for (const [name, got, want] of perRow) check(name, got, orNaN(want));
}

/** A problem, the shard of each row, and the order in which the shards merge. */
interface Sharded {
  p: MetricProblem;
  shardOf: number[];
  mergeOrder: number[];
}

const shardedProblem = (options: {
  missing: boolean;
  weights: 'none' | 'fractional';
}): fc.Arbitrary<Sharded> =>
  metricProblem({
    minRows: 1,
    maxRows: 10,
    minCols: 1,
    maxCols: 4,
    second: 'scores',
    ties: true,
    ...options,
  }).chain((p) =>
    fc.record({
      p: fc.constant(p),
      shardOf: fc.array(fc.integer({ min: 0, max: 3 }), {
        minLength: p.yTrue.length,
        maxLength: p.yTrue.length,
      }),
      mergeOrder: fc.shuffledSubarray([0, 1, 2, 3], { minLength: 4 }),
    }),
  );

describe('MultilabelMetrics equals the array functions on all rows', () => {
  /** Streams `p` in shards and checks every value against the array functions. */
  const expectStreamEqualsArrays = ({ p, shardOf, mergeOrder }: Sharded): void => {
    let result: m.MultilabelMetricsResult;
    try {
      result = streamed(p, shardOf, mergeOrder, { ignoreIndex: -1, beta: 2 }).compute();
    } catch (error) {
      // Only possible when no row has a known label.
      expect(isMultilabelError(error) && error.code === 'EMPTY_INPUT').toBe(true);
      expect(p.yTrue.every((row) => row.every((t) => t === -1))).toBe(true);
      return;
    }
    expectArrayValues(p, result, { sampleWeight: p.sampleWeight, ignoreIndex: -1 });
    expect(result.errorBound).toBeUndefined();
  };

  test.prop([shardedProblem({ missing: true, weights: 'fractional' })], { numRuns: 150 })(
    'for every metric, in any partition into shards and any merge order',
    expectStreamEqualsArrays,
  );

  // Without weights AP and ROC AUC take the ranked path, each label ranked once for both.
  test.prop([shardedProblem({ missing: true, weights: 'none' })], { numRuns: 100 })(
    'for every metric, without sample weights',
    expectStreamEqualsArrays,
  );

  // Weights of any size, batch to batch: each row's weight is a small number times a factor
  // from 5e-324 to near the largest double, so sums overflow and products underflow unless the
  // state keeps them in one scaled unit, as the array functions do.
  const extremeWeights = shardedProblem({ missing: true, weights: 'fractional' }).chain((s) =>
    fc
      .array(fc.constantFrom(1, 1e300, 2 ** 1000, 1e-300, 2 ** -1060, 5e-324, 2 ** 1020), {
        minLength: s.p.yTrue.length,
        maxLength: s.p.yTrue.length,
      })
      .map((factors) => {
        const w = s.p.sampleWeight as number[];
        // Subnormal factors take whole weights, which they hold exactly.
        const scaled = w.map((v, i) => (factors[i] < 1e-300 ? Math.round(v) : v) * factors[i]);
        return { ...s, p: { ...s.p, sampleWeight: scaled } };
      }),
  );

  test.prop([extremeWeights], { numRuns: 100 })(
    'with weights from 5e-324 to 1e308 in one stream',
    expectStreamEqualsArrays,
  );

  it('keeps sums of weights near the largest double finite', () => {
    const { yTrue, yScore } = twoRows;
    const huge = new m.MultilabelMetrics();
    huge.update(yTrue, yScore, { sampleWeight: [1e308, 1e308] });
    huge.update(yTrue, yScore, { sampleWeight: [1e308, 1e308] });
    const plain = new m.MultilabelMetrics();
    plain.update(yTrue, yScore);
    plain.update(yTrue, yScore);
    const a = huge.compute();
    const b = plain.compute();
    for (const key of ['f1', 'precision', 'recall', 'averagePrecision', 'rocAuc'] as const) {
      for (const average of ['micro', 'macro', 'weighted'] as const) {
        expect(a[key][average], `${key} ${average}`).toBe(b[key][average]);
      }
    }
    expect(a.labelRankingAveragePrecision).toBe(b.labelRankingAveragePrecision);
    expect(a.ndcg).toBe(b.ndcg);
    expect(Number.isNaN(a.f1.micro)).toBe(false);
    // Binned: the histograms hold sums of weights too; merging shards of other units as well.
    const misranked = [
      [0.4, 0.2, 0.9],
      [0.8, 0.3, 0.7],
    ];
    // The first two weight vectors go to one accumulator (the second needs a larger unit), the
    // last two to another, merged into the first (which again needs a larger unit).
    const binned = (weights: number[][]) => {
      const batch = (metrics: m.MultilabelMetrics, w: number[]) =>
        metrics.update(
          [
            [1, 0, 1],
            [0, 1, 0],
          ],
          misranked,
          { sampleWeight: w },
        );
      const first = new m.MultilabelMetrics({ bins: 10 });
      const second = new m.MultilabelMetrics({ bins: 10 });
      batch(batch(first, weights[0]), weights[1]);
      batch(batch(second, weights[2]), weights[3]);
      return first.merge(second).compute();
    };
    const c = binned([
      [5e-324, 1e300],
      [1e306, 1e306],
      [1e308, 1e306],
      [3e307, 1e307],
    ]);
    // One batch of all rows, with the same weights over 1e308 (5e-324 / 1e308 is below the
    // smallest double): no change of unit.
    const d = new m.MultilabelMetrics({ bins: 10 })
      .update(
        Array.from({ length: 4 }, () => [
          [1, 0, 1],
          [0, 1, 0],
        ]).flat(),
        Array.from({ length: 4 }, () => misranked).flat(),
        { sampleWeight: [0, 1e-8, 0.01, 0.01, 1, 0.01, 0.3, 0.1] },
      )
      .compute();
    for (const key of ['averagePrecision', 'rocAuc'] as const) {
      for (const average of ['micro', 'macro', 'weighted'] as const) {
        const [got, want] = [c[key][average], d[key][average]];
        expect(want > 0 && want < 1, `binned ${key} ${average} is ${want}`).toBe(true);
        expect(close(got, want), `binned ${key} ${average}: ${got} vs ${want}`).toBe(true);
      }
    }
  });

  test.prop(
    [
      shardedProblem({ missing: false, weights: 'none' }),
      fc.constantFrom<m.ZeroDivision>(0, 1, 'nan'),
    ],
    { numRuns: 60 },
  )(
    'with every zeroDivision, logits and per-label thresholds',
    ({ p, shardOf, mergeOrder }, zeroDivision) => {
      const cols = p.yTrue[0].length;
      const threshold = Array.from({ length: cols }, (_, j) => 0.3 + 0.2 * j);
      const result = streamed(p, shardOf, mergeOrder, {
        fromLogits: true,
        threshold,
        zeroDivision,
      }).compute();
      const yPred = p.y.map((row) =>
        row.map((v, j) => (1 / (1 + Math.exp(-v)) >= threshold[j] ? 1 : 0)),
      );
      for (const average of ['micro', 'macro', 'weighted', 'samples'] as const) {
        const want = orNaN(() => m.f1Score(p.yTrue, yPred, { average, zeroDivision }));
        expect(
          close(result.f1[average], want),
          `f1 ${average}: ${result.f1[average]} vs ${want}`,
        ).toBe(true);
      }
      // Ranking metrics use the raw scores: the sigmoid does not change their order.
      expect(close(result.labelRankingLoss, m.labelRankingLoss(p.yTrue, p.y))).toBe(true);
    },
  );
});

describe('MultilabelMetrics with bins', () => {
  const probabilities = metricProblem({
    minRows: 2,
    maxRows: 30,
    minCols: 1,
    maxCols: 4,
    second: 'scores',
    weights: 'fractional',
  }).map((p) => ({ ...p, y: p.y.map((row) => row.map((v) => 1 / (1 + Math.exp(-v)))) }));

  test.prop([probabilities, fc.integer({ min: 2, max: 40 })], { numRuns: 150 })(
    'keeps AP and ROC AUC within the reported error bounds of the exact values',
    (p, bins) => {
      const binned = new m.MultilabelMetrics({ bins }).update(p.yTrue, p.y, {
        sampleWeight: p.sampleWeight,
      });
      const exact = new m.MultilabelMetrics().update(p.yTrue, p.y, {
        sampleWeight: p.sampleWeight,
      });
      let b: m.MultilabelMetricsResult;
      let e: m.MultilabelMetricsResult;
      try {
        b = binned.compute();
        e = exact.compute();
      } catch (error) {
        expect(isMultilabelError(error)).toBe(true);
        return;
      }
      const bound = b.errorBound as NonNullable<m.MultilabelMetricsResult['errorBound']>;
      const within = (name: string, binnedValue: number, exactValue: number, limit: number) => {
        if (Number.isNaN(exactValue) || Number.isNaN(binnedValue)) return;
        expect(
          Math.abs(binnedValue - exactValue),
          `${name}: |${binnedValue} - ${exactValue}| > ${limit}`,
        ).toBeLessThanOrEqual(limit + 1e-12);
      };
      for (const key of ['averagePrecision', 'rocAuc'] as const) {
        for (const average of ['micro', 'macro', 'weighted'] as const) {
          within(`${key} ${average}`, b[key][average], e[key][average], bound[key][average]);
        }
        b[key].perLabel.forEach((v, j) => {
          within(`${key}[${j}]`, v, e[key].perLabel[j], bound[key].perLabel[j]);
        });
      }
      // Everything else does not depend on the bins (a single column's samples AP is its AP).
      if (p.yTrue[0].length > 1) {
        expect(close(b.averagePrecision.samples, e.averagePrecision.samples)).toBe(true);
      } else {
        within(
          'samples',
          b.averagePrecision.samples,
          e.averagePrecision.samples,
          bound.averagePrecision.samples,
        );
      }
      expect(close(b.f1.macro, e.f1.macro)).toBe(true);
      expect(close(b.ndcg, e.ndcg)).toBe(true);
    },
  );

  it('is exact (bound 0) when every bin holds one class', () => {
    const metrics = new m.MultilabelMetrics({ bins: 10 });
    metrics.update([[1], [0], [1], [0]], [[0.95], [0.05], [0.75], [0.35]]);
    const result = metrics.compute();
    expect(result.averagePrecision.perLabel[0]).toBe(1);
    expect(result.rocAuc.perLabel[0]).toBe(1);
    expect(result.errorBound?.rocAuc.perLabel[0]).toBe(0);
    expect(result.errorBound?.averagePrecision.perLabel[0]).toBe(0);
  });

  it('merges histograms: shards give the one-shot binned values', () => {
    const yTrue = bitRows('10 01 11 00');
    const yScore = scoreRows('0.9 0.2, 0.3 0.8, 0.6 0.4, 0.1 0.5');
    const whole = new m.MultilabelMetrics({ bins: 5 }).update(yTrue, yScore).compute();
    const a = new m.MultilabelMetrics({ bins: 5 }).update(yTrue.slice(0, 1), yScore.slice(0, 1));
    const b = new m.MultilabelMetrics({ bins: 5 }).update(yTrue.slice(1), yScore.slice(1));
    const merged = a.merge(b).compute();
    expect(Array.from(merged.rocAuc.perLabel)).toEqual(Array.from(whole.rocAuc.perLabel));
    expect(merged.averagePrecision.macro).toBe(whole.averagePrecision.macro);
  });
});

describe('MultilabelMetrics state and errors', () => {
  it('reset forgets every row', () => {
    const metrics = new m.MultilabelMetrics().update([[1, 0]], [[0.9, 0.1]]);
    expect(metrics.compute().rows).toBe(1);
    metrics.reset();
    expect(thrownCode(() => metrics.compute())).toBe('EMPTY_INPUT');
    metrics.update([[0, 1, 1]], [[0.2, 0.7, 0.1]]);
    expect(metrics.compute().rows).toBe(1);
  });

  it('throws on bad options, mismatched batches, and incompatible merges', () => {
    expect(thrownCode(() => new m.MultilabelMetrics({ bins: 1 }))).toBe('INVALID_OPTION');
    expect(
      thrownCode(() => new m.MultilabelMetrics({ bin: 10 } as m.MultilabelMetricsOptions)),
    ).toBe('UNKNOWN_OPTION');
    expect(thrownCode(() => new m.MultilabelMetrics({ threshold: Number.NaN }))).toBe(
      'INVALID_OPTION',
    );
    expect(thrownCode(() => new m.MultilabelMetrics({ zeroDivision: 2 as 0 }))).toBe(
      'INVALID_OPTION',
    );
    const metrics = new m.MultilabelMetrics().update([[1, 0]], [[0.9, 0.1]]);
    expect(thrownCode(() => metrics.update([[1, 0, 1]], [[0.9, 0.1, 0.3]]))).toBe('SHAPE_MISMATCH');
    expect(thrownCode(() => metrics.update([[1, 0]], [[0.9, Number.NaN]]))).toBe(
      'NON_FINITE_VALUES',
    );
    expect(thrownCode(() => metrics.update([[1, 2]], [[0.9, 0.1]]))).toBe('NON_BINARY_LABELS');
    expect(thrownCode(() => metrics.merge(new m.MultilabelMetrics({ threshold: 0.3 })))).toBe(
      'INVALID_ARGUMENT',
    );
    expect(
      thrownCode(() => new m.MultilabelMetrics({ threshold: [0.5, 0.5] }).update([[1]], [[0.5]])),
    ).toBe('SHAPE_MISMATCH');
    expect(thrownCode(() => new m.MultilabelMetrics({ bins: 4 }).update([[1]], [[1.5]]))).toBe(
      'INVALID_ARGUMENT',
    );
    expect(
      thrownCode(() =>
        new m.MultilabelMetrics({ bins: 4, fromLogits: true }).update([[1]], [[1.5]]),
      ),
    ).toBeUndefined();
  });

  it('reports NaN where the array function throws, and keeps the other labels', () => {
    const metrics = new m.MultilabelMetrics().update(
      [
        [1, 1],
        [0, 1],
      ],
      [
        [0.9, 0.8],
        [0.2, 0.3],
      ],
    );
    const result = metrics.compute();
    expect(result.rocAuc.perLabel[0]).toBe(1);
    expect(Number.isNaN(result.rocAuc.perLabel[1])).toBe(true);
    expect(Number.isNaN(result.rocAuc.macro)).toBe(true);
    expect(() =>
      m.rocAucScore(
        [
          [1, 1],
          [0, 1],
        ],
        [
          [0.9, 0.8],
          [0.2, 0.3],
        ],
      ),
    ).toThrow(/label 1/);
  });
});

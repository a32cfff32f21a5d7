/**
 * TopKMetrics: batches fed one after another give topKReport's values on all rows bit for bit
 * (every input form, weights of any size, missing cells, propensities, label groups); shards
 * merged in any order, and states sent through JSON, give them up to float rounding; bad
 * options, batches and states throw MultilabelError naming the argument or field.
 */
import { test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { type SparseLabelMatrix, sparseLabelMatrix } from '../../src/core/sparse-label-matrix.js';
import { topKPredictions } from '../../src/core/top-k-predictions.js';
import { labelFrequencyGroups } from '../../src/metrics/label-frequency-groups.js';
import { TopKMetrics, type TopKMetricsJSON } from '../../src/metrics/top-k-metrics.js';
import { type TopKReport, topKReport } from '../../src/metrics/top-k-report.js';
import { bitRows, scoreRows } from '../bits.js';
import { fc, shape, toRows } from '../fc.js';
import { thrown } from '../thrown.js';
import { topKCells } from './top-k-cells.js';

/**
 * Factors that spread the weights of the batches over 2^1000: each term of each sum stays a
 * normal double in the common unit (weights further apart make some terms subnormal, where
 * moving a sum to another unit rounds; see the test of extreme weights below).
 */
const FACTORS = [1, 2 ** -500, 1e-150, 1e150, 2 ** 500];

const problem = shape({ maxRows: 14, maxCols: 9 }).chain(([rows, cols]) =>
  fc.record({
    ...topKCells(rows, cols),
    weights: fc.option(
      fc.array(fc.integer({ min: 0, max: 4 }), { minLength: rows, maxLength: rows }),
    ),
    // One factor per row: a batch's weights may need a larger (or smaller) unit than the last.
    factors: fc.array(fc.constantFrom(...FACTORS), { minLength: rows, maxLength: rows }),
    propensities: fc.option(
      fc.array(fc.double({ min: 0.05, max: 1, noNaN: true }), { minLength: cols, maxLength: cols }),
    ),
    groups: fc.option(fc.integer({ min: 1, max: 4 })),
    withMissing: fc.boolean(),
    // Where the rows are cut into batches (sorted, deduplicated), and each batch's shard.
    cuts: fc.array(fc.integer({ min: 0, max: rows }), { maxLength: 5 }),
    shards: fc.array(fc.integer({ min: 0, max: 2 }), { minLength: 6, maxLength: 6 }),
    form: fc.constantFrom('dense', 'sparse+top', 'dense+top'),
  }),
);

type Problem = typeof problem extends fc.Arbitrary<infer P> ? P : never;

/** The options, the labels (with -1 for missing cells), scores and weights of a problem. */
function prepare(p: Problem) {
  const { cols } = p.labels;
  const missing = p.withMissing && p.form === 'dense';
  const labels = toRows(p.labels).map((row, r) =>
    row.map((v, l) => (missing && toRows(p.missing)[r][l] === 1 ? -1 : v)),
  );
  const scores = toRows(p.scores);
  const weights =
    p.weights === null ? undefined : p.weights.map((w, r) => Math.round(w) * p.factors[r]);
  const options = {
    k: p.k,
    ...(p.propensities === null ? {} : { propensities: p.propensities }),
    ...(p.groups === null
      ? {}
      : {
          labelGroups: labelFrequencyGroups(
            labels.reduce(
              (a, row) => a.map((x, l) => x + (row[l] === 1 ? 1 : 0)),
              Array(cols).fill(0),
            ),
            Math.min(p.groups, cols),
          ),
        }),
    ...(missing ? { ignoreIndex: -1 } : {}),
  };
  const batches = [...new Set([0, ...p.cuts, labels.length])].sort((a, b) => a - b);
  const forms = (from: number, to: number) => {
    const y = labels.slice(from, to);
    const s = scores.slice(from, to);
    if (p.form === 'dense') return [y, s] as const;
    const top = topKPredictions(s, Math.min(cols, p.k + 1));
    if (p.form === 'dense+top') return [y, top] as const;
    const ids = y.map((row) => row.flatMap((v, l) => (v === 1 ? [l] : [])));
    return [sparseLabelMatrix(ids, cols) as SparseLabelMatrix, top] as const;
  };
  return { labels, scores, weights, options, batches, forms };
}

/** The report's numbers in one list, in a fixed order. */
function numbers(r: TopKReport): number[] {
  return [
    r.precision,
    r.recall,
    r.ndcg,
    r.propensityScoredPrecision ?? [],
    r.propensityScoredNdcg ?? [],
    r.byGroup?.precision ?? [],
    r.byGroup?.recall ?? [],
    r.byGroup?.ndcg ?? [],
    r.byGroup?.propensityScoredPrecision ?? [],
    r.byGroup?.propensityScoredNdcg ?? [],
  ].flatMap((a) => Array.from(a));
}

/** The outcome of a call: its numbers, or the code of the MultilabelError it threw. */
function outcome(run: () => TopKReport): number[] | string {
  try {
    return numbers(run());
  } catch (error) {
    return thrown(() => {
      throw error;
    }).code;
  }
}

/** Adds rows `from` to `to` of `p` to `metrics` as one batch. */
function feed(
  metrics: TopKMetrics,
  prepared: ReturnType<typeof prepare>,
  from: number,
  to: number,
) {
  if (to <= from) return metrics;
  const [y, s] = prepared.forms(from, to);
  const w = prepared.weights?.slice(from, to);
  return metrics.update(y, s, w === undefined ? {} : { sampleWeight: w });
}

describe('TopKMetrics', () => {
  test.prop([problem], { numRuns: 200 })(
    'gives topKReport on all rows, bit for bit, batch after batch',
    (p) => {
      const prepared = prepare(p);
      const { labels, scores, weights, options, batches } = prepared;
      const [y, s] = prepared.forms(0, labels.length);
      const once = outcome(() =>
        topKReport(y, s, {
          ...options,
          ...(weights === undefined ? {} : { sampleWeight: weights }),
        }),
      );
      const stream = new TopKMetrics(options);
      for (let b = 0; b + 1 < batches.length; b++)
        feed(stream, prepared, batches[b], batches[b + 1]);
      expect(outcome(() => stream.compute())).toEqual(once);
      expect(scores.length).toBe(labels.length);
    },
  );

  test.prop([problem], { numRuns: 200 })(
    'gives it up to rounding from shards merged in any order, through JSON too',
    (p) => {
      const prepared = prepare(p);
      const { labels, weights, options, batches } = prepared;
      const [y, s] = prepared.forms(0, labels.length);
      const once = outcome(() =>
        topKReport(y, s, {
          ...options,
          ...(weights === undefined ? {} : { sampleWeight: weights }),
        }),
      );
      const shards = [0, 1, 2].map(() => new TopKMetrics(options));
      for (let b = 0; b + 1 < batches.length; b++) {
        feed(shards[p.shards[b]], prepared, batches[b], batches[b + 1]);
      }
      const [first, second, third] = shards;
      const sent = TopKMetrics.fromJSON(JSON.stringify(second));
      const merged = TopKMetrics.fromJSON(third.toJSON()).merge(first).merge(sent);
      const got = outcome(() => merged.compute());
      if (typeof once === 'string' || typeof got === 'string') {
        expect(got).toEqual(once);
        return;
      }
      expect(got.length).toBe(once.length);
      got.forEach((v, i) => {
        expect(Math.abs(v - once[i]), `value ${i}: ${v} vs ${once[i]}`).toBeLessThanOrEqual(
          1e-12 * Math.max(1, Math.abs(once[i])),
        );
      });
      // The JSON of a state reads back to the same state.
      expect(TopKMetrics.fromJSON(JSON.stringify(merged)).toJSON()).toEqual(merged.toJSON());
    },
  );

  it('values of a small stream, worked by hand', () => {
    // Row 1: true {0, 2}, top-2 [0, 2]: P@1 = 1, P@2 = 1. Row 2: true {1}, top-2 [3, 1]: P@1 = 0,
    // P@2 = 1/2. Weights 1 and 3: P@1 = 1/4, P@2 = (1 + 3/2) / 4 = 5/8.
    const metrics = new TopKMetrics({ k: 2 })
      .update([[1, 0, 1, 0]], [[0.9, 0.1, 0.8, 0.3]], { sampleWeight: [2 ** -1000] })
      .update([[0, 1, 0, 0]], [[0.2, 0.4, 0.1, 0.7]], { sampleWeight: [3 * 2 ** -1000] });
    const r = metrics.compute();
    expect(Array.from(r.precision)).toEqual([0.25, 0.625]);
    // R@1: row 1 finds 1 of its 2 labels, row 2 none; R@2: row 1 finds 2 of 2, row 2 1 of 1.
    expect(Array.from(r.recall)).toEqual([0.125, 1]);
    // nDCG@2 of row 2: its hit at rank 2 scores 1/log2(3) over the ideal 1.
    expect(r.ndcg[1]).toBeCloseTo((1 + 3 / Math.log2(3)) / 4, 15);
    expect(metrics.reset().toJSON().sums).toBeNull();
  });

  it('takes the number of labels from the options or the first batch', () => {
    const metrics = new TopKMetrics({ k: 1 }).update([[1, 0]], [[0.9, 0.1]]);
    const wider = thrown(() => metrics.update([[1, 0, 0]], [[0.9, 0.1, 0]]));
    expect(wider.code).toBe('SHAPE_MISMATCH');
    expect(wider.message).toContain('3 labels, but the earlier batches have 2');
    const fixed = new TopKMetrics({ k: 1, propensities: [0.5, 0.5, 1] });
    expect(thrown(() => fixed.update([[1, 0]], [[0.9, 0.1]])).message).toContain(
      'the options (`propensities` or `labelGroups`) have 3',
    );
    expect(thrown(() => new TopKMetrics({ k: 3 }).update([[1, 0]], [[0.9, 0.1]])).message).toMatch(
      /^`k` must be an integer >= 1 and <= 2/,
    );
    expect(
      thrown(() =>
        new TopKMetrics({ k: 1 })
          .merge(new TopKMetrics({ k: 1 }).update([[1]], [[1]]))
          .merge(metrics),
      ).code,
    ).toBe('SHAPE_MISMATCH');
  });

  it('refuses bad options, batches and merges', () => {
    const cases: [() => unknown, string, RegExp][] = [
      [() => new TopKMetrics({ k: 0 }), 'INVALID_OPTION', /`k`/],
      [() => new TopKMetrics({} as never), 'INVALID_OPTION', /`k`/],
      [
        () => new TopKMetrics({ k: 1, sampleWeight: [1] } as never),
        'UNKNOWN_OPTION',
        /sampleWeight/,
      ],
      [() => new TopKMetrics({ k: 1, normalize: false }), 'INVALID_OPTION', /`normalize`/],
      [
        () => new TopKMetrics({ k: 1, propensities: [0.5, 0] }),
        'INVALID_OPTION',
        /propensities\[1\]/,
      ],
      [
        () => new TopKMetrics({ k: 1, propensities: 0.5 as never }),
        'INVALID_OPTION',
        /`propensities` must be an array/,
      ],
      [
        () => new TopKMetrics({ k: 1, propensities: [0.5, 1], labelGroups: [0, 1, 2] }),
        'INVALID_OPTION',
        /labelGroups/,
      ],
      [() => new TopKMetrics({ k: 1, ignoreIndex: 0.5 }), 'INVALID_OPTION', /ignoreIndex/],
      [
        () => new TopKMetrics({ k: 1 }).update([[1, 0]], [[0.5, Number.NaN]]),
        'NON_FINITE_VALUES',
        /yScore/,
      ],
      [
        () => new TopKMetrics({ k: 1 }).update([[2, 0]], [[0.5, 0.1]]),
        'NON_BINARY_LABELS',
        /yTrue/,
      ],
      [
        () => new TopKMetrics({ k: 1 }).update([[1, 0]], [[0.5, 0.1]], { weights: [1] } as never),
        'UNKNOWN_OPTION',
        /weights/,
      ],
      [
        () => new TopKMetrics({ k: 2 }).update([[1, 0, 0]], topKPredictions([[0.5, 0.1, 0]], 1)),
        'INVALID_OPTION',
        /`yScore` lists only its 1 best/,
      ],
      [() => new TopKMetrics({ k: 1 }).compute(), 'EMPTY_INPUT', /update\(\)/],
      [
        () =>
          new TopKMetrics({ k: 1 }).update([[1, 0]], [[0.5, 0.1]], { sampleWeight: [0] }).compute(),
        'UNDEFINED_METRIC',
        /positive `sampleWeight`/,
      ],
      [
        () => new TopKMetrics({ k: 1 }).merge(new TopKMetrics({ k: 2 })),
        'INVALID_ARGUMENT',
        /different options/,
      ],
      [
        () => new TopKMetrics({ k: 1 }).merge({} as never),
        'INVALID_ARGUMENT',
        /must be a TopKMetrics/,
      ],
    ];
    for (const [run, code, message] of cases) {
      const error = thrown(run);
      expect(error.code, String(run)).toBe(code);
      expect(error.message, String(run)).toMatch(message);
    }
  });

  it('reads only states that are whole and consistent', () => {
    const metrics = new TopKMetrics({ k: 2, propensities: [0.5, 1, 0.25], labelGroups: [0, 1, 1] })
      .update([[1, 0, 1]], [[0.9, 0.8, 0.1]], { sampleWeight: [2] })
      .update([[0, 1, 0]], [[0.3, 0.8, 0.1]]);
    const json = metrics.toJSON();
    expect(numbers(TopKMetrics.fromJSON(json).compute())).toEqual(numbers(metrics.compute()));
    const tamper = (change: (j: TopKMetricsJSON & Record<string, unknown>) => unknown) => {
      const copy = JSON.parse(JSON.stringify(json));
      change(copy);
      return thrown(() => TopKMetrics.fromJSON(copy));
    };
    const sums = (j: TopKMetricsJSON) => j.sums as NonNullable<TopKMetricsJSON['sums']>;
    const cases: [(j: TopKMetricsJSON & Record<string, unknown>) => unknown, string, RegExp][] = [
      [
        (j) => Object.assign(j, { format: 'tfjs-multilabel.MultilabelMetrics' }),
        'INVALID_ARGUMENT',
        /`json.format`/,
      ],
      [(j) => Object.assign(j, { version: 2 }), 'INVALID_ARGUMENT', /newer release/],
      [(j) => Object.assign(j, { extra: 1 }), 'INVALID_ARGUMENT', /unknown field `extra`/],
      [(j) => Object.assign(j.options, { k: 0 }), 'INVALID_OPTION', /^`json.options.k`/],
      [(j) => Object.assign(j, { labels: 4 }), 'INVALID_ARGUMENT', /`json.labels` is 4/],
      [(j) => Object.assign(j, { sums: null }), 'INVALID_ARGUMENT', /must all be null/],
      [(j) => sums(j).precision.push(0), 'INVALID_SHAPE', /`json.sums.precision` has 3 values/],
      [
        (j) => Object.assign(sums(j), { total: Number.NaN }),
        'NON_FINITE_VALUES',
        /json.sums.total/,
      ],
      [(j) => Object.assign(sums(j), { total: -1 }), 'INVALID_ARGUMENT', /json.sums.total/],
      [(j) => Object.assign(sums(j), { total: 0.1 }), 'INVALID_ARGUMENT', /contradicts itself/],
      [
        (j) => Object.assign(sums(j), { propensityScoredNdcg: null }),
        'INVALID_ARGUMENT',
        /must be present/,
      ],
      [(j) => Object.assign(sums(j), { byGroup: null }), 'INVALID_ARGUMENT', /json.sums.byGroup/],
      [
        (j) => sums(j).propensityScoredPrecision?.sum.splice(0, 1, 1e6),
        'INVALID_ARGUMENT',
        /contradicts itself/,
      ],
      [(j) => Object.assign(j, { weightExponent: null }), 'INVALID_ARGUMENT', /has a unit/],
      [(j) => Object.assign(j, { weightExponent: 0.5 }), 'INVALID_ARGUMENT', /weightExponent/],
    ];
    for (const [change, code, message] of cases) {
      const error = tamper(change);
      expect(error.code, String(change)).toBe(code);
      expect(error.message, String(change)).toMatch(message);
    }
    expect(thrown(() => TopKMetrics.fromJSON('{')).code).toBe('PARSE_ERROR');
    expect(thrown(() => TopKMetrics.fromJSON(null)).code).toBe('INVALID_ARGUMENT');
  });

  it('keeps sums near the largest double finite, and weights of 5e-324 apart from 0', () => {
    const y = bitRows('101 010');
    const s = scoreRows('0.9 0.8 0.1, 0.3 0.8 0.1');
    const plain = numbers(new TopKMetrics({ k: 2 }).update(y, s).update(y, s).compute());
    for (const w of [1e308, Number.MAX_VALUE, 5e-324]) {
      const metrics = new TopKMetrics({ k: 2 })
        .update(y, s, { sampleWeight: [w, w] })
        .update(y, s, { sampleWeight: [w, w] });
      expect(numbers(metrics.compute()), String(w)).toEqual(plain);
    }
  });
});

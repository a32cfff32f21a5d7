/**
 * bootstrapInterval and pairedBootstrap: the counted resamples of the count metrics equal the
 * metrics on the reweighted rows; the counted and the weighted paths give the same intervals;
 * per-label intervals equal the intervals of each label alone; the pairing's symmetries; the
 * resamples replayed from the seed; and the errors of bad input. (The arithmetic of the bounds
 * is checked against SciPy in bootstrap-bounds.test.ts; coverage in bench/bootstrap.ts.)
 */
import { test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { SeededRandom } from '../../src/core/random.js';
import * as m from '../../src/metrics/index.js';
import { ResampledCounts } from '../../src/metrics/resampled-counts.js';
import { bitRows } from '../bits.js';
import { fc, metricProblem } from '../fc.js';
import { thrown } from '../thrown.js';
import { LABELS, MODEL_A, MODEL_B } from './bootstrap-data.js';

type Rows = number[][];
type CountMetric = (yTrue: Rows, yPred: Rows, options: object) => number | Float64Array;

const COUNTED: [string, CountMetric, object][] = [
  ['f1Score', m.f1Score as CountMetric, {}],
  ['fbetaScore', m.fbetaScore as CountMetric, { beta: 2 }],
  ['precisionScore', m.precisionScore as CountMetric, {}],
  ['recallScore', m.recallScore as CountMetric, {}],
  ['jaccardScore', m.jaccardScore as CountMetric, {}],
  ['specificityScore', m.specificityScore as CountMetric, {}],
  ['hammingLoss', m.hammingLoss as CountMetric, {}],
];
const AVERAGES = ['micro', 'macro', 'weighted', 'samples', 'none'] as const;

/** The value of a call, or the code it throws. */
function outcome(fn: () => number | Float64Array): number[] | string {
  try {
    const v = fn();
    return typeof v === 'number' ? [v] : Array.from(v);
  } catch (error) {
    return (error as { code: string }).code;
  }
}

function expectSameOutcome(got: number[] | string, want: number[] | string): void {
  if (typeof want === 'string' || typeof got === 'string') {
    expect(got).toEqual(want);
    return;
  }
  expect(got.length).toBe(want.length);
  got.forEach((g, i) => {
    if (Number.isNaN(want[i])) expect(g).toBeNaN();
    else expect(Math.abs(g - want[i])).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(want[i])));
  });
}

/** The metric's options of a case: the extra ones, the marker, and `average` where it has one. */
function optionsFor(metric: CountMetric, extra: object, average: string): object {
  return {
    ...extra,
    ignoreIndex: -1,
    ...(metric === (m.hammingLoss as CountMetric) ? {} : { average }),
  };
}

/** A count metric's problem with its missing cells and weights, paired with `more` of its rows. */
function countProblem<T>(
  weights: 'fractional' | 'integer',
  more: (rows: number) => fc.Arbitrary<T>,
) {
  return metricProblem({ second: 'predictions', missing: true, weights, maxRows: 12 }).chain((p) =>
    fc.record({ p: fc.constant(p), more: more(p.yTrue.length) }),
  );
}

const multiplicities = (rows: number) =>
  fc.array(fc.integer({ min: 0, max: 3 }), { minLength: rows, maxLength: rows });

describe('counted resamples of the count metrics', () => {
  test.prop([
    countProblem('fractional', multiplicities),
    fc.constantFrom(...COUNTED),
    fc.constantFrom(...AVERAGES),
  ])(
    'equal the metric with sampleWeight = multiplicity x weight',
    ({ p, more: counts }, [, metric, extra], average) => {
      const options = optionsFor(metric, extra, average);
      const given = p.sampleWeight ?? counts.map(() => 1);
      const counted = ResampledCounts.read(p.yTrue, p.y, {
        ...options,
        sampleWeight: p.sampleWeight,
      });
      const resampled = counted.resampled(Float64Array.from(counts));
      const got = outcome(() => metric(resampled as never, resampled as never, options));
      const want = outcome(() =>
        metric(p.yTrue, p.y, { ...options, sampleWeight: counts.map((c, i) => c * given[i]) }),
      );
      expectSameOutcome(got, want);
    },
  );

  it('keep a label without true negatives at 0/0, whatever the rounding of the weights', () => {
    // The resample draws rows 3 and 4 only, both true: no negative is left, so specificity is
    // 0/0 (zeroDivision 0); the weights' sums leave a rounding residue where the tn are.
    const yTrue = [[-1], [-1], [0], [1], [1], [0], [0]];
    const yPred = [[0], [0], [0], [0], [1], [0], [0]];
    const sampleWeight = [0.1, 0.1, 0, 0.14437713309549438, 0.8652323163061083, 0.1, 0];
    const counted = ResampledCounts.read(yTrue, yPred, { ignoreIndex: -1, sampleWeight });
    const inputs = counted.resampled(Float64Array.from([0, 0, 0, 2, 2, 0, 0]));
    expect(m.specificityScore(inputs as never, inputs as never, { average: 'micro' })).toBe(0);
  });

  test.prop([
    countProblem('integer', (rows) =>
      fc.uniqueArray(fc.integer({ min: 0, max: rows - 1 }), { maxLength: rows }),
    ),
    fc.constantFrom(...COUNTED),
    fc.constantFrom(...AVERAGES),
  ])(
    'without some rows, equal the metric on the rows left',
    ({ p, more: left }, [, metric, extra], average) => {
      const options = optionsFor(metric, extra, average);
      const counted = ResampledCounts.read(p.yTrue, p.y, {
        ...options,
        sampleWeight: p.sampleWeight,
      });
      const inputs = counted.without(left);
      const keep = p.yTrue.map((_, r) => !left.includes(r));
      const pick = <T>(rows: T[]) => rows.filter((_, r) => keep[r]);
      const got = outcome(() => metric(inputs as never, inputs as never, options));
      // With no row left, the jackknife's value is the metric with every weight 0.
      const want = keep.some(Boolean)
        ? outcome(() =>
            metric(pick(p.yTrue), pick(p.y), {
              ...options,
              sampleWeight: p.sampleWeight === undefined ? undefined : pick(p.sampleWeight),
            }),
          )
        : outcome(() => metric(p.yTrue, p.y, { ...options, sampleWeight: p.yTrue.map(() => 0) }));
      expectSameOutcome(got, want);
    },
  );

  test.prop([metricProblem({ second: 'predictions', maxRows: 10 }), fc.constantFrom(...AVERAGES)])(
    'read from CSR equal those read from dense rows',
    (p, average) => {
      const csr = (rows: Rows) =>
        m.sparseLabelMatrix(
          rows.map((row) => row.flatMap((v, j) => (v === 1 ? [j] : []))),
          row0Length(rows),
        );
      const counts = Float64Array.from(p.yTrue, (_, r) => (r * 7) % 3);
      const dense = ResampledCounts.read(p.yTrue, p.y, {}).resampled(counts);
      const sparse = ResampledCounts.read(csr(p.yTrue), csr(p.y), {}).resampled(counts);
      expectSameOutcome(
        outcome(() => m.f1Score(sparse as never, sparse as never, { average })),
        outcome(() => m.f1Score(dense as never, dense as never, { average })),
      );
    },
  );
});

function row0Length(rows: Rows): number {
  return rows[0].length;
}

describe('bootstrapInterval', () => {
  test.prop(
    [
      metricProblem({
        second: 'predictions',
        missing: true,
        weights: 'integer',
        minRows: 2,
        maxRows: 15,
      }),
      fc.constantFrom(...COUNTED),
      fc.constantFrom('micro', 'macro', 'none'),
      fc.constantFrom<'bca' | 'percentile'>('bca', 'percentile'),
      fc.nat(1000),
    ],
    { numRuns: 40 },
  )(
    'a count metric counted from its cells equals the same metric called with weights',
    (p, [, metric, extra], average, method, seed) => {
      const metricOptions = { ...optionsFor(metric, extra, average), sampleWeight: p.sampleWeight };
      const options = { metricOptions, nResamples: 60, method, seed };
      const wrapped: CountMetric = (t, y, o) => metric(t, y, o);
      const run = (f: CountMetric) => {
        try {
          return m.bootstrapInterval(f, p.yTrue, p.y, options);
        } catch (error) {
          return (error as { code: string }).code;
        }
      };
      const counted = run(metric);
      const weighted = run(wrapped);
      if (typeof weighted === 'string' || typeof counted === 'string') {
        expect(counted).toEqual(weighted);
        return;
      }
      for (const key of [
        'estimate',
        'low',
        'high',
        'standardError',
        'undefinedResamples',
      ] as const) {
        const flat = (v: number | Float64Array) => (typeof v === 'number' ? [v] : Array.from(v));
        expectSameOutcome(flat(counted[key]), flat(weighted[key]));
      }
    },
  );

  test.prop(
    [
      metricProblem({ second: 'scores', minRows: 3, maxRows: 20, minCols: 2, maxCols: 4 }),
      fc.constantFrom<'bca' | 'percentile'>('bca', 'percentile'),
    ],
    { numRuns: 30 },
  )('per-label intervals equal the interval of each label alone', (p, method) => {
    const options = { nResamples: 50, method, seed: 3 };
    const labelOf = (k: number) => (t: Rows, s: Rows, o: { sampleWeight?: ArrayLike<number> }) =>
      m.averagePrecisionScore(t, s, { average: 'none', sampleWeight: o.sampleWeight })[k];
    const all = m.bootstrapInterval(m.averagePrecisionScore, p.yTrue, p.y, {
      ...options,
      metricOptions: { average: 'none' },
    });
    for (let k = 0; k < p.yTrue[0].length; k++) {
      const one = m.bootstrapInterval(labelOf(k), p.yTrue, p.y, options);
      expect([all.low[k], all.high[k], all.standardError[k]]).toEqual([
        one.low,
        one.high,
        one.standardError,
      ]);
    }
  });

  it('replays its resamples from the seed: undefined resamples are those that miss the one positive', () => {
    // Label 1 has one positive (row 0): ROC AUC is undefined on exactly the resamples without it.
    const yTrue = bitRows('11 00 10 00 10 00 10 00');
    const yScore = yTrue.map((row, r) => [row[0] * 0.5 + r / 20, (r % 3) / 3]);
    const nResamples = 300;
    const result = m.bootstrapInterval(m.rocAucScore, yTrue, yScore, {
      metricOptions: { average: 'macro' },
      nResamples,
      method: 'percentile',
      seed: 11,
    });
    const random = new SeededRandom(11);
    let missing = 0;
    for (let b = 0; b < nResamples; b++) {
      let drawn = false;
      for (let i = 0; i < yTrue.length; i++) if (random.nextInt(yTrue.length) === 0) drawn = true;
      if (!drawn) missing++;
    }
    expect(missing).toBeGreaterThan(0);
    expect(result.undefinedResamples).toBe(missing);
  });

  it('is reproducible with a seed and changes with it', () => {
    const [yTrue, yPred] = [LABELS, MODEL_A];
    const run = (seed: number) =>
      m.bootstrapInterval(m.f1Score, yTrue, yPred, { metricOptions: { average: 'micro' }, seed });
    expect(run(5)).toEqual(run(5));
    expect(run(5).standardError).not.toBe(run(6).standardError);
  });

  it('gives the interval of a constant metric as that constant', () => {
    const yTrue = bitRows('10 01 11');
    const r = m.bootstrapInterval(m.f1Score, yTrue, yTrue, { metricOptions: { average: 'micro' } });
    expect([r.estimate, r.low, r.high, r.standardError]).toEqual([1, 1, 1, 0]);
  });
});

describe('pairedBootstrap', () => {
  const [yTrue, predA, predB] = [LABELS, MODEL_A, MODEL_B];

  it('finds no difference between a model and itself', () => {
    const r = m.pairedBootstrap(m.f1Score, yTrue, predA, predA, {
      metricOptions: { average: 'macro' },
    });
    expect([r.difference, r.low, r.high, r.standardError, r.pValue]).toEqual([0, 0, 0, 0, 1]);
  });

  test.prop([fc.constantFrom<'bca' | 'percentile'>('bca', 'percentile'), fc.nat(100)], {
    numRuns: 10,
  })('swapping the models negates the difference and mirrors its interval', (method, seed) => {
    const options = { metricOptions: { average: 'micro' as const }, method, seed, nResamples: 400 };
    const ab = m.pairedBootstrap(m.f1Score, yTrue, predA, predB, options);
    const ba = m.pairedBootstrap(m.f1Score, yTrue, predB, predA, options);
    expect(ba.difference).toBeCloseTo(-ab.difference, 14);
    expect(ba.low).toBeCloseTo(-ab.high, 12);
    expect(ba.high).toBeCloseTo(-ab.low, 12);
    expect(ba.pValue).toBeCloseTo(ab.pValue, 12);
    expect(ab.difference).toBeCloseTo(ab.estimateB - ab.estimateA, 14);
  });

  it('per label, equals each label alone', () => {
    const options = { metricOptions: { average: 'none' as const }, nResamples: 200, seed: 9 };
    const all = m.pairedBootstrap(m.recallScore, yTrue, predA, predB, options);
    for (let k = 0; k < 3; k++) {
      const one = m.pairedBootstrap(
        (t: Rows, p: Rows, o: { sampleWeight?: ArrayLike<number> }) =>
          m.recallScore(t, p, { average: 'none', sampleWeight: o.sampleWeight })[k],
        yTrue,
        predA,
        predB,
        { nResamples: 200, seed: 9 },
      );
      expect([all.low[k], all.high[k], all.pValue[k]]).toEqual([one.low, one.high, one.pValue]);
    }
  });

  it('refuses metrics of different kinds for the two models', () => {
    const metric = (t: Rows, p: Rows, o: { sampleWeight?: ArrayLike<number> }) =>
      p === predA
        ? m.f1Score(t, p, { ...o, average: 'micro' })
        : m.f1Score(t, p, { ...o, average: 'none' });
    expect(thrown(() => m.pairedBootstrap(metric, yTrue, predA, predB)).code).toBe(
      'INVALID_ARGUMENT',
    );
  });
});

describe('bad input', () => {
  const yTrue = bitRows('10 01 11');
  const yPred = bitRows('10 00 11');
  it.each([
    [{ nResamples: 1 }, 'INVALID_OPTION', '`nResamples`'],
    [{ nResamples: 10.5 }, 'INVALID_OPTION', '`nResamples`'],
    [{ confidence: 1 }, 'INVALID_OPTION', '`confidence`'],
    [{ confidence: Number.NaN }, 'INVALID_OPTION', '`confidence`'],
    [{ method: 'normal' }, 'INVALID_OPTION', 'method'],
    [{ seed: -1 }, 'INVALID_OPTION', '`seed`'],
    [{ metricOptions: 'micro' }, 'INVALID_OPTION', '`metricOptions`'],
    [{ nResample: 100 }, 'UNKNOWN_OPTION', 'nResample'],
  ])('options %j throw %s naming %s', (options, code, name) => {
    const error = thrown(() => m.bootstrapInterval(m.f1Score, yTrue, yPred, options as never));
    expect(error.code).toBe(code);
    expect(error.message).toContain(name);
  });

  it('names the metric when it is not a function, returns an object, or takes no sampleWeight', () => {
    expect(thrown(() => m.bootstrapInterval('f1Score' as never, yTrue, yPred)).message).toContain(
      '`metric`',
    );
    const report = (t: Rows, p: Rows) => m.classificationReport(t, p) as never;
    expect(thrown(() => m.bootstrapInterval(report, yTrue, yPred)).message).toContain(
      'must return a number',
    );
    const strict = (t: Rows, p: Rows, o: object) =>
      m.hammingLoss(t, p, { ...o, sampleWeight: undefined, extra: 1 } as never);
    const error = thrown(() =>
      m.bootstrapInterval(
        (t: Rows, p: Rows, o: object) => ('sampleWeight' in o ? strict(t, p, o) : 0),
        yTrue,
        yPred,
      ),
    );
    expect(error.code).toBe('INVALID_ARGUMENT');
    expect(error.message).toContain('must take a `sampleWeight`');
  });

  it('passes on what the metric throws on the data, and throws when no resample is defined', () => {
    expect(thrown(() => m.bootstrapInterval(m.f1Score, yTrue, [[1, 0]])).code).toBe(
      'SHAPE_MISMATCH',
    );
    const undefinedMetric = (_t: Rows, _p: Rows, o: { sampleWeight?: ArrayLike<number> }) =>
      o.sampleWeight === undefined ? 0.5 : Number.NaN;
    const error = thrown(() =>
      m.bootstrapInterval(undefinedMetric, yTrue, yPred, { nResamples: 10 }),
    );
    expect(error.code).toBe('UNDEFINED_METRIC');
    expect(error.message).toContain('10 of 10 resamples');
  });
});

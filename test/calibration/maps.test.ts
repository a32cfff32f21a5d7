/**
 * isotonicCalibration and plattScaling against scikit-learn 1.2.1 on
 * test/fixtures/calibration-maps-golden.json (made by scripts/fixtures/calibration_maps_golden.py),
 * properties (monotone maps, bounds, row order, weights as repetition), the serial form, and the
 * errors of bad input.
 */
import { test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import * as c from '../../src/calibration/index.js';
import { bitRows, scoreRows } from '../bits.js';
import { fc, matrixOf, shape, toRows } from '../fc.js';
import { type Golden, itUsesScikitLearn12, numbered, readGolden } from '../golden.js';
import { thrown } from '../thrown.js';

interface LabelGolden {
  isotonic: { xThresholds: number[]; yThresholds: number[]; predict: number[] };
  platt: {
    a: number;
    b: number;
    predict: number[];
    loss: number;
    gradient: number;
    exact: { a: number; b: number; predict: number[] };
  };
}
interface Case {
  yTrue: number[][];
  yScore: number[][];
  sampleWeight: number[] | null;
  queries: number[];
  labels: LabelGolden[];
}

const fixture = readGolden<Golden<Case>>('calibration-maps-golden.json');

function expectClose(got: ArrayLike<number>, want: readonly number[], tol: number, what: string) {
  expect(got.length, what).toBe(want.length);
  for (let i = 0; i < want.length; i++) {
    const ok = Math.abs(got[i] - want[i]) <= tol * Math.max(1, Math.abs(want[i]));
    expect(ok, `${what}[${i}]: ${got[i]} vs ${want[i]}`).toBe(true);
  }
}

/** The two calibrators give the same probabilities to 1e-9 (relative) on the queries. */
function expectSameProbabilities(
  a: c.Calibrator,
  b: c.Calibrator,
  queries: number[][],
  what: string,
): void {
  expectClose(a.transform(queries).data, Array.from(b.transform(queries).data), 1e-9, what);
}

/** The queries of a case as a one-label-at-a-time score matrix for label `j` of `cols`. */
function queriesFor(queries: number[], j: number, cols: number): number[][] {
  return queries.map((q) => Array.from({ length: cols }, (_, k) => (k === j ? q : 0)));
}

function column(p: c.CalibratedProbabilities, j: number): number[] {
  const [rows, cols] = p.shape;
  return Array.from({ length: rows }, (_, r) => p.data[r * cols + j]);
}

const optionsOf = (g: Case): c.CalibrationOptions => ({
  ignoreIndex: -1,
  ...(g.sampleWeight === null ? {} : { sampleWeight: g.sampleWeight }),
});

/**
 * The case fitted by `method`; `check` gets each label's map, its golden values, its index and
 * the map's probabilities for the case's queries.
 */
function eachLabel<M extends 'isotonic' | 'platt'>(
  g: Case,
  method: M,
  check: (
    map: Extract<c.LabelCalibration, { method: M }>,
    want: LabelGolden,
    j: number,
    predict: number[],
  ) => void,
): void {
  const calibrate = method === 'isotonic' ? c.isotonicCalibration : c.plattScaling;
  const calibrator = calibrate(g.yTrue, g.yScore, optionsOf(g));
  const cols = g.labels.length;
  g.labels.forEach((want, j) => {
    const map = calibrator.labels[j];
    if (map.method !== method) throw new Error(`not ${method}`);
    const predict = column(calibrator.transform(queriesFor(g.queries, j, cols)), j);
    check(map as Extract<c.LabelCalibration, { method: M }>, want, j, predict);
  });
}

let agreeing = 0;
let apart = 0;

describe('against scikit-learn 1.2.1', () => {
  itUsesScikitLearn12(fixture, 40);

  it.each(numbered(fixture.cases))(
    'case %i: isotonicCalibration equals IsotonicRegression(out_of_bounds="clip") to 1e-9',
    (_i, g) => {
      eachLabel(g, 'isotonic', (map, want, j, p) => {
        expectClose(map.xThresholds, want.isotonic.xThresholds, 0, `x of label ${j}`);
        expectClose(map.yThresholds, want.isotonic.yThresholds, 1e-9, `y of label ${j}`);
        expectClose(p, want.isotonic.predict, 1e-9, `predict of label ${j}`);
      });
    },
  );

  it.each(numbered(fixture.cases))(
    "case %i: plattScaling reaches the minimum of _sigmoid_calibration's objective (1e-9), equal to scikit-learn's (a, b) to 1e-6 where its BFGS got that close",
    (_i, g) => {
      eachLabel(g, 'platt', (map, want, j, p) => {
        expectClose(p, want.platt.exact.predict, 1e-9, `exact predict of label ${j}`);
        expectClose([map.a, map.b], [want.platt.exact.a, want.platt.exact.b], 1e-8, `a, b of ${j}`);
        // scikit-learn's BFGS stops at a gradient of 1e-5: where that point is within 1e-6 of
        // the minimum (in probability), the two agree to 1e-6; elsewhere ours is no worse.
        const bfgsGap = Math.max(
          ...want.platt.predict.map((v, i) => Math.abs(v - want.platt.exact.predict[i])),
        );
        if (bfgsGap <= 5e-7) {
          agreeing++;
          expectClose(p, want.platt.predict, 1e-6, `predict of label ${j}`);
        } else {
          apart++;
          expect(want.platt.gradient).toBeGreaterThan(1e-7);
          expect(want.platt.gradient).toBeLessThanOrEqual(1e-5);
        }
      });
    },
  );

  it('finds scikit-learn within 1e-6 of the minimum on most labels', () => {
    expect(agreeing + apart).toBeGreaterThan(60);
    expect(agreeing / (agreeing + apart)).toBeGreaterThan(0.8);
  });
});

/** Labels (some missing), scores with ties, and row weights (some 0) of one shape. */
const problems = shape({ maxRows: 25, maxCols: 3 }).chain(([rows, cols]) =>
  fc.record({
    yTrue: matrixOf([rows, cols], fc.constantFrom(0, 1, 1, 0, -1)).map(toRows),
    yScore: matrixOf(
      [rows, cols],
      fc.oneof(
        // No scores that differ by a subnormal: their Platt slope is beyond a double (an error).
        fc.double({ min: -6, max: 6, noNaN: true }).map((v) => (Math.abs(v) < 1e-100 ? 0 : v)),
        fc.constantFrom(-1, 0, 0.5, 2),
      ),
    ).map(toRows),
    weights: fc.array(fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 3 })), {
      minLength: rows,
      maxLength: rows,
    }),
    queries: fc.array(fc.double({ min: -8, max: 8, noNaN: true }), { minLength: 1, maxLength: 12 }),
  }),
);

/** Whether every label has a known cell of positive weight. */
function fittable(p: { yTrue: number[][]; weights: number[] }): boolean {
  return p.yTrue[0].every((_, j) => p.yTrue.some((row, r) => row[j] !== -1 && p.weights[r] > 0));
}

/** A problem of `problems` fitted by `calibrate`: its -1 cells missing, its row weights applied. */
function fitOf(
  calibrate: typeof c.isotonicCalibration | typeof c.plattScaling,
  p: { yTrue: number[][]; yScore: number[][]; weights: number[] },
): c.Calibrator {
  return calibrate(p.yTrue, p.yScore, { ignoreIndex: -1, sampleWeight: p.weights });
}

/** The transformed queries of label `j`, sorted by query. */
function curveOf(calibrator: c.Calibrator, queries: number[], j: number): number[] {
  const cols = calibrator.labels.length;
  const sorted = [...queries].sort((a, b) => a - b);
  return column(calibrator.transform(queriesFor(sorted, j, cols)), j);
}

describe('properties', () => {
  test.prop([problems])(
    'isotonic: non-decreasing in the score, within the known labels of positive weight',
    (p) => {
      fc.pre(fittable(p));
      const calibrator = fitOf(c.isotonicCalibration, p);
      calibrator.labels.forEach((_, j) => {
        const known = p.yTrue.flatMap((row, r) =>
          row[j] !== -1 && p.weights[r] > 0 ? [row[j]] : [],
        );
        const curve = curveOf(calibrator, [...p.queries, ...p.yScore.map((row) => row[j])], j);
        for (let i = 1; i < curve.length; i++)
          expect(curve[i]).toBeGreaterThanOrEqual(curve[i - 1]);
        for (const v of curve) {
          expect(v).toBeGreaterThanOrEqual(Math.min(...known));
          expect(v).toBeLessThanOrEqual(Math.max(...known));
        }
      });
    },
  );

  test.prop([problems])(
    'isotonic: each fitted value is the weighted mean of the labels it covers (a PAV block)',
    (problem) => {
      // Scores on a grid of halves: no two closer than scikit-learn's 1e-15 without being equal.
      const p = {
        ...problem,
        yScore: problem.yScore.map((row) => row.map((v) => Math.round(v * 2) / 2)),
      };
      fc.pre(fittable(p));
      const calibrator = fitOf(c.isotonicCalibration, p);
      calibrator.labels.forEach((map, j) => {
        if (map.method !== 'isotonic') throw new Error('not isotonic');
        // Each fitted value is the weighted mean of the labels of the scores it covers (a
        // block of PAV): on every maximal run of equal values, the value equals that mean.
        const cells = p.yTrue.flatMap((row, r) =>
          row[j] !== -1 && p.weights[r] > 0 ? [[p.yScore[r][j], row[j], p.weights[r]]] : [],
        );
        const value = (s: number) =>
          c.isotonicCalibration([[0]], [[0]]).labels.map(() => 0)[0] +
          column(calibrator.transform(queriesFor([s], j, calibrator.labels.length)), j)[0];
        const runs = new Map<number, [number, number]>();
        for (const [s, y, w] of cells) {
          const v = value(s);
          const [sw, swy] = runs.get(v) ?? [0, 0];
          runs.set(v, [sw + w, swy + w * y]);
        }
        for (const [v, [sw, swy]] of runs) expect(Math.abs(v - swy / sw)).toBeLessThan(1e-12);
      });
    },
  );

  test.prop([problems])('platt: monotone in the score, inside [0, 1]', (p) => {
    fc.pre(fittable(p));
    const calibrator = fitOf(c.plattScaling, p);
    calibrator.labels.forEach((map, j) => {
      if (map.method !== 'platt') throw new Error('not platt');
      expect(Number.isFinite(map.a) && Number.isFinite(map.b)).toBe(true);
      const curve = curveOf(calibrator, p.queries, j);
      const sign = map.a <= 0 ? 1 : -1;
      for (let i = 1; i < curve.length; i++) {
        expect(sign * (curve[i] - curve[i - 1])).toBeGreaterThanOrEqual(0);
      }
      for (const v of curve) expect(v >= 0 && v <= 1).toBe(true);
    });
  });

  test.prop([problems, fc.integer({ min: 0, max: 1000 })])(
    'isotonic and Platt: the same maps for the rows in any order',
    (p, seed) => {
      fc.pre(fittable(p));
      const order = p.yTrue
        .map((_, r) => r)
        .sort((a, b) => ((a * 7919 + seed) % 101) - ((b * 7919 + seed) % 101) || a - b);
      const shuffled = {
        yTrue: order.map((r) => p.yTrue[r]),
        yScore: order.map((r) => p.yScore[r]),
        weights: order.map((r) => p.weights[r]),
      };
      for (const calibrate of [c.isotonicCalibration, c.plattScaling]) {
        const a = fitOf(calibrate, p);
        const b = fitOf(calibrate, shuffled);
        const queries = queriesFor(p.queries, 0, a.labels.length).map((row) =>
          row.map(() => row[0]),
        );
        expectSameProbabilities(a, b, queries, calibrate.name);
      }
    },
  );

  test.prop([problems])('isotonic and Platt: an integer weight is a repetition of the row', (p) => {
    fc.pre(fittable(p));
    const repeated = p.yTrue.flatMap((_, r) => Array.from({ length: p.weights[r] }, () => r));
    for (const calibrate of [c.isotonicCalibration, c.plattScaling]) {
      const a = fitOf(calibrate, p);
      const b = calibrate(
        repeated.map((r) => p.yTrue[r]),
        repeated.map((r) => p.yScore[r]),
        { ignoreIndex: -1 },
      );
      const queries = p.queries.map((q) => a.labels.map(() => q));
      expectSameProbabilities(a, b, queries, calibrate.name);
    }
  });

  test.prop([problems])('the serial form round-trips exactly, through JSON text', (p) => {
    fc.pre(fittable(p));
    for (const calibrate of [c.isotonicCalibration, c.plattScaling]) {
      const a = fitOf(calibrate, p);
      const b = c.Calibrator.fromJSON(JSON.stringify(a));
      const queries = p.queries.map((q) => a.labels.map(() => q));
      expect(Array.from(b.transform(queries).data)).toEqual(Array.from(a.transform(queries).data));
      expect(b.toJSON()).toEqual(a.toJSON());
    }
  });
});

describe('closed forms', () => {
  it('isotonic: pools violators, averages equal scores with their weights, clips outside', () => {
    const calibrator = c.isotonicCalibration([[1], [0], [1], [0], [1]], [[0], [1], [1], [2], [3]], {
      sampleWeight: [1, 1, 3, 4, 1],
    });
    // Score 1: (0 + 3) / 4 = 0.75, then score 2 (0, weight 4) violates: (3 + 0) / 8 = 0.375,
    // which is below score 0's 1: all three pool to (1 + 3) / 9.
    const map = calibrator.labels[0];
    if (map.method !== 'isotonic') throw new Error('not isotonic');
    expect(Array.from(map.xThresholds)).toEqual([0, 2, 3]);
    expect(Array.from(map.yThresholds)).toEqual([4 / 9, 4 / 9, 1]);
    expect(Array.from(calibrator.transform([[-5], [2.5], [9]]).data)).toEqual([
      4 / 9,
      (4 / 9 + 1) / 2,
      1,
    ]);
  });

  it('platt: one class only still gives finite coefficients (the smoothed targets)', () => {
    const calibrator = c.plattScaling([[1], [1], [1]], [[0.2], [0.5], [0.9]]);
    const map = calibrator.labels[0];
    if (map.method !== 'platt') throw new Error('not platt');
    // Every target is (3 + 1) / (3 + 2) = 0.8: the minimum is the constant 0.8 (a = 0).
    expect(Math.abs(map.a)).toBeLessThan(1e-9);
    expect(calibrator.transform([[0]]).data[0]).toBeCloseTo(0.8, 12);
  });

  it('platt: fits scores near the largest double (their scale is capped at 2^1023)', () => {
    // Scaled by 2^1024 (Infinity), these scores used to give NaN coefficients and an error.
    const y = [[0], [1], [0], [1], [1], [0]];
    const scores = [[-1e308], [1e308], [-1.5e308], [1.5e308], [-0.5e308], [0.5e308]];
    const p = Array.from(c.plattScaling(y, scores).transform(scores).data);
    expect(p.every((v) => v > 0 && v < 1)).toBe(true);
    // Monotone in the score: -1.5e308 < -1e308 < -0.5e308 < 0.5e308 < 1e308 < 1.5e308.
    const order = [2, 0, 4, 5, 1, 3].map((r) => p[r]);
    for (let i = 1; i < order.length; i++) expect(order[i]).toBeGreaterThan(order[i - 1]);
  });
});

describe('bad input', () => {
  const y = bitRows('10 01 11');
  const s = scoreRows('0.9 0.2, 0.3 0.6, 0.8 0.7');
  it.each([
    ['shape mismatch', () => c.isotonicCalibration(y, [[0.1, 0.2]]), 'SHAPE_MISMATCH'],
    ['non-binary labels', () => c.plattScaling([[2, 0]], [[0.1, 0.2]]), 'NON_BINARY_LABELS'],
    [
      'NaN score',
      () =>
        c.plattScaling(y, [
          [Number.NaN, 0],
          [0, 0],
          [0, 0],
        ]),
      'NON_FINITE_VALUES',
    ],
    [
      'unknown option',
      () => c.isotonicCalibration(y, s, { sampleWieght: [1, 1, 1] } as never),
      'UNKNOWN_OPTION',
    ],
    ['bad weight', () => c.plattScaling(y, s, { sampleWeight: [1, -1, 1] }), 'INVALID_ARGUMENT'],
    [
      'weights of the wrong length',
      () => c.plattScaling(y, s, { sampleWeight: [1] }),
      'SHAPE_MISMATCH',
    ],
    [
      'a label without a known cell',
      () =>
        c.isotonicCalibration(
          [
            [1, -1],
            [0, -1],
          ],
          [
            [0, 0],
            [1, 1],
          ],
          { ignoreIndex: -1 },
        ),
      'UNDEFINED_METRIC',
    ],
    [
      'no positive weight',
      () => c.plattScaling(y, s, { sampleWeight: [0, 0, 0] }),
      'UNDEFINED_METRIC',
    ],
    ['empty input', () => c.isotonicCalibration([], []), 'EMPTY_INPUT'],
    [
      'transform: wrong columns',
      () => c.isotonicCalibration(y, s).transform([[0.5]]),
      'SHAPE_MISMATCH',
    ],
    [
      'transform: infinite score',
      () => c.plattScaling(y, s).transform([[Number.POSITIVE_INFINITY, 0]]),
      'NON_FINITE_VALUES',
    ],
  ])('%s', (_what, call, code) => {
    expect(thrown(call).code).toBe(code);
  });

  it('names the label without a known cell', () => {
    expect(
      thrown(() => c.plattScaling([[1, -1]], [[0, 0]], { ignoreIndex: -1 })).message,
    ).toContain('Label 1 of `yTrue`');
  });

  const good = c.isotonicCalibration(y, s).toJSON();
  it.each([
    ['not JSON', '{', 'PARSE_ERROR', '`json`'],
    ['another format', { ...good, format: 'x' }, 'INVALID_ARGUMENT', '`json.format`'],
    ['a newer version', { ...good, version: 2 }, 'INVALID_ARGUMENT', 'newer release'],
    ['an extra field', { ...good, extra: 1 }, 'INVALID_ARGUMENT', '"extra"'],
    ['no labels', { ...good, labels: [] }, 'INVALID_ARGUMENT', '`json.labels`'],
    [
      'an unknown method',
      { ...good, labels: [{ method: 'beta' }] },
      'INVALID_ARGUMENT',
      '`json.labels[0].method`',
    ],
    [
      'scores not increasing',
      { ...good, labels: [{ method: 'isotonic', xThresholds: [1, 1], yThresholds: [0, 1] }] },
      'INVALID_ARGUMENT',
      '`json.labels[0].xThresholds`',
    ],
    [
      'a value above 1',
      { ...good, labels: [{ method: 'isotonic', xThresholds: [0, 1], yThresholds: [0, 2] }] },
      'INVALID_ARGUMENT',
      '`json.labels[0].yThresholds[1]`',
    ],
    [
      'decreasing values',
      { ...good, labels: [{ method: 'isotonic', xThresholds: [0, 1], yThresholds: [0.5, 0.2] }] },
      'INVALID_ARGUMENT',
      '`json.labels[0].yThresholds`',
    ],
    [
      'points of two lengths',
      { ...good, labels: [{ method: 'isotonic', xThresholds: [0, 1], yThresholds: [0.5] }] },
      'INVALID_ARGUMENT',
      'one value per point',
    ],
    [
      'a NaN coefficient',
      { ...good, labels: [{ method: 'platt', a: null, b: 0 }] },
      'INVALID_ARGUMENT',
      '`json.labels[0].a`',
    ],
    [
      'a missing coefficient',
      { ...good, labels: [{ method: 'platt', a: 1 }] },
      'INVALID_ARGUMENT',
      '`b`',
    ],
    [
      'a temperature of 0',
      { ...good, labels: [{ method: 'temperature', temperature: 0 }] },
      'INVALID_ARGUMENT',
      'temperature',
    ],
  ])('fromJSON refuses %s', (_what, json, code, named) => {
    const error = thrown(() => c.Calibrator.fromJSON(json));
    expect(error.code).toBe(code);
    expect(error.message).toContain(named);
  });

  it('stores -0 as 0, so toJSON equals what its JSON text reads back', () => {
    const calibrator = new c.Calibrator([
      { method: 'platt', a: -0, b: 0 },
      {
        method: 'isotonic',
        xThresholds: Float64Array.of(-0, 1),
        yThresholds: Float64Array.of(-0, 1),
      },
    ]);
    const json = calibrator.toJSON();
    expect(c.Calibrator.fromJSON(JSON.stringify(json)).toJSON()).toEqual(json);
    expect(Object.is((calibrator.labels[0] as { a: number }).a, 0)).toBe(true);
  });

  it('fromJSON reads an infinite temperature', () => {
    const calibrator = c.Calibrator.fromJSON({
      format: 'tfjs-multilabel.Calibrator',
      version: 1,
      labels: [{ method: 'temperature', temperature: 'Infinity' }],
    });
    expect(calibrator.transform([[7]]).data[0]).toBe(0.5);
    expect(calibrator.toJSON().labels[0]).toEqual({
      method: 'temperature',
      temperature: 'Infinity',
    });
  });
});

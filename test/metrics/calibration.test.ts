/**
 * The calibration metrics: brierScore and calibrationCurve against scikit-learn 1.2.1 on
 * test/fixtures/calibration-golden.json (made by scripts/fixtures/calibration_golden.py), the
 * ECE against its formula written out here, properties tying the three together, and the
 * errors of bad input.
 */
import { test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import type { MatrixInput } from '../../src/core/index.js';
import * as m from '../../src/metrics/index.js';
import { fc, matrixOf, shape, toRows } from '../fc.js';
import { type Golden, itUsesScikitLearn12, numbered, readGolden } from '../golden.js';
import { thrown } from '../thrown.js';

interface Curve {
  probTrue: number[];
  probPred: number[];
  edges: number[];
}
interface Case {
  yTrue: number[][];
  yProb: number[][];
  float32: boolean;
  sampleWeight: number[] | null;
  brier: { none: number[]; micro: number; macro: number };
  curves: { nBins: number; strategy: 'uniform' | 'quantile'; micro: Curve; none: Curve[] }[];
}

const fixture = readGolden<Golden<Case>>('calibration-golden.json');

const near = (got: number, want: number) =>
  Math.abs(got - want) <= 1e-12 * Math.max(1, Math.abs(want));

function expectNear(got: ArrayLike<number>, want: readonly number[], what: string): void {
  expect(got.length, what).toBe(want.length);
  for (let i = 0; i < want.length; i++) {
    expect(near(got[i], want[i]), `${what}[${i}]: ${got[i]} vs ${want[i]}`).toBe(true);
  }
}

function probabilitiesOf(c: Case): MatrixInput {
  if (!c.float32) return c.yProb;
  return { data: Float32Array.from(c.yProb.flat()), shape: [c.yProb.length, c.yProb[0].length] };
}

describe('against scikit-learn 1.2.1', () => {
  itUsesScikitLearn12(fixture, 40);

  it.each(numbered(fixture.cases))(
    'case %i: brierScore equals brier_score_loss per label, pooled and averaged',
    (_i, c) => {
      const weights = c.sampleWeight === null ? {} : { sampleWeight: c.sampleWeight };
      const p = probabilitiesOf(c);
      expectNear(m.brierScore(c.yTrue, p, { ...weights, average: 'none' }), c.brier.none, 'none');
      expectNear(
        [m.brierScore(c.yTrue, p, { ...weights, average: 'micro' })],
        [c.brier.micro],
        'micro',
      );
      if (c.yTrue[0].length > 1) {
        expectNear([m.brierScore(c.yTrue, p, weights)], [c.brier.macro], 'macro');
      }
    },
  );

  it.each(numbered(fixture.cases))(
    'case %i: calibrationCurve equals calibration_curve, pooled and per label',
    (_i, c) => {
      const p = probabilitiesOf(c);
      for (const { nBins, strategy, micro, none } of c.curves) {
        const what = `${strategy} ${nBins}`;
        const pooled = m.calibrationCurve(c.yTrue, p, { nBins, strategy });
        expectNear(pooled.probTrue, micro.probTrue, `${what} micro probTrue`);
        expectNear(pooled.probPred, micro.probPred, `${what} micro probPred`);
        // The edges bit for bit (NumPy's linspace and percentile), so every cell lands in the
        // same bin as in scikit-learn.
        expect(Array.from(pooled.edges), `${what} micro edges`).toEqual(micro.edges);
        const labels = m.calibrationCurve(c.yTrue, p, { nBins, strategy, average: 'none' });
        none.forEach((want, j) => {
          expectNear(labels[j].probTrue, want.probTrue, `${what} label ${j} probTrue`);
          expectNear(labels[j].probPred, want.probPred, `${what} label ${j} probPred`);
          expect(Array.from(labels[j].edges), `${what} label ${j} edges`).toEqual(want.edges);
        });
      }
    },
  );
});

/** The bins of the test's own reading of the ECE: scikit-learn's edges, right-closed bins. */
function eceByDefinition(
  y: number[],
  p: number[],
  w: number[],
  nBins: number,
  strategy: 'uniform' | 'quantile',
): number {
  let edges: number[];
  if (strategy === 'uniform') {
    edges = Array.from({ length: nBins + 1 }, (_, i) => (i === nBins ? 1 : i * (1 / nBins)));
  } else {
    const sorted = [...p].sort((a, b) => a - b);
    edges = Array.from({ length: nBins + 1 }, (_, i) => {
      const v = (sorted.length - 1) * (((i === nBins ? 1 : i * (1 / nBins)) * 100) / 100);
      const lo = Math.floor(v);
      if (lo >= sorted.length - 1) return sorted[sorted.length - 1];
      const t = v - lo;
      const [a, b] = [sorted[lo], sorted[lo + 1]];
      return t >= 0.5 ? b - (b - a) * (1 - t) : a + (b - a) * t;
    });
  }
  // A probability goes to the bin of the first interior edge at or above it.
  const binOf = (x: number) => edges.slice(1, -1).filter((e) => e < x).length;
  const total = sum(w);
  let ece = 0;
  for (let b = 0; b < nBins; b++) {
    const inBin = p.map((_, i) => i).filter((i) => binOf(p[i]) === b && w[i] > 0);
    const n = sum(inBin.map((i) => w[i]));
    if (n === 0) continue;
    const accuracy = sum(inBin.map((i) => w[i] * y[i])) / n;
    const confidence = sum(inBin.map((i) => w[i] * p[i])) / n;
    ece += (n / total) * Math.abs(accuracy - confidence);
  }
  return ece;
}

const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);

const problem = shape({ maxRows: 30, maxCols: 5 }).chain(([rows, cols]) =>
  fc.record({
    labels: matrixOf([rows, cols], fc.constantFrom(0, 1, 1, -1)),
    probabilities: matrixOf(
      [rows, cols],
      fc.oneof(fc.constantFrom(0, 0.2, 0.5, 1, 0.75), fc.double({ min: 0, max: 1, noNaN: true })),
    ),
    weights: fc.option(
      fc.array(fc.constantFrom(0, 0.5, 1, 3), { minLength: rows, maxLength: rows }),
    ),
    nBins: fc.integer({ min: 1, max: 12 }),
    strategy: fc.constantFrom('uniform' as const, 'quantile' as const),
  }),
);

describe('expectedCalibrationError', () => {
  test.prop([problem])('equals its formula per label, pooled, and averaged', (q) => {
    const yTrue = toRows(q.labels);
    const yProb = toRows(q.probabilities);
    const { rows, cols } = q.labels;
    const weights = q.weights ?? Array<number>(rows).fill(1);
    const options = {
      nBins: q.nBins,
      strategy: q.strategy,
      ignoreIndex: -1,
      ...(q.weights === null ? {} : { sampleWeight: q.weights }),
    };
    const cells = (j: number | undefined) => {
      const y: number[] = [];
      const p: number[] = [];
      const w: number[] = [];
      for (let r = 0; r < rows; r++) {
        for (let l = 0; l < cols; l++) {
          if ((j !== undefined && l !== j) || yTrue[r][l] === -1 || weights[r] === 0) continue;
          y.push(yTrue[r][l]);
          p.push(yProb[r][l]);
          w.push(weights[r]);
        }
      }
      return { y, p, w };
    };
    const each = Array.from({ length: cols }, (_, j) => cells(j));
    const pooled = cells(undefined);
    if (each.some(({ y }) => y.length === 0)) {
      // A label with no known cell of positive weight has no ECE.
      expect(thrown(() => m.expectedCalibrationError(yTrue, yProb, options)).code).toBe(
        'UNDEFINED_METRIC',
      );
      return;
    }
    const perLabel = each.map(({ y, p, w }) => eceByDefinition(y, p, w, q.nBins, q.strategy));
    const close = (a: number, b: number) => expect(Math.abs(a - b)).toBeLessThanOrEqual(1e-12);
    const none = m.expectedCalibrationError(yTrue, yProb, { ...options, average: 'none' });
    // One column: scikit-learn's rule reads it as one binary problem for every average.
    Array.from(none).forEach((v, j) => {
      close(v, perLabel[j]);
    });
    close(
      m.expectedCalibrationError(yTrue, yProb, { ...options, average: 'micro' }),
      cols === 1 ? perLabel[0] : eceByDefinition(pooled.y, pooled.p, pooled.w, q.nBins, q.strategy),
    );
    close(m.expectedCalibrationError(yTrue, yProb, options), sum(perLabel) / cols);
    // The pooled ECE is the weighted distance of the pooled curve from the diagonal.
    const curve = m.calibrationCurve(yTrue, yProb, options);
    const total = sum(Array.from(curve.counts));
    close(
      m.expectedCalibrationError(yTrue, yProb, { ...options, average: 'micro' }),
      sum(
        Array.from(
          curve.counts,
          (n, b) => (n / total) * Math.abs(curve.probTrue[b] - curve.probPred[b]),
        ),
      ),
    );
  });

  it('is 0 on calibrated bins and 0.5 for confident coin flips', () => {
    // Each bin's fraction of positives equals its mean probability.
    const yTrue = [[1], [0], [1], [0], [0], [0]];
    const yProb = [[0.5], [0.5], [0.25], [0.25], [0.25], [0.25]];
    expect(m.expectedCalibrationError(yTrue, yProb, { nBins: 4 })).toBe(0);
    expect(m.expectedCalibrationError([[1], [0]], [[1], [1]])).toBe(0.5);
  });
});

describe('brierScore', () => {
  test.prop([problem])(
    'is the mean squared error of the known cells, averaged as documented',
    (q) => {
      const yTrue = toRows(q.labels);
      const yProb = toRows(q.probabilities);
      const { rows, cols } = q.labels;
      const w = q.weights ?? Array<number>(rows).fill(1);
      const options = {
        ignoreIndex: -1,
        ...(q.weights === null ? {} : { sampleWeight: q.weights }),
      };
      const label = (j: number) => {
        let s = 0;
        let t = 0;
        for (let r = 0; r < rows; r++) {
          if (yTrue[r][j] === -1) continue;
          s += w[r] * (yProb[r][j] - yTrue[r][j]) ** 2;
          t += w[r];
        }
        return t > 0 ? s / t : Number.NaN;
      };
      const perLabel = Array.from({ length: cols }, (_, j) => label(j));
      if (perLabel.some(Number.isNaN)) {
        expect(thrown(() => m.brierScore(yTrue, yProb, options)).code).toBe('UNDEFINED_METRIC');
        return;
      }
      const got = m.brierScore(yTrue, yProb, { ...options, average: 'none' });
      Array.from(got).forEach((v, j) => {
        expect(Math.abs(v - perLabel[j])).toBeLessThanOrEqual(1e-12);
      });
      const macro = m.brierScore(yTrue, yProb, options);
      expect(Math.abs(macro - sum(perLabel) / cols)).toBeLessThanOrEqual(1e-12);
      expect(macro).toBeGreaterThanOrEqual(0);
      expect(macro).toBeLessThanOrEqual(1);
    },
  );
});

describe('bad input', () => {
  it('throws MultilabelError naming the argument', () => {
    const cases: [() => unknown, string, RegExp][] = [
      [() => m.brierScore([[1, 0]], [[1.5, 0]]), 'INVALID_ARGUMENT', /`yProb\[0\]\[0\]` is 1.5/],
      [() => m.brierScore([[1, 0]], [[0.5, -0.1]]), 'INVALID_ARGUMENT', /`yProb\[0\]\[1\]`/],
      [() => m.brierScore([[1, 0]], [[Number.NaN, 0]]), 'NON_FINITE_VALUES', /yProb/],
      [() => m.brierScore([[1, 2]], [[0.5, 0]]), 'NON_BINARY_LABELS', /yTrue/],
      [() => m.brierScore([[1, 0]], [[0.5]]), 'SHAPE_MISMATCH', /yProb/],
      [
        () => m.brierScore([[1, 0]], [[0.5, 0]], { averge: 'micro' } as never),
        'UNKNOWN_OPTION',
        /averge/,
      ],
      [
        () => m.brierScore([[-1, 0]], [[0.5, 0]], { ignoreIndex: -1 }),
        'UNDEFINED_METRIC',
        /label 0/,
      ],
      [() => m.expectedCalibrationError([[1]], [[0.5]], { nBins: 0 }), 'INVALID_OPTION', /nBins/],
      [
        () => m.expectedCalibrationError([[1]], [[0.5]], { strategy: 'equal' as never }),
        'INVALID_OPTION',
        /strategy/,
      ],
      [
        () => m.expectedCalibrationError([[1]], [[0.5]], { average: 'samples' as never }),
        'INVALID_OPTION',
        /average/,
      ],
      [
        () => m.calibrationCurve([[1]], [[0.5]], { average: 'macro' as never }),
        'INVALID_OPTION',
        /average/,
      ],
      [() => m.calibrationCurve([[1]], [[2]]), 'INVALID_ARGUMENT', /probabilities lie in \[0, 1\]/],
      [() => m.calibrationCurve([], []), 'EMPTY_INPUT', /yTrue/],
    ];
    for (const [run, code, message] of cases) {
      const error = thrown(run);
      expect(error.code, String(run)).toBe(code);
      expect(error.message, String(run)).toMatch(message);
    }
  });
});

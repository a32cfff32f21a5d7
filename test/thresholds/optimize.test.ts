/**
 * optimizeThresholds against exhaustive search: for every strategy, built-in metric and custom
 * count function, the returned thresholds attain the best value over every cut point (all
 * per-label cut combinations for `'micro'`), apply to give exactly the reported score, and keep
 * their decisions under strictly increasing score transforms.
 */
import { test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { fbetaFromCounts } from '../../src/core/kernels/count-scores.js';
import { readMetric } from '../../src/thresholds/count-metric.js';
import { denseCutSource } from '../../src/thresholds/cut-source.js';
import { optimizeThresholds, rankCut, THRESHOLD_STRATEGIES } from '../../src/thresholds/index.js';
import { readProblem } from '../../src/thresholds/inputs.js';
import { searchMicro } from '../../src/thresholds/micro-search.js';
import { bitRows, scoreRows } from '../bits.js';
import { fc, type TestMatrix } from '../fc.js';
import {
  close,
  expectReachesBest,
  fitProblem,
  labelKnown,
  metricCase,
  problem,
} from './arbitraries.js';
import { averaged, candidateThresholds, countsOf, decide } from './reference.js';

describe('optimizeThresholds: exact against brute force', () => {
  test.prop([problem(12, 4), metricCase])('per-label: every label attains its best cut', (p, m) => {
    const t = fitProblem(p, { ...m.options, strategy: 'perLabel' });
    const pred = decide(p.s, t.values);
    for (let j = 0; j < p.y.cols; j++) {
      if (!labelKnown(p.y, j)) continue;
      let best = Number.NEGATIVE_INFINITY;
      for (const c of candidateThresholds(p.y, p.s, j)) {
        const thresholds = new Array(p.y.cols).fill(c);
        best = Math.max(best, m.fn(countsOf(p.y, decide(p.s, thresholds), p.weights, j)));
      }
      expect(close(m.fn(countsOf(p.y, pred, p.weights, j)), best)).toBe(true);
    }
    expect(close(t.score as number, averaged(p.y, pred, m.fn, 'macro', p.weights))).toBe(true);
  });

  test.prop([problem(10, 4), metricCase, fc.constantFrom('micro', 'macro', 'samples')])(
    'global: the shared threshold attains the best average over every cut point',
    (p, m, average) => {
      const t = fitProblem(p, { ...m.options, strategy: 'global', average });
      expect(new Set(t.values).size).toBe(1);
      const pred = decide(p.s, t.values);
      let best = Number.NEGATIVE_INFINITY;
      for (const c of candidateThresholds(p.y, p.s)) {
        best = Math.max(
          best,
          averaged(p.y, decide(p.s, new Array(p.y.cols).fill(c)), m.fn, average, p.weights),
        );
      }
      expectReachesBest(t, averaged(p.y, pred, m.fn, average, p.weights), best);
    },
  );

  test.prop([problem(6, 3), metricCase])(
    'micro: per-label thresholds attain the best pooled value',
    (p, m) => {
      const t = fitProblem(p, { ...m.options, strategy: 'micro' });
      const pred = decide(p.s, t.values);
      const reached = m.fn(countsOf(p.y, pred, p.weights));
      expect(close(t.score as number, reached)).toBe(true);
      const candidates = Array.from({ length: p.y.cols }, (_, j) =>
        candidateThresholds(p.y, p.s, j),
      );
      if (m.builtIn) {
        // Every combination of per-label cuts.
        let best = Number.NEGATIVE_INFINITY;
        const choice = new Array<number>(p.y.cols).fill(0);
        for (;;) {
          const thresholds = choice.map((c, j) => candidates[j][c]);
          best = Math.max(best, m.fn(countsOf(p.y, decide(p.s, thresholds), p.weights)));
          let j = 0;
          while (j < choice.length && ++choice[j] === candidates[j].length) choice[j++] = 0;
          if (j === choice.length) break;
        }
        expect(close(reached, best)).toBe(true);
      } else {
        // Coordinate ascent: no single label's cut can improve the pooled value.
        for (let j = 0; j < p.y.cols; j++) {
          for (const c of candidates[j]) {
            const thresholds = Array.from(t.values);
            thresholds[j] = c;
            expect(m.fn(countsOf(p.y, decide(p.s, thresholds), p.weights))).toBeLessThanOrEqual(
              reached + 1e-9,
            );
          }
        }
      }
    },
  );

  test.prop([problem(12, 4), fc.constantFrom(...THRESHOLD_STRATEGIES)])(
    'strictly increasing score transforms keep the decisions',
    (p, strategy) => {
      const before = fitProblem(p, { strategy });
      // x^3 + 5x is strictly increasing and keeps distinct doubles of [-10, 10] distinct here.
      const transformed: TestMatrix = { ...p.s, data: p.s.data.map((x) => x * x * x + 5 * x) };
      fc.pre(new Set(transformed.data).size === new Set(p.s.data).size);
      const after = fitProblem({ ...p, s: transformed }, { strategy });
      // Decisions on the known cells (a missing cell's score takes no part in the fit).
      const known = (d: number[]) => d.filter((_, i) => p.y.data[i] >= 0);
      expect(known(decide(transformed, after.values))).toEqual(known(decide(p.s, before.values)));
      expect(after.score).toBe(before.score);
    },
  );
});

describe('optimizeThresholds: closed-form cases', () => {
  const yTrue = bitRows('10 11 01 00');
  const yScore = scoreRows('0.9 0.2, 0.4 0.7, 0.3 0.6, 0.1 0.5');

  it('puts per-label thresholds midway between the last kept and the next score', () => {
    const t = optimizeThresholds(yTrue, yScore, { strategy: 'perLabel' });
    expect(Array.from(t.values)).toEqual([0.35, 0.55]);
    expect(t.score).toBe(1);
  });

  it('finds the global micro-F1 threshold', () => {
    const t = optimizeThresholds(yTrue, yScore, { strategy: 'global' });
    // Sorted: .9(1) .7(1) .6(1) .5(0) .4(1) .3(0) .2(0) .1(0); cut after .4: tp 4, fp 1 -> F1 8/9.
    expect(t.values[0]).toBeCloseTo(0.35, 15);
    expect(t.score).toBeCloseTo(8 / 9, 15);
  });

  it('puts thresholds just past the extremes when predicting none or all', () => {
    const none = optimizeThresholds([[0], [0]], [[0.25], [0.75]], { strategy: 'perLabel' });
    expect(none.values[0]).toBeGreaterThan(0.75);
    expect(Math.fround(none.values[0])).toBe(none.values[0]);
    const all = optimizeThresholds([[1], [1]], [[0.25], [0.75]], { strategy: 'perLabel' });
    expect(all.values[0]).toBeLessThan(0.25);
    expect(all.values[0]).toBeGreaterThan(0.2499);
  });

  it('gives labels with fewer positives than minPositives the global threshold, and shrinks toward it', () => {
    const y = bitRows('11 10 00 10 00');
    const s = scoreRows('0.9 0.1, 0.8 0.3, 0.2 0.2, 0.7 0.4, 0.1 0.5');
    const global = optimizeThresholds(y, s).values[0];
    const own = optimizeThresholds(y, s, { strategy: 'perLabel' }).values;
    const floored = optimizeThresholds(y, s, { strategy: 'perLabel', minPositives: 2 }).values;
    expect(floored[0]).toBe(own[0]);
    expect(floored[1]).toBe(global);
    const shrunk = optimizeThresholds(y, s, { strategy: 'perLabel', shrinkage: 3 }).values;
    expect(shrunk[0]).toBeCloseTo((3 * own[0] + 3 * global) / 6, 15);
    expect(shrunk[1]).toBeCloseTo((1 * own[1] + 3 * global) / 4, 15);
  });

  it('weights equal repeated rows', () => {
    const y = bitRows('10 01 11 00');
    const s = scoreRows('0.8 0.3, 0.6 0.9, 0.4 0.5, 0.7 0.2');
    const weighted = optimizeThresholds(y, s, { strategy: 'micro', sampleWeight: [1, 3, 2, 1] });
    const repeated = optimizeThresholds(
      [y[0], y[1], y[1], y[1], y[2], y[2], y[3]],
      [s[0], s[1], s[1], s[1], s[2], s[2], s[3]],
      { strategy: 'micro' },
    );
    expect(Array.from(weighted.values)).toEqual(Array.from(repeated.values));
    expect(weighted.score).toBeCloseTo(repeated.score as number, 15);
  });

  it('leaves missing cells out with ignoreIndex', () => {
    const t = optimizeThresholds(
      [
        [1, -1],
        [0, 1],
        [1, 0],
      ],
      [
        [0.9, 0.99],
        [0.1, 0.5],
        [0.6, 0.4],
      ],
      {
        strategy: 'perLabel',
        ignoreIndex: -1,
      },
    );
    expect(Array.from(t.values)).toEqual([0.35, 0.45]);
    expect(t.score).toBe(1);
  });
});

/** Six rows of three labels, every label with positives and negatives. */
const y = bitRows('101 010 110 001 100 011');
const s = scoreRows('0.9 0.2 0.4, 0.3 0.6 0.1, 0.7 0.8 0.3, 0.2 0.1 0.7, 0.6 0.3 0.2, 0.1 0.7 0.5');

describe('optimizeThresholds: a beta whose square overflows', () => {
  // F-beta tends to recall as beta grows: beta = 1e200 must choose what beta = 1e150 (whose
  // square, 1e300, is finite) chooses.
  it("keeps the micro search's objective finite", () => {
    const problem = denseCutSource(readProblem(y, s, {}));
    // The same (finite) metric values, only the beta of the search's linear objective differs.
    const spec = readMetric({ metric: 'fbeta', beta: 1e150 });
    const huge = searchMicro(problem, { ...spec, beta: 1e200 }, 0);
    expect(Array.from(huge)).toEqual(Array.from(searchMicro(problem, spec, 0)));
    // Recall is 1 only when every positive is kept: the lowest positive score of each label.
    expect(Array.from(huge)).toEqual([0.6, 0.6, 0.4]);
  });

  // The metric value itself comes from the metrics' F-beta kernel.
  it.skipIf(!Number.isFinite(fbetaFromCounts(1, 1, 1, 1e200, 0)))(
    'gives the thresholds of beta = 1e150 for every strategy',
    () => {
      for (const strategy of THRESHOLD_STRATEGIES) {
        const huge = optimizeThresholds(y, s, { metric: 'fbeta', beta: 1e200, strategy });
        const large = optimizeThresholds(y, s, { metric: 'fbeta', beta: 1e150, strategy });
        expect(Array.from(huge.values)).toEqual(Array.from(large.values));
        expect(huge.score).toBe(1);
      }
    },
  );
});

describe('optimizeThresholds and rankCut: any scale of a count function', () => {
  // Scaling by a power of 2 is exact, so every sum scales exactly and the choices must not move.
  type Counts = { tp: number; fp: number; fn: number; tn: number };
  const scaled =
    (scale: number) =>
    ({ tp, fp, fn, tn }: Counts): number =>
      scale * (tp + tn === 0 ? 0 : (tp + tn) / (tp + fp + fn + tn) - 0.1 * Math.sqrt(tp + fp));

  test.prop([
    problem(10, 4),
    fc.constantFrom('micro', 'macro', 'samples'),
    fc.constantFrom(2 ** -80, 2 ** 80),
  ])(
    'chooses the same global threshold and rank for metric values scaled by 2^-80 or 2^80',
    (p, average, scale) => {
      const one = fitProblem(p, { metric: scaled(1), strategy: 'global', average });
      const other = fitProblem(p, { metric: scaled(scale), strategy: 'global', average });
      expect(Array.from(other.values)).toEqual(Array.from(one.values));
      expect(other.score).toBe(scale * (one.score as number));
      const rank = (metric: (c: Counts) => number) =>
        rankCut(
          { data: p.y.data, shape: [p.y.rows, p.y.cols] },
          { data: p.s.data, shape: [p.s.rows, p.s.cols] },
          {
            metric,
            average,
            ...(p.weights ? { sampleWeight: p.weights } : {}),
            ...(p.missing ? { ignoreIndex: -1 } : {}),
          },
        ).k;
      expect(rank(scaled(scale))).toBe(rank(scaled(1)));
    },
  );

  it('finds the best threshold of a metric whose values are all below 1e-12', () => {
    const metric = ({ tp, fp }: Counts) => 1e-20 * (tp - 0.5 * fp);
    // Every positive scores 0.4 or more and every negative 0.3 or less: keep the 9 positives.
    const t = optimizeThresholds(y, s, { metric });
    expect(t.score).toBe(1e-20 * 9);
    expect(t.values[0]).toBeGreaterThan(0.3);
    expect(t.values[0]).toBeLessThanOrEqual(0.4);
    const unscaled = ({ tp, fp }: Counts) => tp - 0.5 * fp;
    expect(rankCut(y, s, { metric }).k).toBe(rankCut(y, s, { metric: unscaled }).k);
    expect(rankCut(y, s, { metric }).k).toBeGreaterThan(0);
  });
});

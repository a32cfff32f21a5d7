/**
 * conformalThresholds against the definition of conformal risk control written out: the
 * threshold is the highest `t` (over every score, +/-Infinity included) whose calibration risk
 * R(t) satisfies (n R(t) + 1) / (n + 1) <= alpha, for the rows' false-negative rate (one
 * threshold) or each label's (Mondrian); and the guarantee itself, on exchangeable draws.
 */
import { test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { SeededRandom } from '../../src/core/random.js';
import { conformalThresholds } from '../../src/thresholds/index.js';
import { fc, type TestMatrix } from '../fc.js';
import { thrownCode } from '../thrown.js';
import { type Problem, problem } from './arbitraries.js';
import { conformalBruteForce, descendingCandidates, rowMissRate } from './reference.js';

const alphas = fc.constantFrom(0.05, 0.1, 0.2, 0.25, 0.5, 0.9);

function labels(p: Problem) {
  return { data: p.y.data, shape: [p.y.rows, p.y.cols] as [number, number] };
}
function scores(p: Problem) {
  return { data: p.s.data, shape: [p.s.rows, p.s.cols] as [number, number] };
}

describe('conformalThresholds: the exact threshold of conformal risk control', () => {
  test.prop([problem(15, 4), alphas])(
    'one threshold: the rows’ false-negative rate',
    (p, alpha) => {
      const t = conformalThresholds(labels(p), scores(p), {
        alpha,
        ...(p.missing ? { ignoreIndex: -1 } : {}),
      });
      expect(new Set(t.values).size).toBe(1);
      // Over every score: the risk changes only at true cells' scores, so the highest feasible
      // threshold is one of those (or +/-Infinity).
      const expected = conformalBruteForce(descendingCandidates(p.s.data), p.y.rows, alpha, (c) =>
        rowMissRate(p.y, p.s, c),
      );
      // -0 and 0 are the same threshold.
      expect(t.values[0] + 0).toBe(expected + 0);
      expect(t.score).toBeCloseTo(rowMissRate(p.y, p.s, t.values[0]), 12);
    },
  );

  test.prop([problem(15, 4), alphas])('per label: each label on its true rows', (p, alpha) => {
    const t = conformalThresholds(labels(p), scores(p), {
      alpha,
      perLabel: true,
      ...(p.missing ? { ignoreIndex: -1 } : {}),
    });
    for (let j = 0; j < p.y.cols; j++) {
      const positives: number[] = [];
      for (let r = 0; r < p.y.rows; r++) {
        if (p.y.data[r * p.y.cols + j] === 1) positives.push(p.s.data[r * p.y.cols + j]);
      }
      const risk = (c: number) =>
        positives.length === 0 ? 0 : positives.filter((v) => !(v >= c)).length / positives.length;
      const expected = conformalBruteForce(
        descendingCandidates(positives),
        positives.length,
        alpha,
        risk,
      );
      expect(t.values[j] + 0, `label ${j}`).toBe(expected + 0);
    }
  });

  it('keeps the false-negative rate at most alpha over exchangeable draws', () => {
    // 400 draws of 60 calibration and 60 test rows of 5 labels: scores are noisy label signals.
    const random = new SeededRandom(7);
    const draw = (rows: number) => {
      const y: number[][] = [];
      const s: number[][] = [];
      for (let r = 0; r < rows; r++) {
        const row = Array.from({ length: 5 }, (_, j) => +(random.nextFloat() < 0.1 + 0.1 * j));
        y.push(row);
        s.push(row.map((v) => 0.3 * v + 0.7 * random.nextFloat()));
      }
      return { y, s };
    };
    for (const alpha of [0.1, 0.2]) {
      let total = 0;
      for (let k = 0; k < 400; k++) {
        const calibration = draw(60);
        const fresh = draw(60);
        const t = conformalThresholds(calibration.y, calibration.s, { alpha });
        const yTest: TestMatrix = { rows: 60, cols: 5, data: fresh.y.flat() };
        const sTest: TestMatrix = { rows: 60, cols: 5, data: fresh.s.flat() };
        total += rowMissRate(yTest, sTest, t.values[0]);
      }
      // E[risk] <= alpha; the mean of 400 draws has a standard error near 0.005.
      expect(total / 400).toBeLessThanOrEqual(alpha + 0.01);
      expect(total / 400).toBeGreaterThan(alpha - 0.05);
    }
  });

  it('gives -Infinity when too few rows certify alpha, +Infinity when nothing is true', () => {
    // 5 rows cannot certify alpha = 0.1: (0 + 1) / 6 > 0.1.
    expect(
      conformalThresholds([[1], [1], [0], [1], [1]], [[0.9], [0.8], [0.7], [0.6], [0.5]], {
        alpha: 0.1,
      }).values[0],
    ).toBe(Number.NEGATIVE_INFINITY);
    // Nothing true in 19 rows: nothing to miss.
    const none = conformalThresholds(
      Array.from({ length: 19 }, () => [0, 0]),
      Array.from({ length: 19 }, () => [0.5, 0.5]),
      { alpha: 0.1 },
    );
    expect(Array.from(none.values)).toEqual([Number.POSITIVE_INFINITY, Number.POSITIVE_INFINITY]);
    expect(none.score).toBe(0);
  });

  it('throws MultilabelError for bad options', () => {
    const y = [[1], [0]];
    const s = [[0.9], [0.1]];
    const code = (options: unknown) =>
      thrownCode(() => conformalThresholds(y, s, options as { alpha: number }));
    expect(code(undefined)).toBe('INVALID_OPTION');
    expect(code({})).toBe('INVALID_OPTION');
    expect(code({ alpha: 0 })).toBe('INVALID_OPTION');
    expect(code({ alpha: 1 })).toBe('INVALID_OPTION');
    expect(code({ alpha: Number.NaN })).toBe('INVALID_OPTION');
    expect(code({ alpha: 0.1, risk: 'fdr' })).toBe('INVALID_OPTION');
    expect(code({ alpha: 0.1, perLabel: 1 })).toBe('INVALID_OPTION');
    expect(code({ alpha: 0.1, sampleWeight: [1, 1] })).toBe('UNKNOWN_OPTION');
    expect(thrownCode(() => conformalThresholds(y, [[0.9], [Number.NaN]], { alpha: 0.1 }))).toBe(
      'NON_FINITE_VALUES',
    );
  });
});

/**
 * Extreme but valid options and inputs: the right value (a limit where the exact value is not a
 * double) or a MultilabelError, never NaN where a number is documented.
 */
import { describe, expect, it } from 'vitest';
import * as m from '../../src/metrics/index.js';
import { twoRows } from './two-rows.js';

describe('F-beta for any beta', () => {
  // Precision 3/5, recall 3/4 (micro): F tends to recall as beta grows, to precision as it shrinks.
  const yTrue = [
    [1, 1, 0, 0],
    [1, 1, 0, 0],
  ];
  const yPred = [
    [1, 1, 1, 0],
    [1, 0, 1, 0],
  ];
  const precision = 3 / 5;
  const recall = 3 / 4;
  const exact = (beta: number) =>
    ((1 + beta * beta) * precision * recall) / (beta * beta * precision + recall);

  it.each([1, 'nan'] as const)(
    'climbs to recall with beta, 1e200 and the largest double included (zeroDivision %s)',
    (zeroDivision) => {
      const ladder = [1, 2, 10, 1e3, 1e8, 1e100, 1e154, 1e155, 1e200, 1e300, Number.MAX_VALUE];
      const values = ladder.map((beta) =>
        m.fbetaScore(yTrue, yPred, { beta, average: 'micro', zeroDivision }),
      );
      values.forEach((v, i) => {
        expect(Number.isNaN(v), `beta ${ladder[i]}`).toBe(false);
        // Monotone, up to the last bit of the double.
        if (i > 0) expect(v, `beta ${ladder[i]}`).toBeGreaterThanOrEqual(values[i - 1] - 1e-15);
        if (ladder[i] <= 1e8) expect(v).toBeCloseTo(exact(ladder[i]), 14);
      });
      // Beyond 1e8, F differs from recall by less than a double can show.
      for (const v of values.slice(5)) expect(v).toBeCloseTo(recall, 15);
      expect(m.fbetaScore(yTrue, yPred, { beta: 1e200, average: 'micro', zeroDivision })).toBe(
        m.fbetaScore(yTrue, yPred, { beta: Number.POSITIVE_INFINITY, average: 'micro' }),
      );
    },
  );

  it.each([1, 'nan'] as const)(
    'descends to precision as beta shrinks to 0, subnormals included (zeroDivision %s)',
    (zeroDivision) => {
      const ladder = [1, 0.5, 0.1, 1e-3, 1e-8, 1e-100, 1e-160, 1e-200, 5e-324, 0];
      const values = ladder.map((beta) =>
        m.fbetaScore(yTrue, yPred, { beta, average: 'micro', zeroDivision }),
      );
      values.forEach((v, i) => {
        expect(Number.isNaN(v), `beta ${ladder[i]}`).toBe(false);
        if (i > 0) expect(v, `beta ${ladder[i]}`).toBeLessThanOrEqual(values[i - 1] + 1e-15);
        if (ladder[i] >= 1e-8) expect(v).toBeCloseTo(exact(ladder[i]), 14);
      });
      for (const v of values.slice(5)) expect(v).toBeCloseTo(precision, 15);
    },
  );

  it('keeps the corner cases of every label at extreme betas', () => {
    // Label 0: tp only; label 1: fn only; label 2: fp only; label 3: nothing at all.
    const y = [[1, 1, 0, 0]];
    const p = [[1, 0, 1, 0]];
    for (const beta of [1e-200, 1e-100, 1e100, 1e200, Number.MAX_VALUE]) {
      expect(Array.from(m.fbetaScore(y, p, { beta, average: 'none' })), `beta ${beta}`).toEqual([
        1, 0, 0, 0,
      ]);
      expect(Array.from(m.fbetaScore(y, p, { beta, average: 'none', zeroDivision: 1 }))).toEqual([
        1, 0, 0, 1,
      ]);
      // scikit-learn 1.4+: (1 + b^2) tp / (b^2 (tp + fn) + tp + fp), NaN only for 0 / 0.
      const nan = Array.from(m.fbetaScore(y, p, { beta, average: 'none', zeroDivision: 'nan' }));
      expect(nan.slice(0, 3)).toEqual([1, 0, 0]);
      expect(Number.isNaN(nan[3])).toBe(true);
    }
  });

  it('MultilabelMetrics reports the same F-beta for a huge beta', () => {
    const metrics = new m.MultilabelMetrics({ beta: 1e200 });
    metrics.update(yTrue, yPred);
    expect(metrics.compute().fbeta.micro).toBe(
      m.fbetaScore(yTrue, yPred, { beta: 1e200, average: 'micro' }),
    );
    expect(metrics.compute().fbeta.micro).toBeCloseTo(recall, 15);
  });
});

describe('propensities at the ends of the range', () => {
  const { yTrue, yScore } = twoRows;

  it('a subnormal propensity gives the limit value, not NaN', () => {
    // Label 0 is so rare that only it counts: row 0 finds it (1 of 1 possible), row 1 cannot.
    for (const k of [1, 2, 3]) {
      const options = { k, propensities: [5e-324, 0.5, 0.5] };
      expect(m.propensityScoredPrecisionAtK(yTrue, yScore, options), `k ${k}`).toBe(1);
      expect(m.propensityScoredNdcgAtK(yTrue, yScore, options), `k ${k}`).toBe(1);
    }
    // Missing the rare label scores about 0 (the other hits weigh 1e-323 of it).
    const missed = { k: 1, propensities: [0.5, 0.5, 5e-324] };
    expect(m.propensityScoredPrecisionAtK(yTrue, yScore, missed)).toBeCloseTo(0, 300);
    expect(m.propensityScoredPrecisionAtK(yTrue, yScore, missed)).toBeGreaterThan(0);
  });

  it('a tiny propensity leaves the normalised metric unchanged when every one shrinks alike', () => {
    // 0.8, 0.4 and 0.2 are 4, 2 and 1 times 0.2 exactly, as are 4, 2 and 1 times 5e-324.
    const base = [0.8, 0.4, 0.2];
    const tiny = [4 * Number.MIN_VALUE, 2 * Number.MIN_VALUE, Number.MIN_VALUE];
    for (const k of [1, 2, 3]) {
      for (const metric of [m.propensityScoredPrecisionAtK, m.propensityScoredNdcgAtK]) {
        const want = metric(yTrue, yScore, { k, propensities: base });
        expect(want).toBeGreaterThan(0);
        for (const propensities of [base.map((p) => p * 2 ** -1000), tiny]) {
          expect(metric(yTrue, yScore, { k, propensities })).toBeCloseTo(want, 15);
        }
      }
    }
  });

  it('normalize: false gives 1 / p as long as it is a double, then throws', () => {
    const raw = (p: number) =>
      m.propensityScoredPrecisionAtK([[1, 0]], [[0.9, 0.1]], {
        k: 1,
        propensities: [p, 1],
        normalize: false,
      });
    expect(raw(1e-300)).toBeCloseTo(1e300, -285);
    expect(raw(2 ** -1000)).toBe(2 ** 1000);
    expect(raw(Number.MIN_VALUE * 2 ** 51)).toBe(2 ** 1023);
    expect(() => raw(Number.MIN_VALUE)).toThrow(
      expect.objectContaining({
        code: 'INVALID_OPTION',
        message: expect.stringContaining('beyond the largest double'),
      }),
    );
  });

  it('jainPropensities with a huge A: the limit where it is a double, a MultilabelError where not', () => {
    // Count 1 with B = 1.5: (B + 1)^A (N_l + B)^-A = 1 for any A, so p = 1 / ln N.
    expect(m.jainPropensities([1], 10, { A: 1e308 })[0]).toBeCloseTo(1 / Math.log(10), 15);
    // Counts above 1 tend to 1.
    expect(Array.from(m.jainPropensities([2, 10], 10, { A: 1e308 }))).toEqual([1, 1]);
    // A count of 0 tends to 0, below the smallest double: no propensity-scored metric can use it.
    expect(() => m.jainPropensities([1, 0], 10, { A: 1e308 })).toThrow(
      expect.objectContaining({
        code: 'INVALID_ARGUMENT',
        message: expect.stringContaining('propensity of label 1 (count 0)'),
      }),
    );
    // The model's own zero: no observation and no offset.
    expect(() => m.jainPropensities([0], 10, { B: 0 })).toThrow(
      expect.objectContaining({
        code: 'INVALID_ARGUMENT',
        message: expect.stringContaining('`labelCounts[0]` is 0 and `B` is 0'),
      }),
    );
    // Ordinary constants agree with the closed form (as before).
    const p = m.jainPropensities([0, 5, 500], 1000, { A: 0.55, B: 1.5 });
    const C = (Math.log(1000) - 1) * 2.5 ** 0.55;
    [0, 5, 500].forEach((c, l) => {
      expect(p[l]).toBeCloseTo(1 / (1 + C * (c + 1.5) ** -0.55), 15);
    });
  });
});

describe('partial ROC AUC with a tiny maxFpr', () => {
  it('tends to (1 + tpr at fpr 0) / 2, subnormal maxFpr included', () => {
    // The top score is a positive alone: the curve rises to tpr 1/3 before any false positive.
    const y = [[1], [0], [1], [0], [1], [0]];
    const s = [[0.95], [0.9], [0.7], [0.3], [0.2], [0.8]];
    // McClish: 0.5 (1 + (A - f^2 / 2) / (f - f^2 / 2)) with A = f / 3 while f < 1/3.
    const exact = (f: number) => 0.5 * (1 + (f / 3 - (f * f) / 2) / (f - (f * f) / 2));
    for (const maxFpr of [0.1, 1e-3, 1e-10]) {
      expect(m.rocAucScore(y, s, { maxFpr })).toBeCloseTo(exact(maxFpr), 14);
    }
    for (const maxFpr of [1e-100, 1e-300, 1e-310, 1e-320, 5e-324]) {
      expect(m.rocAucScore(y, s, { maxFpr }), `maxFpr ${maxFpr}`).toBeCloseTo(2 / 3, 14);
    }
  });
});

describe('very many labels', () => {
  it('classificationReport on 200,000 labels pads every name (no spread of the names)', () => {
    const n = 200_000;
    const report = m.classificationReport(
      { data: new Uint8Array(n), shape: [1, n] },
      { data: new Uint8Array(n), shape: [1, n] },
      { zeroDivision: 0 },
    );
    const lines = report.split('\n');
    // Header, blank, one line per label, blank, four averages.
    expect(lines[2]).toMatch(/^ {11}0 {7}0\.00 {6}0\.00 {6}0\.00 {9}0$/);
    expect(lines).toHaveLength(2 + n + 1 + 4 + 1);
  });
});

describe('ranking metrics over the whole float64 range', () => {
  // One label: every negative scores above every positive (AUC 0, AP = the positives' share
  // at the bottom of the ranking), with scores whose differences overflow.
  const M = Number.MAX_VALUE;
  const cases: [string, number[], number[]][] = [
    // Positives from -MAX to 0: their range times the bucket count per unit overflows.
    ['positives spanning [-MAX, 0]', [-1, -M, 0], [M, 0.5, 0.5, 1e300, 0.5]],
    // Tied positives at -MAX: a negative at +MAX is an infinite offset from them.
    ['tied positives at -MAX', [-M, -M], [M, 1]],
  ];
  it.each(cases)('%s: ROC AUC 0 and the exact AP', (_name, positives, negatives) => {
    const yTrue = [...positives.map(() => [1]), ...negatives.map(() => [0])];
    const yScore = [...positives, ...negatives].map((s) => [s]);
    expect(m.rocAucScore(yTrue, yScore)).toBe(0);
    // Negatives all above: precision at the k-th positive (in tie groups) is
    // positives-so-far / everything-so-far.
    const n = negatives.length;
    const sorted = [...positives].sort((a, b) => b - a);
    let ap = 0;
    let previousRecall = 0;
    for (let i = 0; i < sorted.length; i++) {
      if (i + 1 < sorted.length && sorted[i + 1] === sorted[i]) continue;
      const recall = (i + 1) / sorted.length;
      ap += (recall - previousRecall) * ((i + 1) / (i + 1 + n));
      previousRecall = recall;
    }
    expect(m.averagePrecisionScore(yTrue, yScore)).toBeCloseTo(ap, 15);
  });
});

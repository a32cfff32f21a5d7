/**
 * Extreme but valid options and inputs: the right value (a limit where the exact value is not a
 * double) or a MultilabelError, never NaN where a number is documented.
 */
import { describe, expect, it } from 'vitest';
import * as m from '../../src/metrics/index.js';

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

/**
 * The threshold tests' shared inputs: a metric option with its brute-force definition, and a
 * fitting problem (labels with optional missing cells, scores with optional ties, row weights).
 */
import { expect } from 'vitest';
import { optimizeThresholds, type Thresholds } from '../../src/thresholds/index.js';
import { fc, labelMatrix, matrixOf, scoreCell, type TestMatrix, tiedScoreCell } from '../fc.js';
import {
  balancedAccuracy,
  f1,
  fbeta,
  jaccard,
  type MetricFn,
  precision,
  recall,
} from './reference.js';

export const close = (a: number, b: number): boolean =>
  Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b));

/** Expects the search to reach `best`, and its reported score to be the value it reached. */
export function expectReachesBest(t: Thresholds, reached: number, best: number): void {
  expect(close(reached, best)).toBe(true);
  expect(close(t.score as number, reached)).toBe(true);
}

export type MetricCase = { options: Record<string, unknown>; fn: MetricFn; builtIn: boolean };

/** A metric option and its brute-force definition. */
export const metricCase: fc.Arbitrary<MetricCase> = fc.oneof(
  fc
    .constantFrom(0, 1)
    .map((z) => ({ options: { metric: 'f1', zeroDivision: z }, fn: f1(z), builtIn: true })),
  fc
    .double({ min: 0.1, max: 4, noNaN: true })
    .map((beta) => ({ options: { metric: 'fbeta', beta }, fn: fbeta(beta), builtIn: true })),
  fc.constant({ options: { metric: 'jaccard' }, fn: jaccard, builtIn: true }),
  fc.constant({ options: { metric: 'balancedAccuracy' }, fn: balancedAccuracy, builtIn: true }),
  fc.constantFrom(0, 1).map((z) => ({
    options: { metric: 'precision', zeroDivision: z },
    fn: precision(z),
    builtIn: true,
  })),
  fc.constantFrom(0, 1).map((z) => ({
    options: { metric: 'recall', zeroDivision: z },
    fn: recall(z),
    builtIn: true,
  })),
  // A non-monotone count function: accuracy minus a penalty on predicted positives.
  fc.constant({
    options: {
      metric: ({ tp, fp, fn, tn }: { tp: number; fp: number; fn: number; tn: number }) =>
        tp + tn === 0 ? 0 : (tp + tn) / (tp + fp + fn + tn) - 0.1 * Math.sqrt(tp + fp),
    },
    fn: ({ tp, fp, fn, tn }: { tp: number; fp: number; fn: number; tn: number }) =>
      tp + tn === 0 ? 0 : (tp + tn) / (tp + fp + fn + tn) - 0.1 * Math.sqrt(tp + fp),
    builtIn: false,
  }),
);

export interface Problem {
  y: TestMatrix;
  s: TestMatrix;
  weights: number[] | undefined;
  missing: boolean;
}

export function problem(maxRows: number, maxCols: number): fc.Arbitrary<Problem> {
  return fc
    .record({ missing: fc.boolean(), ties: fc.boolean(), weighted: fc.boolean() })
    .chain(({ missing, ties, weighted }) =>
      labelMatrix({ maxRows, maxCols, missing }).chain((y) =>
        fc.record({
          y: fc.constant(y),
          s: matrixOf([y.rows, y.cols], ties ? tiedScoreCell() : scoreCell()),
          weights: weighted
            ? fc.array(fc.constantFrom(0, 0.5, 1, 2, 3), { minLength: y.rows, maxLength: y.rows })
            : fc.constant(undefined),
          missing: fc.constant(missing),
        }),
      ),
    )
    .filter((p) => p.y.data.some((t) => t >= 0))
    .filter((p) => p.weights === undefined || p.weights.some((w, r) => w > 0 && rowKnown(p.y, r)));
}

export const rowKnown = (y: TestMatrix, r: number): boolean =>
  y.data.slice(r * y.cols, (r + 1) * y.cols).some((t) => t >= 0);

export const labelKnown = (y: TestMatrix, j: number): boolean => {
  for (let r = 0; r < y.rows; r++) if (y.data[r * y.cols + j] >= 0) return true;
  return false;
};

/** `optimizeThresholds` on a problem, with its weights and missing-label marker. */
export function fitProblem(p: Problem, options: Record<string, unknown>): Thresholds {
  return optimizeThresholds(
    { data: p.y.data, shape: [p.y.rows, p.y.cols] },
    { data: p.s.data, shape: [p.s.rows, p.s.cols] },
    {
      ...options,
      ...(p.weights ? { sampleWeight: p.weights } : {}),
      ...(p.missing ? { ignoreIndex: -1 } : {}),
    },
  );
}

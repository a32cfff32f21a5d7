/**
 * Operating points (`minPrecision`, `minRecall`) against exhaustive search: among every cut
 * point whose precision (recall) reaches the floor, the thresholds attain the best value of the
 * metric, per label on each label's counts or pooled for one global threshold; where no cut
 * reaches it the threshold is Infinity and the label is reported. Ties, weights and missing
 * labels come from the shared problem generator.
 */
import { test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { optimizeThresholds } from '../../src/thresholds/index.js';
import { bitRows, scoreRows } from '../bits.js';
import { fc, type TestMatrix } from '../fc.js';
import { thrownCode } from '../thrown.js';
import { close, fitProblem, labelKnown, metricCase, problem } from './arbitraries.js';
import {
  anyListedKnown,
  listedCandidates,
  listedScores,
  predictionsOf,
  topKCase,
} from './listed.js';
import {
  averaged,
  type Counts,
  candidateThresholds,
  countsOf,
  decide,
  precision,
  recall,
} from './reference.js';

interface Floors {
  minPrecision?: number;
  minRecall?: number;
}

const floor = fc.constantFrom(0, 0.25, 0.5, 0.6, 2 / 3, 0.75, 0.9, 1);
const floors: fc.Arbitrary<Floors> = fc.oneof(
  floor.map((minPrecision) => ({ minPrecision })),
  floor.map((minRecall) => ({ minRecall })),
  fc.record({ minPrecision: floor, minRecall: floor }),
);

function meets(c: Counts, f: Floors, zeroDivision: number): boolean {
  return (
    (f.minPrecision === undefined || precision(zeroDivision)(c) >= f.minPrecision) &&
    (f.minRecall === undefined || recall(zeroDivision)(c) >= f.minRecall)
  );
}

const zeroDivisionOf = (options: Record<string, unknown>): number =>
  (options.zeroDivision as number | undefined) ?? 0;

/** Every label's counts pooled (micro), as one column of all known cells. */
const pooledCounts = (y: TestMatrix, pred: number[], w: number[] | undefined): Counts =>
  countsOf(y, pred, w);

describe('operating points: exact against brute force', () => {
  test.prop([problem(12, 4), metricCase, floors])(
    'per label: the best metric value among the cuts that meet the floors',
    (p, m, f) => {
      const zd = zeroDivisionOf(m.options);
      const t = fitProblem(p, { ...m.options, ...f, strategy: 'perLabel' });
      const pred = decide(p.s, t.values);
      const unmet = new Set(t.unmetLabels ?? []);
      for (let j = 0; j < p.y.cols; j++) {
        if (!labelKnown(p.y, j)) continue;
        let best: number | undefined;
        for (const c of candidateThresholds(p.y, p.s, j)) {
          const counts = countsOf(p.y, decide(p.s, new Array(p.y.cols).fill(c)), p.weights, j);
          if (!meets(counts, f, zd)) continue;
          best = Math.max(best ?? Number.NEGATIVE_INFINITY, m.fn(counts));
        }
        if (best === undefined) {
          expect(unmet.has(j), `label ${j} is reported`).toBe(true);
          expect(t.values[j]).toBe(Number.POSITIVE_INFINITY);
          continue;
        }
        expect(unmet.has(j)).toBe(false);
        const reached = countsOf(p.y, pred, p.weights, j);
        expect(meets(reached, f, zd), `label ${j} meets its floors`).toBe(true);
        expect(close(m.fn(reached), best)).toBe(true);
      }
      expect(close(t.score as number, averaged(p.y, pred, m.fn, 'macro', p.weights))).toBe(true);
    },
  );

  test.prop([problem(10, 4), metricCase, floors])(
    'global: the best pooled value among the shared cuts that meet the floors',
    (p, m, f) => {
      const zd = zeroDivisionOf(m.options);
      const t = fitProblem(p, { ...m.options, ...f, strategy: 'global' });
      expect(new Set(t.values).size).toBe(1);
      let best: number | undefined;
      for (const c of candidateThresholds(p.y, p.s)) {
        const counts = pooledCounts(p.y, decide(p.s, new Array(p.y.cols).fill(c)), p.weights);
        if (!meets(counts, f, zd)) continue;
        best = Math.max(best ?? Number.NEGATIVE_INFINITY, m.fn(counts));
      }
      if (best === undefined) {
        expect(t.values[0]).toBe(Number.POSITIVE_INFINITY);
        expect(Array.from(t.unmetLabels ?? [])).toEqual([...Array(p.y.cols).keys()]);
        return;
      }
      const reached = pooledCounts(p.y, decide(p.s, t.values), p.weights);
      expect(meets(reached, f, zd)).toBe(true);
      expect(close(m.fn(reached), best)).toBe(true);
      expect(close(t.score as number, best)).toBe(true);
      expect(t.unmetLabels?.length).toBe(0);
    },
  );
});

describe('operating points on top-k predictions', () => {
  test.prop([topKCase(10, 5), metricCase, floors])(
    'per label: the best value among the listed cut points that meet the floors',
    (p, m, f) => {
      const zd = zeroDivisionOf(m.options);
      const top = predictionsOf(p);
      const listed = listedScores(p, top);
      if (!anyListedKnown(p, listed)) return;
      const t = optimizeThresholds({ data: p.y.data, shape: [p.y.rows, p.y.cols] }, top, {
        ...m.options,
        ...f,
        strategy: 'perLabel',
        ...(p.weights ? { sampleWeight: p.weights } : {}),
        ...(p.missing ? { ignoreIndex: -1 } : {}),
      });
      const pred = decide(listed, t.values);
      const unmet = new Set(t.unmetLabels ?? []);
      for (let j = 0; j < p.y.cols; j++) {
        // A label that no row lists (with a known label) takes the shared threshold.
        if (listedCandidates(p.y, listed, j).length === 1) continue;
        let best: number | undefined;
        for (const c of listedCandidates(p.y, listed, j)) {
          const counts = countsOf(p.y, decide(listed, new Array(p.y.cols).fill(c)), p.weights, j);
          if (!meets(counts, f, zd)) continue;
          best = Math.max(best ?? Number.NEGATIVE_INFINITY, m.fn(counts));
        }
        if (best === undefined) {
          expect(unmet.has(j)).toBe(true);
          expect(t.values[j]).toBe(Number.POSITIVE_INFINITY);
          continue;
        }
        const reached = countsOf(p.y, pred, p.weights, j);
        expect(meets(reached, f, zd)).toBe(true);
        expect(close(m.fn(reached), best)).toBe(true);
      }
    },
  );
});

describe('operating points: closed cases and errors', () => {
  // Label 0 ranks 1, 1, 0, 1, 0; label 1's only positive scores lowest.
  const y = bitRows('10 10 01 10 00');
  const s = scoreRows('0.9 0.9, 0.8 0.8, 0.7 0.1, 0.6 0.5, 0.1 0.4');

  it('gives the best recall at a precision floor, and the best precision at a recall floor', () => {
    // Label 0: >= 0.8 keeps 2 of 3 positives at precision 1; >= 0.6 all 3 at precision 3/4.
    const at90 = optimizeThresholds(y, s, {
      metric: 'recall',
      minPrecision: 0.9,
      strategy: 'perLabel',
    });
    expect(at90.values[0]).toBeCloseTo(0.75, 15);
    expect(Array.from(at90.unmetLabels ?? [])).toEqual([1]);
    expect(at90.score).toBeCloseTo((2 / 3 + 0) / 2, 15);
    const at75 = optimizeThresholds(y, s, {
      metric: 'recall',
      minPrecision: 0.75,
      strategy: 'perLabel',
    });
    expect(at75.values[0]).toBeCloseTo(0.35, 15);
    // Recall 1 on label 0 costs a precision of 3/4; on label 1, of 1/5 (everything predicted).
    const full = optimizeThresholds(y, s, {
      metric: 'precision',
      minRecall: 1,
      strategy: 'perLabel',
    });
    expect(full.score).toBeCloseTo((3 / 4 + 1 / 5) / 2, 15);
    expect(full.unmetLabels?.length).toBe(0);
  });

  it('pools the floor for one global threshold, and lets minPositives fall back to it', () => {
    // Pooled: 4 positives, and no cut above precision 1/2 (label 1's 0.9 and 0.8 are negatives):
    // >= 0.6 keeps 3 of them at precision 3/6.
    expect(optimizeThresholds(y, s, { metric: 'recall', minPrecision: 0.6 }).unmetLabels).toEqual(
      Int32Array.from([0, 1]),
    );
    const g = optimizeThresholds(y, s, { metric: 'recall', minPrecision: 0.5 });
    expect(g.score).toBeCloseTo(3 / 4, 15);
    expect(g.values[0]).toBeCloseTo(0.55, 15);
    // Label 1 has one positive: with minPositives 2 it takes that shared threshold.
    const t = optimizeThresholds(y, s, {
      metric: 'recall',
      minPrecision: 0.5,
      strategy: 'perLabel',
      minPositives: 2,
    });
    expect(t.values[1]).toBe(g.values[0]);
    expect(t.unmetLabels?.length).toBe(0);
  });

  it('throws MultilabelError for a floor that cannot apply', () => {
    const code = (options: Record<string, unknown>) =>
      thrownCode(() => optimizeThresholds(y, s, options));
    expect(code({ minPrecision: 0.9, strategy: 'micro' })).toBe('INVALID_OPTION');
    expect(code({ minPrecision: 0.9, average: 'macro' })).toBe('INVALID_OPTION');
    expect(code({ minRecall: 0.9, strategy: 'perLabel', shrinkage: 2 })).toBe('INVALID_OPTION');
    expect(code({ minPrecision: 1.5 })).toBe('INVALID_OPTION');
    expect(code({ minRecall: Number.NaN })).toBe('INVALID_OPTION');
    expect(code({ minRecall: -0.1 })).toBe('INVALID_OPTION');
  });
});

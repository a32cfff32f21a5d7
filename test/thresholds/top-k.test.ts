/**
 * Thresholds from top-k predictions against exhaustive search: a cell that a row does not list
 * is never predicted, so every search must attain the best value over the listed scores as cut
 * points, with unlisted positives counted as false negatives. With every label listed (k =
 * labels) the results equal the dense search's; CSR and dense labels give the same thresholds;
 * applying the thresholds (and RCut) to top-k predictions gives the dense decisions on the
 * listed cells.
 */
import { test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import {
  optimizeThresholds,
  type SparseLabelMatrix,
  Thresholds,
  type TopKPredictions,
  topK,
} from '../../src/thresholds/index.js';
import { fc } from '../fc.js';
import { thrownCode } from '../thrown.js';
import { close, expectReachesBest, labelKnown, metricCase } from './arbitraries.js';
import {
  anyListedKnown,
  type Case,
  listedCandidates,
  listedScores,
  predictionsOf,
  topKCase,
} from './listed.js';
import { averaged, countsOf, decide } from './reference.js';

function fitListed(p: Case, top: TopKPredictions, options: Record<string, unknown>): Thresholds {
  return optimizeThresholds({ data: p.y.data, shape: [p.y.rows, p.y.cols] }, top, {
    ...options,
    ...(p.weights ? { sampleWeight: p.weights } : {}),
    ...(p.missing ? { ignoreIndex: -1 } : {}),
  });
}

/** The CSR form of dense 0/1 decisions. */
function csrOf(pred: number[], rows: number, cols: number): { indptr: number[]; sets: number[][] } {
  const sets = Array.from({ length: rows }, (_, r) =>
    Array.from({ length: cols }, (_, j) => j).filter((j) => pred[r * cols + j] === 1),
  );
  const indptr = [0];
  for (const set of sets) indptr.push(indptr[indptr.length - 1] + set.length);
  return { indptr, sets };
}

/** Each row's ids of a CSR result, sorted. */
function setsOf(m: SparseLabelMatrix): number[][] {
  return Array.from({ length: m.shape[0] }, (_, r) =>
    Array.from(m.indices)
      .slice(m.indptr[r], m.indptr[r + 1])
      .sort((a, b) => a - b),
  );
}

describe('optimizeThresholds on top-k predictions: exact against brute force', () => {
  test.prop([topKCase(12, 5), metricCase])(
    'per-label: every label attains its best cut over its listed scores',
    (p, m) => {
      const top = predictionsOf(p);
      const listed = listedScores(p, top);
      if (!anyListedKnown(p, listed)) {
        expect(thrownCode(() => fitListed(p, top, { ...m.options, strategy: 'perLabel' }))).toBe(
          'EMPTY_INPUT',
        );
        return;
      }
      const t = fitListed(p, top, { ...m.options, strategy: 'perLabel' });
      const pred = decide(listed, t.values);
      for (let j = 0; j < p.y.cols; j++) {
        if (!labelKnown(p.y, j)) continue;
        let best = Number.NEGATIVE_INFINITY;
        for (const c of listedCandidates(p.y, listed, j)) {
          const at = decide(listed, new Array(p.y.cols).fill(c));
          best = Math.max(best, m.fn(countsOf(p.y, at, p.weights, j)));
        }
        expect(close(m.fn(countsOf(p.y, pred, p.weights, j)), best)).toBe(true);
      }
      expect(close(t.score as number, averaged(p.y, pred, m.fn, 'macro', p.weights))).toBe(true);
      // Applied to the predictions, the thresholds decide the listed cells as the dense rule.
      expect(setsOf(t.apply(top))).toEqual(csrOf(pred, p.y.rows, p.y.cols).sets);
    },
  );

  test.prop([topKCase(10, 5), metricCase, fc.constantFrom('micro', 'macro', 'samples')])(
    'global: the shared threshold attains the best average over every listed cut point',
    (p, m, average) => {
      const top = predictionsOf(p);
      const listed = listedScores(p, top);
      if (!anyListedKnown(p, listed)) {
        expect(thrownCode(() => fitListed(p, top, { ...m.options, average }))).toBe('EMPTY_INPUT');
        return;
      }
      const t = fitListed(p, top, { ...m.options, strategy: 'global', average });
      expect(new Set(t.values).size).toBe(1);
      const pred = decide(listed, t.values);
      let best = Number.NEGATIVE_INFINITY;
      for (const c of listedCandidates(p.y, listed)) {
        const at = decide(listed, new Array(p.y.cols).fill(c));
        best = Math.max(best, averaged(p.y, at, m.fn, average, p.weights));
      }
      expectReachesBest(t, averaged(p.y, pred, m.fn, average, p.weights), best);
    },
  );

  test.prop([topKCase(6, 3), metricCase])(
    'micro: built-in metrics attain the best pooled value over every per-label cut combination',
    (p, m) => {
      const top = predictionsOf(p);
      const listed = listedScores(p, top);
      if (!anyListedKnown(p, listed)) return;
      const t = fitListed(p, top, { ...m.options, strategy: 'micro' });
      const reached = averaged(p.y, decide(listed, t.values), m.fn, 'micro', p.weights);
      expect(close(t.score as number, reached)).toBe(true);
      if (!m.builtIn) return;
      const perLabel = Array.from({ length: p.y.cols }, (_, j) => listedCandidates(p.y, listed, j));
      let best = Number.NEGATIVE_INFINITY;
      const choice = new Array<number>(p.y.cols).fill(0);
      const visit = (j: number): void => {
        if (j === p.y.cols) {
          best = Math.max(best, averaged(p.y, decide(listed, choice), m.fn, 'micro', p.weights));
          return;
        }
        for (const c of perLabel[j]) {
          choice[j] = c;
          visit(j + 1);
        }
      };
      visit(0);
      expect(close(reached, best)).toBe(true);
    },
  );
});

describe('optimizeThresholds on top-k predictions: agreement with the other forms', () => {
  test.prop([topKCase(10, 4), metricCase, fc.constantFrom('global', 'perLabel', 'micro')])(
    'with every label listed (k = labels), the thresholds and score equal the dense search',
    (p, m, strategy) => {
      const all = { ...p, k: p.y.cols };
      const dense = () =>
        optimizeThresholds(
          { data: p.y.data, shape: [p.y.rows, p.y.cols] },
          { data: p.s.data, shape: [p.s.rows, p.s.cols] },
          {
            ...m.options,
            strategy,
            ...(p.weights ? { sampleWeight: p.weights } : {}),
            ...(p.missing ? { ignoreIndex: -1 } : {}),
          },
        );
      const listed = () => fitListed(all, predictionsOf(all), { ...m.options, strategy });
      const expected = thrownOrValue(dense);
      const actual = thrownOrValue(listed);
      if (typeof expected === 'string' || typeof actual === 'string') {
        expect(actual).toEqual(expected);
        return;
      }
      expect(Array.from(actual.values)).toEqual(Array.from(expected.values));
      expect(close(actual.score as number, expected.score as number)).toBe(true);
    },
  );

  test.prop([topKCase(10, 5), metricCase, fc.constantFrom('global', 'perLabel', 'micro')])(
    'CSR labels give the thresholds and score of the same labels dense',
    (p, m, strategy) => {
      const full = { ...p, missing: false, y: { ...p.y, data: p.y.data.map((v) => +(v === 1)) } };
      const top = predictionsOf(full);
      const lists = Array.from({ length: full.y.rows }, (_, r) =>
        Array.from({ length: full.y.cols }, (_, j) => j).filter(
          (j) => full.y.data[r * full.y.cols + j] === 1,
        ),
      );
      const csr = {
        indptr: [0, ...lists.map((_, r) => lists.slice(0, r + 1).flat().length)],
        indices: lists.flat(),
        shape: [full.y.rows, full.y.cols] as [number, number],
      };
      const options = {
        ...m.options,
        strategy,
        ...(full.weights ? { sampleWeight: full.weights } : {}),
      };
      const weightless = full.weights !== undefined && !full.weights.some((w) => w > 0);
      if (weightless) return;
      const dense = fitListed(full, top, { ...m.options, strategy });
      const sparse = optimizeThresholds(csr, top, options);
      expect(Array.from(sparse.values)).toEqual(Array.from(dense.values));
      expect(sparse.score).toBe(dense.score);
    },
  );

  test.prop([topKCase(10, 6), fc.integer({ min: 0, max: 6 })])(
    'topK of the predictions is the dense topK of the scores (k up to the listed k)',
    (p, k0) => {
      const k = Math.min(k0, p.k);
      const sets = setsOf(topK(predictionsOf(p), k));
      const dense = topK({ data: p.s.data, shape: [p.s.rows, p.s.cols] }, k);
      expect(sets).toEqual(csrOf(Array.from(dense.data), p.s.rows, p.s.cols).sets);
    },
  );
});

describe('thresholds on top-k predictions: closed cases and errors', () => {
  // Row 0: labels {0}; row 1: {1, 2}; row 2: {2}. Label 2 of row 2 is not listed.
  const labels = { indptr: [0, 1, 3, 4], indices: [0, 1, 2, 2], shape: [3, 4] as [number, number] };
  const top: TopKPredictions = {
    indices: [0, 3, 1, 2, 3, 0],
    scores: [0.9, 0.2, 0.8, 0.6, 0.7, 0.1],
    k: 2,
    shape: [3, 4],
  };

  it('counts an unlisted positive as a false negative of every cut', () => {
    // Listed: label 0 (0.9 pos, 0.1 neg), 1 (0.8 pos), 2 (0.6 pos), 3 (0.2 neg, 0.7 neg).
    // Best micro F1: keep >= 0.6: tp 3, fp 1 (0.7), fn 1 (row 2's label 2): 6 / 8.
    const t = optimizeThresholds(labels, top, { metric: 'f1' });
    expect(t.score).toBeCloseTo(0.75, 12);
    expect(t.values[0]).toBeCloseTo((0.6 + 0.2) / 2, 12);
    // Per label: label 2 reaches recall 1/2 at best (F1 2/3); label 3 has no positive (F1 0).
    const perLabel = optimizeThresholds(labels, top, { metric: 'f1', strategy: 'perLabel' });
    expect(perLabel.score).toBeCloseTo((1 + 1 + 2 / 3 + 0) / 4, 12);
    expect(setsOf(perLabel.apply(top))).toEqual([[0], [1, 2], []]);
  });

  it('gives a label that no row lists the global threshold', () => {
    const few: TopKPredictions = {
      indices: [0, 1, 2],
      scores: [0.9, 0.8, 0.3],
      k: 1,
      shape: [3, 4],
    };
    const global = optimizeThresholds(labels, few, { metric: 'f1' }).values[0];
    const t = optimizeThresholds(labels, few, { metric: 'f1', strategy: 'perLabel' });
    expect(t.values[3]).toBe(global);
  });

  it('applies forceAtLeastOne among the listed labels, and RCut keeps the best listed', () => {
    const t = new Thresholds([1, 1, 1, 1]);
    expect(setsOf(t.apply(top))).toEqual([[], [], []]);
    expect(setsOf(t.apply(top, { forceAtLeastOne: true }))).toEqual([[0], [1], [3]]);
    expect(setsOf(topK(top, 1))).toEqual([[0], [1], [3]]);
    expect(topK(top, 0).indices.length).toBe(0);
  });

  it('throws MultilabelError with the argument named', () => {
    const wide = { ...top, shape: [3, 5] as [number, number] };
    expect(thrownCode(() => optimizeThresholds(labels, wide))).toBe('SHAPE_MISMATCH');
    expect(thrownCode(() => new Thresholds([0.5, 0.5]).apply(top))).toBe('SHAPE_MISMATCH');
    expect(thrownCode(() => topK(top, 3))).toBe('INVALID_OPTION');
    expect(thrownCode(() => topK({ ...top, scores: [0.9, Number.NaN, 0, 0, 0, 0] }, 1))).toBe(
      'NON_FINITE_VALUES',
    );
    const allMissing = { data: new Array(12).fill(-1), shape: [3, 4] as [number, number] };
    expect(thrownCode(() => optimizeThresholds(allMissing, top, { ignoreIndex: -1 }))).toBe(
      'EMPTY_INPUT',
    );
    // Every listed cell missing, some unlisted one known.
    const unlistedKnown = {
      data: [-1, 1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1],
      shape: [3, 4] as [number, number],
    };
    const [code, message] = thrownMessage(() =>
      optimizeThresholds(
        unlistedKnown,
        { ...top, indices: [0, 3, 1, 2, 3, 0] },
        { ignoreIndex: -1 },
      ),
    );
    expect(code).toBe('EMPTY_INPUT');
    expect(message).toMatch(/yScore.*yTrue/);
  });
});

function thrownOrValue(f: () => Thresholds): Thresholds | string {
  try {
    return f();
  } catch (e) {
    return (e as { code?: string }).code ?? String(e);
  }
}

function thrownMessage(f: () => unknown): [string | undefined, string] {
  try {
    f();
  } catch (e) {
    return [(e as { code?: string }).code, (e as Error).message];
  }
  return [undefined, ''];
}

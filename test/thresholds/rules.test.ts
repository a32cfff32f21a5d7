/**
 * Decision rules against their brute-force definitions: topK, mCut, proportionalCut, rankCut
 * (every k scored by hand) and expectedF1Decision (every label set enumerated, L <= 12).
 */
import { test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { SeededRandom } from '../../src/core/random.js';
import {
  expectedF1Decision,
  MultilabelError,
  mCut,
  proportionalCut,
  rankCut,
  Thresholds,
  topK,
} from '../../src/thresholds/index.js';
import { fc, labelMatrix, matrixOf, scoreCell, type TestMatrix, tiedScoreCell } from '../fc.js';
import { averaged, f1, jaccard } from './reference.js';

const asInput = (m: TestMatrix) => ({ data: m.data, shape: [m.rows, m.cols] as [number, number] });
const rowOf = (m: TestMatrix, r: number) => m.data.slice(r * m.cols, (r + 1) * m.cols);

const scoreMatrix = (minCols = 1) =>
  fc
    .record({
      rows: fc.integer({ min: 1, max: 12 }),
      cols: fc.integer({ min: minCols, max: 7 }),
      ties: fc.boolean(),
    })
    .chain(({ rows, cols, ties }) => matrixOf([rows, cols], ties ? tiedScoreCell() : scoreCell()));

/** Top-k by definition: sort columns by (score desc, column asc). */
function bruteTopK(row: number[], k: number): number[] {
  const order = row.map((_, j) => j).sort((a, b) => row[b] - row[a] || a - b);
  const out = new Array(row.length).fill(0);
  for (const j of order.slice(0, k)) out[j] = 1;
  return out;
}

const code = (run: () => unknown): string => {
  try {
    run();
  } catch (error) {
    if (error instanceof MultilabelError) return error.code;
    throw error;
  }
  return 'none';
};

describe('topK', () => {
  test.prop([scoreMatrix(), fc.nat()])(
    'keeps the k highest scores of each row, ties in column order',
    (s, n) => {
      const k = n % (s.cols + 1);
      const d = topK(asInput(s), k);
      for (let r = 0; r < s.rows; r++) {
        expect(Array.from(d.data.slice(r * s.cols, (r + 1) * s.cols))).toEqual(
          bruteTopK(rowOf(s, r), k),
        );
      }
    },
  );
  it('rejects k out of range', () => {
    expect(code(() => topK([[0.1, 0.2]], 3))).toBe('INVALID_OPTION');
    expect(code(() => topK([[0.1, 0.2]], 1.5))).toBe('INVALID_OPTION');
  });
});

describe('mCut', () => {
  test.prop([scoreMatrix(2)])('predicts the scores above the middle of the largest gap', (s) => {
    const d = mCut(asInput(s));
    for (let r = 0; r < s.rows; r++) {
      const row = rowOf(s, r);
      const sorted = [...row].sort((a, b) => b - a);
      // Keep the scores >= the upper end of the first largest gap (all of them with no gap).
      let gap = -1;
      let cut = Number.NEGATIVE_INFINITY;
      for (let i = 0; i + 1 < sorted.length; i++) {
        if (sorted[i] - sorted[i + 1] > gap) {
          gap = sorted[i] - sorted[i + 1];
          cut = gap > 0 ? sorted[i] : Number.NEGATIVE_INFINITY;
        }
      }
      expect(Array.from(d.data.slice(r * s.cols, (r + 1) * s.cols))).toEqual(
        row.map((v) => (v >= cut ? 1 : 0)),
      );
      expect(row.some((_, j) => d.data[r * s.cols + j] === 1)).toBe(true);
    }
  });
  it('needs two labels', () => {
    expect(code(() => mCut([[0.5]]))).toBe('INVALID_SHAPE');
  });
});

describe('proportionalCut', () => {
  test.prop([
    scoreMatrix(),
    fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 7, maxLength: 7 }),
    fc.double({ min: 0.5, max: 2, noNaN: true }),
  ])('gives each label its top round(scale * prior * m) rows', (s, p, scale) => {
    const priors = p.slice(0, s.cols);
    const d = proportionalCut(asInput(s), priors, { scale });
    for (let j = 0; j < s.cols; j++) {
      const column = Array.from({ length: s.rows }, (_, r) => s.data[r * s.cols + j]);
      const expected = bruteTopK(column, Math.min(s.rows, Math.round(scale * priors[j] * s.rows)));
      expect(Array.from({ length: s.rows }, (_, r) => d.data[r * s.cols + j])).toEqual(expected);
    }
  });
  it('forces at least one label per row when asked', () => {
    const d = proportionalCut(
      [
        [0.9, 0.1],
        [0.2, 0.3],
      ],
      [0.5, 0],
      { forceAtLeastOne: true },
    );
    expect(Array.from(d.data)).toEqual([1, 0, 0, 1]);
  });
  it('rejects bad priors', () => {
    expect(code(() => proportionalCut([[0.9, 0.1]], [0.5]))).toBe('SHAPE_MISMATCH');
    expect(code(() => proportionalCut([[0.9, 0.1]], [0.5, 1.5]))).toBe('INVALID_ARGUMENT');
    expect(code(() => proportionalCut([[0.9, 0.1]], [0.5, 0.5], { scale: 0 }))).toBe(
      'INVALID_OPTION',
    );
  });
});

describe('rankCut', () => {
  test.prop([
    labelMatrix({ maxRows: 10, maxCols: 5 }).chain((y) =>
      fc.tuple(fc.constant(y), matrixOf([y.rows, y.cols], tiedScoreCell())),
    ),
    fc.constantFrom('micro', 'macro', 'samples'),
    fc.boolean(),
  ])('learns the k with the best metric over every k', ([y, s], average, force) => {
    const rule = rankCut(asInput(y), asInput(s), {
      average,
      forceAtLeastOne: force,
      metric: 'jaccard',
    });
    let best = Number.NEGATIVE_INFINITY;
    let bestK = -1;
    for (let k = force ? 1 : 0; k <= y.cols; k++) {
      const v = averaged(y, Array.from(topK(asInput(s), k).data), jaccard, average);
      if (v > best + 1e-12) {
        best = v;
        bestK = k;
      }
    }
    expect(rule.k).toBe(bestK);
    expect(rule.score).toBeCloseTo(best, 12);
    expect(Array.from(rule.apply(asInput(s)).data)).toEqual(
      Array.from(topK(asInput(s), bestK).data),
    );
  });
  it('reaches samples-F1 1 with the right k', () => {
    const rule = rankCut(
      [
        [1, 1, 0],
        [1, 0, 1],
      ],
      [
        [0.9, 0.8, 0.1],
        [0.7, 0.2, 0.6],
      ],
      { average: 'samples' },
    );
    expect(rule.k).toBe(2);
    expect(rule.score).toBe(1);
    expect(
      averaged({ rows: 2, cols: 3, data: [1, 1, 0, 1, 0, 1] }, [1, 1, 0, 1, 0, 1], f1(), 'samples'),
    ).toBe(1);
  });
});

/** Expected F1 of predicting `set`, by enumerating every outcome (F1(empty, empty) = 1). */
function bruteExpectedF1(p: number[], set: number[]): number {
  const L = p.length;
  let total = 0;
  for (let y = 0; y < 1 << L; y++) {
    let prob = 1;
    let both = 0;
    let size = 0;
    let predicted = 0;
    for (let j = 0; j < L; j++) {
      const t = (y >> j) & 1;
      prob *= t ? p[j] : 1 - p[j];
      size += t;
      predicted += set[j];
      both += t & set[j];
    }
    total += prob * (size + predicted === 0 ? 1 : (2 * both) / (size + predicted));
  }
  return total;
}

/** The best expected F1 over every label set (of size >= 1 when forced). */
function bruteBest(p: number[], force: boolean): number {
  let best = Number.NEGATIVE_INFINITY;
  for (let s = force ? 1 : 0; s < 1 << p.length; s++) {
    const set = p.map((_, j) => (s >> j) & 1);
    best = Math.max(best, bruteExpectedF1(p, set));
  }
  return best;
}

describe('expectedF1Decision', () => {
  const probability = fc.oneof(
    fc.double({ min: 0, max: 1, noNaN: true }),
    fc.constantFrom(0, 1, 0.5, 0.25, 0.01, 0.99),
  );
  test.prop([fc.array(probability, { minLength: 1, maxLength: 8 }), fc.boolean()])(
    'chooses a label set with the best expected F1 of all 2^L sets (L <= 8)',
    (p, force) => {
      const d = expectedF1Decision([p], { forceAtLeastOne: force });
      const chosen = Array.from(d.data);
      if (force) expect(chosen.some((v) => v === 1)).toBe(true);
      expect(bruteExpectedF1(p, chosen)).toBeCloseTo(bruteBest(p, force), 12);
    },
  );

  it('matches enumeration of all 4096 label sets at L = 12', () => {
    const random = new SeededRandom(7);
    for (let trial = 0; trial < 3; trial++) {
      const p = Array.from({ length: 12 }, () => random.nextFloat() ** (1 + trial));
      const chosen = Array.from(expectedF1Decision([p]).data);
      expect(bruteExpectedF1(p, chosen)).toBeCloseTo(bruteBest(p, false), 12);
    }
  });

  it('predicts the empty set when that is best, and the most probable labels otherwise', () => {
    expect(Array.from(expectedF1Decision([[0.05, 0.1, 0.02]]).data)).toEqual([0, 0, 0]);
    // Forced to predict, two unlikely labels beat one: a hit becomes more likely.
    expect(
      Array.from(expectedF1Decision([[0.05, 0.1, 0.02]], { forceAtLeastOne: true }).data),
    ).toEqual([1, 1, 0]);
    expect(
      Array.from(expectedF1Decision([[0.9, 0.2, 0.1]], { forceAtLeastOne: true }).data),
    ).toEqual([1, 0, 0]);
    expect(Array.from(expectedF1Decision([[0.9, 0.6, 0.1]]).data)).toEqual([1, 1, 0]);
  });

  it('rejects values outside [0, 1]', () => {
    expect(code(() => expectedF1Decision([[0.5, 1.2]]))).toBe('INVALID_ARGUMENT');
    expect(code(() => expectedF1Decision([[0.5, -2]]))).toBe('INVALID_ARGUMENT');
    expect(code(() => expectedF1Decision([[0.5]], { force: true } as object))).toBe(
      'UNKNOWN_OPTION',
    );
  });
});

describe('Thresholds.apply with forceAtLeastOne', () => {
  it('adds the top label to empty rows only', () => {
    const d = new Thresholds([0.5, 0.5]).apply(
      [
        [0.1, 0.3],
        [0.7, 0.2],
      ],
      { forceAtLeastOne: true },
    );
    expect(Array.from(d.data)).toEqual([0, 1, 1, 0]);
  });
});

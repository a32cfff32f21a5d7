/**
 * Decision rules against their brute-force definitions: topK, mCut, proportionalCut, rankCut
 * (every k scored by hand) and expectedF1Decision (every label set enumerated, L <= 12).
 */
import { test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { SeededRandom } from '../../src/core/random.js';
import {
  expectedF1Decision,
  mCut,
  proportionalCut,
  rankCut,
  Thresholds,
  topK,
} from '../../src/thresholds/index.js';
import { fc, labelMatrix, matrixOf, scoreCell, type TestMatrix, tiedScoreCell } from '../fc.js';
import { thrownCode } from '../thrown.js';
import { averaged, expectedF1BySize, f1, jaccard } from './reference.js';

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
    expect(thrownCode(() => topK([[0.1, 0.2]], 3))).toBe('INVALID_OPTION');
    expect(thrownCode(() => topK([[0.1, 0.2]], 1.5))).toBe('INVALID_OPTION');
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
    expect(thrownCode(() => mCut([[0.5]]))).toBe('INVALID_SHAPE');
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
    expect(thrownCode(() => proportionalCut([[0.9, 0.1]], [0.5]))).toBe('SHAPE_MISMATCH');
    expect(thrownCode(() => proportionalCut([[0.9, 0.1]], [0.5, 1.5]))).toBe('INVALID_ARGUMENT');
    expect(thrownCode(() => proportionalCut([[0.9, 0.1]], [0.5, 0.5], { scale: 0 }))).toBe(
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
  it('refuses a row whose exact decision would take more than 2^31 steps, before the work', () => {
    // 200,000 labels of probability 0.5: the count of true labels spreads over ~16,000 values.
    const wide = {
      data: new Float32Array(200_000).fill(0.5),
      shape: [1, 200_000] as [number, number],
    };
    const start = performance.now();
    expect(thrownCode(() => expectedF1Decision(wide))).toBe('INVALID_ARGUMENT');
    expect(performance.now() - start).toBeLessThan(1000);
    // 20,000 of them (~5,000 values, 1e8 steps) are decided.
    const d = expectedF1Decision({ data: new Float32Array(20_000).fill(0.5), shape: [1, 20_000] });
    const chosen = d.data.reduce((n, v) => n + v, 0);
    expect(chosen).toBeGreaterThan(0);
  });

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
    expect(thrownCode(() => expectedF1Decision([[0.5, 1.2]]))).toBe('INVALID_ARGUMENT');
    expect(thrownCode(() => expectedF1Decision([[0.5, -2]]))).toBe('INVALID_ARGUMENT');
    expect(thrownCode(() => expectedF1Decision([[0.5]], { force: true } as object))).toBe(
      'UNKNOWN_OPTION',
    );
  });
});

describe('expectedF1Decision on many labels', () => {
  /**
   * The chosen labels are the k most probable, and their expected F1 is the best of every size
   * (>= 1 when forced) by the reference dynamic program.
   */
  function expectBest(p: ArrayLike<number>, force: boolean): void {
    const chosen = expectedF1Decision(
      { data: Float64Array.from(p), shape: [1, p.length] },
      {
        forceAtLeastOne: force,
      },
    ).data;
    let k = 0;
    let lowestChosen = Number.POSITIVE_INFINITY;
    let highestOther = Number.NEGATIVE_INFINITY;
    for (let j = 0; j < p.length; j++) {
      if (chosen[j] === 1) {
        k++;
        lowestChosen = Math.min(lowestChosen, p[j]);
      } else highestOther = Math.max(highestOther, p[j]);
    }
    if (k > 0 && k < p.length) expect(lowestChosen).toBeGreaterThanOrEqual(highestOther);
    const expected = expectedF1BySize(Float64Array.from(p).sort().reverse());
    let best = Number.NEGATIVE_INFINITY;
    for (let size = force ? 1 : 0; size <= p.length; size++) best = Math.max(best, expected[size]);
    if (force) expect(k).toBeGreaterThanOrEqual(1);
    expect(expected[k]).toBeGreaterThanOrEqual(best * (1 - 1e-11));
  }

  const extreme = fc.constantFrom(
    0,
    1,
    0.5,
    1 - 2 ** -53,
    1 - 1e-12,
    0.999,
    0.001,
    1e-12,
    2 ** -900,
    1e-300,
    5e-324,
  );
  test.prop(
    [
      fc.array(fc.oneof(fc.double({ min: 0, max: 1, noNaN: true }), extreme), {
        minLength: 1,
        maxLength: 300,
      }),
      fc.boolean(),
    ],
    { numRuns: 60 },
  )(
    'chooses the best size by the L^2 dynamic program, extreme probabilities included',
    (p, force) => expectBest(p, force),
  );

  it.each([
    ['uniform', (r: SeededRandom) => r.nextFloat()],
    ['all 0.5', () => 0.5],
    ['near 1', (r: SeededRandom) => 1 - r.nextFloat() * 1e-10],
    [
      '1 - 2^-53 and 1 - 2^-52',
      (r: SeededRandom) => (r.nextFloat() < 0.5 ? 1 - 2 ** -53 : 1 - 2 ** -52),
    ],
    ['a model (sigmoid of -9..3)', (r: SeededRandom) => 1 / (1 + Math.exp(9 - 12 * r.nextFloat()))],
    ['0.5 or 1e-300', (r: SeededRandom) => (r.nextFloat() < 0.5 ? 0.5 : 1e-300)],
    ['tiny (1e-300 to 1)', (r: SeededRandom) => 10 ** (-300 * r.nextFloat())],
  ])('chooses the best size at L = 2000: %s', (_, draw) => {
    const random = new SeededRandom(3);
    const p = Array.from({ length: 2000 }, () => draw(random));
    expectBest(p, false);
    expectBest(p, true);
  });

  /** P(k successes) of independent Bernoulli groups: `n` trials of probability `p` each. */
  function countDistribution(groups: [number, number][]): number[] {
    let out = [1];
    for (const [n, p] of groups) {
      // Binomial(n, p) up to where it is below 1e-300, from P(0) = (1 - p)^n.
      const pmf = [Math.exp(n * Math.log1p(-p))];
      for (let i = 0; i < n && pmf[i] > 1e-300; i++)
        pmf.push((pmf[i] * (n - i) * p) / ((i + 1) * (1 - p)));
      const next = new Array(out.length + pmf.length - 1).fill(0);
      for (let i = 0; i < out.length; i++) {
        for (let j = 0; j < pmf.length; j++) next[i + j] += out[i] * pmf[j];
      }
      out = next;
    }
    return out;
  }

  it('decides a row of 100,000 labels in memory linear in the labels', () => {
    // 20 labels of probability 0.5, 99,980 of 1e-6, a few certain ones elsewhere.
    const L = 100_000;
    const half = Array.from({ length: 20 }, (_, i) => 13 + 4999 * i);
    const p = new Float32Array(L).fill(1e-6);
    for (const j of half) p[j] = 0.5;
    const d = expectedF1Decision({ data: p, shape: [1, L] });
    expect(d.shape).toEqual([1, L]);
    // Expected F1 of the top k, k <= 40, from the two counts' distributions directly.
    const q = Math.fround(1e-6);
    const M = L - 20;
    const value = (k: number): number => {
      const top = countDistribution(
        k <= 20
          ? [[k, 0.5]]
          : [
              [20, 0.5],
              [k - 20, q],
            ],
      );
      const rest = countDistribution(
        k <= 20
          ? [
              [20 - k, 0.5],
              [M, q],
            ]
          : [[M - (k - 20), q]],
      );
      let sum = 0;
      for (let a = 0; a < top.length; a++) {
        for (let b = 0; b < rest.length; b++) {
          sum += top[a] * rest[b] * (k + a + b === 0 ? 1 : (2 * a) / (k + a + b));
        }
      }
      return sum;
    };
    const values = Array.from({ length: 41 }, (_, k) => value(k));
    const best = values.indexOf(Math.max(...values));
    // Larger sets cannot do better: E[F1 of k' > 40] <= E[F1 of 40] + 2 (sum of the rest) / 42.
    expect(values[40] + (2 * (M - 20) * q) / 42).toBeLessThan(values[best]);
    expect(best).toBe(20);
    const chosen = Array.from(d.data.keys()).filter((j) => d.data[j] === 1);
    expect(chosen).toEqual(half);
  });

  it('predicts exactly the certain labels of a row of 100,000', () => {
    const p = new Float64Array(100_000).fill(1e-6);
    for (const j of [7, 50_000, 99_999]) p[j] = 1;
    const d = expectedF1Decision({ data: p, shape: [1, p.length] });
    expect(Array.from(d.data.keys()).filter((j) => d.data[j] === 1)).toEqual([7, 50_000, 99_999]);
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

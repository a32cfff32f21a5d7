/**
 * Wide rows with many tied scores through every per-row ranking and top-k metric, against the
 * definitions (quadratic, written for clarity) and closed forms: the tie handling that keeps a
 * row of L tied labels O(L log L) gives scikit-learn's values. (Their speed is measured by
 * bench/ties.ts, not here.)
 */
import { test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import * as m from '../../src/metrics/index.js';
import { fc } from '../fc.js';
import * as d from './definitions.js';

const close = (a: number, b: number): boolean => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b));
const discount = (r: number): number => 1 / Math.log2(r + 2);

/** nDCG with tied labels sharing the mean gain of the positions they occupy (any row width). */
function tieAveragedNdcg(y: number[][], s: number[][]): number {
  let sum = 0;
  let rows = 0;
  y.forEach((row, i) => {
    const cells = row.map((t, j) => [t, s[i][j]]).filter(([t]) => t !== -1);
    if (cells.length === 0) return;
    rows++;
    const positives = cells.filter(([t]) => t === 1).length;
    if (positives === 0) return;
    let dcg = 0;
    let start = 0;
    for (const v of [...new Set(cells.map(([, sc]) => sc))].sort((a, b) => b - a)) {
      const group = cells.filter(([, sc]) => sc === v);
      let gains = 0;
      for (let r = start; r < start + group.length; r++) gains += discount(r);
      dcg += (gains / group.length) * group.filter(([t]) => t === 1).length;
      start += group.length;
    }
    let ideal = 0;
    for (let r = 0; r < positives; r++) ideal += discount(r);
    sum += dcg / ideal;
  });
  return sum / rows;
}

/** 1-3 rows of 40-300 labels, scores from a few values (or ascending, for the top-k sort). */
const wideRows = fc
  .record({
    rows: fc.integer({ min: 1, max: 3 }),
    cols: fc.integer({ min: 40, max: 300 }),
    values: fc.integer({ min: 1, max: 4 }),
    ascending: fc.boolean(),
    seed: fc.integer(),
  })
  .chain(({ rows, cols, values, ascending }) =>
    fc.record({
      y: fc.array(fc.array(fc.constantFrom(0, 1, 1, -1), { minLength: cols, maxLength: cols }), {
        minLength: rows,
        maxLength: rows,
      }),
      s: ascending
        ? fc.constant(Array.from({ length: rows }, () => Array.from({ length: cols }, (_, j) => j)))
        : fc.array(
            fc.array(fc.integer({ min: 0, max: values - 1 }), {
              minLength: cols,
              maxLength: cols,
            }),
            { minLength: rows, maxLength: rows },
          ),
    }),
  );

describe('wide rows with many ties agree with the definitions', () => {
  test.prop([wideRows], { numRuns: 40 })('per-row ranking metrics', ({ y, s }) => {
    const o = { ignoreIndex: -1 };
    const known = y.some((row) => row.some((t) => t !== -1));
    fc.pre(known);
    const pairs: [string, number, number][] = [
      ['lrap', m.labelRankingAveragePrecision(y, s, o), d.lrap(y, s)],
      ['rankingLoss', m.labelRankingLoss(y, s, o), d.rankingLoss(y, s)],
      ['coverage', m.coverageError(y, s, o), d.coverage(y, s)],
      ['oneError', m.oneError(y, s, o), d.oneError(y, s)],
      ['ndcg', m.ndcgScore(y, s, o), tieAveragedNdcg(y, s)],
      [
        'ndcg ignoreTies',
        m.ndcgScore(y, s, { ...o, ignoreTies: true }),
        d.ndcg(y, s, { ignoreTies: true }),
      ],
      [
        'ndcg ignoreTies k=7',
        m.ndcgScore(y, s, { ...o, ignoreTies: true, k: 7 }),
        d.ndcg(y, s, { ignoreTies: true, k: 7 }),
      ],
    ];
    for (const [name, got, want] of pairs) {
      expect(close(got, want), `${name}: ${got} vs ${want}`).toBe(true);
    }
  });

  test.prop([wideRows, fc.constantFrom(1, 5, 33, 40)], { numRuns: 40 })(
    'top-k metrics, with k up to the number of labels',
    ({ y, s }, small) => {
      fc.pre(y.some((row) => row.some((t) => t !== -1)));
      const o = { ignoreIndex: -1 };
      for (const k of [small, y[0].length]) {
        const pairs: [string, number, number][] = [
          ['P@k', m.precisionAtK(y, s, { ...o, k }), d.precisionAtK(y, s, k)],
          ['R@k', m.recallAtK(y, s, { ...o, k }), d.recallAtK(y, s, k)],
          ['nDCG@k', m.ndcgAtK(y, s, { ...o, k }), d.ndcgAtK(y, s, k)],
        ];
        for (const [name, got, want] of pairs) {
          expect(close(got, want), `${name} k=${k}: ${got} vs ${want}`).toBe(true);
        }
      }
    },
  );
});

describe('top-k with a large k on rows that reorder the whole top list', () => {
  // Ascending scores (in tied blocks of 3) move every earlier label at each step: the selection
  // switches from insertion to sorting the row, with the same tie order (lower index first).
  const cols = 1000;
  const y = [
    Array.from({ length: cols }, (_, j) => ((j * 7) % 5 === 0 ? 1 : (j * 3) % 11 === 0 ? -1 : 0)),
    Array.from({ length: cols }, (_, j) => (j % 4 === 1 ? 1 : 0)),
  ];
  const s = [
    Array.from({ length: cols }, (_, j) => Math.floor(j / 3)),
    Array.from({ length: cols }, (_, j) => j % 2),
  ];
  const propensities = Array.from({ length: cols }, (_, j) => 0.1 + (0.9 * ((j * 13) % 17)) / 16);

  it.each([1, 33, 500, 999, 1000])('k = %i', (k) => {
    const o = { ignoreIndex: -1, k };
    expect(m.precisionAtK(y, s, o)).toBeCloseTo(d.precisionAtK(y, s, k), 12);
    expect(m.recallAtK(y, s, o)).toBeCloseTo(d.recallAtK(y, s, k), 12);
    expect(m.ndcgAtK(y, s, o)).toBeCloseTo(d.ndcgAtK(y, s, k), 12);
    expect(m.propensityScoredNdcgAtK(y, s, { ...o, propensities })).toBeCloseTo(
      d.propensityScored(y, s, k, propensities, 'ndcg', true),
      12,
    );
  });
});

describe('one row of 100,000 tied labels', () => {
  const L = 100_000;
  const yTrue = { data: new Float32Array(L), shape: [1, L] as [number, number] };
  for (let j = 0; j < L; j += 2) yTrue.data[j] = 1;
  const yScore = { data: new Float32Array(L), shape: [1, L] as [number, number] };
  const p = L / 2;
  let all = 0;
  for (let r = 0; r < L; r++) all += discount(r);
  let ideal = 0;
  for (let r = 0; r < p; r++) ideal += discount(r);

  it('gives the closed-form values', () => {
    // Every label ranks with all L: each positive has p true labels among L at or above it.
    expect(m.labelRankingAveragePrecision(yTrue, yScore)).toBe(0.5);
    // Every (true, false) pair is tied, which counts as wrong.
    expect(m.labelRankingLoss(yTrue, yScore)).toBe(1);
    expect(m.coverageError(yTrue, yScore)).toBe(L);
    // Each positive gets the mean discount of all L positions.
    expect(m.ndcgScore(yTrue, yScore)).toBeCloseTo((p * all) / L / ideal, 12);
    // Ties by index: the positives take the even positions.
    let even = 0;
    for (let r = 0; r < L; r += 2) even += discount(r);
    expect(m.ndcgScore(yTrue, yScore, { ignoreTies: true })).toBeCloseTo(even / ideal, 12);
    expect(m.precisionAtK(yTrue, yScore, { k: L })).toBe(0.5);
    expect(m.averagePrecisionScore(yTrue, yScore, { average: 'samples' })).toBe(0.5);
  });
});

/**
 * The top-k metrics from sparse labels (CSR) and top-k predictions give exactly the dense
 * values, in every combination of forms, with ties, weights and (dense labels) missing cells;
 * `topKPredictions` equals a brute-force sort; bad sparse input throws naming the row or argument.
 */
import { test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { type SparseLabelMatrix, sparseLabelMatrix } from '../../src/core/sparse-label-matrix.js';
import { type TopKPredictions, topKPredictions } from '../../src/core/top-k-predictions.js';
import { ndcgAtK, precisionAtK, recallAtK } from '../../src/metrics/at-k.js';
import { labelFrequencyGroups } from '../../src/metrics/label-frequency-groups.js';
import { oneError } from '../../src/metrics/one-error.js';
import {
  propensityScoredNdcgAtK,
  propensityScoredPrecisionAtK,
} from '../../src/metrics/propensity-scored.js';
import { topKReport } from '../../src/metrics/top-k-report.js';
import { fc, matrixOf, shape, type TestMatrix, toRows } from '../fc.js';
import { thrown } from '../thrown.js';
import { topKCells } from './top-k-cells.js';

type Labels = Parameters<typeof precisionAtK>[0];
type Scores = Parameters<typeof precisionAtK>[1];

/** Every top-k metric at `k`, as one record (each option set the metric takes). */
function allMetrics(
  yTrue: Labels,
  yScore: Scores,
  k: number,
  extra: { sampleWeight?: number[]; ignoreIndex?: number },
  propensities: number[],
): Record<string, number> {
  const ps = { ...extra, k, propensities };
  return {
    precision: precisionAtK(yTrue, yScore, { ...extra, k }),
    recall: recallAtK(yTrue, yScore, { ...extra, k }),
    ndcg: ndcgAtK(yTrue, yScore, { ...extra, k }),
    psp: propensityScoredPrecisionAtK(yTrue, yScore, ps),
    psnDcg: propensityScoredNdcgAtK(yTrue, yScore, ps),
    pspRaw: propensityScoredPrecisionAtK(yTrue, yScore, { ...ps, normalize: false }),
    psnDcgRaw: propensityScoredNdcgAtK(yTrue, yScore, { ...ps, normalize: false }),
    ...(k === 1 ? { oneError: oneError(yTrue, yScore, extra) } : {}),
  };
}

/** The CSR form of 0/1 labels, each row's ids in the order `order` gives. */
function csr(m: TestMatrix, order: (ids: number[]) => number[]): SparseLabelMatrix {
  return sparseLabelMatrix(
    toRows(m).map((row) => order(row.flatMap((v, l) => (v === 1 ? [l] : [])))),
    m.cols,
  );
}

/** `top` with each row's entries permuted by `order`. */
function permuteRows(top: TopKPredictions, order: (n: number) => number[]): TopKPredictions {
  const rows = top.shape[0];
  const indices: number[] = [];
  const scores: number[] = [];
  for (let r = 0; r < rows; r++) {
    for (const e of order(top.k)) {
      indices.push(top.indices[r * top.k + e]);
      scores.push(top.scores[r * top.k + e]);
    }
  }
  return { ...top, indices, scores };
}

const problem = shape({ maxRows: 12, maxCols: 9 }).chain(([rows, cols]) =>
  fc.record({
    ...topKCells(rows, cols),
    extraK: fc.integer({ min: 0, max: cols }),
    weights: fc.option(
      fc.array(fc.integer({ min: 1, max: 4 }), { minLength: rows, maxLength: rows }),
    ),
    propensities: fc.array(fc.double({ min: 0.05, max: 1, noNaN: true }), {
      minLength: cols,
      maxLength: cols,
    }),
    seed: fc.integer(),
  }),
);

/** A seeded permutation of 0..n-1 (the same seed, the same permutation). */
function permutation(n: number, seed: number): number[] {
  const out = Array.from({ length: n }, (_, i) => i);
  let s = seed >>> 0;
  for (let i = n - 1; i > 0; i--) {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

describe('top-k metrics from sparse labels and top-k predictions', () => {
  test.prop([problem])('equal the dense values in every combination of forms', (p) => {
    const { rows, cols } = p.labels;
    const dense = toRows(p.labels);
    const denseScores = toRows(p.scores);
    const k = p.k;
    const kp = Math.min(cols, k + p.extraK);
    const extra = p.weights === null ? {} : { sampleWeight: p.weights };
    const expected = allMetrics(dense, denseScores, k, extra, p.propensities);
    const sparse = csr(p.labels, (ids) => permutation(ids.length, p.seed).map((i) => ids[i]));
    const top = permuteRows(topKPredictions(denseScores, kp), (n) => permutation(n, p.seed + 1));
    expect(top.shape).toEqual([rows, cols]);
    for (const [yTrue, yScore] of [
      [sparse, denseScores],
      [dense, top],
      [sparse, top],
    ] as const) {
      expect(allMetrics(yTrue, yScore, k, extra, p.propensities)).toEqual(expected);
    }
  });

  test.prop([problem])('equal the dense values with missing labels (dense labels)', (p) => {
    const y = p.labels.data.map((v, i) => (p.missing.data[i] === 1 ? -1 : v));
    const yTrue = { data: Float64Array.from(y), shape: [p.labels.rows, p.labels.cols] as const };
    const denseScores = toRows(p.scores);
    const extra = { ignoreIndex: -1, ...(p.weights === null ? {} : { sampleWeight: p.weights }) };
    const known = (r: number) =>
      y.slice(r * p.labels.cols, (r + 1) * p.labels.cols).some((v) => v >= 0);
    const rowsKnown = Array.from({ length: p.labels.rows }, (_, r) => known(r));
    const weightOfKnown = rowsKnown.reduce((s, ok, r) => s + (ok ? (p.weights?.[r] ?? 1) : 0), 0);
    if (weightOfKnown === 0) return; // every form refuses it alike (no row to average)
    const expected = allMetrics(yTrue, denseScores, p.k, extra, p.propensities);
    // Missing cells are dropped from the listed labels: list k known ones in every row.
    const { rows, cols } = p.labels;
    const missingInRow = (r: number) =>
      y.slice(r * cols, (r + 1) * cols).filter((v) => v < 0).length;
    const most = Math.max(...Array.from({ length: rows }, (_, r) => missingInRow(r)));
    const top = topKPredictions(denseScores, Math.min(cols, p.k + most + p.extraK));
    expect(allMetrics(yTrue, top, p.k, extra, p.propensities)).toEqual(expected);
  });

  test.prop([
    shape({ maxRows: 10, maxCols: 9 }).chain((s) =>
      fc.record({
        m: matrixOf(s, fc.constantFrom(0, 0.5, 1, -2)),
        k: fc.integer({ min: 1, max: s[1] }),
      }),
    ),
  ])('topKPredictions lists each row best first, equal scores by the lower label', ({ m, k }) => {
    const top = topKPredictions({ data: Float32Array.from(m.data), shape: [m.rows, m.cols] }, k);
    expect(top.scores).toBeInstanceOf(Float32Array);
    for (let r = 0; r < m.rows; r++) {
      const row = m.data.slice(r * m.cols, (r + 1) * m.cols);
      const order = row.map((_, l) => l).sort((a, b) => row[b] - row[a] || a - b);
      expect(Array.from(top.indices as Int32Array).slice(r * k, (r + 1) * k)).toEqual(
        order.slice(0, k),
      );
      expect(Array.from(top.scores as Float32Array).slice(r * k, (r + 1) * k)).toEqual(
        order.slice(0, k).map((l) => row[l]),
      );
    }
  });

  test.prop([problem])('topKReport gives every single-cut value, at every cut', (p) => {
    const { cols } = p.labels;
    const dense = toRows(p.labels);
    const denseScores = toRows(p.scores);
    const extra = p.weights === null ? {} : { sampleWeight: p.weights };
    const sparse = csr(p.labels, (ids) => ids);
    const top = topKPredictions(denseScores, Math.min(cols, p.k + p.extraK));
    for (const [yTrue, yScore] of [
      [dense, denseScores],
      [sparse, top],
    ] as const) {
      for (const normalize of [true, false]) {
        const report = topKReport(yTrue, yScore, {
          ...extra,
          k: p.k,
          propensities: p.propensities,
          normalize,
        });
        for (let j = 1; j <= p.k; j++) {
          const single = allMetrics(yTrue, yScore, j, extra, p.propensities);
          expect(report.precision[j - 1]).toBe(single.precision);
          expect(report.recall[j - 1]).toBe(single.recall);
          expect(report.ndcg[j - 1]).toBe(single.ndcg);
          expect(report.propensityScoredPrecision?.[j - 1]).toBe(
            normalize ? single.psp : single.pspRaw,
          );
          expect(report.propensityScoredNdcg?.[j - 1]).toBe(
            normalize ? single.psnDcg : single.psnDcgRaw,
          );
        }
      }
      expect(topKReport(yTrue, yScore, { ...extra, k: p.k }).propensityScoredNdcg).toBeUndefined();
    }
  });

  test.prop([problem, fc.integer({ min: 1, max: 4 })])(
    "topKReport by label group: shares add up to the value, each its hits' part",
    (p, groupCount) => {
      const { rows, cols } = p.labels;
      const dense = toRows(p.labels);
      const scores = toRows(p.scores);
      const groups = Math.min(groupCount, cols);
      const labelGroups = labelFrequencyGroups(p.propensities, groups);
      const w = p.weights ?? Array(rows).fill(1);
      const report = topKReport(dense, topKPredictions(scores, cols), {
        k: p.k,
        propensities: p.propensities,
        sampleWeight: w,
        labelGroups,
      });
      const by = report.byGroup;
      if (by === undefined) throw new Error('no breakdown');
      const k = p.k;
      const sum = (a: ArrayLike<number>) => Array.from(a).reduce((x, y) => x + y, 0);
      const close = (a: number, b: number) =>
        expect(Math.abs(a - b)).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(b)));
      close(sum(by.precision), report.precision[k - 1]);
      close(sum(by.recall), report.recall[k - 1]);
      close(sum(by.ndcg), report.ndcg[k - 1]);
      close(
        sum(by.propensityScoredPrecision ?? []),
        report.propensityScoredPrecision?.[k - 1] ?? 0,
      );
      close(sum(by.propensityScoredNdcg ?? []), report.propensityScoredNdcg?.[k - 1] ?? 0);
      expect(sum(by.labels)).toBe(cols);
      // Brute force: P@k's share of group g is the mean over rows of its hits in the top k / k.
      const total = sum(w);
      for (let g = 0; g < groups; g++) {
        let share = 0;
        dense.forEach((row, r) => {
          const order = row.map((_, l) => l).sort((a, b) => scores[r][b] - scores[r][a] || a - b);
          const hits = order.slice(0, k).filter((l) => row[l] === 1 && labelGroups[l] === g).length;
          share += (w[r] * hits) / k;
        });
        close(by.precision[g], share / total);
      }
    },
  );

  it('labelFrequencyGroups: most frequent first, sizes within one, ties by label', () => {
    expect(Array.from(labelFrequencyGroups([5, 90, 1, 40], 2))).toEqual([1, 0, 1, 0]);
    expect(Array.from(labelFrequencyGroups([3, 3, 3], 3))).toEqual([0, 1, 2]);
    const counts = Array.from({ length: 23 }, (_, l) => (l * 7919) % 13);
    const groups = labelFrequencyGroups(counts);
    const sizes = Array.from({ length: 10 }, (_, g) => groups.filter((x) => x === g).length);
    expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
    for (let a = 0; a < 23; a++) {
      for (let b = 0; b < 23; b++) {
        if (groups[a] < groups[b]) expect(counts[a]).toBeGreaterThanOrEqual(counts[b]);
      }
    }
    expect(thrown(() => labelFrequencyGroups([1, -1])).code).toBe('INVALID_ARGUMENT');
    expect(thrown(() => labelFrequencyGroups([1, 2], 3)).code).toBe('INVALID_OPTION');
    expect(thrown(() => labelFrequencyGroups([])).code).toBe('INVALID_ARGUMENT');
  });

  it('ranks entries in any order within a row, however many move (the sorting fallback)', () => {
    // 3,000 entries in ascending order with k = 3,000 make the insertion exceed its budget.
    const n = 3000;
    const indices = Array.from({ length: n }, (_, i) => i);
    const scores = indices.map((i) => Math.floor(i / 2));
    const yScore = { indices, scores, k: n, shape: [1, n] as const };
    const truth = [Array.from({ length: n }, (_, l) => (l % 7 === 0 ? 1 : 0))];
    const dense = [scores];
    expect(ndcgAtK(truth, yScore, { k: n })).toBe(ndcgAtK(truth, dense, { k: n }));
    expect(precisionAtK(truth, yScore, { k: 5 })).toBe(precisionAtK(truth, dense, { k: 5 }));
  });
});

describe('bad sparse and top-k input', () => {
  const scores = [
    [0.9, 0.1, 0.5],
    [0.2, 0.8, 0.4],
  ];
  const labels = (indptr: number[], indices: number[], shape: [number, number] = [2, 3]) => ({
    indptr,
    indices,
    shape,
  });
  const top = (indices: number[], values: number[], k = 2, shape: [number, number] = [2, 3]) => ({
    indices,
    scores: values,
    k,
    shape,
  });
  const p =
    (yTrue: Labels, yScore: Scores, k = 1) =>
    () =>
      precisionAtK(yTrue, yScore, { k });

  it.each([
    ['a label listed twice', labels([0, 2, 3], [1, 1, 0]), 'Row 0 of `yTrue` lists label 1 twice'],
    [
      'an id out of range',
      labels([0, 1, 2], [0, 3]),
      'Row 1 of `yTrue` lists label 3, outside [0, 3)',
    ],
    ['a negative id', labels([0, 1, 2], [-1, 0]), 'Row 0 of `yTrue` lists label -1'],
    ['indptr decreasing', labels([0, 2, 1, 2], [0, 1], [3, 3]), 'decreases at row 1'],
    ['indptr not ending at the ids', labels([0, 1, 1], [0, 1]), 'from 0 to `indices.length` (2)'],
    ['indptr of the wrong length', labels([0, 1], [0]), 'must have 2 + 1 entries'],
    ['a fractional id', labels([0, 1, 2], [0, 1.5]), '`yTrue.indices[1]` is 1.5'],
  ])('sparse labels with %s', (_, yTrue, message) => {
    expect(thrown(p(yTrue, scores)).message).toContain(message);
  });

  it.each([
    [
      'k larger than the labels',
      top([0, 1, 2, 0, 1, 2], [1, 2, 3, 1, 2, 3], 3, [2, 2]),
      'INVALID_OPTION',
      '`yScore.k` must be an integer >= 1 and <= 2',
    ],
    [
      'indices of the wrong length',
      top([0, 1, 2], [1, 2, 3, 4]),
      'INVALID_SHAPE',
      '`yScore.indices` has 3 entries, but 2 rows x k = 2 need 4',
    ],
    [
      'scores of the wrong length',
      top([0, 1, 2, 0], [1, 2, 3]),
      'INVALID_SHAPE',
      '`yScore.scores` has 3 entries',
    ],
    [
      'an id out of range',
      top([0, 1, 2, 3], [1, 2, 3, 4]),
      'INVALID_ARGUMENT',
      'Row 1 of `yScore` lists label 3, outside [0, 3)',
    ],
    [
      'an id twice in a row',
      top([0, 1, 2, 2], [1, 2, 3, 4]),
      'INVALID_ARGUMENT',
      'Row 1 of `yScore` lists label 2 twice',
    ],
    [
      'a score given as a string',
      top([0, 1, 2, 0], [1, '2' as unknown as number, 3, 4]),
      'INVALID_ARGUMENT',
      '`yScore.scores[1]` is "2"',
    ],
    [
      'a NaN score',
      top([0, 1, 2, 0], [1, Number.NaN, 3, 4]),
      'NON_FINITE_VALUES',
      '`yScore.scores',
    ],
    [
      'a bad shape',
      top([0, 1, 2, 0], [1, 2, 3, 4], 2, [2, -3] as never),
      'INVALID_SHAPE',
      '`yScore.shape` must be [rows, labels]',
    ],
  ])('top-k predictions with %s', (_, yScore, code, message) => {
    const error = thrown(
      p(
        [
          [1, 0, 0],
          [0, 1, 0],
        ],
        yScore,
      ),
    );
    expect(error.code).toBe(code);
    expect(error.message).toContain(message);
  });

  it('a metric k above the predictions’ k, and shapes that disagree', () => {
    const yScore = top([0, 1, 2, 0], [1, 2, 3, 4]);
    const error = thrown(
      p(
        [
          [1, 0, 0],
          [0, 1, 0],
        ],
        yScore,
        3,
      ),
    );
    expect(error.code).toBe('INVALID_OPTION');
    expect(error.message).toContain('`k` is 3 but `yScore` lists only its 2 best labels per row');
    const mismatch = thrown(
      p(
        [
          [1, 0, 0, 0],
          [0, 1, 0, 0],
        ],
        yScore,
      ),
    );
    expect(mismatch.code).toBe('SHAPE_MISMATCH');
    expect(mismatch.message).toContain(
      '`yScore.shape` has shape [2, 3] but `yTrue` has shape [2, 4]',
    );
    expect(thrown(p(labels([0, 1, 2], [0, 1], [2, 4]), scores)).code).toBe('SHAPE_MISMATCH');
    expect(thrown(p(labels([0], [], [0, 3]), scores)).code).toBe('EMPTY_INPUT');
  });

  it('a row that lists fewer than k known labels (the rest missing in dense labels)', () => {
    const yTrue = { data: [1, -1, 0, 0, 1, 0], shape: [2, 3] as const };
    const yScore = top([1, 0, 1, 2], [0.9, 0.5, 0.8, 0.4]);
    const error = thrown(() => precisionAtK(yTrue, yScore, { k: 2, ignoreIndex: -1 }));
    expect(error.code).toBe('INVALID_ARGUMENT');
    expect(error.message).toContain('Row 0 of `yScore` lists 1 labels that are known in `yTrue`');
    expect(precisionAtK(yTrue, yScore, { k: 1, ignoreIndex: -1 })).toBe(1);
  });

  it('topKReport: bad labelGroups', () => {
    const run = (labelGroups: unknown) => () =>
      topKReport([[1, 0]], [[0.5, 0.2]], { k: 1, labelGroups: labelGroups as number[] });
    expect(thrown(run([0])).message).toContain('`labelGroups` must be an array of 2 group ids');
    expect(thrown(run([0, 2])).message).toContain(
      '`labelGroups[1]` is 2; group ids are integers from 0 to 1',
    );
    expect(thrown(run([0, -1])).code).toBe('INVALID_OPTION');
  });

  it('topKReport: normalize without propensities, and a zero total weight', () => {
    const error = thrown(() => topKReport([[1, 0]], [[0.5, 0.2]], { k: 1, normalize: false }));
    expect(error.code).toBe('INVALID_OPTION');
    expect(error.message).toContain('pass `propensities` too');
    expect(
      thrown(() => topKReport([[1, 0]], [[0.5, 0.2]], { k: 1, sampleWeight: [0] })).message,
    ).toContain('topKReport');
  });

  it('sparseLabelMatrix builds CSR from lists and names a bad list', () => {
    const y = sparseLabelMatrix([[2, 0], [], [1]], 4);
    expect(Array.from(y.indptr)).toEqual([0, 2, 2, 3]);
    expect(Array.from(y.indices)).toEqual([2, 0, 1]);
    expect(y.shape).toEqual([3, 4]);
    expect(thrown(() => sparseLabelMatrix([[0, 4]], 4)).message).toContain(
      '`labelLists[0][1]` is 4; label ids are integers in [0, 4)',
    );
    expect(thrown(() => sparseLabelMatrix([[1], [2, 2]], 4)).message).toContain(
      'Row 1 of `labelLists` lists label 2 twice',
    );
    expect(thrown(() => sparseLabelMatrix([[1]], 0)).code).toBe('INVALID_OPTION');
    expect(thrown(() => sparseLabelMatrix([1] as never, 2)).message).toContain('`labelLists[0]`');
  });

  it('leaves the caller’s arrays as they were', () => {
    const indices = Int32Array.of(2, 0, 1);
    precisionAtK({ indptr: [0, 2, 3], indices, shape: [2, 3] }, scores, { k: 1 });
    expect(Array.from(indices)).toEqual([2, 0, 1]);
  });
});

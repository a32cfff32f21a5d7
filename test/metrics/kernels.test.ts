/**
 * The shared kernels against plain definitions: the counting kernel (per label and per row,
 * weighted, missing cells skipped, and its at-threshold variant), the unweighted per-label fast
 * path of AP and ROC AUC against the general curve path (heavy ties, wide buckets, float32),
 * the per-row ranker on long rows, and the exact row matches (from labels read and from float32
 * bits).
 */
import { test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import {
  countConfusion,
  countConfusionAtThresholds,
  FN,
  FP,
  TN,
  TP,
} from '../../src/core/kernels/confusion-counts.js';
import {
  forEachLabelRanks,
  forEachLabelRanksOfFloat32,
} from '../../src/core/kernels/label-ranks.js';
import { matchRows, matchRowsOfFloat32 } from '../../src/core/kernels/row-matches.js';
import { toLabelMatrix } from '../../src/core/label-matrix.js';
import { toFloatMatrix } from '../../src/core/matrix-input.js';
import { SeededRandom } from '../../src/core/random.js';
import * as m from '../../src/metrics/index.js';
import { RowRanker } from '../../src/metrics/row-ranking.js';
import { fc, metricProblem } from '../fc.js';
import * as d from './definitions.js';

describe('countConfusion', () => {
  test.prop([metricProblem({ second: 'predictions', missing: true, weights: 'fractional' })])(
    'counts [tn, fp, fn, tp] per label (weighted) and per row (unweighted), skipping missing cells',
    ({ yTrue, y, sampleWeight }) => {
      const truth = toLabelMatrix(yTrue, 'yTrue', { ignoreIndex: -1 });
      const predicted = toLabelMatrix(y, 'yPred');
      const weights = sampleWeight === undefined ? undefined : Float64Array.from(sampleWeight);
      const counts = countConfusion(truth, predicted, { sampleWeight: weights, perRow: true });
      const cols = yTrue[0].length;
      for (let j = 0; j < cols; j++) {
        const want = [0, 0, 0, 0];
        yTrue.forEach((row, i) => {
          if (row[j] !== -1) want[2 * row[j] + y[i][j]] += weights === undefined ? 1 : weights[i];
        });
        const got = Array.from(counts.perLabel.subarray(4 * j, 4 * j + 4));
        got.forEach((v, k) => {
          expect(v).toBeCloseTo(want[k], 12);
        });
      }
      yTrue.forEach((row, i) => {
        const want = [0, 0, 0, 0];
        row.forEach((t, j) => {
          if (t !== -1) want[2 * t + y[i][j]]++;
        });
        expect(Array.from((counts.perRow as Int32Array).subarray(4 * i, 4 * i + 4))).toEqual(want);
      });
      expect([TN, FP, FN, TP]).toEqual([0, 1, 2, 3]);
    },
  );

  test.prop([
    metricProblem({ second: 'scores', missing: true, weights: 'integer' }),
    fc.double({ min: -3, max: 3, noNaN: true }),
  ])(
    'at thresholds equals counting the thresholded predictions',
    ({ yTrue, y, sampleWeight }, threshold) => {
      const truth = toLabelMatrix(yTrue, 'yTrue', { ignoreIndex: -1 });
      const thresholds = new Float64Array(yTrue[0].length).map((_, j) => threshold + j / 4);
      const predictions = y.map((row) => row.map((v, j) => (v >= thresholds[j] ? 1 : 0)));
      const weights = sampleWeight === undefined ? undefined : Float64Array.from(sampleWeight);
      const direct = countConfusion(truth, toLabelMatrix(predictions, 'yPred'), {
        sampleWeight: weights,
        perRow: true,
      });
      const fused = countConfusionAtThresholds(truth, toFloatMatrix(y, 'yScore'), thresholds, {
        sampleWeight: weights,
        perRow: true,
      });
      expect(Array.from(fused.perLabel)).toEqual(Array.from(direct.perLabel));
      expect(Array.from(fused.perRow as Int32Array)).toEqual(
        Array.from(direct.perRow as Int32Array),
      );
    },
  );
});

/** Unit weights route AP and ROC AUC through the general (sorted curve) path. */
const ones = (n: number): number[] => Array<number>(n).fill(1);

describe('matchRows and matchRowsOfFloat32', () => {
  test.prop([metricProblem({ second: 'predictions', missing: true })])(
    'flag each row whose known cells all match (-1 without a known cell), from labels and from bits',
    ({ yTrue, y }) => {
      const want = yTrue.map((row, i) =>
        row.every((t) => t === -1) ? -1 : row.every((t, j) => t === -1 || t === y[i][j]) ? 1 : 0,
      );
      const truth = toLabelMatrix(yTrue, 'yTrue', { ignoreIndex: -1 });
      const predicted = toLabelMatrix(y, 'yPred');
      expect(Array.from(matchRows(truth, predicted))).toEqual(want);
      const rows = yTrue.length;
      const cols = yTrue[0].length;
      const bits = matchRowsOfFloat32(
        Float32Array.from(yTrue.flat()),
        Float32Array.from(y.flat()),
        rows,
        cols,
      );
      // A missing cell (-1) is no plain 0/1 word: the float32 pass gives up on it.
      if (yTrue.some((row) => row.includes(-1))) expect(bits).toBeUndefined();
      else expect(Array.from(bits as Int8Array)).toEqual(want);
    },
  );

  it('checks every cell of a row after its first difference', () => {
    const truth = Float32Array.from([1, 0, 0, 1, 1, 0]);
    for (const bad of [-0, 0.5, Number.NaN, 2]) {
      const pred = Float32Array.from([0, 0, bad, 1, 1, 0]);
      expect(matchRowsOfFloat32(truth, pred, 2, 3)).toBeUndefined();
    }
    const pred = Float32Array.from([0, 0, 0, 1, 1, 0]);
    expect(Array.from(matchRowsOfFloat32(truth, pred, 2, 3) as Int8Array)).toEqual([0, 1]);
  });
});

describe('the unweighted fast path of average precision and ROC AUC', () => {
  const tiedColumns = fc
    .tuple(
      fc.integer({ min: 2, max: 400 }),
      fc.integer({ min: 1, max: 3 }),
      fc.integer({ min: 1, max: 6 }),
    )
    .chain(([rows, cols, levels]) =>
      fc.record({
        yTrue: fc.array(
          fc.array(fc.constantFrom(0, 1, 1, -1), { minLength: cols, maxLength: cols }),
          { minLength: rows, maxLength: rows },
        ),
        y: fc.array(
          fc.array(
            fc.integer({ min: 0, max: levels }).map((v) => v / levels),
            { minLength: cols, maxLength: cols },
          ),
          {
            minLength: rows,
            maxLength: rows,
          },
        ),
      }),
    );

  test.prop([tiedColumns, fc.boolean()], { numRuns: 80 })(
    'equals the general curve path on heavily tied scores (float64 and float32)',
    ({ yTrue, y }, float32) => {
      const scores = float32
        ? { data: Float32Array.from(y.flat()), shape: [y.length, y[0].length] as [number, number] }
        : y;
      for (const average of ['micro', 'macro', 'weighted', 'none'] as const) {
        const fast = outcome(() =>
          m.averagePrecisionScore(yTrue, scores, { average, ignoreIndex: -1 }),
        );
        const general = outcome(() =>
          m.averagePrecisionScore(yTrue, scores, {
            average,
            ignoreIndex: -1,
            sampleWeight: ones(y.length),
          }),
        );
        expect(fast).toEqual(general);
        const fastAuc = outcome(() => m.rocAucScore(yTrue, scores, { average, ignoreIndex: -1 }));
        const generalAuc = outcome(() =>
          m.rocAucScore(yTrue, scores, { average, ignoreIndex: -1, sampleWeight: ones(y.length) }),
        );
        if (typeof fastAuc === 'string' || typeof generalAuc === 'string')
          expect(fastAuc).toEqual(generalAuc);
        else {
          list(fastAuc).forEach((v, j) => {
            expect(v).toBeCloseTo(list(generalAuc)[j], 12);
          });
        }
      }
    },
  );

  it('handles buckets with many positives, equal positives, and negatives outside their range', () => {
    const random = new SeededRandom(11);
    const rows = 5000;
    const yTrue: number[][] = [];
    const yScore: number[][] = [];
    for (let r = 0; r < rows; r++) {
      const u = random.nextFloat();
      // Label 0: most positives share one score; label 1: positives in a narrow band, negatives
      // far below and far above it; label 2: a single distinct positive score.
      yTrue.push([u < 0.4 ? 1 : 0, u < 0.3 ? 1 : 0, u < 0.2 ? 1 : 0]);
      yScore.push([
        u < 0.35 ? 0.5 : random.nextFloat(),
        u < 0.3 ? 0.5 + random.nextFloat() * 1e-6 : random.nextFloat() < 0.5 ? -10 : 10,
        u < 0.2 ? 0.25 : random.nextFloat(),
      ]);
    }
    const fast = m.averagePrecisionScore(yTrue, yScore, { average: 'none' });
    const general = m.averagePrecisionScore(yTrue, yScore, {
      average: 'none',
      sampleWeight: ones(rows),
    });
    expect(Array.from(fast)).toEqual(Array.from(general));
    const columns = [0, 1, 2].map((j) =>
      d.binaryAuc(yTrue.map((row, i) => [row[j], yScore[i][j], 1])),
    );
    Array.from(m.rocAucScore(yTrue, yScore, { average: 'none' })).forEach((v, j) => {
      expect(v).toBeCloseTo(columns[j], 12);
    });
    expect(m.averagePrecisionScore(yTrue, yScore, { average: 'micro' })).toBe(
      m.averagePrecisionScore(yTrue, yScore, { average: 'micro', sampleWeight: ones(rows) }),
    );
  });
});

describe('forEachLabelRanks', () => {
  /**
   * Columns with their own density (all-negative and all-positive among them), missing cells,
   * tied scores on a few levels or distinct ones, enough rows and columns to cross the copy's
   * row tiles and column blocks.
   */
  const columns = fc
    .record({
      rows: fc.integer({ min: 1, max: 1300 }),
      // Past 32: a float32 copy's block of columns (16 for float64).
      cols: fc.integer({ min: 1, max: 40 }),
      // 0: distinct scores; -1: a narrow band with -0, +0 and extreme outliers around it.
      levels: fc.constantFrom(1, 2, 5, 0, -1),
      missing: fc.constantFrom(0, 0.1),
      float32: fc.boolean(),
      seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
    })
    .map(({ rows, cols, levels, missing, float32, seed }) => {
      const random = new SeededRandom(seed);
      const density = Array.from({ length: cols }, () => [0, 0.02, 0.3, 0.9, 1][random.nextInt(5)]);
      const t = new Int8Array(rows * cols);
      const s = float32 ? new Float32Array(rows * cols) : new Float64Array(rows * cols);
      for (let i = 0; i < rows * cols; i++) {
        const u = random.nextFloat();
        t[i] = random.nextFloat() < missing ? -1 : u < density[i % cols] ? 1 : 0;
        const v = random.nextFloat();
        s[i] =
          levels === 0
            ? v * 2 - 1
            : levels === -1
              ? extreme(v, random.nextFloat())
              : Math.floor(v * (levels + 1)) / levels;
      }
      return { rows, cols, t, s };
    });

  /** A score of a narrow band, or -0, +0 or an outlier far beyond the band's buckets. */
  function extreme(v: number, w: number): number {
    if (v < 0.1) return w < 0.5 ? -1e30 : 3e38;
    if (v < 0.2) return w < 0.5 ? -0 : 0;
    return 0.5 + w * 1e-6;
  }

  test.prop([columns], { numRuns: 60 })(
    'gives, per positive, the negatives scoring at least as high and higher, as counted directly',
    ({ rows, cols, t, s }) => {
      const seen: number[] = [];
      forEachLabelRanks({ data: t, rows, cols }, { data: s, rows, cols }, (j, ranks) => {
        seen.push(j);
        const positives: number[] = [];
        const negatives: number[] = [];
        for (let r = 0; r < rows; r++) {
          const label = t[r * cols + j];
          if (label === 1) positives.push(s[r * cols + j]);
          else if (label === 0) negatives.push(s[r * cols + j]);
        }
        positives.sort((a, b) => a - b);
        expect([ranks.positiveCount, ranks.negativeCount]).toEqual([
          positives.length,
          negatives.length,
        ]);
        // The float32 sort gives -0 back as +0 (equal scores): compare -0 as +0.
        expect(Array.from(ranks.values.subarray(0, positives.length), (x) => x + 0)).toEqual(
          positives.map((x) => x + 0),
        );
        const atLeast = positives.map((p) => negatives.filter((x) => x >= p).length);
        const above = positives.map((p) => negatives.filter((x) => x > p).length);
        expect(Array.from(ranks.negativesAtLeast.subarray(0, positives.length))).toEqual(atLeast);
        expect(Array.from(ranks.negativesAbove.subarray(0, positives.length))).toEqual(above);
      });
      expect(seen).toEqual(Array.from({ length: cols }, (_, j) => j));
    },
  );
});

describe('forEachLabelRanksOfFloat32', () => {
  /** A snapshot of one label's ranks. */
  const snapshot = (ranks: {
    positiveCount: number;
    negativeCount: number;
    values: ArrayLike<number>;
    negativesAtLeast: Int32Array;
    negativesAbove: Int32Array;
  }) => {
    const p = ranks.positiveCount;
    return {
      counts: [p, ranks.negativeCount],
      values: Array.from(ranks.values).slice(0, p),
      atLeast: Array.from(ranks.negativesAtLeast.subarray(0, p)),
      above: Array.from(ranks.negativesAbove.subarray(0, p)),
    };
  };

  /**
   * Float32 labels and scores over several row tiles of the copy (256 rows) and past a
   * 32-column block, with tied scores, and at most one bad cell: a label that is not +0 or 1
   * (-0, 0.5, 2, NaN, Infinity) or a score that is not finite.
   */
  const cells = fc
    .record({
      rows: fc.integer({ min: 1, max: 900 }),
      cols: fc.integer({ min: 1, max: 40 }),
      levels: fc.constantFrom(3, 0),
      seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
      bad: fc.option(
        fc.record({
          at: fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
          inLabels: fc.boolean(),
          value: fc.constantFrom(-0, 0.5, 2, Number.NaN, Number.POSITIVE_INFINITY),
        }),
        { nil: undefined },
      ),
    })
    .map(({ rows, cols, levels, seed, bad }) => {
      const random = new SeededRandom(seed);
      const density = Array.from({ length: cols }, () => [0, 0.05, 0.5, 1][random.nextInt(4)]);
      const labels = new Float32Array(rows * cols);
      const scores = new Float32Array(rows * cols);
      for (let i = 0; i < rows * cols; i++) {
        labels[i] = random.nextFloat() < density[i % cols] ? 1 : 0;
        const v = random.nextFloat();
        scores[i] = levels === 0 ? v : Math.floor(v * levels) / levels;
      }
      let badCell = -1;
      if (bad !== undefined) {
        badCell = Math.floor(bad.at * rows * cols);
        // The finite values are fine scores: those only go to the labels.
        if (bad.inLabels || Number.isFinite(bad.value)) labels[badCell] = bad.value;
        else scores[badCell] = bad.value;
      }
      return { rows, cols, labels, scores, badCell };
    });

  test.prop([cells], { numRuns: 80 })(
    'ranks each label as forEachLabelRanks does, or stops before the block of the first bad cell',
    ({ rows, cols, labels, scores, badCell }) => {
      const seen: { j: number; ranks: ReturnType<typeof snapshot> }[] = [];
      const ok = forEachLabelRanksOfFloat32(labels, scores, rows, cols, (j, ranks) => {
        seen.push({ j, ranks: snapshot(ranks) });
      });
      expect(ok).toBe(badCell < 0);
      // A bad cell stops the copy of its block of 32 columns: the blocks before it were ranked.
      const ranked = badCell < 0 ? cols : Math.floor((badCell % cols) / 32) * 32;
      const expected: typeof seen = [];
      const t = Int8Array.from(labels, (x) => (x === 1 ? 1 : 0));
      forEachLabelRanks(
        { data: t, rows, cols },
        { data: scores, rows, cols },
        (j, ranks) => {
          expected.push({ j, ranks: snapshot(ranks) });
        },
        0,
        ranked,
      );
      expect(seen).toEqual(expected);
    },
  );
});

describe('RowRanker.countMisorderedPairs', () => {
  /** Rows of up to 40 cells, from all negative to all positive, with missing cells and ties. */
  const rows = fc
    .record({ cols: fc.integer({ min: 1, max: 40 }), density: fc.integer({ min: 0, max: 10 }) })
    .chain(({ cols, density }) =>
      fc.array(
        fc.record({
          t: fc.integer({ min: 0, max: 10 }).map((v) => (v === 10 ? -1 : v < density ? 1 : 0)),
          s: fc.oneof(
            fc.integer({ min: -3, max: 3 }).map((v) => v / 2),
            fc.constant(-0),
            fc.double({ min: -5, max: 5, noNaN: true }),
          ),
        }),
        { minLength: cols, maxLength: cols },
      ),
    );

  test.prop([fc.array(rows, { minLength: 1, maxLength: 4 })])(
    'counts the (positive, negative) pairs with the negative scoring >= the positive, as load does',
    (sample) => {
      const ranker = new RowRanker();
      for (const row of sample) {
        const truth = Int8Array.from(row, (c) => c.t);
        for (const scores of [
          Float64Array.from(row, (c) => c.s),
          Float32Array.from(row, (c) => c.s),
        ]) {
          let want = 0;
          for (const a of row.keys()) {
            for (const b of row.keys()) {
              if (truth[a] === 1 && truth[b] === 0 && scores[b] >= scores[a]) want++;
            }
          }
          const pairs = ranker.countMisorderedPairs(truth, scores, 0, row.length);
          expect(pairs).toBe(want);
          expect([ranker.positives, ranker.negatives]).toEqual([
            row.filter((c) => c.t === 1).length,
            row.filter((c) => c.t === 0).length,
          ]);
          ranker.load(truth, scores, 0, row.length, false);
          expect(
            ranker.positives === 0 || ranker.negatives === 0 ? 0 : ranker.misorderedPairs(),
          ).toBe(want);
        }
      }
    },
  );
});

describe('the row ranker on long rows', () => {
  it('matches the definitions when rows have more positives than its insertion sort handles', () => {
    const random = new SeededRandom(3);
    const yTrue = Array.from({ length: 40 }, () =>
      Array.from({ length: 120 }, () => (random.nextFloat() < 0.5 ? 1 : 0)),
    );
    const yScore = yTrue.map((row) =>
      row.map((t) => Math.round((t * 0.3 + random.nextFloat()) * 20) / 20),
    );
    expect(m.labelRankingAveragePrecision(yTrue, yScore)).toBeCloseTo(d.lrap(yTrue, yScore), 12);
    expect(m.labelRankingLoss(yTrue, yScore)).toBeCloseTo(d.rankingLoss(yTrue, yScore), 12);
    expect(m.coverageError(yTrue, yScore)).toBeCloseTo(d.coverage(yTrue, yScore), 12);
    expect(m.ndcgScore(yTrue, yScore, { ignoreTies: true })).toBeCloseTo(
      d.ndcg(yTrue, yScore, { ignoreTies: true }),
      12,
    );
  });
});

function outcome(run: () => number | Float64Array): number | number[] | string {
  try {
    const v = run();
    return typeof v === 'number' ? v : Array.from(v);
  } catch (error) {
    return (error as m.MultilabelError).code;
  }
}

function list(v: number | number[]): number[] {
  return typeof v === 'number' ? [v] : v;
}

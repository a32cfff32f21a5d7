import { test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { sigmoid, softplus } from '../../src/core/logistic.js';
import { type MarkLikelyMissingOptions, markLikelyMissing } from '../../src/data/index.js';
import {
  fitPenalizedLogistic,
  type LogisticDesign,
  linearPredictor,
  logisticDesign,
} from '../../src/data/penalized-logistic-fit.js';
import { fc } from '../fc.js';
import { type Golden, itUsesScikitLearn12, numbered, readGolden } from '../golden.js';
import { thrown } from '../thrown.js';

interface GoldenCase {
  yTrue: number[][];
  yScore: number[][];
  options: MarkLikelyMissingOptions;
  missingProbability: (number | null)[][];
  labels: number[][];
  markedPerLabel: number[];
}

const golden = readGolden<Golden<GoldenCase>>('mark-likely-missing-golden.json');

describe('markLikelyMissing: scikit-learn 1.2 golden values', () => {
  itUsesScikitLearn12(golden, 24);
  it.each(numbered(golden.cases))(
    'case %i: the probabilities of LogisticRegression and the same marks',
    (_, c) => {
      const result = markLikelyMissing(c.yTrue, c.yScore, { ...c.options, ignoreIndex: -1 });
      const cols = c.yTrue[0].length;
      expect(result.labels.shape).toEqual([c.yTrue.length, cols]);
      c.missingProbability.flat().forEach((expected, i) => {
        const actual = result.missingProbability.data[i];
        if (expected === null) expect(actual).toBeNaN();
        // scikit-learn's newton-cg stops within about 3e-8 of the optimum; ours is exact.
        else expect(Math.abs(actual - expected)).toBeLessThan(1e-6);
      });
      expect(Array.from(result.labels.data)).toEqual(c.labels.flat());
      expect(Array.from(result.markedPerLabel)).toEqual(c.markedPerLabel);
    },
  );
});

describe('markLikelyMissing: closed forms', () => {
  it('with one label and constant scores, gives each fold the positive rate of the others', () => {
    // No other label and no score signal: the model is its intercept, the training share.
    const y = [[1], [0], [0], [1], [1], [0], [0], [0]];
    const scores = y.map(() => [0]);
    const folds = [0, 0, 0, 0, 1, 1, 1, 1];
    const result = markLikelyMissing(y, scores, { keepRate: 0.5, folds });
    // Fold 0 learns from rows 4-7 (1 of 4 positive), fold 1 from rows 0-3 (2 of 4).
    const expected = [NaN, 0.25, 0.25, NaN, NaN, 0.5, 0.5, 0.5];
    expected.forEach((p, r) => {
      if (Number.isNaN(p)) expect(result.missingProbability.data[r]).toBeNaN();
      else expect(result.missingProbability.data[r]).toBeCloseTo(p, 12);
    });
    // 3 positives at keep rate 1/2: 3 missing, the three 0s of fold 1 (ties keep row order).
    expect(Array.from(result.labels.data)).toEqual([1, 0, 0, 1, 1, -1, -1, -1]);
    expect(Array.from(result.markedPerLabel)).toEqual([3]);
  });

  it('marks round(positives (1 - c) / c) cells per label, at most its 0s', () => {
    const y = Array.from({ length: 10 }, (_, r) => [r < 3 ? 1 : 0, r < 2 ? 1 : 0, r < 9 ? 1 : 0]);
    const scores = y.map((row, r) => row.map((v) => v + r / 100));
    // Label 0: 3 x 0.5 / 0.5 = 3; label 1: 2 x 1/3 = 0.67 -> 1; label 2: 9 x 3 = 27 -> its 1 zero.
    const result = markLikelyMissing(y, scores, { keepRate: [0.5, 0.75, 0.25], nFolds: 2 });
    expect(Array.from(result.markedPerLabel)).toEqual([3, 1, 1]);
  });

  it('with keepRate 1 marks nothing and writes the marker into the cells unknown on input', () => {
    const y = [
      [1, Number.NaN],
      [0, 1],
      [-1, 0],
      [1, 0],
    ];
    const scores = [
      [1, 0],
      [0, 1],
      [2, 0],
      [1, 1],
    ];
    const result = markLikelyMissing(y, scores, {
      keepRate: 1,
      ignoreIndex: -1,
      marker: 255,
      nFolds: 2,
    });
    expect(Array.from(result.labels.data)).toEqual([1, 255, 0, 1, 255, 0, 1, 0]);
    expect(Array.from(result.markedPerLabel)).toEqual([0, 0]);
    const nan = markLikelyMissing(y, scores, {
      keepRate: 1,
      ignoreIndex: -1,
      marker: Number.NaN,
      nFolds: 2,
    });
    expect(Array.from(nan.labels.data).map(Number.isNaN)).toEqual([
      false,
      true,
      false,
      false,
      true,
      false,
      false,
      false,
    ]);
  });

  it('reads the other labels: a row tagged with a label that goes with the missing one ranks first', () => {
    // Label 1 is tagged with label 0 in rows 0-9; row 10 has label 0 without it, row 11 neither.
    const y = Array.from({ length: 24 }, (_, r) =>
      r < 10 ? [1, 1] : r === 10 ? [1, 0] : r < 17 ? [0, 0] : [1, 1],
    );
    const scores = y.map(() => [0, 0]);
    const result = markLikelyMissing(y, scores, { keepRate: [1, 0.95], nFolds: 3, seed: 3 });
    expect(Array.from(result.markedPerLabel)).toEqual([0, 1]);
    expect(result.labels.data[10 * 2 + 1]).toBe(-1);
  });
});

/** Labels (0/1, some -1), logits and the options of one random problem. */
const problems = fc
  .record({
    rows: fc.integer({ min: 4, max: 30 }),
    cols: fc.integer({ min: 1, max: 5 }),
    k: fc.integer({ min: 2, max: 4 }),
    seed: fc.integer({ min: 0, max: 1000 }),
  })
  .chain(({ rows, cols, k, seed }) =>
    fc.record({
      rows: fc.constant(rows),
      cols: fc.constant(cols),
      y: fc.array(fc.constantFrom(0, 0, 1, 1, 0, -1), {
        minLength: rows * cols,
        maxLength: rows * cols,
      }),
      scores: fc.array(fc.double({ min: -6, max: 6, noNaN: true }), {
        minLength: rows * cols,
        maxLength: rows * cols,
      }),
      keepRate: fc.array(fc.double({ min: 0.05, max: 1, noNaN: true }), {
        minLength: cols,
        maxLength: cols,
      }),
      folds: fc.constant(Math.min(k, rows)),
      seed: fc.constant(seed),
      l2: fc.constantFrom(0.1, 1, 10),
      contextLabels: fc.integer({ min: 0, max: 5 }),
    }),
  );

/** The options of a problem. */
const optionsOf = (p: {
  keepRate: number[];
  folds: number;
  seed: number;
  l2: number;
  contextLabels: number;
}) => ({
  ignoreIndex: -1,
  keepRate: p.keepRate,
  nFolds: p.folds,
  seed: p.seed,
  l2: p.l2,
  contextLabels: p.contextLabels,
});

const matrix = (data: ArrayLike<number>, cols: number) => ({
  data: Float64Array.from(data),
  shape: [data.length / cols, cols] as [number, number],
});

describe('markLikelyMissing: properties', () => {
  test.prop([problems])(
    'marks only 0 cells, the expected count per label, the highest probabilities first',
    (p) => {
      const result = markLikelyMissing(matrix(p.y, p.cols), matrix(p.scores, p.cols), optionsOf(p));
      for (let j = 0; j < p.cols; j++) {
        const cells = Array.from({ length: p.rows }, (_, r) => r * p.cols + j);
        const zeros = cells.filter((i) => p.y[i] === 0);
        const positives = cells.filter((i) => p.y[i] === 1).length;
        const c = p.keepRate[j];
        const expected = Math.min(zeros.length, Math.round((positives * (1 - c)) / c));
        const marked = zeros.filter((i) => result.labels.data[i] === -1);
        expect(marked.length).toBe(expected);
        expect(result.markedPerLabel[j]).toBe(expected);
        for (const i of cells) {
          const q = result.missingProbability.data[i];
          if (p.y[i] !== 0) {
            expect(q).toBeNaN();
            expect(result.labels.data[i]).toBe(p.y[i]);
          } else {
            expect(q).toBeGreaterThanOrEqual(0);
            expect(q).toBeLessThanOrEqual(1);
          }
        }
        // Every marked 0 outranks every unmarked one (equal probabilities: the lower row).
        for (const a of marked) {
          for (const b of zeros.filter((i) => result.labels.data[i] === 0)) {
            const qa = result.missingProbability.data[a];
            const qb = result.missingProbability.data[b];
            expect(qa > qb || (qa === qb && a < b)).toBe(true);
          }
        }
      }
    },
  );

  test.prop([problems, fc.nat(), fc.nat()])(
    "is cross-fitted: a cell's probability ignores its label's other cells in its fold",
    (p, pick, flipPick) => {
      const fold = Array.from({ length: p.rows }, (_, r) => r % p.folds);
      const options = {
        ...optionsOf(p),
        nFolds: undefined,
        seed: undefined,
        folds: fold,
        contextLabels: 5,
      };
      const before = markLikelyMissing(matrix(p.y, p.cols), matrix(p.scores, p.cols), options);
      const zeros = p.y.flatMap((v, i) => (v === 0 ? [i] : []));
      if (zeros.length === 0) return;
      const cell = zeros[pick % zeros.length];
      const [row, j] = [Math.floor(cell / p.cols), cell % p.cols];
      const sameFold = Array.from({ length: p.rows }, (_, r) => r).filter(
        (r) => r !== row && fold[r] === fold[row],
      );
      if (sameFold.length === 0) return;
      const other = sameFold[flipPick % sameFold.length] * p.cols + j;
      const y = p.y.slice();
      y[other] = y[other] === 1 ? 0 : 1;
      const after = markLikelyMissing(matrix(y, p.cols), matrix(p.scores, p.cols), options);
      // Equal to the fits' convergence: each fold's fit starts from the previous fold's optimum.
      expect(
        Math.abs(after.missingProbability.data[cell] - before.missingProbability.data[cell]),
      ).toBeLessThan(1e-9);
    },
  );

  test.prop([problems, fc.integer({ min: 0, max: 1000 })])(
    'gives permuted rows and labels the permuted probabilities and marks',
    (p, seed) => {
      const fold = Array.from({ length: p.rows }, (_, r) => (r * 7 + seed) % p.folds);
      const rowOrder = Array.from({ length: p.rows }, (_, r) => r).sort(
        (a, b) => ((a * 31 + seed) % p.rows) - ((b * 31 + seed) % p.rows) || a - b,
      );
      const colOrder = Array.from({ length: p.cols }, (_, j) => p.cols - 1 - j);
      const at = (values: number[], r: number, j: number) => values[r * p.cols + j];
      const permute = (values: number[]) =>
        rowOrder.flatMap((r) => colOrder.map((j) => at(values, r, j)));
      // Every other label in the context, so the label order cannot matter.
      const options = { keepRate: p.keepRate[0], ignoreIndex: -1, l2: p.l2, contextLabels: 5 };
      const a = markLikelyMissing(matrix(p.y, p.cols), matrix(p.scores, p.cols), {
        ...options,
        folds: fold,
      });
      const b = markLikelyMissing(matrix(permute(p.y), p.cols), matrix(permute(p.scores), p.cols), {
        ...options,
        folds: rowOrder.map((r) => fold[r]),
      });
      const expected = permute(Array.from(a.missingProbability.data));
      expected.forEach((q, i) => {
        const actual = b.missingProbability.data[i];
        if (Number.isNaN(q)) expect(actual).toBeNaN();
        else expect(Math.abs(actual - q)).toBeLessThan(1e-9);
      });
      // The marks agree wherever the ranking has no near-tie at a label's cut.
      for (let j = 0; j < p.cols; j++) {
        const jb = colOrder.indexOf(j);
        const probabilities = Array.from({ length: p.rows }, (_, r) =>
          at(Array.from(a.missingProbability.data), r, j),
        ).filter((q) => !Number.isNaN(q));
        const sorted = probabilities.sort((x, y) => y - x);
        const cut = a.markedPerLabel[j];
        if (cut > 0 && cut < sorted.length && sorted[cut - 1] - sorted[cut] < 1e-6) continue;
        expect(b.markedPerLabel[jb]).toBe(a.markedPerLabel[j]);
        rowOrder.forEach((r, i) => {
          expect(Object.is(b.labels.data[i * p.cols + jb], a.labels.data[r * p.cols + j])).toBe(
            true,
          );
        });
      }
    },
  );
});

/** A random design: a real feature and up to `features` 0/1 features per row, with targets. */
const designs = fc
  .record({ rows: fc.integer({ min: 2, max: 40 }), features: fc.integer({ min: 0, max: 6 }) })
  .chain(({ rows, features }) =>
    fc.record({
      value: fc.array(fc.double({ min: -50, max: 50, noNaN: true }), {
        minLength: rows,
        maxLength: rows,
      }),
      sets: fc.array(fc.subarray(Array.from({ length: features }, (_, f) => f)), {
        minLength: rows,
        maxLength: rows,
      }),
      targets: fc
        .array(fc.constantFrom(0, 1), { minLength: rows, maxLength: rows })
        .filter((t) => t.includes(0) && t.includes(1)),
      features: fc.constant(features),
      l2: fc.constantFrom(1e-3, 0.1, 1, 100),
    }),
  );

describe('fitPenalizedLogistic', () => {
  test.prop([designs])(
    "zeroes the penalised objective's gradient (the optimum of a strictly convex loss)",
    (g) => {
      const start = Int32Array.from([0, ...g.sets.map((s) => s.length)]);
      for (let r = 1; r < start.length; r++) start[r] += start[r - 1];
      const design: LogisticDesign = logisticDesign(
        Float64Array.from(g.value),
        start,
        Int32Array.from(g.sets.flat()),
        g.features,
      );
      // The coefficients are in the design's units: the slope multiplies value / scale.
      const largest = Math.max(...g.value.map(Math.abs));
      expect(design.scale).toBe(largest < 2 ** -256 ? 1 : 2 ** Math.ceil(Math.log2(largest)));
      const rows = Int32Array.from(g.value, (_, r) => r);
      const targets = Uint8Array.from(g.targets);
      const theta = fitPenalizedLogistic(design, targets, rows, g.l2);
      // The gradient by its definition, with the size of its terms for a relative tolerance.
      const d = g.features + 2;
      const gradient = new Float64Array(d);
      const size = new Float64Array(d).fill(1);
      let loss = 0;
      g.value.forEach((v, r) => {
        const u = linearPredictor(design, theta, r);
        loss += softplus(u) - g.targets[r] * u;
        const e = sigmoid(u) - g.targets[r];
        const x = [
          1,
          v / design.scale,
          ...Array.from({ length: g.features }, (_, f) => (g.sets[r].includes(f) ? 1 : 0)),
        ];
        x.forEach((xk, k) => {
          gradient[k] += e * xk;
          size[k] += Math.abs(xk);
        });
      });
      for (let k = 1; k < d; k++) {
        // On value / scale, the penalty l2 w^2 / 2 of the slope w on value reads l2 / scale^2.
        const l2 = k === 1 ? g.l2 / design.scale ** 2 : g.l2;
        gradient[k] += l2 * theta[k];
        size[k] += l2 * Math.abs(theta[k]);
      }
      for (let k = 0; k < d; k++) expect(Math.abs(gradient[k])).toBeLessThan(1e-7 * size[k]);
      expect(Number.isFinite(loss)).toBe(true);
    },
  );

  it('fits scores too large to square in doubles, and scores too small to matter', () => {
    const design = (value: number[]) =>
      logisticDesign(
        Float64Array.from(value),
        new Int32Array(value.length + 1),
        new Int32Array(0),
        0,
      );
    const rows = Int32Array.from([0, 1, 2, 3]);
    const targets = Uint8Array.from([0, 1, 0, 1]);
    const probabilities = (values: number[]) => {
      const d = design(values);
      const theta = fitPenalizedLogistic(d, targets, rows, 1);
      return Array.from(rows, (r) => sigmoid(linearPredictor(d, theta, r)));
    };
    // Divided by their scale (2^665), the huge scores are a small problem of their own.
    const huge = probabilities([-1e200, 1e200, -2e200, 2e200]);
    expect(huge.every(Number.isFinite)).toBe(true);
    expect(huge[3]).toBeGreaterThan(huge[1]);
    expect(huge[1]).toBeGreaterThan(0.5);
    expect(huge[0]).toBeLessThan(0.5);
    // Scores near the largest double (their scale would be 2^1024 = Infinity) still count.
    const largest = probabilities([-1e308, 1e308, -1.5e308, 1.5e308]);
    expect(largest[3]).toBeGreaterThan(largest[1]);
    expect(largest[1]).toBeGreaterThan(0.5);
    // Scores under 2^-256 cannot move a probability: the fit is the intercept alone.
    expect(probabilities([-1e-300, 1e-300, 0, 0])).toEqual([0.5, 0.5, 0.5, 0.5]);
  });
});

describe('markLikelyMissing: errors', () => {
  const y = [
    [1, 0],
    [0, 1],
    [1, 1],
    [0, 0],
  ];
  const s = [
    [1, 0],
    [0, 1],
    [1, 1],
    [0, 0],
  ];
  it.each([
    [
      'a missing keepRate',
      () => markLikelyMissing(y, s, {} as never),
      'INVALID_OPTION',
      /keepRate.*required/,
    ],
    [
      'no options',
      () => markLikelyMissing(y, s, undefined as never),
      'INVALID_OPTION',
      /keepRate.*required/,
    ],
    ['keepRate 0', () => markLikelyMissing(y, s, { keepRate: 0 }), 'INVALID_OPTION', /keepRate/],
    [
      'keepRate 1.5',
      () => markLikelyMissing(y, s, { keepRate: 1.5 }),
      'INVALID_OPTION',
      /keepRate/,
    ],
    [
      'a keepRate per row',
      () => markLikelyMissing(y, s, { keepRate: [0.5, 0.5, 0.5] }),
      'SHAPE_MISMATCH',
      /3 values but `yTrue` has 2 labels/,
    ],
    [
      'a keepRate that is text',
      () => markLikelyMissing(y, s, { keepRate: '0.5' as never }),
      'INVALID_OPTION',
      /keepRate/,
    ],
    [
      'a NaN in keepRate',
      () => markLikelyMissing(y, s, { keepRate: [0.5, Number.NaN] }),
      'INVALID_OPTION',
      /keepRate\[1\]/,
    ],
    [
      'marker 0.5',
      () => markLikelyMissing(y, s, { keepRate: 0.5, marker: 0.5 }),
      'INVALID_OPTION',
      /marker/,
    ],
    [
      'nFolds 1',
      () => markLikelyMissing(y, s, { keepRate: 0.5, nFolds: 1 }),
      'INVALID_OPTION',
      /nFolds/,
    ],
    [
      'more nFolds than rows',
      () => markLikelyMissing(y, s, { keepRate: 0.5, nFolds: 5 }),
      'INVALID_OPTION',
      /nFolds/,
    ],
    [
      'both nFolds and folds',
      () => markLikelyMissing(y, s, { keepRate: 0.5, nFolds: 2, folds: [0, 1, 0, 1] }),
      'INVALID_OPTION',
      /either `nFolds`/,
    ],
    [
      'a seed with folds',
      () => markLikelyMissing(y, s, { keepRate: 0.5, seed: 3, folds: [0, 1, 0, 1] }),
      'INVALID_OPTION',
      /`seed` has no effect with `folds`/,
    ],
    [
      'one fold given',
      () => markLikelyMissing(y, s, { keepRate: 0.5, folds: [0, 0, 0, 0] }),
      'INVALID_OPTION',
      /at least 2/,
    ],
    ['l2 0', () => markLikelyMissing(y, s, { keepRate: 0.5, l2: 0 }), 'INVALID_OPTION', /l2/],
    [
      'contextLabels -1',
      () => markLikelyMissing(y, s, { keepRate: 0.5, contextLabels: -1 }),
      'INVALID_OPTION',
      /contextLabels/,
    ],
    [
      'a bad seed',
      () => markLikelyMissing(y, s, { keepRate: 0.5, seed: -1 }),
      'INVALID_OPTION',
      /seed/,
    ],
    [
      'an unknown option',
      () => markLikelyMissing(y, s, { keepRate: 0.5, fold: 3 } as never),
      'UNKNOWN_OPTION',
      /folds/,
    ],
    [
      'one row',
      () => markLikelyMissing([[1]], [[0]], { keepRate: 0.5 }),
      'INVALID_ARGUMENT',
      /1 row/,
    ],
    [
      'a NaN score',
      () =>
        markLikelyMissing(
          y,
          [
            [1, 0],
            [0, 1],
            [1, Number.NaN],
            [0, 0],
          ],
          { keepRate: 0.5 },
        ),
      'NON_FINITE_VALUES',
      /yScore/,
    ],
    [
      'scores of another shape',
      () => markLikelyMissing(y, [[1], [0], [1], [0]], { keepRate: 0.5 }),
      'SHAPE_MISMATCH',
      /yScore/,
    ],
    [
      'a -1 cell without ignoreIndex',
      () =>
        markLikelyMissing(
          [
            [1, 0],
            [-1, 1],
            [1, 1],
            [0, 0],
          ],
          s,
          { keepRate: 0.5 },
        ),
      'NON_BINARY_LABELS',
      /ignoreIndex/,
    ],
    [
      'ignoreIndex 0.5',
      () => markLikelyMissing(y, s, { keepRate: 0.5, ignoreIndex: 0.5 }),
      'INVALID_OPTION',
      /ignoreIndex/,
    ],
    [
      'a label 2',
      () =>
        markLikelyMissing(
          [
            [1, 0],
            [2, 1],
            [1, 1],
            [0, 0],
          ],
          s,
          { keepRate: 0.5 },
        ),
      'NON_BINARY_LABELS',
      /yTrue/,
    ],
  ])('%s throws %s', (_, call, code, message) => {
    const error = thrown(call);
    expect(error.code).toBe(code);
    expect(error.message).toMatch(message);
  });

  it('marks with the marker of the unknown cells by default', () => {
    const y = [[1], [255], [0], [0], [1], [0]];
    const scores = [[2], [0], [1], [-1], [2], [-2]];
    const result = markLikelyMissing(y, scores, { keepRate: 0.5, ignoreIndex: 255, nFolds: 2 });
    // 2 positives at keep rate 1/2: 2 of the three 0s marked 255; the unknown cell stays 255.
    expect(Array.from(result.labels.data).filter((v) => v === 255).length).toBe(3);
    expect(result.labels.data[1]).toBe(255);
  });

  it('defaults to one fold per row below five rows', () => {
    const defaults = markLikelyMissing(y, s, { keepRate: 0.5 });
    const four = markLikelyMissing(y, s, { keepRate: 0.5, nFolds: 4 });
    expect(Array.from(defaults.missingProbability.data)).toEqual(
      Array.from(four.missingProbability.data),
    );
    expect(
      thrown(() =>
        markLikelyMissing([[1], [0], [1]], [[1], [0], [1]], { keepRate: 0.5, nFolds: 4 }),
      ).message,
    ).toMatch(/nFolds/);
  });

  it('takes the folds as a fold per row or as lists of rows, alike', () => {
    const y8 = [...y, ...y];
    const s8 = [...s, ...s].map((row, r) => row.map((v) => v + r / 10));
    const perRow = markLikelyMissing(y8, s8, { keepRate: 0.5, folds: [0, 1, 2, 0, 1, 2, 0, 1] });
    const lists = markLikelyMissing(y8, s8, {
      keepRate: 0.5,
      folds: [
        [0, 3, 6],
        [1, 4, 7],
        [2, 5],
      ],
    });
    expect(Array.from(lists.missingProbability.data)).toEqual(
      Array.from(perRow.missingProbability.data),
    );
    expect(Array.from(lists.labels.data)).toEqual(Array.from(perRow.labels.data));
    // A fold per row of the wrong length names the labels' argument.
    expect(
      thrown(() => markLikelyMissing(y, s, { keepRate: 0.5, folds: [0, 1, 0] })).message,
    ).toMatch(/`folds` has 3 entries but `yTrue` has 4 rows/);
  });

  it('refuses a marker that float32 would turn into a label or an infinity', () => {
    // The marked labels are float32: 1 + 1e-9 is 1 there, -1e-50 is -0, 1e40 is Infinity.
    for (const options of [
      { ignoreIndex: 1 + 1e-9 },
      { marker: 1 + 1e-9 },
      { marker: -1e-50 },
      { marker: 1e40 },
    ]) {
      const error = thrown(() => markLikelyMissing(y, s, { keepRate: 0.5, ...options }));
      expect(error.code).toBe('INVALID_OPTION');
      expect(error.message).toMatch(/float32/);
    }
    // A marker float32 rounds but keeps outside [0, 1] is written as rounded.
    const rounded = markLikelyMissing(y, s, { keepRate: 0.5, marker: -0.1 });
    expect(Array.from(rounded.labels.data)).toContain(Math.fround(-0.1));
  });
});

/**
 * crossValidatedCalibration against its definition written out here with the public pieces
 * (stratifiedKFold's folds, each method's own function fitted on the training rows, the log
 * loss of the held-out cells), the choice and the refit, and the errors.
 */
import { test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import * as c from '../../src/calibration/index.js';
import { stratifiedKFold } from '../../src/data/index.js';
import { bitRows, scoreRows } from '../bits.js';
import { fc, matrixOf, shape, toRows } from '../fc.js';
import { thrown } from '../thrown.js';

const FIT = {
  isotonic: c.isotonicCalibration,
  platt: c.plattScaling,
  temperature: (y: c.LabelMatrix, s: c.ScoreMatrix, o?: c.CalibrationOptions) =>
    c.temperatureScaling(y, s, { ...o, perLabel: true }),
} as const;

/** The out-of-fold log loss of `method` on label `j`, by its definition (Infinity: a fold failed). */
function referenceLoss(
  yTrue: number[][],
  yScore: number[][],
  method: c.CalibrationMethod,
  j: number,
  folds: { train: Int32Array; test: Int32Array }[],
  cells: number[] = [],
): number {
  let sum = 0;
  let total = 0;
  for (const { train, test } of folds) {
    const heldOut = Array.from(test).filter((r) => yTrue[r][j] !== -1);
    if (heldOut.length === 0) continue;
    total += heldOut.length;
    const rows = Array.from(train).filter((r) => yTrue[r][j] !== -1);
    if (rows.length === 0) return Number.POSITIVE_INFINITY;
    // Isotonic competes only where the training rows hold both classes.
    const classes = new Set(rows.map((r) => yTrue[r][j]));
    if (method === 'isotonic' && classes.size < 2) return Number.POSITIVE_INFINITY;
    let calibrator: c.Calibrator;
    try {
      calibrator = FIT[method](
        rows.map((r) => [yTrue[r][j]]),
        rows.map((r) => [yScore[r][j]]),
      );
    } catch {
      return Number.POSITIVE_INFINITY;
    }
    const p = calibrator.transform(heldOut.map((r) => [yScore[r][j]])).data;
    heldOut.forEach((r, i) => {
      const q = Math.min(Math.max(p[i], 1e-15), 1 - 1e-15);
      const loss = -(yTrue[r][j] === 1 ? Math.log(q) : Math.log(1 - q));
      sum += loss;
      cells.push(loss);
    });
  }
  return sum / total;
}

const problems = shape({ minRows: 6, maxRows: 30, maxCols: 3 }).chain(([rows, cols]) =>
  fc.record({
    yTrue: matrixOf([rows, cols], fc.constantFrom(0, 1, 1, 0, -1)).map(toRows),
    yScore: matrixOf([rows, cols], fc.double({ min: -4, max: 4, noNaN: true })).map(toRows),
    seed: fc.integer({ min: 0, max: 100 }),
    nFolds: fc.integer({ min: 2, max: 3 }),
  }),
);

/**
 * crossValidatedCalibration of the three fitted methods on a generated problem (every label
 * with two cells of each class, so that folds stay fittable; isotonic allowed everywhere), and
 * the folds it used: those of the labels as read (missing cells are not positives).
 */
function fitOnProblem(
  yTrue: number[][],
  yScore: number[][],
  seed: number,
  nFolds: number,
  selection: 'lowest' | 'oneStandardError',
) {
  fc.pre(
    yTrue[0].every((_, j) => [0, 1].every((v) => yTrue.filter((row) => row[j] === v).length >= 2)),
  );
  const methods: c.CalibrationMethod[] = ['temperature', 'platt', 'isotonic'];
  const cv = c.crossValidatedCalibration(yTrue, yScore, {
    methods,
    nFolds,
    seed,
    ignoreIndex: -1,
    isotonicMinCount: 0,
    selection,
  });
  const folds = stratifiedKFold(
    yTrue.map((row) => row.map((v) => (v === -1 ? 0 : v))),
    { nFolds, seed },
  );
  return { methods, cv, folds };
}

describe('against its definition', () => {
  test.prop([problems], { numRuns: 60 })(
    'each loss is the out-of-fold log loss of the method fitted on the other folds; the best is refitted on every row',
    ({ yTrue, yScore, seed, nFolds }) => {
      const { methods, cv, folds } = fitOnProblem(yTrue, yScore, seed, nFolds, 'lowest');
      // The folds are those of the labels as read (missing cells are not positives).
      cv.calibrator.labels.forEach((map, j) => {
        const want = methods.map((m) => referenceLoss(yTrue, yScore, m, j, folds));
        methods.forEach((m, k) => {
          const got = (cv.losses[m] as Float64Array)[j];
          if (want[k] === Number.POSITIVE_INFINITY) expect(got).toBe(want[k]);
          else expect(Math.abs(got - want[k])).toBeLessThan(1e-9 * Math.max(1, want[k]));
        });
        // The chosen method's loss is the least; two losses equal to the losses' own precision
        // (1e-9) are a tie, which the library breaks on its values and the reference on its own.
        const best = Math.min(...want);
        const chosen = want[methods.indexOf(map.method as c.CalibrationMethod)];
        // Every loss infinite (no method fitted on every training fold): the choice is the first
        // method that fits every row, which the refit below checks.
        if (best === Number.POSITIVE_INFINITY) expect(chosen).toBe(best);
        else expect(chosen - best).toBeLessThanOrEqual(2e-9 * Math.max(1, best));
        const strictlyBest = want.filter((v) => v - best <= 2e-9 * Math.max(1, best));
        if (strictlyBest.length === 1) expect(map.method).toBe(methods[want.indexOf(best)]);
        const known = yTrue.flatMap((row, r) => (row[j] === -1 ? [] : [r]));
        const refit = FIT[map.method](
          known.map((r) => [yTrue[r][j]]),
          known.map((r) => [yScore[r][j]]),
        );
        expect(refit.labels[0]).toEqual(map);
      });
    },
  );

  it('chooses isotonic only for labels with isotonicMinCount cells of each class', () => {
    // Label 0 has 4 cells of each class, label 1 has 20: isotonic has the lower loss on both.
    const rowsOf = (n: number, shift: number) =>
      Array.from({ length: 2 * n }, (_, r) => ({
        y: r % 2,
        s: (r % 2) + shift + ((r * 37) % 11) / 40,
      }));
    const small = rowsOf(4, 0);
    const large = rowsOf(20, 0.5);
    const yTrue = large.map((row, r) => [r < small.length ? small[r].y : -1, row.y]);
    const yScore = large.map((row, r) => [r < small.length ? small[r].s : 0, row.s]);
    const options = { nFolds: 2, ignoreIndex: -1 };
    const byDefault = c.crossValidatedCalibration(yTrue, yScore, options);
    const iso = byDefault.losses.isotonic as Float64Array;
    const platt = byDefault.losses.platt as Float64Array;
    expect(iso[0]).toBeLessThan(platt[0]);
    expect(iso[1]).toBeLessThan(platt[1]);
    expect(byDefault.calibrator.labels.map((m) => m.method)).toEqual(['platt', 'isotonic']);
    const everywhere = c.crossValidatedCalibration(yTrue, yScore, {
      ...options,
      isotonicMinCount: 4,
    });
    expect(everywhere.calibrator.labels.map((m) => m.method)).toEqual(['isotonic', 'isotonic']);
    // Isotonic alone is fitted whatever the count.
    const alone = c.crossValidatedCalibration(yTrue, yScore, { ...options, methods: ['isotonic'] });
    expect(alone.calibrator.labels.map((m) => m.method)).toEqual(['isotonic', 'isotonic']);
    expect(
      thrown(() => c.crossValidatedCalibration(yTrue, yScore, { ...options, isotonicMinCount: -1 }))
        .code,
    ).toBe('INVALID_OPTION');
  });

  test.prop([problems], { numRuns: 40 })(
    "selection 'oneStandardError': the first method within one standard error of the best",
    ({ yTrue, yScore, seed, nFolds }) => {
      const { methods, cv, folds } = fitOnProblem(yTrue, yScore, seed, nFolds, 'oneStandardError');
      cv.calibrator.labels.forEach((map, j) => {
        const cells = methods.map((): number[] => []);
        const losses = methods.map((m, k) => referenceLoss(yTrue, yScore, m, j, folds, cells[k]));
        const best = losses.indexOf(Math.min(...losses));
        // Every loss infinite: no rule applies; the first method that fits every row is chosen.
        if (!Number.isFinite(losses[best])) return;
        // Within: the mean paired difference at most its standard error (unit weights).
        const within = (k: number) => {
          if (!Number.isFinite(losses[k])) return false;
          const d = cells[k].map((v, i) => v - cells[best][i]);
          const mean = d.reduce((a, b) => a + b, 0) / d.length;
          const se = Math.sqrt(d.reduce((a, b) => a + (b - mean) ** 2, 0)) / d.length;
          return mean <= se + 1e-12;
        };
        const chosen = methods.indexOf(map.method as c.CalibrationMethod);
        // The chosen method qualifies, and no earlier method does (to the losses' precision).
        expect(within(chosen) || chosen === best, `label ${j}: ${map.method}`).toBe(true);
        for (let k = 0; k < chosen; k++) {
          const d = cells[k].map((v, i) => v - cells[best][i]);
          const mean = d.reduce((a, b) => a + b, 0) / Math.max(1, d.length);
          const se = Math.sqrt(d.reduce((a, b) => a + (b - mean) ** 2, 0)) / Math.max(1, d.length);
          if (Number.isFinite(losses[k]))
            expect(mean, `label ${j}: ${methods[k]}`).toBeGreaterThan(se - 1e-12);
        }
      });
    },
  );

  it('with one method, the calibrator is that method fitted on every row', () => {
    const yTrue = bitRows('10 01 11 00 10 01');
    const yScore = scoreRows('0.9 0.2, 0.3 0.8, 0.6 0.7, 0.2 0.1, 0.7 0.4, 0.1 0.6');
    const cv = c.crossValidatedCalibration(yTrue, yScore, { methods: ['isotonic'], nFolds: 2 });
    expect(cv.calibrator.toJSON()).toEqual(c.isotonicCalibration(yTrue, yScore).toJSON());
    expect(Object.keys(cv.losses)).toEqual(['isotonic']);
  });

  it('leaves isotonic out of a label whose training folds hold one class', () => {
    // No positive at all: isotonic would be the constant 0, perfect out of fold.
    const yTrue = [[0], [0], [0], [0], [0], [0]];
    const yScore = [[0.1], [0.5], [0.2], [0.4], [0.3], [0.6]];
    const cv = c.crossValidatedCalibration(yTrue, yScore, { nFolds: 2 });
    expect(cv.losses.isotonic?.[0]).toBe(Number.POSITIVE_INFINITY);
    expect(cv.calibrator.labels[0].method).toBe('platt');
  });

  it('gives a method that cannot be fitted an infinite loss and chooses another', () => {
    // Separated logits: temperature scaling has no minimum.
    const yTrue = [[1], [0], [1], [0], [1], [0]];
    const logits = [[2], [-1], [3], [-2], [1], [-3]];
    const cv = c.crossValidatedCalibration(yTrue, logits, {
      methods: ['temperature', 'platt'],
      nFolds: 2,
    });
    expect(cv.losses.temperature?.[0]).toBe(Number.POSITIVE_INFINITY);
    expect(cv.calibrator.labels[0].method).toBe('platt');
  });
});

describe('bad input', () => {
  const y = [[1], [0], [1], [0]];
  const s = [[0.9], [0.1], [0.8], [0.3]];
  it.each([
    ['empty methods', { methods: [] }, 'INVALID_OPTION'],
    ['a repeated method', { methods: ['platt', 'platt'] }, 'INVALID_OPTION'],
    ['an unknown method', { methods: ['beta'] }, 'INVALID_OPTION'],
    ['one fold', { nFolds: 1 }, 'INVALID_OPTION'],
    ['more folds than rows', { nFolds: 5 }, 'INVALID_OPTION'],
    ['a bad seed', { seed: -1 }, 'INVALID_OPTION'],
    ['an unknown option', { folds: 2 }, 'UNKNOWN_OPTION'],
  ])('%s', (_what, options, code) => {
    expect(thrown(() => c.crossValidatedCalibration(y, s, options as never)).code).toBe(code);
  });

  it('refuses a label without a known cell', () => {
    const error = thrown(() =>
      c.crossValidatedCalibration(
        [
          [1, -1],
          [0, -1],
          [1, -1],
        ],
        bitRows('10 00 10'),
        {
          ignoreIndex: -1,
          nFolds: 2,
        },
      ),
    );
    expect(error.code).toBe('UNDEFINED_METRIC');
    expect(error.message).toContain('Label 1');
  });
});

describe("crossValidatedCalibration's 'sigmoid' candidate (the model's own probabilities)", () => {
  // Label 0: well calibrated logits; label 1: no positive, logits far below 0.
  const yTrue = Array.from({ length: 40 }, (_, r) => [+(r % 4 === 0), 0]);
  const yScore = Array.from({ length: 40 }, (_, r) => [
    r % 4 === 0 ? 1.2 : -1.1 + (r % 3) * 0.1,
    -6 - (r % 5),
  ]);
  const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

  it('has the plain log loss of the sigmoid of the logits, nothing fitted', () => {
    const cv = c.crossValidatedCalibration(yTrue, yScore, {
      methods: ['platt', 'sigmoid'],
      nFolds: 4,
      seed: 3,
    });
    // Every row is held out once: the mean log loss of sigmoid(score) over all rows.
    for (const j of [0, 1]) {
      let loss = 0;
      for (let r = 0; r < 40; r++) {
        const p = sigmoid(yScore[r][j]);
        loss -= yTrue[r][j] === 1 ? Math.log(p) : Math.log1p(-p);
      }
      expect(cv.losses.sigmoid?.[j]).toBeCloseTo(loss / 40, 12);
    }
    // Without a positive, Platt's smoothed target (1 / (negatives + 2)) loses to the model's
    // own tiny probabilities: the label keeps them (a temperature of 1).
    expect(cv.calibrator.labels[1]).toEqual({ method: 'temperature', temperature: 1 });
    const p = cv.calibrator.transform([[0, -7]]).data[1];
    expect(p).toBeCloseTo(sigmoid(-7), 15);
  });

  it('is refused in a list that repeats it, and only known names are taken', () => {
    expect(
      thrown(() => c.crossValidatedCalibration(yTrue, yScore, { methods: ['sigmoid', 'sigmoid'] }))
        .code,
    ).toBe('INVALID_OPTION');
    expect(
      thrown(() =>
        c.crossValidatedCalibration(yTrue, yScore, { methods: ['identity' as 'sigmoid'] }),
      ).code,
    ).toBe('INVALID_OPTION');
  });
});

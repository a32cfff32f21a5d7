import { test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import type { BalanceReport } from '../../src/data/balance-state.js';
import { iterativeStratification, splitQuality } from '../../src/data/index.js';
import { toSparseLabels } from '../../src/data/sparse-labels.js';
import { stratify } from '../../src/data/stratify.js';
import { bitRows } from '../bits.js';
import { fc, labelMatrix, type TestMatrix } from '../fc.js';
import golden from '../fixtures/stratification-folds.json';
import { thrown } from '../thrown.js';
import { foldsOf, recordedCases } from './recorded-folds.js';

const asInput = (m: TestMatrix) => ({ data: m.data, shape: [m.rows, m.cols] as [number, number] });

/** Positives of each label in each fold, counted directly. */
function countsPerFold(m: TestMatrix, folds: ArrayLike<number>, k: number): number[][] {
  const counts = Array.from({ length: m.cols }, () => new Array<number>(k).fill(0));
  for (let r = 0; r < m.rows; r++) {
    for (let c = 0; c < m.cols; c++) if (m.data[r * m.cols + c] === 1) counts[c][folds[r]]++;
  }
  return counts;
}

/** A label matrix and a fold count no larger than its rows. */
const matrixAndFolds = (missing = false) =>
  labelMatrix({ minRows: 2, maxRows: 30, maxCols: 7, missing }).chain((m) =>
    fc.record({
      m: fc.constant(m),
      k: fc.integer({ min: 2, max: Math.min(6, m.rows) }),
      order: fc.constantFrom(1 as const, 2 as const),
      seed: fc.integer({ min: 0, max: 2 ** 31 }),
    }),
  );

/** Rows with at most one positive label each ("class A" of the coverage guarantee). */
const singleLabelRows = fc
  .record({ rows: fc.integer({ min: 2, max: 40 }), cols: fc.integer({ min: 1, max: 6 }) })
  .chain(({ rows, cols }) =>
    fc
      .array(fc.integer({ min: -1, max: cols - 1 }), { minLength: rows, maxLength: rows })
      .map((picks): TestMatrix => {
        const data = new Array<number>(rows * cols).fill(0);
        picks.forEach((c, r) => {
          if (c >= 0) data[r * cols + c] = 1;
        });
        return { rows, cols, data };
      }),
  );

describe('iterativeStratification: properties', () => {
  test.prop([matrixAndFolds(true)])(
    'every row gets exactly one fold, in 0 .. k - 1',
    ({ m, k, order, seed }) => {
      const folds = iterativeStratification(asInput(m), { nFolds: k, order, seed });
      expect(folds).toBeInstanceOf(Int32Array);
      expect(folds.length).toBe(m.rows);
      for (const f of folds) expect(Number.isInteger(f) && f >= 0 && f < k).toBe(true);
    },
  );

  test.prop([matrixAndFolds(true)])(
    'the same seed gives the same folds',
    ({ m, k, order, seed }) => {
      const a = iterativeStratification(asInput(m), { nFolds: k, order, seed });
      iterativeStratification(asInput(m), { nFolds: k, order, seed: seed + 1 });
      const b = iterativeStratification(asInput(m), { nFolds: k, order, seed });
      expect(Array.from(b)).toEqual(Array.from(a));
    },
  );

  test.prop([
    matrixAndFolds(true),
    fc.array(fc.double({ min: 0.05, max: 1, noNaN: true }), { minLength: 2, maxLength: 6 }),
  ])('fold sizes follow the proportions within one row', ({ m, order, seed }, weights) => {
    const sum = weights.reduce((a, b) => a + b, 0);
    const proportions = weights.map((w) => w / sum);
    // Every fold must be able to get a row.
    fc.pre(proportions.every((p) => Math.floor(p * m.rows + 1e-9) >= 1));
    const folds = iterativeStratification(asInput(m), { proportions, order, seed });
    const sizes = new Array<number>(proportions.length).fill(0);
    for (const f of folds) sizes[f]++;
    sizes.forEach((s, j) => {
      expect(Math.abs(s - proportions[j] * m.rows)).toBeLessThan(1);
    });
  });

  test.prop([singleLabelRows, fc.integer({ min: 2, max: 5 }), fc.integer({ min: 0, max: 1e9 })])(
    'a label with at least k positives has a positive in every fold (rows with at most one label)',
    (m, k, seed) => {
      fc.pre(k <= m.rows);
      for (const order of [1, 2] as const) {
        const folds = iterativeStratification(asInput(m), { nFolds: k, order, seed });
        const counts = countsPerFold(m, folds, k);
        for (const perFold of counts) {
          const positives = perFold.reduce((a, b) => a + b, 0);
          if (positives >= k) expect(perFold.every((v) => v > 0)).toBe(true);
          // Fewer positives than folds: each in its own fold.
          else expect(perFold.every((v) => v <= 1)).toBe(true);
        }
      }
    },
  );

  test.prop([matrixAndFolds(false)])(
    'the balancing pass never adds a (label, fold) cell without positives, nor raises LD or LPD, unless it must',
    ({ m, k, order, seed }) => {
      const labels = toSparseLabels(asInput(m), 'y');
      const proportions = new Float64Array(k).fill(1 / k);
      const report: BalanceReport = { forcedMoves: 0, repairs: 0, swaps: 0 };
      const published = stratify(labels, { proportions, order, seed, balance: false });
      const balanced = stratify(labels, { proportions, order, seed, balance: true }, report);
      const before = splitQuality(asInput(m), published);
      const after = splitQuality(asInput(m), balanced);
      if (report.forcedMoves === 0) {
        expect(after.labelFoldsWithoutPositives).toBeLessThanOrEqual(
          before.labelFoldsWithoutPositives,
        );
        if (report.repairs === 0) {
          expect(after.labelDistribution).toBeLessThanOrEqual(before.labelDistribution + 1e-12);
          if (order === 2) {
            expect(after.labelPairDistribution).toBeLessThanOrEqual(
              before.labelPairDistribution + 1e-12,
            );
          }
        }
      }
    },
  );

  test.prop([singleLabelRows, fc.integer({ min: 2, max: 5 }), fc.integer({ min: 0, max: 1e9 })])(
    'the published algorithm (balance: false) splits each label of single-label rows to within one row',
    (m, k, seed) => {
      fc.pre(k <= m.rows);
      const folds = iterativeStratification(asInput(m), { nFolds: k, seed, balance: false });
      for (const perFold of countsPerFold(m, folds, k)) {
        expect(Math.max(...perFold) - Math.min(...perFold)).toBeLessThanOrEqual(1);
      }
    },
  );

  test.prop([matrixAndFolds(true)])(
    'missing cells count as neither positive nor negative',
    ({ m, k, order, seed }) => {
      const zeroed = { ...m, data: m.data.map((v) => (v === -1 ? 0 : v)) };
      const withNaN = { ...m, data: m.data.map((v) => (v === -1 ? Number.NaN : v)) };
      const a = iterativeStratification(asInput(m), { nFolds: k, order, seed });
      expect(
        Array.from(iterativeStratification(asInput(zeroed), { nFolds: k, order, seed })),
      ).toEqual(Array.from(a));
      expect(
        Array.from(iterativeStratification(asInput(withNaN), { nFolds: k, order, seed })),
      ).toEqual(Array.from(a));
    },
  );
});

describe('iterativeStratification', () => {
  for (const c of recordedCases) {
    it(`gives the recorded folds for ${c.input} with ${JSON.stringify(c.options)} (same on every platform)`, () => {
      expect(foldsOf(c)).toBe(c.folds);
    });
  }

  it('beats the published algorithm on emotions: exact fold sizes and a lower LD', () => {
    const input = golden.inputs.emotions;
    const y = { data: input.data, shape: input.shape as [number, number] };
    let published = 0;
    let balanced = 0;
    for (let seed = 0; seed < 5; seed++) {
      const p = splitQuality(y, iterativeStratification(y, { seed, balance: false }));
      const b = splitQuality(y, iterativeStratification(y, { seed }));
      published += p.labelDistribution;
      balanced += b.labelDistribution;
      // 593 rows in 5 folds: sizes 119, 119, 119, 118, 118 (ED 0.48, as random splitting).
      expect(Array.from(b.foldSizes).sort()).toEqual([118, 118, 119, 119, 119]);
      expect(b.exampleDistribution).toBeCloseTo(0.48, 12);
    }
    expect(balanced).toBeLessThan(published / 2);
  });

  it('spreads rows without labels over the folds', () => {
    const y = [...Array.from({ length: 9 }, () => [0, 0]), [1, 0], [0, 1], [1, 1]];
    const folds = iterativeStratification(y, { nFolds: 3, seed: 5 });
    const sizes = [0, 0, 0];
    for (const f of folds) sizes[f]++;
    expect(sizes).toEqual([4, 4, 4]);
  });

  it('rejects bad options and inputs', () => {
    const y = bitRows('10 01 11');
    expect(thrown(() => iterativeStratification(y, { nFolds: 4 })).code).toBe('INVALID_OPTION');
    expect(thrown(() => iterativeStratification(y, { nFolds: 1 })).code).toBe('INVALID_OPTION');
    expect(thrown(() => iterativeStratification(y, { nFolds: 2.5 })).code).toBe('INVALID_OPTION');
    expect(thrown(() => iterativeStratification(y, { order: 3 as 1 })).code).toBe('INVALID_OPTION');
    expect(thrown(() => iterativeStratification(y, { seed: -1, nFolds: 2 })).code).toBe(
      'INVALID_OPTION',
    );
    expect(thrown(() => iterativeStratification(y, { balance: 1 as never, nFolds: 2 })).code).toBe(
      'INVALID_OPTION',
    );
    expect(thrown(() => iterativeStratification(y, { proportions: [0.5, 0.4] })).code).toBe(
      'INVALID_OPTION',
    );
    expect(thrown(() => iterativeStratification(y, { proportions: [0.9, 0.1] })).code).toBe(
      'INVALID_OPTION',
    );
    expect(
      thrown(() => iterativeStratification(y, { nFolds: 3, proportions: [0.5, 0.5] })).code,
    ).toBe('INVALID_OPTION');
    expect(thrown(() => iterativeStratification(y, { folds: 2 } as never)).code).toBe(
      'UNKNOWN_OPTION',
    );
    expect(thrown(() => iterativeStratification([[2, 0]], { nFolds: 2 })).code).toBe(
      'NON_BINARY_LABELS',
    );
    expect(thrown(() => iterativeStratification([[]])).code).toBe('EMPTY_INPUT');
  });
});

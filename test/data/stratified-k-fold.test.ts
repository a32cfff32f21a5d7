import { test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { toLabelMatrix } from '../../src/core/label-matrix.js';
import { iterativeStratification, stratifiedKFold, trainTestSplit } from '../../src/data/index.js';
import { stratifiedKFoldOfLabels } from '../../src/data/stratified-k-fold.js';
import { fc, labelMatrix } from '../fc.js';
import { thrown } from '../thrown.js';

/** The test rows of a seeded 3-fold split, as the release before the internal entry gave them. */
const PINNED_TESTS = [
  [4, 6, 9],
  [0, 5, 7],
  [1, 2, 3, 8],
];

const ascending = (a: Int32Array): boolean => a.every((v, i) => i === 0 || a[i - 1] < v);

describe('stratifiedKFold', () => {
  test.prop([
    labelMatrix({ minRows: 2, maxRows: 30, maxCols: 6, missing: true }).chain((m) =>
      fc.tuple(fc.constant(m), fc.integer({ min: 2, max: Math.min(6, m.rows) })),
    ),
    fc.integer({ min: 0, max: 1e9 }),
    fc.constantFrom(1 as const, 2 as const),
  ])(
    'gives the folds of labels already read (the internal entry) as of the input',
    ([m, k], seed, order) => {
      // NaN cells too: read as missing, as -1 cells are.
      const data = m.data.map((v, i) => (v === -1 && i % 2 === 0 ? Number.NaN : v));
      const y = { data, shape: [m.rows, m.cols] as [number, number] };
      const read = toLabelMatrix(y, 'y', { ignoreIndex: -1 });
      expect(stratifiedKFoldOfLabels(read, { nFolds: k, seed, order })).toEqual(
        stratifiedKFold(y, { nFolds: k, seed, order }),
      );
    },
  );

  it('pins the folds of a seeded split', () => {
    const y = Array.from({ length: 10 }, (_, r) => [
      r % 2,
      r % 3 === 0 ? 1 : 0,
      r === 4 ? -1 : 1 - (r % 2),
    ]);
    const tests = stratifiedKFold(y, { nFolds: 3, seed: 7 }).map(({ test }) => Array.from(test));
    expect(tests).toEqual(PINNED_TESTS);
    const read = toLabelMatrix(y, 'y', { ignoreIndex: -1 });
    const again = stratifiedKFoldOfLabels(read, { nFolds: 3, seed: 7 });
    expect(again.map(({ test }) => Array.from(test))).toEqual(PINNED_TESTS);
  });
  test.prop([
    labelMatrix({ minRows: 2, maxRows: 30, maxCols: 6, missing: true }).chain((m) =>
      fc.tuple(fc.constant(m), fc.integer({ min: 2, max: Math.min(6, m.rows) })),
    ),
    fc.integer({ min: 0, max: 1e9 }),
    fc.constantFrom(1 as const, 2 as const),
  ])('tests every row exactly once and trains on the rest', ([m, k], seed, order) => {
    const y = { data: m.data, shape: [m.rows, m.cols] as [number, number] };
    const splits = stratifiedKFold(y, { nFolds: k, seed, order });
    expect(splits.length).toBe(k);
    const tested = new Array<number>(m.rows).fill(0);
    const folds = iterativeStratification(y, { nFolds: k, seed, order });
    splits.forEach(({ train, test }, j) => {
      expect(ascending(train) && ascending(test)).toBe(true);
      expect(train.length + test.length).toBe(m.rows);
      for (const r of test) {
        tested[r]++;
        expect(folds[r]).toBe(j);
      }
      const inTest = new Set(test);
      for (const r of train) expect(inTest.has(r)).toBe(false);
      expect(Math.abs(test.length - m.rows / k)).toBeLessThan(1);
    });
    expect(tested.every((t) => t === 1)).toBe(true);
  });

  it('refuses folds whose indices would pass 2^28 (k x rows), before the work', () => {
    const rows = 20_000;
    const y = { data: new Float32Array(rows * 2).fill(1), shape: [rows, 2] as [number, number] };
    const start = performance.now();
    const error = thrown(() => stratifiedKFold(y, { nFolds: rows, seed: 1 }));
    expect(error.code).toBe('INVALID_OPTION');
    expect(error.message).toMatch(/20,000 folds of 20,000 rows would need 400,000,000 cells/);
    expect(error.message).toMatch(/iterativeStratification/);
    expect(performance.now() - start).toBeLessThan(1000);
    // The fold of each row is one number per row.
    expect(iterativeStratification(y, { nFolds: rows, seed: 1 }).length).toBe(rows);
  });

  it('defaults to 5 folds and rejects bad options', () => {
    const y = Array.from({ length: 12 }, (_, i) => [i % 2, i % 3 === 0 ? 1 : 0]);
    expect(stratifiedKFold(y).length).toBe(5);
    expect(thrown(() => stratifiedKFold(y, { nFolds: 13 })).code).toBe('INVALID_OPTION');
    expect(() => stratifiedKFold(y, { nFolds: 13 })).toThrow('`nFolds` is 13 but `y` has only 12');
    expect(thrown(() => stratifiedKFold(y, { nFolds: 1 })).code).toBe('INVALID_OPTION');
    expect(() => stratifiedKFold(y, { nFold: 3 } as never)).toThrow(
      'has no option `nFold`. Did you mean `nFolds`?',
    );
  });

  describe('`k`, the deprecated name of `nFolds` (removed in 0.3.0)', () => {
    const y = Array.from({ length: 12 }, (_, i) => [
      i % 2,
      i % 3 === 0 ? 1 : 0,
      i % 4 === 1 ? 1 : 0,
    ]);

    it.each([2, 3, 4, 6])('gives the splits of nFolds: %i', (n) => {
      const alias = stratifiedKFold(y, { k: n, seed: 3 });
      expect(alias.length).toBe(n);
      expect(alias).toEqual(stratifiedKFold(y, { nFolds: n, seed: 3 }));
    });

    it('is validated under the name given', () => {
      expect(() => stratifiedKFold(y, { k: 13 })).toThrow('`k` is 13 but `y` has only 12 rows');
      expect(() => stratifiedKFold(y, { k: 1 })).toThrow(
        '`k` must be an integer >= 2 and <= 9007199254740991 (Number.MAX_SAFE_INTEGER), but got 1.',
      );
    });

    it('throws INVALID_OPTION naming both when both are given', () => {
      expect(thrown(() => stratifiedKFold(y, { nFolds: 3, k: 3 })).code).toBe('INVALID_OPTION');
      expect(() => stratifiedKFold(y, { nFolds: 3, k: 4 })).toThrow(
        '`stratifiedKFold` got both `nFolds` and `k`, the deprecated name of `nFolds`; pass only `nFolds`.',
      );
    });

    it('points a misspelt alias to nFolds', () => {
      expect(() => stratifiedKFold(y, { K: 3 } as never)).toThrow(
        'has no option `K`. Did you mean `nFolds`?',
      );
    });
  });
});

describe('trainTestSplit', () => {
  test.prop([
    labelMatrix({ minRows: 4, maxRows: 30, maxCols: 6 }),
    fc.double({ min: 0.05, max: 0.45, noNaN: true }),
    fc.option(fc.double({ min: 0.05, max: 0.4, noNaN: true }), { nil: undefined }),
    fc.integer({ min: 0, max: 1e9 }),
  ])(
    'gives exact part sizes (scikit-learn rounding) and a partition of the rows',
    (m, testSize, validationSize, seed) => {
      const rows = m.rows;
      const nTest = Math.ceil(testSize * rows);
      const nValidation = validationSize === undefined ? 0 : Math.ceil(validationSize * rows);
      fc.pre(rows - nTest - nValidation >= 1);
      const y = { data: m.data, shape: [rows, m.cols] as [number, number] };
      const split = trainTestSplit(y, { testSize, validationSize, seed });
      expect(split.test.length).toBe(nTest);
      expect(split.validation.length).toBe(nValidation);
      expect(split.train.length).toBe(rows - nTest - nValidation);
      const all = [...split.train, ...split.test, ...split.validation].sort((a, b) => a - b);
      expect(all).toEqual(Array.from({ length: rows }, (_, i) => i));
      expect(ascending(split.train) && ascending(split.test) && ascending(split.validation)).toBe(
        true,
      );
      const again = trainTestSplit(y, { testSize, validationSize, seed });
      expect(Array.from(again.test)).toEqual(Array.from(split.test));
    },
  );

  it('keeps the share of a rare label in the test part', () => {
    // 100 rows, label 1 on every 10th row: a 0.2 test part gets exactly 2 of its 10 positives.
    const y = Array.from({ length: 100 }, (_, i) => [i % 2, i % 10 === 0 ? 1 : 0]);
    for (let seed = 0; seed < 5; seed++) {
      const { train, test } = trainTestSplit(y, { testSize: 0.2, seed });
      expect(test.length).toBe(20);
      expect(Array.from(test).filter((r) => y[r][1] === 1).length).toBe(2);
      expect(Array.from(test).filter((r) => y[r][0] === 1).length).toBe(10);
      expect(train.length).toBe(80);
    }
  });

  it('takes counts as well as shares, and rejects sizes that leave no training row', () => {
    const y = Array.from({ length: 10 }, (_, i) => [i % 2]);
    expect(trainTestSplit(y, { testSize: 3 }).test.length).toBe(3);
    expect(trainTestSplit(y).test.length).toBe(3); // ceil(0.25 * 10)
    expect(thrown(() => trainTestSplit(y, { testSize: 10 })).code).toBe('INVALID_OPTION');
    expect(thrown(() => trainTestSplit(y, { testSize: 0.5, validationSize: 0.5 })).code).toBe(
      'INVALID_OPTION',
    );
    expect(thrown(() => trainTestSplit(y, { testSize: 2.5 })).code).toBe('INVALID_OPTION');
    expect(thrown(() => trainTestSplit(y, { testSize: 0 })).code).toBe('INVALID_OPTION');
    expect(thrown(() => trainTestSplit(y, { testSize: Number.NaN })).code).toBe('INVALID_OPTION');
    expect(thrown(() => trainTestSplit(y, { test_size: 0.2 } as never)).code).toBe(
      'UNKNOWN_OPTION',
    );
  });
});

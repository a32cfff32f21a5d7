/**
 * Every data function takes CSR labels (`SparseLabelMatrix`, ids in any order within a row) and
 * gives exactly what it gives for the same labels as a dense matrix: the same folds for the
 * same seed, the same quality measures, statistics and co-occurrences.
 */
import { test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { sparseLabelMatrix } from '../../src/core/sparse-label-matrix.js';
import {
  iterativeStratification,
  labelCooccurrence,
  labelStatistics,
  splitQuality,
  stratifiedKFold,
  trainTestSplit,
} from '../../src/data/index.js';
import { fc, matrixOf, shape, toRows } from '../fc.js';
import { thrown } from '../thrown.js';

const problem = shape({ minRows: 2, maxRows: 40, maxCols: 7 }).chain(([rows, cols]) =>
  fc.record({
    y: matrixOf([rows, cols], fc.constantFrom(0, 0, 1)),
    seed: fc.integer({ min: 0, max: 1000 }),
    order: fc.constantFrom(1 as const, 2 as const),
    reverse: fc.boolean(),
  }),
);

describe('data functions from CSR labels', () => {
  test.prop([problem])('equal the dense results', ({ y, seed, order, reverse }) => {
    const dense = toRows(y);
    const lists = dense.map((row) => {
      const ids = row.flatMap((v, l) => (v === 1 ? [l] : []));
      return reverse ? ids.reverse() : ids;
    });
    const csr = sparseLabelMatrix(lists, y.cols);
    const nFolds = 2;
    const folds = iterativeStratification(dense, { nFolds, seed, order });
    expect(Array.from(iterativeStratification(csr, { nFolds, seed, order }))).toEqual(
      Array.from(folds),
    );
    expect(stratifiedKFold(csr, { nFolds, seed, order })).toEqual(
      stratifiedKFold(dense, { nFolds, seed, order }),
    );
    expect(trainTestSplit(csr, { testSize: 0.5, seed, order })).toEqual(
      trainTestSplit(dense, { testSize: 0.5, seed, order }),
    );
    expect(splitQuality(csr, folds)).toEqual(splitQuality(dense, folds));
    expect(labelStatistics(csr)).toEqual(labelStatistics(dense));
    for (const normalize of ['none', 'jaccard'] as const) {
      expect(labelCooccurrence(csr, { normalize })).toEqual(
        labelCooccurrence(dense, { normalize }),
      );
    }
  });

  it('names the row of a bad CSR input', () => {
    const y = { indptr: [0, 1, 3], indices: [0, 2, 2], shape: [2, 3] as [number, number] };
    const error = thrown(() => iterativeStratification(y, { nFolds: 2 }));
    expect(error.code).toBe('INVALID_ARGUMENT');
    expect(error.message).toContain('Row 1 of `y` lists label 2 twice');
  });
});

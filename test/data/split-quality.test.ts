import { test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { splitQuality } from '../../src/data/index.js';
import { bitRows } from '../bits.js';
import { fc, labelMatrix } from '../fc.js';
import golden from '../fixtures/split-quality.json';
import { thrown } from '../thrown.js';
import { expectClose, num } from './split-quality-golden.js';

describe('splitQuality against the reference implementation of the papers (scripts/fixtures/split_quality.py)', () => {
  for (const c of golden.cases) {
    it(c.name, () => {
      const y = { data: c.y, shape: c.shape as [number, number] };
      const q = splitQuality(
        y,
        c.folds,
        c.proportions === null ? undefined : { proportions: c.proportions },
      );
      const g = c.quality;
      expectClose(q.labelDistribution, g.labelDistribution, 'LD');
      expectClose(q.exampleDistribution, g.exampleDistribution, 'ED');
      expectClose(q.labelPairDistribution, g.labelPairDistribution, 'LPD');
      expect(q.foldsWithoutPositives).toBe(g.foldsWithoutPositives);
      expect(q.foldLabelPairsWithoutPositives).toBe(g.foldLabelPairsWithoutPositives);
      expect(q.labelFoldsWithoutPositives).toBe(g.labelFoldsWithoutPositives);
      expect(q.pairFoldsWithoutPositives).toBe(g.pairFoldsWithoutPositives);
      expect(Array.from(q.foldSizes)).toEqual(g.foldSizes);
      expect(Array.from(q.positivesPerFold.data)).toEqual(g.positivesPerFold);
      expect(q.positivesPerFold.shape).toEqual([c.shape[1], g.foldSizes.length]);
    });
  }
});

describe('splitQuality', () => {
  it('a random 5-fold split of emotions has the LD the anchors report for random splitting', () => {
    const c = golden.cases.find((x) => x.name === 'emotions-kfold-5');
    // The reference table gives LD 66.2e-3 and LPD 17.6e-3 for random 5-fold splits (mean of 10).
    expect(num(c?.quality.labelDistribution ?? 0)).toBeGreaterThan(0.03);
    expect(num(c?.quality.labelDistribution ?? 1)).toBeLessThan(0.12);
  });

  test.prop([
    labelMatrix({ minRows: 2, maxRows: 25, maxCols: 5, missing: true }),
    fc.integer({ min: 2, max: 4 }),
    fc.integer({ min: 0, max: 1e6 }),
  ])(
    'fold ids and row-index parts give the same measures; relabelling the folds changes nothing',
    (m, k, seed) => {
      const folds = Array.from({ length: m.rows }, (_, r) => (r < k ? r : (seed + r * 7919) % k));
      if (m.rows < k) return;
      const y = { data: m.data, shape: [m.rows, m.cols] as [number, number] };
      const byId = splitQuality(y, folds);
      const parts = Array.from({ length: k }, (_, j) =>
        folds.flatMap((f, r) => (f === j ? [r] : [])),
      );
      const byParts = splitQuality(y, parts);
      const renamed = splitQuality(
        y,
        folds.map((f) => k - 1 - f),
      );
      for (const other of [byParts, renamed]) {
        // Renaming folds changes the order of the sums, so compare to rounding.
        expect(other.labelDistribution).toBeCloseTo(byId.labelDistribution, 12);
        expect(other.labelPairDistribution).toBeCloseTo(byId.labelPairDistribution, 12);
        expect(other.exampleDistribution).toBeCloseTo(byId.exampleDistribution, 12);
        expect(other.labelFoldsWithoutPositives).toBe(byId.labelFoldsWithoutPositives);
      }
    },
  );

  it('is 0 for a perfectly stratified split', () => {
    const y = bitRows('11 01 10 00 11 01 10 00');
    const q = splitQuality(y, [0, 0, 0, 0, 1, 1, 1, 1]);
    expect(q.labelDistribution).toBe(0);
    expect(q.labelPairDistribution).toBe(0);
    expect(q.exampleDistribution).toBe(0);
    expect(q.foldsWithoutPositives).toBe(0);
  });

  it('rejects folds that do not describe a split of the rows', () => {
    const y = [[1], [0], [1]];
    expect(thrown(() => splitQuality(y, [0, 1])).code).toBe('SHAPE_MISMATCH');
    expect(thrown(() => splitQuality(y, [0, -1, 1])).code).toBe('INVALID_ARGUMENT');
    expect(thrown(() => splitQuality(y, [0, 1.5, 1])).code).toBe('INVALID_ARGUMENT');
    expect(thrown(() => splitQuality(y, [0, 2, 2])).code).toBe('INVALID_ARGUMENT'); // fold 1 empty
    // A huge fold number is refused before anything is counted per fold.
    expect(thrown(() => splitQuality(y, [0, 2 ** 40, 1])).message).toMatch(
      /`folds\[1\]` is 1099511627776, but 3 rows make at most 3 folds/,
    );
    expect(
      thrown(() =>
        splitQuality(y, [
          [0, 1],
          [1, 2],
        ]),
      ).code,
    ).toBe('INVALID_ARGUMENT');
    expect(thrown(() => splitQuality(y, [[0], [2]])).code).toBe('INVALID_ARGUMENT');
    expect(thrown(() => splitQuality(y, [[0], [5]])).code).toBe('INVALID_ARGUMENT');
    expect(thrown(() => splitQuality(y, 'abc' as never)).code).toBe('INVALID_ARGUMENT');
    expect(thrown(() => splitQuality(y, [0, 1, 0], { proportions: [0.5, 0.6] })).code).toBe(
      'INVALID_OPTION',
    );
    expect(thrown(() => splitQuality(y, [0, 1, 0], { proportions: [1] })).code).toBe(
      'INVALID_OPTION',
    );
    expect(thrown(() => splitQuality(y, [0, 1, 0], { proportion: [0.5, 0.5] } as never)).code).toBe(
      'UNKNOWN_OPTION',
    );
    expect(thrown(() => splitQuality([[2], [0], [1]], [0, 1, 0])).code).toBe('NON_BINARY_LABELS');
    expect(thrown(() => splitQuality([], [])).code).toBe('EMPTY_INPUT');
  });
});

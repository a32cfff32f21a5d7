/**
 * Large label spaces and large fold counts: the data functions either work in memory linear in
 * what they return, or throw a MultilabelError that says what is too large and what to do.
 */
import { describe, expect, it } from 'vitest';
import { SeededRandom } from '../../src/core/random.js';
import {
  iterativeStratification,
  labelCooccurrence,
  splitQuality,
  stratifiedKFold,
  trainTestSplit,
} from '../../src/data/index.js';
import { toSparseLabels } from '../../src/data/sparse-labels.js';
import { stratify } from '../../src/data/stratify.js';
import { thrown } from '../thrown.js';

/** Rows per fold. */
function sizes(folds: ArrayLike<number>, k: number): number[] {
  const out = new Array<number>(k).fill(0);
  for (let r = 0; r < folds.length; r++) out[folds[r]]++;
  return out;
}

describe('label spaces too large for a labels x labels or pair table', () => {
  it('labelCooccurrence on 100,000 labels says the output is too large and what to pass', () => {
    const y = { data: new Uint8Array(100_000), shape: [1, 100_000] as [number, number] };
    const error = thrown(() => labelCooccurrence(y));
    expect(error.code).toBe('INVALID_ARGUMENT');
    expect(error.message).toMatch(/100,000 labels/);
    expect(error.message).toMatch(/10,000,000,000 cells/);
    expect(error.message).toMatch(/label columns you need/);
  });

  // Three rows of 40,000 positives: 2.4e9 (row, pair) incidences, past 32-bit offsets.
  const wide = { data: new Uint8Array(3 * 40_000).fill(1), shape: [3, 40_000] as [number, number] };

  it('order 2 with very many positives per row asks for order 1 instead of overflowing', () => {
    for (const split of [
      () => iterativeStratification(wide, { nFolds: 2, order: 2 }),
      () => stratifiedKFold(wide, { nFolds: 2, order: 2 }),
      () => trainTestSplit(wide, { testSize: 1, order: 2 }),
    ]) {
      const error = thrown(split);
      expect(error.code).toBe('INVALID_OPTION');
      expect(error.message).toMatch(/up to 40,000 positive labels in a row/);
      expect(error.message).toMatch(/2,400,060,000 cells/);
      expect(error.message).toMatch(/`order: 1`/);
    }
    // Order 1 needs memory linear in the positives and splits them.
    const folds = iterativeStratification(wide, { nFolds: 3 });
    expect(Array.from(folds).sort()).toEqual([0, 1, 2]);
  });

  it('splitQuality (which measures pairs) says to pass fewer label columns', () => {
    const error = thrown(() => splitQuality(wide, [0, 1, 0]));
    expect(error.code).toBe('INVALID_ARGUMENT');
    expect(error.message).toMatch(/pass only the label columns you need/);
  });
});

describe('many folds', () => {
  it('one fold per row on 2,000 x 20 labels: every fold gets one row', () => {
    const rows = 2000;
    const cols = 20;
    const data = new Uint8Array(rows * cols);
    for (let r = 0; r < rows; r++) {
      data[r * cols + (r % cols)] = 1;
      data[r * cols + ((r * 7) % cols)] = 1;
    }
    const y = { data, shape: [rows, cols] as [number, number] };
    for (const order of [1, 2] as const) {
      const folds = iterativeStratification(y, { nFolds: rows, order, seed: 3 });
      expect(sizes(folds, rows).every((s) => s === 1)).toBe(true);
    }
    const splits = stratifiedKFold(y, { nFolds: rows, seed: 1 });
    expect(splits.every((s) => s.test.length === 1 && s.train.length === rows - 1)).toBe(true);
  });

  it('as many folds as rows on 1,000 rows (the swap phase keeps no fold x fold table)', () => {
    const rows = 1000;
    const data = new Uint8Array(rows * 4);
    for (let r = 0; r < rows; r++) data[r * 4 + (r % 4)] = 1;
    const folds = iterativeStratification({ data, shape: [rows, 4] }, { nFolds: rows });
    expect(sizes(folds, rows).every((s) => s === 1)).toBe(true);
  });

  it('more folds below size than the size phase evaluates per row: sizes are still exact', () => {
    // 2,000 x 20 labels at density 0.2 in 100 folds: the published algorithm (order 1) leaves
    // more than 32 folds below their size, so each row is offered a window of them.
    const rows = 2000;
    const cols = 20;
    const random = new SeededRandom(2000);
    const data = new Uint8Array(rows * cols).map(() => (random.nextFloat() < 0.2 ? 1 : 0));
    const y = { data, shape: [rows, cols] as [number, number] };
    const k = 100;
    const proportions = new Float64Array(k).fill(1 / k);
    for (const order of [1, 2] as const) {
      const labels = toSparseLabels(y, 'y');
      const published = stratify(labels, { proportions, order, seed: 1, balance: false });
      const below = sizes(published, k).filter((s) => s < rows / k).length;
      if (order === 1) expect(below).toBeGreaterThan(32);
      const folds = iterativeStratification(y, { nFolds: k, order, seed: 1 });
      expect(sizes(folds, k).every((s) => s === rows / k)).toBe(true);
      // Still stratified: every label's positives per fold stay close to its share.
      const quality = splitQuality(y, folds);
      expect(quality.labelDistribution).toBeLessThan(
        splitQuality(y, published).labelDistribution * 2,
      );
    }
  });

  it('a balancing table over too many folds says what to use instead', () => {
    // 5,800 labels x 5,800 folds: 33.6 million cells, past the 2^25 the balancing pass allows.
    const n = 5800;
    const data = new Uint8Array(n * n);
    for (let r = 0; r < n; r++) data[r * n + r] = 1;
    const y = { data, shape: [n, n] as [number, number] };
    const error = thrown(() => iterativeStratification(y, { nFolds: n }));
    expect(error.code).toBe('INVALID_OPTION');
    expect(error.message).toMatch(/5,800 label combinations over 5,800 folds/);
    expect(error.message).toMatch(/`balance: false`/);
    expect(error.message).not.toMatch(/order: 1/);
    expect(thrown(() => stratifiedKFold(y, { nFolds: n })).message).toMatch(/Use fewer folds\./);
    // The published algorithm alone, with equal proportions, needs no such table.
    const folds = iterativeStratification(y, { nFolds: n, balance: false });
    expect(sizes(folds, n).every((s) => s === 1)).toBe(true);
    expect(thrown(() => splitQuality(y, folds)).code).toBe('INVALID_ARGUMENT');
  });
});

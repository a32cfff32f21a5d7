/** The internal building blocks of iterative stratification, against brute-force definitions. */
import { test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { SeededRandom } from '../../src/core/random.js';
import { balanceFolds } from '../../src/data/balance.js';
import { BucketQueue } from '../../src/data/bucket-queue.js';
import { labelCombinations } from '../../src/data/combinations.js';
import { distribute, rowsInOrder } from '../../src/data/distribute.js';
import { FoldTree } from '../../src/data/fold-tree.js';
import { LabelsetGroups } from '../../src/data/labelset-groups.js';
import { PairIndex } from '../../src/data/pair-index.js';
import { toSparseLabels } from '../../src/data/sparse-labels.js';
import { targetSizes } from '../../src/data/stratify.js';
import { fc, labelMatrix, type TestMatrix, toRows } from '../fc.js';

/** A generated label matrix as the sparse labels the splitters read. */
const sparseOf = (m: TestMatrix) => toSparseLabels({ data: m.data, shape: [m.rows, m.cols] }, 'y');
/** The order of the label combinations: single labels or pairs. */
const combinationOrder = fc.constantFrom(1 as const, 2 as const);
/** A seed of SeededRandom. */
const anySeed = fc.integer({ min: 0, max: 1e9 });

describe('toSparseLabels', () => {
  test.prop([labelMatrix({ maxRows: 30, maxCols: 11, missing: true })])(
    'lists each row’s positives and missing cells, with per-label counts',
    (m) => {
      const s = sparseOf(m);
      const rows = toRows(m);
      rows.forEach((row, r) => {
        const positives = row.flatMap((v, c) => (v === 1 ? [c] : []));
        const missing = row.flatMap((v, c) => (v === -1 ? [c] : []));
        expect(Array.from(s.indices.subarray(s.indptr[r], s.indptr[r + 1]))).toEqual(positives);
        expect(
          Array.from(s.missingIndices.subarray(s.missingIndptr[r], s.missingIndptr[r + 1])),
        ).toEqual(missing);
      });
      for (let c = 0; c < m.cols; c++) {
        expect(s.support[c]).toBe(rows.filter((r) => r[c] === 1).length);
        expect(s.known[c]).toBe(rows.filter((r) => r[c] !== -1).length);
      }
    },
  );
});

describe('labelCombinations', () => {
  test.prop([labelMatrix({ maxRows: 20, maxCols: 7 })])(
    'order 2 lists each row’s labels, then its pairs, with their supports',
    (m) => {
      const c = labelCombinations(sparseOf(m), 2);
      const rows = toRows(m);
      rows.forEach((row, r) => {
        const labels = row.flatMap((v, j) => (v === 1 ? [j] : []));
        const ids = Array.from(c.indices.subarray(c.indptr[r], c.indptr[r + 1]));
        expect(ids.slice(0, labels.length)).toEqual(labels);
        const pairs = ids
          .slice(labels.length)
          .map((id) => [c.pairFirst[id - c.labels], c.pairSecond[id - c.labels]]);
        const expected = labels.flatMap((a, i) => labels.slice(i + 1).map((b) => [a, b]));
        expect(pairs).toEqual(expected);
      });
      for (let p = 0; p < c.count - c.labels; p++) {
        const [a, b] = [c.pairFirst[p], c.pairSecond[p]];
        expect(c.support[c.labels + p]).toBe(rows.filter((r) => r[a] === 1 && r[b] === 1).length);
      }
    },
  );
});

describe('PairIndex', () => {
  for (const labels of [50, 5000]) {
    it(`hands out one id per pair (${labels > PairIndex.DENSE_MAX_LABELS ? 'hash table' : 'dense table'})`, () => {
      const index = new PairIndex(labels);
      const reference = new Map<string, number>();
      const random = new SeededRandom(labels);
      for (let t = 0; t < 20000; t++) {
        const a = random.nextInt(labels - 1);
        const b = a + 1 + random.nextInt(Math.min(labels - 1 - a, 40));
        const key = `${a},${b}`;
        const id = index.add(a, b);
        if (!reference.has(key)) reference.set(key, reference.size);
        expect(id).toBe(reference.get(key));
        expect(index.get(a, b)).toBe(id);
      }
      expect(index.size).toBe(reference.size);
      expect(index.get(0, labels - 1)).toBe(reference.get(`0,${labels - 1}`) ?? -1);
    });
  }
});

describe('BucketQueue', () => {
  test.prop([
    fc.array(fc.integer({ min: 0, max: 12 }), { minLength: 1, maxLength: 40 }),
    fc.array(fc.nat(), { maxLength: 200 }),
    fc.integer({ min: 0, max: 1e6 }),
  ])('always offers an item of the smallest key >= 1 under decrements', (keys, ops, seed) => {
    const key = Int32Array.from(keys);
    const queue = new BucketQueue(key);
    const random = new SeededRandom(seed);
    const model = Array.from(key);
    for (const op of ops) {
      const item = op % model.length;
      if (model[item] > 0) {
        queue.decrement(item);
        model[item]--;
      }
      const live = model.filter((v) => v > 0);
      const min = queue.minKey();
      expect(min).toBe(live.length === 0 ? Number.POSITIVE_INFINITY : Math.min(...live));
      if (live.length > 0) expect(model[queue.pick(min, random)]).toBe(min);
    }
  });
});

describe('FoldTree', () => {
  test.prop([
    fc.integer({ min: 1, max: 40 }),
    fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 3 })), {
      maxLength: 80,
    }),
    fc.array(fc.nat(), { maxLength: 50 }),
  ])('finds the folds with the smallest (a, n), in fold order', (k, sets, batch) => {
    const tree = new FoldTree(k);
    const a = new Array<number>(k).fill(0);
    const n = new Array<number>(k).fill(0);
    const check = (): void => {
      const best = Array.from(a.keys()).sort((x, y) => a[x] - a[y] || n[x] - n[y] || x - y);
      const smallest = best.filter((j) => a[j] === a[best[0]] && n[j] === n[best[0]]);
      expect(tree.ties()).toBe(smallest.length);
      smallest.forEach((j, t) => {
        expect(tree.select(t)).toBe(j);
      });
    };
    check();
    for (const [j0, da, dn] of sets) {
      const j = j0 % k;
      a[j] += da;
      n[j] += dn;
      tree.set(j, a[j], n[j]);
      check();
    }
    // Many folds changed in place at once (the whole tree is rebuilt), then a few.
    for (const list of [batch, batch.slice(0, 2)]) {
      const folds = Int32Array.from(new Set(list.map((j) => j % k)));
      for (const j of folds) {
        a[j] = (a[j] + 1) % 3;
        tree.a[j] = a[j];
        tree.n[j] = n[j];
      }
      tree.refresh(folds, folds.length);
      check();
    }
  });
});

describe('distribute', () => {
  test.prop([
    labelMatrix({ minRows: 1, maxRows: 40, maxCols: 7 }),
    fc.integer({ min: 1, max: 40 }),
    combinationOrder,
    anySeed,
  ])(
    'with equal proportions, the fold tree makes the choices of the literal desire table',
    (m, k0, order, seed) => {
      const k = Math.min(k0, m.rows);
      const combos = labelCombinations(sparseOf(m), order);
      const proportions = new Float64Array(k).fill(1 / k);
      const byScan = new Int32Array(m.rows);
      const byTree = new Int32Array(m.rows);
      const orderScan = distribute(combos, proportions, new SeededRandom(seed), byScan, true);
      const orderTree = distribute(combos, proportions, new SeededRandom(seed), byTree, false);
      expect(Array.from(byTree)).toEqual(Array.from(byScan));
      expect(Array.from(orderTree.order)).toEqual(Array.from(orderScan.order));
      expect(Array.from(orderTree.colRows)).toEqual(Array.from(orderScan.colRows));
    },
  );
});

describe('rowsInOrder', () => {
  test.prop([labelMatrix({ minRows: 1, maxRows: 30, maxCols: 6 }), combinationOrder, anySeed])(
    'lists the rows of every combination in the given row order',
    (m, order, seed) => {
      const combos = labelCombinations(sparseOf(m), order);
      const permutation = new SeededRandom(seed).permutation(m.rows);
      const { colPtr, colRows } = rowsInOrder(combos, permutation);
      for (let c = 0; c < combos.count; c++) {
        const expected = Array.from(permutation).filter((r) =>
          combos.indices.subarray(combos.indptr[r], combos.indptr[r + 1]).includes(c),
        );
        expect(Array.from(colRows.subarray(colPtr[c], colPtr[c + 1]))).toEqual(expected);
      }
    },
  );
});

describe('balanceFolds', () => {
  test.prop([
    labelMatrix({ minRows: 2, maxRows: 40, maxCols: 6 }),
    fc.integer({ min: 2, max: 12 }),
    combinationOrder,
    anySeed,
    fc.integer({ min: 1, max: 3 }),
    fc.constantFrom(0, 1e9),
  ])(
    'reaches the target sizes whatever the bounds of the size search',
    (m, k0, order, seed, targetsPerRow, forcedScanWork) => {
      const k = Math.min(k0, m.rows);
      const combos = labelCombinations(sparseOf(m), order);
      // An unbalanced start: every row in the first half of the folds.
      const fold = Int32Array.from({ length: m.rows }, (_, r) => r % Math.ceil(k / 2));
      const order_ = new SeededRandom(seed).permutation(m.rows);
      const proportions = new Float64Array(k).fill(1 / k);
      const sizes = targetSizes(m.rows, proportions);
      balanceFolds(combos, sizes, fold, rowsInOrder(combos, order_), {
        targets: targetsPerRow,
        forcedScanWork,
      });
      const got = new Int32Array(k);
      for (const f of fold) got[f]++;
      expect(Array.from(got)).toEqual(Array.from(sizes));
    },
  );
});

describe('LabelsetGroups', () => {
  test.prop([
    labelMatrix({ minRows: 1, maxRows: 25, maxCols: 4 }),
    fc.integer({ min: 2, max: 4 }),
    fc.array(fc.tuple(fc.nat(), fc.nat()), { maxLength: 60 }),
  ])('groups equal labelsets and tracks their rows per fold through moves', (m, k, moves) => {
    const s = sparseOf(m);
    const fold = Int32Array.from({ length: m.rows }, (_, r) => r % k);
    const order = new SeededRandom(m.rows).permutation(m.rows);
    const groups = new LabelsetGroups(s.indptr, s.indices, m.cols, fold, k, order);
    const rows = toRows(m);
    for (let a = 0; a < m.rows; a++) {
      for (let b = 0; b < m.rows; b++) {
        const same = rows[a].join() === rows[b].join();
        expect(groups.groupOf[a] === groups.groupOf[b]).toBe(same);
      }
    }
    for (const [r0, f0] of moves) {
      const r = r0 % m.rows;
      const to = f0 % k;
      if (to === fold[r]) continue;
      groups.moved(r, fold[r], to);
      fold[r] = to;
      for (let g = 0; g < groups.count; g++) {
        for (let j = 0; j < k; j++) {
          const members = Array.from(fold.keys()).filter(
            (x) => groups.groupOf[x] === g && fold[x] === j,
          );
          expect(groups.countIn(g, j)).toBe(members.length);
          const x = groups.member(g, j);
          expect(x === -1 ? members.length === 0 : members.includes(x)).toBe(true);
        }
      }
    }
  });
});

describe('targetSizes', () => {
  test.prop([
    fc.integer({ min: 1, max: 1000 }),
    fc.array(fc.double({ min: 0.01, max: 1, noNaN: true }), { minLength: 2, maxLength: 8 }),
  ])('sums to the rows with every size the floor or ceiling of rows * r_j', (rows, weights) => {
    const sum = weights.reduce((a, b) => a + b, 0);
    const proportions = Float64Array.from(weights, (w) => w / sum);
    const sizes = targetSizes(rows, proportions);
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(rows);
    sizes.forEach((s, j) => {
      expect(Math.abs(s - rows * proportions[j])).toBeLessThan(1);
    });
  });
});

import { test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { SeededRandom } from '../../src/core/random.js';
import { labelCombinations } from '../../src/data/combinations.js';
import { distribute } from '../../src/data/distribute.js';
import { groupCombinations } from '../../src/data/groups.js';
import {
  iterativeStratification,
  splitQuality,
  stratifiedKFold,
  trainTestSplit,
} from '../../src/data/index.js';
import { toSparseLabels } from '../../src/data/sparse-labels.js';
import { fc, labelMatrix, type TestMatrix } from '../fc.js';
import golden from '../fixtures/stratification-folds.json';
import { thrown } from '../thrown.js';

const asInput = (m: TestMatrix) => ({ data: m.data, shape: [m.rows, m.cols] as [number, number] });

/** The number of distinct ids in `groups`. */
const distinct = (groups: ArrayLike<unknown>): number => new Set(Array.from(groups)).size;

/** Labels (with missing cells), group ids with at least `parts` distinct ones, order, seed. */
const groupedCase = (parts: { min: number; max: number }) =>
  labelMatrix({ minRows: parts.min, maxRows: 30, maxCols: 6, missing: true })
    .chain((m) =>
      fc.record({
        m: fc.constant(m),
        groups: fc.array(fc.integer({ min: 0, max: m.rows - 1 }), {
          minLength: m.rows,
          maxLength: m.rows,
        }),
        order: fc.constantFrom(1 as const, 2 as const),
        seed: fc.integer({ min: 0, max: 2 ** 31 }),
      }),
    )
    .filter(({ groups }) => distinct(groups) >= parts.min)
    .chain((c) =>
      fc.record({
        c: fc.constant(c),
        k: fc.integer({ min: parts.min, max: Math.min(parts.max, distinct(c.groups)) }),
      }),
    )
    .map(({ c, k }) => ({ ...c, k }));

/** Throws unless every group's rows share one part. */
function expectGroupsWhole(groups: ArrayLike<number>, partOf: ArrayLike<number>): void {
  const seen = new Map<number, number>();
  for (let r = 0; r < groups.length; r++) {
    const part = seen.get(groups[r]);
    if (part === undefined) seen.set(groups[r], partOf[r]);
    else expect(partOf[r], `row ${r} of group ${groups[r]}`).toBe(part);
  }
}

/** The part of every row, from one row-index array per part (each row in exactly one). */
function partOfRows(rows: number, parts: readonly Int32Array[]): Int32Array {
  const partOf = new Int32Array(rows).fill(-1);
  parts.forEach((part, j) => {
    for (const r of part) {
      expect(partOf[r]).toBe(-1);
      partOf[r] = j;
    }
  });
  expect(partOf.indexOf(-1)).toBe(-1);
  return partOf;
}

describe('grouped splits: properties', () => {
  test.prop([groupedCase({ min: 2, max: 6 }), fc.boolean()])(
    'iterativeStratification puts every group in one fold, every row in a fold, and (balanced) fills every fold',
    ({ m, groups, order, seed, k }, balance) => {
      const folds = iterativeStratification(asInput(m), {
        nFolds: k,
        order,
        seed,
        balance,
        groups,
      });
      expect(folds.length).toBe(m.rows);
      for (const f of folds) expect(f >= 0 && f < k).toBe(true);
      expectGroupsWhole(groups, folds);
      if (balance) expect(distinct(folds)).toBe(k);
    },
  );

  test.prop([groupedCase({ min: 3, max: 3 }), fc.boolean()])(
    'iterativeStratification with unequal proportions keeps groups whole',
    ({ m, groups, order, seed }, balance) => {
      const proportions = [0.5, 0.3, 0.2];
      fc.pre(proportions.every((p) => Math.floor(p * m.rows + 1e-9) >= 1));
      const options = { proportions, order, seed, balance, groups };
      const folds = iterativeStratification(asInput(m), options);
      for (const f of folds) expect(f >= 0 && f < 3).toBe(true);
      expectGroupsWhole(groups, folds);
      if (balance) expect(distinct(folds)).toBe(3);
    },
  );

  test.prop([groupedCase({ min: 2, max: 6 })])(
    'stratifiedKFold tests every row once, every group in one test fold, no test fold empty',
    ({ m, groups, order, seed, k }) => {
      const splits = stratifiedKFold(asInput(m), { nFolds: k, order, seed, groups });
      expect(splits.length).toBe(k);
      const testOf = partOfRows(
        m.rows,
        splits.map((s) => s.test),
      );
      expectGroupsWhole(groups, testOf);
      for (const { train, test } of splits) {
        expect(test.length).toBeGreaterThan(0);
        expect(train.length + test.length).toBe(m.rows);
        for (const r of train) expect(testOf[r]).not.toBe(testOf[test[0]]);
      }
    },
  );

  test.prop([groupedCase({ min: 3, max: 3 }), fc.boolean()])(
    'trainTestSplit puts every group in one part, and no part is empty',
    ({ m, groups, order, seed }, validation) => {
      const options = {
        testSize: 0.3,
        order,
        seed,
        groups,
        ...(validation ? { validationSize: 0.2 } : {}),
      };
      fc.pre(Math.ceil(0.3 * m.rows) + (validation ? Math.ceil(0.2 * m.rows) : 0) < m.rows);
      const split = trainTestSplit(asInput(m), options);
      const parts = validation
        ? [split.train, split.test, split.validation]
        : [split.train, split.test];
      const partOf = partOfRows(m.rows, parts);
      expectGroupsWhole(groups, partOf);
      for (const part of parts) expect(part.length).toBeGreaterThan(0);
      expect(split.validation.length > 0).toBe(validation);
    },
  );

  test.prop([groupedCase({ min: 2, max: 6 }), fc.boolean()])(
    'group ids given as strings split as the same ids given as numbers',
    ({ m, groups, order, seed, k }, balance) => {
      const options = { nFolds: k, order, seed, balance };
      const names = groups.map((g) => `patient-${g}`);
      expect(iterativeStratification(asInput(m), { ...options, groups: names })).toEqual(
        iterativeStratification(asInput(m), { ...options, groups: Int32Array.from(groups) }),
      );
    },
  );

  test.prop([
    labelMatrix({ minRows: 3, maxRows: 30, maxCols: 6, missing: true }).chain((m) =>
      fc.record({
        m: fc.constant(m),
        k: fc.integer({ min: 2, max: Math.min(6, m.rows) }),
        order: fc.constantFrom(1 as const, 2 as const),
        seed: fc.integer({ min: 0, max: 2 ** 31 }),
        balance: fc.boolean(),
      }),
    ),
  ])('groups all distinct give the folds of no groups', ({ m, k, order, seed, balance }) => {
    const y = asInput(m);
    // Distinct ids in any order: the group numbering follows the rows.
    const groups = Array.from({ length: m.rows }, (_, r) => 1000 - 7 * r);
    const options = { nFolds: k, order, seed, balance };
    expect(iterativeStratification(y, { ...options, groups })).toEqual(
      iterativeStratification(y, options),
    );
    expect(stratifiedKFold(y, { nFolds: k, order, seed, groups })).toEqual(
      stratifiedKFold(y, { nFolds: k, order, seed }),
    );
    expect(trainTestSplit(y, { testSize: 1, order, seed, groups })).toEqual(
      trainTestSplit(y, { testSize: 1, order, seed }),
    );
  });

  test.prop([
    labelMatrix({ minRows: 2, maxRows: 30, maxCols: 6 }).chain((m) =>
      fc.record({
        m: fc.constant(m),
        k: fc.integer({ min: 2, max: Math.min(6, m.rows) }),
        order: fc.constantFrom(1 as const, 2 as const),
        seed: fc.integer({ min: 0, max: 2 ** 31 }),
        scan: fc.boolean(),
      }),
    ),
  ])(
    'the weighted rule with one row per group is the published rule, choice for choice',
    ({ m, k, order, seed, scan }) => {
      const combos = labelCombinations(toSparseLabels(asInput(m), 'y'), order);
      const groupOf = Int32Array.from({ length: m.rows }, (_, r) => r);
      const grouped = groupCombinations(combos, { groupOf, count: m.rows });
      const proportions = new Float64Array(k).fill(1 / k);
      const plain = new Int32Array(m.rows);
      const weighted = new Int32Array(m.rows);
      const a = distribute(combos, proportions, new SeededRandom(seed), plain, scan);
      const b = distribute(
        grouped.combos,
        proportions,
        new SeededRandom(seed),
        weighted,
        scan,
        grouped.items,
      );
      expect(weighted).toEqual(plain);
      expect(b.order).toEqual(a.order);
    },
  );
});

describe('grouped splits', () => {
  it('counts a group as its rows: one group of 4 positives against 4 single rows', () => {
    // Group 9 holds the only positives; its 4 rows fill its fold, the 4 other rows the other.
    const y = [[1], [1], [1], [1], [0], [0], [0], [0]];
    const groups = [9, 9, 9, 9, 1, 2, 3, 4];
    for (let seed = 0; seed < 10; seed++) {
      for (const balance of [false, true]) {
        const folds = iterativeStratification(y, { nFolds: 2, seed, groups, balance });
        const f = folds[0];
        expect(Array.from(folds)).toEqual([f, f, f, f, 1 - f, 1 - f, 1 - f, 1 - f]);
      }
    }
  });

  it('sums the rows of a group: label counts and pair counts', () => {
    const y = toSparseLabels(
      [
        [1, 1, 0],
        [1, 0, 1],
        [1, 1, 0],
        [0, 0, 1],
      ],
      'y',
    );
    const combos = labelCombinations(y, 2);
    const { combos: byGroup, items } = groupCombinations(combos, {
      groupOf: Int32Array.from([0, 0, 0, 1]),
      count: 2,
    });
    const list = (g: number): [string, number][] =>
      Array.from(
        byGroup.indices.subarray(byGroup.indptr[g], byGroup.indptr[g + 1]),
        (c, i): [string, number] => [
          c < 3 ? `label ${c}` : `pair ${combos.pairFirst[c - 3]}-${combos.pairSecond[c - 3]}`,
          items.weights[byGroup.indptr[g] + i],
        ],
      );
    expect(new Map(list(0))).toEqual(
      new Map([
        ['label 0', 3],
        ['label 1', 2],
        ['label 2', 1],
        ['pair 0-1', 2],
        ['pair 0-2', 1],
      ]),
    );
    expect(list(1)).toEqual([['label 2', 1]]);
    expect(Array.from(items.sizes)).toEqual([3, 1]);
    // Support: groups holding each combination; rowSupport: rows.
    expect(Array.from(byGroup.support)).toEqual([1, 1, 2, 1, 1]);
    expect(Array.from(items.rowSupport)).toEqual([3, 2, 2, 2, 1]);
  });

  it('makes fold sizes as even as the group sizes allow', () => {
    // Groups of 3, 3, 2, 1, 1 rows: 5 + 5 is reachable.
    const groups = [0, 0, 0, 1, 1, 1, 2, 2, 3, 4];
    const y = Array.from({ length: 10 }, (_, r) => [r % 2, r % 3 === 0 ? 1 : 0]);
    for (let seed = 0; seed < 20; seed++) {
      const folds = iterativeStratification(y, { nFolds: 2, seed, groups });
      expect(Array.from(splitQuality(y, folds).foldSizes)).toEqual([5, 5]);
      const { train, test } = trainTestSplit(y, { testSize: 0.3, seed, groups });
      expect(test.length).toBe(3);
      expect(train.length).toBe(7);
    }
  });

  it('gives every fold a group even when the groups are very uneven', () => {
    // One group of 10 rows and 3 single rows in 4 folds: each fold gets one group.
    const y = Array.from({ length: 13 }, (_, r) => [r < 10 ? 1 : 0]);
    const groups = [...new Array<number>(10).fill(0), 1, 2, 3];
    for (let seed = 0; seed < 10; seed++) {
      const folds = iterativeStratification(y, { nFolds: 4, seed, groups });
      expect(distinct(folds)).toBe(4);
      expectGroupsWhole(groups, folds);
    }
  });

  it('leaves one group out per fold when there are as many folds as groups', () => {
    // 60 rows in 20 groups of 1 to 5 rows, 20 folds: each fold is one group.
    const sizes = Array.from({ length: 20 }, (_, g) => 1 + ((g * 7) % 5));
    const groups = sizes.flatMap((n, g) => new Array<number>(n).fill(g));
    const y = groups.map((g, r) => [g % 2, r % 3 === 0 ? 1 : 0, g % 5 === 0 ? 1 : 0]);
    for (let seed = 0; seed < 5; seed++) {
      const folds = iterativeStratification(y, { nFolds: 20, seed, groups });
      expectGroupsWhole(groups, folds);
      expect(distinct(folds)).toBe(20);
      const splits = stratifiedKFold(y, { nFolds: 20, seed, groups });
      for (const { test } of splits) expect(distinct(Array.from(test, (r) => groups[r]))).toBe(1);
    }
  });

  it('beats whole groups dealt at random on emotions: LD at most half', () => {
    const input = golden.inputs.emotions;
    const y = { data: input.data, shape: input.shape as [number, number] };
    const rows = y.shape[0];
    let ours = 0;
    let dealt = 0;
    for (let seed = 0; seed < 3; seed++) {
      // Groups of 1 to 5 rows over the rows in a random order.
      const random = new SeededRandom(100 + seed);
      const order = random.permutation(rows);
      const groups = new Int32Array(rows);
      let count = 0;
      for (let t = 0; t < rows; count++) {
        const end = Math.min(rows, t + 1 + random.nextInt(5));
        for (; t < end; t++) groups[order[t]] = count;
      }
      const folds = iterativeStratification(y, { nFolds: 5, seed, groups });
      expectGroupsWhole(groups, folds);
      const q = splitQuality(y, folds);
      // Sizes within a group's rows of 593 / 5.
      for (const s of q.foldSizes) expect(Math.abs(s - rows / 5)).toBeLessThanOrEqual(5);
      ours += q.labelDistribution;
      const foldOfGroup = Int32Array.from(random.permutation(count), (g) => g % 5);
      dealt += splitQuality(
        y,
        Int32Array.from(groups, (g) => foldOfGroup[g]),
      ).labelDistribution;
    }
    expect(ours).toBeLessThan(dealt / 2);
  });

  it('rejects bad groups', () => {
    const y = [[1], [0], [1], [0]];
    const wrongLength = thrown(() => iterativeStratification(y, { nFolds: 2, groups: [1, 2, 3] }));
    expect(wrongLength.code).toBe('SHAPE_MISMATCH');
    expect(wrongLength.message).toContain('`groups` has 3 entries but `y` has 4 rows');
    const nan = thrown(() => stratifiedKFold(y, { nFolds: 2, groups: [1, Number.NaN, 2, 2] }));
    expect(nan.code).toBe('INVALID_OPTION');
    expect(nan.message).toContain('`groups[1]` is NaN');
    const hole = thrown(() => trainTestSplit(y, { groups: [1, undefined, 2, 2] as never }));
    expect(hole.code).toBe('INVALID_OPTION');
    expect(hole.message).toContain('`groups[1]` is undefined');
    const notArray = thrown(() => iterativeStratification(y, { nFolds: 2, groups: 3 as never }));
    expect(notArray.code).toBe('INVALID_OPTION');
    const few = thrown(() => iterativeStratification(y, { nFolds: 3, groups: [1, 1, 2, 2] }));
    expect(few.code).toBe('INVALID_OPTION');
    expect(few.message).toContain('2 distinct groups but the split has 3 folds');
    expect(thrown(() => stratifiedKFold(y, { nFolds: 3, groups: ['a', 'a', 'b', 'b'] })).code).toBe(
      'INVALID_OPTION',
    );
    expect(
      thrown(() => trainTestSplit(y, { testSize: 1, validationSize: 1, groups: [1, 1, 2, 2] }))
        .message,
    ).toContain('2 distinct groups but the split has 3 parts');
    const typo = thrown(() =>
      iterativeStratification(y, { nFolds: 2, group: [1, 1, 2, 2] } as never),
    );
    expect(typo.code).toBe('UNKNOWN_OPTION');
    expect(typo.message).toContain('Did you mean `groups`?');
  });
});

describe('splitQuality: groupFreeReference', () => {
  it('reports the measures of the group-free iterative split of the same labels', () => {
    const input = golden.inputs.emotions;
    const y = { data: input.data, shape: input.shape as [number, number] };
    const groups = Int32Array.from({ length: y.shape[0] }, (_, r) => Math.floor(r / 3));
    const folds = iterativeStratification(y, { nFolds: 4, seed: 2, groups });
    const q = splitQuality(y, folds, { groupFreeReference: true });
    const free = splitQuality(y, iterativeStratification(y, { nFolds: 4, seed: 0 }));
    expect(q.groupFreeReference).toEqual({
      labelDistribution: free.labelDistribution,
      labelPairDistribution: free.labelPairDistribution,
      exampleDistribution: free.exampleDistribution,
    });
    expect(q.labelDistribution).toBeGreaterThan(free.labelDistribution);
    // The split's own measures are those without the option.
    const { groupFreeReference, ...own } = q;
    expect(own).toEqual(splitQuality(y, folds));
    expect(splitQuality(y, folds).groupFreeReference).toBeUndefined();
  });

  it('uses the proportions given', () => {
    const y = Array.from({ length: 20 }, (_, r) => [r % 2, r % 5 === 0 ? 1 : 0]);
    const folds = Array.from({ length: 20 }, (_, r) => (r < 15 ? 0 : 1));
    const q = splitQuality(y, folds, { proportions: [0.75, 0.25], groupFreeReference: true });
    const free = splitQuality(y, iterativeStratification(y, { proportions: [0.75, 0.25] }), {
      proportions: [0.75, 0.25],
    });
    expect(q.groupFreeReference?.labelDistribution).toBe(free.labelDistribution);
    expect(q.groupFreeReference?.exampleDistribution).toBe(0);
  });

  it('rejects a value that is not a boolean', () => {
    expect(
      thrown(() => splitQuality([[1], [0]], [0, 1], { groupFreeReference: 1 as never })).code,
    ).toBe('INVALID_OPTION');
  });
});

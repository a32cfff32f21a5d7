/**
 * Entries of `tfjs-multilabel/data`: the splits against their documented guarantees (a
 * partition of the rows, fold sizes of floor or ceil of rows x proportion, the same split for
 * the same seed), the statistics against counts written out below, and readArff against the
 * dataset each generated file was written from.
 */
import { expect } from 'vitest';
import * as data from '../../../src/data/index.js';
import { malformedVector, type VectorArg, vectorArg } from '../arbitraries.js';
import { callOnPair, type PairCase, pairCases, type SingleCase, singleCases } from '../families.js';
import { type AnyEntry, type Case, close, describeValue, type Entry, fc } from '../harness.js';
import {
  boolean,
  either,
  integer,
  number,
  type OptionContext,
  type OptionSpec,
  oneOf,
  type TamperedOptions,
  tamperedOptions,
  vector,
} from '../options.js';

const labels = { cell: 'labels', missing: true, maxRows: 12, large: 'any' } as const;

/** Options with valid values drawn for the data's shape, and whether they fit it. */
interface SplitOptions {
  readonly options: Record<string, unknown>;
  /** The fold count the options ask for (undefined: the function's default). */
  readonly folds: number;
  readonly proportions: number[] | undefined;
  /** The `groups` option, when given. */
  readonly groups?: (number | string)[];
}

const seedRule = integer(0);
const orderRule = oneOf(1, 2);
const proportionsRule = (v: unknown) =>
  (Array.isArray(v) || (ArrayBuffer.isView(v) && !(v instanceof DataView))) &&
  (v as ArrayLike<unknown>).length >= 2 &&
  Array.from(v as ArrayLike<unknown>).every(
    (x) => typeof x === 'number' && Number.isFinite(x) && x > 0,
  ) &&
  Math.abs(Array.from(v as ArrayLike<number>).reduce((a, b) => a + b, 0) - 1) <= 1e-6;

/** One group id (a finite number or a string) per row. */
const groupsRule = (v: unknown, c: OptionContext) =>
  (Array.isArray(v) ||
    (ArrayBuffer.isView(v) &&
      !(v instanceof DataView) &&
      !(v instanceof BigInt64Array) &&
      !(v instanceof BigUint64Array))) &&
  (v as ArrayLike<unknown>).length === c.rows &&
  Array.from(v as ArrayLike<unknown>).every(
    (x) => typeof x === 'string' || (typeof x === 'number' && Number.isFinite(x)),
  );

const stratifyOptions: OptionSpec = {
  nFolds: integer(2),
  order: orderRule,
  seed: seedRule,
  proportions: proportionsRule,
  balance: boolean,
  groups: groupsRule,
};

/**
 * Group ids for some valid splits (one seed in three): pairs of consecutive rows, as numbers
 * or (every other such seed) strings; `undefined` for the others.
 */
function groupsFor(seed: unknown, rows: number): (number | string)[] | undefined {
  const s = Number(seed ?? 0);
  if (s % 3 !== 1) return undefined;
  return Array.from({ length: rows }, (_, r) =>
    s % 2 === 0 ? Math.floor(r / 2) : `g${Math.floor(r / 2)}`,
  );
}

/** Throws unless the rows of every group share one part. */
function expectGroupsWhole(groups: readonly unknown[], partOf: ArrayLike<number>): void {
  const seen = new Map<unknown, number>();
  groups.forEach((g, r) => {
    const part = seen.get(g);
    if (part === undefined) seen.set(g, partOf[r]);
    else if (part !== partOf[r])
      expect.fail(`group ${String(g)} is in parts ${part} and ${partOf[r]}`);
  });
}

const seeds = fc.oneof(
  fc.nat(1000),
  fc.constantFrom(0, 2 ** 32 - 1, 2 ** 32, Number.MAX_SAFE_INTEGER),
);

function splitOptions(): fc.Arbitrary<SplitOptions> {
  return fc.oneof(
    fc
      .record({ nFolds: fc.integer({ min: 2, max: 6 }), order: fc.constantFrom(1, 2), seed: seeds })
      .map((o) => ({ options: o, folds: o.nFolds, proportions: undefined })),
    fc
      .record({
        proportions: fc.constantFrom<number[]>(
          [0.8, 0.2],
          [0.5, 0.25, 0.25],
          [0.9, 0.05, 0.05],
          [1 / 3, 1 / 3, 1 / 3],
        ),
        order: fc.constantFrom(1, 2),
        seed: seeds,
        balance: fc.boolean(),
      })
      .map((o) => ({ options: o, folds: o.proportions.length, proportions: o.proportions })),
  );
}

/** floor or ceil of rows * p for every fold. */
function sizesFit(sizes: number[], rows: number, proportions: number[]): boolean {
  return sizes.every(
    (s, j) => s === Math.floor(rows * proportions[j]) || s === Math.ceil(rows * proportions[j]),
  );
}

interface StratifyCase extends SingleCase {
  readonly split: SplitOptions;
}

function stratifyCases(spec: OptionSpec, withProportions: boolean): fc.Arbitrary<StratifyCase> {
  return (
    withProportions ? splitOptions() : splitOptions().filter((s) => s.proportions === undefined)
  ).chain((split) =>
    singleCases(labels, spec, () => split.options).map((c) => {
      if (c.clean?.large === true) return largeSplit(c, split);
      const tags = [...c.tags, `options ${describeValue(split.options)}`];
      if (c.expect !== 'value' || c.clean === undefined) return { ...c, tags, split };
      const rows = c.clean.rows;
      const p = split.proportions ?? new Array(split.folds).fill(1 / split.folds);
      const groups = groupsFor(split.options.seed, rows);
      const grouped =
        groups === undefined ? split : { ...split, options: { ...split.options, groups }, groups };
      // Fewer rows (or groups) than folds, or a fold that floor(rows * p) leaves empty: rejected.
      const fits =
        split.folds <= Math.ceil(groups === undefined ? rows : rows / 2) &&
        p.every((x) => Math.floor(rows * x) >= 1);
      const groupTags = groups === undefined ? tags : [...tags, 'groups of 2 rows'];
      return fits
        ? { ...c, tags: groupTags, split: grouped }
        : {
            ...c,
            tags: groupTags,
            split: grouped,
            expect: 'either' as const,
            why: 'more folds than rows, or a fold too small for a row',
          };
    }),
  );
}

/**
 * A large matrix split as users push it: one fold per row (the fold count as large as the
 * rows), or label pairs (`order: 2`) of rows with thousands of positives.
 */
function largeSplit(c: SingleCase, split: SplitOptions): StratifyCase {
  const rows = c.context.rows;
  if (rows >= 1000 && split.options.seed !== undefined && Number(split.options.seed) % 2 === 0) {
    const options = { nFolds: rows, seed: 1 };
    return {
      ...c,
      tags: [...c.tags, `one fold per row (${rows} folds)`],
      split: { options, folds: rows, proportions: undefined },
      // stratifiedKFold lists every row in every fold: beyond 2^28 indices it refuses.
      expect: rows * rows > 2 ** 28 ? 'either' : 'value',
      why: 'one fold per row',
    };
  }
  const options = { nFolds: 2, order: 2, seed: 1 };
  return {
    ...c,
    tags: [...c.tags, 'order 2 on a large matrix'],
    split: { options, folds: 2, proportions: undefined },
    // Thousands of positives in a row make millions of pairs: a MultilabelError is as good.
    expect: 'either',
    why: 'label pairs of a large matrix',
  };
}

const labelInput = (c: SingleCase) => c.m.input as data.LabelMatrix;

function foldSizes(folds: ArrayLike<number>, k: number): number[] {
  const sizes = new Array<number>(k).fill(0);
  for (const f of Array.from(folds)) sizes[f]++;
  return sizes;
}

const iterativeStratification: Entry<StratifyCase> = {
  name: 'iterativeStratification',
  export: 'iterativeStratification',
  cases: stratifyCases(stratifyOptions, true),
  run: (c) =>
    data.iterativeStratification(
      labelInput(c),
      (c.tampered !== undefined
        ? c.tampered.options
        : c.split.options) as data.IterativeStratificationOptions,
    ),
  check: (c, value) => {
    const folds = value as Int32Array;
    const clean = c.clean;
    if (clean === undefined) return;
    expect(folds).toBeInstanceOf(Int32Array);
    expect(folds.length).toBe(clean.rows);
    const k = c.split.folds;
    for (const f of folds) if (!(f >= 0 && f < k)) expect.fail(`fold ${f} outside 0..${k - 1}`);
    const p = c.split.proportions ?? new Array(k).fill(1 / k);
    if (c.split.groups !== undefined) expectGroupsWhole(c.split.groups, folds);
    else if (c.split.options.balance !== false && !sizesFit(foldSizes(folds, k), clean.rows, p)) {
      expect.fail(
        `fold sizes ${foldSizes(folds, k)} are not floor or ceil of ${clean.rows} x ${p}`,
      );
    }
    // The same seed gives the same folds.
    const again = data.iterativeStratification(labelInput(c), c.split.options);
    expect(Array.from(again)).toEqual(Array.from(folds));
  },
};

const stratifiedKFold: Entry<StratifyCase> = {
  name: 'stratifiedKFold',
  export: 'stratifiedKFold',
  cases: stratifyCases(
    { nFolds: integer(2), k: integer(2), order: orderRule, seed: seedRule, groups: groupsRule },
    false,
  ),
  run: (c) =>
    data.stratifiedKFold(
      labelInput(c),
      (c.tampered !== undefined
        ? c.tampered.options
        : c.split.options) as data.StratifiedKFoldOptions,
    ),
  check: (c, value) => {
    const splits = value as data.TrainTestIndices[];
    const clean = c.clean;
    if (clean === undefined) return;
    expect(splits.length).toBe(c.split.folds);
    const seen = new Array<number>(clean.rows).fill(0);
    for (const { train, test } of splits) {
      for (const r of test) seen[r]++;
      expect(train.length + test.length, 'train and test sizes').toBe(clean.rows);
      // Large splits (thousands of folds): the sizes and the test partition only.
      if (clean.large) continue;
      const both = [...Array.from(train), ...Array.from(test)].sort((a, b) => a - b);
      expect(both, 'train and test cover every row once').toEqual(
        Array.from({ length: clean.rows }, (_, i) => i),
      );
      for (const part of [train, test]) {
        for (let i = 1; i < part.length; i++)
          if (!(part[i] > part[i - 1])) expect.fail('indices not ascending');
      }
    }
    expect(
      seen.every((n) => n === 1),
      'every row is tested once',
    ).toBe(true);
    if (c.split.groups !== undefined) {
      const testOf = new Int32Array(clean.rows);
      splits.forEach(({ test }, j) => {
        for (const r of test) testOf[r] = j;
      });
      expectGroupsWhole(c.split.groups, testOf);
    }
  },
};

interface SplitCase extends SingleCase {
  readonly options: Record<string, unknown>;
}

const sizeRule = (v: unknown) =>
  typeof v === 'number' && Number.isFinite(v) && v > 0 && (v < 1 || Number.isInteger(v));

const trainTestSplit: Entry<SplitCase> = {
  name: 'trainTestSplit',
  export: 'trainTestSplit',
  cases: fc
    .record({
      testSize: fc.constantFrom(undefined, 0.2, 0.5, 0.99, 1, 2, 5e-324),
      validationSize: fc.constantFrom(undefined, 0.2, 1, 0.5),
      order: fc.constantFrom(1, 2),
      seed: seeds,
    })
    .map((o) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)))
    .chain((o) =>
      singleCases(
        labels,
        {
          testSize: sizeRule,
          validationSize: sizeRule,
          order: orderRule,
          seed: seedRule,
          groups: groupsRule,
        },
        () => o,
      ).map((c) => {
        const groups = c.clean === undefined ? undefined : groupsFor(o.seed, c.clean.rows);
        const options = groups === undefined ? o : { ...o, groups };
        const tags = [...c.tags, `options ${describeValue(options)}`];
        // Which sizes leave every part a row is the function's rule: either outcome is open.
        return c.expect === 'value'
          ? {
              ...c,
              tags,
              options,
              expect: 'either' as const,
              why: 'sizes may leave a part empty',
            }
          : { ...c, tags, options: o };
      }),
    ),
  run: (c) =>
    data.trainTestSplit(
      labelInput(c),
      (c.tampered !== undefined ? c.tampered.options : c.options) as data.TrainTestSplitOptions,
    ),
  check: (c, value) => {
    const split = value as data.TrainTestSplit;
    const clean = c.clean;
    if (clean === undefined) return;
    const all = [...split.train, ...split.test, ...split.validation].sort((a, b) => a - b);
    expect(all, 'the parts cover every row once').toEqual(
      Array.from({ length: clean.rows }, (_, i) => i),
    );
    expect(split.train.length).toBeGreaterThan(0);
    expect(split.test.length).toBeGreaterThan(0);
    const groups = c.options.groups as (number | string)[] | undefined;
    if (groups !== undefined) {
      // Whole groups: the sizes come as close as the groups allow.
      const partOf = new Int32Array(clean.rows);
      for (const r of split.test) partOf[r] = 1;
      for (const r of split.validation) partOf[r] = 2;
      expectGroupsWhole(groups, partOf);
      return;
    }
    const size = (s: number) => (s < 1 ? Math.ceil(s * clean.rows) : s);
    const testSize = c.options.testSize as number | undefined;
    if (testSize !== undefined) expect(split.test.length, 'test size').toBe(size(testSize));
  },
};

/** Brute-force positives per label and fold. */
function positivesPerFold(values: number[][], fold: number[], k: number): number[] {
  const cols = values[0].length;
  const out = new Array<number>(cols * k).fill(0);
  values.forEach((row, r) => {
    row.forEach((t, j) => {
      if (t === 1) out[j * k + fold[r]]++;
    });
  });
  return out;
}

interface QualityCase extends SingleCase {
  readonly folds:
    | VectorArg
    | { input: unknown; form: string; values: undefined; malformed: string };
  /** The fold of every row when `folds` is valid. */
  readonly fold: number[] | undefined;
  readonly k: number;
  readonly proportions: unknown;
}

const splitQuality: Entry<QualityCase> = {
  name: 'splitQuality',
  export: 'splitQuality',
  cases: singleCases(
    labels,
    { proportions: proportionsRule, groupFreeReference: boolean },
    () => ({}),
  ).chain((c) => {
    const rows = c.context.rows;
    return fc
      .record({
        k: fc.integer({ min: 1, max: Math.max(1, Math.min(rows, 4)) }),
        seed: fc.nat(),
        form: fc.constantFrom('by row', 'by part', 'by part', 'malformed', 'bad fold'),
        proportions: fc.constantFrom(undefined, 'equal', [0.1, 0.9], [0.5, 0.5, 0.5]),
      })
      .chain(({ k, seed, form, proportions }) => {
        // A fold per row using every fold 0..k-1 (rows >= k).
        const fold = Array.from({ length: rows }, (_, r) => (r < k ? r : (seed + r * 7) % k));
        const p = proportions === 'equal' ? new Array(k).fill(1 / k) : proportions;
        const folds: fc.Arbitrary<QualityCase['folds']> =
          form === 'by row'
            ? vectorArg(fold, false)
            : form === 'by part'
              ? fc.constant({
                  input: Array.from({ length: k }, (_, f) =>
                    Int32Array.from(fold.flatMap((g, r) => (g === f ? [r] : []))),
                  ),
                  form: 'row-index arrays',
                  values: fold,
                })
              : form === 'bad fold'
                ? fc
                    .constantFrom(
                      -1,
                      0.5,
                      Number.NaN,
                      rows + 5,
                      2 ** 31,
                      2 ** 32,
                      1e12,
                      Number.POSITIVE_INFINITY,
                    )
                    .map((bad) => ({
                      input: [bad, ...fold.slice(1)],
                      form: `a fold of ${bad}`,
                      values: undefined,
                      malformed: `a fold of ${bad}`,
                    }))
                : malformedVector().map((v) => ({
                    ...v,
                    values: undefined,
                    malformed: v.malformed ?? v.form,
                  }));
        return folds.map((f) => {
          const tags = [
            ...c.tags,
            `folds: ${f.form} (k = ${k})`,
            `proportions ${describeValue(p)}`,
          ];
          const valid =
            f.values !== undefined &&
            (p === undefined || (Array.isArray(p) && p.length === k && proportionsRule(p)));
          const base = {
            ...c,
            tags,
            folds: f,
            fold: f.values === undefined ? undefined : fold,
            k,
            proportions: p,
          };
          if (c.expect === 'value' && !valid)
            return { ...base, expect: 'error' as const, why: 'bad folds or proportions' };
          // One fold: LD and friends compare a fold with itself; the function may refuse.
          if (c.expect === 'value' && k < 2)
            return { ...base, expect: 'either' as const, why: 'a single fold' };
          return base;
        });
      });
  }),
  run: (c) =>
    data.splitQuality(
      labelInput(c),
      c.folds.input as data.FoldAssignment,
      (c.tampered !== undefined
        ? c.tampered.options
        : c.proportions === undefined
          ? referenceWanted(c)
            ? { groupFreeReference: true }
            : undefined
          : {
              proportions: c.proportions,
              groupFreeReference: referenceWanted(c),
            }) as data.SplitQualityOptions,
    ),
  check: (c, value) => {
    const q = value as data.SplitQuality;
    const clean = c.clean;
    if (clean === undefined || c.fold === undefined) return;
    for (const key of [
      'labelDistribution',
      'exampleDistribution',
      'labelPairDistribution',
    ] as const) {
      if (Number.isNaN(q[key]) || q[key] < 0) expect.fail(`${key} is ${q[key]}`);
    }
    expect(Array.from(q.foldSizes)).toEqual(foldSizes(c.fold, c.k));
    if (referenceWanted(c)) {
      const ref = q.groupFreeReference;
      if (ref === undefined) expect.fail('groupFreeReference asked for but absent');
      for (const key of [
        'labelDistribution',
        'exampleDistribution',
        'labelPairDistribution',
      ] as const) {
        if (Number.isNaN(ref[key]) || ref[key] < 0) expect.fail(`reference ${key} is ${ref[key]}`);
      }
    } else expect(q.groupFreeReference).toBeUndefined();
    if (!clean.large)
      expect(Array.from(q.positivesPerFold.data)).toEqual(
        positivesPerFold(clean.values, c.fold, c.k),
      );
  },
};

/** Whether a splitQuality case asks for the group-free reference: small data, every other k. */
function referenceWanted(c: QualityCase): boolean {
  return c.clean !== undefined && !c.clean.large && c.k >= 2 && c.k % 2 === 0;
}

const labelStatistics: Entry<SingleCase> = {
  name: 'labelStatistics',
  export: 'labelStatistics',
  cases: singleCases(labels, {}, () => ({})),
  run: (c) => data.labelStatistics(labelInput(c)),
  check: (c, value) => {
    const s = value as data.LabelStatistics;
    const clean = c.clean;
    if (clean === undefined) return;
    expect([s.rows, s.labels]).toEqual([clean.rows, clean.cols]);
    if (clean.large) return;
    const counts = clean.values[0].map((_, j) => clean.values.filter((row) => row[j] === 1).length);
    expect(Array.from(s.labelCounts)).toEqual(counts);
    const positives = clean.values.map((row) => row.filter((t) => t === 1).length);
    const cardinality = positives.reduce((a, b) => a + b, 0) / clean.rows;
    if (!close(s.cardinality, cardinality))
      expect.fail(`cardinality ${s.cardinality}, expected ${cardinality}`);
    if (!close(s.density, cardinality / clean.cols)) expect.fail(`density ${s.density}`);
    expect(s.rowsWithoutLabels).toBe(positives.filter((n) => n === 0).length);
    const sets = new Set(clean.values.map((row) => row.map((t) => (t === 1 ? 1 : 0)).join('')));
    expect(s.distinctLabelsets).toBe(sets.size);
    const max = Math.max(...counts);
    counts.forEach((n, j) => {
      const irlbl = n === 0 ? Number.POSITIVE_INFINITY : max / n;
      if (!close(s.irlbl[j], irlbl))
        expect.fail(`IRLbl of label ${j} is ${s.irlbl[j]}, expected ${irlbl}`);
    });
    if (!(s.scumble >= 0 && s.scumble <= 1)) expect.fail(`SCUMBLE ${s.scumble}`);
  },
};

interface CooccurrenceCase extends SingleCase {
  readonly normalize: string | undefined;
}

/** The options of a co-occurrence case: tampered, or its `normalize`. */
const cooccurrenceOptions = (c: CooccurrenceCase) =>
  (c.tampered !== undefined
    ? c.tampered.options
    : c.normalize === undefined
      ? undefined
      : { normalize: c.normalize }) as data.LabelCooccurrenceOptions;

const labelCooccurrence: Entry<CooccurrenceCase> = {
  name: 'labelCooccurrence',
  export: 'labelCooccurrence',
  cases: fc.constantFrom(undefined, 'none', 'conditional', 'jaccard').chain((normalize) =>
    singleCases(labels, { normalize: oneOf('none', 'conditional', 'jaccard') }, () =>
      normalize === undefined ? {} : { normalize },
    ).map((c) => ({
      ...c,
      normalize,
      tags: [...c.tags, `normalize ${normalize}`],
    })),
  ),
  run: (c) => data.labelCooccurrence(labelInput(c), cooccurrenceOptions(c)),
  check: (c, value) => {
    const m = value as data.RowMajorMatrix<Float64Array>;
    const clean = c.clean;
    if (clean === undefined) return;
    const L = clean.cols;
    expect(Array.from(m.shape)).toEqual([L, L]);
    if (clean.large) return;
    const both = (i: number, j: number) =>
      clean.values.filter((row) => row[i] === 1 && row[j] === 1).length;
    for (let i = 0; i < L; i++) {
      for (let j = 0; j < L; j++) {
        const n = both(i, j);
        const expected =
          c.normalize === 'conditional'
            ? both(i, i) === 0
              ? 0
              : n / both(i, i)
            : c.normalize === 'jaccard'
              ? both(i, i) + both(j, j) - n === 0
                ? 0
                : n / (both(i, i) + both(j, j) - n)
              : n;
        if (!close(m.data[i * L + j], expected))
          expect.fail(`cell [${i}][${j}] is ${m.data[i * L + j]}, expected ${expected}`);
      }
    }
  },
};

/** The dense matrix of a sparse co-occurrence result (after checking its structure). */
function densified(s: data.SparseCooccurrence): data.RowMajorMatrix<Float64Array> {
  const L = s.shape[0];
  expect(s.indptr.length).toBe(L + 1);
  const out = new Float64Array(L * L);
  for (let i = 0; i < L; i++) {
    for (let t = s.indptr[i]; t < s.indptr[i + 1]; t++) {
      if (t > s.indptr[i] && s.indices[t] <= s.indices[t - 1])
        expect.fail(`row ${i}: columns not ascending`);
      if (s.values[t] === 0) expect.fail(`row ${i}: a stored zero`);
      out[i * L + s.indices[t]] = s.values[t];
    }
  }
  return { data: out, shape: [L, L] };
}

const sparseLabelCooccurrence: Entry<CooccurrenceCase> = {
  ...labelCooccurrence,
  name: 'sparseLabelCooccurrence',
  export: 'sparseLabelCooccurrence',
  run: (c) => data.sparseLabelCooccurrence(labelInput(c), cooccurrenceOptions(c)),
  // The same cells as the dense function's reference, none stored as 0.
  check: (c, value) => labelCooccurrence.check?.(c, densified(value as data.SparseCooccurrence)),
};

/** A dataset to write as ARFF: attributes, rows, and how the file is written. */
interface ArffCase extends Case {
  readonly text: unknown;
  readonly options: unknown;
  readonly expected:
    | {
        readonly relation: string;
        readonly featureNames: string[];
        readonly labelNames: string[];
        readonly features: number[];
        readonly labels: number[];
      }
    | undefined;
}

const attributeName = fc.constantFrom(
  'x',
  'y1',
  'feature one',
  "it's",
  'a,b',
  'ñ',
  '%x',
  '{x}',
  'label-0',
  'Z',
);

/** An ARFF file written from a random dataset, in one of several equivalent spellings. */
function arffFile(): fc.Arbitrary<ArffCase> {
  return fc
    .record({
      features: fc.uniqueArray(attributeName, { minLength: 0, maxLength: 3 }),
      labelCount: fc.integer({ min: 1, max: 3 }),
      rows: fc.integer({ min: 0, max: 4 }),
      seed: fc.nat(),
      newline: fc.constantFrom('\n', '\r\n', '\r'),
      sparse: fc.boolean(),
      labelsBy: fc.constantFrom('names', 'count', 'xml', 'xml with a comment'),
      comment: fc.boolean(),
      mutation: fc.oneof(
        { weight: 6, arbitrary: fc.constant('none') },
        {
          weight: 1,
          arbitrary: fc.constantFrom(
            'hex number',
            'hex sparse index',
            'truncated',
            'no @data',
            'unknown attribute type',
            'trailing % comment',
            'extra value',
            'label 2',
            'NaN value',
            'huge number',
            'duplicate attribute',
            'unclosed quote',
            'empty',
            'not a string',
            'BOM',
            'sparse index out of range',
          ),
        },
      ),
    })
    .map((g) => {
      const labelNames = Array.from({ length: g.labelCount }, (_, j) => `lab${j}`);
      const features = g.features;
      let state = g.seed;
      const next = () => {
        state = (Math.imul(state, 1103515245) + 12345) >>> 0;
        return state / 2 ** 32;
      };
      const featureValues: number[] = [];
      const labelValues: number[] = [];
      const rowsText: string[] = [];
      const quote = (name: string) =>
        /^[A-Za-z0-9_-]+$/.test(name)
          ? name
          : `'${name.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
      for (let r = 0; r < g.rows; r++) {
        const fv = features.map(() => Math.round((next() * 20 - 10) * 1000) / 1000);
        const lv = labelNames.map(() => (next() < 0.4 ? 1 : 0));
        featureValues.push(...fv);
        labelValues.push(...lv);
        const cells = [...fv, ...lv];
        rowsText.push(
          g.sparse
            ? `{${cells.flatMap((v, i) => (v === 0 ? [] : [`${i} ${v}`])).join(', ')}}`
            : cells.join(','),
        );
      }
      let header = `@relation 'toy'${g.newline}`;
      if (g.comment) header += `% a comment${g.newline}`;
      for (const f of features) header += `@attribute ${quote(f)} numeric${g.newline}`;
      for (const l of labelNames) header += `@attribute ${l} {0,1}${g.newline}`;
      let text = `${header}@data${g.newline}${rowsText.map((row) => row + g.newline).join('')}`;
      const options =
        g.labelsBy === 'names'
          ? { labels: labelNames }
          : g.labelsBy === 'count'
            ? { labels: -labelNames.length }
            : {
                labels: `<?xml version="1.0" encoding="utf-8"?><labels xmlns="http://mulan.sourceforge.net/labels">${labelNames.map((l) => `<label name="${l}"></label>`).join('')}${g.labelsBy === 'xml with a comment' ? '<!-- <label name="x"/> -->' : ''}</labels>`,
              };
      const tags = [
        `${features.length} features, ${labelNames.length} labels, ${g.rows} rows, ${g.sparse ? 'sparse' : 'dense'}, newline ${JSON.stringify(g.newline)}, labels by ${g.labelsBy}`,
      ];
      const expected = {
        relation: 'toy',
        featureNames: features,
        labelNames,
        features: featureValues,
        labels: labelValues,
      };
      // Mutations that write feature values need a feature.
      const needsFeature = ['hex number', 'trailing % comment', 'NaN value', 'huge number'];
      if (g.mutation === 'none' || (needsFeature.includes(g.mutation) && features.length === 0)) {
        return {
          tags,
          text,
          options,
          expected,
          expect: 'value' as const,
          why: 'a valid ARFF file',
        };
      }
      tags.push(`mutation: ${g.mutation}`);
      const lines = text.split(g.newline);
      const dataAt = lines.indexOf('@data');
      switch (g.mutation) {
        case 'hex number':
          text = `${lines.slice(0, dataAt + 1).join(g.newline)}${g.newline}${[...features.map(() => '0x10'), ...labelNames.map(() => '0')].join(',')}${g.newline}`;
          break;
        case 'hex sparse index':
          text = `${lines.slice(0, dataAt + 1).join(g.newline)}${g.newline}{0x0 1}${g.newline}`;
          break;
        case 'truncated':
          text = text.slice(0, Math.floor(text.length / 2));
          break;
        case 'no @data':
          text = header;
          break;
        case 'unknown attribute type':
          text = text.replace('{0,1}', 'bogus');
          break;
        case 'trailing % comment':
          text = `${lines.slice(0, dataAt + 1).join(g.newline)}${g.newline}${[...features.map(() => '1'), ...labelNames.map(() => '0')].join(',')} % note${g.newline}`;
          break;
        case 'extra value':
          text = `${lines.slice(0, dataAt + 1).join(g.newline)}${g.newline}${[...features.map(() => '1'), ...labelNames.map(() => '0'), '1'].join(',')}${g.newline}`;
          break;
        case 'label 2':
          text = `${lines.slice(0, dataAt + 1).join(g.newline)}${g.newline}${[...features.map(() => '1'), ...labelNames.map(() => '2')].join(',')}${g.newline}`;
          break;
        case 'NaN value':
          text = `${lines.slice(0, dataAt + 1).join(g.newline)}${g.newline}${[...features.map(() => 'NaN'), ...labelNames.map(() => '0')].join(',')}${g.newline}`;
          break;
        case 'huge number':
          text = `${lines.slice(0, dataAt + 1).join(g.newline)}${g.newline}${[...features.map(() => '1e999'), ...labelNames.map(() => '0')].join(',')}${g.newline}`;
          break;
        case 'duplicate attribute':
          text = text.replace(
            `@attribute ${labelNames[0]} {0,1}`,
            `@attribute ${labelNames[0]} {0,1}${g.newline}@attribute ${labelNames[0]} {0,1}`,
          );
          break;
        case 'unclosed quote':
          text = text.replace("@relation 'toy'", "@relation 'toy");
          break;
        case 'empty':
          text = '';
          break;
        case 'not a string':
          return {
            tags,
            text: { text } as unknown,
            options,
            expected: undefined,
            expect: 'error' as const,
            why: 'text is not a string',
          };
        case 'BOM':
          return {
            tags,
            text: `\uFEFF${text}`,
            options,
            expected,
            expect: 'either' as const,
            why: 'a byte order mark',
          };
        case 'sparse index out of range':
          text = `${lines.slice(0, dataAt + 1).join(g.newline)}${g.newline}{${features.length + labelNames.length + 3} 1}${g.newline}`;
          break;
      }
      // Mutations that stay valid ARFF are left open (a value or PARSE_ERROR), checked for shape.
      const parseError = !['trailing % comment', 'NaN value', 'huge number'].includes(g.mutation);
      return {
        tags,
        text,
        options,
        expected: undefined,
        expect: parseError ? ('error' as const) : ('either' as const),
        why: parseError ? 'malformed ARFF' : 'unusual ARFF',
      };
    });
}

const readArff: Entry<ArffCase & { tampered?: TamperedOptions }> = {
  name: 'readArff',
  export: 'readArff',
  cases: fc.oneof(
    { weight: 8, arbitrary: arffFile() },
    {
      weight: 1,
      arbitrary: arffFile()
        .filter((c) => c.expect === 'value')
        .chain((c) =>
          tamperedOptions(
            c.options as Record<string, unknown>,
            {
              labels: (v) => typeof v === 'string' || typeof v === 'number' || Array.isArray(v),
              dtype: oneOf('float32', 'float64'),
            },
            { rows: 1, cols: 1 } as OptionContext,
          ).map((tampered) => ({
            ...c,
            tampered,
            tags: [...c.tags, tampered.how],
            expect: 'error' as const,
            why: tampered.how,
          })),
        ),
    },
  ),
  run: (c) =>
    data.readArff(
      c.text as string,
      (c.tampered !== undefined ? c.tampered.options : c.options) as data.ReadArffOptions,
    ),
  check: (c, value) => {
    const d = value as data.ArffDataset;
    const rows = d.labels.shape[0];
    expect(d.features.shape[0]).toBe(rows);
    expect(d.features.data.length).toBe(rows * d.featureNames.length);
    expect(d.labels.data.length).toBe(rows * d.labelNames.length);
    for (const v of d.labels.data)
      if (v !== 0 && v !== 1 && v !== -1) expect.fail(`a label is ${v}`);
    const e = c.expected;
    if (e === undefined) return;
    expect(d.relation).toBe(e.relation);
    expect(d.featureNames).toEqual(e.featureNames);
    expect(d.labelNames).toEqual(e.labelNames);
    expect(Array.from(d.labels.data)).toEqual(e.labels);
    Array.from(d.features.data).forEach((v, i) => {
      if (!close(v, e.features[i], 1e-6))
        expect.fail(`feature cell ${i} is ${v}, the file says ${e.features[i]}`);
    });
  },
};

/**
 * A marker the float32 labels of `markLikelyMissing` can hold: NaN, or a number that stays
 * finite and outside [0, 1] in float32 (its `ignoreIndex` is the default marker).
 */
const float32Marker = (v: unknown): boolean => {
  if (typeof v !== 'number') return false;
  const stored = Math.fround(v);
  return Number.isNaN(v) || (Number.isFinite(stored) && (stored < 0 || stored > 1));
};

/** A keep rate in (0, 1]. */
const keepRateCell = (v: number) => v > 0 && v <= 1;

const markLikelyMissing: Entry<PairCase> = {
  name: 'markLikelyMissing',
  export: 'markLikelyMissing',
  cases: pairCases(
    { second: 'scores', ignoreIndex: true, weights: false, maxRows: 10, maxCols: 4, large: 'tall' },
    {
      keepRate: either(
        number(0, 1, { min: true }),
        vector((c) => c.cols, keepRateCell),
      ),
      ignoreIndex: float32Marker,
      marker: float32Marker,
      nFolds: integer(2, (c) => c.rows),
      seed: seedRule,
      l2: number(0, Number.POSITIVE_INFINITY, { min: true }),
      contextLabels: integer(0),
    },
    () => ({ keepRate: 0.5, nFolds: 2 }),
  ).map((c) =>
    c.expect === 'value' && c.context.rows < 2
      ? { ...c, expect: 'error' as const, why: 'cross-fitting needs two rows', clean: undefined }
      : c,
  ),
  run: (c) => callOnPair(data.markLikelyMissing, c, { keepRate: 0.5, nFolds: 2 }),
  check: (c, value) => {
    const clean: PairCase['clean'] = c.clean;
    if (clean === undefined || clean.large) return;
    const result = value as data.LikelyMissingLabels;
    const { rows, cols } = clean;
    const marker = c.ignoreIndex ?? -1;
    const isMarker = (v: number) =>
      Object.is(v, marker) || (Number.isNaN(marker) && Number.isNaN(v));
    expect(result.labels.shape).toEqual([rows, cols]);
    for (let j = 0; j < cols; j++) {
      const column: number[] = clean.labels.map((row) => row[j]);
      const zeros: number[] = column.flatMap((v, r) => (v === 0 ? [r] : []));
      const positives = column.filter((v) => v === 1).length;
      // The keep rate 1/2: as many missing as tagged.
      const expected = Math.min(zeros.length, Math.round((positives * (1 - 0.5)) / 0.5));
      const marked: number[] = zeros.filter((r) => isMarker(result.labels.data[r * cols + j]));
      if (marked.length !== expected || result.markedPerLabel[j] !== expected) {
        expect.fail(`label ${j}: ${marked.length} cells marked, expected ${expected}`);
      }
      column.forEach((v, r) => {
        const out = result.labels.data[r * cols + j];
        const q = result.missingProbability.data[r * cols + j];
        if (v === 0 ? !(q >= 0 && q <= 1) : !Number.isNaN(q)) {
          expect.fail(`cell [${r}][${j}] (label ${v}) has probability ${q}`);
        }
        if (v === 1 && out !== 1) expect.fail(`positive cell [${r}][${j}] became ${out}`);
        if (v === -1 && !isMarker(out)) expect.fail(`unknown cell [${r}][${j}] became ${out}`);
      });
      // The marked 0s are the label's most probable (equal probabilities: the lower row).
      const q = (r: number) => result.missingProbability.data[r * cols + j];
      for (const a of marked) {
        for (const b of zeros) {
          if (!marked.includes(b) && !(q(a) > q(b) || (q(a) === q(b) && a < b))) {
            expect.fail(`label ${j}: row ${a} marked (${q(a)}) before row ${b} (${q(b)})`);
          }
        }
      }
    }
  },
};

export const dataEntries: AnyEntry[] = [
  iterativeStratification,
  stratifiedKFold,
  trainTestSplit,
  splitQuality,
  labelStatistics,
  labelCooccurrence,
  sparseLabelCooccurrence,
  markLikelyMissing,
  readArff,
];

/**
 * Entries of `MultiLabelBinarizer` (`tfjs-multilabel/data`): tag lists as users hand them over
 * (strings, numbers, Sets, typed arrays, repeats, empty rows, labels named like prototype keys,
 * extreme numbers) and as they go wrong (a string for a row, values that are not labels,
 * numbers and strings together, unknown labels), each checked against the classes and 0/1
 * matrix written out below; the decoders against their definitions cell by cell; the JSON
 * state against its round trip (a tampered state is refused or read back exactly).
 */
import { expect } from 'vitest';
import {
  type LabelName,
  MultiLabelBinarizer,
  type MultiLabelBinarizerJSON,
  type MultiLabelBinarizerOptions,
} from '../../../src/data/index.js';
import {
  type MatrixArg,
  malformedMatrix,
  matrixArg,
  NON_FINITE,
  optionValuePool,
  tamperJson,
  UNKNOWN_OPTION_KEYS,
  withOwnKey,
} from '../arbitraries.js';
import { type AnyEntry, type Case, describeValue, type Entry, fc } from '../harness.js';

const isLabel = (v: unknown): v is LabelName =>
  typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v));

const STRINGS = ['a', 'b', 'B', '', ' ', 'é', '中', '\u{1f600}', '__proto__', 'constructor', '1'];
const NUMBERS = [0, -0, 1, -1, 2.5, 1e308, -1e308, 5e-324, 2 ** 53, 7];
const NOT_LABELS = [null, undefined, Number.NaN, ...NON_FINITE, true, {}, [1], 2n, Symbol('x')];

/** A row as users hand it over: an array (or a Set, a typed array of numbers). */
interface RowArg {
  readonly input: unknown;
  /** The labels the row lists, when it is a list of labels. */
  readonly labels: readonly unknown[] | undefined;
}

const rowOf = (labels: readonly LabelName[]): fc.Arbitrary<RowArg> => {
  const forms: fc.Arbitrary<RowArg>[] = [
    fc.constant({ input: [...labels], labels }),
    fc.constant({ input: new Set(labels), labels: [...new Set(labels)] }),
  ];
  if (labels.every((l) => typeof l === 'number' && Number.isInteger(l) && Math.abs(l) < 2 ** 31)) {
    forms.push(fc.constant({ input: Int32Array.from(labels as number[]), labels }));
  }
  return fc.oneof(...forms);
};

interface TagCase extends Case {
  readonly y: unknown;
  /** The rows' labels, when `y` is an array of lists. */
  readonly rows: (readonly unknown[])[] | undefined;
}

/** Tag lists over `pool`, valid or broken in one place. */
function tagLists(pool: readonly LabelName[]): fc.Arbitrary<TagCase> {
  const valid = fc
    .array(fc.array(fc.constantFrom(...pool), { maxLength: 6 }), { minLength: 1, maxLength: 8 })
    .chain((lists) => fc.tuple(...lists.map(rowOf)))
    .map((rows) => ({
      y: rows.map((r) => r.input),
      rows: rows.map((r) => r.labels as unknown[]),
      tags: [`rows ${describeValue(rows.map((r) => r.labels))}`],
      expect: 'value' as const,
      why: 'tag lists',
    }));
  const broken = fc.oneof(
    fc.constantFrom<Omit<TagCase, 'tags' | 'expect'>>(
      { y: ['ab', 'c'], rows: undefined, why: 'strings for rows' },
      { y: 'ab', rows: undefined, why: 'a string for the rows' },
      { y: [], rows: undefined, why: 'no row' },
      { y: [null], rows: undefined, why: 'a null row' },
      { y: [[pool[0]], 3], rows: undefined, why: 'a number for a row' },
      { y: [{ length: 1, 0: pool[0] }], rows: undefined, why: 'an array-like object for a row' },
      { y: { length: 1, 0: [pool[0]] }, rows: undefined, why: 'an array-like object for rows' },
    ),
    fc.record({ at: fc.nat(3), bad: fc.constantFrom(...NOT_LABELS) }).map(({ at, bad }) => ({
      y: [[...pool.slice(0, at), bad]],
      rows: undefined,
      why: `a label ${describeValue(bad)}`,
    })),
  );
  return fc.oneof(
    { weight: 4, arbitrary: valid },
    {
      weight: 1,
      arbitrary: broken.map((b) => ({
        ...b,
        tags: [`y ${describeValue(b.y)}`],
        expect: 'error' as const,
      })),
    },
  );
}

const pools = fc.oneof(
  fc.uniqueArray(fc.constantFrom(...STRINGS), { minLength: 1, maxLength: 6 }),
  fc.uniqueArray(fc.constantFrom(...NUMBERS), {
    minLength: 1,
    maxLength: 6,
    comparator: 'SameValueZero',
  }),
);

/** The labels listed in at least `minCount` rows (0 and -0 are one label, read as 0). */
function keptLabels(rows: readonly (readonly unknown[])[], minCount = 1): LabelName[] {
  const counts = new Map<LabelName, number>();
  for (const row of rows) {
    for (const l of new Set(row as LabelName[])) counts.set(l, (counts.get(l) ?? 0) + 1);
  }
  return [...counts].filter(([, n]) => n >= minCount).map(([l]) => (Object.is(l, -0) ? 0 : l));
}

/** Classes as scikit-learn learns them: the distinct labels, sorted by value or code unit. */
function learnedClasses(rows: readonly (readonly unknown[])[], minCount = 1): LabelName[] {
  return keptLabels(rows, minCount).sort((a, b) => {
    if (typeof a === 'number' && typeof b === 'number') return a - b;
    const [s, t] = [String(a), String(b)];
    for (let i = 0; i < Math.min(s.length, t.length); i++) {
      if (s.charCodeAt(i) !== t.charCodeAt(i)) return s.charCodeAt(i) - t.charCodeAt(i);
    }
    return s.length - t.length;
  });
}

/** Cell [r][j] is 1 when row r lists class j (labels outside the classes dropped). */
function expectMatrix(value: unknown, rows: readonly (readonly unknown[])[], classes: LabelName[]) {
  const cols = classes.length;
  const expected = new Uint8Array(rows.length * cols);
  rows.forEach((row, r) => {
    classes.forEach((c, j) => {
      if (row.some((l) => l === c)) expected[r * cols + j] = 1;
    });
  });
  const m = value as {
    data?: Uint8Array;
    indptr?: Int32Array;
    indices?: Int32Array;
    shape: unknown;
  };
  expect(m.shape).toEqual([rows.length, cols]);
  if (m.data !== undefined) {
    expect(Array.from(m.data)).toEqual(Array.from(expected));
    return;
  }
  const indptr = [0];
  const indices: number[] = [];
  for (let r = 0; r < rows.length; r++) {
    for (let j = 0; j < cols; j++) if (expected[r * cols + j] === 1) indices.push(j);
    indptr.push(indices.length);
  }
  expect(Array.from(m.indptr ?? [])).toEqual(indptr);
  expect(Array.from(m.indices ?? [])).toEqual(indices);
}

// ---- the constructor ----------------------------------------------------------------------

interface OptionsCase extends Case {
  readonly options: unknown;
}

function validBinarizerOptions(options: unknown): boolean {
  if (options === undefined) return true;
  if (typeof options !== 'object' || options === null || Array.isArray(options)) return false;
  const o = options as Record<string, unknown>;
  for (const [key, v] of Object.entries(o)) {
    if (!['classes', 'order', 'sparseOutput', 'unknown', 'minCount'].includes(key)) return false;
    if (v === null) return false;
  }
  if (o.sparseOutput !== undefined && typeof o.sparseOutput !== 'boolean') return false;
  if (o.unknown !== undefined && o.unknown !== 'error' && o.unknown !== 'ignore') return false;
  if (o.order !== undefined && o.order !== 'sorted' && o.order !== 'firstSeen') return false;
  const m = o.minCount;
  if (m !== undefined && !(typeof m === 'number' && Number.isSafeInteger(m) && m >= 1))
    return false;
  if (o.classes !== undefined) {
    if (o.order !== undefined || o.minCount !== undefined) return false;
    const c = o.classes;
    if (!Array.isArray(c) || c.length === 0 || !c.every(isLabel)) return false;
    if (new Set(c).size !== c.length) return false;
  }
  return true;
}

const optionCases: fc.Arbitrary<OptionsCase> = fc
  .oneof(
    fc.record(
      {
        classes: fc.oneof(
          pools,
          fc.constant(['a', 'a']),
          fc.constant([0, -0]),
          fc.constant([]),
          fc.constant('ab'),
          fc.constant([Number.NaN]),
        ),
        order: fc.constantFrom('sorted', 'firstSeen'),
        sparseOutput: fc.boolean(),
        unknown: fc.constantFrom('error', 'ignore'),
        minCount: fc.integer({ min: 1, max: 3 }),
      },
      { requiredKeys: [] },
    ),
    fc
      .record({
        key: fc.constantFrom('classes', 'order', 'sparseOutput', 'unknown', 'minCount'),
        value: fc.constantFrom(...optionValuePool()),
      })
      .map(({ key, value }) => withOwnKey({}, key, value)),
    fc.constantFrom(...UNKNOWN_OPTION_KEYS).map((key) => withOwnKey({}, key, 1)),
    fc.constantFrom<unknown>(undefined, null, 0, 'sparse', [], () => 1),
  )
  .map((options) => {
    const valid = validBinarizerOptions(options);
    return {
      tags: [`options ${describeValue(options)}`],
      options,
      expect: valid ? ('value' as const) : ('error' as const),
      why: valid ? 'valid options' : 'invalid options',
    };
  });

const newBinarizer: Entry<OptionsCase> = {
  name: 'new MultiLabelBinarizer',
  export: 'MultiLabelBinarizer',
  cases: optionCases,
  run: (c) => new MultiLabelBinarizer(c.options as MultiLabelBinarizerOptions),
  check: (c, value) => {
    const b = value as MultiLabelBinarizer<boolean>;
    const given = (c.options as { classes?: LabelName[] } | undefined)?.classes;
    if (given !== undefined)
      expect(b.classes).toEqual(given.map((l) => (Object.is(l, -0) ? 0 : l)));
    else expect(() => b.classes).toThrow(/no classes yet/);
  },
};

// ---- fit, fitTransform ---------------------------------------------------------------------

interface FitCase extends TagCase {
  readonly options: MultiLabelBinarizerOptions;
}

const fitCases: fc.Arbitrary<FitCase> = pools
  .chain((pool) =>
    fc.tuple(
      tagLists(pool),
      fc.record(
        { order: fc.constantFrom('sorted' as const), minCount: fc.integer({ min: 1, max: 2 }) },
        { requiredKeys: [] },
      ),
      fc.boolean(),
      fc.option(fc.constantFrom(...STRINGS), { nil: undefined }),
    ),
  )
  .map(([c, options, sparseOutput, extra]) => {
    // A string among numbers: sorting them has no answer.
    const rows =
      c.rows !== undefined && extra !== undefined && typeof c.rows[0]?.[0] === 'number'
        ? [...c.rows, [extra]]
        : c.rows;
    const y = rows === c.rows ? c.y : [...(c.y as unknown[]), [extra]];
    const tags = rows === c.rows ? c.tags : [...c.tags, `and a row [${describeValue(extra)}]`];
    const full = { ...options, sparseOutput };
    if (c.expect === 'error' || rows === undefined) return { ...c, y, rows, options: full };
    // Only the classes kept must share a type: a string pruned by minCount leaves no mix.
    const kept = keptLabels(rows, options.minCount);
    const mixed = new Set(kept.map((l) => typeof l)).size > 1;
    const classes = mixed ? [] : learnedClasses(rows, options.minCount);
    const ok = !mixed && classes.length > 0;
    return {
      ...c,
      y,
      rows,
      options: full,
      tags: [...tags, `options ${describeValue(full)}`],
      expect: ok ? ('value' as const) : ('error' as const),
      why: mixed ? 'numbers and strings together' : ok ? c.why : 'no class left to learn',
    };
  });

const fit: Entry<FitCase> = {
  name: 'MultiLabelBinarizer#fit',
  export: 'MultiLabelBinarizer',
  cases: fitCases,
  run: (c) => new MultiLabelBinarizer(c.options).fit(c.y as LabelName[][]),
  check: (c, value) => {
    expect((value as MultiLabelBinarizer).classes).toEqual(
      learnedClasses(c.rows ?? [], c.options.minCount),
    );
  },
};

const fitTransform: Entry<FitCase> = {
  name: 'MultiLabelBinarizer#fitTransform',
  export: 'MultiLabelBinarizer',
  cases: fitCases,
  run: (c) => new MultiLabelBinarizer(c.options).fitTransform(c.y as LabelName[][]),
  check: (c, value) => {
    expectMatrix(value, c.rows ?? [], learnedClasses(c.rows ?? [], c.options.minCount));
  },
};

// ---- transform -------------------------------------------------------------------------------

interface TransformCase extends TagCase {
  readonly classes: LabelName[];
  readonly unknown: 'error' | 'ignore';
  readonly sparseOutput: boolean;
}

const transformCases: fc.Arbitrary<TransformCase> = pools
  .chain((pool) =>
    fc.tuple(
      fc.constant(pool),
      tagLists(pool),
      fc.constantFrom<'error' | 'ignore'>('error', 'ignore'),
      fc.boolean(),
      fc.integer({ min: 0, max: pool.length - 1 }),
    ),
  )
  .map(([pool, c, unknown, sparseOutput, drop]) => {
    // The binarizer knows all but one label of the pool (a random order kept).
    const classes = pool.length > 1 ? pool.filter((_, j) => j !== drop) : pool;
    const base = { ...c, classes, unknown, sparseOutput };
    if (c.expect === 'error' || c.rows === undefined) return base;
    const unseen = c.rows.some((row) => row.some((l) => !classes.includes(l as LabelName)));
    const tags = [...c.tags, `classes ${describeValue(classes)}`, `unknown ${unknown}`];
    return unseen && unknown === 'error'
      ? { ...base, tags, expect: 'error' as const, why: 'a label outside the classes' }
      : { ...base, tags };
  });

const transform: Entry<TransformCase> = {
  name: 'MultiLabelBinarizer#transform',
  export: 'MultiLabelBinarizer',
  cases: transformCases,
  run: (c) =>
    new MultiLabelBinarizer({
      classes: c.classes,
      unknown: c.unknown,
      sparseOutput: c.sparseOutput,
    }).transform(c.y as LabelName[][]),
  check: (c, value) => expectMatrix(value, c.rows ?? [], c.classes),
};

// ---- inverseTransform, decodeScores ------------------------------------------------------------

interface MatrixCase extends Case {
  readonly classes: LabelName[];
  readonly m: MatrixArg;
  readonly threshold?: unknown;
}

const CLASSES: LabelName[] = ['x', 3, 'y', -1];

function matrixCases(cell: fc.Arbitrary<number>, binary: boolean): fc.Arbitrary<MatrixCase> {
  return fc
    .record({
      rows: fc.integer({ min: 1, max: 5 }),
      cols: fc.integer({ min: 1, max: 4 }),
      classes: fc.integer({ min: 1, max: 4 }),
    })
    .chain(({ rows, cols, classes }) =>
      fc.record({
        classes: fc.constant(CLASSES.slice(0, classes)),
        m: fc.oneof(
          {
            weight: 6,
            arbitrary: fc
              .array(cell, { minLength: rows * cols, maxLength: rows * cols })
              .chain((v) => matrixArg(rows, cols, v, { booleans: binary, holes: true })),
          },
          { weight: 1, arbitrary: malformedMatrix() },
        ),
      }),
    )
    .map(({ classes, m }) => {
      const values = m.values;
      const fits = m.malformed === undefined && values !== undefined && m.cols === classes.length;
      const cellsOk = values?.every((v) =>
        binary
          ? v === 0 || v === 1 || v === true || v === false
          : typeof v === 'number' && Number.isFinite(v),
      );
      const ok = fits && cellsOk;
      return {
        tags: [
          `classes ${describeValue(classes)}`,
          `matrix ${m.form} ${m.rows}x${m.cols}: ${describeValue(values)}`,
        ],
        classes,
        m,
        expect: ok ? ('value' as const) : ('error' as const),
        why: ok ? 'a matrix with one column per class' : 'malformed, mismatched or invalid cells',
      };
    });
}

const inverseTransform: Entry<MatrixCase> = {
  name: 'MultiLabelBinarizer#inverseTransform',
  export: 'MultiLabelBinarizer',
  cases: fc.oneof(
    matrixCases(fc.constantFrom(0, 1), true),
    matrixCases(fc.constantFrom(0, 1, 2, -1, 0.5, Number.NaN), true),
    // CSR labels: ids per row, valid or not.
    fc
      .record({
        lists: fc.array(fc.uniqueArray(fc.integer({ min: -1, max: 4 }), { maxLength: 4 }), {
          minLength: 1,
          maxLength: 4,
        }),
        cols: fc.integer({ min: 1, max: 4 }),
      })
      .map(({ lists, cols }) => {
        const indptr = [0];
        for (const l of lists) indptr.push(indptr[indptr.length - 1] + l.length);
        const input = { indptr, indices: lists.flat(), shape: [lists.length, cols] };
        const ok = lists.flat().every((j) => j >= 0 && j < cols);
        return {
          tags: [`CSR ${describeValue(input)}`],
          classes: CLASSES.slice(0, cols),
          m: {
            input,
            form: 'CSR',
            rows: lists.length,
            cols,
            values: undefined,
            lists,
          } as MatrixArg,
          expect: ok ? ('value' as const) : ('error' as const),
          why: ok ? 'CSR labels' : 'an id outside the classes',
        };
      }),
  ),
  run: (c) =>
    new MultiLabelBinarizer({ classes: c.classes }).inverseTransform(c.m.input as number[][]),
  check: (c, value) => {
    const lists = (c.m as MatrixArg & { lists?: number[][] }).lists;
    const cols = c.classes.length;
    const expected =
      lists !== undefined
        ? lists.map((l) => c.classes.filter((_, j) => l.includes(j)))
        : Array.from({ length: c.m.rows }, (_, r) =>
            c.classes.filter((_, j) => Number(c.m.values?.[r * cols + j]) === 1),
          );
    expect(value).toEqual(expected);
  },
};

const thresholdArg = fc.oneof(
  fc.double({ min: -1, max: 2, noNaN: true }),
  fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, -Infinity, '0.5', null),
  fc.array(fc.double({ min: -1, max: 2, noNaN: true }), { minLength: 1, maxLength: 4 }),
  fc
    .array(fc.double({ min: -1, max: 2, noNaN: true }), { minLength: 1, maxLength: 4 })
    .map((values) => ({ values: Float64Array.from(values) })),
  fc.constant([0.5, Number.NaN]),
);

const decodeScores: Entry<MatrixCase> = {
  name: 'MultiLabelBinarizer#decodeScores',
  export: 'MultiLabelBinarizer',
  cases: fc
    .tuple(
      matrixCases(
        fc.oneof(fc.double({ min: -1, max: 2, noNaN: true }), fc.constantFrom(...NON_FINITE)),
        false,
      ),
      thresholdArg,
    )
    .map(([c, threshold]) => {
      const values =
        threshold instanceof Object && !Array.isArray(threshold)
          ? Array.from((threshold as { values: Float64Array }).values)
          : threshold;
      const ok =
        (typeof values === 'number' && !Number.isNaN(values)) ||
        (Array.isArray(values) &&
          values.length === c.classes.length &&
          values.every((v) => typeof v === 'number' && !Number.isNaN(v)));
      return {
        ...c,
        threshold,
        tags: [...c.tags, `threshold ${describeValue(threshold)}`],
        expect: c.expect === 'value' && ok ? ('value' as const) : ('error' as const),
        why: ok ? c.why : 'a bad threshold',
      };
    }),
  run: (c) =>
    new MultiLabelBinarizer({ classes: c.classes }).decodeScores(
      c.m.input as number[][],
      c.threshold as number,
    ),
  check: (c, value) => {
    const cols = c.classes.length;
    const t = c.threshold as number | number[] | { values: Float64Array };
    const cut = (j: number) => (typeof t === 'number' ? t : Array.isArray(t) ? t[j] : t.values[j]);
    const expected = Array.from({ length: c.m.rows }, (_, r) =>
      c.classes.filter((_, j) => Number(c.m.values?.[r * cols + j]) >= cut(j)),
    );
    expect(value).toEqual(expected);
  },
};

// ---- JSON --------------------------------------------------------------------------------------

const fittedStates = fc
  .tuple(
    pools,
    fc.boolean(),
    fc.constantFrom<'error' | 'ignore'>('error', 'ignore'),
    fc.integer({ min: 1, max: 2 }),
    fc.boolean(),
  )
  .map(([pool, sparseOutput, unknown, minCount, given]) => {
    const rows = [pool, pool.slice(0, 1), pool.slice(1, 3)];
    const b = given
      ? new MultiLabelBinarizer({ classes: pool, sparseOutput, unknown })
      : new MultiLabelBinarizer({ sparseOutput, unknown, minCount }).fit(rows);
    return b;
  });

const toJSON: Entry<Case & { binarizer: MultiLabelBinarizer<boolean> }> = {
  name: 'MultiLabelBinarizer#toJSON',
  export: 'MultiLabelBinarizer',
  cases: fittedStates.map((binarizer) => ({
    tags: [`binarizer ${describeValue(binarizer)}`],
    binarizer,
    expect: 'value' as const,
    why: 'a binarizer',
  })),
  run: (c) => c.binarizer.toJSON(),
  check: (c, value) => {
    const back = MultiLabelBinarizer.fromJSON(JSON.stringify(value));
    expect(back.toJSON()).toEqual(JSON.parse(JSON.stringify(value)));
    expect(back.classes).toEqual(c.binarizer.classes.map((l) => (Object.is(l, -0) ? 0 : l)));
  },
};

/** A state with every option written, as `toJSON` writes it after `fromJSON`'s defaults. */
function withDefaults(json: MultiLabelBinarizerJSON): unknown {
  const options = json.options as Record<string, unknown>;
  const defaults =
    options.classes === undefined
      ? { sparseOutput: false, unknown: 'error', order: 'sorted', minCount: 1 }
      : { sparseOutput: false, unknown: 'error' };
  return { ...json, options: { ...defaults, ...options } };
}

const fromJSON: Entry<Case & { json: unknown }> = {
  name: 'MultiLabelBinarizer.fromJSON',
  export: 'MultiLabelBinarizer',
  cases: fittedStates
    .chain((b) => {
      const json = JSON.parse(JSON.stringify(b));
      return fc.oneof(fc.constant({ json, how: 'as written by toJSON' }), tamperJson(json));
    })
    .map(({ json, how }) => ({
      tags: [`json ${how}: ${describeValue(json)}`],
      json,
      // A tampered state is refused, or read back exactly (checked below).
      expect: how === 'as written by toJSON' ? ('value' as const) : ('either' as const),
      why: how,
    })),
  run: (c) => MultiLabelBinarizer.fromJSON(c.json),
  check: (c, value) => {
    const json = typeof c.json === 'string' ? JSON.parse(c.json) : c.json;
    expect(JSON.parse(JSON.stringify(value))).toEqual(withDefaults(json));
  },
};

export const binarizerEntries: AnyEntry[] = [
  newBinarizer,
  fit,
  fitTransform,
  transform,
  inverseTransform,
  decodeScores,
  toJSON,
  fromJSON,
];

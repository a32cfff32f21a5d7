import { test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import {
  type LabelName,
  MultiLabelBinarizer,
  type MultiLabelBinarizerJSON,
} from '../../src/data/index.js';
import { Thresholds } from '../../src/thresholds/index.js';
import { fc } from '../fc.js';
import golden from '../fixtures/multilabel-binarizer.json';
import { thrown } from '../thrown.js';

type Rows = LabelName[][];

describe('MultiLabelBinarizer equals scikit-learn 1.2 (scripts/fixtures/multilabel_binarizer.py)', () => {
  it('has the fixture cases of every kind', () => {
    expect(golden.cases.length).toBe(90);
    expect(golden.cases.some((c) => c.unknownSeen && c.mode === 'given')).toBe(true);
    expect(golden.cases.some((c) => c.unknownSeen && c.mode === 'fitThenTransform')).toBe(true);
  });

  golden.cases.forEach((c, n) => {
    it(`case ${n}: ${c.kind}, ${c.mode}, ${c.sparseOutput ? 'sparse' : 'dense'}${c.unknownSeen ? ', unknown labels' : ''}`, () => {
      const y = c.y as Rows;
      const unknown = c.unknownSeen ? 'ignore' : 'error';
      const make = (sparseOutput: boolean) =>
        c.mode === 'given'
          ? new MultiLabelBinarizer({ classes: c.classes as LabelName[], sparseOutput, unknown })
          : new MultiLabelBinarizer({ sparseOutput, unknown });
      const run = (b: MultiLabelBinarizer<boolean>) =>
        c.mode === 'fitThenTransform' ? b.fit(c.fit as Rows).transform(y) : b.fitTransform(y);
      const sparse = make(true);
      const csr = run(sparse);
      const dense = make(false);
      const matrix = run(dense);
      expect(sparse.classes).toEqual(c.classes);
      expect(dense.classes).toEqual(c.classes);
      expect('indptr' in csr && Array.from(csr.indptr)).toEqual(c.indptr);
      expect('indices' in csr && Array.from(csr.indices)).toEqual(c.indices);
      expect(csr.shape).toEqual([y.length, c.classes.length]);
      expect('data' in matrix && Array.from(matrix.data)).toEqual(c.dense.flat());
      expect(matrix.shape).toEqual([y.length, c.classes.length]);
      // scikit-learn warns about unknown labels and drops them; the default throws instead.
      if (c.unknownSeen) {
        const strict =
          c.mode === 'given'
            ? new MultiLabelBinarizer({ classes: c.classes as LabelName[] })
            : new MultiLabelBinarizer().fit(c.fit as Rows);
        expect(thrown(() => strict.transform(y)).message).toMatch(/is not a class of/);
      }
      expect(sparse.inverseTransform(c.inverseInput)).toEqual(c.inverse);
      const rows = c.inverseInput.length;
      const cols = c.classes.length;
      const indptr = [0];
      const indices: number[] = [];
      for (const row of c.inverseInput) {
        for (const [j, v] of row.entries()) if (v === 1) indices.push(j);
        indptr.push(indices.length);
      }
      expect(dense.inverseTransform({ indptr, indices, shape: [rows, cols] })).toEqual(c.inverse);
    });
  });
});

describe('MultiLabelBinarizer', () => {
  it('encodes, decodes and keeps given classes in their order', () => {
    const b = new MultiLabelBinarizer({ classes: ['z', 'a', 'm'] });
    const y = b.transform([['a', 'z', 'a'], [], ['m']]);
    expect(Array.from(y.data)).toEqual([1, 1, 0, 0, 0, 0, 0, 0, 1]);
    expect(b.classes).toEqual(['z', 'a', 'm']);
    expect(b.inverseTransform(y)).toEqual([['z', 'a'], [], ['m']]);
  });

  it('sorts learned strings by UTF-16 code unit and numbers by value', () => {
    expect(new MultiLabelBinarizer().fit([['b', 'B', 'a', 'é', '10', '9']]).classes).toEqual([
      '10',
      '9',
      'B',
      'a',
      'b',
      'é',
    ]);
    expect(new MultiLabelBinarizer().fit([[10, 9, -1.5, 100, 0]]).classes).toEqual([
      -1.5, 0, 9, 10, 100,
    ]);
    // Code units, not code points: U+1F600 (a surrogate pair, 0xD83D...) before U+FF01.
    expect(new MultiLabelBinarizer().fit([['\uff01', '\u{1f600}']]).classes).toEqual([
      '\u{1f600}',
      '\uff01',
    ]);
    // '1' and 1 are different labels; 0 and -0 the same.
    const mixed = new MultiLabelBinarizer({ order: 'firstSeen' }).fit([['1', 1, 0, -0]]);
    expect(mixed.classes).toEqual(['1', 1, 0]);
  });

  it('learns in first-seen order with order: firstSeen', () => {
    const b = new MultiLabelBinarizer({ order: 'firstSeen', sparseOutput: true });
    const y = b.fitTransform([['c', 'a'], ['b', 'c'], ['a']]);
    expect(b.classes).toEqual(['c', 'a', 'b']);
    expect(Array.from(y.indices)).toEqual([0, 1, 0, 2, 1]);
  });

  it('prunes labels listed in fewer than minCount rows and drops them in transform', () => {
    const b = new MultiLabelBinarizer({ minCount: 2, sparseOutput: true });
    // 'a' twice in row 0 counts once: listed in 1 row.
    const y = b.fitTransform([['a', 'a', 'b'], ['b', 'c'], ['c', 'd'], ['b']]);
    expect(b.classes).toEqual(['b', 'c']);
    expect(Array.from(y.indptr)).toEqual([0, 1, 3, 4, 5]);
    expect(Array.from(y.indices)).toEqual([0, 0, 1, 1, 0]);
    expect(b.toJSON().pruned).toEqual(['a', 'd']);
    // Pruned labels are dropped even with unknown: 'error'; unseen ones throw.
    expect(Array.from(b.transform([['a', 'c']]).indices)).toEqual([1]);
    expect(thrown(() => b.transform([['e']])).message).toMatch(/`y\[0\]\[0\]` is "e"/);
  });

  it('reads rows given as Sets and typed arrays', () => {
    const b = new MultiLabelBinarizer();
    const rows = [new Set([3, 1]), Int32Array.of(2, 3)] as unknown as Rows;
    expect(Array.from(b.fitTransform(rows).data)).toEqual([1, 0, 1, 0, 1, 1]);
  });

  it('decodes scores with a number, one threshold per class, or a Thresholds', () => {
    const b = new MultiLabelBinarizer({ classes: ['a', 'b', 'c'] });
    const scores = [
      [0.5, 0.4, 0.9],
      [0.1, 0.6, 0.3],
    ];
    expect(b.decodeScores(scores, 0.5)).toEqual([['a', 'c'], ['b']]);
    expect(b.decodeScores(scores, [0.6, 0.4, Number.POSITIVE_INFINITY])).toEqual([['b'], ['b']]);
    expect(b.decodeScores(scores, new Thresholds([0.1, 0.7, 0.3]))).toEqual([
      ['a', 'c'],
      ['a', 'c'],
    ]);
    expect(b.decodeScores({ data: Float32Array.of(1, 0, 0), shape: [1, 3] }, 1)).toEqual([['a']]);
  });

  it('round-trips through JSON, learned or given, before and after fit', () => {
    const fitted = new MultiLabelBinarizer({ order: 'firstSeen', minCount: 2, unknown: 'ignore' });
    fitted.fit([
      [3, 1],
      [1, 2],
      [2, 5],
    ]);
    const copy = MultiLabelBinarizer.fromJSON(JSON.stringify(fitted));
    expect(copy.toJSON()).toEqual(fitted.toJSON());
    expect(copy.classes).toEqual([1, 2]);
    expect(copy.transform([[5, 2, 7]])).toEqual({ data: Uint8Array.of(0, 1), shape: [1, 2] });
    const given = new MultiLabelBinarizer({ classes: ['x', 'y'], sparseOutput: true });
    expect(MultiLabelBinarizer.fromJSON(given.toJSON()).toJSON()).toEqual(given.toJSON());
    const empty = new MultiLabelBinarizer();
    expect(empty.toJSON().classes).toBeNull();
    expect(MultiLabelBinarizer.fromJSON(empty.toJSON()).fit([['q']]).classes).toEqual(['q']);
  });
});

/** Tag lists over a small pool of one label type, with repeats and empty rows. */
const pools = fc.oneof(
  fc.uniqueArray(fc.string({ maxLength: 3, unit: 'binary' }), { minLength: 1, maxLength: 12 }),
  fc.uniqueArray(fc.integer({ min: -50, max: 50 }), { minLength: 1, maxLength: 12 }),
  fc.uniqueArray(fc.double({ noNaN: true, noDefaultInfinity: true }), {
    minLength: 1,
    maxLength: 12,
    comparator: 'SameValueZero',
  }),
);
const tagLists = pools.chain((pool: LabelName[]) =>
  fc
    .array(fc.array(fc.constantFrom(...pool), { maxLength: 6 }), { minLength: 1, maxLength: 12 })
    .filter((rows) => rows.some((row) => row.length > 0)),
);

/** The classes a learned, sorted binarizer must find: distinct labels, by value or code unit. */
function sortedClasses(rows: Rows, minCount = 1): LabelName[] {
  const counts = new Map<LabelName, number>();
  for (const row of rows) for (const l of new Set(row)) counts.set(l, (counts.get(l) ?? 0) + 1);
  const kept = [...counts].filter(([, n]) => n >= minCount).map(([l]) => l);
  return kept.sort((a, b) => {
    if (typeof a === 'number' && typeof b === 'number') return a - b;
    const [s, t] = [String(a), String(b)];
    for (let i = 0; i < Math.min(s.length, t.length); i++) {
      if (s.charCodeAt(i) !== t.charCodeAt(i)) return s.charCodeAt(i) - t.charCodeAt(i);
    }
    return s.length - t.length;
  });
}

describe('MultiLabelBinarizer properties', () => {
  test.prop([tagLists])('learns the distinct labels, sorted', (rows) => {
    expect(new MultiLabelBinarizer().fit(rows).classes).toEqual(sortedClasses(rows));
  });

  test.prop([tagLists])(
    'inverseTransform(transform(y)) is each row deduplicated, in class order',
    (rows) => {
      for (const sparseOutput of [false, true]) {
        const b = new MultiLabelBinarizer({ sparseOutput });
        const back = b.inverseTransform(b.fitTransform(rows));
        const classes = b.classes;
        const expected = rows.map((row) => classes.filter((c) => row.includes(c)));
        expect(back).toEqual(expected);
      }
    },
  );

  test.prop([tagLists, fc.integer({ min: 1, max: 1000 })])(
    'is unchanged by row order, tag order and repeats (rows follow their permutation)',
    (rows, seed) => {
      const b = new MultiLabelBinarizer().fit(rows);
      const y = b.transform(rows);
      const cols = y.shape[1];
      const order = rows.map((_, r) => r).sort((p, q) => ((p * seed) % 7) - ((q * seed) % 7));
      const shuffled = order.map((r) => [...rows[r]].reverse().concat(rows[r].slice(0, 1)));
      expect(new MultiLabelBinarizer().fit(shuffled).classes).toEqual(b.classes);
      const z = b.transform(shuffled);
      order.forEach((r, i) => {
        expect(Array.from(z.data.subarray(i * cols, (i + 1) * cols))).toEqual(
          Array.from(y.data.subarray(r * cols, (r + 1) * cols)),
        );
      });
    },
  );

  test.prop([tagLists, fc.integer({ min: 1, max: 4 })])(
    'minCount keeps exactly the labels listed in that many rows; fitTransform equals fit then transform',
    (rows, minCount) => {
      const expected = sortedClasses(rows, minCount);
      const b = new MultiLabelBinarizer({ minCount, sparseOutput: true });
      if (expected.length === 0) {
        expect(thrown(() => b.fit(rows)).code).toBe('EMPTY_INPUT');
        return;
      }
      const once = b.fitTransform(rows);
      expect(b.classes).toEqual(expected);
      const twice = new MultiLabelBinarizer({ minCount, sparseOutput: true }).fit(rows);
      const y = twice.transform(rows);
      expect(Array.from(y.indptr)).toEqual(Array.from(once.indptr));
      expect(Array.from(y.indices)).toEqual(Array.from(once.indices));
    },
  );

  test.prop([tagLists])('firstSeen learns the labels in the order they first appear', (rows) => {
    const expected = [...new Set(rows.flat())];
    expect(new MultiLabelBinarizer({ order: 'firstSeen' }).fit(rows).classes).toEqual(expected);
  });

  test.prop([
    tagLists.chain((rows) =>
      fc.tuple(
        fc.constant(rows),
        fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 64, maxLength: 64 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
      ),
    ),
  ])('decodeScores lists the classes whose score reaches the threshold', ([rows, pool, t]) => {
    const b = new MultiLabelBinarizer().fit(rows);
    const cols = b.classes.length;
    const scores = rows.map((_, r) =>
      Array.from({ length: cols }, (_, j) => pool[(r * cols + j) % 64]),
    );
    const perLabel = Array.from({ length: cols }, (_, j) => pool[(j * 7) % 64]);
    const expected = (cut: (j: number) => number) =>
      scores.map((row) => b.classes.filter((_, j) => row[j] >= cut(j)));
    expect(b.decodeScores(scores, t)).toEqual(expected(() => t));
    expect(b.decodeScores(scores, new Thresholds(perLabel))).toEqual(
      b.inverseTransform(new Thresholds(perLabel).apply(scores)),
    );
    expect(b.decodeScores(scores, perLabel)).toEqual(expected((j) => perLabel[j]));
  });

  test.prop([tagLists, fc.boolean()])(
    'a JSON copy transforms as the original',
    (rows, sparseOutput) => {
      const b = new MultiLabelBinarizer({ sparseOutput, unknown: 'ignore' }).fit(rows);
      const copy = MultiLabelBinarizer.fromJSON(JSON.parse(JSON.stringify(b)));
      expect(copy.classes).toEqual(b.classes.map((c) => (Object.is(c, -0) ? 0 : c)));
      const more = [...rows, ['a label not seen']];
      expect(copy.transform(more)).toEqual(b.transform(more));
    },
  );
});

describe('MultiLabelBinarizer errors', () => {
  const fitted = () => new MultiLabelBinarizer().fit([['a', 'b']]);

  it('throws on a string where a list of labels is expected (scikit-learn reads its characters)', () => {
    const e = thrown(() => new MultiLabelBinarizer().fit(['ab', 'c'] as unknown as Rows));
    expect(e.code).toBe('INVALID_ARGUMENT');
    expect(e.message).toMatch(/`y\[0\]` is the string "ab".*set of characters.*\["ab"\]/);
    expect(thrown(() => fitted().transform('ab' as unknown as Rows)).message).toMatch(
      /`y` is the string "ab"/,
    );
  });

  it('throws on an unknown label by default, naming the row, the label and the fix', () => {
    const e = thrown(() => fitted().transform([['a'], ['b', 'cow']]));
    expect(e.code).toBe('INVALID_ARGUMENT');
    expect(e.message).toMatch(/`y\[1\]\[1\]` is "cow", which is not a class.*unknown: 'ignore'/);
    const ignoring = new MultiLabelBinarizer({ unknown: 'ignore' }).fit([['a', 'b']]);
    expect(Array.from(ignoring.transform([['a'], ['b', 'cow']]).data)).toEqual([1, 0, 0, 1]);
  });

  it('throws on numbers and strings together when sorting, naming rows of each', () => {
    const e = thrown(() => new MultiLabelBinarizer().fit([['a'], [], [2, 'a']]));
    expect(e.message).toMatch(/mixes numbers and strings \(2 in row 2, "a" in row 0\)/);
    expect(new MultiLabelBinarizer({ order: 'firstSeen' }).fit([['a'], [2]]).classes).toEqual([
      'a',
      2,
    ]);
  });

  it('throws on values that are not labels', () => {
    for (const bad of [null, undefined, Number.NaN, Number.POSITIVE_INFINITY, true, {}, [1]]) {
      const e = thrown(() => new MultiLabelBinarizer().fit([['a', bad as LabelName]]));
      expect(e.code).toBe('INVALID_ARGUMENT');
      expect(e.message).toMatch(/`y\[0\]\[1\]` is .*a label is a string or a finite number/);
      expect(thrown(() => fitted().transform([[bad as LabelName]])).code).toBe('INVALID_ARGUMENT');
    }
    expect(thrown(() => fitted().transform([null as unknown as LabelName[]])).message).toMatch(
      /`y\[0\]` must be the list of labels of row 0/,
    );
  });

  it('checks the options', () => {
    const codeOf = (options: unknown) =>
      thrown(() => new MultiLabelBinarizer(options as { classes: string[] })).code;
    expect(codeOf({ classes: ['a', 'a'] })).toBe('INVALID_OPTION');
    expect(codeOf({ classes: [] })).toBe('INVALID_OPTION');
    expect(codeOf({ classes: [Number.NaN] })).toBe('INVALID_OPTION');
    expect(codeOf({ classes: 'ab' })).toBe('INVALID_OPTION');
    expect(codeOf({ classes: ['a'], order: 'sorted' })).toBe('INVALID_OPTION');
    expect(codeOf({ classes: ['a'], minCount: 2 })).toBe('INVALID_OPTION');
    expect(codeOf({ minCount: 0 })).toBe('INVALID_OPTION');
    expect(codeOf({ minCount: 1.5 })).toBe('INVALID_OPTION');
    expect(codeOf({ unknown: 'warn' })).toBe('INVALID_OPTION');
    expect(codeOf({ order: 'sorted ' })).toBe('INVALID_OPTION');
    expect(codeOf({ sparseOutput: 1 })).toBe('INVALID_OPTION');
    expect(codeOf({ sparse_output: true })).toBe('UNKNOWN_OPTION');
    expect(thrown(() => new MultiLabelBinarizer({ sparse_output: true } as never)).message).toMatch(
      /Did you mean `sparseOutput`/,
    );
  });

  it('throws before fit, on empty input, and when nothing is left to learn', () => {
    expect(thrown(() => new MultiLabelBinarizer().transform([['a']])).message).toMatch(
      /no classes yet: call `fit\(y\)`/,
    );
    expect(thrown(() => new MultiLabelBinarizer().classes).code).toBe('INVALID_ARGUMENT');
    expect(thrown(() => new MultiLabelBinarizer().fit([])).code).toBe('EMPTY_INPUT');
    expect(thrown(() => new MultiLabelBinarizer().fit([[], []])).code).toBe('EMPTY_INPUT');
    expect(thrown(() => new MultiLabelBinarizer({ minCount: 2 }).fit([['a']])).message).toMatch(
      /Lower `minCount`/,
    );
  });

  it('checks what inverseTransform and decodeScores are given', () => {
    const b = fitted();
    expect(thrown(() => b.inverseTransform([[1, 2]])).code).toBe('NON_BINARY_LABELS');
    expect(thrown(() => b.inverseTransform([[1, -1]])).code).toBe('NON_BINARY_LABELS');
    expect(thrown(() => b.inverseTransform([[1, 0, 0]])).code).toBe('SHAPE_MISMATCH');
    expect(
      thrown(() => b.inverseTransform({ indptr: [0, 1], indices: [0], shape: [1, 3] })).code,
    ).toBe('SHAPE_MISMATCH');
    expect(
      thrown(() => b.inverseTransform({ indptr: [0, 2], indices: [0, 0], shape: [1, 2] })).code,
    ).toBe('INVALID_ARGUMENT');
    expect(thrown(() => b.decodeScores([[0.5, Number.NaN]], 0.5)).code).toBe('NON_FINITE_VALUES');
    expect(thrown(() => b.decodeScores([[0.5]], 0.5)).code).toBe('SHAPE_MISMATCH');
    expect(thrown(() => b.decodeScores([[0.5, 0.1]], Number.NaN)).code).toBe('INVALID_ARGUMENT');
    expect(thrown(() => b.decodeScores([[0.5, 0.1]], [0.5])).code).toBe('SHAPE_MISMATCH');
    expect(thrown(() => b.decodeScores([[0.5, 0.1]], [0.5, '1' as never])).code).toBe(
      'INVALID_ARGUMENT',
    );
    expect(thrown(() => b.decodeScores([[0.5, 0.1]], { values: 'ab' } as never)).code).toBe(
      'INVALID_ARGUMENT',
    );
  });

  it('refuses a dense output too large to allocate, pointing to sparseOutput', () => {
    const b = new MultiLabelBinarizer({ classes: Array.from({ length: 2 ** 15 }, (_, j) => j) });
    const rows = Array.from({ length: 2 ** 14 }, () => [1]);
    expect(thrown(() => b.transform(rows)).message).toMatch(/sparseOutput: true/);
    const sparse = new MultiLabelBinarizer({
      classes: Array.from({ length: 2 ** 15 }, (_, j) => j),
      sparseOutput: true,
    });
    expect(sparse.transform(rows).shape).toEqual([2 ** 14, 2 ** 15]);
  });

  it('checks every field of a JSON state', () => {
    const good = new MultiLabelBinarizer({ minCount: 2 }).fit([['a', 'b'], ['a', 'c'], ['c']]);
    const json = good.toJSON();
    expect(json).toEqual({
      format: 'tfjs-multilabel.MultiLabelBinarizer',
      version: 1,
      options: { order: 'sorted', sparseOutput: false, unknown: 'error', minCount: 2 },
      classes: ['a', 'c'],
      pruned: ['b'],
    });
    const bad = (patch: Partial<Record<keyof MultiLabelBinarizerJSON, unknown>> | string) =>
      thrown(() =>
        MultiLabelBinarizer.fromJSON(typeof patch === 'string' ? patch : { ...json, ...patch }),
      );
    expect(bad('{').code).toBe('PARSE_ERROR');
    expect(bad({ format: 'x' }).message).toMatch(/`json.format`/);
    expect(bad({ version: 2 }).message).toMatch(/newer release/);
    expect(bad({ extra: 1 } as never).message).toMatch(/unknown key "extra"/);
    expect(
      thrown(() => {
        const { pruned: _, ...rest } = json;
        return MultiLabelBinarizer.fromJSON(rest);
      }).message,
    ).toMatch(/has no `pruned`/);
    expect(bad({ options: [] }).message).toMatch(/`json.options` must be an object/);
    expect(bad({ options: { ...json.options, minCount: -1 } }).message).toMatch(
      /^`json.options.minCount`/,
    );
    expect(bad({ options: { ...json.options, bins: 1 } }).code).toBe('UNKNOWN_OPTION');
    expect(bad({ classes: ['c', 'a'] }).message).toMatch(/not in the order/);
    expect(bad({ classes: ['a', 'a'] }).message).toMatch(/lists "a" twice/);
    expect(bad({ classes: ['a', 1] }).message).toMatch(/mixes numbers and strings/);
    expect(bad({ classes: [] }).message).toMatch(/is empty/);
    expect(bad({ classes: ['a', null] }).message).toMatch(/`json.classes\[1\]`/);
    expect(bad({ pruned: ['a'] }).message).toMatch(/lists "a", which is a class/);
    expect(bad({ pruned: 'b' }).message).toMatch(/`json.pruned` must be an array/);
    expect(bad({ classes: null }).message).toMatch(/`json.pruned` must be empty/);
    expect(bad({ options: { ...json.options, minCount: 1 } }).message).toMatch(
      /`json.pruned` must be empty/,
    );
    const given = new MultiLabelBinarizer({ classes: ['x', 'y'] }).toJSON();
    expect(
      thrown(() => MultiLabelBinarizer.fromJSON({ ...given, classes: ['y', 'x'] })).message,
    ).toMatch(/must equal `json.options.classes`/);
    expect(thrown(() => MultiLabelBinarizer.fromJSON({ ...given, classes: null })).message).toMatch(
      /must equal `json.options.classes`/,
    );
  });
});

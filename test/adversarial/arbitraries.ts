/**
 * Arbitraries for malformed and extreme input, as an adversarial user would build it: every
 * matrix form (nested arrays, booleans, flat arrays, every typed-array type, views at byte
 * offsets that are not a multiple of their element size, user-built tensor-like objects, sparse
 * arrays with holes), malformed matrices (wrong rank, ragged, empty, huge declared shapes with
 * little data, non-numeric storage), extreme and non-finite numbers, weight vectors from
 * subnormal to overflowing, options objects with unknown keys and wrong values, and tampered
 * JSON.
 *
 * Every generated argument says what the library will actually read from it (`values`, after
 * the conversion a typed array applies), so that the expectation (a value equal to the
 * reference, or a `MultilabelError`) is derived from what was handed over, not from what was
 * meant.
 */
import { fc } from '../fc.js';

/** What a matrix cell may hold once handed over: a number, a boolean, or a hole (`undefined`). */
export type CellValue = number | boolean | undefined;

/** A matrix argument: the value handed to the library and what it holds. */
export interface MatrixArg {
  /** What is passed. */
  readonly input: unknown;
  /** How it was built, for failure messages (`'Uint8Array view at byte offset 1'`, ...). */
  readonly form: string;
  readonly rows: number;
  readonly cols: number;
  /**
   * The cells the library reads, row-major, when `input` is a well-formed non-empty matrix;
   * `undefined` when it is not (then `malformed` says why).
   */
  readonly values: readonly CellValue[] | undefined;
  /** Why `input` is not a usable matrix at all, if so. */
  readonly malformed?: string;
}

/** A vector argument (weights, priors, propensities, counts, thresholds). */
export interface VectorArg {
  readonly input: unknown;
  readonly form: string;
  /** The values read, when `input` is an array or a numeric typed array. */
  readonly values: readonly CellValue[] | undefined;
  readonly malformed?: string;
}

type TypedArrayConstructor =
  | Int8ArrayConstructor
  | Uint8ArrayConstructor
  | Uint8ClampedArrayConstructor
  | Int16ArrayConstructor
  | Uint16ArrayConstructor
  | Int32ArrayConstructor
  | Uint32ArrayConstructor
  | Float32ArrayConstructor
  | Float64ArrayConstructor;

/** Every numeric typed-array type (and Float16Array where the runtime has it). */
export const TYPED_ARRAYS: readonly TypedArrayConstructor[] = [
  Int8Array,
  Uint8Array,
  Uint8ClampedArray,
  Int16Array,
  Uint16Array,
  Int32Array,
  Uint32Array,
  Float32Array,
  Float64Array,
  ...((globalThis as { Float16Array?: TypedArrayConstructor }).Float16Array === undefined
    ? []
    : [(globalThis as unknown as { Float16Array: TypedArrayConstructor }).Float16Array]),
];

/** Subnormal, tiny, huge, float32-edge and integer-edge numbers: all finite. */
export const EXTREME_NUMBERS: readonly number[] = [
  -0,
  5e-324,
  -5e-324,
  2.2250738585072014e-308,
  1e-300,
  1e-45,
  1e-7,
  1 - 2 ** -53,
  1 + 2 ** -52,
  1e29,
  -1e29,
  1e30,
  -1e30,
  3.4028234663852886e38,
  -3.4028234663852886e38,
  1e300,
  -1e300,
  Number.MAX_VALUE,
  -Number.MAX_VALUE,
  2 ** 53,
  2 ** 53 + 2,
];

export const NON_FINITE: readonly number[] = [Number.NaN, Number.POSITIVE_INFINITY, -Infinity];

/** A finite score: ordinary, tied, or extreme. */
export function extremeScore(): fc.Arbitrary<number> {
  return fc.oneof(
    { weight: 3, arbitrary: fc.double({ min: -10, max: 10, noNaN: true }) },
    { weight: 2, arbitrary: fc.constantFrom(-1, 0, 0.25, 0.5, 1) },
    { weight: 2, arbitrary: fc.constantFrom(...EXTREME_NUMBERS) },
    { weight: 1, arbitrary: fc.double({ noNaN: true, noDefaultInfinity: true }) },
  );
}

/** A probability: ordinary, at the ends, subnormal, or 1 minus an ulp. */
export function extremeProbability(): fc.Arbitrary<number> {
  return fc.oneof(
    { weight: 3, arbitrary: fc.double({ min: 0, max: 1, noNaN: true }) },
    { weight: 2, arbitrary: fc.constantFrom(0, -0, 1, 0.5, 5e-324, 1e-300, 1 - 2 ** -53, 1e-7) },
  );
}

/** Values that are not a 0/1 label (nor, except where allowed, the missing marker). */
export const NON_BINARY_LABELS: readonly number[] = [
  2,
  0.5,
  -1,
  Number.NaN,
  Number.POSITIVE_INFINITY,
  -Infinity,
  1 + 2 ** -52,
  5e-324,
  255,
  -128,
  1e308,
];

/** Reads `values` through a typed array the way `set` converts them. */
function represent(
  type: TypedArrayConstructor,
  values: readonly CellValue[],
  offset: number,
): { array: ArrayLike<number>; values: CellValue[] } {
  const padded = new type(values.length + offset);
  const array = offset === 0 ? padded : padded.subarray(offset);
  for (let i = 0; i < values.length; i++) array[i] = Number(values[i]);
  return { array, values: Array.from(array) };
}

function nested(rows: number, cols: number, values: readonly CellValue[]): CellValue[][] {
  return Array.from({ length: rows }, (_, r) => values.slice(r * cols, (r + 1) * cols));
}

/** An array with a hole at `at` (`at in array` is false). */
function withHole<T>(values: readonly T[], at: number): T[] {
  const out = values.slice();
  delete out[at];
  return out;
}

/** A user-built object of the `TensorLike2D` shape, with consistent data. */
function tensorLike(rows: number, cols: number, data: ArrayLike<number>): object {
  return { shape: [rows, cols], dtype: 'float32', dataSync: () => data };
}

/** Options of {@link matrixArg}. */
export interface MatrixFormOptions {
  /** Also offer `boolean[][]` when every cell is 0 or 1 (labels and predictions). */
  booleans?: boolean;
  /** Offer forms with a hole (a sparse array), which the library must reject. */
  holes?: boolean;
}

/**
 * The matrix of `rows x cols` cells `values` in one of the forms the library accepts, chosen at
 * random, with what the library reads from it (a typed array converts the cells).
 */
export function matrixArg(
  rows: number,
  cols: number,
  values: readonly CellValue[],
  options: MatrixFormOptions = {},
): fc.Arbitrary<MatrixArg> {
  const plain = (form: string, input: unknown, read: readonly CellValue[] = values): MatrixArg => ({
    input,
    form,
    rows,
    cols,
    values: read,
  });
  const forms: fc.WeightedArbitrary<MatrixArg>[] = [
    { weight: 6, arbitrary: fc.constant(plain('number[][]', nested(rows, cols, values))) },
    {
      weight: 2,
      arbitrary: fc.constant(
        plain('{ data: number[], shape }', { data: values, shape: [rows, cols] }),
      ),
    },
    {
      weight: 4,
      arbitrary: fc
        .record({
          type: fc.constantFrom(...TYPED_ARRAYS),
          // Offset 1 or 3 elements: an odd byte offset for 1-byte types, a byte offset that is
          // not a multiple of 4 for 2-byte types and not of 8 for 4-byte types.
          offset: fc.constantFrom(0, 0, 1, 3),
          asTensor: fc.boolean(),
        })
        .map(({ type, offset, asTensor }) => {
          const { array, values: read } = represent(type, values, offset);
          const view =
            offset === 0
              ? type.name
              : `${type.name} view at byte offset ${offset * type.BYTES_PER_ELEMENT}`;
          return asTensor
            ? plain(`TensorLike2D over a ${view}`, tensorLike(rows, cols, array), read)
            : plain(`{ data: ${view}, shape }`, { data: array, shape: [rows, cols] }, read);
        }),
    },
  ];
  if (options.booleans === true && values.every((v) => v === 0 || v === 1)) {
    forms.push({
      weight: 1,
      arbitrary: fc.constant(
        plain(
          'boolean[][]',
          nested(rows, cols, values).map((row) => row.map((v) => v === 1)),
          values.map((v) => v === 1),
        ),
      ),
    });
  }
  if (options.holes === true) {
    forms.push({
      weight: 1,
      arbitrary: fc
        .nat(rows * cols - 1)
        .chain((at) =>
          fc.constantFrom(
            plain(
              'number[][] with a hole',
              withHoleNested(rows, cols, values, at),
              hole(values, at),
            ),
            plain(
              '{ data: number[] with a hole, shape }',
              { data: withHole(values, at), shape: [rows, cols] },
              hole(values, at),
            ),
          ),
        ),
    });
  }
  return fc.oneof(...forms);
}

function hole(values: readonly CellValue[], at: number): CellValue[] {
  const out = values.slice();
  out[at] = undefined;
  return out;
}

function withHoleNested(
  rows: number,
  cols: number,
  values: readonly CellValue[],
  at: number,
): CellValue[][] {
  const out = nested(rows, cols, values);
  const r = Math.floor(at / cols);
  out[r] = withHole(out[r], at % cols);
  return out;
}

const malformed = (input: unknown, why: string): MatrixArg => ({
  input,
  form: why,
  rows: 0,
  cols: 0,
  values: undefined,
  malformed: why,
});

/** A cyclic object: `JSON.stringify` throws on it. */
function cyclic(): object {
  const o: Record<string, unknown> = { a: 1 };
  o.self = o;
  return o;
}

/**
 * Arguments that are no usable matrix: wrong rank, ragged, empty, huge declared shapes with
 * little data, storage that is not numeric, tensor-like objects that lie about their shape.
 */
export function malformedMatrix(): fc.Arbitrary<MatrixArg> {
  return fc.constantFrom(
    malformed([1, 0, 1], '1-D array'),
    malformed([[[1, 0]], [[0, 1]]], '3-D nested array'),
    malformed(1, 'a number'),
    malformed('[[1, 0]]', 'a string'),
    malformed(null, 'null'),
    malformed(undefined, 'undefined'),
    malformed({}, 'an empty object'),
    malformed({ 0: [1, 0], length: 1 }, 'an array-like object'),
    malformed(new Map(), 'a Map'),
    malformed([[1, 0], [1]], 'ragged rows'),
    malformed([[1, 0], 'ab'], 'a row that is a string'),
    malformed([], 'no rows'),
    malformed([[]], 'no columns'),
    malformed([[], []], 'rows without columns'),
    malformed({ data: [], shape: [0, 3] }, 'shape [0, 3]'),
    malformed({ data: [], shape: [3, 0] }, 'shape [3, 0]'),
    malformed({ data: [], shape: [0, 2 ** 31] }, 'shape [0, 2^31]'),
    malformed({ data: new Uint8Array(0), shape: [2 ** 40, 0] }, 'shape [2^40, 0]'),
    malformed({ data: [1, 0], shape: [1e9, 1e9] }, 'shape [1e9, 1e9] with 2 values'),
    malformed({ data: [1, 0], shape: [2 ** 32, 2 ** 32] }, 'shape [2^32, 2^32] with 2 values'),
    malformed({ data: [1, 0], shape: [2 ** 53, 2] }, 'shape [2^53, 2] with 2 values'),
    malformed({ data: [1, 0], shape: [2] }, 'shape [2]'),
    malformed({ data: [1, 0], shape: [1, 2, 1] }, 'shape [1, 2, 1]'),
    malformed({ data: [1, 0], shape: [-1, -2] }, 'negative shape'),
    malformed({ data: [1, 0], shape: [0.5, 4] }, 'fractional shape'),
    malformed({ data: [1, 0], shape: ['1', '2'] }, 'shape of strings'),
    malformed({ data: [1, 0], shape: [Number.NaN, 2] }, 'NaN in the shape'),
    malformed({ data: [1, 0], shape: [1, 3] }, 'data shorter than the shape'),
    malformed({ data: [1, 0, 1], shape: [1, 2] }, 'data longer than the shape'),
    malformed({ data: '10', shape: [1, 2] }, 'data that is a string'),
    malformed(
      { data: { 0: 1, 1: 0, length: 2 }, shape: [1, 2] },
      'data that is an array-like object',
    ),
    malformed({ data: new BigInt64Array(2), shape: [1, 2] }, 'data that is a BigInt64Array'),
    malformed({ data: new DataView(new ArrayBuffer(2)), shape: [1, 2] }, 'data that is a DataView'),
    malformed({ data: new ArrayBuffer(2), shape: [1, 2] }, 'data that is an ArrayBuffer'),
    malformed({ data: [[1, 0]], shape: [1, 2] }, 'nested data'),
    malformed({ data: ['1', '0'], shape: [1, 2] }, 'data of strings'),
    malformed({ data: [1n, 0n], shape: [1, 2] }, 'data of BigInts'),
    malformed([[1n, 0n]], 'rows of BigInts'),
    malformed([['1', '0']], 'rows of strings'),
    malformed([[null, 1]], 'a null cell'),
    malformed([[{}, 1]], 'an object cell'),
    malformed([[cyclic(), 1]], 'a cyclic object cell'),
    malformed([[Symbol('s'), 1]], 'a Symbol cell'),
    malformed(
      { shape: [1, 2], dtype: 'float32', dataSync: () => [1, 0], isDisposed: true },
      'a disposed tensor-like',
    ),
    malformed({ shape: [2], dtype: 'float32', dataSync: () => [1, 0] }, 'a rank-1 tensor-like'),
    malformed(
      { shape: [1, 1, 2], dtype: 'float32', dataSync: () => [1, 0] },
      'a rank-3 tensor-like',
    ),
    malformed(
      { shape: [1, 2], dtype: 'string', dataSync: () => ['1', '0'] },
      'a string tensor-like',
    ),
    malformed(
      { shape: [1, 2], dtype: 'complex64', dataSync: () => [1, 0, 0, 0] },
      'a complex tensor-like',
    ),
    malformed(
      { shape: [2, 2], dtype: 'float32', dataSync: () => new Float32Array(1) },
      'a tensor-like whose data is shorter than its shape',
    ),
    malformed(
      { shape: [1e9, 1e9], dtype: 'float32', dataSync: () => new Float32Array(2) },
      'a tensor-like of shape [1e9, 1e9] with 2 values',
    ),
    malformed(
      { shape: [1, 2], dtype: 'float32', dataSync: () => new Float32Array(3) },
      'a tensor-like whose data is longer than its shape',
    ),
    malformed(
      { shape: [-1, 2], dtype: 'float32', dataSync: () => [1, 0] },
      'a tensor-like of negative shape',
    ),
  );
}

/** A vector of `values` as an array, a typed array (possibly an unaligned view) or with a hole. */
export function vectorArg(values: readonly number[], holes = true): fc.Arbitrary<VectorArg> {
  const forms: fc.Arbitrary<VectorArg>[] = [
    fc.constant({ input: values.slice(), form: 'number[]', values }),
    fc
      .record({ type: fc.constantFrom(...TYPED_ARRAYS), offset: fc.constantFrom(0, 1, 3) })
      .map(({ type, offset }) => {
        const { array, values: read } = represent(type, values, offset);
        return {
          input: array,
          form:
            offset === 0
              ? type.name
              : `${type.name} view at byte offset ${offset * type.BYTES_PER_ELEMENT}`,
          values: read,
        };
      }),
  ];
  if (holes && values.length > 0) {
    forms.push(
      fc.nat(values.length - 1).map((at) => ({
        input: withHole(values, at),
        form: 'number[] with a hole',
        values: hole(values, at),
      })),
    );
  }
  return fc.oneof(
    { weight: 4, arbitrary: forms[0] },
    ...forms.slice(1).map((arbitrary) => ({ weight: 2, arbitrary })),
  );
}

/** Arguments that are no vector of numbers at all. */
export function malformedVector(): fc.Arbitrary<VectorArg> {
  const bad = (input: unknown, why: string): VectorArg => ({
    input,
    form: why,
    values: undefined,
    malformed: why,
  });
  return fc.constantFrom(
    bad(null, 'null'),
    bad(1, 'a number'),
    bad('1,2', 'a string'),
    bad({}, 'an empty object'),
    bad({ 0: 1, length: 1 }, 'an array-like object'),
    bad({ length: 2 ** 32 }, 'an object claiming 2^32 elements'),
    bad(new DataView(new ArrayBuffer(8)), 'a DataView'),
    bad(new BigInt64Array(2), 'a BigInt64Array'),
    bad([[1], [2]], 'nested arrays'),
    bad(['1', '2'], 'strings'),
    bad([1n, 2n], 'BigInts'),
    bad([null, 1], 'a null element'),
    bad([Symbol('s'), 1], 'a Symbol element'),
  );
}

/** Sample weights for `rows` rows: ordinary, with zeros, all zero, subnormal, huge, overflowing. */
export function weightValues(rows: number): fc.Arbitrary<{ values: number[]; kind: string }> {
  const of = (cell: fc.Arbitrary<number>, kind: string) =>
    fc.array(cell, { minLength: rows, maxLength: rows }).map((values) => ({ values, kind }));
  return fc.oneof(
    {
      weight: 4,
      // fc.double also draws values like 1e-300: such weights count as tiny (extreme).
      arbitrary: of(fc.double({ min: 0, max: 10, noNaN: true }), 'ordinary weights').map(
        ({ values }) => ({
          values,
          kind: values.some((w) => w > 0 && w < 1e-100)
            ? 'tiny weights among ordinary ones'
            : 'ordinary weights',
        }),
      ),
    },
    { weight: 2, arbitrary: of(fc.constantFrom(0, 1, 2, 0.5), 'small weights with zeros') },
    { weight: 1, arbitrary: of(fc.constant(0), 'all-zero weights') },
    {
      weight: 1,
      arbitrary: of(fc.constantFrom(5e-324, 1e-320, 2.2250738585072014e-308), 'subnormal weights'),
    },
    { weight: 1, arbitrary: of(fc.constantFrom(1e-300, 1e-200, 1), 'tiny weights') },
    { weight: 1, arbitrary: of(fc.constantFrom(1e200, 1e300), 'huge weights') },
    {
      weight: 1,
      arbitrary: of(fc.constantFrom(Number.MAX_VALUE, 1e308), 'weights whose sum overflows'),
    },
    {
      weight: 1,
      arbitrary: of(
        fc.constantFrom(Number.MAX_VALUE, 1, 5e-324, 0),
        'weights from subnormal to MAX_VALUE',
      ),
    },
  );
}

/** Weights that break the contract: negative, NaN, infinite. */
export function badWeightValue(): fc.Arbitrary<number> {
  return fc.constantFrom(
    -1,
    -5e-324,
    -Number.MAX_VALUE,
    Number.NaN,
    Number.POSITIVE_INFINITY,
    -Infinity,
  );
}

/**
 * Option values that a typed caller cannot pass but a JavaScript one can: wrong types, values
 * whose printing throws (`BigInt`, `Symbol`, cyclic objects), non-finite and edge numbers.
 */
export function optionValuePool(): readonly unknown[] {
  return [
    Number.NaN,
    Number.POSITIVE_INFINITY,
    -Infinity,
    -0,
    0,
    0.5,
    -1,
    1,
    2,
    1.5,
    5e-324,
    1e200,
    Number.MAX_VALUE,
    -Number.MAX_VALUE,
    2 ** 31,
    2 ** 53,
    2 ** 53 + 2,
    -(2 ** 53),
    '',
    '1',
    'micro',
    'none',
    'true',
    null,
    true,
    false,
    [],
    [1],
    {},
    { valueOf: () => 1 },
    2n,
    Symbol('option'),
    cyclic(),
    () => 1,
    new Date(0),
  ];
}

/** Option keys no function knows (misspellings, Python spellings, prototype names). */
export const UNKNOWN_OPTION_KEYS: readonly string[] = [
  'averge',
  'sample_weight',
  'zero_division',
  'Average',
  'foo',
  'constructor',
  'toString',
  '__proto__',
  '',
];

/** An options object with the own key `key` (also `__proto__`, as JSON.parse makes it). */
export function withOwnKey(base: object, key: string, value: unknown): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
  return out;
}

/** Arguments in the place of an options object that are not an options object. */
export const NOT_AN_OPTIONS_OBJECT: readonly unknown[] = [
  null,
  0,
  'micro',
  true,
  [],
  [1],
  () => 1,
  2n,
];

/** A serial state for a `fromJSON` entry: as written, or tampered, with what to expect of it. */
export interface SerialStateCase<C> {
  readonly tags: string[];
  readonly c: C;
  readonly json: unknown;
  /** The state as written (or its JSON text): it must read back. */
  readonly intact: boolean;
  readonly expect: 'value' | 'error' | 'either';
  readonly why: string;
}

/**
 * The state `json` written for case `c` (tags `tags`), as written (1 in 4) or tampered by
 * {@link tamperJson}: intact states must read, garbage at the root must throw, a changed value
 * may do either.
 */
export function serialStateCases<C>(
  c: C,
  tags: readonly string[],
  json: unknown,
): fc.Arbitrary<SerialStateCase<C>> {
  return fc
    .oneof(
      { weight: 1, arbitrary: fc.constant({ json, how: 'as written by toJSON' }) },
      { weight: 3, arbitrary: tamperJson(json) },
    )
    .map(({ json: tampered, how }) => {
      // The JSON text is accepted as well as the parsed object (documented).
      const intact =
        how === 'as written by toJSON' || how === 'the JSON text instead of the parsed value';
      const garbage = ['null', 'an array', 'a string', 'a number', 'an empty object'].includes(how);
      return {
        tags: [...tags, `json ${how}`],
        c,
        json: tampered,
        intact,
        expect: intact ? ('value' as const) : garbage ? ('error' as const) : ('either' as const),
        why: intact ? 'a state as written' : `tampered JSON (${how})`,
      };
    });
}

/** Tampered forms of a JSON value: each a plain-JSON value (as `JSON.parse` would give). */
export function tamperJson(json: unknown): fc.Arbitrary<{ json: unknown; how: string }> {
  const leaves: unknown[] = [
    null,
    'x',
    'NaN',
    'Infinity',
    '-Infinity',
    1e308,
    -1,
    0.5,
    true,
    [],
    {},
    [null],
    '1e999',
  ];
  const paths = collectPaths(json);
  return fc.oneof(
    fc.constantFrom(
      { json: null, how: 'null' },
      { json: [], how: 'an array' },
      { json: 'x', how: 'a string' },
      { json: 0, how: 'a number' },
      { json: JSON.stringify(json), how: 'the JSON text instead of the parsed value' },
      { json: {}, how: 'an empty object' },
    ),
    fc
      .record({ path: fc.constantFrom(...paths), leaf: fc.constantFrom(...leaves) })
      .map(({ path, leaf }) => ({
        json: setAt(json, path, leaf),
        how: `${path.join('.') || '(root)'} replaced by ${JSON.stringify(leaf)}`,
      })),
    fc.constantFrom(...paths.filter((p) => p.length > 0)).map((path) => ({
      json: deleteAt(json, path),
      how: `${path.join('.')} deleted`,
    })),
  );
}

function collectPaths(json: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  const out: (string | number)[][] = [prefix];
  if (Array.isArray(json)) {
    json.forEach((v, i) => {
      out.push(...collectPaths(v, [...prefix, i]));
    });
  } else if (json !== null && typeof json === 'object') {
    for (const [k, v] of Object.entries(json)) out.push(...collectPaths(v, [...prefix, k]));
  }
  return out;
}

function cloneJson(json: unknown): unknown {
  return JSON.parse(JSON.stringify(json));
}

function setAt(json: unknown, path: readonly (string | number)[], value: unknown): unknown {
  if (path.length === 0) return value;
  const copy = cloneJson(json) as Record<string | number, unknown>;
  let at = copy;
  for (const key of path.slice(0, -1)) at = at[key] as Record<string | number, unknown>;
  at[path[path.length - 1]] = value;
  return copy;
}

function deleteAt(json: unknown, path: readonly (string | number)[]): unknown {
  const copy = cloneJson(json) as Record<string | number, unknown>;
  let at = copy;
  for (const key of path.slice(0, -1)) at = at[key] as Record<string | number, unknown>;
  const last = path[path.length - 1];
  if (Array.isArray(at)) at.splice(last as number, 1);
  else delete at[last];
  return copy;
}

import { MultilabelError } from './errors.js';
import { valueText } from './value-text.js';

/** Float storage used for scores and weights inside the library. */
export type FloatArray = Float32Array | Float64Array;

/**
 * The one internal form of a matrix: row-major values plus the two dimensions. Every public
 * function converts its inputs to this form once, at the API boundary, and never mutates them.
 *
 * @internal
 */
export interface DenseMatrix<T extends ArrayLike<number> = FloatArray> {
  readonly data: T;
  readonly rows: number;
  readonly cols: number;
}

/**
 * The structural part of a 2-D `tf.Tensor` that the library reads. Tensors are recognised by
 * shape, without importing tfjs, so array-only entry points never load it.
 *
 * @summary The part of a 2-D `tf.Tensor` the library reads (without importing tfjs).
 * @category Inputs
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import type { TensorLike2D } from 'tfjs-multilabel';
 *
 * const t: TensorLike2D = tf.tensor2d([[1, 0], [0, 1]]);
 * console.log(t.shape); // [2, 2]
 * ```
 */
export interface TensorLike2D {
  /** `[rows, cols]`. */
  readonly shape: readonly number[];
  /** tfjs dtype: `'float32'`, `'int32'` or `'bool'` are accepted. */
  readonly dtype: string;
  /** Set by tfjs once the tensor is disposed. */
  readonly isDisposed?: boolean;
  /** Downloads the values synchronously, row-major. */
  dataSync(): ArrayLike<number>;
}

/**
 * A row-major matrix given as flat values plus its shape, e.g. `{ data: new Float32Array(6), shape: [2, 3] }`.
 *
 * @summary A row-major matrix as flat values plus its shape: `{ data, shape }`.
 * @category Inputs
 * @example
 * ```ts
 * import type { MatrixData } from 'tfjs-multilabel';
 *
 * const y: MatrixData = { data: [1, 0, 1, 0, 1, 1], shape: [2, 3] };
 * console.log(y.shape); // [2, 3]
 * ```
 */
export interface MatrixData {
  /** Values, row after row; typed arrays are read without copying where possible. */
  readonly data: ArrayLike<number>;
  /** `[rows, cols]`. */
  readonly shape: readonly [number, number];
}

/**
 * Every form in which the library accepts a matrix of labels or scores: a 2-D `tf.Tensor`, an
 * array of rows of numbers or booleans, or flat `{ data, shape }`. Rows are samples, columns
 * are labels.
 *
 * @summary Every accepted matrix form: 2-D tensor, array of rows, or `{ data, shape }`.
 * @category Inputs
 * @example
 * ```ts
 * import type { MatrixInput } from 'tfjs-multilabel';
 *
 * const asRows: MatrixInput = [[1, 0, 1], [0, 1, 1]];
 * const asBooleans: MatrixInput = [[true, false, true], [false, true, true]];
 * const asFlat: MatrixInput = { data: new Uint8Array([1, 0, 1, 0, 1, 1]), shape: [2, 3] };
 * console.log(asRows.length, asBooleans.length, asFlat.shape); // 2 2 [2, 3]
 * ```
 */
export type MatrixInput =
  | TensorLike2D
  | readonly (readonly number[])[]
  | readonly (readonly boolean[])[]
  | MatrixData;

/**
 * A matrix of ground-truth labels: `1` relevant, `0` not, and, where a function documents it,
 * `-1` or `NaN` for an unknown (missing) label. Any {@link MatrixInput} form.
 *
 * @summary A matrix of 0/1 labels (and -1 or NaN for a missing label, where allowed).
 * @category Inputs
 * @example
 * ```ts
 * import type { LabelMatrix } from 'tfjs-multilabel';
 *
 * const yTrue: LabelMatrix = [[1, 0, -1], [0, 1, 1]]; // -1: unknown label
 * console.log(yTrue[0]); // [1, 0, -1]
 * ```
 */
export type LabelMatrix = MatrixInput;

/**
 * A matrix of scores (probabilities or logits), one column per label. Any {@link MatrixInput} form.
 *
 * @summary A matrix of scores (probabilities or logits), one column per label.
 * @category Inputs
 * @example
 * ```ts
 * import type { ScoreMatrix } from 'tfjs-multilabel';
 *
 * const yScore: ScoreMatrix = { data: new Float32Array([0.9, 0.2, 0.4, 0.7]), shape: [2, 2] };
 * console.log(yScore.shape); // [2, 2]
 * ```
 */
export type ScoreMatrix = MatrixInput;

/** The marker stored in a label matrix for an unknown label. @internal */
export const MISSING_LABEL = -1;

/** Options shared by the adapters. @internal */
export interface MatrixOptions {
  /** Accept a matrix with no rows or no columns (default false: throws `EMPTY_INPUT`). */
  allowEmpty?: boolean;
}

/** Options of {@link toLabelMatrix}. @internal */
export interface LabelMatrixOptions extends MatrixOptions {
  /** Accept `-1` and `NaN` cells as missing labels, stored as {@link MISSING_LABEL} (default false). */
  allowMissing?: boolean;
}

/** Whether `value` looks like a tfjs tensor (checked structurally, tfjs is never imported). @internal */
export function isTensorLike(value: unknown): value is TensorLike2D {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const candidate = value as Partial<TensorLike2D>;
  return (
    typeof candidate.dataSync === 'function' &&
    Array.isArray(candidate.shape) &&
    typeof candidate.dtype === 'string'
  );
}

function isMatrixData(value: unknown): value is MatrixData {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const candidate = value as Partial<MatrixData>;
  return candidate.data !== undefined && candidate.shape !== undefined;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (ArrayBuffer.isView(value)) return `a ${value.constructor.name}`;
  return typeof value === 'object' ? 'an object' : `${typeof value} ${String(value)}`;
}

function checkShape(shape: unknown, name: string): [number, number] {
  if (
    !Array.isArray(shape) ||
    shape.length !== 2 ||
    !shape.every((d) => Number.isInteger(d) && d >= 0)
  ) {
    throw new MultilabelError(
      'INVALID_SHAPE',
      `\`${name}.shape\` must be [rows, cols] with two non-negative integers, but got ${valueText(shape)}. Pass a 2-D matrix (one row per sample, one column per label).`,
    );
  }
  return [shape[0], shape[1]];
}

/** A flat view of any input form, before its values are checked. */
interface RawMatrix {
  /** Values as stored by the caller; booleans only come from nested arrays. */
  readonly values: ArrayLike<number> | readonly (readonly (number | boolean)[])[];
  readonly nested: boolean;
  readonly rows: number;
  readonly cols: number;
}

function readRaw(input: unknown, name: string): RawMatrix {
  if (isTensorLike(input)) {
    if (input.isDisposed === true) {
      throw new MultilabelError(
        'INVALID_ARGUMENT',
        `\`${name}\` is a disposed tensor. Keep it alive until the call returns (dispose it afterwards).`,
      );
    }
    if (input.shape.length !== 2) {
      throw new MultilabelError(
        'INVALID_SHAPE',
        `\`${name}\` must be a 2-D tensor [rows, cols], but has shape [${input.shape.join(', ')}]. Reshape it, e.g. \`t.reshape([-1, numLabels])\`.`,
      );
    }
    if (input.dtype !== 'float32' && input.dtype !== 'int32' && input.dtype !== 'bool') {
      throw new MultilabelError(
        'INVALID_ARGUMENT',
        `\`${name}\` has dtype '${input.dtype}'; pass a float32, int32 or bool tensor.`,
      );
    }
    const [rows, cols] = checkShape(input.shape, name);
    const values: unknown = input.dataSync();
    // A real tensor's data always fits its shape; a hand-built tensor-like's may not.
    if (!isNumericArrayLike(values) || values.length !== rows * cols) {
      throw new MultilabelError(
        'INVALID_SHAPE',
        `\`${name}.dataSync()\` gave ${isNumericArrayLike(values) ? `${values.length} values` : describe(values)} but \`${name}.shape\` [${rows}, ${cols}] needs ${rows * cols} numbers. Make \`dataSync()\` return the tensor's values in row-major order.`,
      );
    }
    return { values: values as ArrayLike<number>, nested: false, rows, cols };
  }
  if (Array.isArray(input)) {
    const rows = input.length;
    const cols = rows === 0 ? 0 : Array.isArray(input[0]) ? input[0].length : -1;
    for (let r = 0; r < rows; r++) {
      const row: unknown = input[r];
      if (!Array.isArray(row)) {
        // A flat array of numbers is the common slip: say how to make it 2-D.
        const flat = r === 0 && (typeof row === 'number' || typeof row === 'boolean');
        const hint = flat
          ? ` \`${name}\` looks 1-D: for one label per sample pass a column ([[1], [0], ...]), for one sample a row ([[1, 0, ...]]), or flat values as { data, shape }.`
          : ' Pass an array of rows (number[][] or boolean[][]), or { data, shape } for flat values.';
        throw new MultilabelError(
          'INVALID_SHAPE',
          `\`${name}[${r}]\` is ${describe(row)}, not an array.${hint}`,
        );
      }
      if (row.length !== cols) {
        throw new MultilabelError(
          'INVALID_SHAPE',
          `\`${name}\` is ragged: row 0 has ${cols} values but row ${r} has ${row.length}. Every row needs one value per label.`,
        );
      }
    }
    return { values: input as readonly (readonly number[])[], nested: true, rows, cols };
  }
  if (isMatrixData(input)) {
    const [rows, cols] = checkShape(input.shape, name);
    const data: unknown = input.data;
    if (!isNumericArrayLike(data)) {
      throw new MultilabelError(
        'INVALID_ARGUMENT',
        `\`${name}.data\` must be an array or a numeric typed array, but is ${describe(data)}.`,
      );
    }
    const length = (data as ArrayLike<number>).length;
    if (length !== rows * cols) {
      throw new MultilabelError(
        'INVALID_SHAPE',
        `\`${name}.data\` has ${length} values but \`${name}.shape\` [${rows}, ${cols}] needs ${rows * cols}. Fix the shape or the data.`,
      );
    }
    return { values: data as ArrayLike<number>, nested: false, rows, cols };
  }
  throw new MultilabelError(
    'INVALID_ARGUMENT',
    `\`${name}\` must be a 2-D tf.Tensor, number[][], boolean[][] or { data, shape }, but is ${describe(input)}.`,
  );
}

/**
 * Whether `value` is an array or a numeric typed array (not a DataView, not a BigInt array):
 * the forms accepted for flat data, vectors of weights and index lists.
 *
 * @internal
 */
export function isNumericArrayLike(value: unknown): value is ArrayLike<unknown> {
  return (
    Array.isArray(value) ||
    (ArrayBuffer.isView(value) &&
      !(value instanceof DataView) &&
      !(value instanceof BigInt64Array) &&
      !(value instanceof BigUint64Array))
  );
}

function checkNotEmpty(raw: RawMatrix, name: string, options: MatrixOptions | undefined): void {
  if (options?.allowEmpty !== true && (raw.rows === 0 || raw.cols === 0)) {
    throw new MultilabelError(
      'EMPTY_INPUT',
      `\`${name}\` is empty (shape [${raw.rows}, ${raw.cols}]). Pass at least one row and one label column.`,
    );
  }
}

function badValue(name: string, r: number, c: number, value: unknown): MultilabelError {
  return new MultilabelError(
    'INVALID_ARGUMENT',
    `\`${name}[${r}][${c}]\` is ${describe(value)}; every value must be a number or a boolean.`,
  );
}

/**
 * Converts any {@link MatrixInput} to a float matrix. Float32Array and Float64Array storage is
 * used as is (no copy); anything else is copied to a Float64Array. Values are not checked for
 * finiteness here (see `assertFinite`), booleans become 0/1.
 *
 * @internal
 */
export function toFloatMatrix(
  input: MatrixInput,
  name: string,
  options?: MatrixOptions,
): DenseMatrix<FloatArray> {
  const raw = readRaw(input, name);
  checkNotEmpty(raw, name, options);
  const { rows, cols } = raw;
  if (!raw.nested) {
    const values = raw.values as ArrayLike<number>;
    if (values instanceof Float32Array || values instanceof Float64Array) {
      return { data: values, rows, cols };
    }
    const data = new Float64Array(rows * cols);
    if (ArrayBuffer.isView(values)) {
      data.set(values);
    } else {
      for (let i = 0; i < data.length; i++) {
        const v: unknown = values[i];
        if (typeof v === 'number') data[i] = v;
        else if (typeof v === 'boolean') data[i] = v ? 1 : 0;
        else throw badValue(`${name}.data`, Math.floor(i / cols), i % cols, v);
      }
    }
    return { data, rows, cols };
  }
  const nested = raw.values as readonly (readonly unknown[])[];
  const data = new Float64Array(rows * cols);
  for (let r = 0, i = 0; r < rows; r++) {
    const row = nested[r];
    for (let c = 0; c < cols; c++, i++) {
      const v = row[c];
      if (typeof v === 'number') data[i] = v;
      else if (typeof v === 'boolean') data[i] = v ? 1 : 0;
      else throw badValue(name, r, c, v);
    }
  }
  return { data, rows, cols };
}

/**
 * Converts any {@link MatrixInput} of labels to an `Int8Array` matrix of 0, 1 and, when
 * `allowMissing`, {@link MISSING_LABEL} for cells given as `-1` or `NaN`. Any other value throws
 * `NON_BINARY_LABELS` naming the first offending cell.
 *
 * `Uint8Array` and `Int8Array` data of valid labels is returned as an `Int8Array` view of the
 * caller's memory, without a copy (validated four bytes at a time): callers must never write to
 * the result, and must copy it to keep it beyond the call.
 *
 * @internal
 */
export function toLabelMatrix(
  input: LabelMatrix,
  name: string,
  options?: LabelMatrixOptions,
): DenseMatrix<Int8Array> {
  const raw = readRaw(input, name);
  checkNotEmpty(raw, name, options);
  const { rows, cols } = raw;
  const allowMissing = options?.allowMissing === true;
  if (
    !raw.nested &&
    (raw.values instanceof Uint8Array || raw.values instanceof Int8Array) &&
    firstInvalidByte(raw.values, allowMissing) < 0
  ) {
    // Valid byte labels: a view, no copy (the slow path below reports an invalid cell).
    const bytes = raw.values;
    return { data: new Int8Array(bytes.buffer, bytes.byteOffset, bytes.length), rows, cols };
  }
  const data = new Int8Array(rows * cols);
  const put = (i: number, v: unknown, r: number, c: number): void => {
    if (v === 1 || v === true) data[i] = 1;
    else if (v === 0 || v === false) data[i] = 0;
    else if (allowMissing && (v === -1 || (typeof v === 'number' && Number.isNaN(v))))
      data[i] = MISSING_LABEL;
    else if (typeof v !== 'number' && typeof v !== 'boolean') throw badValue(name, r, c, v);
    else {
      throw new MultilabelError(
        'NON_BINARY_LABELS',
        `\`${name}[${r}][${c}]\` is ${v}, but labels must be 0 or 1${
          allowMissing ? ' (or -1 / NaN for a missing label)' : ''
        }. Threshold scores before passing them as labels${
          allowMissing ? '' : ', or use `ignoreIndex` where the function supports missing labels'
        }.`,
      );
    }
  };
  if (raw.nested) {
    const nested = raw.values as readonly (readonly unknown[])[];
    for (let r = 0, i = 0; r < rows; r++) {
      const row = nested[r];
      for (let c = 0; c < cols; c++, i++) {
        const v = row[c];
        if (v === 0 || v === false) data[i] = 0;
        else if (v === 1 || v === true) data[i] = 1;
        else put(i, v, r, c);
      }
    }
  } else {
    copyLabels(raw.values as ArrayLike<number>, data, put, cols);
  }
  return { data, rows, cols };
}

/**
 * Index of the first byte that is not a valid label (0, 1, or -1 of an Int8Array when
 * `allowMissing`), or -1. Checks aligned words of four bytes at once.
 */
function firstInvalidByte(values: Uint8Array | Int8Array, allowMissing: boolean): number {
  const n = values.length;
  const missingOk = allowMissing && values instanceof Int8Array;
  const invalid = (v: number): boolean => v !== 0 && v !== 1 && !(missingOk && v === -1);
  // A Uint32Array view must start on a 4-byte boundary: check the bytes before it one by one
  // (a `subarray` of a row starts anywhere).
  const head = Math.min(n, (4 - (values.byteOffset & 3)) & 3);
  for (let i = 0; i < head; i++) if (invalid(values[i])) return i;
  let i = head;
  const count = (n - head) >>> 2;
  if (count > 0) {
    const words = new Uint32Array(values.buffer, values.byteOffset + head, count);
    let w = 0;
    while (w < count && (words[w] & 0xfefefefe) === 0) w++;
    // The byte-by-byte check below resumes at the first word with a byte other than 0 or 1.
    i = head + (w << 2);
  }
  for (; i < n; i++) if (invalid(values[i])) return i;
  return -1;
}

/**
 * Copies flat labels (a tensor's `dataSync()`, a `number[]`), handing anything but 0/1 to
 * `put`: the fast path for the common case, in a function of its own so that its loop is
 * compiled for the forms it meets.
 */
function copyLabels(
  values: ArrayLike<number>,
  data: Int8Array,
  put: (i: number, v: unknown, r: number, c: number) => void,
  cols: number,
): void {
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v === 0) data[i] = 0;
    else if (v === 1) data[i] = 1;
    else put(i, v, Math.floor(i / cols), i % cols);
  }
}

/** The matrix as an array of rows (for tests, reports and small outputs). @internal */
export function toRows(matrix: DenseMatrix<ArrayLike<number>>): number[][] {
  const out: number[][] = new Array(matrix.rows);
  for (let r = 0; r < matrix.rows; r++) {
    const row = new Array<number>(matrix.cols);
    for (let c = 0; c < matrix.cols; c++) row[c] = matrix.data[r * matrix.cols + c];
    out[r] = row;
  }
  return out;
}

/** Copies column `col` of `matrix` into `out` (allocated when absent), for per-label sweeps. @internal */
export function readColumn<T extends FloatArray | Int8Array>(
  matrix: DenseMatrix<ArrayLike<number>>,
  col: number,
  out: T,
): T {
  const { data, rows, cols } = matrix;
  for (let r = 0, i = col; r < rows; r++, i += cols) out[r] = data[i];
  return out;
}

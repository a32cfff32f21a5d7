import { MultilabelError } from './errors.js';
import type { DenseMatrix, FloatArray, MatrixData, MatrixInput, TensorLike2D } from './matrix.js';
import { valueText } from './value-text.js';

/**
 * Reading every accepted matrix form (tensor, array of rows, `{ data, shape }`) at the API
 * boundary: shape and value checks, and the conversion to a float matrix.
 *
 * @internal
 * @module
 */

/** Options shared by the adapters. @internal */
export interface MatrixOptions {
  /** Accept a matrix with no rows or no columns (default false: throws `EMPTY_INPUT`). */
  allowEmpty?: boolean;
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

/** A flat view of any input form, before its values are checked. @internal */
export interface RawMatrix {
  /** Values as stored by the caller; booleans only come from nested arrays. */
  readonly values: ArrayLike<number> | readonly (readonly (number | boolean)[])[];
  readonly nested: boolean;
  readonly rows: number;
  readonly cols: number;
}

/**
 * Reads any input form into a {@link RawMatrix}, checking its form and shape (not its values).
 *
 * @internal
 */
export function readRaw(input: unknown, name: string): RawMatrix {
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
 * Whether `value` is an object with every key of `keys`: the structural test of an input form
 * given as an object of arrays (CSR labels, top-k predictions).
 *
 * @internal
 */
export function hasKeys(value: unknown, keys: readonly string[]): value is object {
  return typeof value === 'object' && value !== null && keys.every((key) => key in value);
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

/** Throws `EMPTY_INPUT` for a matrix without rows or columns, unless `allowEmpty`. @internal */
export function checkNotEmpty(
  raw: RawMatrix,
  name: string,
  options: MatrixOptions | undefined,
): void {
  if (options?.allowEmpty !== true && (raw.rows === 0 || raw.cols === 0)) {
    throw new MultilabelError(
      'EMPTY_INPUT',
      `\`${name}\` is empty (shape [${raw.rows}, ${raw.cols}]). Pass at least one row and one label column.`,
    );
  }
}

/** The error for a cell that is neither a number nor a boolean. @internal */
export function badValue(name: string, r: number, c: number, value: unknown): MultilabelError {
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

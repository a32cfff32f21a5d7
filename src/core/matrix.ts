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
 * A matrix of ground-truth labels: `1` relevant, `0` not, and, where a function takes
 * `ignoreIndex`, that marker (such as `-1`) or `NaN` for an unknown (missing) label. Any
 * {@link MatrixInput} form.
 *
 * @summary A matrix of 0/1 labels (and a marker or NaN for a missing label, where allowed).
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

/**
 * The bits of the float32 1 (+0 is all zeros). Its lowest exponent bit, bit 23, is the only
 * bit that the two have in common with neither: a word `u` holds a 0/1 label exactly when
 * `u === ((u >>> 23) & 1) * FLOAT32_ONE_BITS`, and the label is then `(u >>> 23) & 1`.
 *
 * @internal
 */
export const FLOAT32_ONE_BITS = 0x3f800000;

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

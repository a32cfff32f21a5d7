/**
 * A matrix returned by the data functions: row-major values plus `[rows, cols]`. It is also a
 * valid matrix input of the library (`MatrixData`), and `tf.tensor2d(m.data, m.shape)` turns it
 * into a tensor.
 *
 * @summary A row-major matrix returned by the data functions: `{ data, shape }`.
 * @category Results
 * @example
 * ```ts
 * import { type RowMajorMatrix, labelCooccurrence } from 'tfjs-multilabel/data';
 *
 * const m: RowMajorMatrix<Float64Array> = labelCooccurrence([[1, 1], [1, 0]]);
 * const [rows, cols] = m.shape;
 * console.log(rows, cols, m.data[0 * cols + 1]); // 2 2 1
 * ```
 */
export interface RowMajorMatrix<T extends ArrayLike<number>> {
  /** The values, row after row: cell (i, j) is `data[i * cols + j]`. */
  readonly data: T;
  /** `[rows, cols]`. */
  readonly shape: [number, number];
}

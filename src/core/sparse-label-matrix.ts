import { MultilabelError } from './errors.js';
import { toLabelMatrix } from './label-matrix.js';
import type { DenseMatrix, LabelMatrix } from './matrix.js';
import { hasKeys, isNumericArrayLike } from './matrix-input.js';
import { valueText } from './value-text.js';

/**
 * A binary label matrix in compressed sparse rows (CSR, as scipy's `csr_matrix` and pyxclib
 * store extreme-classification labels): row `r`'s true labels are
 * `indices[indptr[r] .. indptr[r + 1])`. Memory is linear in the true labels, so a 670,000-label
 * test set fits where its dense form (10^11 cells) cannot exist. Indices may come in any order
 * within a row; a label listed twice, an index outside `[0, labels)`, or an `indptr` that is not
 * non-decreasing from 0 to `indices.length` throws {@link MultilabelError} naming the row.
 * Every cell is known (there are no missing labels in this form).
 *
 * Build one from per-row lists of label ids with {@link sparseLabelMatrix}.
 *
 * @summary Binary labels as compressed sparse rows: `{ indptr, indices, shape }`.
 * @category Inputs
 * @example
 * ```ts
 * import { precisionAtK, type SparseLabelMatrix } from 'tfjs-multilabel/metrics';
 *
 * // Row 0 has labels 2 and 0, row 1 has label 1; 4 labels in all.
 * const yTrue: SparseLabelMatrix = { indptr: [0, 2, 3], indices: [2, 0, 1], shape: [2, 4] };
 * console.log(precisionAtK(yTrue, [[0.9, 0.1, 0.8, 0.2], [0.3, 0.6, 0.2, 0.1]], { k: 1 })); // 1
 * ```
 */
export interface SparseLabelMatrix {
  /** `rows + 1` non-decreasing offsets into `indices`, from 0 to `indices.length`. */
  readonly indptr: ArrayLike<number>;
  /** The true label ids of every row, row after row. */
  readonly indices: ArrayLike<number>;
  /** `[rows, labels]`. */
  readonly shape: readonly [number, number];
}

/**
 * A checked {@link SparseLabelMatrix}: 32-bit offsets and ids (each row in the caller's order).
 *
 * @internal
 */
export interface CheckedSparseLabels {
  readonly rows: number;
  readonly cols: number;
  readonly indptr: Int32Array;
  readonly indices: Int32Array;
}

/** Whether `value` has the `indptr` and `indices` of a {@link SparseLabelMatrix}. @internal */
export function isSparseLabelMatrix(value: unknown): value is SparseLabelMatrix {
  return hasKeys(value, ['indptr', 'indices']) && !('scores' in value);
}

/** Reads `[rows, cols]` of a sparse input's `shape`. @internal */
export function readSparseShape(shape: unknown, name: string, what: string): [number, number] {
  const ok =
    Array.isArray(shape) &&
    shape.length === 2 &&
    shape.every((n) => typeof n === 'number' && Number.isSafeInteger(n) && n >= 0);
  if (!ok) {
    throw new MultilabelError(
      'INVALID_SHAPE',
      `\`${name}.shape\` must be [rows, labels] (two non-negative integers), but got ${valueText(shape)}. Give the number of rows and of labels of the ${what}.`,
    );
  }
  const [rows, cols] = shape as [number, number];
  if (rows === 0 || cols === 0) {
    throw new MultilabelError(
      'EMPTY_INPUT',
      `\`${name}\` is empty (shape [${rows}, ${cols}]). Pass at least one row and one label.`,
    );
  }
  return [rows, cols];
}

/** Reads an array of integers (`name`), as an Int32Array (no copy when it is one). @internal */
export function readIntegerArray(value: unknown, name: string, fix: string): Int32Array {
  if (!isNumericArrayLike(value)) {
    throw new MultilabelError(
      'INVALID_ARGUMENT',
      `\`${name}\` must be an array of integers, but got ${valueText(value)}. ${fix}`,
    );
  }
  if (value instanceof Int32Array) return value;
  const out = new Int32Array(value.length);
  for (let i = 0; i < value.length; i++) {
    const v = value[i];
    if (typeof v !== 'number' || !Number.isInteger(v) || v < -0x80000000 || v > 0x7fffffff) {
      throw new MultilabelError(
        'INVALID_ARGUMENT',
        `\`${name}[${i}]\` is ${valueText(v)}; every entry must be an integer. ${fix}`,
      );
    }
    out[i] = v;
  }
  return out;
}

/**
 * Reads labels in either form: a {@link SparseLabelMatrix} (checked, no missing cell) or any
 * dense input (missing cells under the `ignoreIndex` marker, as `toLabelMatrix` reads them).
 * Tell them apart by `'indptr' in labels`.
 *
 * @internal
 */
export function readDenseOrSparseLabels(
  value: LabelMatrix | SparseLabelMatrix,
  name: string,
  ignoreIndex: number | undefined,
): DenseMatrix<Int8Array> | CheckedSparseLabels {
  return isSparseLabelMatrix(value)
    ? readSparseLabelMatrix(value, name)
    : toLabelMatrix(value, name, { ignoreIndex });
}

/**
 * Checks a {@link SparseLabelMatrix} and returns it with 32-bit arrays (Int32Array input is not
 * copied; the caller's arrays are never changed).
 *
 * @internal
 */
export function readSparseLabelMatrix(value: SparseLabelMatrix, name: string): CheckedSparseLabels {
  const [rows, cols] = readSparseShape(value.shape, name, 'labels');
  const indptr = readIntegerArray(
    value.indptr,
    `${name}.indptr`,
    'Give the offset of every row in `indices`, then the total.',
  );
  const indices = readIntegerArray(value.indices, `${name}.indices`, 'Give label ids.');
  if (indptr.length !== rows + 1 || indptr[0] !== 0 || indptr[rows] !== indices.length) {
    throw new MultilabelError(
      'INVALID_SHAPE',
      `\`${name}.indptr\` must have ${rows} + 1 entries from 0 to \`indices.length\` (${indices.length}), but has ${indptr.length} entries from ${indptr[0]} to ${indptr[indptr.length - 1]}.`,
    );
  }
  // Each row stamps the labels it lists with its own number: a repeat is seen in O(1).
  const seen = new Int32Array(cols);
  for (let r = 0; r < rows; r++) {
    const start = indptr[r];
    const end = indptr[r + 1];
    if (end < start) {
      throw new MultilabelError(
        'INVALID_ARGUMENT',
        `\`${name}.indptr\` decreases at row ${r} (${start} then ${end}); offsets must be non-decreasing.`,
      );
    }
    for (let a = start; a < end; a++) {
      const l = indices[a];
      if (l < 0 || l >= cols) {
        throw new MultilabelError(
          'INVALID_ARGUMENT',
          `Row ${r} of \`${name}\` lists label ${l}, outside [0, ${cols}) (\`shape[1]\` is the number of labels).`,
        );
      }
      if (seen[l] === r + 1) {
        throw new MultilabelError(
          'INVALID_ARGUMENT',
          `Row ${r} of \`${name}\` lists label ${l} twice; list each true label of a row once.`,
        );
      }
      seen[l] = r + 1;
    }
  }
  return { rows, cols, indptr, indices };
}

/**
 * The dense 0/1 labels of checked CSR labels (for a function that only has a dense path, or a
 * CSR input paired with a dense one).
 *
 * @internal
 */
export function denseLabelsOf(csr: CheckedSparseLabels): DenseMatrix<Int8Array> {
  const { rows, cols, indptr, indices } = csr;
  const data = new Int8Array(rows * cols);
  for (let r = 0; r < rows; r++) {
    for (let a = indptr[r]; a < indptr[r + 1]; a++) data[r * cols + indices[a]] = 1;
  }
  return { data, rows, cols };
}

/**
 * Builds a {@link SparseLabelMatrix} from per-row lists of true label ids (in any order), the
 * form extreme-classification files and tagging data come in.
 *
 * @summary CSR labels from per-row lists of label ids.
 * @category Sparse inputs
 * @param labelLists The true label ids of each row.
 * @param labels The number of labels (`shape[1]`).
 * @returns The matrix, with `Int32Array` offsets and ids, each row in the order given.
 * @throws {@link MultilabelError} `EMPTY_INPUT` for no row; `INVALID_ARGUMENT` for an id outside `[0, labels)`, an id
 *   listed twice in a row, or a row that is not an array; `INVALID_OPTION` for a bad `labels`.
 * @example
 * ```ts
 * import { sparseLabelMatrix } from 'tfjs-multilabel';
 *
 * const y = sparseLabelMatrix([[2, 0], [], [1]], 4);
 * console.log(Array.from(y.indptr), Array.from(y.indices), y.shape); // [0, 2, 2, 3] [2, 0, 1] [3, 4]
 * ```
 */
export function sparseLabelMatrix(
  labelLists: readonly ArrayLike<number>[],
  labels: number,
): SparseLabelMatrix {
  if (!Array.isArray(labelLists)) {
    throw new MultilabelError(
      'INVALID_ARGUMENT',
      `\`labelLists\` must be an array with one list of label ids per row, but got ${valueText(labelLists)}.`,
    );
  }
  if (typeof labels !== 'number' || !Number.isSafeInteger(labels) || labels < 1) {
    throw new MultilabelError(
      'INVALID_OPTION',
      `\`labels\` must be the number of labels, an integer >= 1, but got ${valueText(labels)}.`,
    );
  }
  const rows = labelLists.length;
  const indptr = new Int32Array(rows + 1);
  for (let r = 0; r < rows; r++) {
    const list = labelLists[r];
    if (!isNumericArrayLike(list)) {
      throw new MultilabelError(
        'INVALID_ARGUMENT',
        `\`labelLists[${r}]\` must be an array of label ids, but got ${valueText(list)}.`,
      );
    }
    indptr[r + 1] = indptr[r] + list.length;
  }
  const indices = new Int32Array(indptr[rows]);
  for (let r = 0, out = 0; r < rows; r++) {
    const list = labelLists[r];
    for (let a = 0; a < list.length; a++) {
      const l = list[a];
      if (typeof l !== 'number' || !Number.isInteger(l) || l < 0 || l >= labels) {
        throw new MultilabelError(
          'INVALID_ARGUMENT',
          `\`labelLists[${r}][${a}]\` is ${valueText(l)}; label ids are integers in [0, ${labels}).`,
        );
      }
      indices[out++] = l;
    }
  }
  const matrix: SparseLabelMatrix = { indptr, indices, shape: [rows, labels] };
  // A label listed twice in a row is reported here, where the caller still has its lists.
  readSparseLabelMatrix(matrix, 'labelLists');
  return matrix;
}

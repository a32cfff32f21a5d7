import { MultilabelError } from '../core/errors.js';
import type { LabelMatrix } from '../core/matrix.js';
import { sortRun } from '../core/sort.js';
import type { SparseLabelMatrix } from '../core/sparse-label-matrix.js';
import { checkEnum, checkOptionKeys } from '../core/validate.js';
import { rowsInOrder } from './distribute.js';
import type { RowMajorMatrix } from './row-major-matrix.js';
import { IntList, type SparseLabels, toSparseLabels } from './sparse-labels.js';
import { checkTableSize, formatCount, MAX_OUTPUT_CELLS } from './table-size.js';

/**
 * Options of {@link labelCooccurrence}.
 *
 * @expand
 * @category Options
 * @example
 * ```ts
 * import { labelCooccurrence, type LabelCooccurrenceOptions } from 'tfjs-multilabel/data';
 *
 * const options: LabelCooccurrenceOptions = { normalize: 'jaccard' };
 * const c = labelCooccurrence([[1, 1], [1, 0], [0, 1]], options);
 * console.log(Array.from(c.data).map((v) => v.toFixed(4))); // ['1.0000', '0.3333', '0.3333', '1.0000']
 * ```
 */
export interface LabelCooccurrenceOptions {
  /**
   * - `'none'`: counts, C[i][j] = rows where labels i and j are both positive; the
   *   diagonal holds each label's positives.
   * - `'conditional'`: C[i][j] / C[i][i], the estimate of P(label j | label i) that ML-GCN (Chen
   *   et al., CVPR 2019) builds its label graph from; rows of labels without positives are 0.
   * - `'jaccard'`: C[i][j] / (C[i][i] + C[j][j] - C[i][j]), symmetric; 0 where no row holds
   *   either label.
   *
   * @defaultValue `'none'`
   */
  normalize?: 'none' | 'conditional' | 'jaccard';
}

/**
 * The label co-occurrence matrix of `y`: how often each pair of labels is positive in the same
 * row, as counts, conditional probabilities or Jaccard indices. It is the input a
 * label-graph head needs, and a quick view of which labels travel together. Missing cells
 * (`-1` / `NaN`) are not counted as positives.
 *
 * Cost: O(sum over rows of (positive labels)^2) time plus the labels x labels output, which is
 * limited to 2^28 cells (16,384 labels); {@link sparseLabelCooccurrence} stores only the pairs
 * that occur, for any number of labels.
 *
 * @summary How often each pair of labels is positive together.
 * @category Statistics
 * @param y Labels, one row per sample (0/1, `-1` / `NaN` for unknown cells).
 * @param options `normalize`: `'none'` (default), `'conditional'` or `'jaccard'`.
 * @returns A labels x labels matrix, row-major: `data[i * labels + j]`.
 * @throws {@link MultilabelError} `INVALID_SHAPE`, `EMPTY_INPUT`, `NON_BINARY_LABELS` for bad
 *   labels; `INVALID_ARGUMENT` when `y` has more than 16,384 labels (the output would exceed
 *   2^28 cells: use {@link sparseLabelCooccurrence}); `INVALID_OPTION` for an unknown `normalize`; `UNKNOWN_OPTION` for a misspelt option.
 * @example
 * ```ts
 * import { labelCooccurrence } from 'tfjs-multilabel/data';
 *
 * const y = [[1, 1, 0], [1, 0, 0], [1, 1, 1], [0, 0, 1]];
 * console.log(Array.from(labelCooccurrence(y).data)); // [3, 2, 1, 2, 2, 1, 1, 1, 2]
 * // P(label 1 | label 0): 2 of the 3 rows with label 0 also have label 1.
 * const p = labelCooccurrence(y, { normalize: 'conditional' });
 * console.log(p.data[0 * 3 + 1].toFixed(4)); // '0.6667'
 * ```
 */
export function labelCooccurrence(
  y: LabelMatrix | SparseLabelMatrix,
  options?: LabelCooccurrenceOptions,
): RowMajorMatrix<Float64Array> {
  const normalize = readNormalize(options, 'labelCooccurrence');
  const { rows, cols, indptr, indices } = toSparseLabels(y, 'y');
  checkTableSize(
    cols * cols,
    MAX_OUTPUT_CELLS,
    `The co-occurrence matrix of ${formatCount(cols)} labels (labels x labels)`,
    'Use sparseLabelCooccurrence, which stores only the pairs that occur, or pass only the label columns you need.',
  );
  const counts = new Float64Array(cols * cols);
  for (let r = 0; r < rows; r++) {
    const end = indptr[r + 1];
    for (let a = indptr[r]; a < end; a++) {
      const base = indices[a] * cols;
      for (let b = indptr[r]; b < end; b++) counts[base + indices[b]]++;
    }
  }
  if (normalize === 'none') return { data: counts, shape: [cols, cols] };
  // Normalised in place (one labels x labels array), from a copy of the diagonal.
  const diagonal = new Float64Array(cols);
  for (let i = 0; i < cols; i++) diagonal[i] = counts[i * cols + i];
  for (let i = 0; i < cols; i++) {
    for (let j = 0; j < cols; j++) {
      const cij = counts[i * cols + j];
      if (cij !== 0) counts[i * cols + j] = normalized(normalize, cij, diagonal[i], diagonal[j]);
    }
  }
  return { data: counts, shape: [cols, cols] };
}

/** C[i][j] normalised as `normalize` says, from the diagonal entries C[i][i] and C[j][j]. */
function normalized(
  normalize: 'conditional' | 'jaccard',
  cij: number,
  cii: number,
  cjj: number,
): number {
  return normalize === 'conditional' ? cij / cii : cij / (cii + cjj - cij);
}

/**
 * A labels x labels matrix in compressed sparse rows: row `i`'s non-zero entries are at columns
 * `indices[indptr[i] .. indptr[i + 1])` (ascending) with their `values`.
 *
 * @summary A sparse labels x labels matrix: `{ indptr, indices, values, shape }`.
 * @category Results
 * @example
 * ```ts
 * import { sparseLabelCooccurrence, type SparseCooccurrence } from 'tfjs-multilabel/data';
 *
 * const c: SparseCooccurrence = sparseLabelCooccurrence([[1, 0, 1], [1, 0, 0]]);
 * console.log(Array.from(c.indptr), Array.from(c.indices), Array.from(c.values)); // [0, 2, 2, 4] [0, 2, 0, 2] [2, 1, 1, 1]
 * ```
 */
export interface SparseCooccurrence {
  /** `labels + 1` offsets into `indices` and `values`. */
  readonly indptr: Int32Array;
  /** The column of every stored entry, row after row, ascending within a row. */
  readonly indices: Int32Array;
  /** The entries: counts, or the normalised values. */
  readonly values: Float64Array;
  /** `[labels, labels]`. */
  readonly shape: readonly [number, number];
}

/**
 * {@link labelCooccurrence} as a sparse matrix, for label counts whose dense labels x labels
 * matrix would not fit (thousands to millions of labels): only the pairs that occur together
 * in some row are stored, in compressed sparse rows, and the same values as the dense
 * function's non-zero cells (bit for bit). Built label by label from the rows of each label
 * (Gustavson's sparse product YᵀY), so memory is linear in the labels' positives plus the
 * pairs stored, and time in the sum over rows of (positive labels)^2.
 *
 * @summary {@link labelCooccurrence} in compressed sparse rows, for many labels.
 * @category Statistics
 * @param y Labels, one row per sample (0/1, `-1` / `NaN` for unknown cells), or a {@link SparseLabelMatrix}.
 * @param options `normalize`: `'none'` (default), `'conditional'` or `'jaccard'`.
 * @returns The non-zero entries of the co-occurrence matrix, by label.
 * @throws {@link MultilabelError} as {@link labelCooccurrence}, without its limit on the labels;
 *   `INVALID_ARGUMENT` when more than 2^26 (67 million) pairs co-occur (rows holding thousands
 *   of labels).
 * @example
 * ```ts
 * import { sparseLabelCooccurrence, sparseLabelMatrix } from 'tfjs-multilabel/data';
 *
 * // 1,000,000 labels: the dense matrix would hold 10^12 cells; three pairs occur.
 * const y = sparseLabelMatrix([[3, 999_999], [3], [42]], 1_000_000);
 * const c = sparseLabelCooccurrence(y, { normalize: 'conditional' });
 * const row = (i: number) => [c.indptr[i], c.indptr[i + 1]];
 * console.log(Array.from(c.indices.subarray(...row(3))), Array.from(c.values.subarray(...row(3)))); // [3, 999999] [1, 0.5]
 * ```
 */
export function sparseLabelCooccurrence(
  y: LabelMatrix | SparseLabelMatrix,
  options?: LabelCooccurrenceOptions,
): SparseCooccurrence {
  const normalize = readNormalize(options, 'sparseLabelCooccurrence');
  const labels = toSparseLabels(y, 'y');
  const counts = cooccurrenceCounts(labels, 'y');
  if (normalize === 'none') return counts;
  const { indptr, indices, values } = counts;
  const { support } = labels;
  for (let i = 0; i < labels.cols; i++) {
    for (let t = indptr[i]; t < indptr[i + 1]; t++) {
      values[t] = normalized(normalize, values[t], support[i], support[indices[t]]);
    }
  }
  return counts;
}

/**
 * The co-occurrence counts of `labels` in compressed sparse rows (the pairs that occur, columns
 * ascending), as {@link sparseLabelCooccurrence} returns them for `normalize: 'none'`; `name`
 * names the labels' argument in errors.
 *
 * @internal
 * @throws {@link MultilabelError} `INVALID_ARGUMENT` past 2^26 stored pairs.
 */
export function cooccurrenceCounts(labels: SparseLabels, name: string): SparseCooccurrence {
  const { rows, cols, indptr, indices, support } = labels;
  // A row of m labels alone makes m^2 distinct pairs: refuse before any work.
  let widest = 0;
  for (let r = 0; r < rows; r++) widest = Math.max(widest, indptr[r + 1] - indptr[r]);
  checkTableSize(
    widest * widest,
    MAX_PAIRS,
    `The co-occurring pairs of a row of \`${name}\` with ${formatCount(widest)} labels`,
    'Leave the rows that hold very many labels out.',
  );
  const identity = new Int32Array(rows);
  for (let r = 0; r < rows; r++) identity[r] = r;
  const { colPtr, colRows } = rowsInOrder({ count: cols, indptr, indices, support }, identity);
  // Row i of YᵀY: over the rows holding label i, count every label of those rows.
  const outPtr = new Int32Array(cols + 1);
  const outIndices = new IntList(indices.length);
  const outCounts = new IntList(indices.length);
  const count = new Int32Array(cols);
  const touched = new Int32Array(cols);
  for (let i = 0; i < cols; i++) {
    let n = 0;
    for (let t = colPtr[i]; t < colPtr[i + 1]; t++) {
      const r = colRows[t];
      for (let a = indptr[r]; a < indptr[r + 1]; a++) {
        const j = indices[a];
        if (count[j]++ === 0) touched[n++] = j;
      }
    }
    if (outIndices.length + n > MAX_PAIRS) {
      throw new MultilabelError(
        'INVALID_ARGUMENT',
        `The co-occurring pairs of \`${name}\` exceed the ${formatCount(MAX_PAIRS)} this function stores (labels 0 to ${i} already hold ${formatCount(outIndices.length + n)}): some rows hold very many labels. Leave those rows or the most frequent labels out.`,
      );
    }
    sortRun(touched, 0, n);
    for (let t = 0; t < n; t++) {
      const j = touched[t];
      outIndices.push(j);
      outCounts.push(count[j]);
      count[j] = 0;
    }
    outPtr[i + 1] = outIndices.length;
  }
  const values = Float64Array.from(outCounts.toArray());
  return { indptr: outPtr, indices: outIndices.toArray(), values, shape: [cols, cols] };
}

/** The most pairs {@link sparseLabelCooccurrence} stores (12 bytes each: 768 MiB). */
const MAX_PAIRS = 2 ** 26;

/** Reads the options of the co-occurrence functions. */
function readNormalize(
  options: LabelCooccurrenceOptions | undefined,
  caller: string,
): 'none' | 'conditional' | 'jaccard' {
  checkOptionKeys(options, ['normalize'], caller);
  return checkEnum(options?.normalize ?? 'none', 'normalize', [
    'none',
    'conditional',
    'jaccard',
  ] as const);
}

import { toLabelMatrix } from '../core/label-matrix.js';
import type { DenseMatrix, LabelMatrix } from '../core/matrix.js';
import { FLOAT32_ONE_BITS, MISSING_LABEL } from '../core/matrix.js';
import { checkNotEmpty, readRaw } from '../core/matrix-input.js';
import { sortRun } from '../core/sort.js';
import {
  type CheckedSparseLabels,
  isSparseLabelMatrix,
  readSparseLabelMatrix,
  type SparseLabelMatrix,
} from '../core/sparse-label-matrix.js';

/**
 * A label matrix stored as per-row lists of its positive labels (compressed sparse rows), so
 * that everything built on it costs memory and time linear in the number of positives. Missing
 * cells (`-1` / `NaN`) are kept in a second list per row: they are neither positive nor negative.
 *
 * @internal
 */
export interface SparseLabels {
  readonly rows: number;
  readonly cols: number;
  /** Row `r`'s positive labels are `indices[indptr[r] .. indptr[r + 1])`, ascending. */
  readonly indptr: Int32Array;
  readonly indices: Int32Array;
  /** Row `r`'s missing labels are `missingIndices[missingIndptr[r] .. missingIndptr[r + 1])`. */
  readonly missingIndptr: Int32Array;
  readonly missingIndices: Int32Array;
  /** Positives per label. */
  readonly support: Int32Array;
  /** Known (non-missing) cells per label. */
  readonly known: Int32Array;
}

/** Appends to an Int32Array that doubles when full. @internal */
export class IntList {
  data: Int32Array;
  length = 0;
  constructor(capacity: number) {
    this.data = new Int32Array(Math.max(16, capacity));
  }
  push(value: number): void {
    if (this.length === this.data.length) {
      const grown = new Int32Array(this.data.length * 2);
      grown.set(this.data);
      this.data = grown;
    }
    this.data[this.length++] = value;
  }
  toArray(): Int32Array {
    return this.data.slice(0, this.length);
  }
}

/**
 * Reads any label matrix input (validated by the core adapter, missing cells allowed), or CSR
 * labels ({@link SparseLabelMatrix}: every cell known), into {@link SparseLabels}.
 *
 * @internal
 */
export function toSparseLabels(y: LabelMatrix | SparseLabelMatrix, name: string): SparseLabels {
  if (isSparseLabelMatrix(y)) return sparseLabelsOfCsr(readSparseLabelMatrix(y, name));
  const raw = readRaw(y, name);
  checkNotEmpty(raw, name, undefined);
  const { rows, cols } = raw;
  if (!raw.nested && raw.values instanceof Float32Array) {
    const fast = sparseLabelsOfFloat32(raw.values, rows, cols);
    if (fast !== null) return fast;
  }
  // The exact path: every other form, and float32 data with a cell other than +0 or 1 (a
  // missing label, -0, or an error to report). Flat values are passed on as read, so that a
  // tensor's data is not fetched twice.
  const input: LabelMatrix = raw.nested
    ? y
    : { data: raw.values as ArrayLike<number>, shape: [rows, cols] };
  return sparseLabelsOf(toLabelMatrix(input, name, { ignoreIndex: -1 }));
}

/**
 * {@link SparseLabels} straight from float32 cells (a tensor's `dataSync()`), in one pass over
 * their bits, or `null` as soon as a cell is neither +0 nor 1 (bits 0 and 0x3f800000): the
 * caller then takes the exact path, which reads missing cells and -0 and reports bad values.
 * Gives the same result as `sparseLabelsOf(toLabelMatrix(...))` on every input it accepts.
 */
function sparseLabelsOfFloat32(
  values: Float32Array,
  rows: number,
  cols: number,
): SparseLabels | null {
  // A Float32Array always starts on a 4-byte boundary, so a Uint32Array view of it can.
  const bits = new Uint32Array(values.buffer, values.byteOffset, values.length);
  const indptr = new Int32Array(rows + 1);
  const support = new Int32Array(cols);
  const positives = new IntList(rows * 2);
  for (let r = 0, i = 0; r < rows; r++) {
    const rowStart = i;
    const end = i + cols;
    while (i < end) {
      const stop = Math.min(i + 8, end);
      // Labels are mostly zeros: a run of eight zero words is skipped with one test (about
      // 40% faster than a test per word on sparse labels).
      if (stop - i === 8 && eightZeroWords(bits, i)) {
        i = stop;
        continue;
      }
      for (; i < stop; i++) {
        const u = bits[i];
        if (u === 0) continue;
        if (u !== FLOAT32_ONE_BITS) return null;
        positives.push(i - rowStart);
        support[i - rowStart]++;
      }
    }
    indptr[r + 1] = positives.length;
  }
  const known = new Int32Array(cols).fill(rows);
  return {
    rows,
    cols,
    indptr,
    indices: positives.toArray(),
    missingIndptr: new Int32Array(rows + 1),
    missingIndices: new Int32Array(0),
    support,
    known,
  };
}

/** {@link SparseLabels} of checked CSR labels: each row's ids sorted (in a copy). */
function sparseLabelsOfCsr(csr: CheckedSparseLabels): SparseLabels {
  const { rows, cols, indptr } = csr;
  const indices = csr.indices.slice();
  const support = new Int32Array(cols);
  for (let r = 0; r < rows; r++) sortRun(indices, indptr[r], indptr[r + 1]);
  for (let a = 0; a < indices.length; a++) support[indices[a]]++;
  return {
    rows,
    cols,
    indptr,
    indices,
    missingIndptr: new Int32Array(rows + 1),
    missingIndices: new Int32Array(0),
    support,
    known: new Int32Array(cols).fill(rows),
  };
}

/** Whether `bits[i .. i + 8)` are all zero. */
function eightZeroWords(bits: Uint32Array, i: number): boolean {
  return (
    (bits[i] |
      bits[i + 1] |
      bits[i + 2] |
      bits[i + 3] |
      bits[i + 4] |
      bits[i + 5] |
      bits[i + 6] |
      bits[i + 7]) ===
    0
  );
}

/**
 * {@link SparseLabels} of labels already read by `toLabelMatrix` (0, 1 and
 * {@link MISSING_LABEL} cells), without reading them again.
 *
 * @internal
 */
export function sparseLabelsOf(dense: DenseMatrix<Int8Array>): SparseLabels {
  const { data, rows, cols } = dense;
  const indptr = new Int32Array(rows + 1);
  const missingIndptr = new Int32Array(rows + 1);
  const missing = new IntList(16);
  const support = new Int32Array(cols);
  const missingPerLabel = new Int32Array(cols);
  // Skip all-zero runs of eight cells through an Int32Array view (two words per run): label
  // matrices are mostly zeros, so each positive and each zero run is touched once. The view
  // starts at the first 4-byte boundary of the caller's memory (an Int32Array cannot start
  // elsewhere, and a `subarray` of a row can); the cells before it are read one by one.
  const end = data.length;
  const head = Math.min(end, (4 - (data.byteOffset & 3)) & 3);
  const words = Math.floor((end - head) / 8);
  const view =
    words > 0 ? new Int32Array(data.buffer, data.byteOffset + head, 2 * words) : new Int32Array(0);
  const positives = new IntList(rows * 2);
  let row = 0;
  let rowStart = 0;
  for (let w = 0, i = 0; i < end; ) {
    let stop: number;
    if (i < head) stop = head;
    else if (w < words) {
      const zero = (view[2 * w] | view[2 * w + 1]) === 0;
      w++;
      if (zero) {
        i += 8;
        continue;
      }
      stop = i + 8;
    } else stop = end;
    for (let t = i; t < stop; t++) {
      const v = data[t];
      if (v === 0) continue;
      while (t >= rowStart + cols) {
        rowStart += cols;
        row++;
        indptr[row] = positives.length;
        missingIndptr[row] = missing.length;
      }
      const c = t - rowStart;
      if (v === 1) {
        positives.push(c);
        support[c]++;
      } else if (v === MISSING_LABEL) {
        missing.push(c);
        missingPerLabel[c]++;
      }
    }
    i = stop;
  }
  while (row < rows) {
    row++;
    indptr[row] = positives.length;
    missingIndptr[row] = missing.length;
  }
  const known = new Int32Array(cols);
  for (let c = 0; c < cols; c++) known[c] = rows - missingPerLabel[c];
  return {
    rows,
    cols,
    indptr,
    indices: positives.toArray(),
    missingIndptr,
    missingIndices: missing.toArray(),
    support,
    known,
  };
}

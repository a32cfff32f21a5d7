import type { LabelMatrix } from '../core/matrix.js';
import { MISSING_LABEL, toLabelMatrix } from '../core/matrix.js';

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
 * Reads any label matrix input (validated by the core adapter, missing cells allowed) into
 * {@link SparseLabels}.
 *
 * @internal
 */
export function toSparseLabels(y: LabelMatrix, name: string): SparseLabels {
  const dense = toLabelMatrix(y, name, { allowMissing: true });
  const { data, rows, cols } = dense;
  const indptr = new Int32Array(rows + 1);
  const missingIndptr = new Int32Array(rows + 1);
  const positives = new IntList(rows * 4);
  const missing = new IntList(16);
  const support = new Int32Array(cols);
  const missingPerLabel = new Int32Array(cols);
  // Read the cells four at a time through an Int32Array view, skipping all-zero words: label
  // matrices are mostly zeros, so this touches each positive once and each zero word once.
  const words = data.byteOffset % 4 === 0 ? Math.floor(data.length / 4) : 0;
  const view = new Int32Array(data.buffer, data.byteOffset, words);
  let row = 0;
  let rowEnd = cols;
  const visit = (i: number, v: number): void => {
    while (i >= rowEnd) {
      row++;
      rowEnd += cols;
      indptr[row] = positives.length;
      missingIndptr[row] = missing.length;
    }
    const c = i - (rowEnd - cols);
    if (v === 1) {
      positives.push(c);
      support[c]++;
    } else if (v === MISSING_LABEL) {
      missing.push(c);
      missingPerLabel[c]++;
    }
  };
  for (let w = 0; w < words; w++) {
    if (view[w] === 0) continue;
    const i = 4 * w;
    for (let b = 0; b < 4; b++) if (data[i + b] !== 0) visit(i + b, data[i + b]);
  }
  for (let i = 4 * words; i < data.length; i++) if (data[i] !== 0) visit(i, data[i]);
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

import { type DenseMatrix, FLOAT32_ONE_BITS } from '../matrix.js';
import type { CheckedSparseLabels } from '../sparse-label-matrix.js';

/**
 * Exact row matches of 0/1 labels and predictions (subset accuracy, zero-one loss) straight
 * from labels read as an `Int8Array` (missing cells left out) or straight from the bits of flat
 * `Float32Array` inputs: a row matches when every one of its words is the same in both, so one
 * pass compares and checks the words, with no count per label.
 *
 * @internal
 * @module
 */

/**
 * For each of the `rows` rows of `cols` cells, 1 when the row of `yPred` equals the row of
 * `yTrue` and 0 otherwise, when every cell of both is exactly +0 or 1; undefined as soon as a
 * row holds any other bit pattern (-0, NaN, a missing-label marker, any other value), for the
 * caller to read the inputs the exact way (which stores missing cells and reports bad ones).
 * Every cell is checked, also after a row's first difference; no branch depends on a cell.
 *
 * @internal
 */
export function matchRowsOfFloat32(
  yTrue: Float32Array,
  yPred: Float32Array,
  rows: number,
  cols: number,
): Int8Array | undefined {
  const truth = new Uint32Array(yTrue.buffer, yTrue.byteOffset, rows * cols);
  const pred = new Uint32Array(yPred.buffer, yPred.byteOffset, rows * cols);
  const matches = new Int8Array(rows);
  let bad = 0;
  for (let r = 0, i = 0; r < rows; r++) {
    let diff = 0;
    for (const end = i + cols; i < end; i++) {
      const u = truth[i];
      const v = pred[i];
      // A word is +0 or 1 when it equals its exponent's low bit times the bits of 1.
      bad |=
        (u ^ (((u >>> 23) & 1) * FLOAT32_ONE_BITS)) | (v ^ (((v >>> 23) & 1) * FLOAT32_ONE_BITS));
      diff |= u ^ v;
    }
    if (bad !== 0) return undefined;
    matches[r] = +(diff === 0);
  }
  return matches;
}

/**
 * For each row of `yTrue` (which may hold missing cells, `MISSING_LABEL`) and `yPred` (0/1, the
 * same shape): 1 when every known cell of the row is predicted right, 0 when one is not, and -1
 * when the row has no known cell.
 *
 * @internal
 */
export function matchRows(yTrue: DenseMatrix<Int8Array>, yPred: DenseMatrix<Int8Array>): Int8Array {
  const { rows, cols } = yTrue;
  const truth = yTrue.data;
  const pred = yPred.data;
  const matches = new Int8Array(rows);
  for (let r = 0, i = 0; r < rows; r++) {
    let known = 0;
    let diff = 0;
    for (const end = i + cols; i < end; i++) {
      const t = truth[i];
      // All ones for a known cell (0 or 1), zero for a missing one (-1).
      const mask = ~(t >> 1);
      known |= mask;
      diff |= (t ^ pred[i]) & mask;
    }
    matches[r] = known === 0 ? -1 : +(diff === 0);
  }
  return matches;
}

/**
 * {@link matchRows} of CSR labels and CSR predictions (every cell known): 1 where a row lists
 * the same label ids in both (in any order), else 0. Linear in the ids.
 *
 * @internal
 */
export function matchRowsOfSparse(
  yTrue: CheckedSparseLabels,
  yPred: CheckedSparseLabels,
): Int8Array {
  const { rows, cols } = yTrue;
  const matches = new Int8Array(rows);
  const marks = new Int32Array(cols);
  for (let r = 0; r < rows; r++) {
    const n = yTrue.indptr[r + 1] - yTrue.indptr[r];
    if (yPred.indptr[r + 1] - yPred.indptr[r] !== n) continue;
    for (let a = yTrue.indptr[r]; a < yTrue.indptr[r + 1]; a++) marks[yTrue.indices[a]] = r + 1;
    let same = 1;
    for (let a = yPred.indptr[r]; a < yPred.indptr[r + 1]; a++) {
      if (marks[yPred.indices[a]] !== r + 1) same = 0;
    }
    matches[r] = same;
  }
  return matches;
}

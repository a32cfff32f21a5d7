import type { DenseMatrix, FloatArray } from '../matrix.js';
import { BinaryRanks } from './positive-ranks.js';

/**
 * Per-label ranks for the ranking metrics: the label columns of a row-major matrix, each ranked
 * as its own {@link BinaryRanks} problem.
 *
 * @internal
 * @module
 */

/** Label columns copied out of the matrix per pass (16 float32 = one 64-byte cache line). */
const BLOCK = 16;
/** Rows per tile of the block copy. */
const TILE = 512;

/**
 * Ranks every label column of the matrix (or those of `from .. to`) as its own problem and
 * calls `visit(j, ranks)` for each, in column order (`ranks` is reused between calls).
 *
 * @internal
 */
export function forEachLabelRanks(
  truth: DenseMatrix<Int8Array>,
  scores: DenseMatrix<FloatArray>,
  visit: (j: number, ranks: BinaryRanks) => void,
  from = 0,
  to = truth.cols,
): void {
  const { rows, cols } = truth;
  const width = Math.min(BLOCK, to - from);
  const columnScores =
    scores.data instanceof Float32Array
      ? new Float32Array(width * rows)
      : new Float64Array(width * rows);
  const ranks = new BinaryRanks();
  const positives = new Int32Array(width);
  const negatives = new Int32Array(width);
  for (let first = from; first < to; first += width) {
    const w = Math.min(width, to - first);
    splitColumns(truth.data, scores.data, rows, cols, first, w, columnScores, positives, negatives);
    for (let c = 0; c < w; c++) {
      ranks.loadSplit(columnScores.subarray(c * rows, (c + 1) * rows), positives[c], negatives[c]);
      visit(first + c, ranks);
    }
  }
}

/**
 * Copies the scores of columns `first .. first + w` of the row-major matrices into one
 * `rows`-long run per column, split by class: the positives' scores from the start of the run,
 * the negatives' from its end (in reverse row order); missing cells are left out. Counts each
 * column's positives and negatives.
 */
function splitColumns(
  t: Int8Array,
  s: FloatArray,
  rows: number,
  cols: number,
  first: number,
  w: number,
  columnScores: FloatArray,
  positives: Int32Array,
  negatives: Int32Array,
): void {
  positives.fill(0);
  negatives.fill(0);
  // Tiles of TILE rows: the source rows of a tile stay in cache while each column of the
  // block is written as two contiguous runs.
  for (let r0 = 0; r0 < rows; r0 += TILE) {
    const r1 = Math.min(rows, r0 + TILE);
    for (let c = 0; c < w; c++) {
      const o = c * rows;
      // The next positive goes to `p`, the next negative to `n` (the run's last free slot).
      let p = o + positives[c];
      let n = o + rows - 1 - negatives[c];
      for (let i = r0 * cols + first + c, r = r0; r < r1; r++, i += cols) {
        const label = t[i];
        if (label === 1) columnScores[p++] = s[i];
        else if (label === 0) columnScores[n--] = s[i];
      }
      p -= o;
      n = o + rows - 1 - n;
      positives[c] = p;
      negatives[c] = n;
    }
  }
}

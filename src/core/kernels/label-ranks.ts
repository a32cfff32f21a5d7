import { type DenseMatrix, FLOAT32_ONE_BITS, type FloatArray } from '../matrix.js';
import { BinaryRanks } from './positive-ranks.js';

/**
 * Per-label ranks for the ranking metrics: the label columns of a row-major matrix, each ranked
 * as its own {@link BinaryRanks} problem.
 *
 * @internal
 * @module
 */

/**
 * Bytes of scores per row copied out of the matrix per pass: 32 float32 columns (16 float64).
 * A row rarely starts on a 64-byte cache line, so a block one line wide (16 float32) spans two
 * lines of each row, both read again by the next block; a block two lines wide spans three
 * (measured about 10% faster on the whole metric than one line; four lines, no faster).
 */
const BLOCK_BYTES = 128;
/**
 * Rows per tile of the block copy: 64 rows of a 32-column block (three cache lines of labels
 * and of scores per row) measured 5-10% faster than 256 on the whole per-label metric (256 was
 * a few percent faster than 512; 128 no faster than 256).
 */
const TILE = 64;

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
  rankBlocks(
    rows,
    cols,
    scores.data,
    visit,
    (block) => {
      splitColumns(truth.data, scores.data, block);
      return true;
    },
    from,
    to,
  );
}

/**
 * {@link forEachLabelRanks} straight from flat `Float32Array` labels and scores of `rows` x
 * `cols` cells, checking them in the same copy: true when every label is exactly +0 or 1 and
 * every score finite; false as soon as a block of columns holds any other label (-0, NaN, a
 * missing-label marker, any other value) or a NaN or infinite score, for the caller to read the
 * inputs the exact way (which reports bad cells and stores missing ones). The columns before
 * that block have been visited by then.
 *
 * @internal
 */
export function forEachLabelRanksOfFloat32(
  labels: Float32Array,
  scores: Float32Array,
  rows: number,
  cols: number,
  visit: (j: number, ranks: BinaryRanks) => void,
): boolean {
  const labelBits = new Uint32Array(labels.buffer, labels.byteOffset, rows * cols);
  const scoreBits = new Uint32Array(scores.buffer, scores.byteOffset, rows * cols);
  const columnBits = (block: ColumnBlock) =>
    new Uint32Array(
      block.columnScores.buffer,
      block.columnScores.byteOffset,
      block.columnScores.length,
    );
  return rankBlocks(rows, cols, scores, visit, (block) =>
    splitColumnsOfBits(labelBits, scoreBits, block, columnBits(block)),
  );
}

/**
 * The block of columns `first .. first + w` of a `rows` x `cols` matrix being copied: into
 * `columnScores`, one `rows`-long run per column, with each column's `positives` and
 * `negatives` counted (see {@link splitColumns}).
 */
interface ColumnBlock {
  readonly rows: number;
  readonly cols: number;
  first: number;
  w: number;
  readonly columnScores: FloatArray;
  readonly positives: Int32Array;
  readonly negatives: Int32Array;
}

/**
 * The loop of {@link forEachLabelRanks} over the columns `from .. to`: `split` copies each block
 * of columns (false: stop, returning false), then each column of the block is ranked and visited.
 */
function rankBlocks(
  rows: number,
  cols: number,
  like: FloatArray,
  visit: (j: number, ranks: BinaryRanks) => void,
  split: (block: ColumnBlock) => boolean,
  from = 0,
  to = cols,
): boolean {
  const width = Math.min(BLOCK_BYTES / like.BYTES_PER_ELEMENT, to - from);
  const columnScores =
    like instanceof Float32Array ? new Float32Array(width * rows) : new Float64Array(width * rows);
  const ranks = new BinaryRanks();
  const positives = new Int32Array(width);
  const negatives = new Int32Array(width);
  const block: ColumnBlock = { rows, cols, first: from, w: 0, columnScores, positives, negatives };
  for (let first = from; first < to; first += width) {
    const w = Math.min(width, to - first);
    block.first = first;
    block.w = w;
    if (!split(block)) return false;
    for (let c = 0; c < w; c++) {
      ranks.loadSplit(columnScores.subarray(c * rows, (c + 1) * rows), positives[c], negatives[c]);
      visit(first + c, ranks);
    }
  }
  return true;
}

/**
 * Copies the scores of columns `first .. first + w` of the row-major matrices into one
 * `rows`-long run per column, split by class: the positives' scores from the start of the run,
 * the negatives' from its end (in reverse row order); missing cells are left out. Counts each
 * column's positives and negatives.
 */
function splitColumns(t: Int8Array, s: FloatArray, block: ColumnBlock): void {
  const { rows, cols, first, w, columnScores, positives, negatives } = block;
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

/**
 * {@link splitColumns} of float32 labels and scores read as bits (the scores copied as bits):
 * a label word is +0 or 1 when it equals its exponent's low bit times the bits of 1, a score
 * is finite when its exponent is not all ones. False when a cell of the block is neither.
 */
function splitColumnsOfBits(
  t: Uint32Array,
  s: Uint32Array,
  block: ColumnBlock,
  columnScores: Uint32Array,
): boolean {
  const { rows, cols, first, w, positives, negatives } = block;
  positives.fill(0);
  negatives.fill(0);
  let bad = 0;
  // A score's exponent plus 1 carries into bit 8 only when the exponent is all ones.
  let carry = 0;
  for (let r0 = 0; r0 < rows; r0 += TILE) {
    const r1 = Math.min(rows, r0 + TILE);
    for (let c = 0; c < w; c++) {
      const o = c * rows;
      let p = o + positives[c];
      let n = o + rows - 1 - negatives[c];
      for (let i = r0 * cols + first + c, r = r0; r < r1; r++, i += cols) {
        const u = t[i];
        const v = s[i];
        const label = (u >>> 23) & 1;
        bad |= u ^ (label * FLOAT32_ONE_BITS);
        carry |= ((v >>> 23) & 0xff) + 1;
        columnScores[p] = v;
        columnScores[n] = v;
        p += label;
        n -= label ^ 1;
      }
      p -= o;
      n = o + rows - 1 - n;
      positives[c] = p;
      negatives[c] = n;
    }
    if (bad !== 0 || (carry & 0x100) !== 0) return false;
  }
  return true;
}

import { type DenseMatrix, FLOAT32_ONE_BITS, type FloatArray } from '../matrix.js';
import type { CheckedSparseLabels } from '../sparse-label-matrix.js';
import { ldexp } from '../weights.js';

/**
 * The counting kernel behind every count-based metric, {@link MultilabelMetrics} and the
 * threshold optimizers: true/false positives and negatives per label (weighted by the sample
 * weights) and, on request, per row (plain cell counts of that row).
 *
 * Layout: four counts per label (or row), stored consecutively in scikit-learn's
 * multilabel-confusion-matrix order `[tn, fp, fn, tp]`, i.e. the count of cells with truth `t`
 * and prediction `p` of label `j` is at `4 * j + 2 * t + p`. Use the {@link TN}, {@link FP},
 * {@link FN} and {@link TP} offsets to read them. Missing label cells (`MISSING_LABEL`, -1) are
 * skipped: they add to no count. Accumulation is float64 throughout.
 *
 * @internal
 * @module
 */

/** Offset of the true-negative count in a block of four. @internal */
export const TN = 0;
/** Offset of the false-positive count in a block of four. @internal */
export const FP = 1;
/** Offset of the false-negative count in a block of four. @internal */
export const FN = 2;
/** Offset of the true-positive count in a block of four. @internal */
export const TP = 3;

/** What {@link countConfusion} returns. @internal */
export interface ConfusionCounts {
  /** Number of labels (columns). */
  readonly labels: number;
  /** Number of rows counted. */
  readonly rows: number;
  /** `[tn, fp, fn, tp]` per label, each cell counted with its row's weight (1 without weights). */
  readonly perLabel: Float64Array;
  /**
   * `[tn, fp, fn, tp]` per row, unweighted (the row's weight applies to the row as a whole),
   * when `perRow` was asked for. A row whose cells are all missing has four zeros.
   */
  readonly perRow: Int32Array | undefined;
}

/** Options of {@link countConfusion}. @internal */
export interface CountConfusionOptions {
  /** One non-negative weight per row (validated by the caller). */
  readonly sampleWeight?: Float64Array | undefined;
  /** Also count per row (needed by `average: 'samples'`, subset accuracy, samplewise matrices). */
  readonly perRow?: boolean;
}

/**
 * Counts `[tn, fp, fn, tp]` per label (and per row when asked) of 0/1 predictions against
 * labels that may contain missing cells. `yTrue` and `yPred` must have the same shape.
 *
 * @internal
 */
export function countConfusion(
  yTrue: DenseMatrix<Int8Array>,
  yPred: DenseMatrix<Int8Array>,
  options: CountConfusionOptions = {},
): ConfusionCounts {
  const { rows, cols } = yTrue;
  const counts = emptyCounts(rows, cols, options.perRow === true);
  const { sampleWeight } = options;
  for (let r = 0; r < rows; r++) {
    const w = sampleWeight === undefined ? 1 : sampleWeight[r];
    addRow(counts, r, yTrue.data, r * cols, yPred.data, r * cols, cols, w);
  }
  return counts;
}

/**
 * {@link countConfusion} of CSR labels and CSR predictions (every cell known), in time linear
 * in their ids: per row, the ids of both are marked, each predicted id is a true or false
 * positive of its label and each unmatched true id a false negative; a label's true negatives
 * are the weight of all rows less its other three counts. Without weights, or with integer
 * weights, the counts equal {@link countConfusion}'s exactly; with fractional weights the true
 * negatives may differ in the last bits (a difference of sums instead of a sum).
 *
 * @internal
 */
export function countConfusionOfSparse(
  yTrue: CheckedSparseLabels,
  yPred: CheckedSparseLabels,
  options: CountConfusionOptions = {},
): ConfusionCounts {
  const { rows, cols } = yTrue;
  const counts = emptyCounts(rows, cols, options.perRow === true);
  const { perLabel, perRow } = counts;
  const { sampleWeight } = options;
  // The row number + 1 of the last row that listed each label as true.
  const marks = new Int32Array(cols);
  let total = 0;
  for (let r = 0; r < rows; r++) {
    const w = sampleWeight === undefined ? 1 : sampleWeight[r];
    total += w;
    for (let a = yTrue.indptr[r]; a < yTrue.indptr[r + 1]; a++) marks[yTrue.indices[a]] = r + 1;
    let tp = 0;
    let fp = 0;
    for (let a = yPred.indptr[r]; a < yPred.indptr[r + 1]; a++) {
      const l = yPred.indices[a];
      if (marks[l] === r + 1) {
        perLabel[4 * l + TP] += w;
        // Matched: the true id is no false negative.
        marks[l] = -(r + 1);
        tp++;
      } else {
        perLabel[4 * l + FP] += w;
        fp++;
      }
    }
    let fn = 0;
    for (let a = yTrue.indptr[r]; a < yTrue.indptr[r + 1]; a++) {
      const l = yTrue.indices[a];
      if (marks[l] === r + 1) {
        perLabel[4 * l + FN] += w;
        fn++;
      }
    }
    if (perRow !== undefined) {
      const o = 4 * r;
      perRow[o + TP] = tp;
      perRow[o + FP] = fp;
      perRow[o + FN] = fn;
      perRow[o + TN] = cols - tp - fp - fn;
    }
  }
  for (let l = 0; l < cols; l++) {
    const o = 4 * l;
    perLabel[o + TN] = total - perLabel[o + FP] - perLabel[o + FN] - perLabel[o + TP];
  }
  return counts;
}

/**
 * {@link countConfusion} straight from flat `Float32Array` labels and predictions of `rows` x
 * `cols` cells, read as bits and checked in the same pass: returns the same counts when every
 * cell of both is exactly +0 or 1, and undefined as soon as a row holds any other bit pattern
 * (-0, NaN, a missing-label marker, any other value), for the caller to read the inputs the
 * exact way (which stores missing cells and reports bad ones).
 *
 * Every cell adds its row's weight (1 without weights) to its label's count in row order, as
 * {@link countConfusion} adds them, so the counts are the same floats; the counts per row add
 * up in integers. No branch depends on a cell's value, so dense labels cost what sparse ones
 * do.
 *
 * @internal
 */
export function countConfusionOfFloat32(
  yTrue: Float32Array,
  yPred: Float32Array,
  rows: number,
  cols: number,
  options: CountConfusionOptions = {},
): ConfusionCounts | undefined {
  const truth = new Uint32Array(yTrue.buffer, yTrue.byteOffset, rows * cols);
  const pred = new Uint32Array(yPred.buffer, yPred.byteOffset, rows * cols);
  const counts = emptyCounts(rows, cols, options.perRow === true);
  const ok =
    counts.perRow === undefined
      ? countLabelBits(truth, pred, cols, counts.perLabel, options.sampleWeight)
      : countLabelAndRowBits(
          truth,
          pred,
          cols,
          counts.perLabel,
          counts.perRow,
          options.sampleWeight,
        );
  return ok ? counts : undefined;
}

/**
 * The per-label counts of {@link countConfusionOfFloat32}; false at the end of the first row
 * with a word other than +0 or 1.
 */
function countLabelBits(
  truth: Uint32Array,
  pred: Uint32Array,
  cols: number,
  perLabel: Float64Array,
  sampleWeight: Float64Array | undefined,
): boolean {
  let bad = 0;
  for (let r = 0, i = 0; i < truth.length; r++) {
    const w = sampleWeight === undefined ? 1 : sampleWeight[r];
    for (let j = 0; j < cols; j++, i++) {
      const u = truth[i];
      const v = pred[i];
      const t = (u >>> 23) & 1;
      const p = (v >>> 23) & 1;
      bad |= (u ^ (t * FLOAT32_ONE_BITS)) | (v ^ (p * FLOAT32_ONE_BITS));
      perLabel[(j << 2) | (t << 1) | p] += w;
    }
    if (bad !== 0) return false;
  }
  return true;
}

/**
 * {@link countLabelBits} with the counts per row too, summed in integers beside the inner
 * loop's cell index (a loop of its own: the row sums slow the per-label loop by half).
 */
function countLabelAndRowBits(
  truth: Uint32Array,
  pred: Uint32Array,
  cols: number,
  perLabel: Float64Array,
  perRow: Int32Array,
  sampleWeight: Float64Array | undefined,
): boolean {
  let bad = 0;
  for (let r = 0, i = 0; i < truth.length; r++) {
    const w = sampleWeight === undefined ? 1 : sampleWeight[r];
    let rowTrue = 0;
    let rowPredicted = 0;
    let rowTp = 0;
    for (let j = 0; j < cols; j++, i++) {
      const u = truth[i];
      const v = pred[i];
      const t = (u >>> 23) & 1;
      const p = (v >>> 23) & 1;
      bad |= (u ^ (t * FLOAT32_ONE_BITS)) | (v ^ (p * FLOAT32_ONE_BITS));
      perLabel[(j << 2) | (t << 1) | p] += w;
      rowTrue += t;
      rowPredicted += p;
      rowTp += t & p;
    }
    if (bad !== 0) return false;
    setRowCounts(perRow, r, cols, rowPredicted - rowTp, rowTrue - rowTp, rowTp);
  }
  return true;
}

/** Stores the counts of row `r` of `cols` cells, its true negatives being the cells left over. */
function setRowCounts(
  perRow: Int32Array,
  r: number,
  cols: number,
  fp: number,
  fn: number,
  tp: number,
): void {
  const o = r << 2;
  perRow[o + TN] = cols - fp - fn - tp;
  perRow[o + FP] = fp;
  perRow[o + FN] = fn;
  perRow[o + TP] = tp;
}

/**
 * Like {@link countConfusion}, with predictions made on the fly from scores: label `j` of a
 * row is predicted when its score is `>= thresholds[j]`.
 *
 * @internal
 */
export function countConfusionAtThresholds(
  yTrue: DenseMatrix<Int8Array>,
  yScore: DenseMatrix<FloatArray>,
  thresholds: Float64Array,
  options: CountConfusionOptions = {},
): ConfusionCounts {
  const { rows, cols } = yTrue;
  const counts = emptyCounts(rows, cols, options.perRow === true);
  const { sampleWeight } = options;
  const scores = yScore.data;
  const predicted = new Int8Array(cols); // the predictions of one row
  for (let r = 0; r < rows; r++) {
    const base = r * cols;
    for (let j = 0; j < cols; j++) predicted[j] = scores[base + j] >= thresholds[j] ? 1 : 0;
    const w = sampleWeight === undefined ? 1 : sampleWeight[r];
    addRow(counts, r, yTrue.data, base, predicted, 0, cols, w);
  }
  return counts;
}

/**
 * Adds the counts of `source`, times `2^shift`, into `target` (same number of labels), for
 * streaming and merging (the shift brings weighted counts kept in another unit into this one).
 *
 * @internal
 */
export function addLabelCounts(target: Float64Array, source: Float64Array, shift = 0): void {
  if (shift === 0) {
    for (let i = 0; i < target.length; i++) target[i] += source[i];
  } else {
    for (let i = 0; i < target.length; i++) target[i] += ldexp(source[i], shift);
  }
}

/** Zero counts for `cols` labels (and `rows` rows with `perRow`). @internal */
export function emptyCounts(rows: number, cols: number, perRow: boolean): ConfusionCounts {
  return {
    labels: cols,
    rows,
    perLabel: new Float64Array(4 * cols),
    perRow: perRow ? new Int32Array(4 * rows) : undefined,
  };
}

/** Counts the `cols` cells of row `row`: truths from `truth[truthBase]`, predictions from `pred[predBase]`. */
function addRow(
  counts: ConfusionCounts,
  row: number,
  truth: Int8Array,
  truthBase: number,
  pred: Int8Array,
  predBase: number,
  cols: number,
  w: number,
): void {
  const { perLabel, perRow } = counts;
  if (perRow === undefined) {
    for (let j = 0; j < cols; j++) {
      const t = truth[truthBase + j];
      if (t >= 0) perLabel[(j << 2) | (t << 1) | pred[predBase + j]] += w;
    }
    return;
  }
  const o = row << 2;
  for (let j = 0; j < cols; j++) {
    const t = truth[truthBase + j];
    if (t < 0) continue;
    const cell = (t << 1) | pred[predBase + j];
    perLabel[(j << 2) | cell] += w;
    perRow[o + cell]++;
  }
}

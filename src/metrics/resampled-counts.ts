import { type ConfusionCounts, FN, FP, TN, TP } from '../core/kernels/confusion-counts.js';
import type { DenseMatrix, LabelMatrix } from '../core/matrix.js';
import type { CheckedSparseLabels, SparseLabelMatrix } from '../core/sparse-label-matrix.js';
import type { ScaledWeights } from '../core/weights.js';
import { CountedInputs, readLabelPair } from './inputs.js';

/**
 * The confusion cells of each row, read once, so that a count metric can be evaluated on any
 * reweighting of the rows (a bootstrap resample, a jackknife deletion) in time linear in the
 * rows and the cells that are not true negatives, without reading the labels again.
 *
 * Each listed cell is a code `4 * label + kind` in the {@link ConfusionCounts} layout, where the
 * true-negative slot marks a missing cell instead: true negatives are not listed, they are what
 * is left of each label's rows once its missing, fp, fn and tp cells are taken away.
 *
 * @internal
 */
export class ResampledCounts {
  /** The codes of each row's cells, row `r`'s from `cellStart[r]` to `cellStart[r + 1]`. */
  private readonly cellStart: Int32Array;
  private readonly cells: Int32Array;
  /** Per row `[tn, fp, fn, tp]`, unweighted, as `average: 'samples'` reads them. */
  private readonly perRow: Int32Array;
  /** The sums of every row, weighed as given: where {@link ResampledCounts.without} starts. */
  private readonly full: RowSums;

  private constructor(
    readonly rows: number,
    readonly labels: number,
    cellStart: Int32Array,
    cells: Int32Array,
    private readonly weights: ScaledWeights | undefined,
  ) {
    this.cellStart = cellStart;
    this.cells = cells;
    this.perRow = rowCounts(rows, labels, cellStart, cells);
    this.full = this.emptySums();
    for (let r = 0; r < rows; r++) this.add(this.full, r, 1);
  }

  /**
   * Reads labels and predictions as the count metrics do (`ignoreIndex`, `sampleWeight` from
   * `options`), listing each row's cells.
   */
  static read(
    yTrue: LabelMatrix | SparseLabelMatrix,
    yPred: LabelMatrix | SparseLabelMatrix,
    options: { readonly ignoreIndex?: unknown; readonly sampleWeight?: unknown },
  ): ResampledCounts {
    const { value, weights } = readLabelPair(
      yTrue,
      yPred,
      options,
      () => undefined,
      (truth, pred) => listDenseCells(truth, pred),
      (truth, pred) => listSparseCells(truth, pred),
    );
    const rows = value.cellStart.length - 1;
    return new ResampledCounts(rows, value.labels, value.cellStart, value.cells, weights);
  }

  /**
   * The inputs of a count metric whose row `r` counts `multiplicity[r]` times (times its
   * sample weight): one bootstrap resample.
   */
  resampled(multiplicity: Float64Array): CountedInputs {
    const sums = this.emptySums();
    for (let r = 0; r < this.rows; r++) {
      if (multiplicity[r] !== 0) this.add(sums, r, multiplicity[r]);
    }
    const unit = this.weights?.weights;
    return this.inputsOf(sums, () =>
      unit === undefined ? multiplicity.slice() : multiplicity.map((m, r) => m * unit[r]),
    );
  }

  /** The inputs of a count metric without the rows `left` (one jackknife deletion). */
  without(left: ArrayLike<number>): CountedInputs {
    const { full } = this;
    const sums: RowSums = {
      cells: full.cells.slice(),
      drawn: full.drawn?.slice(),
      weight: full.weight,
      drawnRows: full.drawnRows,
    };
    for (let i = 0; i < left.length; i++) this.add(sums, left[i], -1);
    const unit = this.weights?.weights;
    return this.inputsOf(sums, () => {
      const rowWeights = unit === undefined ? new Float64Array(this.rows).fill(1) : unit.slice();
      for (let i = 0; i < left.length; i++) rowWeights[left[i]] = 0;
      return rowWeights;
    });
  }

  private emptySums(): RowSums {
    const size = 4 * this.labels;
    return {
      cells: new Float64Array(size),
      drawn: this.weights === undefined ? undefined : new Float64Array(size),
      weight: 0,
      drawnRows: 0,
    };
  }

  /** Adds row `r`, `times` times (-1 takes it away), to `sums`. */
  private add(sums: RowSums, r: number, times: number): void {
    const { cellStart, cells } = this;
    const unit = this.weights?.weights;
    const w = unit === undefined ? times : times * unit[r];
    if (w === 0) return;
    sums.weight += w;
    sums.drawnRows += times;
    const end = cellStart[r + 1];
    for (let k = cellStart[r]; k < end; k++) sums.cells[cells[k]] += w;
    const drawn = sums.drawn;
    if (drawn !== undefined) for (let k = cellStart[r]; k < end; k++) drawn[cells[k]] += times;
  }

  /** Finishes raw sums into counts: each label's tn is its rows' weight less its other cells. */
  private inputsOf(sums: RowSums, rowWeights: () => Float64Array): CountedInputs {
    const { cells, drawn } = sums;
    for (let o = 0; o < cells.length; o += 4) {
      // A label's tn weight is a difference of float sums; the whole counts of the rows behind
      // it (when weighted) say exactly when no row is left there, so that 0 stays 0.
      const noRowLeft =
        drawn !== undefined &&
        sums.drawnRows - drawn[o + TN] - drawn[o + FP] - drawn[o + FN] - drawn[o + TP] === 0;
      const rest = sums.weight - cells[o + TN] - cells[o + FP] - cells[o + FN] - cells[o + TP];
      cells[o + TN] = noRowLeft ? 0 : Math.max(0, rest);
    }
    const counts: ConfusionCounts = {
      labels: this.labels,
      rows: this.rows,
      perLabel: cells,
      perRow: this.perRow,
    };
    // Each row's weight, made when asked: only \`average: 'samples'\` reads it.
    let made: Float64Array | undefined;
    const weights = {
      get weights() {
        made ??= rowWeights();
        return made;
      },
      exponent: this.weights?.exponent ?? 0,
    };
    return new CountedInputs({ counts, weights, truth: () => unreadTruth() });
  }
}

/**
 * Raw per-label sums of some rows: `cells` in the {@link ConfusionCounts} layout with the
 * missing weight in the tn slot; with weights, `drawn` the same of whole row counts (rows of
 * positive weight only), which say exactly when a sum is empty.
 */
interface RowSums {
  readonly cells: Float64Array;
  readonly drawn: Float64Array | undefined;
  weight: number;
  drawnRows: number;
}

/** Each row's listed cells, as {@link ResampledCounts} holds them. */
interface ListedCells {
  readonly labels: number;
  readonly cellStart: Int32Array;
  readonly cells: Int32Array;
}

function unreadTruth(): never {
  throw new Error('The labels of resampled counts are not kept; only count metrics take them.');
}

/** Lists the cells of dense labels (missing cells negative) and predictions. */
function listDenseCells(truth: DenseMatrix<Int8Array>, pred: DenseMatrix<Int8Array>): ListedCells {
  const { rows, cols } = truth;
  const t = truth.data;
  const p = pred.data;
  let listed = 0;
  for (let i = 0; i < t.length; i++) if (t[i] !== 0 || p[i] !== 0) listed++;
  const cellStart = new Int32Array(rows + 1);
  const cells = new Int32Array(listed);
  let n = 0;
  for (let r = 0, i = 0; r < rows; r++) {
    for (let j = 0; j < cols; j++, i++) {
      const ti = t[i];
      if (ti < 0) cells[n++] = (j << 2) + TN;
      else if (ti !== 0 || p[i] !== 0) cells[n++] = (j << 2) + 2 * ti + p[i];
    }
    cellStart[r + 1] = n;
  }
  return { labels: cols, cellStart, cells };
}

/** Lists the cells of CSR labels and predictions (no missing cells). */
function listSparseCells(truth: CheckedSparseLabels, pred: CheckedSparseLabels): ListedCells {
  const { rows, cols } = truth;
  const kind = new Int8Array(cols);
  const cells = new Int32Array(truth.indices.length + pred.indices.length);
  const cellStart = new Int32Array(rows + 1);
  let n = 0;
  for (let r = 0; r < rows; r++) {
    for (let k = truth.indptr[r]; k < truth.indptr[r + 1]; k++) kind[truth.indices[k]] = FN;
    for (let k = pred.indptr[r]; k < pred.indptr[r + 1]; k++) {
      const j = pred.indices[k];
      kind[j] = kind[j] === FN ? TP : FP;
    }
    for (let k = truth.indptr[r]; k < truth.indptr[r + 1]; k++) {
      const j = truth.indices[k];
      cells[n++] = (j << 2) + kind[j];
      kind[j] = 0;
    }
    for (let k = pred.indptr[r]; k < pred.indptr[r + 1]; k++) {
      const j = pred.indices[k];
      if (kind[j] === FP) cells[n++] = (j << 2) + FP;
      kind[j] = 0;
    }
    cellStart[r + 1] = n;
  }
  return { labels: cols, cellStart, cells: cells.subarray(0, n) };
}

/** Each row's `[tn, fp, fn, tp]` from its listed cells. */
function rowCounts(
  rows: number,
  labels: number,
  cellStart: Int32Array,
  cells: Int32Array,
): Int32Array {
  const perRow = new Int32Array(4 * rows);
  for (let r = 0; r < rows; r++) {
    const o = r << 2;
    let missing = 0;
    for (let k = cellStart[r]; k < cellStart[r + 1]; k++) {
      const slot = cells[k] & 3;
      if (slot === TN) missing++;
      else perRow[o + slot]++;
    }
    perRow[o + TN] = labels - missing - perRow[o + FP] - perRow[o + FN] - perRow[o + TP];
  }
  return perRow;
}

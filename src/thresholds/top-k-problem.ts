import { MultilabelError } from '../core/errors.js';
import type { DenseMatrix, FloatArray, LabelMatrix } from '../core/matrix.js';
import type { CheckedSparseLabels, SparseLabelMatrix } from '../core/sparse-label-matrix.js';
import {
  type CheckedTopK,
  readTopKPredictionsFor,
  type TopKPredictions,
} from '../core/top-k-predictions.js';
import { type ProblemOptions, readFitWeights, readProblemLabels } from './inputs.js';

/**
 * A threshold-fitting problem whose scores are each row's top-k predictions: the listed cells
 * with a known label, grouped by label, and the totals of every known cell, listed or not. A
 * cell a row does not list is scored below every threshold considered, so no threshold predicts
 * it: an unlisted positive is a false negative and an unlisted negative a true negative of
 * every cut.
 *
 * @internal
 * @module
 */

/** A top-k fitting problem. @internal */
export interface TopKProblem {
  readonly rows: number;
  readonly cols: number;
  /** The listed cells with a known label, row after row: row r's are at `rowStart[r]` .. `rowStart[r + 1]`. */
  readonly rowStart: Int32Array;
  /** Each listed known cell's score, 0/1 label and label id. */
  readonly score: FloatArray;
  readonly label: Int8Array;
  readonly labelId: Int32Array;
  /** Weighted known positives and negatives per label, listed or not. */
  readonly positives: Float64Array;
  readonly negatives: Float64Array;
  /** Known cells and known positive cells per label (unweighted). */
  readonly knownCells: Int32Array;
  readonly positiveCells: Int32Array;
  /** Known positive and negative cells per row (unweighted). */
  readonly rowPositives: Int32Array;
  readonly rowNegatives: Int32Array;
  /** One weight per row, or undefined for 1. */
  readonly sampleWeight: Float64Array | undefined;
}

/** The listed known cells grouped by label (what the per-label searches sweep). @internal */
export interface LabelGroups {
  /** Label j's cells are at `start[j]` .. `start[j + 1]`. */
  readonly start: Int32Array;
  readonly score: FloatArray;
  readonly label: Uint8Array;
  readonly row: Int32Array;
}

/**
 * Reads `yTrue` (dense 0/1 with `ignoreIndex` markers, or a {@link SparseLabelMatrix}), `yScore`
 * (top-k predictions of the same `[rows, labels]` shape) and `sampleWeight` (as the dense
 * problem reads it). When every listed cell is known, the predictions' own arrays are used.
 *
 * @internal
 */
export function readTopKProblem(
  yTrue: LabelMatrix | SparseLabelMatrix,
  yScore: TopKPredictions,
  options: ProblemOptions,
): TopKProblem {
  const labels = readProblemLabels(yTrue, options);
  const { rows, cols } = labels;
  const top = readTopKPredictionsFor(yScore, labels);
  const sparse = 'indptr' in labels;
  const sampleWeight = readFitWeights(options, rows, cols, sparse ? undefined : labels);
  const totals = sparse ? sparseTotals(labels, sampleWeight) : denseTotals(labels, sampleWeight);
  const cells = sparse ? listedOfSparse(labels, top) : listedOfDense(labels, top);
  if (cells.score.length === 0) throw noListedKnownCell(totals.knownCells);
  return { rows, cols, ...cells, ...totals, sampleWeight };
}

type Listed = Pick<TopKProblem, 'rowStart' | 'score' | 'label' | 'labelId'>;

/** The listed cells of dense labels, the missing ones left out. */
function listedOfDense(truth: DenseMatrix<Int8Array>, top: CheckedTopK): Listed {
  const { rows, cols, data } = truth;
  const { k, indices, scores } = top;
  const rowStart = new Int32Array(rows + 1);
  const label = new Int8Array(rows * k);
  let missing = false;
  for (let r = 0, i = 0; r < rows; r++) {
    for (let e = 0; e < k; e++, i++) {
      label[i] = data[r * cols + indices[i]];
      missing ||= label[i] < 0;
    }
    rowStart[r + 1] = i;
  }
  if (!missing) return { rowStart, score: scores, label, labelId: indices };
  // Compacted in place: a cell's new place is never after its old one.
  const score =
    scores instanceof Float32Array ? new Float32Array(rows * k) : new Float64Array(rows * k);
  const labelId = new Int32Array(rows * k);
  let n = 0;
  for (let r = 0, i = 0; r < rows; r++) {
    for (let e = 0; e < k; e++, i++) {
      if (label[i] < 0) continue;
      label[n] = label[i];
      score[n] = scores[i];
      labelId[n++] = indices[i];
    }
    rowStart[r + 1] = n;
  }
  return {
    rowStart,
    score: score.subarray(0, n),
    label: label.subarray(0, n),
    labelId: labelId.subarray(0, n),
  };
}

/** The listed cells of CSR labels (every cell known): the predictions' own arrays. */
function listedOfSparse(truth: CheckedSparseLabels, top: CheckedTopK): Listed {
  const { rows, cols, indptr, indices } = truth;
  const { k } = top;
  const rowStart = new Int32Array(rows + 1);
  const label = new Int8Array(rows * k);
  // The row number + 1 of the last row that listed each label as true.
  const marks = new Int32Array(cols);
  for (let r = 0, i = 0; r < rows; r++) {
    for (let a = indptr[r]; a < indptr[r + 1]; a++) marks[indices[a]] = r + 1;
    for (let e = 0; e < k; e++, i++) label[i] = +(marks[top.indices[i]] === r + 1);
    rowStart[r + 1] = i;
  }
  return { rowStart, score: top.scores, label, labelId: top.indices };
}

/** The listed known cells of `problem` grouped by label (each label's in row order). @internal */
export function groupByLabel(problem: TopKProblem): LabelGroups {
  const { rows, cols, rowStart, labelId } = problem;
  const n = labelId.length;
  const start = new Int32Array(cols + 1);
  for (let c = 0; c < n; c++) start[labelId[c] + 1]++;
  for (let j = 0; j < cols; j++) start[j + 1] += start[j];
  const score = problem.score instanceof Float32Array ? new Float32Array(n) : new Float64Array(n);
  const label = new Uint8Array(n);
  const row = new Int32Array(n);
  const next = start.slice(0, cols);
  for (let r = 0; r < rows; r++) {
    for (let c = rowStart[r]; c < rowStart[r + 1]; c++) {
      const a = next[labelId[c]]++;
      score[a] = problem.score[c];
      label[a] = problem.label[c];
      row[a] = r;
    }
  }
  return { start, score, label, row };
}

type Totals = Pick<
  TopKProblem,
  'positives' | 'negatives' | 'knownCells' | 'positiveCells' | 'rowPositives' | 'rowNegatives'
>;

function emptyTotals(rows: number, cols: number): Totals {
  return {
    positives: new Float64Array(cols),
    negatives: new Float64Array(cols),
    knownCells: new Int32Array(cols),
    positiveCells: new Int32Array(cols),
    rowPositives: new Int32Array(rows),
    rowNegatives: new Int32Array(rows),
  };
}

/** The totals of dense labels, missing cells left out. */
function denseTotals(
  truth: DenseMatrix<Int8Array>,
  sampleWeight: Float64Array | undefined,
): Totals {
  const { rows, cols, data } = truth;
  const totals = emptyTotals(rows, cols);
  const { positives, negatives, knownCells, positiveCells, rowPositives, rowNegatives } = totals;
  for (let r = 0, i = 0; r < rows; r++) {
    const w = sampleWeight === undefined ? 1 : sampleWeight[r];
    for (let j = 0; j < cols; j++, i++) {
      const t = data[i];
      if (t < 0) continue;
      knownCells[j]++;
      if (t === 1) {
        positives[j] += w;
        positiveCells[j]++;
        rowPositives[r]++;
      } else {
        negatives[j] += w;
        rowNegatives[r]++;
      }
    }
  }
  return totals;
}

/**
 * The totals of CSR labels (every cell known), in time linear in the ids: a label's negatives
 * are the weight of all rows less its positives (with fractional weights the last bits may
 * differ from a sum over the negatives).
 */
function sparseTotals(truth: CheckedSparseLabels, sampleWeight: Float64Array | undefined): Totals {
  const { rows, cols, indptr, indices } = truth;
  const totals = emptyTotals(rows, cols);
  const { positives, negatives, knownCells, positiveCells, rowPositives, rowNegatives } = totals;
  let all = 0;
  for (let r = 0; r < rows; r++) {
    const w = sampleWeight === undefined ? 1 : sampleWeight[r];
    all += w;
    for (let a = indptr[r]; a < indptr[r + 1]; a++) {
      positives[indices[a]] += w;
      positiveCells[indices[a]]++;
    }
    rowPositives[r] = indptr[r + 1] - indptr[r];
    rowNegatives[r] = cols - rowPositives[r];
  }
  for (let j = 0; j < cols; j++) {
    negatives[j] = Math.max(0, all - positives[j]);
    knownCells[j] = rows;
  }
  return totals;
}

function noListedKnownCell(knownCells: Int32Array): MultilabelError {
  return new MultilabelError(
    'EMPTY_INPUT',
    knownCells.some((n) => n > 0)
      ? 'No label that `yScore` lists is known in `yTrue` (each listed cell is missing there); there is no threshold to learn. List known labels, or mark fewer labels missing.'
      : '`yTrue` has no known label cell (every cell is missing); there is no threshold to learn.',
  );
}

import { MultilabelError } from '../core/errors.js';
import { toLabelMatrix } from '../core/label-matrix.js';
import type { DenseMatrix, FloatArray, LabelMatrix } from '../core/matrix.js';
import { readIgnoreIndex } from '../core/readers.js';
import {
  type CheckedSparseLabels,
  isSparseLabelMatrix,
  readSparseLabelMatrix,
  type SparseLabelMatrix,
} from '../core/sparse-label-matrix.js';
import {
  type CheckedTopK,
  readTopKPredictions,
  type TopKPredictions,
} from '../core/top-k-predictions.js';
import { assertSameShape } from '../core/validate.js';
import { readFitWeights } from './inputs.js';

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
  /** The listed known cells of label j are at `start[j]` .. `start[j + 1]`. */
  readonly start: Int32Array;
  /** Each listed known cell's score, 0/1 label and row. */
  readonly score: FloatArray;
  readonly label: Uint8Array;
  readonly row: Int32Array;
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

/**
 * Reads `yTrue` (dense 0/1 with `ignoreIndex` markers, or a {@link SparseLabelMatrix}), `yScore`
 * (top-k predictions of the same `[rows, labels]` shape) and `sampleWeight` (as the dense
 * problem reads it).
 *
 * @internal
 */
export function readTopKProblem(
  yTrue: LabelMatrix | SparseLabelMatrix,
  yScore: TopKPredictions,
  options: { sampleWeight?: unknown; ignoreIndex?: unknown; metric?: unknown },
): TopKProblem {
  const ignoreIndex = readIgnoreIndex(options.ignoreIndex);
  const sparse = isSparseLabelMatrix(yTrue) ? readSparseLabelMatrix(yTrue, 'yTrue') : undefined;
  const dense =
    sparse === undefined
      ? toLabelMatrix(yTrue as LabelMatrix, 'yTrue', { ignoreIndex })
      : undefined;
  const { rows, cols } = (sparse ?? dense) as { rows: number; cols: number };
  const top = readTopKPredictions(yScore, 'yScore');
  assertSameShape(
    { data: [], rows, cols },
    'yTrue',
    { data: [], rows: top.rows, cols: top.cols },
    'yScore.shape',
  );
  const sampleWeight = readFitWeights(options, rows, cols, dense);
  const totals =
    dense !== undefined
      ? denseTotals(dense, sampleWeight)
      : sparseTotals(sparse as CheckedSparseLabels, sampleWeight);
  // 1 at the true labels of the row being read (CSR labels only), cleared after the row.
  const marks = new Uint8Array(sparse === undefined ? 0 : cols);
  const labelOf = (r: number, l: number): number => {
    if (dense !== undefined) return dense.data[r * cols + l];
    return marks[l];
  };
  const forEachListed = (visit: (r: number, l: number, i: number, truth: number) => void): void => {
    for (let r = 0, i = 0; r < rows; r++) {
      if (sparse !== undefined) markRow(sparse, r, marks, 1);
      for (let e = 0; e < top.k; e++, i++) {
        const l = top.indices[i];
        const truth = labelOf(r, l);
        if (truth >= 0) visit(r, l, i, truth);
      }
      if (sparse !== undefined) markRow(sparse, r, marks, 0);
    }
  };
  const start = new Int32Array(cols + 1);
  forEachListed((_r, l) => start[l + 1]++);
  for (let j = 0; j < cols; j++) start[j + 1] += start[j];
  const n = start[cols];
  if (n === 0) throw noListedKnownCell(totals.knownCells);
  const score = top.scores instanceof Float32Array ? new Float32Array(n) : new Float64Array(n);
  const label = new Uint8Array(n);
  const row = new Int32Array(n);
  const next = start.slice(0, cols);
  forEachListed((r, l, i, truth) => {
    const a = next[l]++;
    score[a] = (top as CheckedTopK).scores[i];
    label[a] = truth;
    row[a] = r;
  });
  return { rows, cols, start, score, label, row, ...totals, sampleWeight };
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

function markRow(truth: CheckedSparseLabels, r: number, marks: Uint8Array, value: number): void {
  for (let a = truth.indptr[r]; a < truth.indptr[r + 1]; a++) marks[truth.indices[a]] = value;
}

function noListedKnownCell(knownCells: Int32Array): MultilabelError {
  return new MultilabelError(
    'EMPTY_INPUT',
    knownCells.some((n) => n > 0)
      ? 'No label that `yScore` lists is known in `yTrue` (each listed cell is missing there); there is no threshold to learn. List known labels, or mark fewer labels missing.'
      : '`yTrue` has no known label cell (every cell is missing); there is no threshold to learn.',
  );
}

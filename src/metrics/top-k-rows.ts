import { MultilabelError } from '../core/errors.js';
import { selectEntries, type TopK } from '../core/kernels/top-k.js';
import type { DenseMatrix, FloatArray, LabelMatrix, ScoreMatrix } from '../core/matrix.js';
import { readIgnoreIndex } from '../core/readers.js';
import {
  type CheckedSparseLabels,
  readDenseOrSparseLabels,
  type SparseLabelMatrix,
} from '../core/sparse-label-matrix.js';
import {
  type CheckedTopK,
  isTopKPredictions,
  readTopKPredictionsFor,
  type TopKPredictions,
} from '../core/top-k-predictions.js';
import { checkOptionKeys } from '../core/validate.js';
import { readSampleWeights } from '../core/weights.js';
import { readScores } from './inputs.js';

/**
 * The rows of the top-k metrics, whatever form their labels (dense or {@link SparseLabelMatrix})
 * and scores (dense or {@link TopKPredictions}) come in: each row's best `k` known labels, best
 * first with equal scores by the lower label id, and its positives. Every form ranks a row the
 * same way, so the metrics give the same values from each.
 *
 * @internal
 * @module
 */

/** Labels as the top-k metrics accept them. @internal */
export type TopKLabels = LabelMatrix | SparseLabelMatrix;
/** Scores as the top-k metrics accept them. @internal */
export type TopKScores = ScoreMatrix | TopKPredictions;

/** One row at a time of a top-k problem. @internal */
export interface TopKRows {
  readonly rows: number;
  readonly cols: number;
  /**
   * Selects row `r`'s best `top.k` known labels into `top` (`count`, `index`, `score`) and sets
   * its `known` and `positives`; false for a row without a known label (left out of averages).
   */
  load(r: number, top: TopK): boolean;
  /** Whether `label` is a true label of the row last loaded. */
  isPositive(label: number): boolean;
  /** Writes the true labels of the row last loaded to `out`; returns how many. */
  positiveLabels(out: Int32Array): number;
}

/** Dense labels (missing cells allowed) with dense scores or top-k predictions. */
class DenseLabelRows implements TopKRows {
  readonly rows: number;
  readonly cols: number;
  private base = 0;

  constructor(
    private readonly truth: DenseMatrix<Int8Array>,
    private readonly scores: DenseMatrix<FloatArray> | undefined,
    private readonly top: CheckedTopK | undefined,
  ) {
    this.rows = truth.rows;
    this.cols = truth.cols;
  }

  load(r: number, top: TopK): boolean {
    const { cols } = this;
    const t = this.truth.data;
    this.base = r * cols;
    if (this.scores !== undefined) {
      top.load(t, this.scores.data, this.base, cols);
    } else {
      const p = this.top as CheckedTopK;
      selectEntries(top, p.indices, p.scores, r * p.k, p.k, t, this.base);
      let known = 0;
      let positives = 0;
      for (let i = this.base; i < this.base + cols; i++) {
        if (t[i] >= 0) known++;
        if (t[i] === 1) positives++;
      }
      top.known = known;
      top.positives = positives;
      if (top.count < Math.min(top.k, known)) {
        throw new MultilabelError(
          'INVALID_ARGUMENT',
          `Row ${r} of \`yScore\` lists ${top.count} labels that are known in \`yTrue\` (the others are missing there), fewer than k = ${top.k}: its top ${top.k} cannot be ranked. Keep more labels per row (k plus the row's missing labels).`,
        );
      }
    }
    return top.known > 0;
  }

  isPositive(label: number): boolean {
    return this.truth.data[this.base + label] === 1;
  }

  positiveLabels(out: Int32Array): number {
    const t = this.truth.data;
    let n = 0;
    for (let l = 0; l < this.cols; l++) if (t[this.base + l] === 1) out[n++] = l;
    return n;
  }
}

/** {@link SparseLabelMatrix} labels (every cell known) with dense scores or top-k predictions. */
class SparseLabelRows implements TopKRows {
  readonly rows: number;
  readonly cols: number;
  /** 1 at the true labels of the loaded row (cleared when the next row loads). */
  private readonly marks: Uint8Array;
  /** An all-zero label row: dense scores are ranked through it. */
  private readonly zeros: Int8Array | undefined;
  private row = -1;

  constructor(
    private readonly truth: CheckedSparseLabels,
    private readonly scores: DenseMatrix<FloatArray> | undefined,
    private readonly top: CheckedTopK | undefined,
  ) {
    this.rows = truth.rows;
    this.cols = truth.cols;
    this.marks = new Uint8Array(truth.cols);
    this.zeros = scores === undefined ? undefined : new Int8Array(truth.cols);
  }

  load(r: number, top: TopK): boolean {
    const { indptr, indices } = this.truth;
    const { marks } = this;
    if (this.row >= 0) {
      for (let a = indptr[this.row]; a < indptr[this.row + 1]; a++) marks[indices[a]] = 0;
    }
    this.row = r;
    for (let a = indptr[r]; a < indptr[r + 1]; a++) marks[indices[a]] = 1;
    if (this.scores !== undefined) {
      top.load(this.zeros as Int8Array, this.scores.data, r * this.cols, this.cols, 0);
    } else {
      const p = this.top as CheckedTopK;
      selectEntries(top, p.indices, p.scores, r * p.k, p.k, undefined, 0);
    }
    top.known = this.cols;
    top.positives = indptr[r + 1] - indptr[r];
    return true;
  }

  isPositive(label: number): boolean {
    return this.marks[label] === 1;
  }

  positiveLabels(out: Int32Array): number {
    const { indptr, indices } = this.truth;
    const from = indptr[this.row];
    const n = indptr[this.row + 1] - from;
    out.set(indices.subarray(from, from + n));
    return n;
  }
}

/** What {@link readTopKInputs} returns. @internal */
export interface TopKInputs {
  readonly rows: TopKRows;
  /** `sampleWeight` scaled by `2^-weightExponent` (see core/weights.ts), or undefined. */
  readonly sampleWeight: Float64Array | undefined;
  /** The exponent of the weights' unit: 0 without weights. */
  readonly weightExponent: number;
}

/**
 * Reads the arguments of a top-k metric: labels dense or sparse, scores dense or top-k, `k`
 * checked against the labels and the predictions, `sampleWeight` and `ignoreIndex` (dense labels
 * only have missing cells), plus the metric's own option `keys`.
 *
 * @internal
 */
export function readTopKInputs(
  yTrue: TopKLabels,
  yScore: TopKScores,
  options: object | undefined,
  keys: readonly string[],
  caller: string,
): TopKInputs {
  checkOptionKeys(options, ['sampleWeight', 'ignoreIndex', ...keys], caller);
  const o = (options ?? {}) as { ignoreIndex?: unknown; sampleWeight?: unknown; k?: unknown };
  const labels = readDenseOrSparseLabels(yTrue, 'yTrue', readIgnoreIndex(o.ignoreIndex));
  const { rows, cols } = labels;
  let scores: DenseMatrix<FloatArray> | undefined;
  let top: CheckedTopK | undefined;
  if (isTopKPredictions(yScore)) {
    top = readTopKPredictionsFor(yScore, labels);
    if (typeof o.k === 'number' && o.k > top.k) {
      throw new MultilabelError(
        'INVALID_OPTION',
        `\`k\` is ${o.k} but \`yScore\` lists only its ${top.k} best labels per row (\`yScore.k\`). Use k <= ${top.k}, or keep more labels per row.`,
      );
    }
  } else {
    scores = readScores(yScore, 'yScore', { data: [], rows, cols }, 'yTrue');
  }
  const sparse = 'indptr' in labels;
  const labelRows = sparse
    ? new SparseLabelRows(labels, scores, top)
    : new DenseLabelRows(labels, scores, top);
  const weights = readSampleWeights(o.sampleWeight, rows, sparse ? undefined : labels);
  return {
    rows: labelRows,
    sampleWeight: weights?.weights,
    weightExponent: weights?.exponent ?? 0,
  };
}

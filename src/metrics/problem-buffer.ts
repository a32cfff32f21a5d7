import { MultilabelError } from '../core/errors.js';
import type { DenseMatrix, FloatArray } from '../core/matrix.js';
import type { BinaryProblem } from './binary-curve.js';

/**
 * The binary problems of the per-label metrics: a growable buffer of one problem's known cells
 * (a label column, a row or every cell) and the readers that fill it.
 *
 * @internal
 * @module
 */

/** Which classes a binary problem's known cells hold, counting rows of weight 0 too. @internal */
export interface ClassesPresent {
  positive: boolean;
  negative: boolean;
}

/** A growable binary problem whose score storage matches the score matrix's float type. @internal */
export class ProblemBuffer implements BinaryProblem {
  scores: FloatArray;
  labels = new Uint8Array(0);
  weights: Float64Array | undefined = undefined;
  weightStore = new Float64Array(0);
  n = 0;
  readonly classes: ClassesPresent = { positive: false, negative: false };
  private readonly float32: boolean;

  constructor(like: FloatArray) {
    this.float32 = like instanceof Float32Array;
    this.scores = this.float32 ? new Float32Array(0) : new Float64Array(0);
  }

  /** Empties the problem and makes room for `capacity` entries. */
  reset(capacity: number, weighted: boolean): void {
    if (this.labels.length < capacity) {
      this.scores = this.float32 ? new Float32Array(capacity) : new Float64Array(capacity);
      this.labels = new Uint8Array(capacity);
      this.weightStore = new Float64Array(weighted ? capacity : 0);
    } else if (weighted && this.weightStore.length < capacity) {
      this.weightStore = new Float64Array(capacity);
    }
    this.weights = weighted ? this.weightStore : undefined;
    this.n = 0;
    this.classes.positive = false;
    this.classes.negative = false;
  }

  /** Adds one known cell; a cell of weight 0 only counts towards {@link classes}. */
  push(label: number, score: number, weight: number): void {
    if (label === 1) this.classes.positive = true;
    else this.classes.negative = true;
    if (weight === 0) return;
    const i = this.n++;
    this.scores[i] = score;
    this.labels[i] = label;
    if (this.weights !== undefined) this.weights[i] = weight;
  }
}

/** Fills `problem` with the known cells of column `j`. @internal */
export function collectColumn(
  truth: DenseMatrix<Int8Array>,
  scores: DenseMatrix<FloatArray>,
  j: number,
  sampleWeight: Float64Array | undefined,
  problem: ProblemBuffer,
): void {
  const { rows, cols } = truth;
  problem.reset(rows, sampleWeight !== undefined);
  for (let r = 0, i = j; r < rows; r++, i += cols) {
    const t = truth.data[i];
    if (t >= 0) problem.push(t, scores.data[i], sampleWeight === undefined ? 1 : sampleWeight[r]);
  }
}

/** Fills `problem` with the known cells of row `r` (unweighted, as scikit-learn's `'samples'`). @internal */
export function collectRow(
  truth: DenseMatrix<Int8Array>,
  scores: DenseMatrix<FloatArray>,
  r: number,
  problem: ProblemBuffer,
): void {
  const { cols } = truth;
  problem.reset(cols, false);
  for (let j = 0, i = r * cols; j < cols; j++, i++) {
    const t = truth.data[i];
    if (t >= 0) problem.push(t, scores.data[i], 1);
  }
}

/** Fills `problem` with every known cell of the matrix, the row's weight repeated per cell. @internal */
export function collectAll(
  truth: DenseMatrix<Int8Array>,
  scores: DenseMatrix<FloatArray>,
  sampleWeight: Float64Array | undefined,
  problem: ProblemBuffer,
): void {
  const { rows, cols } = truth;
  problem.reset(rows * cols, sampleWeight !== undefined);
  for (let r = 0; r < rows; r++) {
    const w = sampleWeight === undefined ? 1 : sampleWeight[r];
    for (let j = 0, i = r * cols; j < cols; j++, i++) {
      const t = truth.data[i];
      if (t >= 0) problem.push(t, scores.data[i], w);
    }
  }
}

/** Throws unless the problem kept at least one entry. @internal */
export function assertNotEmptyProblem(problem: BinaryProblem, where: string, what: string): void {
  if (problem.n === 0) {
    throw new MultilabelError(
      'UNDEFINED_METRIC',
      `The ${what} of ${where} is undefined: it has no known cell with a positive weight.`,
    );
  }
}

import { MultilabelError } from '../core/errors.js';
import type { DenseMatrix, FloatArray, LabelMatrix, ScoreMatrix } from '../core/matrix.js';
import { toFloatMatrix } from '../core/matrix-input.js';
import { readIgnoreIndex } from '../core/readers.js';
import {
  type CheckedSparseLabels,
  denseLabelsOf,
  readDenseOrSparseLabels,
  type SparseLabelMatrix,
} from '../core/sparse-label-matrix.js';
import { assertFinite, assertSameShape, toNonNegativeVector } from '../core/validate.js';
import {
  readSampleWeights,
  type ScaledWeights,
  zeroRowsWithoutKnownCell,
} from '../core/weights.js';

/**
 * Argument readers of the threshold functions: labels, scores of the same shape, row weights
 * and the missing-label marker, each converted once at the API boundary.
 *
 * @internal
 * @module
 */

/** Labels, scores and weights as the threshold kernels read them. @internal */
export interface ThresholdProblem {
  readonly truth: DenseMatrix<Int8Array>;
  readonly scores: DenseMatrix<FloatArray>;
  /** One weight per row, or undefined for 1. */
  readonly sampleWeight: Float64Array | undefined;
}

/** Reads finite scores, alone (decision rules). @internal */
export function readScoreMatrix(input: ScoreMatrix, name: string): DenseMatrix<FloatArray> {
  const scores = toFloatMatrix(input, name);
  assertFinite(scores, name);
  return scores;
}

/**
 * Reads the `scores` a fitted rule's `apply` is given: finite, with the `cols` label columns
 * the rule was `how` (fitted, learned) on.
 *
 * @internal
 */
export function readRuleScores(
  input: ScoreMatrix,
  cols: number,
  how: 'fitted' | 'learned',
): DenseMatrix<FloatArray> {
  const s = readScoreMatrix(input, 'scores');
  if (s.cols !== cols) {
    throw new MultilabelError(
      'SHAPE_MISMATCH',
      `\`scores\` has ${s.cols} columns but the rule was ${how} on ${cols} labels.`,
    );
  }
  return s;
}

/** The options every threshold problem reads, as the public functions pass them on. @internal */
export interface ProblemOptions {
  readonly sampleWeight?: unknown;
  readonly ignoreIndex?: unknown;
  /** A function here keeps the weights in their own unit (see {@link readFitWeights}). */
  readonly metric?: unknown;
}

/**
 * Reads `yTrue` of a threshold problem: dense 0/1 with the `ignoreIndex` marker (or NaN) of
 * `options` for a missing cell, or a {@link SparseLabelMatrix}, checked once.
 *
 * @internal
 */
export function readProblemLabels(
  yTrue: LabelMatrix | SparseLabelMatrix,
  options: ProblemOptions,
): DenseMatrix<Int8Array> | CheckedSparseLabels {
  return readDenseOrSparseLabels(yTrue, 'yTrue', readIgnoreIndex(options.ignoreIndex));
}

/**
 * Reads `yTrue` (0/1, and missing cells with `ignoreIndex`: cells equal to it, or NaN; or a
 * {@link SparseLabelMatrix}, read into its dense form), `yScore` (finite, same shape) and
 * `sampleWeight` (see {@link readFitWeights}).
 *
 * @internal
 */
export function readProblem(
  yTrue: LabelMatrix | SparseLabelMatrix,
  yScore: ScoreMatrix,
  options: ProblemOptions,
): ThresholdProblem {
  const labels = readProblemLabels(yTrue, options);
  const truth = 'indptr' in labels ? denseLabelsOf(labels) : labels;
  const scores = toFloatMatrix(yScore, 'yScore');
  assertSameShape(truth, 'yTrue', scores, 'yScore');
  assertFinite(scores, 'yScore');
  const sampleWeight = readFitWeights(options, truth.rows, truth.cols, truth);
  return { truth, scores, sampleWeight };
}

/**
 * Reads `sampleWeight` (one finite value >= 0 per row; rows of `truth` without a known cell
 * weigh 0). For the built-in metrics the weights are scaled by a power of two (see
 * `core/weights.ts`): each is a ratio of weighted sums, unchanged by a common factor, and no
 * sum overflows. A custom `metric` sees the counts in the unit of the weights given, so they are
 * kept as given, and refused when their sums could overflow.
 *
 * @internal
 */
export function readFitWeights(
  options: ProblemOptions,
  rows: number,
  cols: number,
  truth: DenseMatrix<Int8Array> | undefined,
): Float64Array | undefined {
  if (options.sampleWeight === undefined) return undefined;
  const custom = typeof options.metric === 'function';
  let sampleWeight: Float64Array;
  if (custom) {
    sampleWeight = toNonNegativeVector(options.sampleWeight, 'sampleWeight', rows, 'sample');
    if (truth !== undefined) zeroRowsWithoutKnownCell(sampleWeight, truth);
  } else {
    sampleWeight = (readSampleWeights(options.sampleWeight, rows, truth) as ScaledWeights).weights;
  }
  let total = 0;
  for (let r = 0; r < sampleWeight.length; r++) total += sampleWeight[r];
  if (!(total > 0)) {
    throw new MultilabelError(
      'INVALID_ARGUMENT',
      '`sampleWeight` is 0 for every row with a known label; give one of them a positive weight.',
    );
  }
  // The largest count a custom metric can see: every weight once per label, pooled.
  if (custom && !Number.isFinite(total * cols)) {
    throw new MultilabelError(
      'INVALID_ARGUMENT',
      `\`sampleWeight\` sums to ${total} over ${cols} labels: the counts a custom \`metric\` receives would exceed the largest double (${Number.MAX_VALUE}). Divide every weight by the same factor.`,
    );
  }
  return sampleWeight;
}

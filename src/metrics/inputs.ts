import {
  type ConfusionCounts,
  countConfusion,
  countConfusionOfFloat32,
  countConfusionOfSparse,
} from '../core/kernels/confusion-counts.js';
import { labelMatrixOfRaw, toLabelMatrix } from '../core/label-matrix.js';
import type { DenseMatrix, FloatArray, LabelMatrix, ScoreMatrix } from '../core/matrix.js';
import { checkNotEmpty, type RawMatrix, readRaw, toFloatMatrix } from '../core/matrix-input.js';
import { readIgnoreIndex } from '../core/readers.js';
import {
  type CheckedSparseLabels,
  denseLabelsOf,
  isSparseLabelMatrix,
  readSparseLabelMatrix,
  type SparseLabelMatrix,
} from '../core/sparse-label-matrix.js';
import { assertFinite, assertSameShape, checkEnum } from '../core/validate.js';
import { readSampleWeights, type ScaledWeights } from '../core/weights.js';

/**
 * Argument readers shared by the metric functions: each converts one public argument to its
 * internal form once, at the API boundary, and throws `MultilabelError` naming it otherwise.
 *
 * @internal
 * @module
 */

/**
 * How a metric combines its per-label (or per-sample) values:
 *
 * - `'micro'`: pool the counts (or the cells) of every label, then compute the metric once;
 * - `'macro'`: the plain mean of the per-label values;
 * - `'weighted'`: the mean of the per-label values weighted by each label's support (its
 *   number of true positives and false negatives, sample-weighted);
 * - `'samples'`: compute the metric per row, then average the rows (with `sampleWeight`);
 * - `'none'`: no averaging; a `Float64Array` with one value per label.
 *
 * @summary How per-label values are combined: micro, macro, weighted, samples or none.
 * @inline
 * @category Options
 * @example
 * ```ts
 * import { f1Score, type Average } from 'tfjs-multilabel/metrics';
 *
 * const average: Average = 'micro';
 * console.log(f1Score([[1, 0], [1, 1]], [[1, 0], [0, 1]], { average })); // 0.8
 * ```
 */
export type Average = 'micro' | 'macro' | 'weighted' | 'samples' | 'none';

/**
 * What a metric with an `average` option returns: a `Float64Array` with one value per label for
 * `'none'`, a number otherwise.
 *
 * @summary A number, or a `Float64Array` per label for `average: 'none'`.
 * @category Results
 * @example
 * ```ts
 * import { recallScore, type AverageResult } from 'tfjs-multilabel/metrics';
 *
 * const perLabel: AverageResult<'none'> = recallScore([[1, 1]], [[1, 0]], { average: 'none' });
 * console.log(Array.from(perLabel)); // [1, 0]
 * ```
 */
export type AverageResult<A extends Average> = A extends 'none' ? Float64Array : number;

/** Every {@link Average}, in the order error messages list them. @internal */
const ALL_AVERAGES: readonly Average[] = ['micro', 'macro', 'weighted', 'samples', 'none'];

/** Reads `average` (default `'macro'`) among `allowed`. @internal */
export function readAverage(
  value: unknown,
  allowed: readonly Average[] = ALL_AVERAGES,
  fallback: Average = 'macro',
): Average {
  return value === undefined ? fallback : checkEnum(value, 'average', allowed);
}

/**
 * Reads a label matrix (0/1, and missing cells under the `ignoreIndex` marker read by
 * `readIgnoreIndex`: cells equal to it, or NaN). @internal
 */
export function readLabels(
  input: LabelMatrix,
  name: string,
  ignoreIndex: number | undefined,
): DenseMatrix<Int8Array> {
  return toLabelMatrix(input, name, { ignoreIndex });
}

/**
 * Reads finite scores with the shape of `like`. `checkFinite: false` leaves the NaN/infinity
 * check to a caller that does it while reading the scores anyway (it must then call
 * `assertFinite` when it finds one).
 *
 * @internal
 */
export function readScores(
  input: ScoreMatrix,
  name: string,
  like: DenseMatrix<ArrayLike<number>>,
  likeName: string,
  checkFinite = true,
): DenseMatrix<FloatArray> {
  const scores = toFloatMatrix(input, name);
  assertSameShape(like, likeName, scores, name);
  if (checkFinite) assertFinite(scores, name);
  return scores;
}

/** What {@link readCountInputs} returns. @internal */
export interface CountInputs {
  /**
   * `yTrue` as read: read on the first call when the counts came straight from the bits of
   * float32 inputs (most callers need the counts only).
   */
  readonly truth: () => DenseMatrix<Int8Array>;
  /** The confusion counts of `yPred` against `yTrue` (per row too when asked). */
  readonly counts: ConfusionCounts;
  /** `sampleWeight` scaled by `readSampleWeights` (core/weights.ts), with its exponent. */
  readonly weights: ScaledWeights | undefined;
}

/**
 * Count inputs already read and counted, handed to a count metric in place of `yTrue` (and
 * `yPred`) so that it skips the reading and counting: how the bootstrap evaluates a count metric
 * on each resample of the rows from the counts of the cells alone (`resampled-counts.ts`).
 * {@link readCountInputs} returns its `inputs` as they are.
 *
 * @internal
 */
export class CountedInputs {
  constructor(readonly inputs: CountInputs) {}
}

/**
 * The reading steps of the count metrics: `yTrue` (missing cells allowed by `ignoreIndex`),
 * `yPred` of its shape, `sampleWeight`, then the confusion counts (per row when `perRow`, which
 * `average: 'samples'` needs). Flat `Float32Array` labels and predictions of 0 and 1 are
 * checked and counted in one pass over their bits; any other cell, form or error takes the
 * steps one by one (so errors name the same first bad argument and cell).
 *
 * @internal
 */
export function readCountInputs(
  yTrue: LabelMatrix | SparseLabelMatrix,
  yPred: LabelMatrix | SparseLabelMatrix,
  options: { readonly ignoreIndex?: unknown; readonly sampleWeight?: unknown },
  perRow: boolean,
): CountInputs {
  if (yTrue instanceof CountedInputs) return yTrue.inputs;
  const { truth, value, weights } = readLabelPair(
    yTrue,
    yPred,
    options,
    (t, p, rows, cols, sampleWeight) =>
      countConfusionOfFloat32(t, p, rows, cols, { sampleWeight, perRow }),
    (t, p, sampleWeight) => countConfusion(t, p, { sampleWeight, perRow }),
    (t, p, sampleWeight) => countConfusionOfSparse(t, p, { sampleWeight, perRow }),
  );
  return { truth, counts: value, weights };
}

/**
 * The float32 step of {@link readLabelPair}: a value straight from the bits of flat `rows` x
 * `cols` labels and predictions, or undefined when a cell is not a plain 0/1 word. @internal
 */
export type Float32Step<T> = (
  truth: Float32Array,
  pred: Float32Array,
  rows: number,
  cols: number,
  sampleWeight: Float64Array | undefined,
) => T | undefined;

/** The exact step of {@link readLabelPair}: a value from labels and predictions read. @internal */
export type ExactStep<T> = (
  truth: DenseMatrix<Int8Array>,
  pred: DenseMatrix<Int8Array>,
  sampleWeight: Float64Array | undefined,
) => T;

/** The CSR step of {@link readLabelPair}: a value from checked CSR labels and predictions. @internal */
export type SparseStep<T> = (
  truth: CheckedSparseLabels,
  pred: CheckedSparseLabels,
  sampleWeight: Float64Array | undefined,
) => T;

/** What {@link readLabelPair} returns. @internal */
export interface LabelPair<T> {
  /** `yTrue` as read (on the first call when `value` came from the float32 bits). */
  readonly truth: () => DenseMatrix<Int8Array>;
  /** What the float32 or the exact step made of the labels and predictions. */
  readonly value: T;
  /** `sampleWeight` scaled by `readSampleWeights` (core/weights.ts), with its exponent. */
  readonly weights: ScaledWeights | undefined;
}

/**
 * Reads `yTrue` (missing cells allowed by `ignoreIndex`), `yPred` of its shape and
 * `sampleWeight`, and makes one value of them: `fromFloat32` straight from the bits of flat
 * `Float32Array` labels and predictions (undefined when a cell is not a plain 0/1 word), or
 * else `exact` from the inputs read step by step (so errors name the same first bad argument
 * and cell). Both get the scaled weights and must agree.
 *
 * @internal
 */
export function readLabelPair<T>(
  yTrue: LabelMatrix | SparseLabelMatrix,
  yPred: LabelMatrix | SparseLabelMatrix,
  options: { readonly ignoreIndex?: unknown; readonly sampleWeight?: unknown },
  fromFloat32: Float32Step<T>,
  exact: ExactStep<T>,
  fromSparse: SparseStep<T>,
): LabelPair<T> {
  const ignoreIndex = readIgnoreIndex(options.ignoreIndex);
  if (isSparseLabelMatrix(yTrue) || isSparseLabelMatrix(yPred)) {
    return readSparsePair(yTrue, yPred, options, ignoreIndex, exact, fromSparse);
  }
  const rawTruth = readRaw(yTrue, 'yTrue');
  checkNotEmpty(rawTruth, 'yTrue', undefined);
  const readTruth = (): DenseMatrix<Int8Array> =>
    labelMatrixOfRaw(rawTruth, 'yTrue', { ignoreIndex });
  const fast = readFloat32Bits(rawTruth, yPred, options.sampleWeight, fromFloat32);
  if (fast.value !== undefined) {
    const { value, weights } = fast;
    let truth: DenseMatrix<Int8Array> | undefined;
    return { value, weights, truth: () => (truth ??= readTruth()) };
  }
  const truth = readTruth();
  // yPred as the fast path already read it (a tensor's data is not fetched twice).
  const predicted =
    fast.rawPred === undefined
      ? toLabelMatrix(yPred, 'yPred')
      : labelMatrixOfRaw(fast.rawPred, 'yPred');
  assertSameShape(truth, 'yTrue', predicted, 'yPred');
  const weights = readSampleWeights(options.sampleWeight, truth.rows, truth);
  const value = exact(truth, predicted, weights?.weights);
  return { truth: () => truth, value, weights };
}

/**
 * {@link readLabelPair} when `yTrue` or `yPred` is CSR: both CSR, `fromSparse` in time linear in
 * their ids; one of them CSR, that one made dense and `exact` on both (a dense side may have
 * missing cells, which CSR cannot hold).
 */
function readSparsePair<T>(
  yTrue: LabelMatrix | SparseLabelMatrix,
  yPred: LabelMatrix | SparseLabelMatrix,
  options: { readonly sampleWeight?: unknown },
  ignoreIndex: number | undefined,
  exact: ExactStep<T>,
  fromSparse: SparseStep<T>,
): LabelPair<T> {
  const read = (y: LabelMatrix | SparseLabelMatrix, name: string) =>
    isSparseLabelMatrix(y)
      ? readSparseLabelMatrix(y, name)
      : toLabelMatrix(y, name, name === 'yTrue' ? { ignoreIndex } : undefined);
  const truth = read(yTrue, 'yTrue');
  const pred = read(yPred, 'yPred');
  assertSameShape(
    { data: [], rows: truth.rows, cols: truth.cols },
    'yTrue',
    { data: [], rows: pred.rows, cols: pred.cols },
    'yPred',
  );
  const weights = readSampleWeights(
    options.sampleWeight,
    truth.rows,
    'indptr' in truth ? undefined : truth,
  );
  const dense = (m: typeof truth): DenseMatrix<Int8Array> => ('indptr' in m ? denseLabelsOf(m) : m);
  if ('indptr' in truth && 'indptr' in pred) {
    let denseTruth: DenseMatrix<Int8Array> | undefined;
    return {
      value: fromSparse(truth, pred, weights?.weights),
      weights,
      truth: () => (denseTruth ??= denseLabelsOf(truth)),
    };
  }
  const denseTruth = dense(truth);
  return {
    value: exact(denseTruth, dense(pred), weights?.weights),
    weights,
    truth: () => denseTruth,
  };
}

/**
 * The value of {@link readLabelPair} from flat `Float32Array` labels and predictions of the
 * same shape whose cells are all +0 or 1. Otherwise no value, and `yPred` as read when that
 * succeeded; also when reading `yPred` or `sampleWeight` throws (the step-by-step reading then
 * throws what the cells of `yTrue` call for first, or that same error).
 */
function readFloat32Bits<T>(
  rawTruth: RawMatrix,
  yPred: LabelMatrix,
  sampleWeight: unknown,
  fromFloat32: Float32Step<T>,
): { readonly value?: T; readonly weights?: ScaledWeights; readonly rawPred?: RawMatrix } {
  if (rawTruth.nested || !(rawTruth.values instanceof Float32Array)) return {};
  const { rows, cols } = rawTruth;
  let rawPred: RawMatrix;
  try {
    rawPred = readRaw(yPred, 'yPred');
  } catch {
    return {};
  }
  let weights: ScaledWeights | undefined;
  try {
    weights = readSampleWeights(sampleWeight, rows);
  } catch {
    return { rawPred };
  }
  if (rawPred.nested || !(rawPred.values instanceof Float32Array)) return { rawPred };
  if (rawPred.rows !== rows || rawPred.cols !== cols) return { rawPred };
  const value = fromFloat32(rawTruth.values, rawPred.values, rows, cols, weights?.weights);
  return value === undefined ? { rawPred } : { value, weights };
}

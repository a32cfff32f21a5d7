import { labelMatrixOfRaw } from '../core/label-matrix.js';
import type { DenseMatrix, FloatArray, LabelMatrix, ScoreMatrix } from '../core/matrix.js';
import { type RawMatrix, readRaw, toFloatMatrix } from '../core/matrix-input.js';
import { readIgnoreIndex } from '../core/readers.js';
import { assertFinite, assertSameShape, checkOptionKeys } from '../core/validate.js';
import { readSampleWeights } from '../core/weights.js';

/** The inputs of a ranking metric, read. @internal */
export interface RankingInputs {
  truth: DenseMatrix<Int8Array>;
  scores: DenseMatrix<FloatArray>;
  sampleWeight: Float64Array | undefined;
}

/**
 * Reads the arguments every ranking metric takes: labels, scores of the same shape, and the
 * options `sampleWeight` and `ignoreIndex` (plus the metric's own `keys`).
 *
 * @internal
 */
export function readRankingInputs(
  yTrue: LabelMatrix,
  yScore: ScoreMatrix,
  options: object | undefined,
  keys: readonly string[],
  caller: string,
  checkFinite = true,
): RankingInputs {
  return readRankingInputsOr(
    yTrue,
    yScore,
    options,
    keys,
    caller,
    undefined,
    checkFinite,
  ) as RankingInputs;
}

/**
 * {@link readRankingInputs}, or first `fromFloat32`'s value straight from flat `Float32Array`
 * labels and scores of one shape (`{ value }`), when it gives one: it returns undefined when a
 * cell is not a plain 0/1 label or a finite score, and the inputs are then read the exact way
 * (as read already: a tensor's data is not fetched twice), which throws the same first error.
 * Only for calls without `sampleWeight`, whose other options cannot fail after the inputs.
 *
 * @internal
 */
export function readRankingInputsOr<R>(
  yTrue: LabelMatrix,
  yScore: ScoreMatrix,
  options: object | undefined,
  keys: readonly string[],
  caller: string,
  fromFloat32:
    | ((labels: Float32Array, scores: Float32Array, rows: number, cols: number) => R | undefined)
    | undefined,
  checkFinite = true,
): RankingInputs | { value: R } {
  checkOptionKeys(options, ['sampleWeight', 'ignoreIndex', ...keys], caller);
  const o = (options ?? {}) as { ignoreIndex?: unknown; sampleWeight?: unknown };
  const ignoreIndex = readIgnoreIndex(o.ignoreIndex);
  const rawTruth = readRaw(yTrue, 'yTrue');
  let rawScores: RawMatrix | undefined;
  if (fromFloat32 !== undefined && o.sampleWeight === undefined && isFlat32(rawTruth)) {
    try {
      rawScores = readRaw(yScore, 'yScore');
    } catch {
      // The exact reading below throws what the labels call for first, or this same error.
    }
    const { rows, cols } = rawTruth;
    if (
      rawScores !== undefined &&
      isFlat32(rawScores) &&
      rawScores.rows === rows &&
      rawScores.cols === cols &&
      rows * cols > 0
    ) {
      const value = fromFloat32(rawTruth.values, rawScores.values, rows, cols);
      if (value !== undefined) return { value };
    }
  }
  const truth = labelMatrixOfRaw(rawTruth, 'yTrue', { ignoreIndex });
  // Flat float32 scores read above are what toFloatMatrix makes of them (after the same
  // check that they are not empty).
  const scores =
    rawScores !== undefined && isFlat32(rawScores) && rawScores.rows * rawScores.cols > 0
      ? { data: rawScores.values, rows: rawScores.rows, cols: rawScores.cols }
      : toFloatMatrix(yScore, 'yScore');
  assertSameShape(truth, 'yTrue', scores, 'yScore');
  if (checkFinite) assertFinite(scores, 'yScore');
  const sampleWeight = readSampleWeights(o.sampleWeight, truth.rows, truth)?.weights;
  return { truth, scores, sampleWeight };
}

function isFlat32(raw: RawMatrix): raw is RawMatrix & { values: Float32Array } {
  return !raw.nested && raw.values instanceof Float32Array;
}

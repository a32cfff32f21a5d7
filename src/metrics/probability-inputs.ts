import type { DenseMatrix, FloatArray, LabelMatrix, ScoreMatrix } from '../core/matrix.js';
import { readIgnoreIndex } from '../core/readers.js';
import { assertProbabilities, checkOptionKeys } from '../core/validate.js';
import { readSampleWeights } from '../core/weights.js';
import { readLabels, readScores } from './inputs.js';

/**
 * The reading steps of the calibration metrics: labels (missing cells under `ignoreIndex`),
 * probabilities of their shape (finite, in [0, 1]), `sampleWeight`, and the metric's own
 * option `keys`.
 *
 * @internal
 * @module
 */

/** The inputs of a calibration metric, read. @internal */
export interface ProbabilityInputs {
  readonly truth: DenseMatrix<Int8Array>;
  readonly probabilities: DenseMatrix<FloatArray>;
  readonly sampleWeight: Float64Array | undefined;
}

/** Reads `yTrue`, `yProb` and the options `sampleWeight`, `ignoreIndex` and `keys`. @internal */
export function readProbabilityInputs(
  yTrue: LabelMatrix,
  yProb: ScoreMatrix,
  options: object | undefined,
  keys: readonly string[],
  caller: string,
): ProbabilityInputs {
  checkOptionKeys(options, ['sampleWeight', 'ignoreIndex', ...keys], caller);
  const o = (options ?? {}) as { ignoreIndex?: unknown; sampleWeight?: unknown };
  const truth = readLabels(yTrue, 'yTrue', readIgnoreIndex(o.ignoreIndex));
  const probabilities = readScores(yProb, 'yProb', truth, 'yTrue');
  assertProbabilities(probabilities, 'yProb');
  const sampleWeight = readSampleWeights(o.sampleWeight, truth.rows, truth)?.weights;
  return { truth, probabilities, sampleWeight };
}

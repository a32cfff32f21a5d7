import type { DenseMatrix, FloatArray, LabelMatrix, ScoreMatrix } from '../core/matrix.js';
import { readIgnoreIndex } from '../core/readers.js';
import { checkOptionKeys } from '../core/validate.js';
import { readLabels, readSampleWeight, readScores } from './inputs.js';

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
): {
  truth: DenseMatrix<Int8Array>;
  scores: DenseMatrix<FloatArray>;
  sampleWeight: Float64Array | undefined;
} {
  checkOptionKeys(options, ['sampleWeight', 'ignoreIndex', ...keys], caller);
  const o = (options ?? {}) as { ignoreIndex?: unknown; sampleWeight?: unknown };
  const truth = readLabels(yTrue, 'yTrue', readIgnoreIndex(o.ignoreIndex));
  const scores = readScores(yScore, 'yScore', truth, 'yTrue', checkFinite);
  const sampleWeight = readSampleWeight(o.sampleWeight, truth.rows);
  return { truth, scores, sampleWeight };
}

import type { LabelMatrix, ScoreMatrix } from '../core/matrix.js';
import { averageTopK } from './at-k.js';
import type { SampleOptions } from './options.js';
import { readRankingInputs } from './ranking-inputs.js';

/**
 * One-error (Zhang & Zhou 2014): the fraction of rows whose top-scored label is not a true
 * label. Lower is better. scikit-learn has no such function; this one breaks ties at the top
 * by the lower label index, so it equals `1 - precisionAtK(..., { k: 1 })` exactly, and a row
 * with no true label always counts as an error (the strict definition).
 *
 * Missing labels (`ignoreIndex`): missing cells are dropped from their row; a row with no
 * known cell is left out.
 *
 * @summary The fraction of rows whose top-scored label is not true. Lower is better.
 * @category Ranking metrics
 * @param yTrue True labels, 0/1 (and, with `ignoreIndex`, that marker or NaN for a missing label), one row per sample.
 * @param yScore Scores, the same shape.
 * @param options `sampleWeight`, `ignoreIndex`.
 * @returns The error rate in [0, 1].
 * @throws {@link MultilabelError} on a shape mismatch, non-binary labels, NaN or infinite
 * scores, empty input, or weights that sum to zero.
 * @example
 * ```ts
 * import { oneError } from 'tfjs-multilabel/metrics';
 *
 * console.log(oneError([[1, 0, 0], [0, 0, 1]], [[0.75, 0.5, 1], [0.1, 0.2, 0.9]])); // 0.5
 * ```
 */
export function oneError(
  yTrue: LabelMatrix,
  yScore: ScoreMatrix,
  options: SampleOptions = {},
): number {
  const { truth, scores, sampleWeight } = readRankingInputs(yTrue, yScore, options, [], 'oneError');
  return averageTopK(
    truth,
    scores,
    sampleWeight,
    1,
    (top, base) => (truth.data[base + top.index[0]] === 1 ? 0 : 1),
    'one-error',
  );
}

import type { LabelMatrix, ScoreMatrix } from '../core/matrix.js';
import type { SparseLabelMatrix } from '../core/sparse-label-matrix.js';
import type { TopKPredictions } from '../core/top-k-predictions.js';
import { averageTopK } from './at-k.js';
import type { SampleOptions } from './options.js';
import { readTopKInputs } from './top-k-rows.js';

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
 * @param yTrue True labels, 0/1 (and, with `ignoreIndex`, that marker or NaN for a missing label), one row per sample, or a {@link SparseLabelMatrix}.
 * @param yScore Scores, the same shape, or {@link TopKPredictions}.
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
  yTrue: LabelMatrix | SparseLabelMatrix,
  yScore: ScoreMatrix | TopKPredictions,
  options: SampleOptions = {},
): number {
  const { rows, sampleWeight } = readTopKInputs(yTrue, yScore, options, [], 'oneError');
  return averageTopK(
    rows,
    sampleWeight,
    1,
    (top) => (rows.isPositive(top.index[0]) ? 0 : 1),
    'one-error',
  );
}

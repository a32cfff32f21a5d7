import type { LabelMatrix, ScoreMatrix } from '../core/matrix.js';
import type { BinaryProblem } from './binary-curve.js';
import type { Average, AverageResult } from './inputs.js';
import { averageBinaryMetric } from './label-averaging.js';
import type { SampleOptions } from './options.js';
import { readProbabilityInputs } from './probability-inputs.js';
import { assertNotEmptyProblem } from './problem-buffer.js';

/**
 * Options of {@link brierScore}.
 *
 * @expand
 * @category Options
 * @example
 * ```ts
 * import { brierScore, type BrierScoreOptions } from 'tfjs-multilabel/metrics';
 *
 * const options: BrierScoreOptions<'micro'> = { average: 'micro' };
 * console.log(brierScore([[1, 0]], [[0.5, 0.5]], options)); // 0.25
 * ```
 */
export interface BrierScoreOptions<A extends Average = 'macro'> extends SampleOptions {
  /**
   * How the labels' scores combine ({@link Average}): `'micro'` is the mean over every known
   * cell, `'macro'` the mean of the labels' scores, `'weighted'` their mean weighted by the
   * labels' positives, `'samples'` the mean of each row's score.
   *
   * @defaultValue `'macro'`
   */
  average?: A;
}

/** The Brier score of one binary problem: the weighted mean of (p - y)^2. */
function brierOfProblem(problem: BinaryProblem, _workspace: unknown, where: string): number {
  assertNotEmptyProblem(problem, where, 'Brier score');
  const { scores, labels, weights, n } = problem;
  let sum = 0;
  let total = 0;
  for (let i = 0; i < n; i++) {
    const w = weights === undefined ? 1 : weights[i];
    const d = labels[i] - scores[i];
    sum += w * d * d;
    total += w;
  }
  return sum / total;
}

/**
 * The Brier score: the mean squared difference between each predicted probability and its 0/1
 * label, per label as scikit-learn's `brier_score_loss` computes it, then averaged over the
 * labels. Lower is better; 0 for perfect, 0.25 for a constant 0.5. Unlike a threshold metric it
 * rewards probabilities that mean what they say, so it tells a calibrated model from an
 * overconfident one with the same ranking.
 *
 * Missing labels (`ignoreIndex`): a missing cell is left out of its label's mean (and of the
 * pooled cells).
 *
 * @summary Brier score: the mean squared error of the probabilities, per label.
 * @category Calibration metrics
 * @param yTrue True labels, 0/1 (and, with `ignoreIndex`, that marker or NaN for a missing label), one row per sample.
 * @param yProb Predicted probabilities in [0, 1], the same shape.
 * @param options `average` (default `'macro'`), `sampleWeight`, `ignoreIndex`.
 * @returns The averaged score in [0, 1], or a `Float64Array` per label for `average: 'none'`.
 * @throws {@link MultilabelError} on a shape mismatch, non-binary labels, NaN or infinite
 *   probabilities, probabilities outside [0, 1] (`INVALID_ARGUMENT`), empty input, or a label
 *   without a known cell of positive weight (`UNDEFINED_METRIC`).
 * @example
 * ```ts
 * import { brierScore } from 'tfjs-multilabel/metrics';
 *
 * const yTrue = [[1, 0], [0, 1]];
 * const yProb = [[0.9, 0.2], [0.3, 0.6]];
 * // Label 0: (0.1² + 0.3²) / 2 = 0.05; label 1: (0.2² + 0.4²) / 2 = 0.1.
 * console.log(Array.from(brierScore(yTrue, yProb, { average: 'none' })).map((v) => v.toFixed(4))); // ['0.0500', '0.1000']
 * console.log(brierScore(yTrue, yProb).toFixed(4)); // '0.0750'
 * ```
 */
export function brierScore<A extends Average = 'macro'>(
  yTrue: LabelMatrix,
  yProb: ScoreMatrix,
  options: BrierScoreOptions<A> = {},
): AverageResult<A> {
  const inputs = readProbabilityInputs(yTrue, yProb, options, 'brierScore');
  const { truth, probabilities, sampleWeight, average } = inputs;
  return averageBinaryMetric(truth, probabilities, brierOfProblem, {
    average,
    sampleWeight,
    what: 'Brier score',
  }) as AverageResult<A>;
}

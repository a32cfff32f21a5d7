import type { BinaryRanks } from '../core/kernels/positive-ranks.js';
import type { LabelMatrix, ScoreMatrix } from '../core/matrix.js';
import { binaryCurve } from './binary-curve.js';
import type { Average, AverageResult } from './inputs.js';
import type { BinaryMetric } from './label-averaging.js';
import type { SampleOptions } from './options.js';
import { assertNotEmptyProblem } from './problem-buffer.js';
import { averageRankingMetric } from './ranked-average.js';
import { rankedRowValues } from './row-ranking.js';

/**
 * Options of the averaged ranking metrics ({@link averagePrecisionScore}, {@link rocAucScore}).
 *
 * @expand
 * @category Options
 * @example
 * ```ts
 * import { averagePrecisionScore, type RankingAverageOptions } from 'tfjs-multilabel/metrics';
 *
 * const options: RankingAverageOptions = { average: 'micro' };
 * console.log(averagePrecisionScore([[1, 0], [0, 1]], [[0.9, 0.2], [0.3, 0.8]], options)); // 1
 * ```
 */
export interface RankingAverageOptions<A extends Average = Average> extends SampleOptions {
  /**
   * How per-label values are combined.
   *
   * @defaultValue `'macro'`
   */
  average?: A;
}

/** Average precision of a ranked unweighted problem (the fast path). */
const rankedAveragePrecision = (ranks: BinaryRanks) => ranks.averagePrecision();

/** Average precision of one binary problem, scikit-learn's step-wise (not interpolated) sum. @internal */
export const binaryAveragePrecision: BinaryMetric = (problem, workspace, where) => {
  assertNotEmptyProblem(problem, where, 'average precision');
  const count = binaryCurve(problem, workspace);
  const { tps, fps } = workspace;
  const positives = tps[count - 1];
  // No positive: scikit-learn sets recall to 1 everywhere, which makes AP 0 (with a warning).
  if (positives === 0) return 0;
  let sum = 0;
  let previousRecall = 0;
  for (let k = 0; k < count; k++) {
    const recall = tps[k] / positives;
    const predicted = tps[k] + fps[k];
    sum += (recall - previousRecall) * (predicted === 0 ? 0 : tps[k] / predicted);
    previousRecall = recall;
  }
  return sum;
};

/**
 * Average precision (the area under the precision-recall curve as a step sum over the distinct
 * score thresholds, not interpolated), per label and averaged (scikit-learn's
 * `average_precision_score`). Higher is better; a random ranking scores about the label's
 * prevalence. Equal scores form one threshold, so all-tied scores give the prevalence.
 *
 * Where scikit-learn warns and returns a value, this returns the same value: a label with no
 * positive scores 0 (scikit-learn: -0.0, "No positive class found") and still counts in the
 * macro mean. `'weighted'` weights labels by their (sample-weighted) positives and is 0 when
 * there are none; `'samples'` scores each row's labels as one problem.
 *
 * Missing labels (`ignoreIndex`): a missing cell is dropped from its label's column (and from
 * its row for `'samples'`, from the pooled cells for `'micro'`).
 *
 * @summary Average precision (area under the precision-recall curve) per label.
 * @category Ranking metrics
 * @param yTrue True labels, 0/1 (and, with `ignoreIndex`, that marker or NaN for a missing label), one row per sample.
 * @param yScore Scores (probabilities or logits; only their order matters), the same shape.
 * @param options `average` (default `'macro'`), `sampleWeight`, `ignoreIndex`.
 * @returns The averaged AP, or a `Float64Array` per label for `average: 'none'`.
 * @throws {@link MultilabelError} on a shape mismatch, non-binary labels, NaN or infinite
 * scores, empty input, an unknown `average`, bad weights, or a label (row, for `'samples'`)
 * with no known cell of positive weight.
 * @example
 * ```ts
 * import { averagePrecisionScore } from 'tfjs-multilabel/metrics';
 *
 * const yTrue = [[1, 0], [0, 1], [1, 1]];
 * const yScore = [[0.9, 0.3], [0.4, 0.6], [0.5, 0.1]];
 * // Label 0 ranks both positives first; label 1 ranks a negative above one positive.
 * const ap = averagePrecisionScore(yTrue, yScore, { average: 'none' });
 * console.log(Array.from(ap).map((v) => v.toFixed(4))); // ['1.0000', '0.8333']
 * ```
 */
export function averagePrecisionScore<A extends Average = 'macro'>(
  yTrue: LabelMatrix,
  yScore: ScoreMatrix,
  options: RankingAverageOptions<A> = {},
): AverageResult<A> {
  return averageRankingMetric(yTrue, yScore, options, {
    caller: 'averagePrecisionScore',
    keys: ['average'],
    what: 'average precision',
    fast: rankedAveragePrecision,
    settle: ({ truth, scores, sampleWeight }) => ({
      metric: binaryAveragePrecision,
      ranked: rankedAveragePrecision,
      // Per-row AP without sorting the row (see RowRanker.averagePrecision).
      samples: () =>
        rankedRowValues(truth, scores, sampleWeight, false, (ranker, _r, w) => {
          if (ranker.positives === 0 || w === 0) return 0;
          return ranker.negatives === 0 ? 1 : ranker.averagePrecision();
        }),
    }),
  }) as AverageResult<A>;
}

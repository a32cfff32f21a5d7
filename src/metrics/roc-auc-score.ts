import { MultilabelError } from '../core/errors.js';
import type { BinaryRanks } from '../core/kernels/positive-ranks.js';
import type { LabelMatrix, ScoreMatrix } from '../core/matrix.js';
import { checkNumber } from '../core/validate.js';
import type { RankingAverageOptions } from './average-precision-score.js';
import { binaryCurve } from './binary-curve.js';
import type { Average, AverageResult } from './inputs.js';
import type { BinaryMetric } from './label-averaging.js';
import { assertNotEmptyProblem } from './problem-buffer.js';
import { averageRankingMetric } from './ranked-average.js';
import { rocPoints } from './roc-curve.js';
import { rankedRowValues } from './row-ranking.js';

/**
 * Options of {@link rocAucScore}.
 *
 * @expand
 * @category Options
 * @example
 * ```ts
 * import { rocAucScore, type RocAucOptions } from 'tfjs-multilabel/metrics';
 *
 * const options: RocAucOptions = { maxFpr: 0.5 };
 * console.log(rocAucScore([[1, 0], [0, 1]], [[0.9, 0.1], [0.2, 0.8]], options)); // 1
 * ```
 */
export interface RocAucOptions<A extends Average = Average> extends RankingAverageOptions<A> {
  /**
   * Standardised partial AUC over false positive rates in [0, maxFpr] (McClish 1989), in (0, 1].
   *
   * @defaultValue none: the full AUC
   */
  maxFpr?: number;
}

/** ROC AUC of a ranked unweighted problem (the fast path of the full AUC). @internal */
export function rankedRocAuc(ranks: BinaryRanks, where: string): number {
  if (ranks.positiveCount === 0 || ranks.negativeCount === 0) {
    throw undefinedAuc(where, 'only one class is present in `yTrue`');
  }
  return ranks.rocAuc();
}

/** The error of a ROC AUC that scikit-learn refuses to compute. @internal */
function undefinedAuc(where: string, classes: string): MultilabelError {
  return new MultilabelError(
    'UNDEFINED_METRIC',
    `ROC AUC is undefined for ${where}: ${classes}. scikit-learn raises here too; drop that label, use average: 'micro', or use averagePrecisionScore.`,
  );
}

/** ROC AUC (full or McClish-standardised partial) of one binary problem, as scikit-learn. @internal */
export function binaryRocAuc(maxFpr: number | undefined): BinaryMetric {
  return (problem, workspace, where, classes) => {
    if (!classes.positive || !classes.negative) {
      throw undefinedAuc(where, 'only one class is present in `yTrue`');
    }
    assertNotEmptyProblem(problem, where, 'ROC AUC');
    const count = binaryCurve(problem, workspace);
    // A class whose rows all weigh 0: scikit-learn's rates are NaN (with a warning), and so
    // is this value; an average that would include it throws (see averageBinaryMetric).
    if (!(workspace.tps[count - 1] > 0) || !(workspace.fps[count - 1] > 0)) return Number.NaN;
    const { fpr, tpr } = rocPoints(workspace, count, true, false);
    if (maxFpr === undefined || maxFpr === 1) return trapezoid(fpr, tpr, fpr.length);
    // Interpolate tpr at maxFpr, integrate up to it, then standardise (scikit-learn's steps).
    let stop = 0;
    while (stop < fpr.length && fpr[stop] <= maxFpr) stop++;
    const x0 = fpr[stop - 1];
    const y0 = tpr[stop - 1];
    const x1 = fpr[stop];
    const y1 = tpr[stop];
    const yAtMax = x1 === x0 ? y1 : y0 + ((maxFpr - x0) / (x1 - x0)) * (y1 - y0);
    // scikit-learn's (partial - minArea) / (maxFpr - minArea) with minArea = maxFpr^2 / 2,
    // divided through by maxFpr first: a tiny (even subnormal) maxFpr keeps its precision.
    const partial =
      trapezoid(fpr, tpr, stop) / maxFpr + (((maxFpr - x0) / maxFpr) * (yAtMax + y0)) / 2;
    const half = maxFpr / 2;
    return 0.5 * (1 + (partial - half) / (1 - half));
  };
}

/** The trapezoid rule over the first `m` points, as `np.trapz`. */
function trapezoid(x: Float64Array, y: Float64Array, m: number): number {
  let area = 0;
  for (let i = 1; i < m; i++) area += ((x[i] - x[i - 1]) * (y[i] + y[i - 1])) / 2;
  return area;
}

/**
 * Area under the ROC curve, per label and averaged (scikit-learn's `roc_auc_score`): the
 * probability that a random positive scores above a random negative, ties counting one half
 * (the trapezoid under the curve equals the Mann-Whitney U statistic). Higher is better; 0.5
 * is chance. `maxFpr` gives the McClish-standardised partial AUC.
 *
 * Where scikit-learn raises, this throws `UNDEFINED_METRIC` naming the label (or row): a label
 * with only one class, except for `'micro'`, and any such row for `'samples'` (scikit-learn
 * #19394; torchmetrics and Keras return 0 instead, which biases the mean). `'weighted'`
 * weights labels by their positives and returns 0 without scoring when there are none. A label
 * whose positives (or negatives) all have weight 0 has a NaN AUC, as in scikit-learn: it
 * shows as NaN with `average: 'none'`, counts 0 in `'weighted'` when its weight is 0, and makes
 * any other average throw (where scikit-learn returns NaN).
 *
 * Missing labels (`ignoreIndex`): a missing cell is dropped from its label's column (and from
 * its row for `'samples'`, from the pooled cells for `'micro'`).
 *
 * @summary Area under the ROC curve per label, averaged. 0.5 is chance.
 * @category Ranking metrics
 * @param yTrue True labels, 0/1 (and, with `ignoreIndex`, that marker or NaN for a missing label), one row per sample.
 * @param yScore Scores (only their order matters), the same shape.
 * @param options `average` (default `'macro'`), `maxFpr`, `sampleWeight`, `ignoreIndex`.
 * @returns The averaged AUC, or a `Float64Array` per label for `average: 'none'`.
 * @throws {@link MultilabelError} on a shape mismatch, non-binary labels, NaN or infinite
 * scores, empty input, an unknown `average`, `maxFpr` outside (0, 1], bad weights, or a label
 * (row) with a single class.
 * @example
 * ```ts
 * import { rocAucScore } from 'tfjs-multilabel/metrics';
 *
 * const yTrue = [[1, 0], [0, 1], [1, 1], [0, 0]];
 * const yScore = [[0.9, 0.2], [0.3, 0.7], [0.6, 0.4], [0.6, 0.5]];
 * console.log(Array.from(rocAucScore(yTrue, yScore, { average: 'none' }))); // [0.875, 0.75]
 * ```
 */
export function rocAucScore<A extends Average = 'macro'>(
  yTrue: LabelMatrix,
  yScore: ScoreMatrix,
  options: RocAucOptions<A> = {},
): AverageResult<A> {
  const givenMaxFpr = (options as { maxFpr?: unknown } | null)?.maxFpr;
  return averageRankingMetric(yTrue, yScore, options, {
    caller: 'rocAucScore',
    keys: ['average', 'maxFpr'],
    what: 'ROC AUC',
    fast: givenMaxFpr === undefined ? rankedRocAuc : undefined,
    settle: ({ truth, scores, sampleWeight }) => {
      const maxFpr =
        options.maxFpr === undefined
          ? undefined
          : checkNumber(options.maxFpr, 'maxFpr', { min: 0, minExclusive: true, max: 1 });
      const partial = maxFpr !== undefined && maxFpr !== 1;
      return {
        metric: binaryRocAuc(maxFpr),
        ranked: partial ? undefined : rankedRocAuc,
        samples: partial
          ? undefined
          : () =>
              // Per-row AUC from pair counts: (pairs ordered right + ties / 2) / (P N).
              rankedRowValues(truth, scores, sampleWeight, true, (ranker, r, w) => {
                const { positives, negatives } = ranker;
                if (positives === 0 || negatives === 0) {
                  throw undefinedAuc(`row ${r}`, 'only one class is present in `yTrue`');
                }
                const pairs = positives * negatives;
                const wrong = ranker.misorderedPairs() - ranker.tiedPairs() / 2;
                return w === 0 ? 0 : (pairs - wrong) / pairs;
              }),
      };
    },
  }) as AverageResult<A>;
}

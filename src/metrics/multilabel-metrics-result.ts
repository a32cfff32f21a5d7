/**
 * The result types of {@link MultilabelMetrics.compute}.
 *
 * @internal
 * @module
 */

/**
 * The values of one count metric (or average precision) under every average.
 *
 * @category Results
 * @example
 * ```ts
 * import { MultilabelMetrics, type AveragedValues } from 'tfjs-multilabel/metrics';
 *
 * const metrics = new MultilabelMetrics();
 * metrics.update([[1, 0], [1, 1]], [[0.9, 0.1], [0.2, 0.8]]);
 * const recall: AveragedValues = metrics.compute().recall;
 * console.log(recall.micro, recall.macro, Array.from(recall.perLabel)); // 0.6666666666666666 0.75 [0.5, 1]
 * ```
 */
export interface AveragedValues {
  /** Pooled over labels. */
  readonly micro: number;
  /** Mean over labels. */
  readonly macro: number;
  /** Mean over labels weighted by support. */
  readonly weighted: number;
  /** Mean over rows (NaN for ROC AUC, which is not summarised per row). */
  readonly samples: number;
  /** One value per label. */
  readonly perLabel: Float64Array;
}

/**
 * Every metric of a {@link MultilabelMetrics}, equal to the array function of the same name
 * on all the rows seen (count metrics on the predictions at the threshold). A value that the
 * array function would refuse to compute (it throws `UNDEFINED_METRIC`: ROC AUC of a label
 * with one class, a weighted mean whose weights sum to 0) is NaN here, so that one undefined
 * label does not hide the rest.
 *
 * @summary Every metric of a {@link MultilabelMetrics}, as the array functions give them.
 * @category Results
 * @example
 * ```ts
 * import { MultilabelMetrics, type MultilabelMetricsResult } from 'tfjs-multilabel/metrics';
 *
 * const metrics = new MultilabelMetrics();
 * metrics.update([[1, 0], [0, 1]], [[0.8, 0.3], [0.1, 0.7]]);
 * const result: MultilabelMetricsResult = metrics.compute();
 * console.log(result.rows, result.subsetAccuracy, result.rocAuc.macro); // 2 1 1
 * ```
 */
export interface MultilabelMetricsResult {
  /** Rows seen (with at least one known label). */
  readonly rows: number;
  /** {@link hammingLoss} at the threshold. */
  readonly hammingLoss: number;
  /** {@link subsetAccuracy} at the threshold. */
  readonly subsetAccuracy: number;
  /** {@link precisionScore} at the threshold. */
  readonly precision: AveragedValues;
  /** {@link recallScore} at the threshold. */
  readonly recall: AveragedValues;
  /** {@link f1Score} at the threshold. */
  readonly f1: AveragedValues;
  /** {@link fbetaScore} with the accumulator's `beta` at the threshold. */
  readonly fbeta: AveragedValues;
  /** {@link jaccardScore} at the threshold. */
  readonly jaccard: AveragedValues;
  /** {@link specificityScore} at the threshold. */
  readonly specificity: AveragedValues;
  /** {@link averagePrecisionScore} (binned with `bins`). */
  readonly averagePrecision: AveragedValues;
  /** {@link rocAucScore} (binned with `bins`); `samples` is NaN. */
  readonly rocAuc: AveragedValues;
  /** {@link labelRankingAveragePrecision}. */
  readonly labelRankingAveragePrecision: number;
  /** {@link coverageError}. */
  readonly coverageError: number;
  /** {@link labelRankingLoss}. */
  readonly labelRankingLoss: number;
  /** {@link oneError}. */
  readonly oneError: number;
  /** {@link ndcgScore} (all positions, ties averaged). */
  readonly ndcg: number;
  /**
   * With `bins`: bounds on |binned - exact| of average precision and ROC AUC, per label and
   * for the micro, macro and weighted averages (`samples` is exact, bound 0). Undefined when
   * the values are exact.
   */
  readonly errorBound:
    | {
        /** Bounds of the binned average precision. */
        readonly averagePrecision: AveragedValues;
        /** Bounds of the binned ROC AUC. */
        readonly rocAuc: AveragedValues;
      }
    | undefined;
}

/** The values of a per-label metric without the row (`samples`) average. @internal */
export type LabelAveragedValues = Omit<AveragedValues, 'samples'>;

/** The per-label ranking metrics (average precision, ROC AUC) of a ranking state. @internal */
export interface RankingValues {
  averagePrecision: LabelAveragedValues;
  rocAuc: AveragedValues;
  errorBound: MultilabelMetricsResult['errorBound'];
}

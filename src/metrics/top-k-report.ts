import { MultilabelError } from '../core/errors.js';
import { assertPositiveTotal } from '../core/kernels/count-averaging.js';
import type { LabelMatrix, ScoreMatrix } from '../core/matrix.js';
import type { SparseLabelMatrix } from '../core/sparse-label-matrix.js';
import type { TopKPredictions } from '../core/top-k-predictions.js';
import { checkBoolean } from '../core/validate.js';
import { readK } from './at-k.js';
import type { SampleOptions } from './options.js';
import { propensityScoredValue, readPropensities } from './propensity-scored.js';
import { readTopKInputs } from './top-k-rows.js';
import { meanOverRows, type PropensitySums, topKSums } from './top-k-sums.js';

/**
 * Options of {@link topKReport}.
 *
 * @expand
 * @category Options
 * @example
 * ```ts
 * import { topKReport, type TopKReportOptions } from 'tfjs-multilabel/metrics';
 *
 * const options: TopKReportOptions = { k: 2, propensities: [0.5, 0.25, 1] };
 * console.log(topKReport([[0, 1, 0]], [[0.2, 0.9, 0.5]], options).propensityScoredPrecision); // Float64Array(2) [1, 1]
 * ```
 */
export interface TopKReportOptions extends SampleOptions {
  /** The largest cut: the report holds every cut from 1 to `k`. */
  k: number;
  /**
   * One propensity per label, in (0, 1] (see {@link jainPropensities}): adds the
   * propensity-scored metrics.
   *
   * @defaultValue none: no propensity-scored metric
   */
  propensities?: ArrayLike<number>;
  /**
   * As in {@link PropensityScoredOptions}: divide the propensity-scored metrics by their value
   * on the best possible ranking. Only with `propensities`.
   *
   * @defaultValue `true`
   */
  normalize?: boolean;
}

/**
 * What {@link topKReport} returns: each metric at every cut, index `j - 1` holding the value at
 * `j`.
 *
 * @category Results
 * @example
 * ```ts
 * import { topKReport, type TopKReport } from 'tfjs-multilabel/metrics';
 *
 * const report: TopKReport = topKReport([[1, 0, 1]], [[0.9, 0.8, 0.7]], { k: 3 });
 * console.log(Array.from(report.precision)); // [1, 0.5, 0.6666666666666666]
 * ```
 */
export interface TopKReport {
  /** The largest cut. */
  readonly k: number;
  /** {@link precisionAtK} at cuts 1 to `k`. */
  readonly precision: Float64Array;
  /** {@link recallAtK} at cuts 1 to `k`. */
  readonly recall: Float64Array;
  /** {@link ndcgAtK} at cuts 1 to `k`. */
  readonly ndcg: Float64Array;
  /** {@link propensityScoredPrecisionAtK} at cuts 1 to `k`; undefined without `propensities`. */
  readonly propensityScoredPrecision: Float64Array | undefined;
  /** {@link propensityScoredNdcgAtK} at cuts 1 to `k`; undefined without `propensities`. */
  readonly propensityScoredNdcg: Float64Array | undefined;
}

/**
 * Every top-k metric at every cut from 1 to `k` in one pass, as pyxclib reports them: P@j,
 * R@j, nDCG@j and, with `propensities`, PSP@j and PSnDCG@j. Each row's top `k` is selected once
 * and the inputs are checked once, so the whole report costs about one metric call; every value
 * is exactly what the single-cut function gives (same ranking, same sums in the same order).
 * Takes every form the top-k metrics take: dense or {@link SparseLabelMatrix} labels, dense
 * scores or {@link TopKPredictions}.
 *
 * Missing labels (`ignoreIndex`): as {@link precisionAtK}.
 *
 * @summary P@j, R@j, nDCG@j (and PSP@j, PSnDCG@j) for every j up to k, in one pass.
 * @category Top-k metrics
 * @param yTrue True labels, 0/1 (and, with `ignoreIndex`, that marker or NaN for a missing label), one row per sample, or a {@link SparseLabelMatrix}.
 * @param yScore Scores, the same shape, or {@link TopKPredictions} listing at least `k` labels per row.
 * @param options `k` (required), `propensities`, `normalize`, `sampleWeight`, `ignoreIndex`.
 * @returns The values at every cut.
 * @throws {@link MultilabelError} as {@link precisionAtK} and, with `propensities`, as
 *   {@link propensityScoredPrecisionAtK}; `INVALID_OPTION` for `normalize` without `propensities`.
 * @example
 * ```ts
 * import { topKReport } from 'tfjs-multilabel/metrics';
 *
 * const report = topKReport([[1, 0, 1, 0]], [[0.9, 0.8, 0.7, 0.1]], { k: 3 });
 * console.log(Array.from(report.precision)); // [1, 0.5, 0.6666666666666666]
 * console.log(Array.from(report.recall)); // [0.5, 0.5, 1]
 * ```
 */
export function topKReport(
  yTrue: LabelMatrix | SparseLabelMatrix,
  yScore: ScoreMatrix | TopKPredictions,
  options: TopKReportOptions,
): TopKReport {
  const caller = 'topKReport';
  const { rows, sampleWeight } = readTopKInputs(
    yTrue,
    yScore,
    options,
    ['k', 'propensities', 'normalize'],
    caller,
  );
  const k = readK(options.k, rows.cols);
  const propensities =
    options.propensities === undefined
      ? undefined
      : readPropensities(options.propensities, rows.cols);
  if (propensities === undefined && options.normalize !== undefined) {
    throw new MultilabelError(
      'INVALID_OPTION',
      '`normalize` applies to the propensity-scored metrics: pass `propensities` too, or leave `normalize` out.',
    );
  }
  const normalize = checkBoolean(options.normalize, 'normalize', true);
  const sums = topKSums(rows, sampleWeight, k, propensities?.inverse, true);
  assertPositiveTotal(sums.total, caller);
  const means = (values: Float64Array, what: string) =>
    values.map((sum) => meanOverRows(sum, sums.total, what));
  const scored = (pair: PropensitySums | undefined, what: string) =>
    propensities === undefined
      ? undefined
      : (pair as PropensitySums).sum.map((sum, i) =>
          propensityScoredValue(
            sum,
            (pair as PropensitySums).idealSum[i],
            sums.total,
            propensities,
            normalize,
            what,
          ),
        );
  return {
    k,
    precision: means(sums.precision, 'precision at k'),
    recall: means(sums.recall, 'recall at k'),
    ndcg: means(sums.ndcg, 'nDCG at k'),
    propensityScoredPrecision: scored(sums.psp, 'propensityScoredPrecisionAtK'),
    propensityScoredNdcg: scored(sums.psndcg, 'propensityScoredNdcgAtK'),
  };
}

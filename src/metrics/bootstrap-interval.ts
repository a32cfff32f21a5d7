import type { LabelMatrix } from '../core/matrix.js';
import type { SparseLabelMatrix } from '../core/sparse-label-matrix.js';
import type { BootstrapMethod } from './bootstrap-bounds.js';
import {
  type OutputInterval,
  outputInterval,
  readBootstrapSettings,
  resample,
  shapeIntervals,
} from './bootstrap-resampling.js';
import { outputsOf, resampledStatistic } from './bootstrap-statistic.js';

/**
 * Options of {@link bootstrapInterval} and {@link pairedBootstrap}.
 *
 * @expand
 * @typeParam O The options of the metric.
 * @category Options
 * @example
 * ```ts
 * import { bootstrapInterval, f1Score, type BootstrapOptions, type CountMetricOptions } from 'tfjs-multilabel/metrics';
 *
 * const options: BootstrapOptions<CountMetricOptions> = {
 *   metricOptions: { average: 'micro' },
 *   nResamples: 200,
 *   method: 'percentile',
 * };
 * const { low, high } = bootstrapInterval(f1Score, [[1, 0], [0, 1], [1, 1]], [[1, 0], [0, 0], [1, 1]], options);
 * console.log(low <= high); // true
 * ```
 */
export interface BootstrapOptions<O = object> {
  /**
   * The metric's own options, such as `{ average: 'macro' }`. A `sampleWeight` here weighs the
   * rows as it does for the metric; each resample multiplies it by the number of times it draws
   * each row.
   *
   * @defaultValue `{}`
   */
  metricOptions?: O;
  /**
   * How many resamples of the rows to draw.
   *
   * @defaultValue `1000`
   */
  nResamples?: number;
  /**
   * The confidence level of the interval, strictly between 0 and 1.
   *
   * @defaultValue `0.95`
   */
  confidence?: number;
  /**
   * `'bca'`: bias-corrected and accelerated percentiles (Efron 1987), which correct a replicate
   * distribution that is off-centre or skewed, as bounded metrics near 0 or 1 give;
   * `'percentile'`: the plain percentiles of the replicates.
   *
   * @defaultValue `'bca'`, as SciPy's `scipy.stats.bootstrap`
   */
  method?: BootstrapMethod;
  /**
   * Seed of the resampling: the same seed gives the same resamples, and so the same interval.
   *
   * @defaultValue `0`
   */
  seed?: number;
}

/**
 * What {@link bootstrapInterval} returns: numbers for a metric that returns a number,
 * `Float64Array`s (one value per label) for one that returns them (`average: 'none'`).
 *
 * @summary The estimate, its interval and standard error; per label too.
 * @category Results
 * @typeParam R `number`, or `Float64Array` for per-label values.
 * @example
 * ```ts
 * import { bootstrapInterval, recallScore, type BootstrapInterval } from 'tfjs-multilabel/metrics';
 *
 * const yTrue = [[1, 0], [1, 1], [0, 1], [1, 0]];
 * const yPred = [[1, 0], [0, 1], [0, 1], [1, 1]];
 * const perLabel: BootstrapInterval<Float64Array> = bootstrapInterval(recallScore, yTrue, yPred, {
 *   metricOptions: { average: 'none' },
 *   nResamples: 200,
 * });
 * console.log(Array.from(perLabel.estimate).map((r) => r.toFixed(3))); // ['0.667', '1.000']
 * ```
 */
export interface BootstrapInterval<R extends number | Float64Array = number> {
  /** The metric on the rows as given (with their `sampleWeight`). */
  readonly estimate: R;
  /** The lower bound of the interval. */
  readonly low: R;
  /** The upper bound of the interval. */
  readonly high: R;
  /** The standard deviation of the metric over the resamples (n - 1 in the denominator). */
  readonly standardError: R;
  /**
   * How many resamples left the metric undefined (a label without a positive, for instance);
   * they are left out of the interval.
   */
  readonly undefinedResamples: R;
  /** The confidence level of the interval. */
  readonly confidence: number;
  /** How the interval was made. */
  readonly method: BootstrapMethod;
  /** How many resamples were drawn. */
  readonly nResamples: number;
}

/**
 * A bootstrap confidence interval of any metric of the library (or a function of your own that
 * takes `sampleWeight`): the metric on many resamples of the rows, drawn with replacement, and
 * the interval their values give (scipy's `scipy.stats.bootstrap` for a metric of paired
 * labels and predictions). Per label when the metric returns one value per label
 * (`average: 'none'`).
 *
 * A resample counts each row as often as it is drawn, so it is evaluated as the metric with
 * those counts as `sampleWeight` (what the metric gives on the resampled rows), without copying
 * rows. The count metrics of the library (`f1Score`, `fbetaScore`, `precisionScore`,
 * `recallScore`, `jaccardScore`, `specificityScore`, `hammingLoss`), given as themselves, are
 * counted from each row's cells, read once: 1,000 resamples of macro-F1 on 100,000 x 100 take
 * about as long as 100 calls of the metric.
 *
 * BCa (the default) needs the jackknife: the metric without each row in turn for up to 1,000
 * rows, else without each of 1,000 random groups of rows (the delete-a-group jackknife), which
 * costs as many more metric calls. Resamples on which the metric is undefined (it throws
 * `UNDEFINED_METRIC`, or gives NaN) are left out and counted in `undefinedResamples`.
 *
 * @summary A bootstrap confidence interval of any metric, per label too.
 * @category Uncertainty
 * @param metric A metric such as `f1Score` or `averagePrecisionScore`, or any function
 * `(yTrue, yPred, options)` that takes `sampleWeight` and returns a number or a `Float64Array`.
 * @param yTrue True labels, as the metric takes them.
 * @param yPred Predictions or scores, as the metric takes them.
 * @param options `metricOptions` (the metric's options), `nResamples` (default 1,000),
 * `confidence` (default 0.95), `method` (`'bca'` or `'percentile'`), `seed` (default 0).
 * @returns The estimate, the bounds, the standard error and the count of undefined resamples.
 * @throws {@link MultilabelError} whatever the metric throws on the data; on a bad option; when
 * the metric takes no `sampleWeight` or returns something other than a number or a
 * `Float64Array`; when it is undefined on all but one resample.
 * @example
 * ```ts
 * import { bootstrapInterval, f1Score } from 'tfjs-multilabel/metrics';
 *
 * const yTrue = [[1, 0, 1], [0, 1, 0], [1, 1, 0], [0, 0, 1], [1, 0, 0], [0, 1, 1]];
 * const yPred = [[1, 0, 0], [0, 1, 0], [1, 0, 0], [0, 0, 1], [1, 1, 0], [0, 1, 1]];
 * const { estimate, low, high } = bootstrapInterval(f1Score, yTrue, yPred, {
 *   metricOptions: { average: 'micro' },
 *   seed: 7,
 * });
 * console.log(estimate.toFixed(3), low <= estimate && estimate <= high); // '0.824' true
 * ```
 */
export function bootstrapInterval<
  T extends LabelMatrix | SparseLabelMatrix,
  P,
  const O = object,
  R extends number | Float64Array = number | Float64Array,
>(
  metric: (yTrue: T, yPred: P, options: O) => R,
  yTrue: T,
  yPred: P,
  options: BootstrapOptions<O> = {},
): BootstrapInterval<R> {
  const settings = readBootstrapSettings(options, 'bootstrapInterval');
  const statistic = resampledStatistic(metric, yTrue, yPred, settings.metricOptions as O);
  const { replicates, jackknife } = resample([statistic], settings);
  const { estimate } = statistic;
  const outputs = outputsOf(estimate);
  const intervals: OutputInterval[] = [];
  for (let k = 0; k < outputs; k++) {
    const value = typeof estimate === 'number' ? estimate : estimate[k];
    const what = outputs === 1 ? 'metric' : `metric of label ${k}`;
    intervals.push(outputInterval(value, replicates[0], jackknife[0], outputs, k, settings, what));
  }
  const perLabel = typeof estimate !== 'number';
  const field = (name: keyof OutputInterval) => shapeIntervals(intervals, perLabel, name) as R;
  return {
    estimate: estimate as R,
    low: field('low'),
    high: field('high'),
    standardError: field('standardError'),
    undefinedResamples: field('undefinedResamples'),
    confidence: settings.confidence,
    method: settings.method,
    nResamples: settings.nResamples,
  };
}

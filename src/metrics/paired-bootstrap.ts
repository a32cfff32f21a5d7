import { MultilabelError } from '../core/errors.js';
import type { LabelMatrix } from '../core/matrix.js';
import type { SparseLabelMatrix } from '../core/sparse-label-matrix.js';
import type { BootstrapMethod } from './bootstrap-bounds.js';
import type { BootstrapOptions } from './bootstrap-interval.js';
import {
  type OutputInterval,
  outputInterval,
  readBootstrapSettings,
  resample,
  shapeIntervals,
} from './bootstrap-resampling.js';
import { outputsOf, resampledStatistic } from './bootstrap-statistic.js';

/**
 * What {@link pairedBootstrap} returns: numbers for a metric that returns a number,
 * `Float64Array`s (one value per label) for one that returns them (`average: 'none'`).
 *
 * @summary The difference of two models, its interval and p-value; per label too.
 * @category Results
 * @typeParam R `number`, or `Float64Array` for per-label values.
 * @example
 * ```ts
 * import { f1Score, pairedBootstrap, type PairedBootstrap } from 'tfjs-multilabel/metrics';
 *
 * const yTrue = [[1, 0], [0, 1], [1, 1], [0, 1]];
 * const result: PairedBootstrap = pairedBootstrap(f1Score, yTrue, [[1, 0], [0, 0], [1, 0], [0, 1]], yTrue, {
 *   metricOptions: { average: 'micro' },
 *   nResamples: 200,
 * });
 * console.log(result.difference.toFixed(3)); // '0.250'
 * ```
 */
export interface PairedBootstrap<R extends number | Float64Array = number> {
  /** The metric of `predA` on the rows as given. */
  readonly estimateA: R;
  /** The metric of `predB` on the rows as given. */
  readonly estimateB: R;
  /** `estimateB - estimateA`. */
  readonly difference: R;
  /** The lower bound of the interval of the difference. */
  readonly low: R;
  /** The upper bound of the interval of the difference. */
  readonly high: R;
  /** The standard deviation of the difference over the resamples. */
  readonly standardError: R;
  /**
   * The two-sided p-value of "no difference", from the interval: below `1 - confidence` exactly
   * when the interval leaves 0 out (up to the interpolation between replicates); no smaller than
   * `1 / nResamples`.
   */
  readonly pValue: R;
  /** How many resamples left either metric undefined; they are left out. */
  readonly undefinedResamples: R;
  /** The confidence level of the interval. */
  readonly confidence: number;
  /** How the interval was made. */
  readonly method: BootstrapMethod;
  /** How many resamples were drawn. */
  readonly nResamples: number;
}

/**
 * Is model B better than model A, or is it noise? The paired bootstrap: both models' metric on
 * the same resamples of the rows, and an interval and a p-value for the difference B - A. The
 * pairing keeps the rows both models find hard in the same resamples, which makes the interval
 * of the difference much narrower than two separate intervals (Koehn 2004; Efron & Tibshirani
 * 1993, chapter 16). Per label when the metric returns one value per label.
 *
 * The p-value inverts the interval (Efron & Tibshirani 1993, section 15.4): twice the smaller
 * tail at which a bound of the same method reaches 0. Resampling, BCa and undefined resamples as
 * {@link bootstrapInterval}; a resample counts as undefined when either model's metric is.
 * For a loss (lower is better) a negative difference means B is better.
 *
 * @summary Paired bootstrap of two models: the difference, its interval and p-value.
 * @category Uncertainty
 * @param metric A metric such as `f1Score`, or any function `(yTrue, yPred, options)` that
 * takes `sampleWeight` and returns a number or a `Float64Array`.
 * @param yTrue True labels, as the metric takes them.
 * @param predA Predictions or scores of model A.
 * @param predB Predictions or scores of model B, of the same rows.
 * @param options As {@link bootstrapInterval}.
 * @returns Both estimates, the difference, its interval, standard error and p-value.
 * @throws {@link MultilabelError} as {@link bootstrapInterval}, and when the two metrics are of
 * different kinds (a number and a `Float64Array`, or different lengths).
 * @example
 * ```ts
 * import { f1Score, pairedBootstrap } from 'tfjs-multilabel/metrics';
 *
 * const yTrue = [[1, 0, 1], [0, 1, 0], [1, 1, 0], [0, 0, 1], [1, 0, 0], [0, 1, 1]];
 * const modelA = [[1, 0, 0], [0, 1, 0], [1, 0, 0], [0, 0, 1], [1, 1, 0], [0, 1, 1]];
 * const modelB = [[1, 0, 1], [0, 1, 0], [1, 1, 0], [0, 0, 1], [1, 0, 0], [0, 1, 0]];
 * const { difference, low, pValue } = pairedBootstrap(f1Score, yTrue, modelA, modelB, {
 *   metricOptions: { average: 'micro' },
 * });
 * console.log(difference.toFixed(3), low < 0, pValue > 0.05); // '0.118' true true
 * ```
 */
export function pairedBootstrap<
  T extends LabelMatrix | SparseLabelMatrix,
  P,
  const O = object,
  R extends number | Float64Array = number | Float64Array,
>(
  metric: (yTrue: T, yPred: P, options: O) => R,
  yTrue: T,
  predA: P,
  predB: P,
  options: BootstrapOptions<O> = {},
): PairedBootstrap<R> {
  const settings = readBootstrapSettings(options, 'pairedBootstrap');
  const metricOptions = settings.metricOptions as O;
  const a = resampledStatistic(metric, yTrue, predA, metricOptions);
  const b = resampledStatistic(metric, yTrue, predB, metricOptions);
  const outputs = outputsOf(a.estimate);
  if (typeof a.estimate !== typeof b.estimate || outputsOf(b.estimate) !== outputs) {
    throw new MultilabelError(
      'INVALID_ARGUMENT',
      `\`metric\` returned ${outputs} value(s) for \`predA\` but ${outputsOf(b.estimate)} for \`predB\`; compare predictions of the same labels with the same options.`,
    );
  }
  const { replicates, jackknife } = resample([a, b], settings);
  const difference = subtract(replicates[1], replicates[0]);
  const jackknifeDifference =
    jackknife.length === 0 ? undefined : subtract(jackknife[1], jackknife[0]);
  const component = (e: number | Float64Array, k: number) => (typeof e === 'number' ? e : e[k]);
  const intervals: OutputInterval[] = [];
  for (let k = 0; k < outputs; k++) {
    const estimate = component(b.estimate, k) - component(a.estimate, k);
    const what = outputs === 1 ? 'difference' : `difference of label ${k}`;
    intervals.push(
      outputInterval(estimate, difference, jackknifeDifference, outputs, k, settings, what),
    );
  }
  const perLabel = typeof a.estimate !== 'number';
  const field = (name: keyof OutputInterval) => shapeIntervals(intervals, perLabel, name) as R;
  const estimateDifference =
    typeof a.estimate === 'number'
      ? (b.estimate as number) - a.estimate
      : subtract(b.estimate as Float64Array, a.estimate);
  return {
    estimateA: a.estimate as R,
    estimateB: b.estimate as R,
    difference: estimateDifference as R,
    low: field('low'),
    high: field('high'),
    standardError: field('standardError'),
    pValue: field('pValue'),
    undefinedResamples: field('undefinedResamples'),
    confidence: settings.confidence,
    method: settings.method,
    nResamples: settings.nResamples,
  };
}

function subtract(b: Float64Array, a: Float64Array): Float64Array {
  const out = new Float64Array(a.length);
  for (let i = 0; i < a.length; i++) out[i] = b[i] - a[i];
  return out;
}

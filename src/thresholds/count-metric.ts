import { MultilabelError } from '../core/errors.js';
import type { CountScore } from '../core/kernels/count-averaging.js';
import {
  fbetaFromCounts,
  jaccardFromCounts,
  precisionFromCounts,
  recallFromCounts,
} from '../core/kernels/count-scores.js';
import { checkEnum, checkNumber } from '../core/validate.js';
import { valueText } from '../core/value-text.js';

/**
 * The confusion counts of one decision (a label, a row, or every cell pooled) that a
 * {@link CountMetric} scores. Counts are sample-weighted sums of cells.
 *
 * @summary The confusion counts a {@link CountMetric} scores.
 * @category Options
 * @example
 * ```ts
 * import { optimizeThresholds, type ThresholdCounts } from 'tfjs-multilabel/thresholds';
 *
 * // Informedness (Youden's J): recall + specificity - 1.
 * const informedness = ({ tp, fp, fn, tn }: ThresholdCounts) => tp / (tp + fn) + tn / (tn + fp) - 1;
 * const t = optimizeThresholds([[1], [0], [1], [0]], [[0.9], [0.4], [0.6], [0.1]], { metric: informedness });
 * console.log(t.score); // 1
 * ```
 */
export interface ThresholdCounts {
  /** True positives: predicted and relevant. */
  readonly tp: number;
  /** False positives: predicted, not relevant. */
  readonly fp: number;
  /** False negatives: relevant, not predicted. */
  readonly fn: number;
  /** True negatives: neither predicted nor relevant. */
  readonly tn: number;
}

/**
 * A metric written as a function of confusion counts (higher is better). It must return a
 * finite number for every count it is given, including the all-zero corner cases a label or row
 * can meet (handle 0/0 yourself).
 *
 * @summary A metric of confusion counts, written as a function (higher is better).
 * @category Options
 * @example
 * ```ts
 * import type { CountMetric } from 'tfjs-multilabel/thresholds';
 *
 * const accuracy: CountMetric = ({ tp, fp, fn, tn }) => (tp + tn) / (tp + fp + fn + tn);
 * console.log(accuracy({ tp: 3, fp: 1, fn: 0, tn: 4 })); // 0.875
 * ```
 */
export type CountMetric = (counts: ThresholdCounts) => number;

/**
 * The built-in metrics the threshold optimizers maximise: `'f1'`, `'fbeta'` (with `beta`),
 * `'jaccard'` (tp / (tp + fp + fn)), `'balancedAccuracy'` ((recall + specificity) / 2, or the
 * one of them that is defined when a label has only one class, as scikit-learn's
 * `balanced_accuracy_score`), and `'precision'` and `'recall'`, meant for an operating point
 * (the best recall with `minPrecision`, the best precision with `minRecall`): alone, the best
 * recall predicts everything and the best precision only the top scores.
 *
 * @inline
 * @summary The built-in metrics of the threshold search.
 * @category Options
 * @example
 * ```ts
 * import type { ThresholdMetricName } from 'tfjs-multilabel/thresholds';
 *
 * const metric: ThresholdMetricName = 'jaccard';
 * console.log(metric); // 'jaccard'
 * ```
 */
export type ThresholdMetricName =
  | 'f1'
  | 'fbeta'
  | 'jaccard'
  | 'balancedAccuracy'
  | 'precision'
  | 'recall';

/**
 * What a threshold optimizer or rule maximises: a built-in metric name or any function of the
 * confusion counts.
 *
 * @inline
 * @summary What a threshold search maximises: a metric name or a {@link CountMetric}.
 * @category Options
 * @example
 * ```ts
 * import type { ThresholdMetric } from 'tfjs-multilabel/thresholds';
 *
 * const byName: ThresholdMetric = 'f1';
 * const byCounts: ThresholdMetric = ({ tp, fp, fn }) => (tp === 0 ? 0 : tp / (tp + fp + fn));
 * console.log(typeof byName, typeof byCounts); // string function
 * ```
 */
export type ThresholdMetric = ThresholdMetricName | CountMetric;

const METRIC_NAMES: readonly ThresholdMetricName[] = [
  'f1',
  'fbeta',
  'jaccard',
  'balancedAccuracy',
  'precision',
  'recall',
];

/**
 * A metric read from the options: its formula plus what the optimizers may rely on.
 *
 * @internal
 */
export interface MetricSpec {
  /** A built-in name or `'custom'`. */
  readonly name: ThresholdMetricName | 'custom';
  readonly evaluate: CountScore;
  /**
   * Built-in metrics never rise when false positives grow with the true positives fixed, so
   * only cuts that end on a tie group holding a positive (and the empty cut) can be optimal.
   */
  readonly monotone: boolean;
  /** F-beta's beta (1 for `'f1'`, 0 for `'precision'`). */
  readonly beta: number;
  /** The value of 0/0: 0 or 1. */
  readonly zeroDivision: number;
}

/** Options that pick the metric: `metric`, `beta`, `zeroDivision`. @internal */
export interface MetricOptions {
  metric?: unknown;
  beta?: unknown;
  zeroDivision?: unknown;
}

/**
 * Reads `metric` (default `'f1'`), `beta` (only with `'fbeta'`, where it is required, finite and
 * `> 0`) and `zeroDivision` (0 or 1, default 0).
 *
 * @internal
 */
export function readMetric(options: MetricOptions): MetricSpec {
  const metric = options.metric ?? 'f1';
  const zeroDivision = checkEnum(options.zeroDivision ?? 0, 'zeroDivision', [0, 1] as const);
  if (typeof metric === 'function') {
    if (options.beta !== undefined) throw betaWithout('a custom metric');
    return {
      name: 'custom',
      evaluate: customScore(metric as CountMetric),
      monotone: false,
      beta: 1,
      zeroDivision,
    };
  }
  const name = checkEnum(metric, 'metric', METRIC_NAMES);
  let beta = 1;
  if (name === 'fbeta') {
    if (options.beta === undefined) {
      throw new MultilabelError(
        'INVALID_OPTION',
        "`metric: 'fbeta'` needs `beta` (a finite number > 0, e.g. 2 to weigh recall more than precision).",
      );
    }
    beta = checkNumber(options.beta, 'beta', { min: 0, minExclusive: true });
  } else if (options.beta !== undefined) {
    throw betaWithout(`metric '${name}'`);
  } else if (name === 'precision') {
    // Precision is F-beta at beta = 0 (the micro search relies on it).
    beta = 0;
  }
  return {
    name,
    evaluate: builtInScore(name, beta, zeroDivision),
    monotone: true,
    beta,
    zeroDivision,
  };
}

function betaWithout(what: string): MultilabelError {
  return new MultilabelError(
    'INVALID_OPTION',
    `\`beta\` only applies to \`metric: 'fbeta'\`, not to ${what}. Remove it, or use metric 'fbeta'.`,
  );
}

function builtInScore(name: ThresholdMetricName, beta: number, zeroDivision: number): CountScore {
  switch (name) {
    case 'f1':
    case 'fbeta':
      return (_tn, fp, fn, tp) => fbetaFromCounts(tp, fp, fn, beta, zeroDivision);
    case 'jaccard':
      return (_tn, fp, fn, tp) => jaccardFromCounts(tp, fp, fn, zeroDivision);
    case 'balancedAccuracy':
      return (tn, fp, fn, tp) => balancedAccuracyFromCounts(tp, fp, fn, tn, zeroDivision);
    case 'precision':
      return (_tn, fp, _fn, tp) => precisionFromCounts(tp, fp, zeroDivision);
    case 'recall':
      return (_tn, _fp, fn, tp) => recallFromCounts(tp, fn, zeroDivision);
  }
}

/**
 * (recall + specificity) / 2; with one class only, the rate of the class present (scikit-learn
 * drops the undefined per-class recall); the `zeroDivision` value without any cell.
 *
 * @internal
 */
export function balancedAccuracyFromCounts(
  tp: number,
  fp: number,
  fn: number,
  tn: number,
  zeroDivision: number,
): number {
  const positives = tp + fn;
  const negatives = tn + fp;
  if (positives === 0 && negatives === 0) return zeroDivision;
  if (positives === 0) return tn / negatives;
  if (negatives === 0) return tp / positives;
  return (tp / positives + tn / negatives) / 2;
}

function customScore(metric: CountMetric): CountScore {
  return (tn, fp, fn, tp) => {
    const value = metric({ tp, fp, fn, tn });
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      throw new MultilabelError(
        'INVALID_ARGUMENT',
        `\`metric\` returned ${valueText(value)} for the counts { tp: ${tp}, fp: ${fp}, fn: ${fn}, tn: ${tn} }; it must return a finite number for every count (handle 0/0 in the function).`,
      );
    }
    return value;
  };
}

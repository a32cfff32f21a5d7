import { MultilabelError } from '../core/errors.js';
import { readIgnoreIndex } from '../core/readers.js';
import { checkBoolean, checkInteger, checkNumber, checkOptionKeys } from '../core/validate.js';
import { valueText } from '../core/value-text.js';
import { METRICS_OPTION_KEYS } from './multilabel-metrics-json.js';
import { checkZeroDivision, type ZeroDivision } from './zero-division.js';

/**
 * The options of {@link MultilabelMetrics}: the public type, their reading and checking, and
 * the per-label thresholds they give once the number of labels is known.
 *
 * @internal
 * @module
 */

/**
 * Options of {@link MultilabelMetrics}. They are fixed for the life of the accumulator (only
 * accumulators with the same options merge).
 *
 * @expand
 * @summary Options of {@link MultilabelMetrics}, fixed for the life of an accumulator.
 * @category Options
 * @example
 * ```ts
 * import { MultilabelMetrics, type MultilabelMetricsOptions } from 'tfjs-multilabel/metrics';
 *
 * const options: MultilabelMetricsOptions = { threshold: 0.3, fromLogits: false, bins: 200 };
 * const metrics = new MultilabelMetrics(options);
 * metrics.update([[1, 0]], [[0.4, 0.2]]);
 * console.log(metrics.compute().f1.micro); // 1
 * ```
 */
export interface MultilabelMetricsOptions {
  /**
   * The decision threshold of the count metrics, one for every label or one per label: a label is
   * predicted when its probability is `>=` it.
   *
   * @defaultValue `0.5`
   */
  threshold?: number | ArrayLike<number>;
  /**
   * Scores are logits: the threshold (and binning) applies to their sigmoid.
   *
   * @defaultValue `false`
   */
  fromLogits?: boolean;
  /**
   * The value of 0/0 in the count metrics.
   *
   * @defaultValue `0`
   */
  zeroDivision?: ZeroDivision;
  /**
   * The beta of the reported F-beta score.
   *
   * @defaultValue `1`
   */
  beta?: number;
  /**
   * Per-label average precision and ROC AUC: omitted, they are exact and the accumulator keeps
   * every score; an integer >= 2 keeps fixed-size histograms of that many probability bins per
   * label instead, and the result reports a guaranteed error bound.
   *
   * @defaultValue none: exact, every score is kept
   */
  bins?: number;
  /**
   * The marker of a missing label: a finite number outside [0, 1] (such as `-1` or `-100`) or
   * `NaN`. Label cells equal to it, and `NaN` cells, are skipped.
   *
   * @defaultValue none: every label must be 0 or 1 (`NON_BINARY_LABELS` otherwise)
   */
  ignoreIndex?: number;
}

/** The checked options of an accumulator. @internal */
export interface MetricsSettings {
  /** One threshold, or one per label. */
  readonly threshold: number | Float64Array;
  readonly fromLogits: boolean;
  readonly zeroDivision: ZeroDivision;
  readonly beta: number;
  readonly bins: number | undefined;
  /** The marker of a missing label (cells equal to it, or NaN); `undefined`: none. */
  readonly ignoreIndex: number | undefined;
}

/** Checks the options of the constructor. @internal */
export function readMetricsSettings(options: MultilabelMetricsOptions): MetricsSettings {
  checkOptionKeys(options, METRICS_OPTION_KEYS, 'MultilabelMetrics');
  const threshold = readThreshold(options.threshold);
  const fromLogits = checkBoolean(options.fromLogits, 'fromLogits', false);
  const zeroDivision = checkZeroDivision(options.zeroDivision);
  const beta =
    options.beta === undefined
      ? 1
      : options.beta === Number.POSITIVE_INFINITY
        ? options.beta
        : checkNumber(options.beta, 'beta', { min: 0 });
  const bins =
    options.bins === undefined
      ? undefined
      : checkInteger(options.bins, 'bins', { min: 2, max: 1 << 20 });
  const ignoreIndex = readIgnoreIndex(options.ignoreIndex);
  return { threshold, fromLogits, zeroDivision, beta, bins, ignoreIndex };
}

/** Whether two accumulators' options are equal (only then do they merge). @internal */
export function sameSettings(a: MetricsSettings, b: MetricsSettings): boolean {
  const ta = a.threshold;
  const tb = b.threshold;
  const sameThreshold =
    typeof ta === 'number' || typeof tb === 'number'
      ? ta === tb
      : ta.length === tb.length && ta.every((v, i) => v === tb[i]);
  return (
    sameThreshold &&
    a.fromLogits === b.fromLogits &&
    a.zeroDivision === b.zeroDivision &&
    a.beta === b.beta &&
    a.bins === b.bins &&
    // The same marker (NaN equals NaN here; a marker is never 0, so Object.is is ===).
    Object.is(a.ignoreIndex, b.ignoreIndex)
  );
}

/** One threshold per label, checked against the first batch's number of labels. @internal */
export function labelThresholds(settings: MetricsSettings, labels: number): Float64Array {
  const threshold = settings.threshold;
  if (typeof threshold === 'number') return new Float64Array(labels).fill(threshold);
  if (threshold.length !== labels) {
    throw new MultilabelError(
      'SHAPE_MISMATCH',
      `\`threshold\` has ${threshold.length} values but the batch has ${labels} labels; give one threshold per label, or a single number.`,
    );
  }
  return threshold;
}

function readThreshold(value: unknown): number | Float64Array {
  if (value === undefined) return 0.5;
  if (typeof value === 'number') return checkNumber(value, 'threshold');
  if (
    value !== null &&
    typeof value === 'object' &&
    typeof (value as ArrayLike<number>).length === 'number'
  ) {
    const list = value as ArrayLike<unknown>;
    const out = new Float64Array(list.length);
    for (let j = 0; j < list.length; j++) out[j] = checkNumber(list[j], `threshold[${j}]`);
    return out;
  }
  throw new MultilabelError(
    'INVALID_OPTION',
    `\`threshold\` must be a number or an array with one number per label, but got ${valueText(value)}.`,
  );
}

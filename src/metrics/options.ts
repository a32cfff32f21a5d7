import type { Average } from './inputs.js';
import type { ZeroDivision } from './zero-division.js';

/**
 * Options every metric accepts: per-row weights and the missing-label marker.
 *
 * @expand
 * @category Options
 * @example
 * ```ts
 * import { hammingLoss, type SampleOptions } from 'tfjs-multilabel/metrics';
 *
 * // The -1 cell is unknown and skipped; the second row counts twice.
 * const options: SampleOptions = { sampleWeight: [1, 2], ignoreIndex: -1 };
 * console.log(hammingLoss([[1, -1], [0, 1]], [[1, 1], [1, 1]], options)); // 0.4
 * ```
 */
export interface SampleOptions {
  /**
   * One weight per row (finite, `>= 0`); a row with weight 2 counts as two copies of it.
   *
   * @defaultValue none: every row weighs 1
   */
  sampleWeight?: ArrayLike<number>;
  /**
   * The marker of a missing label: a finite number outside [0, 1] (such as `-1`, or PyTorch's
   * `-100`) or `NaN`. `yTrue` cells equal to it, and `NaN` cells, are then unknown, and each
   * metric documents how it skips them; any other value but 0 and 1 throws
   * `NON_BINARY_LABELS`.
   *
   * @defaultValue none: every label must be 0 or 1 (anything else throws `NON_BINARY_LABELS`)
   */
  ignoreIndex?: number;
}

/**
 * Options of the averaged count metrics (precision, recall, F-scores, Jaccard, specificity).
 *
 * @expand
 * @summary Options of the averaged count metrics: `average` and `zeroDivision`.
 * @category Options
 * @example
 * ```ts
 * import { jaccardScore, type CountMetricOptions } from 'tfjs-multilabel/metrics';
 *
 * const options: CountMetricOptions = { average: 'samples', zeroDivision: 1 };
 * // Row 2 has no true and no predicted label: 0/0, which zeroDivision turns into 1.
 * console.log(jaccardScore([[1, 1], [0, 0]], [[1, 0], [0, 0]], options)); // 0.75
 * ```
 */
export interface CountMetricOptions extends SampleOptions {
  /**
   * How per-label values are combined.
   *
   * @defaultValue `'macro'`
   */
  average?: Average;
  /**
   * The value of 0/0.
   *
   * @defaultValue `0`, as scikit-learn's default `'warn'`
   */
  zeroDivision?: ZeroDivision;
}

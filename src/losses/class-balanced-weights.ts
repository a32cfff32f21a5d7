import { MultilabelError } from '../core/errors.js';
import { checkNumber, checkOptionKeys } from '../core/validate.js';
import { readLabelCounts } from './label-counts.js';

/**
 * Options of {@link classBalancedWeights}.
 *
 * @expand
 * @category Options
 * @example
 * ```ts
 * import type { ClassBalancedWeightsOptions } from 'tfjs-multilabel/losses';
 *
 * const options: ClassBalancedWeightsOptions = { beta: 0.99 };
 * console.log(options.beta); // 0.99
 * ```
 */
export interface ClassBalancedWeightsOptions {
  /**
   * In [0, 1): 0 gives equal weights, values towards 1 approach inverse frequency. Cui et al.
   * use 0.9 to 0.9999.
   *
   * @defaultValue `0.999`
   */
  beta?: number;
}

/**
 * Per-label weights from the effective number of samples (Cui et al. 2019, "Class-Balanced
 * Loss Based on Effective Number of Samples"): a label with n positives has effective number
 * `E_n = (1 - beta^n) / (1 - beta)` and weight `1 / E_n`, normalised so that the weights sum to
 * the number of labels (as in the paper). Rare labels get larger weights, but less extreme
 * ones than inverse frequency. Pass the result as `labelWeights` of
 * {@link weightedBinaryCrossentropy} (Cui et al. weight the whole loss of a class).
 *
 * @summary Per-label weights from the effective number of samples (Cui et al.).
 * @category Weights
 * @param labelCounts The number of positives of each label in the training set, each `> 0`.
 * @param options `beta`.
 * @returns One weight per label, summing to the number of labels.
 * @throws {@link MultilabelError} `EMPTY_INPUT` for no labels, `INVALID_ARGUMENT` for a count
 *   that is not a finite number `> 0` (a label without positives has no effective number),
 *   `INVALID_OPTION` or `UNKNOWN_OPTION` for bad options.
 * @example
 * ```ts
 * import { classBalancedWeights } from 'tfjs-multilabel/losses';
 *
 * const weights = classBalancedWeights([1000, 10], { beta: 0.99 });
 * console.log(Array.from(weights, (w) => w.toFixed(3))); // ['0.175', '1.825']
 * ```
 */
export function classBalancedWeights(
  labelCounts: ArrayLike<number>,
  options?: ClassBalancedWeightsOptions,
): Float64Array {
  checkOptionKeys(options, ['beta'], 'classBalancedWeights');
  const beta = checkNumber(options?.beta ?? 0.999, 'beta', { min: 0, max: 1, maxExclusive: true });
  const counts = readLabelCounts(labelCounts, 'labelCounts');
  const weights = new Float64Array(counts.length);
  let total = 0;
  for (let c = 0; c < counts.length; c++) {
    if (counts[c] === 0) {
      throw new MultilabelError(
        'INVALID_ARGUMENT',
        `\`labelCounts[${c}]\` is 0: a label without positives has no effective number. Drop the label or add 1 to every count.`,
      );
    }
    // 1 - beta^n = -expm1(n log beta), exact for beta close to 1; beta = 0 gives 1.
    const effective = beta === 0 ? 1 : -Math.expm1(counts[c] * Math.log(beta)) / (1 - beta);
    weights[c] = 1 / effective;
    total += weights[c];
  }
  for (let c = 0; c < counts.length; c++) weights[c] *= counts.length / total;
  return weights;
}

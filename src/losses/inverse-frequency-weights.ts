import { MultilabelError } from '../core/errors.js';
import { checkNumber, checkOptionKeys } from '../core/validate.js';
import { readLabelCounts } from './label-counts.js';

/**
 * Options of {@link inverseFrequencyWeights}.
 *
 * @expand
 * @category Options
 * @example
 * ```ts
 * import type { InverseFrequencyWeightsOptions } from 'tfjs-multilabel/losses';
 *
 * const options: InverseFrequencyWeightsOptions = { total: 1500 };
 * console.log(options.total); // 1500
 * ```
 */
export interface InverseFrequencyWeightsOptions {
  /** The number of samples the counts were taken over (required). */
  total: number;
}

/**
 * Per-label positive weights that balance each label: the ratio of negatives to positives,
 * `(total - n_c) / n_c`. This is the `pos_weight` PyTorch's `BCEWithLogitsLoss` documentation
 * recommends, and the ratio of scikit-learn's `'balanced'` class weights for the positive and
 * the negative class of each label. Pass the result as `posWeight` of
 * {@link weightedBinaryCrossentropy}: each label's positives then carry as much total weight as
 * its negatives.
 *
 * @summary Per-label positive weights: negatives over positives, for `posWeight`.
 * @category Weights
 * @param labelCounts The number of positives of each label in the training set, each `> 0` and
 *   `<= total`.
 * @param options `total`, the number of samples.
 * @returns One weight per label.
 * @throws {@link MultilabelError} `EMPTY_INPUT` for no labels, `INVALID_ARGUMENT` for a count
 *   that is not a finite number in (0, total], `INVALID_OPTION` or `UNKNOWN_OPTION` for bad
 *   options.
 * @example
 * ```ts
 * import { inverseFrequencyWeights } from 'tfjs-multilabel/losses';
 *
 * const posWeight = inverseFrequencyWeights([100, 25, 200], { total: 400 });
 * console.log(Array.from(posWeight)); // [3, 15, 1]
 * ```
 */
export function inverseFrequencyWeights(
  labelCounts: ArrayLike<number>,
  options: InverseFrequencyWeightsOptions,
): Float64Array {
  checkOptionKeys(options, ['total'], 'inverseFrequencyWeights');
  if (options === undefined) {
    throw new MultilabelError(
      'INVALID_OPTION',
      '`inverseFrequencyWeights` needs `{ total }`, the number of samples the counts were taken over.',
    );
  }
  const total = checkNumber(options.total, 'total', { min: 0, minExclusive: true });
  const counts = readLabelCounts(labelCounts, 'labelCounts');
  const weights = new Float64Array(counts.length);
  for (let c = 0; c < counts.length; c++) {
    const n = counts[c];
    if (n === 0 || n > total) {
      throw new MultilabelError(
        'INVALID_ARGUMENT',
        `\`labelCounts[${c}]\` is ${n}; each count must lie in (0, total = ${total}]. A label without positives cannot be balanced: drop it or add 1 to every count.`,
      );
    }
    weights[c] = (total - n) / n;
    if (weights[c] === Number.POSITIVE_INFINITY) {
      throw new MultilabelError(
        'INVALID_ARGUMENT',
        `\`labelCounts[${c}]\` is ${n} with \`total\` ${total}: the weight (total - n) / n exceeds the largest float64, and scaling both would not change it. A count this small next to the total cannot be balanced: drop the label or raise its count.`,
      );
    }
  }
  return weights;
}

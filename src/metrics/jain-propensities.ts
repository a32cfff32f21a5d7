import { MultilabelError } from '../core/errors.js';
import { checkInteger, checkNumber, checkOptionKeys } from '../core/validate.js';

/**
 * Options of {@link jainPropensities}: the two constants of the model.
 *
 * @expand
 * @category Options
 * @example
 * ```ts
 * import { jainPropensities, type JainPropensityOptions } from 'tfjs-multilabel/metrics';
 *
 * const amazon: JainPropensityOptions = { A: 0.6, B: 2.6 };
 * console.log(jainPropensities([100], 1000, amazon)[0].toFixed(4)); // '0.5582'
 * ```
 */
export interface JainPropensityOptions {
  /**
   * The exponent A of the model. Jain et al. use 0.5 for Wikipedia-LSHTC and 0.6 for Amazon.
   *
   * @defaultValue `0.55`
   */
  A?: number;
  /**
   * The offset B of the model. Jain et al. use 0.4 for Wikipedia-LSHTC and 2.6 for Amazon.
   *
   * @defaultValue `1.5`
   */
  B?: number;
}

/**
 * Label propensities of Jain, Prabhu & Varma (KDD 2016): the probability that a relevant label
 * is observed, modelled as p_l = 1 / (1 + C (N_l + B)^-A) with C = (ln N - 1) (B + 1)^A, from
 * each label's number of positive training rows N_l and the number of training rows N. Rare
 * labels get small propensities, so propensity-scored metrics reward predicting them.
 * (pyxclib's `compute_inv_propesity` returns 1 / p_l.)
 *
 * @summary Label propensities of Jain et al. (2016), for propensity-scored metrics.
 * @category Top-k metrics
 * @param labelCounts Positive training rows per label (integers from 0 to `n`).
 * @param n Number of training rows (an integer >= 3, so that ln N > 1).
 * @param options `A` and `B`.
 * @returns One propensity per label, in (0, 1] (1 only where it rounds to 1).
 * @throws {@link MultilabelError} when a count is negative, not an integer, or above `n`, when
 * `n < 3`, when `A` or `B` is not a finite number (`A > 0`, `B >= 0`), or when a propensity is 0
 * or too small for a double (a count of 0 with `B = 0`, or a very large `A`).
 * @example
 * ```ts
 * import { jainPropensities } from 'tfjs-multilabel/metrics';
 *
 * const p = jainPropensities([1, 10, 1000], 10000);
 * console.log(Array.from(p).map((v) => v.toFixed(3))); // ['0.109', '0.220', '0.767']
 * ```
 */
export function jainPropensities(
  labelCounts: ArrayLike<number>,
  n: number,
  options: JainPropensityOptions = {},
): Float64Array {
  checkOptionKeys(options, ['A', 'B'], 'jainPropensities');
  const A =
    options.A === undefined ? 0.55 : checkNumber(options.A, 'A', { min: 0, minExclusive: true });
  const B = options.B === undefined ? 1.5 : checkNumber(options.B, 'B', { min: 0 });
  checkInteger(n, 'n', { min: 3 });
  if (
    labelCounts === null ||
    typeof labelCounts !== 'object' ||
    typeof labelCounts.length !== 'number'
  ) {
    throw new MultilabelError(
      'INVALID_ARGUMENT',
      '`labelCounts` must be an array of per-label positive counts (e.g. the column sums of the training labels).',
    );
  }
  const C = Math.log(n) - 1;
  const out = new Float64Array(labelCounts.length);
  for (let l = 0; l < out.length; l++) {
    const count = labelCounts[l];
    if (!Number.isInteger(count) || count < 0 || count > n) {
      throw new MultilabelError(
        'INVALID_ARGUMENT',
        `\`labelCounts[${l}]\` is ${count}; every count must be an integer from 0 to \`n\` (${n}).`,
      );
    }
    // (B + 1)^A (N_l + B)^-A as one power of the ratio: no Infinity * 0 for a large A, and
    // the power is never NaN (it overflows to Infinity or underflows to 0 at worst). A ratio
    // that overflows (a subnormal B with count 0) takes the power through logarithms.
    const ratio = (B + 1) / (count + B);
    const power = Number.isFinite(ratio)
      ? ratio ** A
      : Math.exp(A * (Math.log(B + 1) - Math.log(count + B)));
    const p = 1 / (1 + C * power);
    if (!(p > 0)) {
      throw new MultilabelError(
        'INVALID_ARGUMENT',
        count + B === 0
          ? `\`labelCounts[${l}]\` is 0 and \`B\` is 0: the model gives that label propensity 0 (never observed). Use B > 0, or leave the label out.`
          : `The propensity of label ${l} (count ${count}) is below the smallest double with A = ${A}: no propensity-scored metric can use it. Use a smaller \`A\` (Jain et al. use 0.5 to 0.6).`,
      );
    }
    out[l] = p;
  }
  return out;
}

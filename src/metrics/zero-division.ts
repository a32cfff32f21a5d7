import { checkEnum } from '../core/validate.js';

/**
 * The value a count metric takes when its denominator is zero (precision with no predicted
 * positives, recall with no true positives, ...): `0`, `1`, or `'nan'`.
 *
 * `0` and `1` follow scikit-learn 1.2 (`zero_division=0` / `1`; its default `'warn'` behaves as 0).
 * `'nan'` follows scikit-learn 1.3+: the undefined value is `NaN`, and averages over labels or
 * samples leave the `NaN` entries out (an average with no defined entry is `NaN`).
 *
 * @inline
 * @summary The value a count metric takes on 0/0: `0`, `1` or `'nan'`.
 * @category Options
 * @example
 * ```ts
 * import { precisionScore, type ZeroDivision } from 'tfjs-multilabel/metrics';
 *
 * const zeroDivision: ZeroDivision = 1;
 * // Label 1 is never predicted, so its precision is 0/0 and takes the zeroDivision value.
 * console.log(Array.from(precisionScore([[1, 0]], [[1, 0]], { average: 'none', zeroDivision }))); // [1, 1]
 * ```
 */
export type ZeroDivision = 0 | 1 | 'nan';

const ZERO_DIVISION_CHOICES: readonly ZeroDivision[] = [0, 1, 'nan'];

/** Reads the `zeroDivision` option (default 0). @internal */
export function checkZeroDivision(value: unknown): ZeroDivision {
  return value === undefined ? 0 : checkEnum(value, 'zeroDivision', ZERO_DIVISION_CHOICES);
}

/** The number a {@link ZeroDivision} setting stands for: 0, 1 or NaN. @internal */
export function zeroDivisionValue(zeroDivision: ZeroDivision): number {
  return zeroDivision === 'nan' ? Number.NaN : zeroDivision;
}

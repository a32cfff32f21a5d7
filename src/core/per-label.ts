import { MultilabelError } from './errors.js';
import { isNumericArrayLike } from './matrix-input.js';
import { checkNumber, type RangeBounds } from './validate.js';

/**
 * Options given for every label at once or label by label (`posWeight`, `alpha`, `keepRate`):
 * read when the options are read, expanded once the labels are known.
 *
 * @internal
 * @module
 */

/**
 * A per-label value (an option such as `alpha` or `keepRate`, or a coefficient of the losses'
 * `labelBlend`): one number for every label, or one number per label.
 *
 * @internal
 */
export type PerLabel = number | Float64Array;

/**
 * Checks a per-label option given as a number or an array of numbers, each finite and within
 * `bounds`. The length is checked per call, against the labels (see {@link perLabelValues}).
 *
 * @internal
 */
export function checkPerLabel(value: unknown, name: string, bounds: RangeBounds): PerLabel {
  if (typeof value === 'number') return checkNumber(value, name, bounds);
  if (!isNumericArrayLike(value)) {
    throw new MultilabelError(
      'INVALID_OPTION',
      `\`${name}\` must be a number or an array with one number per label, but got ${value === null ? 'null' : typeof value}.`,
    );
  }
  const values = value as ArrayLike<unknown>;
  const out = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = checkNumber(values[i], `${name}[${i}]`, bounds);
  return out;
}

/** `value` expanded to one number per label, after checking its length against `cols`. @internal */
export function perLabelValues(value: PerLabel, cols: number, name: string): Float64Array {
  if (typeof value === 'number') return new Float64Array(cols).fill(value);
  if (value.length !== cols) {
    throw new MultilabelError(
      'SHAPE_MISMATCH',
      `\`${name}\` has ${value.length} values but \`yTrue\` has ${cols} labels; give one value per label (column).`,
    );
  }
  return value;
}

import { MultilabelError } from '../core/errors.js';
import { isNumericArrayLike } from '../core/matrix-input.js';
import { toNonNegativeVector } from '../core/validate.js';

/**
 * Reads per-label counts (finite numbers >= 0) for the weight helpers.
 *
 * @internal
 */
export function readLabelCounts(value: unknown, name: string): Float64Array {
  if (!isNumericArrayLike(value)) {
    // Checked here, as the length the vector reader would quote is not known yet.
    throw new MultilabelError(
      'INVALID_ARGUMENT',
      `\`${name}\` must be an array or typed array with one count per label, but got ${value === null ? 'null' : typeof value}${
        typeof (value as { dataSync?: unknown } | null)?.dataSync === 'function'
          ? ' (a tensor: pass its values, e.g. `await counts.data()`)'
          : ''
      }.`,
    );
  }
  const counts = toNonNegativeVector(value, name, value.length, 'label');
  if (counts.length === 0) {
    throw new MultilabelError('EMPTY_INPUT', `\`${name}\` is empty; give one count per label.`);
  }
  return counts;
}

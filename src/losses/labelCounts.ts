import { MultilabelError } from '../core/errors.js';
import { toNonNegativeVector } from '../core/validate.js';

/**
 * Reads per-label counts (finite numbers >= 0) for the weight helpers.
 *
 * @internal
 */
export function readLabelCounts(value: unknown, name: string): Float64Array {
  const length = (value as { length?: unknown } | null | undefined)?.length;
  const counts = toNonNegativeVector(value, name, typeof length === 'number' ? length : 0, 'label');
  if (counts.length === 0) {
    throw new MultilabelError('EMPTY_INPUT', `\`${name}\` is empty; give one count per label.`);
  }
  return counts;
}

import { MultilabelError } from './errors.js';
import { valueText } from './value-text.js';

/**
 * Option readers shared by every module that reads labels.
 *
 * @internal
 * @module
 */

/**
 * Reads `ignoreIndex`: `-1` or `NaN` turn missing labels on (cells holding `-1` or `NaN` are
 * then skipped); `undefined` leaves them off. Returns whether missing cells are allowed.
 *
 * @internal
 */
export function readIgnoreIndex(value: unknown): boolean {
  if (value === undefined) return false;
  if (value === -1 || (typeof value === 'number' && Number.isNaN(value))) return true;
  throw new MultilabelError(
    'INVALID_OPTION',
    `\`ignoreIndex\` must be -1 or NaN (the marker of a missing label), but got ${valueText(value)}.`,
  );
}

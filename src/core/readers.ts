import { MultilabelError } from './errors.js';
import { valueText } from './value-text.js';

/**
 * Option readers shared by every module that reads labels.
 *
 * @internal
 * @module
 */

/**
 * Reads `ignoreIndex`, the marker of a missing label, with one meaning in every module: a
 * finite number outside [0, 1] (such as `-1`, or PyTorch's `-100`) or `NaN`. When given, label
 * cells equal to it, and `NaN` cells, are missing; `undefined` (the option left out) means no
 * cell may be missing. Returns the marker, or `undefined`.
 *
 * @internal
 */
export function readIgnoreIndex(value: unknown): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'number' && (Number.isNaN(value) || isMarkerValue(value))) return value;
  throw new MultilabelError(
    'INVALID_OPTION',
    `\`ignoreIndex\` must be a finite number outside [0, 1] or NaN (the marker of a missing label), but got ${valueText(value)}. Use -1, or the value of your missing cells.`,
  );
}

/** Whether `value` can mark a missing label: finite and outside [0, 1]. */
function isMarkerValue(value: number): boolean {
  return Number.isFinite(value) && (value < 0 || value > 1);
}

/**
 * The marker as the cells of `values` hold it: rounded to float32 for float32 data (a
 * tensor's), where a marker such as -0.1 is stored rounded. A cell `v` is then missing when
 * `v === marker || v !== v` (NaN). `undefined` stays `undefined` (no cell is missing).
 *
 * @internal
 */
export function cellMarker(
  ignoreIndex: number | undefined,
  values: ArrayLike<unknown>,
): number | undefined {
  return ignoreIndex !== undefined && values instanceof Float32Array
    ? Math.fround(ignoreIndex)
    : ignoreIndex;
}

/**
 * The fix to name when the label `v` is neither 0, 1 nor missing under the marker
 * `ignoreIndex`: a cell holding another marker value (say -1 under `ignoreIndex: NaN`) is
 * missing only with that marker. Empty when no marker was given or `v` cannot be one; else
 * starts with a space.
 *
 * @internal
 */
export function otherMarkerHint(v: unknown, ignoreIndex: number | undefined): string {
  if (ignoreIndex === undefined || typeof v !== 'number' || !isMarkerValue(v)) return '';
  return ` To treat cells holding ${v} as missing labels, pass \`ignoreIndex: ${v}\` instead.`;
}

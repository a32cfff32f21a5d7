import { MultilabelError } from '../core/errors.js';
import { valueText } from '../core/value-text.js';

/** How far from 1 the sum of the proportions may be (rounding in user arithmetic). */
const SUM_TOLERANCE = 1e-6;

/**
 * Reads fold proportions: `k` finite numbers > 0 that sum to 1 (within 1e-6; they are then
 * divided by their sum). `undefined` gives `k` equal parts.
 *
 * @param k The fold count the proportions must match, when known.
 * @internal
 */
export function readProportions(value: unknown, name: string, k?: number): Float64Array {
  if (value === undefined) {
    if (k === undefined) throw new Error('readProportions needs k or a value');
    return new Float64Array(k).fill(1 / k);
  }
  const isArrayLike =
    Array.isArray(value) || (ArrayBuffer.isView(value) && !(value instanceof DataView));
  if (!isArrayLike) {
    throw new MultilabelError(
      'INVALID_OPTION',
      `\`${name}\` must be an array of fold proportions such as [0.8, 0.2], but got ${value === null ? 'null' : typeof value}.`,
    );
  }
  const values = value as ArrayLike<unknown>;
  if (values.length < 2 || (k !== undefined && values.length !== k)) {
    throw new MultilabelError(
      'INVALID_OPTION',
      `\`${name}\` has ${values.length} entries but ${k === undefined ? 'at least 2' : k} are needed (one per fold).`,
    );
  }
  const out = new Float64Array(values.length);
  let sum = 0;
  for (let j = 0; j < out.length; j++) {
    const v = values[j];
    if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0) {
      throw new MultilabelError(
        'INVALID_OPTION',
        `\`${name}[${j}]\` is ${valueText(v)}; every proportion must be a finite number > 0.`,
      );
    }
    out[j] = v;
    sum += v;
  }
  if (Math.abs(sum - 1) > SUM_TOLERANCE) {
    throw new MultilabelError(
      'INVALID_OPTION',
      `\`${name}\` sums to ${sum}, but proportions must sum to 1 (e.g. [0.8, 0.1, 0.1]).`,
    );
  }
  for (let j = 0; j < out.length; j++) out[j] /= sum;
  return out;
}

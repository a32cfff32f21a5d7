import { MultilabelError } from './errors.js';
import type { DenseMatrix } from './matrix.js';
import { isNumericArrayLike } from './matrix-input.js';
import { valueText } from './value-text.js';

/**
 * Validation helpers used at every API boundary. Each throws {@link MultilabelError} with a
 * message that names the argument and says how to fix it.
 *
 * @internal
 * @module
 */

/** Throws `SHAPE_MISMATCH` unless `a` and `b` have the same rows and columns. @internal */
export function assertSameShape(
  a: DenseMatrix<ArrayLike<number>>,
  aName: string,
  b: DenseMatrix<ArrayLike<number>>,
  bName: string,
): void {
  if (a.rows !== b.rows || a.cols !== b.cols) {
    throw new MultilabelError(
      'SHAPE_MISMATCH',
      `\`${bName}\` has shape [${b.rows}, ${b.cols}] but \`${aName}\` has shape [${a.rows}, ${a.cols}]. Both need one row per sample and one column per label.`,
    );
  }
}

/** Throws `NON_FINITE_VALUES` naming the first `NaN` or infinite cell of `matrix`. @internal */
export function assertFinite(matrix: DenseMatrix<ArrayLike<number>>, name: string): void {
  const { data, cols } = matrix;
  // One loop per storage type keeps each loop monomorphic (several times faster on float32).
  const i =
    data instanceof Float32Array
      ? firstNonFinite32(data)
      : data instanceof Float64Array
        ? firstNonFinite64(data)
        : firstNonFinite(data);
  if (i >= 0) {
    throw new MultilabelError(
      'NON_FINITE_VALUES',
      `\`${name}[${Math.floor(i / cols)}][${i % cols}]\` is ${data[i]}; every value must be finite. Check the model output for overflow or fill missing scores first.`,
    );
  }
}

/**
 * The index of the first value outside [0, 1] (NaN included), or -1.
 *
 * @internal
 */
export function firstOutsideUnitInterval(data: ArrayLike<number>): number {
  for (let i = 0; i < data.length; i++) if (!(data[i] >= 0 && data[i] <= 1)) return i;
  return -1;
}

/**
 * Throws `INVALID_ARGUMENT` naming the first cell of `matrix` outside [0, 1] (after
 * {@link assertFinite}): the metrics of probabilities refuse scores, as scikit-learn does.
 *
 * @internal
 */
export function assertProbabilities(matrix: DenseMatrix<ArrayLike<number>>, name: string): void {
  const i = firstOutsideUnitInterval(matrix.data);
  if (i >= 0) {
    const { data, cols } = matrix;
    throw new MultilabelError(
      'INVALID_ARGUMENT',
      `\`${name}[${Math.floor(i / cols)}][${i % cols}]\` is ${data[i]}, but probabilities lie in [0, 1] (scikit-learn raises here too). Pass sigmoid outputs, not logits or other scores.`,
    );
  }
}

/** Float32 words checked per block before the block's flag is tested. */
const FINITE_BLOCK = 4096;

// A float32 is not finite exactly when its 8 exponent bits are all ones: adding 1 to the
// exponent field then carries into bit 8. Blocks OR that carry without a branch per value; a
// flagged block is searched again for its first bad value.
function firstNonFinite32(data: Float32Array): number {
  const n = data.length;
  const words = new Int32Array(data.buffer, data.byteOffset, n);
  for (let from = 0; from < n; from += FINITE_BLOCK) {
    const to = Math.min(n, from + FINITE_BLOCK);
    let carry = 0;
    for (let i = from; i < to; i++) carry |= ((words[i] >> 23) & 0xff) + 1;
    if ((carry & 0x100) !== 0) {
      for (let i = from; i < to; i++) {
        const v = data[i];
        // v - v is 0 for every finite number and NaN for NaN and +-Infinity.
        if (v - v !== 0) return i;
      }
    }
  }
  return -1;
}

function firstNonFinite64(data: Float64Array): number {
  const n = data.length;
  for (let i = 0; i < n; i++) {
    const v = data[i];
    if (v - v !== 0) return i;
  }
  return -1;
}

function firstNonFinite(data: ArrayLike<number>): number {
  const n = data.length;
  for (let i = 0; i < n; i++) {
    const v = data[i];
    if (v - v !== 0) return i;
  }
  return -1;
}

/**
 * Returns a boolean option: `fallback` when it is undefined (when a fallback is given), else
 * `value` when it is `true` or `false`; anything else throws `INVALID_OPTION`.
 *
 * @internal
 */
export function checkBoolean(value: unknown, name: string, fallback?: boolean): boolean {
  if (value === undefined && fallback !== undefined) return fallback;
  if (typeof value !== 'boolean') {
    throw new MultilabelError(
      'INVALID_OPTION',
      `\`${name}\` must be true or false, but got ${valueText(value)}.`,
    );
  }
  return value;
}

/**
 * Returns `value` when it is one of `allowed`, else throws `INVALID_OPTION` listing the choices.
 *
 * @internal
 */
export function checkEnum<const T extends string | number>(
  value: unknown,
  name: string,
  allowed: readonly T[],
): T {
  if (!(allowed as readonly unknown[]).includes(value)) {
    const choices = allowed.map((a) => JSON.stringify(a)).join(', ');
    throw new MultilabelError(
      'INVALID_OPTION',
      `\`${name}\` must be one of ${choices}, but got ${valueText(value)}.`,
    );
  }
  return value as T;
}

/** Edit distance, for "did you mean" suggestions in option errors. */
function editDistance(a: string, b: string): number {
  const previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = previous[0];
    previous[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = previous[j];
      previous[j] = Math.min(
        above + 1,
        previous[j - 1] + 1,
        diagonal + (a[i - 1].toLowerCase() === b[j - 1].toLowerCase() ? 0 : 1),
      );
      diagonal = above;
    }
  }
  return previous[b.length];
}

/** Lower case without `_` and `-`, so Python's `zero_division` meets `zeroDivision`. */
function optionStem(name: string): string {
  return name.toLowerCase().replace(/[_-]/g, '');
}

function commonPrefixLength(a: string, b: string): number {
  let n = 0;
  while (n < a.length && n < b.length && a[n] === b[n]) n++;
  return n;
}

/**
 * The known option a mistyped `key` most likely meant: the same name in another case style
 * (`pos_weight` for `posWeight`), a shared start of at least four letters that covers all but at
 * most one letter of the shorter name (`reduce` for `reduction`),
 * or the nearest by edit distance when that is small; undefined when nothing is close.
 */
function closestOption(key: string, known: readonly string[]): string | undefined {
  const stem = optionStem(key);
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const candidate of known) {
    const other = optionStem(candidate);
    if (other === stem) return candidate;
    const shared = commonPrefixLength(stem, other);
    const prefix = shared >= 4 && shared >= Math.min(stem.length, other.length) - 1;
    const d = prefix ? 0.5 : editDistance(stem, other);
    if (d < bestDistance) {
      bestDistance = d;
      best = candidate;
    }
  }
  return bestDistance <= Math.max(2, Math.floor(stem.length / 3)) ? best : undefined;
}

/**
 * Throws `UNKNOWN_OPTION` when `options` has a key outside `known` (suggesting the closest
 * known key), and `INVALID_ARGUMENT` when `options` is not a plain object. `undefined` passes.
 * `renamed` maps deprecated option names, which are accepted too, to their current names; a
 * typo close to a deprecated name suggests the current one.
 *
 * A known option set to `null` throws `INVALID_OPTION`: the types allow `undefined` only, and
 * `options.x ?? fallback` would otherwise read null as "use the default" without a word.
 * `allowNull` lets it through where null is part of the contract (tfjs-layers configs).
 *
 * @internal
 */
export function checkOptionKeys(
  options: unknown,
  known: readonly string[],
  caller: string,
  renamed: Readonly<Record<string, string>> = {},
  allowNull = false,
): void {
  if (options === undefined) return;
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new MultilabelError(
      'INVALID_ARGUMENT',
      `The options of \`${caller}\` must be an object, but got ${options === null ? 'null' : Array.isArray(options) ? 'an array' : typeof options}.`,
    );
  }
  for (const key of Object.keys(options)) {
    if (known.includes(key) || Object.hasOwn(renamed, key)) continue;
    const closest = closestOption(key, [...known, ...Object.keys(renamed)]);
    const best =
      closest !== undefined && Object.hasOwn(renamed, closest) ? renamed[closest] : closest;
    const hint =
      best !== undefined
        ? ` Did you mean \`${best}\`?`
        : ` Known options: ${known.map((k) => `\`${k}\``).join(', ')}.`;
    throw new MultilabelError('UNKNOWN_OPTION', `\`${caller}\` has no option \`${key}\`.${hint}`);
  }
  if (allowNull) return;
  for (const [key, value] of Object.entries(options)) {
    if (value === null) {
      throw new MultilabelError(
        'INVALID_OPTION',
        `\`${key}\` of \`${caller}\` is null. Leave it out (or pass undefined) for the default, or give a value.`,
      );
    }
  }
}

/**
 * Reads an option that has a deprecated former name: the value of `name`, else of `alias`,
 * with the key it came from (for messages that name what the user wrote). Giving both throws
 * `INVALID_OPTION`.
 *
 * @internal
 */
export function readRenamedOption<O extends object, N extends keyof O & string>(
  options: O,
  name: N,
  alias: keyof O & string,
  caller: string,
): { value: O[N] | undefined; key: string } {
  const value = options[name];
  const old = options[alias];
  if (value !== undefined && old !== undefined) {
    throw new MultilabelError(
      'INVALID_OPTION',
      `\`${caller}\` got both \`${name}\` and \`${alias}\`, the deprecated name of \`${name}\`; pass only \`${name}\`.`,
    );
  }
  return old !== undefined ? { value: old as O[N], key: alias } : { value, key: name };
}

/** Bounds for {@link checkNumber} and {@link checkInteger}. @internal */
export interface RangeBounds {
  min?: number;
  max?: number;
  /** Exclude `min` itself. */
  minExclusive?: boolean;
  /** Exclude `max` itself. */
  maxExclusive?: boolean;
}

function rangeText(bounds: RangeBounds): string {
  const lower =
    bounds.min === undefined ? '' : `${bounds.minExclusive === true ? '>' : '>='} ${bounds.min}`;
  const upper =
    bounds.max === undefined ? '' : `${bounds.maxExclusive === true ? '<' : '<='} ${bounds.max}`;
  return [lower, upper].filter(Boolean).join(' and ');
}

function inRange(value: number, bounds: RangeBounds): boolean {
  if (
    bounds.min !== undefined &&
    (bounds.minExclusive === true ? value <= bounds.min : value < bounds.min)
  )
    return false;
  if (
    bounds.max !== undefined &&
    (bounds.maxExclusive === true ? value >= bounds.max : value > bounds.max)
  )
    return false;
  return true;
}

/** Returns `value` when it is a finite number within `bounds`, else throws `INVALID_OPTION`. @internal */
export function checkNumber(value: unknown, name: string, bounds: RangeBounds = {}): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || !inRange(value, bounds)) {
    const range = rangeText(bounds);
    throw new MultilabelError(
      'INVALID_OPTION',
      `\`${name}\` must be a finite number${range ? ` ${range}` : ''}, but got ${valueText(value)}.`,
    );
  }
  return value;
}

/**
 * Returns `value` when it is an integer within `bounds`, else throws `INVALID_OPTION`. Only safe
 * integers (|n| <= 2^53 - 1, `Number.MAX_SAFE_INTEGER`) count, so the message states the whole
 * range: both bounds, the safe-integer limit standing in for a missing (or larger) one.
 *
 * @internal
 */
export function checkInteger(value: unknown, name: string, bounds: RangeBounds = {}): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || !inRange(value, bounds)) {
    throw new MultilabelError(
      'INVALID_OPTION',
      `\`${name}\` must be an integer ${integerRangeText(bounds)}, but got ${valueText(value)}.`,
    );
  }
  return value;
}

/** The integers `bounds` allow, as `>= a and <= b`, within the safe integers. */
function integerRangeText(bounds: RangeBounds): string {
  const limit = Number.MAX_SAFE_INTEGER;
  let low = -limit;
  if (bounds.min !== undefined) {
    low = bounds.minExclusive === true ? Math.floor(bounds.min) + 1 : Math.ceil(bounds.min);
  }
  let high = limit;
  if (bounds.max !== undefined) {
    high = bounds.maxExclusive === true ? Math.ceil(bounds.max) - 1 : Math.floor(bounds.max);
  }
  const lower = low <= -limit ? `>= ${-limit} (-Number.MAX_SAFE_INTEGER)` : `>= ${low}`;
  const upper = high >= limit ? `<= ${limit} (Number.MAX_SAFE_INTEGER)` : `<= ${high}`;
  return `${lower} and ${upper}`;
}

/**
 * Reads a per-sample or per-label vector (e.g. `sampleWeight`) of exactly `length` finite values
 * that are all `>= 0`, into a Float64Array. Throws naming `name` otherwise.
 *
 * @internal
 */
export function toNonNegativeVector(
  value: unknown,
  name: string,
  length: number,
  unit: 'sample' | 'label',
): Float64Array {
  if (!isNumericArrayLike(value)) {
    throw new MultilabelError(
      'INVALID_ARGUMENT',
      `\`${name}\` must be an array or typed array of ${length} numbers (one per ${unit}), but got ${value === null ? 'null' : typeof value}.`,
    );
  }
  const values = value as ArrayLike<unknown>;
  if (values.length !== length) {
    throw new MultilabelError(
      'SHAPE_MISMATCH',
      `\`${name}\` has ${values.length} values but ${length} are needed (one per ${unit}).`,
    );
  }
  const out = new Float64Array(length);
  for (let i = 0; i < length; i++) {
    const v = values[i];
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) {
      throw new MultilabelError(
        typeof v === 'number' && !Number.isFinite(v) ? 'NON_FINITE_VALUES' : 'INVALID_ARGUMENT',
        `\`${name}[${i}]\` is ${valueText(v)}; every value must be a finite number >= 0.`,
      );
    }
    out[i] = v;
  }
  return out;
}

/**
 * Runs `make`, a constructor reading options that came from a serial state, and names the
 * state's field in any {@link MultilabelError} it throws: a message about `` `x` `` is
 * reworded to be about `` `${path}.x` `` (the `fromJSON` readers).
 *
 * @internal
 */
export function withOptionsPath<T>(make: () => T, path: string): T {
  try {
    return make();
  } catch (error) {
    if (!(error instanceof MultilabelError)) throw error;
    const message = error.message.startsWith('`')
      ? `\`${path}.${error.message.slice(1)}`
      : `\`${path}\`: ${error.message}`;
    throw new MultilabelError(error.code, message);
  }
}

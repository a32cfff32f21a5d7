import { MultilabelError, type MultilabelErrorCode } from '../core/errors.js';
import { readSerialHeader } from '../core/serial-state.js';

/**
 * The field readers of the serial form of {@link MultilabelMetrics}: each checks one value of an
 * untrusted state and names its path in the error.
 *
 * @internal
 * @module
 */

/** Throws a {@link MultilabelError}. @internal */
export function fail(code: MultilabelErrorCode, message: string): never {
  throw new MultilabelError(code, message);
}

/** A short description of a value for error messages. @internal */
export function describe(value: unknown): string {
  if (Array.isArray(value)) return 'an array';
  if (value === null) return 'null';
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (typeof value === 'string')
    return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}...` : value);
  return typeof value;
}

/**
 * The object of a serial state (`json`, or the object its JSON string holds) once its `format`
 * and `version` are those of `writer`'s states (a class with `toJSON()`). @internal
 */
export function readStateHeader(
  json: unknown,
  format: string,
  version: number,
  writer: string,
): object {
  return readSerialHeader(json, format, version, writer, 'metrics', describe);
}

/**
 * A plain object with exactly `keys` (none missing, none extra); `writer` names the class whose
 * `toJSON()` writes every field. @internal
 */
export function readRecord<K extends string>(
  value: unknown,
  path: string,
  keys: readonly K[],
  writer = 'MultilabelMetrics',
): Record<K, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    fail('INVALID_ARGUMENT', `\`${path}\` must be an object, but got ${describe(value)}.`);
  }
  for (const key of keys) {
    if (!Object.hasOwn(value, key)) {
      fail(
        'INVALID_ARGUMENT',
        `\`${path}\` has no \`${key}\`; a state written by \`${writer}.toJSON()\` has every field.`,
      );
    }
  }
  for (const key of Object.keys(value)) {
    if (!(keys as readonly string[]).includes(key)) {
      fail(
        'INVALID_ARGUMENT',
        `\`${path}\` has an unknown field \`${key}\`; expected only ${keys.map((k) => `\`${k}\``).join(', ')}.`,
      );
    }
  }
  return value as Record<K, unknown>;
}

/** A non-negative safe integer, at most `max`. @internal */
export function readCount(value: unknown, path: string, max = Number.MAX_SAFE_INTEGER): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0 || value > max) {
    fail(
      'INVALID_ARGUMENT',
      `\`${path}\` must be an integer from 0 to ${max}, but got ${describe(value)}.`,
    );
  }
  return value + 0; // -0 reads as 0
}

/** A finite number (`min` and above, when given). @internal */
export function readFinite(value: unknown, path: string, min = Number.NEGATIVE_INFINITY): number {
  if (typeof value !== 'number') {
    fail('INVALID_ARGUMENT', `\`${path}\` must be a number, but got ${describe(value)}.`);
  }
  if (!Number.isFinite(value)) {
    fail('NON_FINITE_VALUES', `\`${path}\` is ${value}; it must be a finite number.`);
  }
  if (value < min) fail('INVALID_ARGUMENT', `\`${path}\` is ${value}; it must be >= ${min}.`);
  return value;
}

/** A weighted sum: a finite number >= 0, or `'Infinity'` once it overflowed. @internal */
export function readSum(value: unknown, path: string): number {
  return value === 'Infinity' ? Number.POSITIVE_INFINITY : readFinite(value, path, 0);
}

/** Writes a weighted sum: `'Infinity'` for an overflowed one (JSON numbers cannot hold it). @internal */
export function writeSum(value: number): number | 'Infinity' {
  return value === Number.POSITIVE_INFINITY ? 'Infinity' : value;
}

/** An array of exactly `length` entries, each read by `read` into `out`. @internal */
export function readArray<T extends Int8Array | Float32Array | Float64Array>(
  value: unknown,
  path: string,
  length: number,
  what: string,
  make: (length: number) => T,
  read: (v: unknown, at: string) => number,
): T {
  if (!Array.isArray(value)) {
    fail('INVALID_ARGUMENT', `\`${path}\` must be an array, but got ${describe(value)}.`);
  }
  if (value.length !== length) {
    // Checked before anything is allocated, so a forged size costs nothing.
    fail('INVALID_SHAPE', `\`${path}\` has ${value.length} values, but ${what} needs ${length}.`);
  }
  const out = make(length);
  for (let i = 0; i < length; i++) out[i] = read(value[i], `${path}[${i}]`);
  return out;
}

/** A new Float64Array of `n` zeros. @internal */
export const float64 = (n: number) => new Float64Array(n);

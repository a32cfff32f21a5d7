/**
 * Option specifications: for each option key of a function, which values are valid (given the
 * data's shape). From a specification the arbitraries below build options objects that break
 * the contract in exactly one way: an unknown key, a value outside the valid set for a known key
 * (drawn from a pool of wrong types, unprintable values and edge numbers), or something that is
 * not an options object at all.
 */
import { fc } from '../fc.js';
import {
  NOT_AN_OPTIONS_OBJECT,
  optionValuePool,
  UNKNOWN_OPTION_KEYS,
  withOwnKey,
} from './arbitraries.js';

/** The data's shape, which some options depend on (`k <= labels`, one weight per row). */
export interface OptionContext {
  readonly rows: number;
  readonly cols: number;
}

/** Whether a value is valid for one option key. */
export type OptionRule = (value: unknown, context: OptionContext) => boolean;

/** Valid values per option key. */
export type OptionSpec = Readonly<Record<string, OptionRule>>;

export const oneOf =
  (...allowed: readonly unknown[]): OptionRule =>
  (v) =>
    allowed.includes(v);

export const boolean: OptionRule = (v) => typeof v === 'boolean';

export const string: OptionRule = (v) => typeof v === 'string';

/** A finite number in [min, max] (`open` excludes the ends named). */
export function number(
  min = Number.NEGATIVE_INFINITY,
  max = Number.POSITIVE_INFINITY,
  open: { min?: boolean; max?: boolean } = {},
): OptionRule {
  return (v) =>
    typeof v === 'number' &&
    Number.isFinite(v) &&
    (open.min === true ? v > min : v >= min) &&
    (open.max === true ? v < max : v <= max);
}

/** A safe integer in [min, max], where a bound may depend on the data's shape. */
export function integer(
  min: number | ((c: OptionContext) => number),
  max: number | ((c: OptionContext) => number) = Number.MAX_SAFE_INTEGER,
): OptionRule {
  return (v, c) =>
    typeof v === 'number' &&
    Number.isSafeInteger(v) &&
    v >= (typeof min === 'number' ? min : min(c)) &&
    v <= (typeof max === 'number' ? max : max(c));
}

/** An array or numeric typed array of `length(c)` finite numbers, each valid for `cell`. */
export function vector(
  length: (c: OptionContext) => number,
  cell: (v: number) => boolean,
): OptionRule {
  return (v, c) => {
    if (!Array.isArray(v) && !(ArrayBuffer.isView(v) && !(v instanceof DataView))) return false;
    if (v instanceof BigInt64Array || v instanceof BigUint64Array) return false;
    const values = v as ArrayLike<unknown>;
    if (values.length !== length(c)) return false;
    for (let i = 0; i < values.length; i++) {
      const x = values[i];
      if (typeof x !== 'number' || !Number.isFinite(x) || !cell(x)) return false;
    }
    return true;
  };
}

export const either =
  (...rules: OptionRule[]): OptionRule =>
  (v, c) =>
    rules.some((rule) => rule(v, c));

/** The marker of a missing label: a finite number outside [0, 1], or NaN. */
export const ignoreIndex: OptionRule = (v) =>
  typeof v === 'number' && (Number.isNaN(v) || (Number.isFinite(v) && (v < 0 || v > 1)));

/** One finite weight >= 0 per row. */
export const sampleWeight: OptionRule = vector(
  (c) => c.rows,
  (x) => x >= 0,
);

/** Whether `options` is valid for `spec` (undefined values count as unset). */
export function validOptions(options: unknown, spec: OptionSpec, context: OptionContext): boolean {
  if (options === undefined) return true;
  if (typeof options !== 'object' || options === null || Array.isArray(options)) return false;
  for (const key of Object.keys(options)) {
    if (!Object.hasOwn(spec, key)) return false;
    const value = (options as Record<string, unknown>)[key];
    if (value !== undefined && !spec[key](value, context)) return false;
  }
  return true;
}

/** An options object broken in one way, with a description of how. */
export interface TamperedOptions {
  readonly options: unknown;
  readonly how: string;
}

/**
 * `base` (valid options) broken in one way: an unknown key, a known key with an invalid value,
 * or no options object at all. `fixed` keys keep their value (required options).
 */
export function tamperedOptions(
  base: Readonly<Record<string, unknown>>,
  spec: OptionSpec,
  context: OptionContext,
): fc.Arbitrary<TamperedOptions> {
  const keys = Object.keys(spec);
  const badValues = (key: string) =>
    optionValuePool().filter((v) => v !== undefined && !spec[key](v, context));
  const arbitraries: fc.Arbitrary<TamperedOptions>[] = [
    fc.constantFrom(...UNKNOWN_OPTION_KEYS).map((key) => ({
      options: withOwnKey(base, key, 1),
      how: `unknown option key ${JSON.stringify(key)}`,
    })),
    fc.constantFrom(...NOT_AN_OPTIONS_OBJECT).map((options) => ({
      options,
      how: `options that are not an object (${typeof options === 'bigint' ? `${options}n` : String(options)})`,
    })),
  ];
  const tamperable = keys.filter((key) => badValues(key).length > 0);
  if (tamperable.length > 0) {
    arbitraries.push(
      fc
        .constantFrom(...tamperable)
        .chain((key) => fc.constantFrom(...badValues(key)).map((value) => ({ key, value })))
        .map(({ key, value }) => ({
          options: { ...base, [key]: value },
          how: `option ${key} = ${printable(value)}`,
        })),
    );
  }
  return fc.oneof(...arbitraries);
}

/** A value as text even when `String()` or `JSON.stringify` would throw. */
export function printable(value: unknown): string {
  if (typeof value === 'bigint') return `${value}n`;
  if (typeof value === 'symbol') return value.toString();
  if (typeof value === 'number') return Object.is(value, -0) ? '-0' : String(value);
  if (typeof value === 'function') return 'a function';
  if (typeof value === 'string') return JSON.stringify(value);
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return 'a cyclic object';
  }
}

/**
 * A value as an error message shows it, for any value a user can pass: `JSON.stringify` throws
 * on a BigInt, a cycle or a throwing `toJSON`, `String` on an object without a prototype, and
 * JSON shows NaN and Infinity as `null`. Arrays and plain objects are shown as (short) JSON when
 * they can be, numbers as JavaScript writes them.
 *
 * @internal
 */
export function valueText(value: unknown): string {
  if (typeof value === 'number') return Object.is(value, -0) ? '-0' : String(value);
  if (typeof value === 'bigint') return `${value}n`;
  if (typeof value === 'symbol') return value.toString();
  if (typeof value === 'function') return 'a function';
  if (value === undefined) return 'undefined';
  let text: string | undefined;
  try {
    text = JSON.stringify(value);
  } catch {
    text = undefined; // a cycle, a BigInt inside, a throwing getter or toJSON
  }
  if (text === undefined) return Array.isArray(value) ? 'an array' : 'an object';
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

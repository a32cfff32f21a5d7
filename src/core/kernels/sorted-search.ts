import type { FloatArray } from '../matrix.js';

/**
 * Binary searches of an ascending run of scores: where a value would go, before its equals
 * (`firstAtLeast`) or after them (`firstAbove`). The ranking kernels place each negative among
 * the sorted positives with them.
 *
 * @internal
 * @module
 */

/** The first index in [lo, hi) whose value is >= x (hi if none), by binary search. @internal */
export function firstAtLeast(values: FloatArray, x: number, lo: number, hi: number): number {
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (values[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The first index in [lo, hi) whose value is > x (hi if none), by binary search. @internal */
export function firstAbove(values: FloatArray, x: number, lo: number, hi: number): number {
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (values[mid] <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

import type { DenseMatrix } from '../core/matrix.js';
import { assertPositiveTotal } from './inputs.js';

/**
 * The weighted mean over rows of a per-row value, as `np.average(values, weights=sampleWeight)`:
 * rows for which `value` returns `undefined` (no known cell) are left out, and weights that sum
 * to zero over the rest throw.
 *
 * @internal
 */
export function rowAverage(
  truth: DenseMatrix<Int8Array>,
  sampleWeight: Float64Array | undefined,
  value: (row: number) => number | undefined,
  what: string,
): number {
  let sum = 0;
  let total = 0;
  for (let r = 0; r < truth.rows; r++) {
    const v = value(r);
    if (v === undefined) continue;
    const w = sampleWeight === undefined ? 1 : sampleWeight[r];
    sum += w * v;
    total += w;
  }
  assertPositiveTotal(total, what);
  return sum / total;
}

import { normalCdf, normalQuantile } from '../core/normal-distribution.js';

/**
 * The arithmetic of bootstrap intervals over the replicate values of one output (one metric
 * value, or one label's): percentile and bias-corrected and accelerated (BCa) bounds, the
 * standard error, and the p-value that inverts the interval. Replicate values come sorted
 * ascending, undefined replicates left out.
 *
 * @internal
 * @module
 */

/**
 * How a bootstrap interval is made from the resamples' values: `'bca'`, bias-corrected and
 * accelerated percentiles (Efron 1987); `'percentile'`, the plain percentiles.
 *
 * @summary How the interval is made: `'bca'` or `'percentile'`.
 * @category Options
 */
export type BootstrapMethod = 'percentile' | 'bca';

/**
 * The `q`-quantile of ascending `sorted` with linear interpolation between order statistics
 * (NumPy's default `np.percentile`, Hyndman & Fan's type 7).
 *
 * @internal
 */
export function quantileOfSorted(sorted: Float64Array, q: number): number {
  const h = (sorted.length - 1) * q;
  const below = Math.floor(h);
  if (below >= sorted.length - 1) return sorted[sorted.length - 1];
  const low = sorted[below];
  return low + (h - below) * (sorted[below + 1] - low);
}

/**
 * The share of replicates below `value`, ties counted half (the mid-distribution function, so
 * that a statistic with many tied replicates is not pushed to one side), kept in
 * [0.5 / m, 1 - 0.5 / m] so that its normal quantile stays finite.
 *
 * @internal
 */
export function shareBelow(sorted: Float64Array, value: number): number {
  const m = sorted.length;
  let below = 0;
  let equal = 0;
  for (let i = 0; i < m; i++) {
    if (sorted[i] < value) below++;
    else if (sorted[i] === value) equal++;
    else break;
  }
  const share = (below + 0.5 * equal) / m;
  return Math.min(Math.max(share, 0.5 / m), 1 - 0.5 / m);
}

/**
 * The acceleration of a BCa interval from jackknife values of the statistic (Efron 1987,
 * eq. 6.6): a = sum(d^3) / (6 * sum(d^2)^1.5) with d = mean - value; 0 when they are all equal.
 *
 * @internal
 */
export function jackknifeAcceleration(values: Float64Array): number {
  const n = values.length;
  if (n === 0) return 0;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += values[i];
  mean /= n;
  let squares = 0;
  let cubes = 0;
  for (let i = 0; i < n; i++) {
    const d = mean - values[i];
    squares += d * d;
    cubes += d * d * d;
  }
  return squares > 0 ? cubes / (6 * squares ** 1.5) : 0;
}

/** The sample standard deviation (n - 1 in the denominator) of the replicates. @internal */
export function standardDeviation(values: Float64Array): number {
  const n = values.length;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += values[i];
  mean /= n;
  let squares = 0;
  for (let i = 0; i < n; i++) squares += (values[i] - mean) ** 2;
  return Math.sqrt(squares / (n - 1));
}

/**
 * The quantile levels of the lower and upper bound at `confidence`: (1 - c) / 2 and (1 + c) / 2
 * for the percentile method; for BCa, each level z moved to Phi(z0 + (z0 + z) / (1 - a (z0 + z)))
 * (Efron & Tibshirani, "An Introduction to the Bootstrap", 1993, eq. 14.10), where z0 is the
 * normal quantile of the share of replicates below the estimate and `a` the acceleration.
 *
 * @internal
 */
export function boundLevels(
  method: BootstrapMethod,
  confidence: number,
  z0: number,
  acceleration: number,
): [number, number] {
  const tail = (1 - confidence) / 2;
  if (method === 'percentile') return [tail, 1 - tail];
  const level = (z: number): number => {
    const t = z0 + z;
    const d = 1 - acceleration * t;
    if (d <= 0) return t < 0 ? 0 : 1;
    return normalCdf(z0 + t / d);
  };
  return [level(normalQuantile(tail)), level(normalQuantile(1 - tail))];
}

/**
 * The two-sided p-value of "the value is 0" that inverts the interval: twice the smaller tail of
 * the level at which a bound of the same method reaches 0, so that p < 1 - confidence exactly
 * when the interval leaves 0 out (Efron & Tibshirani 1993, section 15.4). For the percentile
 * method that level is the share of replicates below 0; BCa solves its level equation for it.
 *
 * @internal
 */
export function intervalPValue(
  sorted: Float64Array,
  method: BootstrapMethod,
  z0: number,
  acceleration: number,
): number {
  const share = shareBelow(sorted, 0);
  let level = share;
  if (method === 'bca') {
    const u = normalQuantile(share) - z0;
    const d = 1 + acceleration * u;
    const z = d > 0 ? u / d - z0 : u > 0 ? Number.POSITIVE_INFINITY : Number.NEGATIVE_INFINITY;
    level = normalCdf(z);
  }
  return Math.min(1, 2 * Math.min(level, 1 - level));
}

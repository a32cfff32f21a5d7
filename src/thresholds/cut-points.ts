/**
 * Where a threshold goes once the best cut is known. A cut predicts every score `>=` the lowest
 * score it keeps (`high`) and none of the next lower distinct score (`low`); the threshold sits
 * midway between them, so that it generalises to scores that fall in the gap. Past the extremes
 * it sits just beyond the highest (predict none) or lowest (predict all) score, at the nearest
 * float32 value, so that float32 scores (a tensor's) decide the same way.
 *
 * @internal
 * @module
 */

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);
const f64 = new Float64Array(1);
const u64 = new BigUint64Array(f64.buffer);

/** A threshold `t` with `low < t <= high`, midway where float64 allows it (`low < high`). @internal */
export function thresholdBetween(high: number, low: number): number {
  // Halves first: no overflow at the ends of the float64 range.
  const middle = high / 2 + low / 2;
  return middle > low && middle <= high ? middle : high;
}

/**
 * The threshold of a cut that keeps the scores `>= high` (+Infinity: the empty cut) when
 * `below` is the highest score under it (-Infinity: none is lower; for the empty cut, the
 * highest score of all): midway between them, just above `below` for the empty cut, just below
 * `high` when nothing is lower.
 *
 * @internal
 */
export function cutThreshold(high: number, below: number): number {
  if (high === Number.POSITIVE_INFINITY) return thresholdAbove(below);
  if (below === Number.NEGATIVE_INFINITY) return thresholdBelow(high);
  return thresholdBetween(high, below);
}

/** A threshold above `highest` that no score `<= highest` reaches: the next float32 up. @internal */
export function thresholdAbove(highest: number): number {
  const up = nextFloat32Up(highest);
  return Number.isFinite(up) ? up : nextFloat64Up(highest);
}

/** A threshold below `lowest` that every score `>= lowest` reaches: the next float32 down. @internal */
export function thresholdBelow(lowest: number): number {
  return -thresholdAbove(-lowest);
}

/** The smallest float32 value strictly greater than `x` (Infinity past the float32 range). @internal */
export function nextFloat32Up(x: number): number {
  const nearest = Math.fround(x);
  if (nearest > x) return nearest;
  if (nearest === Number.POSITIVE_INFINITY) return nearest;
  if (nearest === 0) return 2 ** -149;
  f32[0] = nearest;
  // Moving the bit pattern away from zero grows positives; towards zero shrinks negatives.
  u32[0] = nearest > 0 ? u32[0] + 1 : u32[0] - 1;
  return f32[0];
}

/**
 * The smallest float32 value `>= x`: comparing a float32 score with it gives the same answer as
 * comparing with `x` itself. Used where thresholds meet float32 tensors.
 *
 * @internal
 */
export function float32AtLeast(x: number): number {
  const nearest = Math.fround(x);
  return nearest >= x ? nearest : nextFloat32Up(nearest);
}

function nextFloat64Up(x: number): number {
  if (x === Number.POSITIVE_INFINITY || Number.isNaN(x)) return x;
  if (x === 0) return Number.MIN_VALUE;
  f64[0] = x;
  u64[0] = x > 0 ? u64[0] + 1n : u64[0] - 1n;
  return f64[0];
}

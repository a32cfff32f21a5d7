import type { LabelCells } from './inputs.js';

/**
 * The isotonic map of one label, as scikit-learn's `IsotonicRegression(out_of_bounds='clip')`
 * fits and predicts it: the cells sorted by score (then label), scores closer than 1e-15 to the
 * first of their group merged into it (their labels averaged with their weights), the
 * pool-adjacent-violators solution of that sequence, and the points inside flat runs dropped.
 * Prediction clips a score to the first and last point and interpolates linearly between the
 * points, as `np.interp` does.
 *
 * @internal
 * @module
 */

/** The points of an isotonic map, scores ascending: scikit-learn's `X_thresholds_`, `y_thresholds_`. @internal */
export interface IsotonicPoints {
  readonly x: Float64Array;
  readonly y: Float64Array;
}

/** `np.finfo(np.float64).resolution`: scores closer than this to a group's first one join it. */
const TIE_RESOLUTION = 1e-15;

/** Fits the isotonic map of `cells` (at least one cell of positive weight). @internal */
export function fitIsotonic(cells: LabelCells): IsotonicPoints {
  const { scores, labels, weights, n } = cells;
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  // np.lexsort((y, X)): by score, then by label, then in row order (a stable sort).
  order.sort((a, b) => scores[a] - scores[b] || labels[a] - labels[b] || a - b);
  // _make_unique: groups of scores within the resolution of their first, labels averaged.
  const x = new Float64Array(n);
  const y = new Float64Array(n);
  const w = new Float64Array(n);
  let groups = 0;
  let first = scores[order[0]];
  let sumW = 0;
  let sumWY = 0;
  for (let k = 0; k < n; k++) {
    const i = order[k];
    const wi = weights === undefined ? 1 : weights[i];
    if (scores[i] - first >= TIE_RESOLUTION) {
      x[groups] = first + 0; // -0 as 0, as JSON writes it
      w[groups] = sumW;
      y[groups] = sumWY / sumW;
      groups++;
      first = scores[i];
      sumW = wi;
      sumWY = labels[i] * wi;
    } else {
      sumW += wi;
      sumWY += labels[i] * wi;
    }
  }
  x[groups] = first + 0;
  w[groups] = sumW;
  y[groups] = sumWY / sumW;
  groups++;
  poolAdjacentViolators(y.subarray(0, groups), w.subarray(0, groups));
  return trimFlatRuns(x.subarray(0, groups), y.subarray(0, groups));
}

/**
 * The non-decreasing least-squares fit of `y` with weights `w`, in place (`w` is overwritten):
 * one pass that pools each decreasing run into its weighted mean and steps back to the
 * previous block when the pooled value breaks the order, then writes each block's value over
 * its cells.
 */
function poolAdjacentViolators(y: Float64Array, w: Float64Array): void {
  const n = y.length;
  // For an active block [i..j]: target[i] = j and target[j] = i.
  const target = new Int32Array(n);
  for (let i = 0; i < n; i++) target[i] = i;
  let i = 0;
  while (i < n) {
    let k = target[i] + 1;
    if (k === n) break;
    if (y[i] < y[k]) {
      i = k;
      continue;
    }
    let sumWY = w[i] * y[i];
    let sumW = w[i];
    for (;;) {
      const previous = y[k];
      sumWY += w[k] * y[k];
      sumW += w[k];
      k = target[k] + 1;
      if (k === n || previous < y[k]) {
        y[i] = sumWY / sumW;
        w[i] = sumW;
        target[i] = k - 1;
        target[k - 1] = i;
        if (i > 0) i = target[i - 1];
        break;
      }
    }
  }
  for (let start = 0; start < n; ) {
    const end = target[start] + 1;
    y.fill(y[start], start + 1, end);
    start = end;
  }
}

/** Drops every point but the first and last whose value equals both neighbours' values. */
function trimFlatRuns(x: Float64Array, y: Float64Array): IsotonicPoints {
  const n = x.length;
  const keepX: number[] = [];
  const keepY: number[] = [];
  for (let i = 0; i < n; i++) {
    if (i === 0 || i === n - 1 || y[i] !== y[i - 1] || y[i] !== y[i + 1]) {
      keepX.push(x[i]);
      keepY.push(y[i]);
    }
  }
  return { x: Float64Array.from(keepX), y: Float64Array.from(keepY) };
}

/**
 * The map's value at `score`: clipped to the first and last point, then interpolated linearly
 * between the two points around it (a point's own value at the point), as `np.interp`
 * computes it (kept within the two points' values). @internal
 */
export function isotonicValue(points: IsotonicPoints, score: number): number {
  const { x, y } = points;
  const last = x.length - 1;
  if (score <= x[0]) return y[0];
  if (score >= x[last]) return y[last];
  // The last point at or below the score.
  let lo = 0;
  let hi = last;
  while (hi - lo > 1) {
    const mid = (lo + hi) >>> 1;
    if (x[mid] <= score) lo = mid;
    else hi = mid;
  }
  if (x[lo] === score) return y[lo];
  const slope = (y[lo + 1] - y[lo]) / (x[lo + 1] - x[lo]);
  // Kept between the two points' values, which the rounding of np.interp's formula can leave
  // by an ulp: the map stays non-decreasing.
  // (NaN, from a span of scores that overflows, reads as the lower value.)
  const v = slope * (score - x[lo]) + y[lo];
  if (!(v >= y[lo])) return y[lo];
  return Math.min(v, y[lo + 1]);
}

import type { FloatArray } from '../matrix.js';

/**
 * The bins of a reliability diagram, as scikit-learn's `calibration_curve` makes them:
 * `'uniform'` edges `i / nBins`, or `'quantile'` edges at the `i / nBins` quantiles of the
 * probabilities (NumPy's `percentile`, linear interpolation, bit for bit), and each probability
 * in the bin of the first interior edge at or above it (`searchsorted`, side left): bins are
 * closed on the right, the first one on both sides. Shared by the calibration metrics and the
 * calibrators.
 *
 * @internal
 * @module
 */

/** How the bin edges are placed. @internal */
export type BinStrategy = 'uniform' | 'quantile';

/** Per-bin sums of one binary problem. @internal */
export interface CalibrationBins {
  /** `nBins + 1` edges, from the lowest to the highest. */
  readonly edges: Float64Array;
  /** The weight of the cells in each bin (their count without weights). */
  readonly total: Float64Array;
  /** The weighted sum of the probabilities in each bin. */
  readonly probability: Float64Array;
  /** The weighted sum of the labels (the positives' weight) in each bin. */
  readonly positive: Float64Array;
}

/**
 * The bins of the `n` probabilities `p` (with 0/1 `labels` and `weights`, undefined for 1).
 *
 * @internal
 */
export function calibrationBins(
  p: FloatArray,
  labels: Uint8Array,
  weights: Float64Array | undefined,
  n: number,
  nBins: number,
  strategy: BinStrategy,
): CalibrationBins {
  const edges = strategy === 'uniform' ? uniformEdges(nBins) : quantileEdges(p, n, nBins);
  const total = new Float64Array(nBins);
  const probability = new Float64Array(nBins);
  const positive = new Float64Array(nBins);
  for (let i = 0; i < n; i++) {
    const b = binOf(edges, p[i]);
    const w = weights === undefined ? 1 : weights[i];
    total[b] += w;
    probability[b] += w * p[i];
    if (labels[i] === 1) positive[b] += w;
  }
  return { edges, total, probability, positive };
}

/** `np.linspace(0, 1, nBins + 1)`: `i * (1 / nBins)`, the last edge exactly 1. */
function uniformEdges(nBins: number): Float64Array {
  const edges = new Float64Array(nBins + 1);
  const step = 1 / nBins;
  for (let i = 0; i < nBins; i++) edges[i] = i * step;
  edges[nBins] = 1;
  return edges;
}

/**
 * `np.percentile(p, np.linspace(0, 1, nBins + 1) * 100)`: for each quantile q, the virtual index
 * `(n - 1) * q` between two order statistics, interpolated by NumPy's `_lerp` (from the nearer
 * end, so the result stays within them).
 */
function quantileEdges(p: FloatArray, n: number, nBins: number): Float64Array {
  const sorted = Float64Array.from(p.subarray(0, n)).sort();
  const quantiles = uniformEdges(nBins);
  const edges = new Float64Array(nBins + 1);
  for (let i = 0; i <= nBins; i++) {
    // np.percentile divides the percentages by 100 again.
    const q = (quantiles[i] * 100) / 100;
    const virtual = (n - 1) * q;
    if (virtual >= n - 1) {
      edges[i] = sorted[n - 1];
      continue;
    }
    const below = Math.floor(virtual);
    const t = virtual - below;
    const a = sorted[below];
    const b = sorted[below + 1];
    const diff = b - a;
    edges[i] = t >= 0.5 ? b - diff * (1 - t) : a + diff * t;
  }
  return edges;
}

/** The index of the first interior edge `>= x` (`np.searchsorted(edges[1:-1], x)`). */
function binOf(edges: Float64Array, x: number): number {
  let lo = 0;
  let hi = edges.length - 2;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (edges[mid + 1] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

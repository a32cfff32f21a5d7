import type { DenseMatrix, FloatArray } from '../core/matrix.js';
import { cutThreshold } from './cut-points.js';

/**
 * Turns the chosen cut of every label into a threshold, in one pass over the score matrix: the
 * cut that keeps the scores `>= high[j]` gets the threshold midway between `high[j]` and the
 * next lower known score of label j (just below `high[j]` when none is lower); the empty cut
 * (`high[j]` = +Infinity) gets one just above the label's highest known score. Labels whose
 * `high[j]` is NaN are left out (their threshold comes from elsewhere) and get NaN.
 *
 * @internal
 */
export function thresholdsOfCuts(
  truth: DenseMatrix<Int8Array>,
  scores: DenseMatrix<FloatArray>,
  high: Float64Array,
): Float64Array {
  const { rows, cols } = truth;
  const t = truth.data;
  const s = scores.data;
  // below[j]: the highest known score under high[j] (the highest of all for the empty cut).
  const below = new Float64Array(cols).fill(Number.NEGATIVE_INFINITY);
  const known = new Uint8Array(cols);
  for (let r = 0, i = 0; r < rows; r++) {
    for (let j = 0; j < cols; j++, i++) {
      if (t[i] < 0) continue;
      const v = s[i];
      known[j] = 1;
      if (v < high[j] && v > below[j]) below[j] = v;
    }
  }
  const out = new Float64Array(cols);
  for (let j = 0; j < cols; j++) {
    const h = high[j];
    out[j] = Number.isNaN(h) || known[j] === 0 ? Number.NaN : cutThreshold(h, below[j]);
  }
  return out;
}

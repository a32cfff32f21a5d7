/**
 * The scalar logistic function and its log-partner without overflow, and the exact scaling of
 * a regression's scores: shared by the calibration fits and the logistic regressions of `data/`.
 *
 * @internal
 * @module
 */

/** log(1 + e^u) without overflow. @internal */
export function softplus(u: number): number {
  return Math.max(u, 0) + Math.log1p(Math.exp(-Math.abs(u)));
}

/** 1 / (1 + e^-u) without overflow. @internal */
export function sigmoid(u: number): number {
  if (u >= 0) return 1 / (1 + Math.exp(-u));
  const e = Math.exp(u);
  return e / (1 + e);
}

/**
 * The power of two at or above the largest |score| (1 when every score is 0; 2^1023 at most):
 * dividing by it is exact, and keeps squares and products of the scores from overflowing in the
 * fits.
 *
 * @internal
 */
export function scaleOf(scores: ArrayLike<number>): number {
  let max = 0;
  for (let i = 0; i < scores.length; i++) max = Math.max(max, Math.abs(scores[i]));
  if (max === 0) return 1;
  // 2^1023 for scores from 2^1023 up (2^1024 overflows): the scaled scores are then below 2.
  let scale = Math.min(2 ** Math.ceil(Math.log2(max)), 2 ** 1023);
  while (scale < max && scale < 2 ** 1023) scale *= 2;
  return scale === 0 ? 2 ** -1074 : scale;
}

import { scaleOf } from '../core/logistic.js';

/**
 * L2-penalised logistic regression of one 0/1 target on one real feature and a set of sparse 0/1
 * features, by Newton's method: the per-label model of `markLikelyMissing`. The objective is
 * scikit-learn's `LogisticRegression(C = 1 / l2)`: the summed log loss plus `l2 / 2` times the
 * squared weights, the intercept unpenalised.
 *
 * @internal
 * @module
 */

/**
 * The rows of a design: an intercept, one real feature and 0/1 features of which row `r` has
 * `index[start[r]]` … `index[start[r + 1] - 1]` set (each in [0, `features`)). The real feature
 * is stored divided by `scale`, a power of two (exact), so that its squares cannot overflow; the
 * coefficients are in those units. Build it with {@link logisticDesign}.
 *
 * @internal
 */
export interface LogisticDesign {
  /** Row `r`'s real feature divided by `scale`. */
  readonly value: Float64Array;
  /** The power of two the feature was divided by (see {@link logisticDesign}). */
  readonly scale: number;
  readonly start: Int32Array;
  readonly index: Int32Array;
  /** How many 0/1 features there are. */
  readonly features: number;
}

/**
 * The design of the real feature `values` (divided in place by its scale, `scaleOf`) and the 0/1
 * features listed per row. Values all under 2^-256 are set to 0: their products with any
 * slope vanish beside the intercept, and the slope's penalty (divided by the scale's square)
 * would overflow.
 *
 * @internal
 */
export function logisticDesign(
  values: Float64Array,
  start: Int32Array,
  index: Int32Array,
  features: number,
): LogisticDesign {
  let scale = scaleOf(values);
  if (scale < 2 ** -256) {
    values.fill(0);
    scale = 1;
  }
  for (let r = 0; r < values.length; r++) values[r] /= scale;
  return { value: values, scale, start, index, features };
}

const MAX_NEWTON_STEPS = 100;

/** The linear predictor of row `r`: intercept + slope x value + the weights of its set features. */
export function linearPredictor(design: LogisticDesign, theta: Float64Array, r: number): number {
  const { value, start, index } = design;
  let u = theta[0] + theta[1] * value[r];
  for (let t = start[r]; t < start[r + 1]; t++) u += theta[2 + index[t]];
  return u;
}

/**
 * The penalised objective at `theta` over `rows`, its gradient into `gradient` and the upper
 * triangle of its Hessian into `hessian` (d x d, row-major), in one pass: each row's
 * exp(-|u|) gives both its log loss and its probability.
 */
function evaluate(
  design: LogisticDesign,
  targets: Uint8Array,
  rows: Int32Array,
  penalty: Float64Array,
  theta: Float64Array,
  gradient: Float64Array,
  hessian: Float64Array,
): number {
  const { value, start, index } = design;
  const d = theta.length;
  gradient.fill(0);
  hessian.fill(0);
  let squares = 0;
  for (let k = 1; k < d; k++) {
    squares += penalty[k] * theta[k] * theta[k];
    gradient[k] = penalty[k] * theta[k];
    hessian[k * d + k] = penalty[k];
  }
  let loss = 0;
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i];
    const u = linearPredictor(design, theta, r);
    const e = Math.exp(-Math.abs(u));
    // softplus(u) - t u, and p = sigmoid(u), from the same exponential.
    loss += Math.max(u, 0) + Math.log1p(e) - (targets[r] === 1 ? u : 0);
    const p = u >= 0 ? 1 / (1 + e) : e / (1 + e);
    const residual = p - targets[r];
    const c = p * (1 - p);
    const v = value[r];
    const from = start[r];
    const to = start[r + 1];
    gradient[0] += residual;
    gradient[1] += residual * v;
    hessian[0] += c;
    hessian[1] += c * v;
    hessian[d + 1] += c * v * v;
    for (let t = from; t < to; t++) {
      const a = 2 + index[t];
      gradient[a] += residual;
      hessian[a] += c;
      hessian[d + a] += c * v;
      // Upper triangle: the pair (a, b) with a <= b; set features are distinct.
      for (let w = from; w < to; w++) {
        const b = 2 + index[w];
        if (a <= b) hessian[a * d + b] += c;
      }
    }
  }
  return loss + squares / 2;
}

/**
 * Solves `h x = b` in place of `b` for the symmetric positive definite `h` (d x d, row-major,
 * upper triangle read) by Cholesky factorisation; returns false when `h` is not positive definite
 * to working precision.
 */
function choleskySolve(h: Float64Array, b: Float64Array, d: number): boolean {
  const l = new Float64Array(d * d);
  for (let i = 0; i < d; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = h[j * d + i];
      for (let k = 0; k < j; k++) sum -= l[i * d + k] * l[j * d + k];
      if (i === j) {
        if (!(sum > 1e-300)) return false;
        l[i * d + i] = Math.sqrt(sum);
      } else {
        l[i * d + j] = sum / l[j * d + j];
      }
    }
  }
  for (let i = 0; i < d; i++) {
    let sum = b[i];
    for (let k = 0; k < i; k++) sum -= l[i * d + k] * b[k];
    b[i] = sum / l[i * d + i];
  }
  for (let i = d - 1; i >= 0; i--) {
    let sum = b[i];
    for (let k = i + 1; k < d; k++) sum -= l[k * d + i] * b[k];
    b[i] = sum / l[i * d + i];
  }
  return true;
}

/**
 * The coefficients `[intercept, slope, feature weights…]` minimising the penalised log loss of
 * `targets[r]` over `rows` (`l2 > 0`), in the design's units, from `start` (zeros when
 * absent). The objective is strictly convex in the weights; its
 * intercept has a finite minimiser when `rows` hold both target values, which the caller
 * guarantees. Newton steps with a backtracking line search; once the Newton decrement falls below
 * 1e-10 of the objective, one full step ends the fit.
 *
 * @internal
 */
export function fitPenalizedLogistic(
  design: LogisticDesign,
  targets: Uint8Array,
  rows: Int32Array,
  l2: number,
  start?: Float64Array,
): Float64Array {
  // The slope multiplies the feature divided by `scale`: its penalty is divided by scale^2, the
  // same objective as on the feature itself.
  const d = design.features + 2;
  const penalty = new Float64Array(d).fill(l2);
  penalty[0] = 0;
  penalty[1] = Math.min(l2 / (design.scale * design.scale), Number.MAX_VALUE);
  let theta = start === undefined ? new Float64Array(d) : Float64Array.from(start);
  let next = new Float64Array(d);
  let gradient = new Float64Array(d);
  let hessian = new Float64Array(d * d);
  let nextGradient = new Float64Array(d);
  let nextHessian = new Float64Array(d * d);
  const direction = new Float64Array(d);
  let f = evaluate(design, targets, rows, penalty, theta, gradient, hessian);
  for (let step = 0; step < MAX_NEWTON_STEPS; step++) {
    // The Newton direction solves H x = -g.
    for (let k = 0; k < d; k++) direction[k] = -gradient[k];
    if (!choleskySolve(hessian, direction, d)) {
      // Singular to working precision (a slope left unpenalised by huge scores, on a constant
      // column): a relative ridge on the diagonal.
      let largest = 0;
      for (let k = 0; k < d; k++) largest = Math.max(largest, hessian[k * d + k]);
      for (let k = 0; k < d; k++) {
        hessian[k * d + k] += 1e-12 * largest;
        direction[k] = -gradient[k];
      }
      if (!choleskySolve(hessian, direction, d)) break;
    }
    let decrease = 0;
    for (let k = 0; k < d; k++) decrease -= gradient[k] * direction[k];
    if (!(decrease > 0)) break;
    if (decrease < 1e-10 * Math.max(1, Math.abs(f))) {
      // Close to the minimum the full step is right (quadratic convergence), and the objective
      // no longer resolves a line search.
      for (let k = 0; k < d; k++) theta[k] += direction[k];
      break;
    }
    let alpha = 1;
    let fNext = Number.POSITIVE_INFINITY;
    for (; alpha > 1e-10; alpha /= 2) {
      for (let k = 0; k < d; k++) next[k] = theta[k] + alpha * direction[k];
      fNext = evaluate(design, targets, rows, penalty, next, nextGradient, nextHessian);
      if (fNext <= f - 1e-4 * alpha * decrease) break;
    }
    if (!(fNext <= f)) break;
    [theta, next] = [next, theta];
    [gradient, nextGradient] = [nextGradient, gradient];
    [hessian, nextHessian] = [nextHessian, hessian];
    f = fNext;
  }
  return theta;
}

import { MultilabelError } from '../core/errors.js';
import { scaleOf, sigmoid, softplus } from '../core/logistic.js';
import type { LabelCells } from './inputs.js';

/**
 * The two sigmoid fits of the calibration maps, each the exact minimiser of a convex binary log
 * loss over the known cells of a label (with their weights): Platt's `(a, b)` by Newton's method
 * with a backtracking line search, and the inverse temperature of temperature scaling by a
 * safeguarded Newton search for the zero of the loss' derivative.
 *
 * @internal
 * @module
 */

/**
 * The weighted log loss of the probabilities sigmoid(slope * s + intercept) against the targets
 * `t` in [0, 1]: sum of w (softplus(u) - t u). @internal
 */
export function sigmoidLoss(
  scores: ArrayLike<number>,
  targets: ArrayLike<number>,
  weights: ArrayLike<number> | undefined,
  slope: number,
  intercept: number,
): number {
  let loss = 0;
  for (let i = 0; i < scores.length; i++) {
    const u = slope * scores[i] + intercept;
    loss += (weights === undefined ? 1 : weights[i]) * (softplus(u) - targets[i] * u);
  }
  return loss;
}

const MAX_NEWTON_STEPS = 200;

/** `scores / scale`, each exact. */
function scaled(scores: ArrayLike<number>, scale: number): Float64Array {
  const out = new Float64Array(scores.length);
  for (let i = 0; i < scores.length; i++) out[i] = scores[i] / scale;
  return out;
}

/**
 * The `(slope, intercept)` minimising {@link sigmoidLoss}, from `start`. The loss is convex; its
 * minimiser is unique unless every score is equal (then the fit moves along the gradient only,
 * from `slope = 0`, as scikit-learn's BFGS does).
 *
 * @internal
 */
export function fitSigmoid(
  raw: ArrayLike<number>,
  targets: ArrayLike<number>,
  weights: ArrayLike<number> | undefined,
  start: readonly [number, number],
): [number, number] {
  // Fitted on the scores divided by a power of two (exact), the slope scaled back at the end.
  const scale = scaleOf(raw);
  const scores = scaled(raw, scale);
  let a = start[0] * scale;
  let b = start[1];
  let loss = sigmoidLoss(scores, targets, weights, a, b);
  for (let step = 0; step < MAX_NEWTON_STEPS; step++) {
    let ga = 0;
    let gb = 0;
    let haa = 0;
    let hab = 0;
    let hbb = 0;
    for (let i = 0; i < scores.length; i++) {
      const w = weights === undefined ? 1 : weights[i];
      const s = scores[i];
      const p = sigmoid(a * s + b);
      const r = w * (p - targets[i]);
      const c = w * p * (1 - p);
      ga += r * s;
      gb += r;
      haa += c * s * s;
      hab += c * s;
      hbb += c;
    }
    const det = haa * hbb - hab * hab;
    let da: number;
    let db: number;
    if (det > 1e-12 * haa * hbb) {
      da = -(hbb * ga - hab * gb) / det;
      db = -(haa * gb - hab * ga) / det;
    } else {
      // A singular curvature (every score equal): Newton along the gradient.
      const curvature = ga * ga * haa + 2 * ga * gb * hab + gb * gb * hbb;
      if (!(curvature > 0)) break;
      const t = (ga * ga + gb * gb) / curvature;
      da = -t * ga;
      db = -t * gb;
    }
    // The Newton decrement: the loss is within about `decrease / 2` of its minimum.
    const decrease = -(ga * da + gb * db);
    if (!(decrease > 1e-24 * Math.max(1, Math.abs(loss)))) break;
    if (decrease < 1e-8 * Math.max(1, Math.abs(loss))) {
      // Close to the minimum the full step is right, and the loss no longer resolves it.
      a += da;
      b += db;
      loss = sigmoidLoss(scores, targets, weights, a, b);
      continue;
    }
    let alpha = 1;
    let next = sigmoidLoss(scores, targets, weights, a + da, b + db);
    while (!(next <= loss - 1e-4 * alpha * decrease) && alpha > 1e-10) {
      alpha /= 2;
      next = sigmoidLoss(scores, targets, weights, a + alpha * da, b + alpha * db);
    }
    if (!(next <= loss)) break;
    a += alpha * da;
    b += alpha * db;
    loss = next;
  }
  return [a / scale, b];
}

/**
 * The inverse temperature `k >= 0` minimising the log loss of sigmoid(k z) against the 0/1
 * labels of `cells` (logits `z`): 0 when the logits do not lean towards the labels (the loss
 * then grows with k), the zero of the loss' derivative otherwise, found by Newton's method kept
 * inside a bracket that halves when a step leaves it.
 *
 * @internal
 * @throws {@link MultilabelError} `UNDEFINED_METRIC` when the logits separate the labels (the
 *   loss falls towards 0 as k grows, without a minimum); `what` names the label(s).
 */
export function fitInverseTemperature(cells: LabelCells, what: string): number {
  const { labels, weights, n } = cells;
  // Searched on the logits divided by a power of two (exact), k scaled back at the end.
  const scale = scaleOf(cells.scores);
  const scores = scaled(cells.scores, scale);
  const derivative = (k: number): [number, number] => {
    let g = 0;
    let h = 0;
    for (let i = 0; i < n; i++) {
      const w = weights === undefined ? 1 : weights[i];
      const z = scores[i];
      const p = sigmoid(k * z);
      g += w * (p - labels[i]) * z;
      h += w * p * (1 - p) * z * z;
    }
    return [g, h];
  };
  if (derivative(0)[0] >= 0) return 0;
  let separated = true;
  for (let i = 0; i < n && separated; i++) {
    if (labels[i] === 1 ? scores[i] < 0 : scores[i] > 0) separated = false;
  }
  if (separated) {
    throw new MultilabelError(
      'UNDEFINED_METRIC',
      `The logits of ${what} separate its labels (every positive >= 0 >= every negative), so the log loss falls towards 0 as the temperature goes to 0 and has no minimum; use plattScaling (its smoothed targets keep the fit finite) or isotonicCalibration.`,
    );
  }
  // The derivative is increasing: bracket its zero, then Newton steps inside the bracket.
  let lo = 0;
  let hi = 1;
  while (derivative(hi)[0] < 0 && hi < 2 ** 1000) {
    lo = hi;
    hi *= 2;
  }
  let k = hi;
  for (let step = 0; step < 400; step++) {
    const [g, h] = derivative(k);
    if (g === 0) break;
    if (g < 0) lo = k;
    else hi = k;
    let next = k - g / h;
    if (!(next > lo && next < hi)) next = lo + (hi - lo) / 2;
    if (next === k || hi - lo <= 4 * Number.EPSILON * hi) {
      k = next;
      break;
    }
    k = next;
  }
  return k / scale;
}

import * as tf from '@tensorflow/tfjs-core';
import { checkPerLabel, perLabelValues } from '../core/per-label.js';
import { checkBoolean, checkNumber } from '../core/validate.js';
import { FOCAL_SAVED, focalSlope, focalTerm } from './focal-term.js';
import { labelBlend } from './label-blend.js';
import type { Labels } from './labels.js';
import { lossFactory } from './loss-factory.js';
import { readAssumeNegative } from './options.js';
import { FLOAT32_MIN_NORMAL, softplus, unitPower } from './primitives.js';
import type { LossKernel } from './run-loss.js';
import type { AssumeNegative, LossOptions } from './types.js';

/**
 * Options of {@link binaryFocalCrossentropy}.
 *
 * @expand
 * @category Options
 * @example
 * ```ts
 * import type { BinaryFocalCrossentropyOptions } from 'tfjs-multilabel/losses';
 *
 * const options: BinaryFocalCrossentropyOptions = { gamma: 2, alpha: 0.25, applyClassBalancing: true };
 * console.log(options.gamma); // 2
 * ```
 */
export interface BinaryFocalCrossentropyOptions extends LossOptions {
  /**
   * Weight of the positive class when `applyClassBalancing` is on (negatives get `1 - alpha`):
   * a number in [0, 1] or one per label. Ignored unless `applyClassBalancing` is true, as in Keras.
   *
   * @defaultValue `0.25`, the RetinaNet value, which *down*-weights positives
   */
  alpha?: number | ArrayLike<number>;
  /**
   * Focusing parameter, `>= 0` (0 gives plain cross-entropy).
   *
   * @defaultValue `2`
   */
  gamma?: number;
  /**
   * Multiply each cell by `alpha` (positives) or `1 - alpha` (negatives).
   *
   * @defaultValue `false`
   */
  applyClassBalancing?: boolean;
  /**
   * How a 0 label is treated when some positives were never marked: a target above 0
   * (`smoothing`) and a weight of the negatives (`weight`); see {@link AssumeNegative}.
   *
   * @defaultValue `{ smoothing: 0, weight: 1 }`: a 0 label is a negative like any other
   */
  assumeNegative?: AssumeNegative;
}

/**
 * Binary focal cross-entropy (Lin et al. 2017) with Keras `BinaryFocalCrossentropy` semantics,
 * computed from logits in log space. Per cell, with p = sigmoid(x) and y the smoothed label:
 *
 * `loss = alpha_t * (1 - p_t)^gamma * BCE(y, p)`, with `1 - p_t = y (1 - p) + (1 - y) p`
 *
 * and `alpha_t = alpha * y + (1 - alpha) * (1 - y)` only when `applyClassBalancing` is true.
 * `assumeNegative` first turns y into `t + (1 - t) y` (t its `smoothing`) and multiplies the
 * negatives' side of the weight by its `weight` v: `alpha_t = alpha y + v (1 - alpha)(1 - y)`,
 * or `y + v (1 - y)` without class balancing.
 * Unlike Keras, which clips probabilities at 1e-7 even for logits, the cross-entropy is
 * `softplus(-x)` / `softplus(x)` and the focal factor `sigmoid(+-x)^gamma`, so the value and its
 * gradient stay exact and finite at any logit. With `fromLogits: false` the values equal Keras'.
 * With `applyClassBalancing: true` and the mean it equals torchvision's `sigmoid_focal_loss`
 * (`reduction='mean'`).
 *
 * Reductions: `'mean'` (default) divides the sum by the number of unmasked cells, `'sum'` adds
 * the cells up, `'none'` returns the `[batch, labels]` per-cell losses (masked cells are 0).
 *
 * @summary Focal cross-entropy (Lin et al. 2017), as Keras defines it.
 * @category Losses
 * @param options `alpha`, `gamma`, `applyClassBalancing`, `assumeNegative`, plus the common
 *   {@link LossOptions}.
 * @returns The loss function, named `options.name` (default `'binaryFocalCrossentropy'`).
 * @throws {@link MultilabelError} `UNKNOWN_OPTION` or `INVALID_OPTION` for bad options (such as
 *   `gamma < 0` or `alpha` outside [0, 1]); when called, `SHAPE_MISMATCH`, `INVALID_SHAPE`,
 *   `EMPTY_INPUT`, and `NON_BINARY_LABELS` for labels outside [0, 1] that are not the
 *   `ignoreIndex`.
 * @example
 * ```ts
 * import '@tensorflow/tfjs-backend-cpu';
 * import * as tf from '@tensorflow/tfjs-core';
 * import { binaryFocalCrossentropy } from 'tfjs-multilabel/losses';
 *
 * // Keras' documented example, on probabilities: per-row means 0.330 and 0.206.
 * const loss = binaryFocalCrossentropy({ gamma: 2, fromLogits: false });
 * const value = loss(tf.tensor2d([[0, 1], [0, 0]]), tf.tensor2d([[0.6, 0.4], [0.4, 0.6]]));
 * console.log(value.dataSync()[0].toFixed(3)); // '0.268'
 * ```
 * @function
 */
export const binaryFocalCrossentropy = /* @__PURE__ */ lossFactory({
  name: 'binaryFocalCrossentropy',
  keys: ['alpha', 'gamma', 'applyClassBalancing', 'assumeNegative'],
  settings: (options: BinaryFocalCrossentropyOptions | undefined) => ({
    alpha: checkPerLabel(options?.alpha ?? 0.25, 'alpha', { min: 0, max: 1 }),
    gamma: checkNumber(options?.gamma ?? 2, 'gamma', { min: 0 }),
    balance: checkBoolean(options?.applyClassBalancing, 'applyClassBalancing', false),
    negative: readAssumeNegative(options?.assumeNegative),
  }),
  negativeTarget: ({ negative }) => negative.target,
  plan: ({ alpha, gamma, balance, negative }, inputs) => {
    const alphas = balance ? perLabelValues(alpha, inputs.cols, 'alpha') : undefined;
    return (labels) => ({
      kernel: focalKernel(labels, gamma, alphas, negative.weight),
      count: labels.count,
    });
  },
});

/**
 * With u = s * x (s = +1 where y < 0.5, else -1), a = sigmoid(u) and m = min(y, 1 - y):
 * 1 - p_t = q = m + (1 - 2m) a and BCE = softplus(u) - m u, so hard labels (m = 0) give the
 * log-space form a^gamma * softplus(u). Gradient in u:
 * w [gamma q^gamma (1 - 2m) a (1 - a) / q * BCE + q^gamma (a - m)].
 */
function focalKernel(
  labels: Labels,
  gamma: number,
  alphas: Float64Array | undefined,
  negativeWeight: number,
): LossKernel {
  const { rows, cols, mask, hard } = labels;
  const shape: [number, number] = [rows, cols];
  // alpha_t = alpha y + v (1 - alpha)(1 - y), or y + v (1 - y); 0 where masked.
  const weightOf = (): tf.Tensor | undefined =>
    alphas !== undefined
      ? labelBlend(
          labels,
          alphas.map((a) => negativeWeight * (1 - a)),
          alphas,
        )
      : mask !== undefined || negativeWeight !== 1
        ? labelBlend(labels, negativeWeight, 1)
        : undefined;

  if (hard) {
    // Hard labels: loss = w F(u), the focal term of u = s x (s = +1 for a negative, -1 for a
    // positive); d loss / dx = w F'(u) s.
    return {
      needsLogits: true,
      forward(x) {
        const s = labelBlend(labels, 1, -1, 1);
        const w = weightOf();
        const term = focalTerm(tf.mul(x, s), gamma);
        const losses = w === undefined ? term.value : tf.mul(w, term.value);
        return { losses, saved: [s, ...term.saved, ...(w === undefined ? [] : [w])] };
      },
      backward([s, ...rest], upstream) {
        const slope = focalSlope(rest, gamma);
        const w = rest[FOCAL_SAVED];
        const du = w === undefined ? slope : tf.mul(w, slope);
        return tf.mul(tf.mul(du, s), upstream);
      },
    };
  }

  const size = rows * cols;
  const { values } = labels;
  const sign = new Float32Array(size);
  const minority = new Float32Array(size);
  for (let i = 0; i < size; i++) {
    const y = values[i];
    const positive = y >= 0.5;
    sign[i] = positive ? -1 : 1;
    minority[i] = positive ? 1 - y : y;
  }
  const m = minority;
  return {
    needsLogits: true,
    forward(x) {
      const s = tf.tensor2d(sign, shape);
      const mT = tf.tensor2d(m, shape);
      const w = weightOf() ?? tf.onesLike(x);
      const u = tf.mul(x, s);
      const a = tf.sigmoid(u);
      const bce = tf.sub(softplus(u), tf.mul(mT, u));
      if (gamma === 0) return { losses: tf.mul(w, bce), saved: [s, w, a, mT] };
      const k = tf.sub(1, tf.mul(mT, 2));
      const q = tf.add(mT, tf.mul(k, a));
      const focal = tf.mul(w, unitPower(q, gamma));
      return { losses: tf.mul(focal, bce), saved: [s, w, a, mT, k, q, focal, bce] };
    },
    backward([s, w, a, mT, k, q, focal, bce], upstream) {
      let du: tf.Tensor;
      if (k === undefined) {
        du = tf.mul(w, tf.sub(a, mT));
      } else {
        const ratio = tf.div(tf.mul(k, a), tf.clipByValue(q, FLOAT32_MIN_NORMAL, 1));
        const dFocal = tf.mul(tf.mul(tf.mul(ratio, tf.sub(1, a)), bce), gamma);
        du = tf.mul(focal, tf.add(dFocal, tf.sub(a, mT)));
      }
      return tf.mul(tf.mul(du, s), upstream);
    },
  };
}

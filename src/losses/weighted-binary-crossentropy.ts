import * as tf from '@tensorflow/tfjs-core';
import { checkPerLabel, perLabelValues } from '../core/per-label.js';
import { labelBlend } from './label-blend.js';
import type { Labels } from './labels.js';
import { lossFactory } from './loss-factory.js';
import { readAssumeNegative } from './options.js';
import { softplus } from './primitives.js';
import type { LossKernel } from './run-loss.js';
import type { AssumeNegative, LossOptions } from './types.js';

/**
 * Options of {@link weightedBinaryCrossentropy}.
 *
 * @expand
 * @category Options
 * @example
 * ```ts
 * import type { WeightedBinaryCrossentropyOptions } from 'tfjs-multilabel/losses';
 *
 * const options: WeightedBinaryCrossentropyOptions = { posWeight: [3, 1], labelWeights: [1, 2] };
 * console.log(options.posWeight); // [3, 1]
 * ```
 */
export interface WeightedBinaryCrossentropyOptions extends LossOptions {
  /**
   * Weight of the positive term of each label (PyTorch's `pos_weight`): one number for all
   * labels or one per label, each `>= 0`. Above 1 it raises recall; the ratio of negatives to
   * positives (see {@link inverseFrequencyWeights}) balances a label.
   *
   * @defaultValue `1`
   */
  posWeight?: number | ArrayLike<number>;
  /**
   * Weight of each label's whole loss (PyTorch's `weight`, broadcast over the label axis): one
   * number or one per label, each `>= 0` (see {@link classBalancedWeights}).
   *
   * @defaultValue `1`
   */
  labelWeights?: number | ArrayLike<number>;
  /**
   * How a 0 label is treated when some positives were never marked: a target above 0
   * (`smoothing`) and a weight of the negative part (`weight`); see {@link AssumeNegative}.
   *
   * @defaultValue `{ smoothing: 0, weight: 1 }`: a 0 label is a negative like any other
   */
  assumeNegative?: AssumeNegative;
}

/**
 * Binary cross-entropy with per-label positive weights and label weights, computed from logits
 * in log space with PyTorch `BCEWithLogitsLoss` semantics. Per cell, with x the logit and y the
 * (smoothed) label:
 *
 * `loss = w_c * (P_c * y * softplus(-x) + v * (1 - y) * softplus(x))`
 *
 * where `P_c = posWeight[c]`, `w_c = labelWeights[c]` and `v = assumeNegative.weight`
 * (`softplus(-x) = -log sigmoid(x)`); `assumeNegative.smoothing` t first turns y into
 * `t + (1 - t) y`. With the default weights this is tfjs's `tf.losses.sigmoidCrossEntropy`,
 * exact at any logit.
 *
 * Reductions: `'mean'` (default) divides the sum over cells by the number of unmasked cells
 * (PyTorch's `'mean'`: the weights are not renormalised), `'sum'` adds them up, `'none'`
 * returns the `[batch, labels]` per-cell losses (masked cells are 0).
 *
 * @summary Binary cross-entropy with positive weights and label weights.
 * @category Losses
 * @param options Positive and label weights, plus the {@link LossOptions} common to all losses.
 * @returns The loss function, named `options.name` (default `'weightedBinaryCrossentropy'`).
 * @throws {@link MultilabelError} `UNKNOWN_OPTION` or `INVALID_OPTION` for bad options; when
 *   called, `SHAPE_MISMATCH` if `yTrue` and `yPred` differ in shape or a weight array's length is
 *   not the number of labels, `INVALID_SHAPE`, `EMPTY_INPUT`, and `NON_BINARY_LABELS` for labels
 *   outside [0, 1] that are not the `ignoreIndex`.
 * @example
 * ```ts
 * import '@tensorflow/tfjs-backend-cpu';
 * import * as tf from '@tensorflow/tfjs-core';
 * import { weightedBinaryCrossentropy } from 'tfjs-multilabel/losses';
 *
 * const loss = weightedBinaryCrossentropy({ posWeight: [3, 1] });
 * const value = loss(tf.tensor2d([[1, 0]]), tf.tensor2d([[0, 0]]));
 * // (3 * log 2 + log 2) / 2
 * console.log(value.dataSync()[0].toFixed(4)); // '1.3863'
 * ```
 * @function
 */
export const weightedBinaryCrossentropy = /* @__PURE__ */ lossFactory({
  name: 'weightedBinaryCrossentropy',
  keys: ['posWeight', 'labelWeights', 'assumeNegative'],
  settings: (options: WeightedBinaryCrossentropyOptions | undefined) => ({
    posWeight: checkPerLabel(options?.posWeight ?? 1, 'posWeight', { min: 0 }),
    labelWeights: checkPerLabel(options?.labelWeights ?? 1, 'labelWeights', { min: 0 }),
    negative: readAssumeNegative(options?.assumeNegative),
  }),
  negativeTarget: ({ negative }) => negative.target,
  plan: ({ posWeight, labelWeights, negative }, inputs) => {
    const pos = perLabelValues(posWeight, inputs.cols, 'posWeight');
    const weights = perLabelValues(labelWeights, inputs.cols, 'labelWeights');
    // The weights of the negative and positive parts of each label.
    const atZero = weights.map((w) => w * negative.weight);
    const atOne = pos.map((p, c) => weights[c] * p);
    return (labels) => ({ kernel: weightedKernel(labels, atZero, atOne), count: labels.count });
  },
});

/**
 * With u = s * x, s = -1 where the positive part weighs at least as much as the negative part
 * (atOne y >= atZero (1 - y)) and +1 elsewhere, each cell is
 * `A * softplus(u) - B * u` with A = w (P y + v (1 - y)) and B the weight of the minority side
 * (w P y where s = +1, w v (1 - y) where s = -1); `atOne` = w P and `atZero` = w v per label
 * (v the `assumeNegative` weight). B is 0 for hard labels, so there is no
 * cancellation. Soft labels compute it as `A * (softplus(u) - c * u)` with c = B / A <= 1/2, whose
 * factors stay below |x| where A softplus(u) alone would overflow float32 (at |x| near its
 * maximum) although the loss does not. Gradient: s A (sigmoid(u) - c).
 */
function weightedKernel(labels: Labels, atZero: Float64Array, atOne: Float64Array): LossKernel {
  const { rows, cols, mask, hard } = labels;
  const shape: [number, number] = [rows, cols];
  const unweighted =
    mask === undefined && atZero.every((w) => w === 1) && atOne.every((w) => w === 1);
  // A = atZero (1 - y) + atOne y.
  const constants = (): tf.Tensor[] => {
    if (hard) {
      const sign = labelBlend(labels, 1, -1, 1);
      return unweighted ? [sign] : [sign, labelBlend(labels, atZero, atOne)];
    }
    const size = rows * cols;
    const { values } = labels;
    const sign = new Float32Array(size);
    const a = new Float32Array(size);
    const ratio = new Float32Array(size);
    for (let i = 0, c = 0; i < size; i++, c = c + 1 === cols ? 0 : c + 1) {
      if (mask !== undefined && mask[i] === 0) {
        sign[i] = 1;
        continue;
      }
      const y = values[i];
      // The heavier side sets the sign, so that c <= 1/2 (no cancellation in softplus(u) - c u).
      const positive = atOne[c] * y >= atZero[c] * (1 - y);
      const weight = atOne[c] * y + atZero[c] * (1 - y);
      const minority = positive ? atZero[c] * (1 - y) : atOne[c] * y;
      sign[i] = positive ? -1 : 1;
      a[i] = weight;
      ratio[i] = weight > 0 ? minority / weight : 0;
    }
    return [tf.tensor2d(sign, shape), tf.tensor2d(a, shape), tf.tensor2d(ratio, shape)];
  };
  return {
    needsLogits: true,
    forward(x) {
      const [s, a, c] = constants();
      const u = tf.mul(x, s);
      let losses = softplus(u);
      if (c !== undefined) losses = tf.sub(losses, tf.mul(c, u));
      if (a !== undefined) losses = tf.mul(a, losses);
      return {
        losses,
        saved: [u, s, ...(a === undefined ? [] : [a]), ...(c === undefined ? [] : [c])],
      };
    },
    backward([u, s, a, c], upstream) {
      let du = tf.sigmoid(u);
      if (c !== undefined) du = tf.sub(du, c);
      if (a !== undefined) du = tf.mul(a, du);
      return tf.mul(tf.mul(du, s), upstream);
    },
  };
}

import * as tf from '@tensorflow/tfjs-core';
import { checkNumber } from '../core/validate.js';
import {
  type FocalMarginOptions,
  focalMarginKernel,
  type NegativeTerm,
  readFocalMargin,
} from './focal-margin.js';
import { lossFactory } from './loss-factory.js';

/**
 * Options of {@link hillLoss}.
 *
 * @expand
 * @category Options
 * @example
 * ```ts
 * import type { HillLossOptions } from 'tfjs-multilabel/losses';
 *
 * const options: HillLossOptions = { lambda: 1.5, margin: 1, gamma: 2 };
 * console.log(options.lambda); // 1.5
 * ```
 */
export interface HillLossOptions extends FocalMarginOptions {
  /**
   * The weighting term of the negatives, `>= 1`: a negative adds `(lambda - p) p^2`. At 1.5 its
   * slope in p is `3p (1 - p)`, largest at p = 0.5 and vanishing as p nears 1, so a confident
   * "negative" (likely a missing positive) is barely pushed down.
   *
   * @defaultValue `1.5`
   */
  lambda?: number;
}

/**
 * The Hill loss (Zhang et al. 2021, "Simple and Robust Loss Design for Multi-Label Learning
 * with Missing Labels") for training on labels whose missing positives were never marked: a
 * 0 label may be a positive nobody tagged, so the negatives' loss is a bounded, hill-shaped
 * function of p that stops pushing confident "negatives" down. Per cell, with x the logit,
 * p = sigmoid(x) and y the label, m = `margin`:
 *
 * `loss = y * (1 - sigmoid(x - m))^gamma * softplus(m - x) + (1 - y) * (lambda - p) * p^2`
 *
 * The positive term is the focal margin loss, computed in log space (`softplus(m - x) =
 * -log sigmoid(x - m)`), so it stays exact at any logit where the reference implementation's
 * `log(sigmoid)` gives infinity. For 0/1 labels this is the reference's value, which is a sum:
 * pass `reduction: 'sum'` to reproduce it. A soft label mixes the two terms by y.
 *
 * Reductions: `'mean'` (default) divides the sum by the number of unmasked cells, `'sum'` adds
 * the cells up (the reference), `'none'` returns the `[batch, labels]` per-cell losses (masked
 * cells are 0).
 *
 * @summary Hill loss (Zhang et al. 2021) for labels with unmarked missing positives.
 * @category Losses
 * @param options `lambda`, `margin`, `gamma`, plus the common {@link LossOptions}.
 * @returns The loss function, named `options.name` (default `'hillLoss'`).
 * @throws {@link MultilabelError} `UNKNOWN_OPTION` or `INVALID_OPTION` for bad options
 *   (`lambda < 1`, a negative `margin` or `gamma`); when called, `SHAPE_MISMATCH`,
 *   `INVALID_SHAPE`, `EMPTY_INPUT`, and `NON_BINARY_LABELS` for labels outside [0, 1] that are
 *   not the `ignoreIndex`.
 * @example
 * ```ts
 * import '@tensorflow/tfjs-backend-cpu';
 * import * as tf from '@tensorflow/tfjs-core';
 * import { hillLoss } from 'tfjs-multilabel/losses';
 *
 * // A negative at p = 0.5 adds (1.5 - 0.5) * 0.25; a positive at x = 1 (the margin) adds
 * // 0.5^2 * log 2.
 * const loss = hillLoss({ reduction: 'sum' });
 * const value = loss(tf.tensor2d([[0, 1]]), tf.tensor2d([[0, 1]]));
 * console.log(value.dataSync()[0].toFixed(4)); // '0.4233'
 * ```
 * @function
 */
export const hillLoss = /* @__PURE__ */ lossFactory({
  name: 'hillLoss',
  keys: ['lambda', 'margin', 'gamma'],
  settings: (options: HillLossOptions | undefined) => ({
    lambda: checkNumber(options?.lambda ?? 1.5, 'lambda', { min: 1 }),
    focal: readFocalMargin(options),
  }),
  plan:
    ({ lambda, focal }) =>
    (labels) => ({
      kernel: focalMarginKernel(labels, focal, hillNegative(lambda)),
      count: labels.count,
    }),
});

/**
 * `H(x) = (lambda - p) p^2`, whose slope is `p^2 (1 - p)(2 lambda - 3p)` (p = sigmoid(x), and
 * 1 - p = sigmoid(-x) to keep it exact where p nears 1).
 */
function hillNegative(lambda: number): NegativeTerm {
  return {
    forward(x) {
      const p = tf.sigmoid(x);
      const squared = tf.square(p);
      return { value: tf.mul(tf.sub(lambda, p), squared), saved: [x, p, squared] };
    },
    slope([x, p, squared]) {
      return tf.mul(tf.mul(squared, tf.sigmoid(tf.neg(x))), tf.sub(2 * lambda, tf.mul(p, 3)));
    },
  };
}

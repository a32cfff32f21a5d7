import * as tf from '@tensorflow/tfjs-core';
import { checkNumber } from '../core/validate.js';
import { FOCAL_SAVED, focalSlope, focalTerm } from './focal-term.js';
import { labelBlend } from './label-blend.js';
import type { Labels } from './labels.js';
import type { LossKernel } from './run-loss.js';
import type { LossOptions } from './types.js';

/**
 * The options of the losses for missing labels (Zhang et al. 2021) that give a positive the
 * focal margin loss: `(1 - sigmoid(x - margin))^gamma * -log sigmoid(x - margin)`.
 *
 * @summary The margin and focusing options of `hillLoss` and `splcLoss`.
 * @category Options
 * @example
 * ```ts
 * import type { FocalMarginOptions } from 'tfjs-multilabel/losses';
 *
 * const options: FocalMarginOptions = { margin: 0.5, gamma: 2 };
 * console.log(options.margin); // 0.5
 * ```
 */
export interface FocalMarginOptions extends LossOptions {
  /**
   * The margin subtracted from the logit of a positive, `>= 0` (the paper recommends 0.5 to 1).
   *
   * @defaultValue `1`
   */
  margin?: number;
  /**
   * Focusing parameter, `>= 0`.
   *
   * @defaultValue `2`
   */
  gamma?: number;
}

/** The checked `margin` and `gamma`. @internal */
export interface FocalMargin {
  readonly margin: number;
  readonly gamma: number;
}

/** Reads `margin` (default 1) and `gamma` (default 2). @internal */
export function readFocalMargin(options: FocalMarginOptions | undefined): FocalMargin {
  return {
    margin: checkNumber(options?.margin ?? 1, 'margin', { min: 0 }),
    gamma: checkNumber(options?.gamma ?? 2, 'gamma', { min: 0 }),
  };
}

/** The negatives' term of a focal-margin loss: its value at the logit x and its slope in x. @internal */
export interface NegativeTerm {
  forward(x: tf.Tensor): { value: tf.Tensor; saved: tf.Tensor[] };
  slope(saved: tf.Tensor[]): tf.Tensor;
}

/**
 * The kernel of a loss that mixes, by the label y, the focal margin loss of a positive with a
 * negative term N: `y F(m - x) + (1 - y) N(x)`, F the focal term; d/dx = `-y F'(m - x) +
 * (1 - y) N'(x)`. Both terms run on every cell (soft labels mix them); masked cells weigh 0.
 *
 * @internal
 */
export function focalMarginKernel(
  labels: Labels,
  { margin, gamma }: FocalMargin,
  negative: NegativeTerm,
): LossKernel {
  return {
    needsLogits: true,
    forward(x) {
      const onPositive = labelBlend(labels, 0, 1);
      const onNegative = labelBlend(labels, 1, 0);
      const positive = focalTerm(tf.sub(margin, x), gamma);
      const other = negative.forward(x);
      const losses = tf.add(tf.mul(onPositive, positive.value), tf.mul(onNegative, other.value));
      return { losses, saved: [onPositive, onNegative, ...positive.saved, ...other.saved] };
    },
    backward(saved, upstream) {
      const [onPositive, onNegative] = saved;
      const positive = focalSlope(saved.slice(2), gamma);
      const other = negative.slope(saved.slice(2 + FOCAL_SAVED));
      return tf.mul(tf.sub(tf.mul(onNegative, other), tf.mul(onPositive, positive)), upstream);
    },
  };
}

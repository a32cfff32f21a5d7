import * as tf from '@tensorflow/tfjs-core';
import { checkEnum } from '../core/validate.js';
import { labelBlend } from './label-blend.js';
import type { Labels } from './labels.js';
import { lossFactory } from './loss-factory.js';
import { columnSums } from './primitives.js';
import type { LossKernel } from './run-loss.js';
import type { LossOptions } from './types.js';

/**
 * Options of {@link softF1Loss}.
 *
 * @expand
 * @category Options
 * @example
 * ```ts
 * import type { SoftF1LossOptions } from 'tfjs-multilabel/losses';
 *
 * const options: SoftF1LossOptions = { average: 'micro' };
 * console.log(options.average); // 'micro'
 * ```
 */
export interface SoftF1LossOptions extends LossOptions {
  /**
   * `'macro'`: one soft F1 per label, `1 - F1` averaged over the labels; `'micro'`:
   * one soft F1 from the counts pooled over all labels (the `'none'` reduction does not apply).
   *
   * @defaultValue `'macro'`
   */
  average?: 'macro' | 'micro';
}

/**
 * The sigmoidF1 loss (Bénédict et al. 2021): 1 minus an F1 score computed from soft counts over
 * the batch. With s = sigmoid(x) (or the probabilities themselves with `fromLogits: false`),
 * per label c over the batch: tp = sum s y, fp = sum s (1 - y), fn = sum (1 - s) y and
 *
 * `loss_c = 1 - 2 tp / (2 tp + fp + fn) = 1 - 2 tp / (sum s + sum y)`.
 *
 * It optimises F1 directly, so it needs no threshold tuning to trade precision for recall, but
 * it does not decompose per sample: it depends on the batch (use batches large enough to hold
 * positives of each label; a label with no positive in a batch scores F1 = 0, cost 1).
 *
 * Reductions: with `average: 'macro'`, `'mean'` (default) averages `loss_c` over the labels that
 * have an unmasked cell in the batch, `'sum'` adds them up, `'none'` returns the `[labels]`
 * vector. With `average: 'micro'` the loss is one number; `'mean'` and `'sum'` both return it.
 *
 * @summary sigmoidF1: 1 minus an F1 score computed from soft counts over the batch.
 * @category Losses
 * @param options `average`, plus the common {@link LossOptions}.
 * @returns The loss function, named `options.name` (default `'softF1Loss'`).
 * @throws {@link MultilabelError} `UNKNOWN_OPTION` or `INVALID_OPTION` for bad options
 *   (including `reduction: 'none'` with `average: 'micro'`); when called, `SHAPE_MISMATCH`,
 *   `INVALID_SHAPE`, `EMPTY_INPUT`, and `NON_BINARY_LABELS` for labels outside [0, 1] that are
 *   not the `ignoreIndex`.
 * @example
 * ```ts
 * import '@tensorflow/tfjs-backend-cpu';
 * import * as tf from '@tensorflow/tfjs-core';
 * import { softF1Loss } from 'tfjs-multilabel/losses';
 *
 * // One label; s = [0.9, 0.2], y = [1, 0]: 1 - 2 * 0.9 / (1.1 + 1)
 * const loss = softF1Loss({ fromLogits: false });
 * const value = loss(tf.tensor2d([[1], [0]]), tf.tensor2d([[0.9], [0.2]]));
 * console.log(value.dataSync()[0].toFixed(4)); // '0.1429'
 * ```
 * @function
 */
export const softF1Loss = /* @__PURE__ */ lossFactory<
  SoftF1LossOptions,
  { average: 'macro' | 'micro'; fromLogits: boolean }
>({
  name: 'softF1Loss',
  keys: ['average'],
  // The micro average pools every label into one F1: there are no per-cell losses to return.
  reductions: (options) =>
    readAverage(options) === 'micro' ? ['mean', 'sum'] : ['mean', 'sum', 'none'],
  settings: (options, common) => ({ average: readAverage(options), fromLogits: common.fromLogits }),
  plan:
    ({ average, fromLogits }) =>
    (labels) => {
      const { kernel, counted } = softF1Kernel(labels, average, fromLogits);
      return { kernel, count: counted };
    },
});

/** The `average` option, checked. */
function readAverage(options: SoftF1LossOptions | undefined): 'macro' | 'micro' {
  return checkEnum(options?.average ?? 'macro', 'average', ['macro', 'micro'] as const);
}

/**
 * Per label, D = sum s + sum y (1 where that is 0) and F1 = 2 tp / D; d(1 - F1)/ds_i = -2 (y_i D - tp) / D^2
 * (times s (1 - s) from logits), i.e. alpha_c y_i + beta_c with per-label alpha and beta.
 */
function softF1Kernel(
  labels: Labels,
  average: 'macro' | 'micro',
  fromLogits: boolean,
): { kernel: LossKernel; counted: number } {
  const { rows, cols, mask } = labels;
  const present = new Float32Array(cols);
  if (mask === undefined) {
    present.fill(1);
  } else {
    for (let i = 0; i < rows * cols; i++) if (mask[i] === 1) present[i % cols] = 1;
  }
  let counted = 0;
  for (let c = 0; c < cols; c++) counted += present[c];
  const micro = average === 'micro';
  const kernel: LossKernel = {
    needsLogits: false,
    forward(input) {
      const y = labelBlend(labels, 0, 1);
      const m = mask === undefined ? undefined : labelBlend(labels, 1, 1);
      let s = fromLogits ? tf.sigmoid(input) : input;
      const dS = fromLogits ? tf.mul(s, tf.sub(1, s)) : undefined;
      if (m !== undefined) s = tf.mul(s, m);
      let tp = columnSums(tf.mul(s, y));
      let mass = tf.add(columnSums(s), columnSums(y));
      const keep = micro ? tf.scalar(counted > 0 ? 1 : 0) : tf.tensor1d(present);
      if (micro) {
        tp = tf.sum(tp);
        mass = tf.sum(mass);
      }
      // D = sum s + sum y; a label with no mass at all has tp = 0 too: F1 = 0 / 1 = 0 there,
      // exact (adding an epsilon instead would shift D wherever it is tiny but not 0).
      const denominator = tf.where(tf.equal(mass, 0), tf.onesLike(mass), mass);
      const f1 = tf.div(tf.mul(tp, 2), denominator);
      const losses = tf.mul(tf.sub(1, f1), keep);
      const none = tf.scalar(0);
      return { losses, saved: [y, f1, denominator, keep, dS ?? none, m ?? none] };
    },
    backward([y, f1, denominator, keep, dS, m], upstream) {
      // d(1 - 2 tp / D) / ds = -2 y / D + 2 tp / D^2 = u F1 / D - 2 u (y / D), times u, the
      // upstream weight of each label. F1 <= 1 and y / D <= 1 are divided first: D^2 and 1 / D
      // overflow for a subnormal D, which gave 0 / 0 and 0 * Infinity.
      const u = tf.mul(upstream, keep);
      const slope = tf.div(tf.mul(u, f1), denominator);
      let grad = tf.sub(slope, tf.mul(tf.div(y, denominator), tf.mul(u, 2)));
      if (fromLogits) grad = tf.mul(grad, dS);
      if (mask !== undefined) grad = tf.mul(grad, m);
      return grad;
    },
  };
  return { kernel, counted: micro ? 1 : counted };
}

import * as tf from '@tensorflow/tfjs-core';
import { checkInteger, checkNumber } from '../core/validate.js';
import { attachEpoch, EpochState } from './epoch-state.js';
import {
  type FocalMargin,
  type FocalMarginOptions,
  focalMarginKernel,
  type NegativeTerm,
  readFocalMargin,
} from './focal-margin.js';
import { FOCAL_SAVED, focalSlope, focalTerm } from './focal-term.js';
import { checkInputs } from './inputs.js';
import { labelBlend } from './label-blend.js';
import type { Labels } from './labels.js';
import { parseCommonOptions } from './options.js';
import { type LossKernel, namedLoss, runLoss } from './run-loss.js';
import type { EpochLoss, LossReduction } from './types.js';

/**
 * Options of {@link splcLoss}.
 *
 * @expand
 * @category Options
 * @example
 * ```ts
 * import type { SplcLossOptions } from 'tfjs-multilabel/losses';
 *
 * const options: SplcLossOptions = { tau: 0.6, changeEpoch: 1 };
 * console.log(options.tau); // 0.6
 * ```
 */
export interface SplcLossOptions extends FocalMarginOptions {
  /**
   * The probability above which a 0 label is taken as a missing positive, in (0, 1).
   *
   * @defaultValue `0.6` (the paper uses 0.65 for COCO with 75% of the labels left)
   */
  tau?: number;
  /**
   * The first epoch (counted from 0, as tfjs-layers counts them) from which 0 labels are
   * corrected: before it the model's scores are too poor to find missing positives.
   *
   * @defaultValue `1` (from the second epoch on)
   */
  changeEpoch?: number;
}

/**
 * The loss {@link splcLoss} returns: an {@link EpochLoss} (the epoch set by its `callback` in
 * `model.fit` or `fitDataset`, or by `setEpoch` in a custom training loop) that also tells
 * whether it corrects 0 labels at the current epoch.
 *
 * @summary The SPLC loss function, with the epoch it corrects labels from.
 * @category Results
 * @example
 * ```ts
 * import { splcLoss } from 'tfjs-multilabel/losses';
 *
 * const loss = splcLoss();
 * loss.setEpoch(3);
 * console.log(loss.epoch, loss.correcting); // 3 true
 * ```
 */
export interface SplcLoss<T extends tf.Tensor = tf.Scalar> extends EpochLoss<T> {
  /** Whether 0 labels are corrected at the current epoch (`epoch >= changeEpoch`). */
  readonly correcting: boolean;
}

const LOSS_NAME = 'splcLoss';

/**
 * The SPLC loss (self-paced loss correction; Zhang et al. 2021, "Simple and Robust Loss Design
 * for Multi-Label Learning with Missing Labels") for training on labels whose missing positives
 * were never marked: from epoch `changeEpoch` on, a 0 label the model already scores above
 * `tau` is taken as a positive. Per cell, with x the logit, m = `margin`, F(u) =
 * `sigmoid(u)^gamma * softplus(u)` the focal term (`softplus(u) = -log sigmoid(-u)`):
 *
 * - a marked positive: `F(m - x)`, the focal margin loss;
 * - a 0 label: `F(-x)` (the focal loss of a positive) where the epoch has come and
 *   `sigmoid(x) > tau`, else `F(x)` (the focal loss of a negative).
 *
 * The correction is a decision, not a weight: no gradient flows through it. A soft label mixes
 * the two rows by y. The epoch is state: pass `loss.callback` to `model.fit`'s `callbacks`
 * (or call `loss.setEpoch(epoch)` in a custom loop); without either, the epoch stays 0 and
 * with the default `changeEpoch` no label is corrected. For 0/1 labels this is the reference
 * implementation's value, which is a sum: pass `reduction: 'sum'` to reproduce it.
 *
 * Reductions: `'mean'` (default) divides the sum by the number of unmasked cells, `'sum'` adds
 * the cells up (the reference), `'none'` returns the `[batch, labels]` per-cell losses (masked
 * cells are 0).
 *
 * @summary SPLC loss (Zhang et al. 2021): corrects likely missing positives while training.
 * @category Losses
 * @param options `tau`, `changeEpoch`, `margin`, `gamma`, plus the common {@link LossOptions}.
 * @returns The loss function, named `options.name` (default `'splcLoss'`), with its epoch
 *   state.
 * @throws {@link MultilabelError} `UNKNOWN_OPTION` or `INVALID_OPTION` for bad options (`tau`
 *   outside (0, 1), a negative or fractional `changeEpoch`, a negative `margin` or `gamma`),
 *   and from `setEpoch` for an epoch that is not a whole number `>= 0`; when called,
 *   `SHAPE_MISMATCH`, `INVALID_SHAPE`, `EMPTY_INPUT`, and `NON_BINARY_LABELS` for labels outside
 *   [0, 1] that are not the `ignoreIndex`.
 * @example
 * ```ts
 * import '@tensorflow/tfjs-backend-cpu';
 * import * as tf from '@tensorflow/tfjs-core';
 * import { splcLoss } from 'tfjs-multilabel/losses';
 *
 * // A 0 label scored at x = 2 (p = 0.88 > tau): a negative at epoch 0, a positive from epoch 1.
 * const loss = splcLoss({ reduction: 'sum' });
 * const yTrue = tf.tensor2d([[0]]);
 * const yPred = tf.tensor2d([[2]]);
 * console.log(loss(yTrue, yPred).dataSync()[0].toFixed(4)); // '1.6501'
 * loss.callback.onEpochBegin(1);
 * console.log(loss(yTrue, yPred).dataSync()[0].toFixed(4)); // '0.0018'
 * ```
 */
export function splcLoss<R extends LossReduction = 'mean'>(
  options?: SplcLossOptions & { reduction?: R },
): SplcLoss<'none' extends R ? tf.Tensor : tf.Scalar> {
  const common = parseCommonOptions(options, LOSS_NAME, ['tau', 'changeEpoch', 'margin', 'gamma']);
  const tau = checkNumber(options?.tau ?? 0.6, 'tau', {
    min: 0,
    max: 1,
    minExclusive: true,
    maxExclusive: true,
  });
  const changeEpoch = checkInteger(options?.changeEpoch ?? 1, 'changeEpoch', { min: 0 });
  const focal = readFocalMargin(options);
  // sigmoid(x) > tau exactly where x > logit(tau).
  const cut = Math.log(tau) - Math.log1p(-tau);
  const epoch = new EpochState();
  const loss = namedLoss(common, (yTrue, yPred) =>
    runLoss(checkInputs(yTrue, yPred, LOSS_NAME), common, (labels) => {
      const correctAbove = epoch.value >= changeEpoch ? cut : undefined;
      return {
        kernel: labels.hard
          ? splcHardKernel(labels, focal, correctAbove)
          : focalMarginKernel(labels, focal, splcNegative(focal.gamma, correctAbove)),
        count: labels.count,
      };
    }),
  );
  return attachEpoch<SplcLoss<'none' extends R ? tf.Tensor : tf.Scalar>>(loss, epoch, {
    correcting: () => epoch.value >= changeEpoch,
  });
}

/**
 * Hard labels: one focal term per cell, `F(u)` with `u = s x + c`: s = -1 and c = m for a
 * marked positive (`F(m - x)`), s = -1 and c = 0 for a corrected 0 label (`F(-x)`), s = +1 and
 * c = 0 for a negative (`F(x)`); d/dx = `s F'(u)`. Half the work of mixing two terms per cell.
 * Masked cells weigh 0.
 */
function splcHardKernel(
  labels: Labels,
  { margin, gamma }: FocalMargin,
  cut: number | undefined,
): LossKernel {
  return {
    needsLogits: true,
    forward(x) {
      let sign = labelBlend(labels, 1, -1, 1);
      if (cut !== undefined) {
        // The 0 labels above the cut turn to -1: s - (s + 1) [x > cut], as s + 1 is 2 there, 0
        // on the positives.
        sign = tf.sub(sign, tf.mul(tf.add(sign, 1), tf.step(tf.sub(x, cut))));
      }
      const shifted =
        margin === 0 ? tf.mul(x, sign) : tf.add(tf.mul(x, sign), labelBlend(labels, 0, margin));
      const term = focalTerm(shifted, gamma);
      const weight = labels.mask === undefined ? undefined : labelBlend(labels, 1, 1);
      const losses = weight === undefined ? term.value : tf.mul(weight, term.value);
      return { losses, saved: [...term.saved, weight === undefined ? sign : tf.mul(sign, weight)] };
    },
    backward(saved, upstream) {
      return tf.mul(tf.mul(focalSlope(saved, gamma), saved[FOCAL_SAVED]), upstream);
    },
  };
}

/**
 * A 0 label's term `F(s x)`, with s = -1 where it is corrected (x > cut, from `changeEpoch`
 * on; `cut` is undefined before) and +1 elsewhere: slope `s F'(s x)`. The sign is a constant
 * of the pass.
 */
function splcNegative(gamma: number, cut: number | undefined): NegativeTerm {
  return {
    forward(x) {
      if (cut === undefined) return focalTerm(x, gamma);
      const sign = tf.sub(1, tf.mul(tf.step(tf.sub(x, cut)), 2));
      const term = focalTerm(tf.mul(x, sign), gamma);
      return { value: term.value, saved: [...term.saved, sign] };
    },
    slope(saved) {
      const slope = focalSlope(saved, gamma);
      return saved.length > FOCAL_SAVED ? tf.mul(slope, saved[FOCAL_SAVED]) : slope;
    },
  };
}

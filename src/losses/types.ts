import type * as tf from '@tensorflow/tfjs-core';

/**
 * How a loss reduces its per-unit values (cells, rows or labels, depending on the loss):
 *
 * - `'mean'`: the sum divided by the number of units that count (masked units do not);
 * - `'sum'`: the plain sum;
 * - `'none'`: no reduction; the shape returned is documented on each loss.
 *
 * @inline
 * @summary How a loss reduces its values: `'mean'`, `'sum'` or `'none'`.
 * @category Options
 * @example
 * ```ts
 * import type { LossReduction } from 'tfjs-multilabel/losses';
 *
 * const reduction: LossReduction = 'sum';
 * console.log(reduction); // 'sum'
 * ```
 */
export type LossReduction = 'mean' | 'sum' | 'none';

/**
 * Options every loss factory accepts.
 *
 * @expand
 * @category Options
 * @example
 * ```ts
 * import type { LossOptions } from 'tfjs-multilabel/losses';
 *
 * const options: LossOptions = { fromLogits: true, reduction: 'mean', ignoreIndex: -1, name: 'focal' };
 * console.log(options.name); // 'focal'
 * ```
 */
export interface LossOptions {
  /**
   * Whether `yPred` holds logits (the numerically stable choice). With `false`
   * it holds probabilities, which are clipped to `[1e-7, 1 - 1e-7]` and turned into logits as
   * Keras does (the gradient is zero outside that range); `softF1Loss` uses them as they are.
   * Left unset, a loss whose first batch of at least 64 values lies wholly in `[0, 1]` warns
   * once (`console.warn`) that they look like probabilities; setting it either way silences that.
   *
   * @defaultValue `true`
   */
  fromLogits?: boolean;
  /**
   * How the loss is reduced; see each loss for what `'none'` returns.
   *
   * @defaultValue `'mean'`
   */
  reduction?: LossReduction;
  /**
   * Smooths every label towards 0.5 as Keras and tfjs do: `y * (1 - labelSmoothing) +
   * 0.5 * labelSmoothing`. A number in `[0, 1]`.
   *
   * @defaultValue `0`
   */
  labelSmoothing?: number;
  /**
   * The marker of a missing (unknown) label: a finite number outside [0, 1] (such as `-1`, or
   * PyTorch's `-100`) or `NaN`. Label cells equal to it, and `NaN` cells, are masked: they add
   * nothing to the loss, get a zero gradient and are not counted by `'mean'`.
   *
   * @defaultValue none: no masking (labels outside [0, 1], and `NaN`, throw)
   */
  ignoreIndex?: number;
  /**
   * The function's `name`, which tfjs-layers uses as the log key when the loss is also passed
   * as a metric. Set it explicitly when two differently
   * configured losses are logged side by side.
   *
   * @defaultValue the factory's name, e.g. `'asymmetricLoss'`
   */
  name?: string;
}

/**
 * A loss built by one of the factories: call it as `(yTrue, yPred)` or pass it to
 * `model.compile({ loss })`. It carries an explicit `name`, because tfjs-layers logs losses and
 * metrics under the function's name, which minifiers would otherwise mangle.
 *
 * `yTrue` and `yPred` are 2-D tensors of the same shape `[batch, labels]`.
 *
 * @summary A loss from one of the factories, for `model.compile({ loss })` or direct calls.
 * @category Results
 * @typeParam T - What a call returns: a scalar for `'mean'` and `'sum'`, else a tensor.
 * @example
 * ```ts
 * import '@tensorflow/tfjs-backend-cpu';
 * import * as tf from '@tensorflow/tfjs-core';
 * import { binaryFocalCrossentropy, type MultilabelLoss } from 'tfjs-multilabel/losses';
 *
 * const loss: MultilabelLoss = binaryFocalCrossentropy({ name: 'focal' });
 * const value = loss(tf.tensor2d([[1, 0]]), tf.tensor2d([[2, -2]]));
 * console.log(loss.name, value.shape); // 'focal' []
 * ```
 */
export interface MultilabelLoss<T extends tf.Tensor = tf.Scalar> {
  /**
   * @param yTrue Labels, `[batch, labels]`: 0, 1, soft values in `[0, 1]`, or the `ignoreIndex`.
   * @param yPred Logits (or probabilities with `fromLogits: false`), same shape, float32.
   * @returns The reduced loss.
   */
  (yTrue: tf.Tensor, yPred: tf.Tensor): T;
  /** The log key tfjs-layers uses for this function. */
  readonly name: string;
}

/**
 * A loss whose value depends on the training epoch (it changes how it treats 0 labels as
 * training goes on): the epoch is set by its `callback` in `model.fit` (or `fitDataset`), or by
 * `setEpoch` in a custom training loop. {@link splcLoss} and {@link largeLossRejection} return
 * one.
 *
 * @summary A loss that knows the training epoch, with the callback that sets it.
 * @category Results
 * @example
 * ```ts
 * import { type EpochLoss, splcLoss } from 'tfjs-multilabel/losses';
 *
 * const loss: EpochLoss = splcLoss();
 * loss.callback.onEpochBegin(2); // what model.fit does as the third epoch begins
 * console.log(loss.epoch); // 2
 * ```
 */
export interface EpochLoss<T extends tf.Tensor = tf.Scalar> extends MultilabelLoss<T> {
  /** The current epoch, counted from 0 (0 until it is set). */
  readonly epoch: number;
  /** Sets the current epoch (a whole number `>= 0`); call it when an epoch begins. */
  setEpoch(epoch: number): void;
  /**
   * A tfjs-layers callback that sets the epoch when each epoch begins: pass it in `callbacks`
   * of `model.fit` or `model.fitDataset`.
   */
  readonly callback: {
    /** Sets the epoch to the one beginning (tfjs-layers passes it, counted from 0). */
    readonly onEpochBegin: (epoch: number) => void;
  };
}

/**
 * The return type of a loss factory given its options: a tensor when `reduction` may be
 * `'none'`, else a scalar.
 *
 * @summary A scalar tensor, or a tensor of values for `reduction: 'none'`.
 * @category Results
 * @typeParam O - The options object passed to the factory.
 * @example
 * ```ts
 * import '@tensorflow/tfjs-backend-cpu';
 * import * as tf from '@tensorflow/tfjs-core';
 * import { weightedBinaryCrossentropy } from 'tfjs-multilabel/losses';
 *
 * // LossOutput<{ reduction: 'none' }> is tf.Tensor, so `perCell` is typed as a tensor.
 * const perCell = weightedBinaryCrossentropy({ reduction: 'none' })(tf.tensor2d([[1, 0]]), tf.tensor2d([[0, 0]]));
 * console.log(perCell.shape); // [1, 2]
 * ```
 */
export type LossOutput<O> = O extends {
  /** The `reduction` option, if the options set it. */
  reduction?: infer R;
}
  ? unknown extends R
    ? tf.Scalar
    : 'none' extends R
      ? tf.Tensor
      : tf.Scalar
  : tf.Scalar;

/**
 * How {@link weightedBinaryCrossentropy} and {@link binaryFocalCrossentropy} treat a 0 label
 * when some positives were never marked (an annotator tags some of what is in a photo, not all
 * of it): the 0 is assumed negative, but with less certainty. Two treatments, which combine:
 * `smoothing` moves the target of a 0 label from 0 to `smoothing` (label smoothing of the
 * negatives only), and `weight` scales the loss of a 0 label (Cole et al. 2021's "weak assume
 * negative" uses `1 / (labels - 1)`). Labels that are known missing are better marked with the
 * `ignoreIndex`; see the guide "Incomplete labels".
 *
 * @summary How a 0 label is treated when some positives were never marked.
 * @category Options
 * @example
 * ```ts
 * import type { AssumeNegative } from 'tfjs-multilabel/losses';
 *
 * const assumeNegative: AssumeNegative = { smoothing: 0.1 };
 * console.log(assumeNegative.smoothing); // 0.1
 * ```
 */
export interface AssumeNegative {
  /**
   * The target of a 0 label, in [0, 1): a raw label y becomes `smoothing + (1 - smoothing) y`
   * (before the common `labelSmoothing`, which still applies to every label). Positives keep
   * their target.
   *
   * @defaultValue `0`
   */
  smoothing?: number;
  /**
   * The weight of the negatives, `>= 0`: it multiplies the `(1 - y)` term of the weighted
   * cross-entropy, and the negatives' side `(1 - y)` of the focal loss's weight `alpha_t`.
   *
   * @defaultValue `1`
   */
  weight?: number;
}

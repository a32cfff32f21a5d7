import * as tf from '@tensorflow/tfjs-core';
import { MultilabelError } from '../core/errors.js';
import { checkBoolean, checkNumber } from '../core/validate.js';
import { attachEpoch, EpochState } from './epoch-state.js';
import { checkInputs } from './inputs.js';
import { labelBlend } from './label-blend.js';
import type { Labels } from './labels.js';
import { parseCommonOptions } from './options.js';
import { softplus } from './primitives.js';
import { type LossKernel, namedLoss, runLoss } from './run-loss.js';
import type { EpochLoss, LossOptions, LossReduction } from './types.js';

/**
 * Options of {@link largeLossRejection}.
 *
 * @expand
 * @category Options
 * @example
 * ```ts
 * import type { LargeLossRejectionOptions } from 'tfjs-multilabel/losses';
 *
 * const options: LargeLossRejectionOptions = { deltaRate: 0.002, correct: true };
 * console.log(options.deltaRate); // 0.002
 * ```
 */
export interface LargeLossRejectionOptions extends LossOptions {
  /**
   * How much the rejected share grows per epoch, in [0, 1]: at epoch t (counted from 0) the
   * 0 labels with the largest losses, up to `t * deltaRate` of the batch's cells, are rejected.
   * The paper's Δrel, given there in percent (0.1 to 0.5).
   *
   * @defaultValue `0.002` (0.2% more of the cells per epoch)
   */
  deltaRate?: number;
  /**
   * The largest share of the batch's cells ever rejected, in [0, 1]: a bound for long
   * trainings, where `t * deltaRate` would otherwise reject most 0 labels.
   *
   * @defaultValue `1` (no bound, as in the paper)
   */
  maxRate?: number;
  /**
   * `false`: a rejected 0 label adds nothing to the loss (LL-R). `true`: it counts as a
   * positive for this batch (LL-Ct, the temporary correction).
   *
   * @defaultValue `false`
   */
  correct?: boolean;
}

/**
 * The loss {@link largeLossRejection} returns: an {@link EpochLoss} that also tells the share
 * of the batch's cells it rejects at the current epoch.
 *
 * @summary The large-loss rejection loss function, with its epoch and rejected share.
 * @category Results
 * @example
 * ```ts
 * import { largeLossRejection } from 'tfjs-multilabel/losses';
 *
 * const loss = largeLossRejection({ deltaRate: 0.01 });
 * loss.setEpoch(3);
 * console.log(loss.epoch, loss.rate); // 3 0.03
 * ```
 */
export interface LargeLossRejection<T extends tf.Tensor = tf.Scalar> extends EpochLoss<T> {
  /** The share of the batch's cells rejected at the current epoch: `min(epoch * deltaRate, maxRate)`. */
  readonly rate: number;
}

const LOSS_NAME = 'largeLossRejection';

/** Below every finite float32: the key of a cell that cannot be rejected. */
const NOT_A_CANDIDATE = -3.4028234663852886e38;

/**
 * Binary cross-entropy that stops learning from the 0 labels it finds hardest (Kim et al. 2022,
 * "Large Loss Matters in Weakly Supervised Multi-Label Classification"): when positives were
 * never marked, a missing positive left as 0 is a negative the model learns to fit late, with a
 * large loss, so the largest losses among the 0 labels are more likely to be missing positives.
 *
 * Per batch at epoch t (counted from 0), with r = `min(t * deltaRate, maxRate)` and n the
 * number of cells that count (all but the `ignoreIndex` ones), the k = ceil(r n) 0 labels with
 * the largest loss `softplus(x)` (those with the largest logits x; ties at the k-th are all
 * taken) are rejected: their loss is 0 (`correct: false`, LL-R) or `softplus(-x)`, the loss of
 * a positive (`correct: true`, LL-Ct). Every other cell is the binary cross-entropy
 * `y softplus(-x) + (1 - y) softplus(x)`. The choice is a decision, not a weight: no gradient
 * flows through it. At epoch 0 nothing is rejected: the loss is plain binary cross-entropy.
 *
 * The epoch is state: pass `loss.callback` to `model.fit`'s `callbacks` (or call
 * `loss.setEpoch(epoch)` in a custom loop). Labels must be 0 or 1 (or the `ignoreIndex`):
 * rejection picks 0 labels, which soft labels and `labelSmoothing` do not have. The paper's
 * third scheme, LL-Cp, changes the training labels for good; do that with the labels you hand
 * to the next epoch.
 *
 * Reductions: `'mean'` (default) divides the sum by n, rejected cells included (the paper's
 * mean over the batch's cells); `'sum'` adds the cells up; `'none'` returns the
 * `[batch, labels]` per-cell losses (masked cells are 0).
 *
 * @summary Large-loss rejection (Kim et al. 2022): skips the hardest 0 labels in training.
 * @category Losses
 * @param options `deltaRate`, `maxRate`, `correct`, plus the common {@link LossOptions} (but
 *   `labelSmoothing`, which must stay 0).
 * @returns The loss function, named `options.name` (default `'largeLossRejection'`), with its
 *   epoch state.
 * @throws {@link MultilabelError} `UNKNOWN_OPTION` or `INVALID_OPTION` for bad options
 *   (`deltaRate` or `maxRate` outside [0, 1], a `correct` that is not a boolean, a
 *   `labelSmoothing` above 0), and from `setEpoch` for an epoch that is not a whole number
 *   `>= 0`; when called, `SHAPE_MISMATCH`, `INVALID_SHAPE`, `EMPTY_INPUT`, and
 *   `NON_BINARY_LABELS` for labels other than 0, 1 and the `ignoreIndex`.
 * @example
 * ```ts
 * import '@tensorflow/tfjs-backend-cpu';
 * import * as tf from '@tensorflow/tfjs-core';
 * import { largeLossRejection } from 'tfjs-multilabel/losses';
 *
 * // Four 0 labels; at epoch 1 with deltaRate 0.25, the one with the largest logit is rejected.
 * const loss = largeLossRejection({ deltaRate: 0.25, reduction: 'none' });
 * const yTrue = tf.tensor2d([[0, 0, 0, 0]]);
 * const yPred = tf.tensor2d([[-2, 0, 3, 1]]);
 * const show = () => Array.from(loss(yTrue, yPred).dataSync(), (v) => v.toFixed(3));
 * console.log(show()); // ['0.127', '0.693', '3.049', '1.313']
 * loss.callback.onEpochBegin(1);
 * console.log(show()); // ['0.127', '0.693', '0.000', '1.313']
 * ```
 */
export function largeLossRejection<R extends LossReduction = 'mean'>(
  options?: LargeLossRejectionOptions & { reduction?: R },
): LargeLossRejection<'none' extends R ? tf.Tensor : tf.Scalar> {
  const common = parseCommonOptions(options, LOSS_NAME, ['deltaRate', 'maxRate', 'correct']);
  if (common.labelSmoothing !== 0) {
    throw new MultilabelError(
      'INVALID_OPTION',
      `\`labelSmoothing\` must be 0 for ${LOSS_NAME}, but got ${common.labelSmoothing}: rejection picks 0 labels, which smoothing removes. Leave it out.`,
    );
  }
  const deltaRate = checkNumber(options?.deltaRate ?? 0.002, 'deltaRate', { min: 0, max: 1 });
  const maxRate = checkNumber(options?.maxRate ?? 1, 'maxRate', { min: 0, max: 1 });
  const correct = checkBoolean(options?.correct, 'correct', false);
  const rules = { ...common, binary: true };
  const epoch = new EpochState();
  const rate = () => Math.min(epoch.value * deltaRate, maxRate);
  const loss = namedLoss(common, (yTrue, yPred) =>
    runLoss(checkInputs(yTrue, yPred, LOSS_NAME), rules, (labels) => ({
      kernel: rejectionKernel(labels, rejectedCount(rate(), labels.count), correct),
      count: labels.count,
    })),
  );
  return attachEpoch<LargeLossRejection<'none' extends R ? tf.Tensor : tf.Scalar>>(loss, epoch, {
    rate,
  });
}

/** ceil(rate * cells), without the rounding error of the product pushing an exact count up. */
function rejectedCount(rate: number, cells: number): number {
  return Math.ceil(Number((rate * cells).toPrecision(12)));
}

/**
 * Per cell `a * softplus(u)`, u = s x: s = -1 on a positive (or a corrected 0 label), +1 on a 0
 * label; a = 0 on a masked or rejected cell, else 1. Gradient `a s sigmoid(u)`. The rejected cells
 * are the 0 labels whose logit is at least the k-th largest logit of the batch's 0 labels
 * (`tf.topk` over the logits with every other cell keyed below any float32).
 */
function rejectionKernel(labels: Labels, k: number, correct: boolean): LossKernel {
  const { mask } = labels;
  return {
    needsLogits: true,
    forward(x) {
      let sign = labelBlend(labels, 1, -1, 1);
      let weight = mask === undefined ? undefined : labelBlend(labels, 1, 1, 0);
      if (k > 0) {
        const zero = labelBlend(labels, 1, 0, 0);
        const keys = tf.where(tf.greater(zero, 0), x, tf.fill(x.shape, NOT_A_CANDIDATE, 'float32'));
        const cut = tf.min(tf.topk(tf.reshape(keys, [-1]), Math.min(k, keys.size), false).values);
        const rejected = tf.mul(zero, tf.cast(tf.greaterEqual(x, cut), 'float32'));
        if (correct) sign = tf.sub(sign, tf.mul(rejected, 2));
        else weight = tf.sub(weight ?? 1, rejected);
      }
      const u = tf.mul(x, sign);
      const term = softplus(u);
      return {
        losses: weight === undefined ? term : tf.mul(weight, term),
        saved: [u, weight === undefined ? sign : tf.mul(sign, weight)],
      };
    },
    backward([u, weightedSign], upstream) {
      return tf.mul(tf.mul(tf.sigmoid(u), weightedSign), upstream);
    },
  };
}

import * as tf from '@tensorflow/tfjs-core';
import {
  checkInputs,
  type Labels,
  type LossKernel,
  labelBlend,
  namedLoss,
  parseCommonOptions,
  runLoss,
} from './common.js';
import { expNonPositive, repeatColumns } from './primitives.js';
import type { LossOptions, LossReduction, MultilabelLoss } from './types.js';

/**
 * Options of {@link multilabelSoftmaxLoss}: the common {@link LossOptions} only.
 *
 * @expand
 * @category Options
 * @example
 * ```ts
 * import type { MultilabelSoftmaxLossOptions } from 'tfjs-multilabel/losses';
 *
 * const options: MultilabelSoftmaxLossOptions = { ignoreIndex: -1, reduction: 'none' };
 * console.log(options.reduction); // 'none'
 * ```
 */
export type MultilabelSoftmaxLossOptions = LossOptions;

const FN = 'multilabelSoftmaxLoss';
/** Log-weight of a cell that takes no part in a sum: e^(x - 1e30) is 0 for any float32 logit. */
const ABSENT = -1e30;

/**
 * The multi-label softmax loss ZLPR (Su et al. 2022, "zero-bounded log-sum-exp and pairwise
 * rank-based"; bert4keras' `multilabel_categorical_crossentropy`). Per sample, over its
 * negatives N and positives P:
 *
 * `loss = log(1 + sum_{j in N} e^{x_j}) + log(1 + sum_{i in P} e^{-x_i})`
 *
 * It pushes every positive logit above 0 and every negative below 0 while comparing labels
 * with each other, without a per-label balance to tune; predict a label when its logit is
 * above 0. Soft or smoothed labels use the soft form: `log(1 + sum_j (1 - y_j) e^{x_j}) +
 * log(1 + sum_j y_j e^{-x_j})`. Both log-sum-exps are shifted by their row maximum, so any logit
 * is safe.
 *
 * Reductions: the loss is per sample. `'mean'` (default) averages over the samples that have
 * at least one unmasked label, `'sum'` adds them up, `'none'` returns the `[batch]` per-sample
 * losses.
 *
 * @summary ZLPR, the multi-label softmax loss: positives above negatives per row.
 * @category Losses
 * @param options The common {@link LossOptions}.
 * @returns The loss function, named `options.name` (default `'multilabelSoftmaxLoss'`).
 * @throws {@link MultilabelError} `UNKNOWN_OPTION` or `INVALID_OPTION` for bad options; when
 *   called, `SHAPE_MISMATCH`, `INVALID_SHAPE`, `EMPTY_INPUT`, and `NON_BINARY_LABELS` for labels
 *   outside [0, 1] that are not the `ignoreIndex`.
 * @example
 * ```ts
 * import '@tensorflow/tfjs-backend-cpu';
 * import * as tf from '@tensorflow/tfjs-core';
 * import { multilabelSoftmaxLoss } from 'tfjs-multilabel/losses';
 *
 * // log(1 + e^-2) + log(1 + e^-1 + e^-3)
 * const loss = multilabelSoftmaxLoss();
 * const value = loss(tf.tensor2d([[1, 0, 0]]), tf.tensor2d([[2, -1, -3]]));
 * console.log(value.dataSync()[0].toFixed(4)); // '0.4759'
 * ```
 */
export function multilabelSoftmaxLoss<R extends LossReduction = 'mean'>(
  options?: MultilabelSoftmaxLossOptions & { reduction?: R },
): MultilabelLoss<'none' extends R ? tf.Tensor : tf.Scalar> {
  const common = parseCommonOptions(options, FN, []);
  return namedLoss(common.name, (yTrue, yPred) =>
    runLoss(checkInputs(yTrue, yPred, FN), common, (labels) => {
      const { kernel, rowsCounted } = zlprKernel(labels);
      return { kernel, count: rowsCounted };
    }),
  );
}

/**
 * With log-weights cN = log(1 - y), cP = log(y) (ABSENT where the weight is 0 or the cell is
 * masked): L = lse0(x + cN) + lse0(cP - x), lse0(z) = log(1 + sum e^z) = m + log(e^-m +
 * sum e^(z - m)), m = max(0, max z). Gradient: e^(zN - mN) / sN - e^(zP - mP) / sP per row.
 */
function zlprKernel(labels: Labels): { kernel: LossKernel; rowsCounted: number } {
  const { rows, cols, mask, hard } = labels;
  let rowsCounted = rows;
  if (mask !== undefined) {
    rowsCounted = 0;
    for (let r = 0; r < rows; r++) {
      for (let c = r * cols; c < (r + 1) * cols; c++) {
        if (mask[c] === 1) {
          rowsCounted++;
          break;
        }
      }
    }
  }
  const logWeights = (): [tf.Tensor, tf.Tensor] => {
    if (hard) {
      // Hard labels: log(1 - y) is 0 or ABSENT, log(y) is ABSENT or 0.
      return [labelBlend(labels, 0, ABSENT, ABSENT), labelBlend(labels, ABSENT, 0, ABSENT)];
    }
    const { values } = labels;
    const logNeg = new Float32Array(rows * cols);
    const logPos = new Float32Array(rows * cols);
    for (let i = 0; i < logNeg.length; i++) {
      const y = values[i];
      const absent = mask !== undefined && mask[i] === 0;
      logNeg[i] = absent || y === 1 ? ABSENT : Math.log1p(-y);
      logPos[i] = absent || y === 0 ? ABSENT : Math.log(y);
    }
    return [tf.tensor2d(logNeg, [rows, cols]), tf.tensor2d(logPos, [rows, cols])];
  };
  /** lse0 of each row of z, and the shifted exponentials and row sums the gradient needs. */
  const lse0 = (z: tf.Tensor) => {
    const shift = tf.relu(tf.max(z, 1));
    const e = expNonPositive(tf.sub(z, repeatColumns(shift, cols)));
    const total = tf.add(tf.sum(e, 1), tf.exp(tf.neg(shift)));
    return { value: tf.add(shift, tf.log(total)), e, total };
  };
  const kernel: LossKernel = {
    needsLogits: true,
    forward(x) {
      const [logNeg, logPos] = logWeights();
      const neg = lse0(tf.add(x, logNeg));
      const pos = lse0(tf.sub(logPos, x));
      return {
        losses: tf.add(neg.value, pos.value),
        saved: [neg.e, neg.total, pos.e, pos.total],
      };
    },
    backward([eNeg, totalNeg, ePos, totalPos], upstream) {
      const perRow = (total: tf.Tensor) =>
        repeatColumns(tf.mul(tf.reciprocal(total), upstream), cols);
      return tf.sub(tf.mul(eNeg, perRow(totalNeg)), tf.mul(ePos, perRow(totalPos)));
    },
  };
  return { kernel, rowsCounted };
}

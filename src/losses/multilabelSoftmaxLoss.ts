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
 * log(1 + sum_j y_j e^{-x_j})`. Both log-sum-exps are shifted by their row maximum, and the
 * cells a sum leaves out (positives in the first, negatives in the second, masked cells in both)
 * are removed by a 0/1 mask rather than by a placeholder logit, so every finite float32 logit
 * gives the loss to float32 rounding (Infinity only when it exceeds the float32 range, about
 * 3.4e38) and a finite gradient. A NaN or infinite logit makes its row's loss and gradient NaN
 * (the logits are not read back to check them, which would stall a GPU).
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

/** One of the two log-sum-exps of a row, as the kernel builds it. */
interface Part {
  /** The exponents, 0 in the cells the part leaves out (0 never exceeds the shift m >= 0). */
  z: tf.Tensor;
  /**
   * Multiplies e^(z - m): the 0/1 indicator of the cells in the part (0 leaves a cell out
   * exactly), negated when dz/dx = -1 so that the stored exponentials carry that sign; -1 or
   * undefined (1) when no cell is left out.
   */
  weight: tf.Tensor | number | undefined;
  /** dz/dx: +1 for the negatives' part, -1 for the positives'. */
  sign: 1 | -1;
}

/**
 * Per row, L = lse0(N) + lse0(P), lse0 = log(1 + sum over the part's cells of e^z), with
 * z = x + log(1 - y) over the cells with y < 1 (N) and z = log(y) - x over those with y > 0
 * (P), masked cells in neither (hard labels: z = x on the negatives, -x on the positives).
 * lse0 = m + log(e^-m + sum e^(z - m)), m = max(0, max z over the part). Cells outside a part
 * are removed by multiplying by their 0/1 indicator, before the maximum (their z is 0, which
 * never raises m >= 0) and after the exponential (their term is exactly 0), so every finite
 * float32 logit gives the exact value: no placeholder logit can collide with a real one.
 * Gradient: e^(zN - mN) / sN - e^(zP - mP) / sP per cell.
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
  const parts = (x: tf.Tensor): [Part, Part] => {
    if (hard) {
      // Indicators: 1 - y on the negatives, -y (signed) on the positives; 0 in masked cells.
      const negatives = labelBlend(labels, 1, 0, 0);
      const positives = labelBlend(labels, 0, -1, 0);
      return [
        { z: tf.mul(x, negatives), weight: negatives, sign: 1 },
        { z: tf.mul(x, positives), weight: positives, sign: -1 },
      ];
    }
    const { values } = labels;
    const size = rows * cols;
    const logNeg = new Float32Array(size);
    const logPos = new Float32Array(size);
    // Soft or smoothed labels leave a cell out only where y is exactly 0 or 1, or masked.
    let partial = mask !== undefined;
    for (let i = 0; i < size && !partial; i++) partial = values[i] === 0 || values[i] === 1;
    const inNeg = partial ? new Float32Array(size) : undefined;
    const inPos = partial ? new Float32Array(size) : undefined;
    for (let i = 0; i < size; i++) {
      const y = values[i];
      const absent = mask !== undefined && mask[i] === 0;
      if (!absent && y < 1) {
        logNeg[i] = Math.log1p(-y);
        if (inNeg !== undefined) inNeg[i] = 1;
      }
      if (!absent && y > 0) {
        logPos[i] = Math.log(y);
        if (inPos !== undefined) inPos[i] = -1;
      }
    }
    const shape: [number, number] = [rows, cols];
    const zNeg = tf.add(x, tf.tensor2d(logNeg, shape));
    if (inNeg === undefined || inPos === undefined) {
      return [
        { z: zNeg, weight: undefined, sign: 1 },
        { z: tf.sub(tf.tensor2d(logPos, shape), x), weight: -1, sign: -1 },
      ];
    }
    const negatives = tf.tensor2d(inNeg, shape);
    const positives = tf.tensor2d(inPos, shape);
    // (x - log y) * -1 = log y - x in the positives' cells, 0 elsewhere.
    return [
      { z: tf.mul(zNeg, negatives), weight: negatives, sign: 1 },
      { z: tf.mul(tf.sub(x, tf.tensor2d(logPos, shape)), positives), weight: positives, sign: -1 },
    ];
  };
  /**
   * lse0 of each row of a part, with its exponentials e^(z - m) (times the weight, so signed)
   * and the row sums e^-m + sum e^(z - m) that the gradient needs.
   */
  const lse0 = ({ z, weight, sign }: Part) => {
    const shift = tf.relu(tf.max(z, 1));
    let e = expNonPositive(tf.sub(z, repeatColumns(shift, cols)));
    if (weight !== undefined) e = tf.mul(e, weight);
    const sums = tf.sum(e, 1);
    const base = tf.exp(tf.neg(shift));
    const total = sign === 1 ? tf.add(base, sums) : tf.sub(base, sums);
    return { value: tf.add(shift, tf.log(total)), e, total };
  };
  const kernel: LossKernel = {
    needsLogits: true,
    forward(x) {
      const [negatives, positives] = parts(x);
      const neg = lse0(negatives);
      const pos = lse0(positives);
      return {
        losses: tf.add(neg.value, pos.value),
        saved: [neg.e, neg.total, pos.e, pos.total],
      };
    },
    backward([eNeg, totalNeg, ePos, totalPos], upstream) {
      // The positives' exponentials are stored negated (dz/dx = -1), so both terms add.
      const perRow = (total: tf.Tensor) =>
        repeatColumns(tf.mul(tf.reciprocal(total), upstream), cols);
      return tf.add(tf.mul(eNeg, perRow(totalNeg)), tf.mul(ePos, perRow(totalPos)));
    },
  };
  return { kernel, rowsCounted };
}

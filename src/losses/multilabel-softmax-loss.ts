import * as tf from '@tensorflow/tfjs-core';
import { labelBlend } from './label-blend.js';
import type { Labels } from './labels.js';
import { lossFactory } from './loss-factory.js';
import { exactInfinities, expNonPositive, repeatColumns } from './primitives.js';
import type { LossKernel } from './run-loss.js';
import type { LossOptions } from './types.js';

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
 * @function
 */
export const multilabelSoftmaxLoss = /* @__PURE__ */ lossFactory({
  name: 'multilabelSoftmaxLoss',
  keys: [],
  settings: (_options: MultilabelSoftmaxLossOptions | undefined) => undefined,
  plan: () => (labels) => {
    const { kernel, rowsCounted } = zlprKernel(labels);
    return { kernel, count: rowsCounted };
  },
});

/** One of the two log-sum-exps of a row, as the kernel builds it. */
interface Part {
  /** The exponents +-x; in cells the part leaves out, -Infinity or (with a mask) 0. */
  z: tf.Tensor;
  /**
   * Multiplies e^(z - m): the label weights (1 - y or y, soft labels), or the 0/1 indicator
   * that leaves cells out; negated when `negated`. None: every weight is 1.
   */
  weight?: tf.Tensor;
  /** The weight is negated, so the stored exponentials are negated. */
  negated: boolean;
  /** dz/dx: +1 for the negatives' part, -1 for the positives'. */
  slope: 1 | -1;
}

/**
 * Per row, L = lse0(N) + lse0(P), lse0 = log(1 + sum of w e^z over the part's cells), with
 * w = 1 - y, z = x over the cells with y < 1 (N), and w = y, z = -x over those with y > 0 (P);
 * masked cells are in neither. lse0 = m + log(e^-m + sum w e^(z - m)), m = max(0, max z over
 * the part). The weights multiply (adding log w to z would be lost to rounding beside a large
 * logit). Gradient: w e^(zN - mN) / sN - w e^(zP - mP) / sP per cell.
 *
 * A cell outside a part must add exactly nothing, whatever its logit, so no finite
 * placeholder logit is used (a -1e30 one was cancelled by logits of 1e30). On cpu and wasm,
 * whose arithmetic is IEEE 754 with infinities, its z is x + log 0 = -Infinity for every
 * finite x, which never raises m >= 0, and e^-Infinity = 0. GPU shading languages do not
 * guarantee infinities, so elsewhere its z is x times its 0/1 indicator (0 never raises m
 * either) and e^(z - m) is multiplied by the indicator too, at two more elementwise ops.
 */
function zlprKernel(labels: Labels): { kernel: LossKernel; rowsCounted: number } {
  const { rows, cols, mask, hard } = labels;
  const shape: [number, number] = [rows, cols];
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
  /** Host arrays per cell: N's and P's indicator (as given), and for soft labels the weights. */
  const fill = (inNeg: number, outNeg: number, inPos: number, outPos: number) => {
    const { values } = labels;
    const size = rows * cols;
    const neg = new Float32Array(size);
    const pos = new Float32Array(size);
    const wNeg = hard ? undefined : new Float32Array(size);
    const wPos = hard ? undefined : new Float32Array(size);
    for (let i = 0; i < size; i++) {
      const y = values[i];
      const absent = mask !== undefined && mask[i] === 0;
      neg[i] = absent || y === 1 ? outNeg : inNeg;
      pos[i] = absent || y === 0 ? outPos : inPos;
      if (wNeg !== undefined && wPos !== undefined && !absent) {
        wNeg[i] = 1 - y;
        wPos[i] = y;
      }
    }
    const tensor = (a: Float32Array | undefined) =>
      a === undefined ? undefined : tf.tensor2d(a, shape);
    return { neg: tensor(neg), pos: tensor(pos), wNeg: tensor(wNeg), wPos: tensor(wPos) };
  };
  /** The parts with -Infinity in left-out cells (cpu and wasm). */
  const logIndicatorParts = (x: tf.Tensor): [Part, Part] => {
    const inf = Number.NEGATIVE_INFINITY;
    const { neg, pos, wNeg, wPos } =
      hard && mask === undefined && labels.values instanceof Float32Array
        ? logIndicators(labels.values, shape)
        : fill(0, inf, 0, inf);
    return [
      { z: tf.add(x, neg as tf.Tensor), weight: wNeg, negated: false, slope: 1 },
      { z: tf.sub(pos as tf.Tensor, x), weight: wPos, negated: false, slope: -1 },
    ];
  };
  /** The parts with 0/1 indicators (GPU backends). */
  const maskedParts = (x: tf.Tensor): [Part, Part] => {
    if (hard) {
      // Indicators: 1 - y on the negatives, -y (negated) on the positives; 0 in masked cells.
      const negatives = labelBlend(labels, 1, 0, 0);
      const positives = labelBlend(labels, 0, -1, 0);
      return [
        { z: tf.mul(x, negatives), weight: negatives, negated: false, slope: 1 },
        { z: tf.mul(x, positives), weight: positives, negated: true, slope: -1 },
      ];
    }
    // Soft labels: the indicators (-1 on P: z = -x) pick the cells, the weights (0 outside).
    const { neg, pos, wNeg, wPos } = fill(1, 0, -1, 0);
    return [
      { z: tf.mul(x, neg as tf.Tensor), weight: wNeg, negated: false, slope: 1 },
      { z: tf.mul(x, pos as tf.Tensor), weight: wPos, negated: false, slope: -1 },
    ];
  };
  /**
   * lse0 of each row of a part, with its exponentials e^(z - m) (times the weight, so
   * negated with a negated weight) and the row sums e^-m + sum e^(z - m) the gradient needs.
   */
  const lse0 = ({ z, weight, negated }: Part) => {
    const shift = tf.relu(tf.max(z, 1));
    let e = expNonPositive(tf.sub(z, repeatColumns(shift, cols)));
    if (weight !== undefined) e = tf.mul(e, weight);
    const sums = tf.sum(e, 1);
    const base = tf.exp(tf.neg(shift));
    const total = negated ? tf.sub(base, sums) : tf.add(base, sums);
    return { value: tf.add(shift, tf.log(total)), e, total };
  };
  // Whether the stored exponentials of a part enter the gradient with a minus sign.
  let subtract: boolean[] = [];
  const kernel: LossKernel = {
    needsLogits: true,
    forward(x) {
      const parts = exactInfinities() ? logIndicatorParts(x) : maskedParts(x);
      subtract = parts.map((part) => (part.slope === 1) === part.negated);
      const [neg, pos] = parts.map(lse0);
      return {
        losses: tf.add(neg.value, pos.value),
        saved: [neg.e, neg.total, pos.e, pos.total],
        // A row's two terms may each be near the float32 maximum: 'mean' scales each first.
        parts: [neg.value, pos.value],
      };
    },
    backward([eNeg, totalNeg, ePos, totalPos], upstream) {
      const perRow = (total: tf.Tensor) =>
        repeatColumns(tf.mul(tf.reciprocal(total), upstream), cols);
      const neg = tf.mul(eNeg, perRow(totalNeg));
      const pos = tf.mul(ePos, perRow(totalPos));
      // Each term is e / s times dz/dx, with the sign a negated weight already put in e.
      if (subtract[0]) return subtract[1] ? tf.neg(tf.add(neg, pos)) : tf.sub(pos, neg);
      return subtract[1] ? tf.sub(neg, pos) : tf.add(neg, pos);
    },
  };
  return { kernel, rowsCounted };
}

/**
 * log 1(y < 1) and log 1(y > 0) (0 or -Infinity) for 0/1 float32 labels, from their bits: the
 * top three bits of 1.0f are 001 and of 0.0f 000, and -Infinity is 0xff800000. Three times
 * faster than a branch per cell, which matters on the host path of every call.
 */
function logIndicators(
  values: Float32Array,
  shape: [number, number],
): { neg: tf.Tensor; pos: tf.Tensor; wNeg: undefined; wPos: undefined } {
  const size = values.length;
  const labelBits = new Int32Array(values.buffer, values.byteOffset, size);
  const neg = new Int32Array(size);
  const pos = new Int32Array(size);
  for (let i = 0; i < size; i++) {
    const one = (labelBits[i] >>> 29) & 1;
    neg[i] = -one & 0xff800000;
    pos[i] = (one - 1) & 0xff800000;
  }
  return {
    neg: tf.tensor2d(new Float32Array(neg.buffer), shape),
    pos: tf.tensor2d(new Float32Array(pos.buffer), shape),
    wNeg: undefined,
    wPos: undefined,
  };
}

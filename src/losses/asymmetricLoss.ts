import * as tf from '@tensorflow/tfjs-core';
import { checkNumber } from '../core/validate.js';
import {
  checkBoolean,
  type Labels,
  type LossKernel,
  namedLoss,
  parseCommonOptions,
  readLabels,
  runLoss,
} from './common.js';
import { softplus, unitPower } from './primitives.js';
import type { LossOptions, LossOutput, MultilabelLoss } from './types.js';

/**
 * Options of {@link asymmetricLoss}.
 *
 * @category Losses
 * @example
 * ```ts
 * import type { AsymmetricLossOptions } from 'tfjs-multilabel/losses';
 *
 * const options: AsymmetricLossOptions = { gammaNeg: 4, gammaPos: 0, clip: 0.05 };
 * console.log(options.gammaNeg); // 4
 * ```
 */
export interface AsymmetricLossOptions extends LossOptions {
  /** Focusing parameter of the negatives, `>= 0`. Default 4. */
  gammaNeg?: number;
  /** Focusing parameter of the positives, `>= 0`. Default 1 (the training recipes often use 0). */
  gammaPos?: number;
  /**
   * Probability margin m in [0, 1) shifted off the negatives: p_m = max(p - m, 0), so easy
   * negatives (p <= m) give exactly zero loss and gradient. Default 0.05; 0 turns it off.
   */
  clip?: number;
  /**
   * Treat the focusing weights as constants in the backward pass, as the reference
   * implementation's `disable_torch_grad_focal_loss` does. Default false (the exact gradient).
   */
  detachFocusingWeight?: boolean;
}

const FN = 'asymmetricLoss';
/** Keeps a 0/0 finite where the guarded term is 0 anyway (r = 0 makes the loss 0). */
const TINY = 1e-30;

/**
 * Asymmetric loss (ASL, Ridnik et al. 2021), computed from logits in log space. Per cell, with
 * p = sigmoid(x), m = `clip` and p_m = max(p - m, 0):
 *
 * `loss = y * (1 - p)^gammaPos * softplus(-x) + (1 - y) * p_m^gammaNeg * (-log(1 - p_m))`
 *
 * (`softplus(-x) = -log p`). For 0/1 labels this is the reference implementation's value, which
 * is a sum: pass `reduction: 'sum'` to reproduce it. Unlike the reference, which clamps
 * probabilities at 1e-8, the positive term is exact at any logit. For soft labels (smoothing)
 * the loss is the y-weighted mix of the positive and negative losses shown above, each with its
 * own focusing weight.
 *
 * Reductions: `'mean'` (default) divides the sum by the number of unmasked cells, `'sum'` adds
 * the cells up (the reference), `'none'` returns the `[batch, labels]` per-cell losses (masked
 * cells are 0).
 *
 * @category Losses
 * @param options `gammaNeg`, `gammaPos`, `clip`, `detachFocusingWeight`, plus the common
 *   {@link LossOptions}.
 * @returns The loss function, named `options.name` (default `'asymmetricLoss'`).
 * @throws {@link MultilabelError} `UNKNOWN_OPTION` or `INVALID_OPTION` for bad options (a
 *   negative gamma, `clip` outside [0, 1)); when called, `SHAPE_MISMATCH`, `INVALID_SHAPE`,
 *   `EMPTY_INPUT`, and `NON_BINARY_LABELS` for labels outside [0, 1] that are not the
 *   `ignoreIndex`.
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { asymmetricLoss } from 'tfjs-multilabel/losses';
 *
 * // An easy negative (p = 0.02 <= clip) adds nothing; the positive at x = 0 adds 0.5 * log 2.
 * const loss = asymmetricLoss({ reduction: 'sum' });
 * const value = loss(tf.tensor2d([[1, 0]]), tf.tensor2d([[0, Math.log(0.02 / 0.98)]]));
 * console.log(value.dataSync()[0].toFixed(4)); // '0.3466'
 * ```
 */
export function asymmetricLoss<const O extends AsymmetricLossOptions = Record<never, never>>(
  options?: O,
): MultilabelLoss<LossOutput<O>> {
  const common = parseCommonOptions(options, FN, [
    'gammaNeg',
    'gammaPos',
    'clip',
    'detachFocusingWeight',
  ]);
  const gammaNeg = checkNumber(options?.gammaNeg ?? 4, 'gammaNeg', { min: 0 });
  const gammaPos = checkNumber(options?.gammaPos ?? 1, 'gammaPos', { min: 0 });
  const clip = checkNumber(options?.clip ?? 0.05, 'clip', { min: 0, max: 1, maxExclusive: true });
  const detach = checkBoolean(options?.detachFocusingWeight, 'detachFocusingWeight', false);
  const settings = { gammaNeg, gammaPos, clip, detach };
  return namedLoss(common.name, (yTrue, yPred) => {
    const labels = readLabels(yTrue, yPred, FN, common);
    return runLoss(yPred, common, labels.count, aslKernel(labels, settings));
  });
}

interface AslSettings {
  readonly gammaNeg: number;
  readonly gammaPos: number;
  readonly clip: number;
  readonly detach: boolean;
}

/**
 * Positive part, with q = 1 - p: q^g+ softplus(-x); d/dx = -q^g+ (g+ p softplus(-x) + q).
 * Negative part with m > 0, r = relu(p - m): -r^g- log(1 - r);
 * d/dx = p q [r > 0] (g- r^(g- - 1) (-log(1 - r)) + r^g- / (1 - r)).
 * Negative part with m = 0: p^g- softplus(x); d/dx = p^g- (g- q softplus(x) + p).
 * With a detached focusing weight the g terms drop out of the gradients.
 */
function aslKernel(labels: Labels, settings: AslSettings): LossKernel {
  const { gammaNeg, gammaPos, clip, detach } = settings;
  const { rows, cols, values, mask } = labels;
  const size = rows * cols;
  const posWeight = new Float32Array(size);
  const negWeight = new Float32Array(size);
  for (let i = 0; i < size; i++) {
    if (mask !== undefined && mask[i] === 0) continue;
    posWeight[i] = values[i];
    negWeight[i] = 1 - values[i];
  }
  const shape: [number, number] = [rows, cols];
  return {
    needsLogits: true,
    forward(x) {
      const wPos = tf.tensor2d(posWeight, shape);
      const wNeg = tf.tensor2d(negWeight, shape);
      const p = tf.sigmoid(x);
      const q = tf.sub(1, p);
      const spNeg = softplus(tf.neg(x));
      const focalPos = gammaPos === 0 ? undefined : unitPower(q, gammaPos);
      const lossPos = focalPos === undefined ? spNeg : tf.mul(focalPos, spNeg);
      let lossNeg: tf.Tensor;
      let saved: tf.Tensor[];
      if (clip > 0) {
        const r = tf.relu(tf.sub(p, clip));
        const logKeep = tf.log1p(tf.neg(r));
        const focalNeg = gammaNeg === 0 ? undefined : unitPower(r, gammaNeg);
        lossNeg = tf.neg(focalNeg === undefined ? logKeep : tf.mul(focalNeg, logKeep));
        saved = [r, logKeep, focalNeg ?? tf.step(r)];
      } else {
        const spPos = tf.add(spNeg, x);
        const focalNeg = gammaNeg === 0 ? undefined : unitPower(p, gammaNeg);
        lossNeg = focalNeg === undefined ? spPos : tf.mul(focalNeg, spPos);
        saved = [spPos, focalNeg ?? tf.scalar(1)];
      }
      const losses = tf.add(tf.mul(wPos, lossPos), tf.mul(wNeg, lossNeg));
      return { losses, saved: [wPos, wNeg, p, q, spNeg, focalPos ?? tf.scalar(1), ...saved] };
    },
    backward([wPos, wNeg, p, q, spNeg, focalPos, ...rest], upstream) {
      // Positive part (its derivative is negative: raising x lowers the loss).
      let dPos = detach || gammaPos === 0 ? q : tf.add(tf.mul(tf.mul(p, spNeg), gammaPos), q);
      dPos = tf.neg(gammaPos === 0 ? dPos : tf.mul(focalPos, dPos));
      let dNeg: tf.Tensor;
      if (clip > 0) {
        const [r, logKeep, focalOrStep] = rest;
        const pq = tf.mul(p, q);
        // With gammaNeg = 0 the saved tensor is step(r): the loss is flat below the margin.
        let inner = tf.div(focalOrStep, tf.sub(1, r));
        if (!detach && gammaNeg > 0) {
          const slope =
            gammaNeg >= 1 ? unitPower(r, gammaNeg - 1) : tf.div(focalOrStep, tf.add(r, TINY));
          inner = tf.sub(inner, tf.mul(tf.mul(slope, logKeep), gammaNeg));
        }
        dNeg = tf.mul(pq, inner);
      } else {
        const [spPos, focalNeg] = rest;
        const inner = detach || gammaNeg === 0 ? p : tf.add(tf.mul(tf.mul(q, spPos), gammaNeg), p);
        dNeg = gammaNeg === 0 ? inner : tf.mul(focalNeg, inner);
      }
      const grad = tf.add(tf.mul(wPos, dPos), tf.mul(wNeg, dNeg));
      return tf.mul(grad, upstream);
    },
  };
}

import * as tf from '@tensorflow/tfjs-core';
import { type CheckedInputs, readsAreCheap } from './inputs.js';
import { type Labels, readLabelTensor } from './labels.js';
import type { CommonOptions } from './options.js';
import { recordLoss } from './probability-check.js';
import type { MultilabelLoss } from './types.js';

/**
 * The tensor side of every loss: the kernel interface, the `tf.customGrad` runner that reads the
 * labels, converts probabilities to logits, runs a kernel and reduces its losses, and naming.
 * The tensors are checked in `inputs.ts`, the label values read in `labels.ts`, the options in
 * `options.ts`; kernels build their label constants with `label-blend.ts`.
 *
 * @internal
 * @module
 */

/** Probabilities are clipped to `[EPSILON, 1 - EPSILON]`, Keras' float32 backend epsilon. */
export const EPSILON = 1e-7;

/**
 * The upstream gradient as a number when it is a scalar on the cpu backend, where reading it
 * is free: a kernel can then fold it into a constant it fills in host memory anyway, instead of
 * a full-size multiplication. `undefined` elsewhere (a read would stall a GPU).
 *
 * @internal
 */
export function hostScalar(upstream: tf.Tensor): number | undefined {
  return upstream.size === 1 && tf.getBackend() === 'cpu' ? upstream.dataSync()[0] : undefined;
}

/**
 * The tensor side of a loss: `forward` maps the kernel input (logits, or probabilities when
 * `needsLogits` is false and the loss was built with `fromLogits: false`) to per-unit losses
 * (cells, rows or labels; masked units give 0) and the tensors the backward pass needs;
 * `backward` returns the gradient of `sum(upstream * losses)` with respect to that input, where
 * `upstream` is a scalar or has the shape of the losses.
 *
 * @internal
 */
export interface LossKernel {
  readonly needsLogits: boolean;
  /**
   * `negated`: `losses` holds minus the losses (the reduction flips the sign for free).
   * `parts`: tensors of the shape of `losses` that add up to it, given when that sum can
   * overflow float32 where the mean of each part cannot (the `'mean'` reduction then scales
   * each part before adding).
   */
  forward(input: tf.Tensor): {
    losses: tf.Tensor;
    saved: tf.Tensor[];
    negated?: boolean;
    parts?: tf.Tensor[];
  };
  backward(saved: tf.Tensor[], upstream: tf.Tensor): tf.Tensor;
}

/** What a loss builds from the labels of one call: its kernel and its count of units. @internal */
export interface LossPlan {
  readonly kernel: LossKernel;
  /** The number of units (cells, rows or labels) that count, the divisor of `'mean'`. */
  readonly count: number;
}

/**
 * `k` times the sum of every part's elements. A float32 sum of losses near the float32 maximum
 * overflows where their mean does not, so the parts are scaled before summing: on cpu and wasm,
 * where reading a scalar is free, only when the plain sum is not finite (the common case costs
 * no extra elementwise op); elsewhere always.
 */
function meanOf(parts: tf.Tensor[], k: number): tf.Tensor {
  if (parts.length === 1 && readsAreCheap()) {
    const sum = tf.sum(parts[0]);
    if (Number.isFinite(sum.dataSync()[0])) return tf.mul(sum, k);
  }
  const means = parts.map((part) => tf.sum(tf.mul(part, k)));
  return means.reduce((a, b) => tf.add(a, b));
}

/**
 * Runs one loss call inside one `tf.customGrad`: reads the labels, builds the kernel with
 * `plan`, converts probabilities to logits when asked, runs the kernel and reduces (`'mean'`
 * divides by the plan's count, before summing; with none it returns 0 and a zero gradient).
 *
 * @internal
 */
export function runLoss(
  inputs: CheckedInputs,
  options: CommonOptions,
  plan: (labels: Labels) => LossPlan,
): tf.Tensor {
  const { reduction } = options;
  const run = tf.customGrad((pred, save) => {
    const predictions = pred as tf.Tensor;
    // Here the tape is off: the check's reductions are not recorded and touch no gradient.
    options.probabilityCheck?.(predictions);
    const { kernel, count } = plan(readLabelTensor(inputs, options));
    const toLogits = kernel.needsLogits && !options.fromLogits;
    const scale = 1 / Math.max(count, 1);
    let input = predictions;
    let chain: tf.Tensor[] = [];
    if (toLogits) {
      // logit(p) = log(p) - log(1 - p), on probabilities clipped as Keras does.
      const clipped = tf.clipByValue(predictions, EPSILON, 1 - EPSILON);
      input = tf.sub(tf.log(clipped), tf.log(tf.sub(1, clipped)));
      chain = [predictions, clipped];
    }
    const { losses, saved, negated = false, parts = [losses] } = kernel.forward(input);
    const sign = negated ? -1 : 1;
    let value: tf.Tensor;
    if (reduction === 'none') {
      value = negated ? tf.neg(losses) : losses;
    } else if (reduction === 'sum') {
      value = tf.mul(tf.sum(losses), sign);
    } else {
      value = meanOf(parts, sign * scale);
    }
    (save as tf.GradSaveFunc)([...chain, ...saved]);
    return {
      value,
      gradFunc: (dy: tf.Tensor, all: tf.Tensor[]) => {
        const upstream = reduction === 'mean' ? tf.mul(dy, scale) : dy;
        const grad = kernel.backward(all.slice(chain.length), upstream);
        if (!toLogits) return grad;
        const [original, clipped] = all;
        // d logit(c) / dc = 1 / (c (1 - c)); zero where the clip is active, as in Keras.
        const chained = tf.div(grad, tf.mul(clipped, tf.sub(1, clipped)));
        return tf.where(tf.equal(original, clipped), chained, tf.zerosLike(chained));
      },
    };
  });
  return run(inputs.predictions);
}

/**
 * Gives `impl` the explicit `name` tfjs-layers logs it under, and records whether it takes
 * logits and its probability check, which the diagnostics callback reads off a compiled model.
 *
 * @internal
 */
export function namedLoss<T extends tf.Tensor>(
  common: CommonOptions,
  impl: (yTrue: tf.Tensor, yPred: tf.Tensor) => tf.Tensor,
): MultilabelLoss<T> {
  Object.defineProperty(impl, 'name', { value: common.name, configurable: true });
  recordLoss(impl, common.fromLogits, common.probabilityCheck);
  return impl as MultilabelLoss<T>;
}

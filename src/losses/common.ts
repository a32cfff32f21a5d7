import * as tf from '@tensorflow/tfjs-core';
import { MultilabelError } from '../core/errors.js';
import { isNumericArrayLike } from '../core/matrix.js';
import { checkBoolean, checkEnum, checkNumber, checkOptionKeys } from '../core/validate.js';
import { valueText } from '../core/value-text.js';
import { type CheckedInputs, type Labels, readLabels, readsAreCheap } from './inputs.js';
import { probabilityCheck } from './probability-check.js';
import type { LossReduction, MultilabelLoss } from './types.js';

/**
 * Plumbing shared by every loss: option checking, the reductions, the probability-to-logit
 * input path and naming. The tensors and labels are checked in `inputs.ts`.
 *
 * @internal
 * @module
 */

export { checkInputs, type Labels } from './inputs.js';

/** Probabilities are clipped to `[EPSILON, 1 - EPSILON]`, Keras' float32 backend epsilon. */
export const EPSILON = 1e-7;

const COMMON_KEYS = ['fromLogits', 'reduction', 'labelSmoothing', 'ignoreIndex', 'name'] as const;
const ALL_REDUCTIONS: readonly LossReduction[] = ['mean', 'sum', 'none'];

/** The common options after checking, with their defaults filled in. @internal */
export interface CommonOptions {
  readonly fromLogits: boolean;
  readonly reduction: LossReduction;
  readonly labelSmoothing: number;
  readonly ignoreIndex: number | undefined;
  readonly name: string;
  /**
   * The one-time check that `yPred` does not look like probabilities, when `fromLogits` was left
   * at its default (stateful: one per loss instance); `undefined` when it was given.
   */
  readonly probabilityCheck: ((yPred: tf.Tensor) => void) | undefined;
}

/**
 * Checks the options object of the loss factory named `lossName`: unknown keys (its own keys are
 * `ownKeys`), then each common option. `reductions` lists the reductions the loss supports.
 *
 * @internal
 */
export function parseCommonOptions(
  options: unknown,
  lossName: string,
  ownKeys: readonly string[],
  reductions: readonly LossReduction[] = ALL_REDUCTIONS,
): CommonOptions {
  checkOptionKeys(options, [...COMMON_KEYS, ...ownKeys], lossName);
  const o = (options ?? {}) as Record<string, unknown>;
  const fromLogits = checkBoolean(o.fromLogits, 'fromLogits', true);
  const reduction = checkEnum(o.reduction ?? 'mean', 'reduction', reductions);
  const labelSmoothing = checkNumber(o.labelSmoothing ?? 0, 'labelSmoothing', { min: 0, max: 1 });
  let ignoreIndex: number | undefined;
  if (o.ignoreIndex !== undefined) {
    ignoreIndex = checkNumber(o.ignoreIndex, 'ignoreIndex');
    if (ignoreIndex >= 0 && ignoreIndex <= 1) {
      throw new MultilabelError(
        'INVALID_OPTION',
        `\`ignoreIndex\` must lie outside [0, 1] so that it cannot be mistaken for a label, but got ${ignoreIndex}. Use -1.`,
      );
    }
  }
  const name = o.name ?? lossName;
  if (typeof name !== 'string' || name.length === 0) {
    throw new MultilabelError(
      'INVALID_OPTION',
      `\`name\` must be a non-empty string (the log key), but got ${valueText(name)}.`,
    );
  }
  const check = o.fromLogits === undefined ? probabilityCheck(lossName) : undefined;
  return { fromLogits, reduction, labelSmoothing, ignoreIndex, name, probabilityCheck: check };
}

/** A per-label option: one number for every label, or one number per label. @internal */
export type PerLabel = number | Float64Array;

/**
 * Checks a per-label option given as a number or an array of numbers, each finite and within
 * `bounds`. The length is checked per call, against the labels (see {@link perLabelValues}).
 *
 * @internal
 */
export function checkPerLabel(
  value: unknown,
  name: string,
  bounds: { min: number; max?: number },
): PerLabel {
  if (typeof value === 'number') return checkNumber(value, name, bounds);
  if (!isNumericArrayLike(value)) {
    throw new MultilabelError(
      'INVALID_OPTION',
      `\`${name}\` must be a number or an array with one number per label, but got ${value === null ? 'null' : typeof value}.`,
    );
  }
  const values = value as ArrayLike<unknown>;
  const out = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = checkNumber(values[i], `${name}[${i}]`, bounds);
  return out;
}

/** `value` expanded to one number per label, after checking its length against `cols`. @internal */
export function perLabelValues(value: PerLabel, cols: number, name: string): Float64Array {
  if (typeof value === 'number') return new Float64Array(cols).fill(value);
  if (value.length !== cols) {
    throw new MultilabelError(
      'SHAPE_MISMATCH',
      `\`${name}\` has ${value.length} values but \`yTrue\` has ${cols} labels; give one value per label (column).`,
    );
  }
  return value;
}

/** A per-label value: one number for every label, or one per label. @internal */
export type Coefficient = number | Float64Array;

/**
 * The `[rows, cols]` tensor `whenZero[c] * (1 - y) + whenOne[c] * y` of the (smoothed) labels
 * y, with `masked` in masked cells; exact at hard labels whatever the magnitudes (an `alpha` of
 * 1e-10 stays 1e-10). Without masked cells and off the cpu backend it is computed from the label
 * tensor with at most four elementwise ops, which there cost less than filling and uploading an
 * array; on cpu (where a tfjs op costs more than a JS loop) or with masked cells it is filled in
 * host memory and uploaded.
 *
 * @internal
 */
export function labelBlend(
  labels: Labels,
  whenZero: Coefficient,
  whenOne: Coefficient,
  masked = 0,
): tf.Tensor {
  const { rows, cols, mask } = labels;
  if (mask === undefined && tf.getBackend() !== 'cpu') {
    // The values at the raw labels 0 and 1, smoothing included (y = shift or 1 - shift).
    const shift = 0.5 * labels.labelSmoothing;
    const perLabel = typeof whenZero !== 'number' || typeof whenOne !== 'number';
    const endpoint = (y: number) => {
      const value = (c: number) => at(whenZero, c) * (1 - y) + at(whenOne, c) * y;
      return perLabel ? Float64Array.from({ length: cols }, (_, c) => value(c)) : value(0);
    };
    const e0 = endpoint(shift);
    const e1 = endpoint(1 - shift);
    const operand = (v: Coefficient) =>
      typeof v === 'number' ? v : tf.tensor1d(Float32Array.from(v));
    const y = labels.tensor.dtype === 'float32' ? labels.tensor : tf.cast(labels.tensor, 'float32');
    // e0 + y (e1 - e0) in two ops when float32 gets y = 1 right; else y e1 + (1 - y) e0.
    const slope =
      typeof e0 === 'number' && typeof e1 === 'number'
        ? e1 - e0
        : Float64Array.from({ length: cols }, (_, c) => at(e1, c) - at(e0, c));
    let exact = true;
    for (let c = 0; c < (perLabel ? cols : 1); c++) {
      const f = Math.fround;
      if (f(f(at(slope, c)) + f(at(e0, c))) !== f(at(e1, c))) exact = false;
    }
    if (exact) {
      let out = y;
      if (!(typeof slope === 'number' && slope === 1)) out = tf.mul(out, operand(slope));
      if (!(typeof e0 === 'number' && e0 === 0)) out = tf.add(out, operand(e0));
      return out;
    }
    return tf.add(tf.mul(y, operand(e1)), tf.mul(tf.sub(1, y), operand(e0)));
  }
  const { values } = labels;
  const out = new Float32Array(rows * cols);
  if (typeof whenZero === 'number' && typeof whenOne === 'number') {
    for (let i = 0; i < out.length; i++) out[i] = whenZero * (1 - values[i]) + whenOne * values[i];
  } else {
    for (let r = 0, i = 0; r < rows; r++) {
      for (let c = 0; c < cols; c++, i++) {
        out[i] = at(whenZero, c) * (1 - values[i]) + at(whenOne, c) * values[i];
      }
    }
  }
  if (mask !== undefined) {
    for (let i = 0; i < out.length; i++) if (mask[i] === 0) out[i] = masked;
  }
  return tf.tensor2d(out, [rows, cols]);
}

function at(v: Coefficient, c: number): number {
  return typeof v === 'number' ? v : v[c];
}

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
    const { kernel, count } = plan(readLabels(inputs, options));
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

/** Gives `impl` the explicit `name` tfjs-layers logs it under. @internal */
export function namedLoss<T extends tf.Tensor>(
  name: string,
  impl: (yTrue: tf.Tensor, yPred: tf.Tensor) => tf.Tensor,
): MultilabelLoss<T> {
  Object.defineProperty(impl, 'name', { value: name, configurable: true });
  return impl as MultilabelLoss<T>;
}

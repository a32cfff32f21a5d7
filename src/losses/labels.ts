import * as tf from '@tensorflow/tfjs-core';
import { MultilabelError } from '../core/errors.js';
import { cellMarker, otherMarkerHint } from '../core/readers.js';
import { type CheckedInputs, readsAreCheap } from './inputs.js';

/**
 * Reading the label values of a checked tensor pair: the check of every value (0, 1, soft
 * values, the `ignoreIndex` marker), the mask of missing cells and the label smoothing, on the
 * host or on the device depending on the backend.
 *
 * @internal
 * @module
 */

/** What a label value may be. @internal */
export interface LabelRules {
  /** The marker of a missing label (NaN is missing too); `undefined`: none is accepted. */
  readonly ignoreIndex: number | undefined;
  /** The label smoothing to apply to the values (0: none). */
  readonly labelSmoothing: number;
  /**
   * The target a 0 label takes before `labelSmoothing` (the `assumeNegative` smoothing of the
   * losses that have it): a raw label y becomes `negativeTarget + (1 - negativeTarget) y`.
   * Default 0.
   */
  readonly negativeTarget?: number;
  /** Only 0 and 1 count as labels: soft labels in (0, 1) throw (count-based metrics). */
  readonly binary?: boolean;
}

/** What {@link scanLabels} found among valid labels. */
interface LabelScan {
  /** Some counted label lies strictly between 0 and 1. */
  readonly soft: boolean;
  /** Some cell holds the `ignoreIndex` or NaN. */
  readonly missing: boolean;
}

/**
 * Checks every label value against `rules`, throwing `NON_BINARY_LABELS` naming the first bad
 * cell. Fast pass over float32 bits: 0 and 1 (and powers of two in between) have a zero sign
 * and mantissa and an exponent <= 127; adding one to the exponent sets a bit in 24-29 only for
 * the powers of two strictly between 0 and 1 (soft labels). Anything else takes the exact pass.
 */
function scanLabels(raw: ArrayLike<number>, cols: number, rules: LabelRules): LabelScan {
  const size = raw.length;
  if (raw instanceof Float32Array) {
    const bits = new Uint32Array(raw.buffer, raw.byteOffset, size);
    let other = 0;
    let between = 0;
    for (let i = 0; i < size; i++) {
      const b = bits[i];
      other |= b & 0xc07fffff;
      between |= (b + 0x00800000) & 0x3f000000;
    }
    if (other === 0 && (between === 0 || !rules.binary)) {
      return { soft: between !== 0, missing: false };
    }
  }
  const { ignoreIndex, binary = false } = rules;
  const marker = cellMarker(ignoreIndex, raw);
  let soft = false;
  let missing = false;
  for (let i = 0; i < size; i++) {
    const v = raw[i];
    if (v === 0 || v === 1) continue;
    if (!binary && v > 0 && v < 1) {
      soft = true;
      continue;
    }
    if (marker !== undefined && (v === marker || v !== v)) {
      missing = true;
      continue;
    }
    const hint =
      ignoreIndex === undefined
        ? ' Mark missing labels with -1 and pass `{ ignoreIndex: -1 }`.'
        : ` Missing labels must equal the \`ignoreIndex\` (${ignoreIndex}) or be NaN.${otherMarkerHint(v, ignoreIndex)}`;
    throw new MultilabelError(
      'NON_BINARY_LABELS',
      `\`yTrue[${Math.floor(i / cols)}][${i % cols}]\` is ${v}; labels must be 0 or 1${
        binary ? '' : ' (soft labels in [0, 1] are accepted)'
      }.${hint}`,
    );
  }
  return { soft, missing };
}

/**
 * Checks the label values of `inputs` against `rules` on the host, reading the label tensor
 * back (free on cpu, a copy on wasm): throws `NON_BINARY_LABELS` naming the first bad cell.
 *
 * @internal
 */
export function checkLabelValues(inputs: CheckedInputs, rules: LabelRules): void {
  scanLabels(inputs.labels.dataSync() as ArrayLike<number>, inputs.cols, rules);
}

/** The labels of one call, after validation. @internal */
export interface Labels {
  readonly rows: number;
  readonly cols: number;
  /**
   * Label values after smoothing, row-major; masked cells hold 0. Read only: it may be the
   * tensor's own data. On GPU backends without an `ignoreIndex` the labels are checked on the
   * device and this is read back only when first used.
   */
  readonly values: Float32Array;
  /** 1 for a cell that counts, 0 for a masked one; `undefined` when no cell is masked. */
  readonly mask: Uint8Array | undefined;
  /** The number of cells that count. */
  readonly count: number;
  /** Whether every value that counts is exactly 0 or 1 (no soft labels, no smoothing). */
  readonly hard: boolean;
  /** The label tensor as given (raw, unsmoothed), for constants built on the device. */
  readonly tensor: tf.Tensor;
  /** The affine map applied to every raw label that counts: `value = raw * keep + shift`. */
  readonly smoothing: Smoothing;
}

/** The affine map from raw labels to the values the kernels use: `raw * keep + shift`. @internal */
export interface Smoothing {
  readonly keep: number;
  readonly shift: number;
}

/**
 * The map of `rules`: a raw 0 becomes the negative target t, then Keras' label smoothing ls
 * pulls every label towards 0.5: `((1 - t) y + t)(1 - ls) + ls / 2`. A raw 1 stays at
 * `1 - ls / 2`, as without a negative target.
 */
function smoothingOf(rules: LabelRules): Smoothing {
  const ls = rules.labelSmoothing;
  const t = rules.negativeTarget ?? 0;
  return { keep: (1 - ls) * (1 - t), shift: (1 - ls) * t + 0.5 * ls };
}

/** Whether `smoothing` leaves every label as it is. */
function isIdentity(smoothing: Smoothing): boolean {
  return smoothing.keep === 1 && smoothing.shift === 0;
}

/**
 * Checks the label values against `rules` (0, 1, soft values in [0, 1] unless `binary`, or the
 * `ignoreIndex`) and returns them with masking and smoothing applied. Called inside the loss's
 * custom op, where the gradient tape is off: checks run on the device are not recorded
 * (recording would copy their inputs).
 *
 * @internal
 */
export function readLabelTensor(inputs: CheckedInputs, rules: LabelRules): Labels {
  const { labels, rows, cols } = inputs;
  // On GPU backends, three reductions and a three-number read spare a stall on reading the
  // whole label matrix; on cpu and wasm (measured in bench/losses) the host loop is cheaper.
  if (rules.ignoreIndex === undefined && !readsAreCheap()) {
    const checked = checkOnDevice(labels, rows, cols, rules);
    if (checked !== undefined) return checked;
  }
  return checkOnHost(labels, labels.dataSync() as ArrayLike<number>, rows, cols, rules);
}

/**
 * Checks the labels with a few elementwise ops and one three-number read: with p = y (1 - y),
 * min(p) < 0 flags a value outside [0, 1], a NaN sum flags NaN, max(p) > 0 flags soft labels.
 * Returns undefined when a label is invalid (soft labels too when `binary`), so that the host
 * check can name it.
 */
function checkOnDevice(
  labels: tf.Tensor,
  rows: number,
  cols: number,
  rules: LabelRules,
): Labels | undefined {
  const smoothing = smoothingOf(rules);
  const [lowest, highest, total] = tf.tidy(() => {
    const y = labels.dtype === 'float32' ? labels : tf.cast(labels, 'float32');
    const p = tf.mul(y, tf.sub(1, y));
    return tf.stack([tf.min(p), tf.max(p), tf.sum(p)]).dataSync();
  });
  if (lowest < 0 || Number.isNaN(total) || (rules.binary && highest > 0)) return undefined;
  let values: Float32Array | undefined;
  const read = (): Float32Array => {
    if (values === undefined) {
      const raw = labels.dataSync() as ArrayLike<number>;
      values = new Float32Array(rows * cols);
      const { keep, shift } = smoothing;
      for (let i = 0; i < values.length; i++) values[i] = raw[i] * keep + shift;
    }
    return values;
  };
  return {
    rows,
    cols,
    get values() {
      return read();
    },
    mask: undefined,
    count: rows * cols,
    hard: highest === 0 && isIdentity(smoothing),
    tensor: labels,
    smoothing,
  };
}

function checkOnHost(
  labels: tf.Tensor,
  raw: ArrayLike<number>,
  rows: number,
  cols: number,
  rules: LabelRules,
): Labels {
  const size = rows * cols;
  const smoothing = smoothingOf(rules);
  const identity = isIdentity(smoothing);
  const { soft, missing } = scanLabels(raw, cols, rules);
  const hard = !soft && identity;
  // The common case (0/1 float32 labels, nothing masked, no smoothing) uses the read-back
  // array as is.
  if (!missing && identity && raw instanceof Float32Array) {
    return {
      rows,
      cols,
      values: raw,
      mask: undefined,
      count: size,
      hard,
      tensor: labels,
      smoothing,
    };
  }
  const values = new Float32Array(size);
  const mask = missing ? new Uint8Array(size) : undefined;
  const { keep, shift } = smoothing;
  let count = 0;
  for (let i = 0; i < size; i++) {
    const v = raw[i];
    if (v >= 0 && v <= 1) {
      values[i] = v * keep + shift;
      if (mask !== undefined) mask[i] = 1;
      count++;
    }
  }
  return { rows, cols, values, mask, count, hard, tensor: labels, smoothing };
}

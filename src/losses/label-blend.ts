import * as tf from '@tensorflow/tfjs-core';
import type { PerLabel } from '../core/per-label.js';
import type { Labels } from './labels.js';

/**
 * The label blend: constants of the labels' shape, one value where a label is 0 and another
 * where it is 1, that the loss kernels multiply by.
 *
 * @internal
 * @module
 */

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
  whenZero: PerLabel,
  whenOne: PerLabel,
  masked = 0,
): tf.Tensor {
  const { rows, cols, mask } = labels;
  if (mask === undefined && tf.getBackend() !== 'cpu') {
    // The values at the raw labels 0 and 1, smoothing included (y = shift or keep + shift).
    const { keep, shift } = labels.smoothing;
    const perLabel = typeof whenZero !== 'number' || typeof whenOne !== 'number';
    const endpoint = (y: number) => {
      const value = (c: number) => at(whenZero, c) * (1 - y) + at(whenOne, c) * y;
      return perLabel ? Float64Array.from({ length: cols }, (_, c) => value(c)) : value(0);
    };
    const e0 = endpoint(shift);
    const e1 = endpoint(keep + shift);
    const operand = (v: PerLabel) =>
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

function at(v: PerLabel, c: number): number {
  return typeof v === 'number' ? v : v[c];
}

import * as tf from '@tensorflow/tfjs-core';

/**
 * The one-time check of a loss whose `fromLogits` was left at its default: when a batch of
 * `yPred` lies entirely in [0, 1] it was most likely produced by a sigmoid, and the loss would
 * apply a second sigmoid to it. The loss then says so once, with `console.warn`.
 *
 * @internal
 * @module
 */

/**
 * The fewest `yPred` values a batch must hold to be checked. A model that ends in a sigmoid puts
 * every value in [0, 1] on every batch, so any size finds it; the size only has to keep a logits
 * model from doing the same by chance. Output logits start centred on 0, one independent weight
 * column per label, so the chance falls fast with the labels and more slowly with the rows (the
 * rows share the weights). Measured over 1,000 initialisations with tfjs-layers' defaults (the
 * first batch of a dense network): at 64 values 0 of 1,000 for standardised inputs (20 -> relu
 * 32 -> labels), at most 0.3% for pixel-like inputs in [0, 1] (784 -> relu 128), up to 6% only for one
 * or two labels behind 8 ReLU units on positive inputs (mostly dead units, so near-constant
 * logits); at 32 values a one-label pixel model already reached 3%. Trained logits spread over
 * both signs (negatives fall below 0), so they do not stay in [0, 1]. 64 values is a batch of 32
 * with two labels; the message says how to silence the rare false alarm.
 */
export const CHECKED_VALUES = 64;

/**
 * Returns the check of one loss instance, to be called with `yPred` on every call. On the first
 * batch of at least {@link CHECKED_VALUES} values it computes the batch's [min, max] on the
 * device and asks for those two numbers with the asynchronous `data()` (no stall on a GPU
 * backend); it warns when they arrive, unless the values are all equal (a zero-initialised
 * output layer gives equal logits, so equal values prove nothing). That one read is all: after
 * it the check does nothing. Call it where the gradient tape is off (inside a custom op), so
 * that its two reductions are not recorded.
 *
 * @internal
 */
export function probabilityCheck(lossName: string): (yPred: tf.Tensor) => void {
  let checked = false;
  return (yPred) => {
    const size = yPred.size;
    if (checked || size < CHECKED_VALUES) return;
    checked = true;
    const range = tf.tidy(() => tf.stack([tf.min(yPred), tf.max(yPred)]));
    // Disposing right away is safe (tfjs 4.22): cpu and wasm read the values inside data()
    // before it returns (cpu hands over its array, wasm copies it out of its heap), and webgl
    // starts its download first and defers freeing a texture that has a read pending.
    const values = range.data();
    range.dispose();
    values.then(
      ([lowest, highest]) => {
        if (lowest < highest && lowest >= 0 && highest <= 1) {
          console.warn(probabilityMessage(lossName, size, lowest, highest));
        }
      },
      () => undefined,
    );
  };
}

/** The message: what was seen, why it matters, and the two fixes (and how to silence it). */
function probabilityMessage(
  lossName: string,
  size: number,
  lowest: number,
  highest: number,
): string {
  const show = (v: number) => String(Number(v.toPrecision(3)));
  return (
    `tfjs-multilabel: \`${lossName}\` takes logits by default, but every value of \`yPred\` lies in ` +
    `[0, 1] (${size} values, from ${show(lowest)} to ${show(highest)}): they look like ` +
    'probabilities, which the loss would pass through a sigmoid again. If the model ends in a ' +
    'sigmoid, remove that activation (the loss applies the sigmoid itself, stably) or pass ' +
    '`fromLogits: false`. If `yPred` does hold logits, pass `fromLogits: true` to silence this ' +
    'message.'
  );
}

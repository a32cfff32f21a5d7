import * as tf from '@tensorflow/tfjs-core';

/**
 * The one-time check of a loss whose `fromLogits` was left at its default: when a batch of
 * `yPred` lies entirely in [0, 1] it was most likely produced by a sigmoid, and the loss would
 * apply a second sigmoid to it. The loss then says so once, with `console.warn` (or through the
 * diagnostics callback of `training/`, which shares the check).
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
 * The check of one loss instance: call it with `yPred` on every call of the loss. Its state is
 * shared with the diagnostics callback of `training/`, which routes the message (`report`) and
 * can decide the check on validation predictions it reads anyway (`decide`), so that the
 * message appears once whichever of the two sees the probabilities first.
 *
 * @internal
 */
export interface ProbabilityCheck {
  (yPred: tf.Tensor): void;
  /** The loss factory's name, which the message quotes. */
  readonly lossName: string;
  /** Whether a batch has been read (or handed to `decide`): the check then does nothing. */
  readonly decided: boolean;
  /**
   * Decides the check on the range of `size` values read elsewhere: reports the message when
   * they look like probabilities. Does nothing when the check was already decided or when
   * `size` is below {@link CHECKED_VALUES}.
   */
  decide(size: number, lowest: number, highest: number): void;
  /** Where the message goes: `console.warn` unless the diagnostics callback takes it over. */
  report: (message: string) => void;
}

/**
 * Whether values from `lowest` to `highest` look like probabilities: all in [0, 1] and not all
 * equal (a zero-initialised output layer gives equal logits, so equal values prove nothing).
 *
 * @internal
 */
export function looksLikeProbabilities(lowest: number, highest: number): boolean {
  return lowest < highest && lowest >= 0 && highest <= 1;
}

/**
 * Returns the check of one loss instance, to be called with `yPred` on every call. On the first
 * batch of at least {@link CHECKED_VALUES} values it computes the batch's [min, max] on the
 * device and asks for those two numbers with the asynchronous `data()` (no stall on a GPU
 * backend); it reports when they arrive, if they {@link looksLikeProbabilities}. That one read is
 * all: after it the check does nothing. Call it where the gradient tape is off (inside a custom
 * op), so that its two reductions are not recorded.
 *
 * @internal
 */
export function probabilityCheck(lossName: string): ProbabilityCheck {
  let checked = false;
  const decide = (size: number, lowest: number, highest: number): void => {
    if (checked || size < CHECKED_VALUES) return;
    checked = true;
    if (looksLikeProbabilities(lowest, highest)) {
      check.report(probabilityMessage(lossName, size, lowest, highest));
    }
  };
  const check = Object.assign(
    (yPred: tf.Tensor): void => {
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
          if (looksLikeProbabilities(lowest, highest)) {
            check.report(probabilityMessage(lossName, size, lowest, highest));
          }
        },
        () => undefined,
      );
    },
    {
      lossName,
      decide,
      report: (message: string) => console.warn(message),
    },
  );
  Object.defineProperty(check, 'decided', { get: () => checked, enumerable: true });
  return check as ProbabilityCheck;
}

/**
 * The settings of every loss the factories built, by function: whether it takes logits, and
 * its probability check (when `fromLogits` was left at its default). The diagnostics callback
 * reads a compiled model's loss here.
 */
const lossSettings = new WeakMap<
  object,
  { readonly fromLogits: boolean; readonly check: ProbabilityCheck | undefined }
>();

/** Records the settings of a loss the factories built (see {@link lossSettingsOf}). @internal */
export function recordLoss(
  loss: object,
  fromLogits: boolean,
  check: ProbabilityCheck | undefined,
): void {
  lossSettings.set(loss, { fromLogits, check });
}

/**
 * The settings of `loss` when one of the factories built it (whether it takes logits, and its
 * probability check when `fromLogits` was left at its default), else `undefined`.
 *
 * @internal
 */
export function lossSettingsOf(
  loss: unknown,
): { readonly fromLogits: boolean; readonly check: ProbabilityCheck | undefined } | undefined {
  return typeof loss === 'function' ? lossSettings.get(loss) : undefined;
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

import * as tf from '@tensorflow/tfjs-core';
import { MultilabelError } from '../core/errors.js';
import { checkSeed, SeededRandom } from '../core/random.js';
import { checkOptionKeys } from '../core/validate.js';
import { valueText } from '../core/value-text.js';
import { checkNumericTensor } from './score-tensor.js';

/**
 * Options of {@link mixup} and {@link cutmix}.
 *
 * @expand
 * @category Options
 * @example
 * ```ts
 * import type { MixOptions } from 'tfjs-multilabel/training';
 *
 * const options: MixOptions = { alpha: 0.4, seed: 7 };
 * console.log(options.alpha); // 0.4
 * ```
 */
export interface MixOptions {
  /**
   * The mixing weight is drawn from Beta(alpha, alpha): small values keep most pairs close to
   * one of the two images, 1 draws it uniformly.
   *
   * @defaultValue `1` (torchvision's `MixUp` and `CutMix`)
   */
  alpha?: number;
  /**
   * Seed of the weight, the pairing (and for `cutmix` the box): the same seed mixes the same
   * way. Without it, each call draws a fresh seed; pass the step number for a reproducible run.
   *
   * @defaultValue a new random seed per call
   */
  seed?: number;
}

/**
 * What {@link mixup} and {@link cutmix} return: the mixed batch and how it was mixed. The two
 * tensors are new; dispose them (or return them from a `tf.data` map) as usual.
 *
 * @summary The mixed inputs and labels, the weight and the pairing used.
 * @category Results
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import '@tensorflow/tfjs-backend-cpu';
 * import { mixup, type MixedBatch } from 'tfjs-multilabel/training';
 *
 * const x = tf.tensor2d([[1, 1], [3, 3]]);
 * const y = tf.tensor2d([[1, 0], [0, 1]]);
 * const mixed: MixedBatch = mixup(x, y, { seed: 1 });
 * console.log(mixed.lambda >= 0 && mixed.lambda <= 1, mixed.partner.length); // true 2
 * tf.dispose([x, y, mixed.x, mixed.y]);
 * ```
 */
export interface MixedBatch {
  /** The mixed inputs, the shape of `x`. */
  readonly x: tf.Tensor;
  /** The mixed labels, float32 `[rows, labels]`: `lambda * y + (1 - lambda) * y[partner]`. */
  readonly y: tf.Tensor;
  /** The weight of each row's own input and labels (for `cutmix`, the share of pixels kept). */
  readonly lambda: number;
  /** The row each row is mixed with (a random permutation of the rows). */
  readonly partner: Int32Array;
}

function readMixOptions(options: unknown, where: string): { alpha: number; seed: number } {
  checkOptionKeys(options, ['alpha', 'seed'], where);
  const o = (options ?? {}) as MixOptions;
  const alpha = o.alpha ?? 1;
  if (typeof alpha !== 'number' || !Number.isFinite(alpha) || alpha <= 0) {
    throw new MultilabelError(
      'INVALID_OPTION',
      `\`alpha\` must be a finite number > 0 (1 draws the weight uniformly), but got ${valueText(alpha)}.`,
    );
  }
  const seed =
    o.seed === undefined ? Math.floor(Math.random() * Number.MAX_SAFE_INTEGER) : checkSeed(o.seed);
  return { alpha, seed };
}

/** Checks the batch: `x` a live float tensor of `rank` (or at least 2), `y` [rows, labels]. */
function checkBatch(x: unknown, y: unknown, rank: number | undefined): [tf.Tensor, tf.Tensor] {
  checkNumericTensor(x, 'x', 'inputs');
  checkNumericTensor(y, 'y', 'labels');
  if (rank === undefined ? x.rank < 2 : x.rank !== rank) {
    throw new MultilabelError(
      'INVALID_SHAPE',
      rank === undefined
        ? `\`x\` must have a batch dimension and at least one more, but has shape [${x.shape.join(', ')}].`
        : `\`x\` must be a batch of images [rows, height, width, channels], but has shape [${x.shape.join(', ')}].`,
    );
  }
  if (y.rank !== 2 || y.shape[0] !== x.shape[0]) {
    throw new MultilabelError(
      'SHAPE_MISMATCH',
      `\`y\` must be [rows, labels] with the ${x.shape[0]} rows of \`x\`, but has shape [${y.shape.join(', ')}].`,
    );
  }
  if (x.shape[0] === 0) {
    throw new MultilabelError('EMPTY_INPUT', '`x` has no rows; mix a batch of at least one row.');
  }
  return [x, y];
}

/** `lambda * a + (1 - lambda) * a[partner]` along the first axis, float32. */
function blend(a: tf.Tensor, partner: tf.Tensor1D, lambda: number): tf.Tensor {
  const own = tf.cast(a, 'float32');
  return tf.add(tf.mul(own, lambda), tf.mul(tf.gather(own, partner), 1 - lambda));
}

/**
 * Mixup for multi-label batches (Zhang et al., "mixup: Beyond Empirical Risk Minimization",
 * ICLR 2018): each row is mixed with another row of the batch (a random permutation), inputs and
 * label vectors alike, by one weight lambda ~ Beta(alpha, alpha) per call, as torchvision's
 * `MixUp` and timm's batch mode. The mixed labels are soft targets in [0, 1], which every loss of
 * the library accepts. Use it in a `tf.data` pipeline (`dataset.map`) or a custom training loop;
 * it runs on any backend and leaves no tensor behind but the two it returns.
 *
 * @summary Mixup: each row mixed with another, inputs and label vectors alike.
 * @category Augmentation
 * @param x Inputs, `[rows, ...]` (any rank of at least 2), float32 or int32.
 * @param y Labels (0/1 or soft), `[rows, labels]`.
 * @param options `alpha` (default 1), `seed`.
 * @returns The mixed `x` and `y` (float32), the weight `lambda` and each row's `partner`.
 * @throws {@link MultilabelError} when `x` or `y` is not a live numeric tensor, `y` is not
 *   `[rows, labels]` with the rows of `x`, the batch is empty, or an option is bad or unknown.
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import '@tensorflow/tfjs-backend-cpu';
 * import { mixup } from 'tfjs-multilabel/training';
 *
 * const x = tf.tensor2d([[0, 0], [1, 1]]);
 * const y = tf.tensor2d([[1, 0], [0, 1]]);
 * const { x: xm, y: ym, lambda, partner } = mixup(x, y, { alpha: 0.4, seed: 3 });
 * // Row 0 is lambda parts itself and (1 - lambda) parts its partner.
 * const expected = [0, 1].map((j) => lambda * [1, 0][j] + (1 - lambda) * [[1, 0], [0, 1]][partner[0]][j]);
 * console.log(Array.from(ym.dataSync().slice(0, 2)).every((v, j) => Math.abs(v - expected[j]) < 1e-6)); // true
 * tf.dispose([x, y, xm, ym]);
 * ```
 */
export function mixup(x: tf.Tensor, y: tf.Tensor, options?: MixOptions): MixedBatch {
  const [xs, ys] = checkBatch(x, y, undefined);
  const { alpha, seed } = readMixOptions(options, 'mixup');
  const random = new SeededRandom(seed);
  const lambda = random.nextBeta(alpha, alpha);
  const partner = random.permutation(xs.shape[0]);
  const [mixedX, mixedY] = tf.tidy(() => {
    const index = tf.tensor1d(partner, 'int32');
    return [blend(xs, index, lambda), blend(ys, index, lambda)];
  });
  return { x: mixedX, y: mixedY, lambda, partner };
}

/**
 * What {@link cutmix} returns: the mixed batch, how it was mixed, and the pasted box.
 *
 * @summary The mixed batch, the kept share, the pairing and the pasted box.
 * @category Results
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import '@tensorflow/tfjs-backend-cpu';
 * import { cutmix, type CutMixedBatch } from 'tfjs-multilabel/training';
 *
 * const x = tf.zeros([2, 4, 4, 1]);
 * const y = tf.tensor2d([[1, 0], [0, 1]]);
 * const mixed: CutMixedBatch = cutmix(x, y, { seed: 2 });
 * const { height, width } = mixed.box;
 * console.log(mixed.lambda === 1 - (height * width) / 16); // true
 * tf.dispose([x, y, mixed.x, mixed.y]);
 * ```
 */
export interface CutMixedBatch extends MixedBatch {
  /** The box pasted from each row's partner, in pixels. */
  readonly box: {
    /** The first pixel row of the box. */
    readonly top: number;
    /** The first pixel column of the box. */
    readonly left: number;
    /** Its height in pixels (0 when lambda is 1). */
    readonly height: number;
    /** Its width in pixels. */
    readonly width: number;
  };
}

/**
 * CutMix for multi-label image batches (Yun et al., "CutMix: Regularization Strategy to Train
 * Strong Classifiers with Localizable Features", ICCV 2019): a box of each image is replaced by
 * the same box of its partner image (a random permutation of the rows), and the label vectors
 * are mixed by the share of pixels each image keeps. The box has area (1 - lambda) of the image
 * for lambda ~ Beta(alpha, alpha) and a uniform centre, clipped to the image (so the weight
 * returned is the share actually kept), one box per call, as torchvision's `CutMix`. Images are
 * `[rows, height, width, channels]`, tfjs's layout.
 *
 * @summary CutMix: a box of each image pasted from another, labels mixed by area.
 * @category Augmentation
 * @param x Images, `[rows, height, width, channels]`, float32 or int32.
 * @param y Labels (0/1 or soft), `[rows, labels]`.
 * @param options `alpha` (default 1), `seed`.
 * @returns The mixed `x` and `y` (float32), the kept share `lambda`, each row's `partner` and
 *   the `box`.
 * @throws {@link MultilabelError} as {@link mixup}, and when `x` is not of rank 4.
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import '@tensorflow/tfjs-backend-cpu';
 * import { cutmix } from 'tfjs-multilabel/training';
 *
 * // Two 4 x 4 images, one black and one white.
 * const x = tf.concat([tf.zeros([1, 4, 4, 1]), tf.ones([1, 4, 4, 1])]);
 * const y = tf.tensor2d([[1, 0], [0, 1]]);
 * const { x: xm, y: ym, lambda, box } = cutmix(x, y, { seed: 5 });
 * // Each image keeps lambda of its pixels; the labels are mixed by that share.
 * console.log(lambda === 1 - (box.height * box.width) / 16); // true
 * tf.dispose([x, y, xm, ym]);
 * ```
 */
export function cutmix(x: tf.Tensor, y: tf.Tensor, options?: MixOptions): CutMixedBatch {
  const [xs, ys] = checkBatch(x, y, 4);
  const { alpha, seed } = readMixOptions(options, 'cutmix');
  const random = new SeededRandom(seed);
  const drawn = random.nextBeta(alpha, alpha);
  const partner = random.permutation(xs.shape[0]);
  const [, height, width] = xs.shape;
  // A box of area (1 - drawn) of the image around a uniform centre, clipped to the image.
  const ratio = Math.sqrt(1 - drawn);
  const cutH = Math.floor(height * ratio);
  const cutW = Math.floor(width * ratio);
  const centreY = random.nextInt(height);
  const centreX = random.nextInt(width);
  const top = Math.min(Math.max(centreY - Math.floor(cutH / 2), 0), height);
  const bottom = Math.min(Math.max(centreY + Math.ceil(cutH / 2), 0), height);
  const left = Math.min(Math.max(centreX - Math.floor(cutW / 2), 0), width);
  const right = Math.min(Math.max(centreX + Math.ceil(cutW / 2), 0), width);
  const box = { top, left, height: bottom - top, width: right - left };
  const lambda = 1 - (box.height * box.width) / (height * width);
  const mask = new Float32Array(height * width);
  for (let r = top; r < bottom; r++) mask.fill(1, r * width + left, r * width + right);
  const [mixedX, mixedY] = tf.tidy(() => {
    const index = tf.tensor1d(partner, 'int32');
    const inside = tf.tensor4d(mask, [1, height, width, 1]);
    const own = tf.cast(xs, 'float32');
    const pasted = tf.add(tf.mul(own, tf.sub(1, inside)), tf.mul(tf.gather(own, index), inside));
    return [pasted, blend(ys, index, lambda)];
  });
  return { x: mixedX, y: mixedY, lambda, partner, box };
}

import * as tf from '@tensorflow/tfjs-core';
import { checkNumber } from '../core/validate.js';
import {
  checkBoolean,
  type Labels,
  type LossKernel,
  labelAffine,
  namedLoss,
  parseCommonOptions,
  readLabels,
  runLoss,
} from './common.js';
import { minimum, type Operand, select, times, unitPower } from './primitives.js';
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

/** Clip floor of z = 1 - r: -log(Z_FLOOR) = 80, below which T follows its asymptote. */
const Z_FLOOR = Math.exp(-80);
/** Added to w on clipped negatives so that the asymptote min(log z, w) never applies there. */
const NO_TAIL = 1e30;

/** A constant of a pass: one number for every cell, or a per-cell tensor made on demand. */
type Constant = number | (() => tf.Tensor);

/**
 * One pass of ASL over every cell, each scored either as a positive or as a negative. With
 * w = flip * x (flip = +1 for a positive, -1 for a negative), b = sigmoid(w) the probability of
 * being right, margin M (0 for positives, the clip for negatives), z = min(b + M, 1) = 1 - r,
 * and r = p_m the (shifted) probability of being wrong:
 *
 *   loss = r^gamma * T,  T = -log z
 *
 * i.e. softplus(-w) for positives (-log p) and -log(1 - p_m) for negatives. Where b underflows
 * (w < -80) T follows its asymptote -w: T' = -T = min(log z, w + tail), tail = 0 where M = 0
 * (a huge number elsewhere, where z >= M keeps T finite). The gradient in u = -w is
 * D [r^gamma / z + gamma r^gamma T / r], D = dr/du = (1 - b)(z - M).
 */
interface PassSpec {
  readonly flip: Constant;
  /** M: the clip on negatives, 0 on positives (the tail is NO_TAIL / clip times M). */
  readonly margin: Constant;
  readonly clip: number;
  /** One exponent, or gammaPos where `choose` is 1 and gammaNeg elsewhere. */
  readonly gamma:
    | number
    | {
        readonly pos: number;
        readonly neg: number;
        readonly choose: () => tf.Tensor;
        readonly perCell: () => tf.Tensor;
      };
  /** losses = (r^gamma T') * lossScale, lossScale = -weight. */
  readonly lossScale: Constant;
  /** d loss / dx = (d loss / du) * gradScale * (negateUpstream ? -1 : 1) * upstream. */
  readonly gradScale: Constant;
  readonly negateUpstream: boolean;
  /** A zero exponent meets a margin: cells below it need an explicit [r > 0]. */
  readonly step: boolean;
}

/**
 * The pass with its per-cell constants as tensors. The forward pass makes them all (`get` makes
 * and keeps those the backward pass reads again); the backward pass asks only for those.
 */
function materialize(
  spec: PassSpec,
  get: (make: () => tf.Tensor, keep: boolean) => tf.Tensor,
  backward: boolean,
) {
  const c = (v: Constant, keep: boolean): Operand =>
    typeof v === 'number' ? v : backward && !keep ? 0 : get(v, keep);
  const g = spec.gamma;
  const flip = c(spec.flip, true);
  return {
    flip,
    margin: c(spec.margin, true),
    clip: spec.clip,
    gamma:
      typeof g === 'number'
        ? g
        : {
            pos: g.pos,
            neg: g.neg,
            // Only the forward pass selects.
            choose: backward ? undefined : get(g.choose, false),
            perCell: get(g.perCell, true),
          },
    lossScale: c(spec.lossScale, false),
    gradScale: spec.gradScale === spec.flip ? flip : c(spec.gradScale, true),
    negateUpstream: spec.negateUpstream,
    step: spec.step,
  };
}

type Pass = ReturnType<typeof materialize>;

function aslForward(x: tf.Tensor, pass: Pass) {
  const w = times(x, pass.flip);
  const b = tf.sigmoid(w);
  const z = tf.clipByValue(pass.margin === 0 ? b : tf.add(b, pass.margin), Z_FLOOR, 1);
  const r = tf.sub(1, z);
  const g = pass.gamma;
  const power = (e: number) => (e === 0 ? undefined : unitPower(r, e));
  let f: tf.Tensor | undefined;
  if (typeof g === 'number') {
    f = power(g);
  } else {
    const or1 = (t: tf.Tensor | undefined) => t ?? tf.onesLike(r);
    f = select(g.choose as tf.Tensor, or1(power(g.pos)), or1(power(g.neg)));
  }
  // No asymptote where M > 0 (z >= M keeps T finite): add NO_TAIL there.
  const { margin } = pass;
  const asymptote =
    margin === 0
      ? w
      : tf.add(w, typeof margin === 'number' ? NO_TAIL : tf.mul(margin, NO_TAIL / pass.clip));
  const signedT = minimum(tf.log(z), asymptote);
  const signed = f === undefined ? signedT : tf.mul(f, signedT);
  return { signed, saved: [b, z, r, f ?? r, signed] };
}

function aslBackward(pass: Pass, detach: boolean, saved: tf.Tensor[], upstream: tf.Tensor) {
  const [b, z, r, savedF, signed] = saved;
  const g = pass.gamma;
  const f = g === 0 ? undefined : savedF;
  let d = tf.mul(tf.sub(1, b), pass.margin === 0 ? z : tf.sub(z, pass.margin));
  if (pass.step) d = tf.mul(d, tf.step(r));
  // r^gamma / z - gamma (r^gamma T') / r, with T' = -T.
  let inner = f === undefined ? tf.reciprocal(z) : tf.div(f, z);
  const gamma = typeof g === 'number' ? g : g.perCell;
  if (!detach && gamma !== 0) {
    inner = tf.sub(inner, times(tf.div(signed, tf.add(r, TINY)), gamma));
  }
  const up = pass.negateUpstream ? tf.neg(upstream) : upstream;
  return tf.mul(times(tf.mul(inner, d), pass.gradScale), up);
}

/**
 * Hard labels run one pass (each cell a positive or a negative); soft labels run a positive
 * pass weighted by y and a negative pass weighted by 1 - y. Per-cell constants are affine in
 * the label (see labelAffine), except the cpu backend's bool chooser.
 */
function aslSpecs(labels: Labels, settings: AslSettings): PassSpec[] {
  const { gammaNeg, gammaPos, clip } = settings;
  const { rows, cols, values, mask, hard } = labels;
  const step = gammaNeg === 0 && clip > 0;
  const affine =
    (slope: number, intercept: number, masked = 0) =>
    () =>
      labelAffine(labels, slope, intercept, masked);
  if (!hard) {
    return [
      {
        flip: 1,
        margin: 0,
        clip,
        gamma: gammaPos,
        lossScale: affine(-1, 0),
        gradScale: affine(-1, 0),
        negateUpstream: false,
        step: false,
      },
      {
        flip: -1,
        margin: clip,
        clip,
        gamma: gammaNeg,
        lossScale: affine(1, -1),
        gradScale: affine(-1, 1),
        negateUpstream: false,
        step,
      },
    ];
  }
  const choose = () =>
    tf.getBackend() === 'cpu'
      ? tf.tensor2d(
          Uint8Array.from(values, (v) => (v === 1 ? 1 : 0)),
          [rows, cols],
          'bool',
        )
      : labelAffine(labels, 1, 0);
  const flip = affine(2, -1, 1);
  return [
    {
      flip,
      margin: clip > 0 ? affine(-clip, clip) : 0,
      clip,
      gamma:
        gammaPos === gammaNeg
          ? gammaPos
          : {
              pos: gammaPos,
              neg: gammaNeg,
              choose,
              perCell: affine(gammaPos - gammaNeg, gammaNeg),
            },
      // Unweighted: -flip is applied as flip times a negated upstream.
      lossScale: mask === undefined ? -1 : affine(0, -1),
      gradScale: mask === undefined ? flip : affine(-2, 1),
      negateUpstream: mask === undefined,
      step,
    },
  ];
}

function aslKernel(labels: Labels, settings: AslSettings): LossKernel {
  const specs = aslSpecs(labels, settings);
  return {
    needsLogits: true,
    forward(x) {
      const constants: tf.Tensor[] = [];
      const make = (producer: () => tf.Tensor, keep: boolean) => {
        const t = producer();
        if (keep) constants.push(t);
        return t;
      };
      let losses: tf.Tensor | undefined;
      let negated = false;
      const saved: tf.Tensor[] = [];
      for (const spec of specs) {
        const pass = materialize(spec, make, false);
        const { signed, saved: own } = aslForward(x, pass);
        // A single unweighted pass returns -loss and lets the reduction flip the sign.
        negated = specs.length === 1 && pass.lossScale === -1;
        const cells = negated ? signed : times(signed, pass.lossScale);
        losses = losses === undefined ? cells : tf.add(losses, cells);
        saved.push(...own);
      }
      return { losses: losses as tf.Tensor, saved: [...saved, ...constants], negated };
    },
    backward(saved, upstream) {
      let next = 5 * specs.length;
      const reuse = () => saved[next++];
      let grad: tf.Tensor | undefined;
      specs.forEach((spec, k) => {
        const pass = materialize(spec, reuse, true);
        const g = aslBackward(pass, settings.detach, saved.slice(5 * k, 5 * k + 5), upstream);
        grad = grad === undefined ? g : tf.add(grad, g);
      });
      return grad as tf.Tensor;
    },
  };
}

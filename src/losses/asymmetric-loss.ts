import * as tf from '@tensorflow/tfjs-core';
import { checkBoolean, checkNumber } from '../core/validate.js';
import { labelBlend } from './label-blend.js';
import type { Labels } from './labels.js';
import { lossFactory } from './loss-factory.js';
import {
  FLOAT32_MIN_NORMAL,
  minimum,
  minimumWhere,
  type Operand,
  select,
  times,
  unitPower,
} from './primitives.js';
import { hostScalar, type LossKernel } from './run-loss.js';
import type { LossOptions } from './types.js';

/**
 * Options of {@link asymmetricLoss}.
 *
 * @expand
 * @category Options
 * @example
 * ```ts
 * import type { AsymmetricLossOptions } from 'tfjs-multilabel/losses';
 *
 * const options: AsymmetricLossOptions = { gammaNeg: 4, gammaPos: 0, clip: 0.05 };
 * console.log(options.gammaNeg); // 4
 * ```
 */
export interface AsymmetricLossOptions extends LossOptions {
  /**
   * Focusing parameter of the negatives, `>= 0`.
   *
   * @defaultValue `4`
   */
  gammaNeg?: number;
  /**
   * Focusing parameter of the positives, `>= 0`.
   *
   * @defaultValue `1` (the training recipes often use 0)
   */
  gammaPos?: number;
  /**
   * Probability margin m in [0, 1) shifted off the negatives: p_m = max(p - m, 0), so easy
   * negatives (p <= m) give exactly zero loss and gradient; 0 turns it off.
   *
   * @defaultValue `0.05`
   */
  clip?: number;
  /**
   * Treat the focusing weights as constants in the backward pass, as the reference
   * implementation's `disable_torch_grad_focal_loss` does.
   *
   * @defaultValue `false` (the exact gradient)
   */
  detachFocusingWeight?: boolean;
}

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
 * @summary Asymmetric loss (ASL): focal terms with a margin for easy negatives.
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
 * import '@tensorflow/tfjs-backend-cpu';
 * import * as tf from '@tensorflow/tfjs-core';
 * import { asymmetricLoss } from 'tfjs-multilabel/losses';
 *
 * // An easy negative (p = 0.02 <= clip) adds nothing; the positive at x = 0 adds 0.5 * log 2.
 * const loss = asymmetricLoss({ reduction: 'sum' });
 * const value = loss(tf.tensor2d([[1, 0]]), tf.tensor2d([[0, Math.log(0.02 / 0.98)]]));
 * console.log(value.dataSync()[0].toFixed(4)); // '0.3466'
 * ```
 * @function
 */
export const asymmetricLoss = /* @__PURE__ */ lossFactory<AsymmetricLossOptions, AslSettings>({
  name: 'asymmetricLoss',
  keys: ['gammaNeg', 'gammaPos', 'clip', 'detachFocusingWeight'],
  settings: (options) => ({
    gammaNeg: checkNumber(options?.gammaNeg ?? 4, 'gammaNeg', { min: 0 }),
    gammaPos: checkNumber(options?.gammaPos ?? 1, 'gammaPos', { min: 0 }),
    clip: checkNumber(options?.clip ?? 0.05, 'clip', { min: 0, max: 1, maxExclusive: true }),
    detach: checkBoolean(options?.detachFocusingWeight, 'detachFocusingWeight', false),
  }),
  plan: (settings) => (labels) => ({ kernel: aslKernel(labels, settings), count: labels.count }),
});

interface AslSettings {
  readonly gammaNeg: number;
  readonly gammaPos: number;
  readonly clip: number;
  readonly detach: boolean;
}

/** Clip floor of z = 1 - r: -log(Z_FLOOR) = 80, below which T follows its asymptote. */
const Z_FLOOR = Math.exp(-80);
/** Logits this small in magnitude keep sigmoid(w) far above Z_FLOOR. */
const ASYMPTOTE_FREE = 70;
/** Above -log(Z_FLOOR): every T' = log z of a clipped z is at least -T_CLIPPED. */
const T_CLIPPED = 81;

/** Whether every |x| <= bound, known only on cpu, where the tensor's data is read for free. */
function withinOnCpu(x: tf.Tensor, bound: number): boolean {
  if (tf.getBackend() !== 'cpu') return false;
  const data = x.dataSync();
  for (let i = 0; i < data.length; i++) if (!(Math.abs(data[i]) <= bound)) return false;
  return true;
}

/**
 * A constant of a pass: one number for every cell, or per cell `whenZero` where the label y is
 * 0 and `whenOne` where it is 1 (`masked` in masked cells), see labelBlend.
 */
type Constant =
  | number
  | { readonly whenZero: number; readonly whenOne: number; readonly masked: number };

/**
 * One pass of ASL over every cell, each scored either as a positive or as a negative. With
 * w = flip * x (flip = +1 for a positive, -1 for a negative), b = sigmoid(w) the probability of
 * being right, margin M (0 for positives, the clip for negatives), z = min(b + M, 1) = 1 - r,
 * and r = p_m the (shifted) probability of being wrong:
 *
 *   loss = r^gamma * T,  T = -log z
 *
 * i.e. softplus(-w) for positives (-log p) and -log(1 - p_m) for negatives. z is clipped at
 * Z_FLOOR, so T <= 80 except where the asymptote applies: where b underflows (w < -80) T
 * follows -w on cells with M = 0, T' = -T = min(log z, w); with M > 0, z >= M keeps T finite
 * and exact. The gradient in u = -w is D [r^gamma / z + gamma r^gamma T / r], D = dr/du =
 * b (1 - b) where r > 0; with M = 0 (r = 1 - b) that is r^gamma (r + gamma b T), where b T
 * vanishes as T grows (b = e^-T).
 */
interface PassSpec {
  readonly flip: Constant;
  readonly margin: Constant;
  /**
   * Whether the pass mixes positives (M = 0, where the asymptote applies) with negatives that
   * have a margin (where it must not): the cells are then told apart by the chooser.
   */
  readonly mixed: boolean;
  /** One exponent, or gammaPos on positives and gammaNeg on negatives (by the chooser). */
  readonly gamma: number | { readonly pos: number; readonly neg: number };
  /** losses = (r^gamma T') * lossScale, lossScale = -weight. */
  readonly lossScale: Constant;
  /** d loss / dx = (d loss / du) * gradScale * upstream, gradScale = -flip * weight. */
  readonly gradScale: Constant | 'negatedFlip';
  /** A zero exponent meets a margin: cells below it need an explicit [r > 0]. */
  readonly step: boolean;
}

/** `c` times `k` (a constant scaled by a number). */
function scaled(c: Constant, k: number): Constant {
  return typeof c === 'number'
    ? c * k
    : { whenZero: c.whenZero * k, whenOne: c.whenOne * k, masked: c.masked * k };
}

/**
 * The forward pass. Saved: b, r, r^gamma (or r as a placeholder), r^gamma T', then z where
 * M is not 0. b is sigmoid(w) itself, except in a mixed pass, whose positives need the b that
 * z was clipped from (D / z = 1 - b there). `asymptote`: whether T' took the asymptote.
 */
function aslForward(
  x: tf.Tensor,
  spec: PassSpec,
  make: (c: Constant, keep: boolean) => Operand,
  choose: tf.Tensor | undefined,
) {
  const w = times(x, make(spec.flip, true));
  const sigmoid = tf.sigmoid(w);
  const margin = make(spec.margin, false);
  let b = sigmoid;
  let z: tf.Tensor;
  if (margin === 0) {
    z = tf.clipByValue(sigmoid, Z_FLOOR, 1);
  } else if (spec.mixed) {
    // b clipped like z on the positives (M = 0), so that D / z = 1 - b stays exact there.
    b = tf.clipByValue(sigmoid, Z_FLOOR, 1);
    z = tf.clipByValue(tf.add(b, margin), 0, 1);
  } else {
    z = tf.clipByValue(tf.add(sigmoid, margin), Z_FLOOR, 1);
  }
  const r = tf.sub(1, z);
  const g = spec.gamma;
  const power = (e: number) => (e === 0 ? undefined : unitPower(r, e));
  let f: tf.Tensor | undefined;
  if (typeof g === 'number') {
    f = power(g);
  } else {
    const or1 = (t: tf.Tensor | undefined) => t ?? tf.onesLike(r);
    f = select(choose as tf.Tensor, or1(power(g.pos)), or1(power(g.neg)));
  }
  // The asymptote applies where M = 0: everywhere, on the positives only, or nowhere. It only
  // changes cells with |x| > 80; on cpu, where reading x is free, it is skipped without them.
  const logZ = tf.log(z);
  const asymptote = (spec.mixed || margin === 0) && !withinOnCpu(x, ASYMPTOTE_FREE);
  const signedT = asymptote
    ? spec.mixed
      ? minimumWhere(choose as tf.Tensor, logZ, w)
      : minimum(logZ, w)
    : logZ;
  const signed = f === undefined ? signedT : tf.mul(f, signedT);
  const lossScale = make(spec.lossScale, false);
  // Kept for the backward pass, which must not rebuild it from the label tensor.
  if (spec.gradScale !== 'negatedFlip') make(spec.gradScale, true);
  const saved = [b, r, f ?? r, signed, ...(margin === 0 ? [] : [z])];
  return { signed, lossScale, saved, asymptote };
}

/** How many tensors a pass saves (see aslForward). */
function savedCount(spec: PassSpec): number {
  return spec.margin === 0 ? 4 : 5;
}

/** What the backward pass of one pass is given. */
interface BackwardContext {
  readonly detach: boolean;
  /** Whether the forward pass took the asymptote (T' = w in cells where b underflowed). */
  readonly asymptote: boolean;
  readonly kept: (c: Constant) => Operand;
  readonly make: (c: Constant) => Operand;
  readonly perCell: (flip: Operand) => Operand;
}

/** d loss / du of one pass (u = -w), before the per-cell scale. */
function aslSlope(spec: PassSpec, saved: tf.Tensor[], flip: Operand, ctx: BackwardContext) {
  const [b, r, savedF, signed, savedZ] = saved;
  const g = spec.gamma;
  const f = g === 0 ? undefined : savedF;
  const focusing = !ctx.detach && g !== 0;
  const gamma = typeof g === 'number' || !focusing ? g : ctx.perCell(flip);
  if (spec.margin === 0) {
    // r^gamma (r + gamma b T) with T = -T': b = sigmoid(w) unclipped, so b T -> 0 however
    // large T grows (at x = -1e37 it is 0, not the clip floor e^-80 times 1e37).
    const first = f === undefined ? r : tf.mul(f, r);
    return focusing ? tf.sub(first, times(tf.mul(signed, b), gamma as Operand)) : first;
  }
  const z = savedZ;
  // dr/du = b (1 - b) where r > 0.
  let d = tf.mul(b, tf.sub(1, b));
  if (spec.step) d = tf.mul(d, tf.step(r));
  // r^gamma / z - gamma (r^gamma T') / r, with T' = -T.
  let inner = f === undefined ? tf.reciprocal(z) : tf.div(f, z);
  if (focusing) {
    // A mixed pass's b is clipped at Z_FLOOR, which would let D T grow with T in the cells
    // that took the asymptote: there T' is taken at its clipped value (>= -T_CLIPPED) instead,
    // as b is, so that D T stays below 81 e^-80 (the exact b T is smaller still).
    const t = ctx.asymptote ? tf.clipByValue(signed, -T_CLIPPED, 0) : signed;
    const ratio = tf.div(t, tf.clipByValue(r, FLOAT32_MIN_NORMAL, 1));
    inner = tf.sub(inner, times(ratio, gamma as Operand));
  }
  return tf.mul(inner, d);
}

function aslBackward(
  spec: PassSpec,
  saved: tf.Tensor[],
  ctx: BackwardContext,
  upstream: tf.Tensor,
) {
  const flip = ctx.kept(spec.flip);
  const grad = aslSlope(spec, saved, flip, ctx);
  // Fold a scalar upstream into the host-filled gradScale on cpu (no full-size multiply).
  const { gradScale } = spec;
  const keptScale = gradScale === 'negatedFlip' ? undefined : ctx.kept(gradScale);
  const u = hostScalar(upstream);
  if (u !== undefined) {
    return times(
      grad,
      ctx.make(gradScale === 'negatedFlip' ? scaled(spec.flip, -u) : scaled(gradScale, u)),
    );
  }
  if (keptScale === undefined) return tf.mul(times(grad, flip), tf.neg(upstream));
  return tf.mul(times(grad, keptScale), upstream);
}

/**
 * Hard labels run one pass (each cell a positive or a negative); soft labels run a positive
 * pass weighted by y and a negative pass weighted by 1 - y.
 */
function aslSpecs(labels: Labels, settings: AslSettings): PassSpec[] {
  const { gammaNeg, gammaPos, clip } = settings;
  const step = gammaNeg === 0 && clip > 0;
  const blend = (whenZero: number, whenOne: number, masked = 0): Constant => ({
    whenZero,
    whenOne,
    masked,
  });
  if (!labels.hard) {
    return [
      {
        flip: 1,
        margin: 0,
        mixed: false,
        gamma: gammaPos,
        lossScale: blend(0, -1),
        gradScale: blend(0, -1),
        step: false,
      },
      {
        flip: -1,
        margin: clip,
        mixed: false,
        gamma: gammaNeg,
        lossScale: blend(-1, 0),
        gradScale: blend(1, 0),
        step,
      },
    ];
  }
  const flip = blend(-1, 1, 1);
  const unweighted = labels.mask === undefined;
  return [
    {
      flip,
      margin: clip > 0 ? blend(clip, 0) : 0,
      mixed: clip > 0,
      gamma: gammaPos === gammaNeg ? gammaPos : { pos: gammaPos, neg: gammaNeg },
      lossScale: unweighted ? -1 : blend(-1, -1),
      // Unweighted, -flip is the flip tensor itself times a negated upstream.
      gradScale: unweighted ? 'negatedFlip' : blend(1, -1),
      step,
    },
  ];
}

function aslKernel(labels: Labels, settings: AslSettings): LossKernel {
  const specs = aslSpecs(labels, settings);
  const { rows, cols } = labels;
  const tensorOf = (c: Constant): Operand =>
    typeof c === 'number' ? c : labelBlend(labels, c.whenZero, c.whenOne, c.masked);
  // The positives: bool for tfjs's Where on cpu, float32 for a blend elsewhere (see select).
  const chooser = () => {
    if (tf.getBackend() !== 'cpu') return labelBlend(labels, 0, 1);
    const { values } = labels;
    const positive = new Uint8Array(values.length);
    for (let i = 0; i < values.length; i++) positive[i] = values[i] === 1 ? 1 : 0;
    return tf.tensor2d(positive, [rows, cols], 'bool');
  };
  const needsChooser = specs.some((spec) => spec.mixed || typeof spec.gamma !== 'number');
  // Per pass, whether its forward took the asymptote (set by forward, read by backward).
  const asymptotes = specs.map(() => true);
  return {
    needsLogits: true,
    forward(x) {
      const choose = needsChooser ? chooser() : undefined;
      const kept: tf.Tensor[] = [];
      const saved: tf.Tensor[] = [];
      let losses: tf.Tensor | undefined;
      let negated = false;
      for (const [k, spec] of specs.entries()) {
        // Keep the per-cell flip and gradient scale for the backward pass.
        const make = (c: Constant, keep: boolean) => {
          const t = tensorOf(c);
          if (keep && typeof t !== 'number') kept.push(t);
          return t;
        };
        const pass = aslForward(x, spec, make, choose);
        asymptotes[k] = pass.asymptote;
        // A single unweighted pass returns -loss and lets the reduction flip the sign.
        negated = specs.length === 1 && pass.lossScale === -1;
        const cells = negated ? pass.signed : times(pass.signed, pass.lossScale);
        losses = losses === undefined ? cells : tf.add(losses, cells);
        saved.push(...pass.saved);
      }
      return { losses: losses as tf.Tensor, saved: [...saved, ...kept], negated };
    },
    backward(saved, upstream) {
      const counts = specs.map(savedCount);
      let next = counts.reduce((a, c) => a + c, 0);
      const kept = (c: Constant): Operand => (typeof c === 'number' ? c : saved[next++]);
      // Per-cell exponents (split gammas come with the hard pass's per-cell flip = 2y - 1):
      // from host labels on cpu, from the kept flip elsewhere.
      const perCell = (flip: Operand): Operand => {
        const { gammaPos, gammaNeg } = settings;
        if (typeof flip === 'number' || tf.getBackend() === 'cpu') {
          return labelBlend(labels, gammaNeg, gammaPos);
        }
        const half = (gammaPos - gammaNeg) / 2;
        return tf.add(tf.mul(flip, half), gammaNeg + half);
      };
      let grad: tf.Tensor | undefined;
      let offset = 0;
      specs.forEach((spec, k) => {
        const own = saved.slice(offset, offset + counts[k]);
        offset += counts[k];
        const ctx = {
          detach: settings.detach,
          asymptote: asymptotes[k],
          kept,
          make: tensorOf,
          perCell,
        };
        const g = aslBackward(spec, own, ctx, upstream);
        grad = grad === undefined ? g : tf.add(grad, g);
      });
      return grad as tf.Tensor;
    },
  };
}

/**
 * Logits of magnitude 1e30 up to the float32 maximum: every gradient equals the loss's
 * derivative (float64 closed forms), which stays bounded however large |x| grows, and the
 * 'mean' reduction gives a representable mean although the float32 sum of the cells overflows.
 */
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { expectClose, type LossName, makeLoss, valueAndGradient } from './helpers.js';
import { F32_MAX } from './zlpr-check.js';

const HUGE = [1e30, 1e37, 3e38, F32_MAX];
const LOGITS = [...HUGE, ...HUGE.map((v) => -v), -100, -20, -2, 0, 2, 20, 100];

const sigmoid = (x: number): number =>
  x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x));
const softplus = (x: number): number => Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));

interface AslOptions {
  gammaPos: number;
  gammaNeg: number;
  clip: number;
  detachFocusingWeight: boolean;
}

/**
 * ASL of one cell in float64, with its derivative in x: a positive costs r^gp T with
 * r = sigmoid(-x), T = softplus(-x), slope -r^gp (r + gp (1 - r) T); a negative costs
 * pm^gn T with pm = max(p - m, 0), T = -log(1 - pm), slope p (1 - p) [p > m] times
 * gn pm^gn T / pm + pm^gn / (1 - pm). Detached, the focusing weight has no slope.
 */
function aslCell(y: number, x: number, o: AslOptions): [number, number] {
  const { gammaPos: gp, gammaNeg: gn, clip: m, detachFocusingWeight: detach } = o;
  const r = sigmoid(-x);
  const p = sigmoid(x);
  const tPos = softplus(-x);
  const fPos = r ** gp;
  const posLoss = fPos * tPos;
  const posSlope = -fPos * (r + (detach ? 0 : gp * p * tPos));
  const pm = Math.max(p - m, 0);
  const tNeg = m === 0 ? softplus(x) : -Math.log1p(-pm);
  const fNeg = pm ** gn;
  const negLoss = fNeg * tNeg;
  let negSlope: number;
  if (m === 0) {
    negSlope = fNeg * (p + (detach ? 0 : gn * r * tNeg));
  } else if (pm === 0) {
    negSlope = 0;
  } else {
    const focus = detach || gn === 0 ? 0 : (gn * fNeg * tNeg) / pm;
    negSlope = p * r * (focus + fNeg / (1 - pm));
  }
  return [y * posLoss + (1 - y) * negLoss, y * posSlope + (1 - y) * negSlope];
}

/** Per-cell losses ('none') and gradients ('sum') of `name` over one row per label. */
function perCell(name: LossName, options: Record<string, unknown>, labels: number[]) {
  const yTrue = labels.map((y) => LOGITS.map(() => y));
  const yPred = labels.map(() => LOGITS.slice());
  const none = makeLoss(name, { ...options, fromLogits: true, reduction: 'none' });
  const values = tf.tidy(() => none(tf.tensor2d(yTrue), tf.tensor2d(yPred)).dataSync());
  const sum = makeLoss(name, { ...options, fromLogits: true, reduction: 'sum' });
  const { gradient } = valueAndGradient(sum, yTrue, yPred);
  return { values, gradient, yTrue: yTrue.flat(), yPred: yPred.flat() };
}

describe(`gradients at logits up to the float32 maximum (${process.env.TFJS_BACKEND})`, () => {
  it('asymmetricLoss keeps a gradient of 1 on a wrong side at x = -1e37 (was -181)', () => {
    const loss = makeLoss('asymmetricLoss', { fromLogits: true });
    const { value, gradient } = valueAndGradient(loss, [[1]], [[-1e37]]);
    // loss = (1 - p) softplus(-x) = 1e37 exactly in float32; slope -(r + b T) = -1.
    expect(value[0]).toBe(Math.fround(1e37));
    expect(gradient[0]).toBe(-1);
    // clip 0 at 3e38 on a negative: slope p^4 (p + 4 (1 - p) T) = 1 (was Infinity).
    const clip0 = makeLoss('asymmetricLoss', { fromLogits: true, clip: 0, reduction: 'sum' });
    const negative = valueAndGradient(clip0, [[0]], [[3e38]]);
    expect(negative.value[0]).toBe(Math.fround(3e38));
    expect(negative.gradient[0]).toBe(1);
  });

  const GAMMAS = [0, 0.5, 1, 4];
  const aslConfigs: AslOptions[] = GAMMAS.flatMap((gammaPos) =>
    GAMMAS.flatMap((gammaNeg) =>
      [0, 0.05].flatMap((clip) =>
        [false, true].map((detachFocusingWeight) => ({
          gammaPos,
          gammaNeg,
          clip,
          detachFocusingWeight,
        })),
      ),
    ),
  );

  it.each(aslConfigs)(
    'asymmetricLoss %o equals its float64 loss and derivative per cell',
    (options) => {
      // Hard labels with a masked row (one pass), then soft labels (two passes).
      for (const labels of [
        [1, 0, -1],
        [0.25, 0.75],
      ]) {
        const { values, gradient, yTrue, yPred } = perCell(
          'asymmetricLoss',
          { ...options, ignoreIndex: -1 },
          labels,
        );
        const expected = yTrue.map((y, i) => (y === -1 ? [0, 0] : aslCell(y, yPred[i], options)));
        expectClose(
          values,
          expected.map(([v]) => v),
          1e-5,
          `loss at labels ${labels}`,
        );
        expectClose(
          gradient,
          expected.map(([, g]) => g),
          1e-5,
          `gradient at labels ${labels}`,
        );
      }
    },
  );

  it('weightedBinaryCrossentropy: slope w (A sigmoid(x) - P y), A = P y + 1 - y', () => {
    const options = { posWeight: 5, labelWeights: 2 };
    for (const labels of [
      [1, 0],
      [0.25, 0.75],
    ]) {
      const { values, gradient, yTrue, yPred } = perCell(
        'weightedBinaryCrossentropy',
        options,
        labels,
      );
      const slope = yTrue.map((y, i) => 2 * ((5 * y + 1 - y) * sigmoid(yPred[i]) - 5 * y));
      expectClose(gradient, slope, 1e-5, `gradient at labels ${labels}`);
      // The loss 2 (5 y softplus(-x) + (1 - y) softplus(x)), Infinity beyond float32 only.
      const loss = yTrue.map(
        (y, i) => 2 * (5 * y * softplus(-yPred[i]) + (1 - y) * softplus(yPred[i])),
      );
      loss.forEach((v, k) => {
        if (v > F32_MAX) expect(values[k]).toBe(Number.POSITIVE_INFINITY);
        else expectClose([values[k]], [v], 1e-5, `loss at y ${yTrue[k]}, x ${yPred[k]}`);
      });
    }
  });

  it('binaryFocalCrossentropy: a wrong side keeps slope w q^gamma (1 - m) in u', () => {
    // Saturated (|x| >= 1e30): with a = sigmoid(u) in {0, 1}, q = m + (1 - 2m) a, the slope in
    // u is w q^gamma (a - m), the focal factor's own slope vanishing with a (1 - a).
    for (const gamma of [0, 0.5, 2, 5]) {
      const { gradient, yTrue, yPred } = perCell(
        'binaryFocalCrossentropy',
        { gamma, alpha: 0.25, applyClassBalancing: true },
        [1, 0, 0.25, 0.75],
      );
      yTrue.forEach((y, i) => {
        const x = yPred[i];
        if (Math.abs(x) < 1e30) return;
        const s = y >= 0.5 ? -1 : 1;
        const m = Math.min(y, 1 - y);
        const a = s * x > 0 ? 1 : 0;
        const q = m + (1 - 2 * m) * a;
        const w = 0.25 * y + 0.75 * (1 - y);
        expectClose(
          [gradient[i]],
          [s * w * q ** gamma * (a - m)],
          1e-5,
          `gamma ${gamma} y ${y} x ${x}`,
        );
      });
    }
  });

  it('multilabelSoftmaxLoss: a one-cell row has slope sigmoid(x) - y', () => {
    for (const y of [0, 1]) {
      for (const x of LOGITS) {
        const { gradient } = valueAndGradient(
          makeLoss('multilabelSoftmaxLoss', { reduction: 'sum' }),
          [[y]],
          [[x]],
        );
        expectClose(gradient, [sigmoid(x) - y], 1e-5, `y ${y} x ${x}`);
      }
    }
  });

  it('softF1Loss: the gradient vanishes with sigmoid(x) (1 - sigmoid(x)) at |x| >= 1e30', () => {
    for (const average of ['macro', 'micro']) {
      const loss = makeLoss('softF1Loss', { average, fromLogits: true });
      const yPred = [...LOGITS, ...LOGITS];
      const { gradient } = valueAndGradient(
        loss,
        [LOGITS.map(() => 1), LOGITS.map(() => 0)],
        [LOGITS, LOGITS],
      );
      yPred.forEach((x, i) => {
        if (Math.abs(x) >= 1e30) expect(Math.abs(gradient[i]), `x ${x}`).toBe(0);
        expect(Number.isFinite(gradient[i])).toBe(true);
      });
    }
  });

  it('softF1Loss on probabilities: a subnormal prediction of a negative label has gradient 0 (D^2 underflowed to 0 / 0)', () => {
    for (const average of ['macro', 'micro']) {
      const loss = makeLoss('softF1Loss', { average, fromLogits: false });
      // tp = 0 and D = 1.4e-45: d(1 - 2 tp / D) / ds = -2 y / D + 2 tp / D^2 = 0.
      const { value, gradient } = valueAndGradient(loss, [[0, 0, 0, 0]], [[0, 0, 0, 1.4e-45]]);
      expect(Array.from(value), average).toEqual([1]);
      expect(Array.from(gradient), average).toEqual([0, 0, 0, 0]);
    }
  });
});

describe(`'mean' of losses near the float32 maximum (${process.env.TFJS_BACKEND})`, () => {
  const meanOf = (name: LossName, options: Record<string, unknown>, y: number[][], x: number[][]) =>
    valueAndGradient(makeLoss(name, { fromLogits: true, ...options }), y, x);

  it('weightedBinaryCrossentropy: mean(3e38, 3e38) = 3e38, not the Infinity of their sum', () => {
    const { value, gradient } = meanOf('weightedBinaryCrossentropy', {}, [[0, 0]], [[3e38, 3e38]]);
    expectClose(value, [3e38], 1e-6);
    // d/dx of (softplus(x1) + softplus(x2)) / 2 = sigmoid(x) / 2.
    expectClose(gradient, [0.5, 0.5], 1e-6);
    // Their sum is beyond float32: Infinity is right there.
    const sum = meanOf(
      'weightedBinaryCrossentropy',
      { reduction: 'sum' },
      [[0, 0]],
      [[3e38, 3e38]],
    );
    expect(sum.value[0]).toBe(Number.POSITIVE_INFINITY);
  });

  it('weightedBinaryCrossentropy with soft labels: w (1 - y) |x| where P y |x| alone overflows', () => {
    // y = 0.25, P = 5 at x = 3.4e38: 0.75 softplus(x) = 2.55e38, though A |x| = 6.8e38.
    const { value } = meanOf(
      'weightedBinaryCrossentropy',
      { posWeight: 5 },
      [[0.25, 0.25]],
      [[3.4e38, 3.4e38]],
    );
    expectClose(value, [0.75 * 3.4e38], 1e-6);
  });

  it.each([
    ['binaryFocalCrossentropy', {}],
    ['asymmetricLoss', {}],
    ['asymmetricLoss', { clip: 0, gammaPos: 0.5, ignoreIndex: -1 }],
    ['asymmetricLoss', { labelSmoothing: 0.1 }],
  ] as [LossName, Record<string, unknown>][])(
    '%s %o: two positives at -3e38 (and a masked cell) average 3e38',
    (name, options) => {
      const masked = options.ignoreIndex === -1;
      const y = [[1, 1, ...(masked ? [-1] : [])]];
      const x = [[-3e38, -3e38, ...(masked ? [5] : [])]];
      const { value, gradient } = meanOf(name, options, y, x);
      // Smoothing makes the labels 0.95: 0.95 softplus(-x) + 0.05 (a bounded negative term).
      const weight = options.labelSmoothing === 0.1 ? 0.95 : 1;
      expectClose(value, [weight * 3e38], 1e-6);
      expectClose(gradient.slice(0, 2), [-weight / 2, -weight / 2], 1e-5);
      if (masked) expect(gradient[2]).toBe(0);
    },
  );

  it('multilabelSoftmaxLoss: a row of 6e38 and a row of ~0 average 3e38 over the rows', () => {
    const y = [
      [1, 0],
      [1, 0],
    ];
    const x = [
      [-3e38, 3e38],
      [30, -30],
    ];
    const { value, gradient } = meanOf('multilabelSoftmaxLoss', {}, y, x);
    expectClose(value, [3e38], 1e-6);
    // Row 1's slopes are -1 and 1, halved by the mean; row 2's are tiny.
    expectClose(gradient, [-0.5, 0.5, -sigmoid(-30) / 2, sigmoid(-30) / 2], 1e-6);
    const none = makeLoss('multilabelSoftmaxLoss', { reduction: 'none' });
    const rows = tf.tidy(() => none(tf.tensor2d(y), tf.tensor2d(x)).dataSync());
    expect(rows[0]).toBe(Number.POSITIVE_INFINITY);
  });
});

/**
 * The losses for labels with unmarked missing positives: hillLoss, splcLoss (its epoch state and
 * callback) and the assumeNegative option, in closed form.
 */
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import {
  binaryFocalCrossentropy,
  hillLoss,
  splcLoss,
  weightedBinaryCrossentropy,
} from '../../src/losses/index.js';
import {
  expectClose,
  expectCode,
  fitWithEpochCallback,
  outputAndGradient as valueAndGradient,
} from './helpers.js';

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));
const softplus = (x: number) => Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));

/** Runs `body` and expects the tensor count unchanged afterwards. */
function withoutLeaks<T>(body: () => T): T {
  const before = tf.memory().numTensors;
  const out = body();
  expect(tf.memory().numTensors).toBe(before);
  return out;
}

describe(`hillLoss (${process.env.TFJS_BACKEND})`, () => {
  it('gives a negative (lambda - p) p^2 with the hill-shaped slope 3p(1 - p) at lambda 1.5', () => {
    const xs = [-3, -1, 0, 0.5, 2, 6];
    const { value, gradient } = withoutLeaks(() =>
      valueAndGradient(hillLoss({ reduction: 'none' }), [xs.map(() => 0)], [xs]),
    );
    const p = xs.map(sigmoid);
    expectClose(
      value,
      p.map((q) => (1.5 - q) * q * q),
      1e-6,
    );
    // d/dx = (d/dp) p (1 - p) = 3p(1 - p) * p(1 - p).
    expectClose(
      gradient,
      p.map((q) => 3 * q * (1 - q) * q * (1 - q)),
      1e-6,
    );
    // Largest push at p = 0.5 among these; a confident "negative" (p = 0.998) is barely pushed.
    expect(gradient[5]).toBeLessThan(gradient[2] / 100);
  });

  it('gives a positive the focal margin loss (1 - sigmoid(x - m))^gamma * -log sigmoid(x - m)', () => {
    const xs = [-4, 0, 1, 3];
    for (const [margin, gamma] of [
      [1, 2],
      [0.5, 0],
      [0, 1],
    ]) {
      const loss = hillLoss({ margin, gamma, reduction: 'none' });
      const { value } = withoutLeaks(() => valueAndGradient(loss, [xs.map(() => 1)], [xs]));
      expectClose(
        value,
        xs.map((x) => (1 - sigmoid(x - margin)) ** gamma * softplus(margin - x)),
        1e-6,
      );
    }
  });

  it('stays exact at logits +-1e4: slope -1 on a wrong positive, 0 elsewhere', () => {
    const { value, gradient } = withoutLeaks(() =>
      valueAndGradient(hillLoss({ reduction: 'none' }), [[1, 1, 0, 0]], [[-1e4, 1e4, -1e4, 1e4]]),
    );
    expect(Array.from(value)).toEqual([1e4 + 1, 0, 0, 0.5]);
    expect(Array.from(gradient).map((g) => g + 0)).toEqual([-1, 0, 0, 0]);
  });

  it('rejects lambda below 1, a negative margin or gamma, and unknown options', () => {
    expectCode(() => hillLoss({ lambda: 0.9 }), 'INVALID_OPTION', /`lambda`.*>= 1/);
    expectCode(() => hillLoss({ margin: -1 }), 'INVALID_OPTION', /`margin`/);
    expectCode(() => hillLoss({ gamma: Number.NaN }), 'INVALID_OPTION', /`gamma`/);
    expectCode(
      () => hillLoss({ lamda: 1.5 } as unknown as object),
      'UNKNOWN_OPTION',
      /Did you mean `lambda`/,
    );
  });
});

describe(`splcLoss (${process.env.TFJS_BACKEND})`, () => {
  const focal = (u: number, gamma = 2) => sigmoid(u) ** gamma * softplus(u);

  it('corrects a 0 label scored above tau only from changeEpoch on', () => {
    // 0 labels at p = 0.5, 0.7 (x = 0.847) and 0.95; tau 0.6.
    const xs = [0, Math.log(0.7 / 0.3), Math.log(0.95 / 0.05)];
    const loss = splcLoss({ changeEpoch: 2, reduction: 'none' });
    const run = () =>
      withoutLeaks(() => valueAndGradient(loss, [xs.map(() => 0)], [xs.map(Math.fround)]));
    const negative = xs.map((x) => focal(x));
    const corrected = xs.map((x, i) => (i === 0 ? focal(x) : focal(-x)));
    for (const [epoch, expected, correcting] of [
      [0, negative, false],
      [1, negative, false],
      [2, corrected, true],
      [9, corrected, true],
    ] as const) {
      loss.setEpoch(epoch);
      expect(loss.epoch).toBe(epoch);
      expect(loss.correcting).toBe(correcting);
      const { value, gradient } = run();
      expectClose(value, expected, 1e-6, `epoch ${epoch}`);
      // No gradient flows through the decision: a corrected cell has the slope -F'(-x).
      const slope = (x: number, i: number) => {
        const u = correcting && i > 0 ? -x : x;
        const a = sigmoid(u);
        const f = a * a * (2 * (1 - a) * softplus(u) + a);
        return correcting && i > 0 ? -f : f;
      };
      expectClose(gradient, xs.map(slope), 1e-5, `gradient at epoch ${epoch}`);
    }
  });

  it('gives a marked positive the focal margin loss, and is exact at +-1e4', () => {
    const loss = splcLoss({ changeEpoch: 0, reduction: 'none' });
    const { value, gradient } = withoutLeaks(() =>
      valueAndGradient(loss, [[1, 1, 1, 0, 0]], [[-2, 1, 3, -1e4, 1e4]]),
    );
    expectClose(value.slice(0, 3), [focal(3), focal(0), focal(-2)], 1e-6);
    // A 0 label at 1e4 is corrected to a positive it already predicts: loss and slope 0.
    expect(Array.from(value.slice(3))).toEqual([0, 0]);
    expect(Array.from(gradient.slice(3)).map((g) => g + 0)).toEqual([0, 0]);
    const wrong = valueAndGradient(loss, [[1]], [[-1e4]]);
    expect(Array.from(wrong.value)).toEqual([1e4 + 1]);
    expect(Array.from(wrong.gradient)).toEqual([-1]);
  });

  it('takes its epoch from the callback in model.fit', async () => {
    const loss = splcLoss({ name: 'splc' });
    const { seen } = await fitWithEpochCallback(loss, () => loss.epoch);
    expect(seen).toEqual([0, 1, 2]);
    expect(loss.correcting).toBe(true);
  });

  it('rejects tau outside (0, 1), a fractional changeEpoch and a bad epoch', () => {
    expectCode(() => splcLoss({ tau: 1 }), 'INVALID_OPTION', /`tau`.*< 1/);
    expectCode(() => splcLoss({ tau: 0 }), 'INVALID_OPTION', /`tau`.*> 0/);
    expectCode(() => splcLoss({ changeEpoch: 1.5 }), 'INVALID_OPTION', /`changeEpoch`/);
    const loss = splcLoss();
    expectCode(() => loss.setEpoch(-1), 'INVALID_OPTION', /`epoch`/);
    expectCode(() => loss.callback.onEpochBegin(Number.NaN), 'INVALID_OPTION', /`epoch`/);
    expect(loss.epoch).toBe(0);
  });
});

describe(`assumeNegative (${process.env.TFJS_BACKEND})`, () => {
  const yTrue = [[1, 0, 0, 1]];
  const yPred = [[0.5, -1, 2, -3]];

  it('smoothing moves the target of 0 labels only; weight scales the negatives', () => {
    const t = 0.1;
    const v = 0.25;
    const loss = weightedBinaryCrossentropy({
      assumeNegative: { smoothing: t, weight: v },
      reduction: 'none',
    });
    const { value } = withoutLeaks(() => valueAndGradient(loss, yTrue, yPred));
    const expected = yTrue[0].map((raw, c) => {
      const y = t + (1 - t) * raw;
      const x = yPred[0][c];
      return y * softplus(-x) + v * (1 - y) * softplus(x);
    });
    expectClose(value, expected, 1e-6);
  });

  it('weight 0 leaves only the positives; weight 1 and smoothing 0 change nothing', () => {
    const only = valueAndGradient(
      weightedBinaryCrossentropy({ assumeNegative: { weight: 0 }, reduction: 'none' }),
      yTrue,
      yPred,
    );
    expect(Array.from(only.value.slice(1, 3))).toEqual([0, 0]);
    expect(Array.from(only.gradient.slice(1, 3))).toEqual([0, 0]);
    for (const factory of [weightedBinaryCrossentropy, binaryFocalCrossentropy]) {
      const plain = valueAndGradient(factory({ reduction: 'sum' }), yTrue, yPred);
      const same = valueAndGradient(
        factory({ assumeNegative: { smoothing: 0, weight: 1 }, reduction: 'sum' }),
        yTrue,
        yPred,
      );
      expect(same).toEqual(plain);
    }
  });

  it('weighs a focal negative by v (1 - alpha) with class balancing', () => {
    const loss = binaryFocalCrossentropy({
      applyClassBalancing: true,
      alpha: 0.4,
      assumeNegative: { weight: 0.5 },
      reduction: 'none',
    });
    const { value } = withoutLeaks(() => valueAndGradient(loss, yTrue, yPred));
    const expected = yTrue[0].map((y, c) => {
      const x = yPred[0][c];
      const p = sigmoid(x);
      return y === 1 ? 0.4 * (1 - p) ** 2 * softplus(-x) : 0.5 * 0.6 * p ** 2 * softplus(x);
    });
    expectClose(value, expected, 1e-6);
  });

  it('rejects unknown keys, a smoothing of 1 and a negative weight, naming the key', () => {
    expectCode(
      () => weightedBinaryCrossentropy({ assumeNegative: { smooth: 0.1 } as object }),
      'UNKNOWN_OPTION',
      /`assumeNegative` has no option `smooth`. Did you mean `smoothing`/,
    );
    expectCode(
      () => binaryFocalCrossentropy({ assumeNegative: { smoothing: 1 } }),
      'INVALID_OPTION',
      /`assumeNegative.smoothing`.*< 1/,
    );
    expectCode(
      () => binaryFocalCrossentropy({ assumeNegative: { weight: -0.1 } }),
      'INVALID_OPTION',
      /`assumeNegative.weight`.*>= 0/,
    );
    expectCode(
      () => weightedBinaryCrossentropy({ assumeNegative: 0.1 as unknown as object }),
      'INVALID_ARGUMENT',
      /`assumeNegative` must be an object/,
    );
  });
});

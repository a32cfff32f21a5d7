import { test } from '@fast-check/vitest';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { fc, matrixOf, shape, toRows } from '../fc.js';
import { type LossName, makeLoss, valueAndGradient } from './helpers.js';

const LOGITS = [
  -1e4, -1e3, -104, -100, -88, -50, -20, -17, -1, -1e-3, 0, 1e-3, 1, 17, 20, 50, 88, 100, 104, 1e3,
  1e4,
];
const PROBABILITIES = [0, 1e-12, 1e-7, 0.05, 0.5, 0.95, 1 - 1e-7, 1];
const GAMMAS = [0, 0.5, 1, 2, 4];

/** Every configuration the grid covers: each loss with each focusing parameter in GAMMAS. */
const CONFIGS: [LossName, Record<string, unknown>][] = [
  ['weightedBinaryCrossentropy', { posWeight: 3 }],
  ['multilabelSoftmaxLoss', {}],
  ['softF1Loss', {}],
  ['softF1Loss', { average: 'micro' }],
  ...GAMMAS.map((gamma): [LossName, Record<string, unknown>] => [
    'binaryFocalCrossentropy',
    { gamma, applyClassBalancing: true },
  ]),
  ...GAMMAS.flatMap((gamma) =>
    [0, 0.05].flatMap((clip) => [
      ['asymmetricLoss', { gammaNeg: gamma, gammaPos: gamma, clip }] as [
        LossName,
        Record<string, unknown>,
      ],
      ['asymmetricLoss', { gammaNeg: gamma, gammaPos: 0, clip, detachFocusingWeight: true }] as [
        LossName,
        Record<string, unknown>,
      ],
    ]),
  ),
];

/** Every label value against every prediction: one row per label, one column per prediction. */
function grid(labels: number[], predictions: number[]) {
  return {
    yTrue: labels.map((y) => predictions.map(() => y)),
    yPred: labels.map(() => predictions.slice()),
  };
}

function expectAllFinite(values: ArrayLike<number>, what: string) {
  for (let i = 0; i < values.length; i++) {
    if (!Number.isFinite(values[i])) expect.fail(`${what}[${i}] is ${values[i]}`);
  }
}

describe(`losses stay finite (${process.env.TFJS_BACKEND})`, () => {
  describe.each(CONFIGS)('%s %o', (name, options) => {
    it.each([0, 0.1])(
      'from logits in [-1e4, 1e4], labels 0 and 1, labelSmoothing %s',
      (labelSmoothing) => {
        const { yTrue, yPred } = grid([0, 1, 0, 1], LOGITS);
        for (const reduction of ['sum', 'mean'] as const) {
          const loss = makeLoss(name, { ...options, labelSmoothing, reduction });
          const { value, gradient } = valueAndGradient(loss, yTrue, yPred);
          expectAllFinite(value, `${reduction} value`);
          expectAllFinite(gradient, `${reduction} gradient`);
        }
      },
    );

    it('from probabilities exactly 0 and 1 (fromLogits: false)', () => {
      const { yTrue, yPred } = grid([0, 1, 0.5], PROBABILITIES);
      for (const labelSmoothing of [0, 0.1]) {
        const loss = makeLoss(name, { ...options, labelSmoothing, fromLogits: false });
        const { value, gradient } = valueAndGradient(loss, yTrue, yPred);
        expectAllFinite(value, 'value');
        expectAllFinite(gradient, 'gradient');
      }
    });

    it('with masked cells among saturated logits', () => {
      const { yTrue, yPred } = grid([0, 1, -1, Number.NaN], LOGITS);
      const loss = makeLoss(name, { ...options, ignoreIndex: -1, reduction: 'sum' });
      const { value, gradient } = valueAndGradient(loss, yTrue, yPred);
      expectAllFinite(value, 'value');
      expectAllFinite(gradient, 'gradient');
      // The masked rows (the last two) get exactly zero gradient.
      expect(Array.from(gradient.slice(2 * LOGITS.length)).every((g) => g === 0)).toBe(true);
    });
  });

  const anyOptions = fc.oneof(
    ...CONFIGS.map(([name, options]) =>
      fc.record({
        name: fc.constant(name),
        options: fc
          .record({
            labelSmoothing: fc.constantFrom(0, 0.05, 0.3),
            reduction: fc.constantFrom('mean', 'sum'),
          })
          .map((common) => ({ ...options, ...common })),
      }),
    ),
  );

  test.prop(
    [
      anyOptions,
      shape({ maxRows: 6, maxCols: 6 }).chain((s) =>
        fc.record({
          yTrue: matrixOf(s, fc.constantFrom(0, 1)).map(toRows),
          yPred: matrixOf(s, fc.double({ min: -1e4, max: 1e4, noNaN: true })).map(toRows),
        }),
      ),
    ],
    { numRuns: 60 },
  )('for random logits in [-1e4, 1e4]', ({ name, options }, { yTrue, yPred }) => {
    const { value, gradient } = valueAndGradient(makeLoss(name, options), yTrue, yPred);
    expectAllFinite(value, 'value');
    expectAllFinite(gradient, 'gradient');
  });
});

describe(`saturated logits (${process.env.TFJS_BACKEND})`, () => {
  const elementwise: [LossName, Record<string, unknown>][] = [
    ['weightedBinaryCrossentropy', {}],
    ['binaryFocalCrossentropy', { gamma: 0.5 }],
    ['binaryFocalCrossentropy', { gamma: 2 }],
    ['asymmetricLoss', { gammaPos: 1, gammaNeg: 4, clip: 0 }],
    ['asymmetricLoss', { gammaPos: 0, gammaNeg: 0.5, clip: 0.05 }],
  ];

  it.each(elementwise)(
    '%s %o: right answers cost nothing, wrong ones keep a full gradient',
    (name, options) => {
      // Columns: confidently right (y = 1, x = 1e4 and y = 0, x = -1e4), then confidently wrong.
      const loss = makeLoss(name, { ...options, reduction: 'none' });
      const { yTrue, yPred } = { yTrue: [[1, 0, 1, 0]], yPred: [[1e4, -1e4, -1e4, 1e4]] };
      const values = tf.tidy(() => loss(tf.tensor2d(yTrue), tf.tensor2d(yPred)).dataSync());
      expect(Math.abs(values[0])).toBe(0);
      expect(Math.abs(values[1])).toBe(0);
      // Wrong by 1e4: the loss grows linearly (-log sigmoid(-1e4) = 1e4), not capped at 16 like a
      // clipped probability; ASL's clipped negatives saturate at -log(clip) instead.
      expect(values[2]).toBeCloseTo(1e4, 0);
      const { gradient } = valueAndGradient(
        makeLoss(name, { ...options, reduction: 'sum' }),
        yTrue,
        yPred,
      );
      expect(Math.abs(gradient[0])).toBe(0);
      expect(Math.abs(gradient[1])).toBe(0);
      expect(gradient[2]).toBeCloseTo(-1, 5);
      if (name !== 'asymmetricLoss' || options.clip === 0) expect(gradient[3]).toBeCloseTo(1, 5);
    },
  );
});

describe(`weights far from 1 stay exact (${process.env.TFJS_BACKEND})`, () => {
  it('alpha 1e-10 and a posWeight of 1e-9 keep their size on positives', () => {
    const yTrue = [[1, 0, 1]];
    const yPred = [[-2, 1, 0.5]];
    const focal = makeLoss('binaryFocalCrossentropy', {
      alpha: 1e-10,
      applyClassBalancing: true,
      gamma: 0,
      reduction: 'none',
    });
    const weighted = makeLoss('weightedBinaryCrossentropy', { posWeight: 1e-9, reduction: 'none' });
    const [f, w] = tf.tidy(() =>
      [focal, weighted].map((loss) =>
        Array.from(loss(tf.tensor2d(yTrue), tf.tensor2d(yPred)).dataSync()),
      ),
    );
    const softplus = (x: number) => Math.log1p(Math.exp(x));
    // Positives: alpha (or posWeight) times -log sigmoid(x); the negative: (1 - alpha) softplus(x).
    expect(f[0] / (1e-10 * softplus(2))).toBeCloseTo(1, 5);
    expect(f[1] / ((1 - 1e-10) * softplus(1))).toBeCloseTo(1, 5);
    expect(f[2] / (1e-10 * softplus(-0.5))).toBeCloseTo(1, 5);
    expect(w[0] / (1e-9 * softplus(2))).toBeCloseTo(1, 5);
    expect(w[2] / (1e-9 * softplus(-0.5))).toBeCloseTo(1, 5);
  });
});

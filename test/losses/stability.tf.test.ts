import { test } from '@fast-check/vitest';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { fc, matrixOf, shape, toRows } from '../fc.js';
import { type LossName, makeLoss, valueAndGradient } from './helpers.js';
import { checkZlpr, F32_MAX, zlprReference } from './zlpr-check.js';

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
  ...GAMMAS.flatMap((gamma): [LossName, Record<string, unknown>][] => [
    ['hillLoss', { gamma }],
    ['splcLoss', { gamma, changeEpoch: 0 }],
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

describe(`multilabelSoftmaxLoss at every finite float32 logit (${process.env.TFJS_BACKEND})`, () => {
  /** Logits a placeholder could collide with, and spreads wider than float32 can subtract. */
  const EXTREMES = [F32_MAX, 3.4e38, 1.8e38, 1e38, 1e30, 1e29, 1e4, 88, 1, 0];
  const extremeLogit = fc.oneof(
    fc.constantFrom(...EXTREMES, ...EXTREMES.map((v) => -v)),
    fc.double({ min: -F32_MAX, max: F32_MAX, noNaN: true }),
    fc.double({ min: -100, max: 100, noNaN: true }),
  );

  const check = (yTrue: number[][], yPred: number[][], options: Record<string, unknown> = {}) =>
    checkZlpr(yTrue, yPred, options, 1e-5);
  const reference = zlprReference;

  it('gives log 2 where a -1e30 placeholder took 1e30 for a left-out cell (1.79)', () => {
    const loss = makeLoss('multilabelSoftmaxLoss');
    const value = tf.tidy(() =>
      loss(tf.tensor2d([[1, 0, 0]]), tf.tensor2d([[1e30, -1e30, 0]])).dataSync(),
    );
    expect(value[0]).toBeCloseTo(Math.log(2), 6);
    check([[1, 0, 0]], [[1e30, -1e30, 0]]);
  });

  it('stays exact at +-3.4e38 and across spreads wider than the float32 range', () => {
    // Right answers at the largest logits cost nothing beyond the zero logit's log 2.
    check([[1, 0, 0]], [[3.4e38, -3.4e38, 0]]);
    check([[1, 0, 0]], [[F32_MAX, -F32_MAX, 0]]);
    // A label of -0 is a 0 (its sign bit must not make it a positive).
    check([[-0, 1, 0]], [[1e30, -3.4e38, 2]]);
    // Wrong answers cost |x|: 1.8e38 + 1.8e38 is beyond float32, so Infinity, with a finite
    // gradient of +-1.
    check([[1, 0, 0]], [[-1.8e38, 1.8e38, 0]]);
    check([[1, 0, 0]], [[-1e38, 1e38, -3e38]]);
    // Negatives spread over the whole range: the sum's shift is the largest, the rest vanish.
    check([[0, 0, 0, 1]], [[3e38, -3e38, 1e29, 5]]);
    check(
      [
        [1, 1, 0, 0],
        [0, 1, 0, 1],
      ],
      [
        [1e30, -1e30, 1e30, -1e30],
        [-3.4e38, 3.4e38, -1e29, 1e29],
      ],
    );
  });

  it('leaves masked cells out whatever their logit', () => {
    check([[1, 0, -1]], [[1e30, -1e30, 3.4e38]], { ignoreIndex: -1 });
    check([[-1, -1, 1]], [[-3.4e38, 3.4e38, 2]], { ignoreIndex: -1 });
  });

  it('stays exact for soft labels, with and without exact 0 and 1 among them', () => {
    check([[0.5, 0.2, 0.9]], [[3e38, -3.4e38, 1]]);
    check([[0.5, 0, 1]], [[3.4e38, -3.4e38, 1]]);
    check([[0.3, 0.7]], [[1e30, -1e30]]);
  });

  test.prop(
    [
      fc.constantFrom('hard', 'masked', 'soft'),
      shape({ maxRows: 4, maxCols: 6 }).chain((s) =>
        fc.record({
          labels: matrixOf(s, fc.constantFrom(0, 1, -1, 0.25, 0.5)),
          logits: matrixOf(s, extremeLogit).map(toRows),
        }),
      ),
    ],
    { numRuns: 80 },
  )('equals the float64 definition for any finite logits', (kind, { labels, logits }) => {
    const cell = (v: number) =>
      kind === 'hard' ? (v === 1 ? 1 : 0) : kind === 'soft' ? (v < 0 ? 0.75 : v) : v === 1 ? 1 : v;
    const yTrue = toRows({ ...labels, data: labels.data.map(cell) });
    const options = kind === 'masked' ? { ignoreIndex: -1 } : {};
    if (kind === 'masked') {
      for (const row of yTrue)
        for (let j = 0; j < row.length; j++) if (row[j] > 0 && row[j] < 1) row[j] = 0;
    }
    check(yTrue, logits, options);
  });

  it('gives NaN (loss and gradient of the row) for a NaN or infinite logit, as documented', () => {
    for (const bad of [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]) {
      const yTrue = [
        [1, 0, 0],
        [0, 1, 0],
      ];
      const yPred = [
        [bad, 0, 1],
        [1, 2, 3],
      ];
      const perRow = makeLoss('multilabelSoftmaxLoss', { reduction: 'none' });
      const values = tf.tidy(() => perRow(tf.tensor2d(yTrue), tf.tensor2d(yPred)).dataSync());
      expect(values[0], String(bad)).toBeNaN();
      expect(values[1]).toBeCloseTo(reference(yTrue, yPred).values[1], 5);
      const { gradient } = valueAndGradient(
        makeLoss('multilabelSoftmaxLoss', { reduction: 'sum' }),
        yTrue,
        yPred,
      );
      expect(Array.from(gradient.slice(0, 3)).every(Number.isNaN), String(bad)).toBe(true);
      expectAllFinite(gradient.slice(3), 'gradient of the finite row');
    }
  });
});

describe(`softF1Loss with tiny masses (${process.env.TFJS_BACKEND})`, () => {
  it('keeps the exact gradient where the soft counts are far below 1 (no epsilon in F1)', () => {
    // One label, y = s = 1e-18: D = 2e-18, F1 = 2 tp / D = 1e-18, and d(1 - F1)/ds =
    // -2 (y D - tp) / D^2 = -0.5. An epsilon of 1e-16 added to D gave -0.019.
    const loss = makeLoss('softF1Loss', { fromLogits: false, reduction: 'sum' });
    const { value, gradient } = valueAndGradient(loss, [[1e-18]], [[1e-18]]);
    expect(value[0]).toBe(1);
    expect(gradient[0]).toBeCloseTo(-0.5, 5);
    // A label with no mass at all (no positive, every probability 0) scores F1 = 0, gradient 0.
    const empty = valueAndGradient(loss, [[0], [0]], [[0], [0]]);
    expect(Array.from(empty.value)).toEqual([1]);
    expect(Array.from(empty.gradient).map(Math.abs)).toEqual([0, 0]);
  });
});

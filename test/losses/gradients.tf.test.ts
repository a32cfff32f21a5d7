import { test } from '@fast-check/vitest';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect } from 'vitest';
import { fc, matrixOf, shape, toRows } from '../fc.js';
import { type LossName, makeLoss } from './helpers.js';
import { naive } from './naive.js';
import { finiteDifferences, type ReferenceOptions, referenceLoss } from './reference.js';

/**
 * The losses these properties draw, with soft labels, smoothing and missing cells: all but
 * largeLossRejection, which takes hard labels only and has its own properties
 * (large-loss-rejection.tf.test.ts).
 */
type DrawnLoss = Exclude<LossName, 'largeLossRejection'>;

/** Loss-specific options the properties draw from, for `cols` labels. */
const lossOptions: Record<DrawnLoss, (cols: number) => fc.Arbitrary<ReferenceOptions>> = {
  weightedBinaryCrossentropy: (cols) =>
    fc.record(
      {
        posWeight: fc.oneof(float32(0, 5), perLabel(cols, 0, 5)),
        labelWeights: perLabel(cols, 0, 3),
        assumeNegative: assumeNegative(),
      },
      { requiredKeys: [] },
    ),
  binaryFocalCrossentropy: (cols) =>
    fc.record(
      {
        gamma: fc.constantFrom(0, 0.5, 1, 1.5, 2, 2.7, 4),
        alpha: fc.oneof(float32(0, 1), perLabel(cols, 0, 1)),
        applyClassBalancing: fc.boolean(),
        assumeNegative: assumeNegative(),
      },
      { requiredKeys: [] },
    ),
  asymmetricLoss: () =>
    fc.record(
      {
        gammaNeg: fc.constantFrom(1, 2, 3.5, 4),
        gammaPos: fc.constantFrom(0, 0.5, 1, 2),
        clip: fc.constantFrom(0, 0.05, 0.2),
      },
      { requiredKeys: [] },
    ),
  multilabelSoftmaxLoss: () => fc.constant({}),
  softF1Loss: () =>
    fc.record(
      { average: fc.constantFrom('macro' as const, 'micro' as const) },
      { requiredKeys: [] },
    ),
  hillLoss: () =>
    fc.record(
      {
        lambda: fc.constantFrom(1, 1.5, 2.5),
        margin: fc.constantFrom(0, 0.5, 1),
        gamma: fc.constantFrom(0, 1, 2, 2.5),
      },
      { requiredKeys: [] },
    ),
  splcLoss: () =>
    fc.record(
      {
        tau: fc.constantFrom(0.3, 0.6, 0.9),
        changeEpoch: fc.constantFrom(0, 1),
        margin: fc.constantFrom(0, 0.5, 1),
        gamma: fc.constantFrom(0, 1, 2, 2.5),
      },
      { requiredKeys: [] },
    ),
};

/** The `assumeNegative` option: a target for 0 labels, a weight of the negatives, or both. */
function assumeNegative(): fc.Arbitrary<{ smoothing?: number; weight?: number }> {
  return fc.record(
    { smoothing: fc.constantFrom(0, 0.1, 0.3), weight: fc.constantFrom(0, 0.2, 1, 3) },
    { requiredKeys: [] },
  );
}

/** Option values are rounded to float32, as the naive forms hold them in float32 tensors. */
function float32(min: number, max: number): fc.Arbitrary<number> {
  return fc.double({ min, max, noNaN: true }).map(Math.fround);
}

function perLabel(cols: number, min: number, max: number): fc.Arbitrary<number[]> {
  return fc.array(float32(min, max), { minLength: cols, maxLength: cols });
}

interface GradientCase {
  name: DrawnLoss;
  options: ReferenceOptions;
  yTrue: number[][];
  yPred: number[][];
  /** Weights of the unreduced values when `reduction` is `'none'`. */
  weights: number[];
}

const gradientCase: fc.Arbitrary<GradientCase> = fc
  .record({
    name: fc.constantFrom(...(Object.keys(lossOptions) as DrawnLoss[])),
    s: shape({ maxRows: 10, maxCols: 8 }),
    fromLogits: fc.boolean(),
    missing: fc.boolean(),
    soft: fc.boolean(),
    labelSmoothing: fc.constantFrom(0, 0, 0.1),
    reduction: fc.constantFrom('mean' as const, 'sum' as const, 'none' as const),
  })
  .chain(({ name, s, fromLogits, missing, soft, labelSmoothing, reduction }) =>
    fc.record({
      name: fc.constant(name),
      options: lossOptions[name](s[1]).map((own) => {
        const o: ReferenceOptions = { ...own, fromLogits, labelSmoothing, reduction };
        if (missing) o.ignoreIndex = -1;
        if (name === 'softF1Loss' && own.average === 'micro' && reduction === 'none')
          o.reduction = 'sum';
        return o;
      }),
      yTrue: matrixOf(
        s,
        // Hard labels, soft labels (e.g. from mixup or distillation), and missing ones.
        fc.constantFrom(0, 1, ...(soft ? [0.3, 0.8] : []), ...(missing ? [-1] : [])),
      ).map(toRows),
      yPred: matrixOf(
        s,
        fromLogits
          ? fc.double({ min: -8, max: 8, noNaN: true })
          : fc.double({ min: 0.02, max: 0.98, noNaN: true }),
      ).map((m) => toRows({ ...m, data: m.data.map(Math.fround) })),
      weights: fc.array(fc.double({ min: -2, max: 2, noNaN: true }), {
        minLength: s[0] * s[1],
        maxLength: s[0] * s[1],
      }),
    }),
  );

/** The scalar the gradient is taken of: the reduced loss, or a weighted sum of the unreduced one. */
function scalarOf(out: tf.Tensor, weights: number[]): tf.Scalar {
  if (out.rank === 0) return out as tf.Scalar;
  return tf.sum(tf.mul(out, tf.tensor(weights.slice(0, out.size), out.shape))) as tf.Scalar;
}

function ours(
  c: GradientCase,
  build: (o: ReferenceOptions) => (a: tf.Tensor, b: tf.Tensor) => tf.Tensor,
) {
  return tf.tidy(() => {
    const loss = build(c.options);
    const labels = tf.tensor2d(c.yTrue);
    const yPred = tf.tensor2d(c.yPred);
    const grad = tf.grad((p: tf.Tensor) => scalarOf(loss(labels, p), c.weights))(yPred);
    // The value is the loss's own output, weighted and summed in float64 here: a float32 sum of
    // terms that cancel would add the test's rounding to the loss's.
    const output = loss(labels, yPred);
    const out = output.dataSync();
    let value = 0;
    for (let i = 0; i < out.length; i++)
      value += output.rank === 0 ? out[i] : out[i] * c.weights[i];
    return { value, gradient: Array.from(grad.dataSync()) };
  });
}

/**
 * |a - b| <= 2e-5 * scale + floor + rtol * |b| elementwise, with scale the largest |b| and
 * `floor` the resolution of the expected values (finite differences of a loss of size L resolve
 * about 1e-10 L).
 */
function expectGradientsClose(
  actual: number[],
  expected: number[],
  rtol: number,
  what: string,
  floor = 0,
) {
  const scale = Math.max(...expected.map(Math.abs));
  for (let i = 0; i < expected.length; i++) {
    const error = Math.abs(actual[i] - expected[i]);
    if (!(error <= 2e-5 * scale + floor + rtol * Math.abs(expected[i]))) {
      expect.fail(`${what}[${i}] = ${actual[i]}, expected ${expected[i]} (scale ${scale})`);
    }
  }
}

describe(`loss gradients (${process.env.TFJS_BACKEND})`, () => {
  test.prop([gradientCase], { numRuns: 150 })(
    'equal central finite differences of the float64 reference',
    (c) => {
      const got = ours(c, (o) => makeLoss(c.name, o as Record<string, unknown>));
      const size = c.yTrue.length * c.yTrue[0].length;
      const unitWeights = c.options.reduction === 'none' ? c.weights : undefined;
      const f = (x: number[][]) => referenceLoss(c.name, c.yTrue, x, c.options, unitWeights);
      const expectedValue = f(c.yPred);
      expect(Math.abs(got.value - expectedValue)).toBeLessThanOrEqual(
        2e-6 * Math.max(1, Math.abs(expectedValue)) * Math.max(1, Math.sqrt(size) / 4),
      );
      const floor = 1e-9 * Math.max(1, Math.abs(expectedValue));
      expectGradientsClose(got.gradient, finiteDifferences(f, c.yPred), 1e-3, 'gradient', floor);
    },
  );

  test.prop([gradientCase], { numRuns: 100 })(
    'equal tfjs autodiff of the straightforward formulation',
    (c) => {
      const got = ours(c, (o) => makeLoss(c.name, o as Record<string, unknown>));
      const expected = ours(c, (o) => naive[c.name](o));
      expect(Math.abs(got.value - expected.value)).toBeLessThanOrEqual(
        1e-5 * Math.max(1, Math.abs(expected.value)),
      );
      const floor = 1e-9 * Math.max(1, Math.abs(expected.value));
      expectGradientsClose(got.gradient, expected.gradient, 1e-3, 'gradient', floor);
    },
  );

  const detachedCase = shape({ maxRows: 8, maxCols: 6 }).chain((s) =>
    fc.record({
      gammaNeg: fc.constantFrom(0, 0.5, 2, 4),
      gammaPos: fc.constantFrom(0, 1, 1.5),
      clip: fc.constantFrom(0, 0.05, 0.2),
      labelSmoothing: fc.constantFrom(0, 0.1),
      yTrue: matrixOf(s, fc.constantFrom(0, 1)).map(toRows),
      yPred: matrixOf(s, fc.double({ min: -6, max: 6, noNaN: true }).map(Math.fround)).map(toRows),
    }),
  );

  test.prop([detachedCase], { numRuns: 60 })(
    'asymmetricLoss with a detached focusing weight: the gradient of T with the weight frozen',
    ({ yTrue, yPred, ...o }) => {
      const options = { ...o, reduction: 'sum' as const, detachFocusingWeight: true };
      const got = ours({ name: 'asymmetricLoss', options, yTrue, yPred, weights: [] }, (opts) =>
        makeLoss('asymmetricLoss', opts as Record<string, unknown>),
      );
      const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));
      const softplus = (x: number) => Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));
      // The loss with the focusing weights computed at yPred and held fixed.
      const frozen = (x: number[][]) => {
        let total = 0;
        for (let r = 0; r < x.length; r++) {
          for (let c = 0; c < x[r].length; c++) {
            const y = yTrue[r][c] * (1 - o.labelSmoothing) + 0.5 * o.labelSmoothing;
            const p0 = sigmoid(yPred[r][c]);
            const p = sigmoid(x[r][c]);
            const pos = (1 - p0) ** o.gammaPos * softplus(-x[r][c]);
            const neg =
              o.clip > 0
                ? Math.max(p0 - o.clip, 0) ** o.gammaNeg * -Math.log1p(-Math.max(p - o.clip, 0))
                : p0 ** o.gammaNeg * softplus(x[r][c]);
            total += y * pos + (1 - y) * neg;
          }
        }
        return total;
      };
      expectGradientsClose(
        got.gradient,
        finiteDifferences(frozen, yPred),
        1e-3,
        'detached gradient',
        1e-9 * Math.max(1, frozen(yPred)),
      );
    },
  );
});

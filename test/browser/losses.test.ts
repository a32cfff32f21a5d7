import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { describe, expect, it } from 'vitest';
import {
  asymmetricLoss,
  binaryFocalCrossentropy,
  hillLoss,
  largeLossRejection,
  multilabelSoftmaxLoss,
  splcLoss,
  weightedBinaryCrossentropy,
} from '../../src/losses/index.js';
import { bitRows } from '../bits.js';
import { finiteDifferences, type ReferenceOptions, referenceLoss } from '../losses/reference.js';
import { checkZlpr, F32_MAX } from '../losses/zlpr-check.js';

/** Float64 ASL with its defaults (gammaNeg 4, gammaPos 1, clip 0.05), summed. */
function referenceAsl(yTrue: number[][], yPred: number[][]): number {
  const softplus = (x: number) => Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));
  let total = 0;
  yTrue.forEach((row, r) => {
    row.forEach((y, c) => {
      const x = yPred[r][c];
      const p = 1 / (1 + Math.exp(-x));
      const pm = Math.max(p - 0.05, 0);
      total += y === 1 ? (1 - p) * softplus(-x) : pm ** 4 * -Math.log1p(-pm);
    });
  });
  return total;
}

describe('losses on the webgl backend', () => {
  const yTrue = bitRows('1001 0100 1101');
  const yPred = [
    [2.5, -1, 0.3, -40],
    [60, -3, -0.2, 1.5],
    [0, 4, -100, 7],
  ];
  // WebGL may run in float16; take the tolerance from the backend's precision.
  const tolerance = () => (tf.backend().floatPrecision() === 32 ? 1e-4 : 2e-2);

  it('asymmetricLoss matches the float64 formula, with a finite gradient', () => {
    expect(tf.getBackend()).toBe('webgl');
    const loss = asymmetricLoss({ reduction: 'sum' });
    const { value, grad } = tf.tidy(() => {
      const labels = tf.tensor2d(yTrue);
      const result = tf.valueAndGrad((x: tf.Tensor) => loss(labels, x))(tf.tensor2d(yPred));
      return { value: result.value.dataSync()[0], grad: Array.from(result.grad.dataSync()) };
    });
    const expected = referenceAsl(yTrue, yPred);
    expect(Math.abs(value - expected)).toBeLessThan(tolerance() * Math.max(1, expected));
    expect(grad.every(Number.isFinite)).toBe(true);
    // The positive at x = -40 is confidently wrong: its gradient stays near -1.
    expect(grad[3]).toBeCloseTo(-1, 2);
    // The negative at x = 60 sits far above the clip: its loss saturates, its gradient is ~0.
    expect(Math.abs(grad[4])).toBeLessThan(1e-3);
  });

  it('binaryFocalCrossentropy trains a model with model.fit', async () => {
    const loss = binaryFocalCrossentropy({ name: 'focal' });
    const x = tf.tensor2d(bitRows('10 01 11 00'));
    const y = tf.tensor2d(bitRows('101 011 110 000'));
    const net = tfl.sequential({
      layers: [
        tfl.layers.dense({
          inputShape: [2],
          units: 3,
          kernelInitializer: tfl.initializers.glorotUniform({ seed: 3 }),
        }),
      ],
    });
    const optimizer = tf.train.adam(0.05);
    net.compile({ optimizer, loss, metrics: [loss] });
    try {
      const history = await net.fit(x, y, { epochs: 30, batchSize: 4, verbose: 0 });
      const losses = history.history.loss as number[];
      expect(history.history.focal).toHaveLength(30);
      expect(losses.every(Number.isFinite)).toBe(true);
      expect(losses[29]).toBeLessThan(0.8 * losses[0]);
    } finally {
      net.dispose();
      optimizer.dispose();
      tf.dispose([x, y]);
    }
  });

  it('checks labels on the GPU and still names a bad cell', () => {
    const loss = binaryFocalCrossentropy();
    expect(() =>
      tf.tidy(() =>
        loss(
          tf.tensor2d([
            [1, 0],
            [0, 2],
          ]),
          tf.tensor2d([
            [0, 0],
            [0, 0],
          ]),
        ),
      ),
    ).toThrow(/`yTrue\[1\]\[1\]` is 2/);
    expect(() =>
      tf.tidy(() => loss(tf.tensor2d([[Number.NaN, 0]]), tf.tensor2d([[0, 0]]))),
    ).toThrow(/`yTrue\[0\]\[0\]` is NaN/);
  });

  it('reads soft labels back when a loss needs them (Keras focal with smoothing)', () => {
    const loss = binaryFocalCrossentropy({ labelSmoothing: 0.2, reduction: 'sum' });
    const value = tf.tidy(
      () => loss(tf.tensor2d([[1, 0, 0.5]]), tf.tensor2d([[1.5, -0.5, 2]])).dataSync()[0],
    );
    // Float64 Keras formula: y = 0.9, 0.1, 0.5 after smoothing, gamma 2.
    const expected = [
      [0.9, 1.5],
      [0.1, -0.5],
      [0.5, 2],
    ].reduce((total, [y, x]) => {
      const p = 1 / (1 + Math.exp(-x));
      const bce = -(y * Math.log(p) + (1 - y) * Math.log(1 - p));
      return total + (y * (1 - p) + (1 - y) * p) ** 2 * bce;
    }, 0);
    expect(Math.abs(value - expected)).toBeLessThan(tolerance() * Math.max(1, expected));
  });
});

describe('multilabelSoftmaxLoss on webgl leaves cells out with 0/1 masks', () => {
  // The float32 extremes need float32 arithmetic on the GPU; float16 cannot hold them. Probed
  // on the device (tfjs' floatPrecision() says 16 wherever float32 rendering is enabled).
  const float32 = () =>
    tf.tidy(() => {
      const [big, fine] = tf.add(tf.tensor1d([3e38, 1]), tf.tensor1d([0, 2 ** -20])).dataSync();
      return big === Math.fround(3e38) && fine === 1 + 2 ** -20;
    });

  it('runs on a float32 GPU here (the extremes below are not skipped)', () => {
    expect(float32()).toBe(true);
  });

  it('gives log 2 where a -1e30 placeholder took 1e30 for a left-out cell', () => {
    if (!float32()) return;
    const loss = multilabelSoftmaxLoss();
    const value = tf.tidy(() =>
      loss(tf.tensor2d([[1, 0, 0]]), tf.tensor2d([[1e30, -1e30, 0]])).dataSync(),
    );
    expect(value[0]).toBeCloseTo(Math.log(2), 4);
  });

  it('equals the float64 definition at the float32 extremes, hard, soft and masked', () => {
    if (!float32()) return;
    checkZlpr([[1, 0, 0]], [[3.4e38, -3.4e38, 0]], {}, 1e-4);
    checkZlpr([[1, 0, 0]], [[-1.8e38, 1.8e38, 0]], {}, 1e-4);
    checkZlpr(
      [
        [0, 0, 0, 1],
        [1, 1, 0, 0],
      ],
      [
        [3e38, -3e38, 1e29, 5],
        [1e30, -1e30, 1e30, -1e30],
      ],
      {},
      1e-4,
    );
    checkZlpr([[1, 0, -1]], [[1e30, -1e30, 3.4e38]], { ignoreIndex: -1 }, 1e-4);
    checkZlpr([[0.5, 0.25, 0]], [[-F32_MAX, -F32_MAX, 0]], {}, 1e-4);
    checkZlpr([[0.3, 0.7, 1]], [[1e30, -1e30, 2]], {}, 1e-4);
  });

  it('stays accurate on ordinary logits', () => {
    checkZlpr(
      [
        [1, 0, 0, 1],
        [0, 1, 0, 0],
      ],
      [
        [2.5, -1, 0.3, -4],
        [6, -3, -0.2, 1.5],
      ],
      {},
      float32() ? 1e-4 : 2e-2,
    );
  });
});

/** largeLossRejection built with `options` but `epoch`, which is set on the loss. */
function largeLossAtEpoch(options: object): (a: tf.Tensor, b: tf.Tensor) => tf.Tensor {
  const { epoch, ...rest } = options as { epoch: number };
  const loss = largeLossRejection(rest);
  loss.setEpoch(epoch);
  return loss;
}

describe('losses for unmarked missing positives on webgl', () => {
  const yTrue = bitRows('1001 0100 1101');
  const yPred = [
    [2.5, -1, 0.3, -40],
    [1e4, -3, -0.2, 1.5],
    [0, 4, -1e4, 7],
  ];
  const tolerance = () => (tf.backend().floatPrecision() === 32 ? 1e-4 : 2e-2);
  const cases: [
    string,
    (o: object) => (a: tf.Tensor, b: tf.Tensor) => tf.Tensor,
    ReferenceOptions,
  ][] = [
    ['hillLoss', hillLoss, {}],
    ['hillLoss', hillLoss, { lambda: 2, margin: 0.5, gamma: 1 }],
    ['splcLoss', splcLoss, {}],
    ['splcLoss', splcLoss, { changeEpoch: 0 }],
    // At epoch 2 with deltaRate 0.125, a quarter of the 12 cells: the 0 labels at 1e4, 1.5, 0.3.
    ['largeLossRejection', largeLossAtEpoch, { deltaRate: 0.125, epoch: 2 }],
    ['largeLossRejection', largeLossAtEpoch, { deltaRate: 0.125, correct: true, epoch: 2 }],
    ['weightedBinaryCrossentropy', weightedBinaryCrossentropy, { assumeNegative: { weight: 0.2 } }],
    [
      'weightedBinaryCrossentropy',
      weightedBinaryCrossentropy,
      { assumeNegative: { smoothing: 0.1 } },
    ],
    [
      'binaryFocalCrossentropy',
      binaryFocalCrossentropy,
      { assumeNegative: { weight: 0.5 }, applyClassBalancing: true },
    ],
  ];

  it.each(cases)(
    '%s %o equals the float64 formula, gradient included',
    (name, factory, options) => {
      expect(tf.getBackend()).toBe('webgl');
      const before = tf.memory().numTensors;
      const loss = factory({ ...options, reduction: 'sum' });
      const { value, grad } = tf.tidy(() => {
        const labels = tf.tensor2d(yTrue);
        const result = tf.valueAndGrad((x: tf.Tensor) => loss(labels, x) as tf.Scalar)(
          tf.tensor2d(yPred),
        );
        return { value: result.value.dataSync()[0], grad: Array.from(result.grad.dataSync()) };
      });
      expect(tf.memory().numTensors).toBe(before);
      const o = { ...options, reduction: 'sum' as const };
      const reference = (x: number[][]) =>
        referenceLoss(name as Parameters<typeof referenceLoss>[0], yTrue, x, o);
      const expected = reference(yPred);
      expect(Math.abs(value - expected)).toBeLessThan(tolerance() * Math.max(1, expected));
      const slopes = finiteDifferences(reference, yPred);
      grad.forEach((g, i) => {
        expect(Math.abs(g - slopes[i])).toBeLessThan(
          tolerance() * Math.max(1, Math.abs(slopes[i])),
        );
      });
    },
  );
});

import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { describe, expect, it } from 'vitest';
import { asymmetricLoss, binaryFocalCrossentropy } from '../../src/losses/index.js';

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
  const yTrue = [
    [1, 0, 0, 1],
    [0, 1, 0, 0],
    [1, 1, 0, 1],
  ];
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
    const x = tf.tensor2d([
      [1, 0],
      [0, 1],
      [1, 1],
      [0, 0],
    ]);
    const y = tf.tensor2d([
      [1, 0, 1],
      [0, 1, 1],
      [1, 1, 0],
      [0, 0, 0],
    ]);
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

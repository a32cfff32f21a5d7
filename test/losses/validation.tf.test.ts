import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import {
  asymmetricLoss,
  binaryFocalCrossentropy,
  softF1Loss,
  weightedBinaryCrossentropy,
} from '../../src/losses/index.js';
import { factories, type LossName, makeLoss } from './helpers.js';

const error = (code: string, text: string | RegExp) =>
  expect.objectContaining({
    name: 'MultilabelError',
    code,
    message: typeof text === 'string' ? expect.stringContaining(text) : expect.stringMatching(text),
  });

const names = Object.keys(factories) as LossName[];

/** Calls `loss` on arrays, disposing the tensors whatever happens. */
function call(
  loss: (a: tf.Tensor, b: tf.Tensor) => tf.Tensor,
  yTrue: number[][] | tf.Tensor,
  yPred: number[][] | tf.Tensor,
): void {
  tf.tidy(() => {
    const a = yTrue instanceof tf.Tensor ? yTrue : tf.tensor2d(yTrue);
    const b = yPred instanceof tf.Tensor ? yPred : tf.tensor2d(yPred);
    loss(a, b);
  });
}

describe(`bad input throws MultilabelError (${process.env.TFJS_BACKEND})`, () => {
  describe.each(names)('%s', (name) => {
    const loss = makeLoss(name);

    it('rejects labels and predictions of different shapes', () => {
      expect(() => call(loss, [[1, 0, 1]], [[0.2, 0.1]])).toThrow(
        error('SHAPE_MISMATCH', '`yPred` has shape [1, 2] but `yTrue` has shape [1, 3]'),
      );
      expect(() => call(loss, [[1], [0]], [[0.2]])).toThrow(error('SHAPE_MISMATCH', '`yPred`'));
    });

    it('rejects labels outside {0, 1, ignoreIndex} that are not soft labels, naming the cell', () => {
      expect(() => call(loss, [[1, 2]], [[0, 0]])).toThrow(
        error('NON_BINARY_LABELS', '`yTrue[0][1]` is 2'),
      );
      expect(() =>
        call(
          loss,
          [
            [1, 0],
            [-1, 1],
          ],
          [
            [0, 0],
            [0, 0],
          ],
        ),
      ).toThrow(error('NON_BINARY_LABELS', 'pass `{ ignoreIndex: -1 }`'));
      expect(() => call(loss, [[Number.NaN]], [[0]])).toThrow(
        error('NON_BINARY_LABELS', '`yTrue[0][0]` is NaN'),
      );
      expect(() => call(loss, [[1.5, 0]], [[0, 0]])).toThrow(error('NON_BINARY_LABELS', '1.5'));
      const masked = makeLoss(name, { ignoreIndex: -1 });
      expect(() => call(masked, [[-2, 0]], [[0, 0]])).toThrow(
        error('NON_BINARY_LABELS', 'must equal the `ignoreIndex` (-1)'),
      );
      // The ignoreIndex and NaN (when masking) are accepted, and soft labels, except by the one
      // loss that picks 0 labels (largeLossRejection), which names the soft cell.
      expect(() => call(masked, [[0, 1, -1, Number.NaN]], [[0, 1, 2, 3]])).not.toThrow();
      const soft = () => call(masked, [[0.05, 0.95, -1, Number.NaN]], [[0, 1, 2, 3]]);
      if (name === 'largeLossRejection') {
        expect(soft).toThrow(error('NON_BINARY_LABELS', '`yTrue[0][0]` is 0.05'));
      } else {
        expect(soft).not.toThrow();
      }
    });

    it('rejects non-tensors, wrong ranks, empty input and integer predictions', () => {
      expect(() => tf.tidy(() => loss([[1]] as unknown as tf.Tensor, tf.zeros([1, 1])))).toThrow(
        error('INVALID_ARGUMENT', '`yTrue`'),
      );
      tf.tidy(() => {
        expect(() => loss(tf.tensor1d([1, 0]), tf.tensor1d([0, 0]))).toThrow(
          error('INVALID_SHAPE', 'Reshape a single label to [batch, 1]'),
        );
        expect(() => loss(tf.zeros([0, 3]), tf.zeros([0, 3]))).toThrow(
          error('EMPTY_INPUT', '[0, 3]'),
        );
        expect(() => loss(tf.tensor2d([[1]]), tf.tensor2d([[1]], [1, 1], 'int32'))).toThrow(
          error('INVALID_ARGUMENT', 'float32'),
        );
      });
      const disposed = tf.tensor2d([[1]]);
      disposed.dispose();
      expect(() => call(loss, disposed, [[0]])).toThrow(error('INVALID_ARGUMENT', 'disposed'));
      // Labels must be numbers: a string tensor's '0.5' compared as a soft label before.
      const text = tf.tensor2d([['1', '0.5']]);
      const integers = tf.tensor2d([[1, 0]], [1, 2], 'int32');
      expect(() => call(loss, text, [[0, 0]])).toThrow(error('INVALID_ARGUMENT', 'dtype string'));
      expect(() => call(loss, integers, [[0, 0]])).not.toThrow();
      tf.dispose([text, integers]);
    });

    it('rejects unknown and out-of-range common options', () => {
      const factory = factories[name] as (o: unknown) => unknown;
      expect(() => factory({ reducton: 'sum' })).toThrow(
        error('UNKNOWN_OPTION', 'has no option `reducton`. Did you mean `reduction`?'),
      );
      expect(() => factory({ reduction: 'avg' })).toThrow(error('INVALID_OPTION', '`reduction`'));
      expect(() => factory({ labelSmoothing: 1.5 })).toThrow(
        error('INVALID_OPTION', '`labelSmoothing`'),
      );
      expect(() => factory({ labelSmoothing: Number.NaN })).toThrow(
        error('INVALID_OPTION', '`labelSmoothing`'),
      );
      expect(() => factory({ ignoreIndex: 0 })).toThrow(error('INVALID_OPTION', 'outside [0, 1]'));
      expect(() => factory({ fromLogits: 'yes' })).toThrow(error('INVALID_OPTION', '`fromLogits`'));
      expect(() => factory({ name: '' })).toThrow(error('INVALID_OPTION', '`name`'));
      expect(() => factory(42)).toThrow(error('INVALID_ARGUMENT', 'must be an object'));
    });
  });

  it('rejects per-label weights of the wrong length when called', () => {
    const y = [[1, 0, 1]];
    const x = [[0, 0, 0]];
    expect(() => call(weightedBinaryCrossentropy({ posWeight: [1, 2] }), y, x)).toThrow(
      error('SHAPE_MISMATCH', '`posWeight` has 2 values but `yTrue` has 3 labels'),
    );
    expect(() => call(weightedBinaryCrossentropy({ labelWeights: [1, 2, 3, 4] }), y, x)).toThrow(
      error('SHAPE_MISMATCH', '`labelWeights` has 4 values'),
    );
    expect(() =>
      call(binaryFocalCrossentropy({ alpha: [0.5], applyClassBalancing: true }), y, x),
    ).toThrow(error('SHAPE_MISMATCH', '`alpha` has 1 values'));
  });

  it('rejects negative or non-finite weights and alpha outside [0, 1]', () => {
    expect(() => weightedBinaryCrossentropy({ posWeight: -1 })).toThrow(
      error('INVALID_OPTION', '`posWeight`'),
    );
    expect(() => weightedBinaryCrossentropy({ posWeight: [1, Number.POSITIVE_INFINITY] })).toThrow(
      error('INVALID_OPTION', '`posWeight[1]`'),
    );
    expect(() =>
      weightedBinaryCrossentropy({ labelWeights: 'heavy' as unknown as number }),
    ).toThrow(error('INVALID_OPTION', '`labelWeights`'));
    expect(() => binaryFocalCrossentropy({ alpha: 1.2 })).toThrow(
      error('INVALID_OPTION', '`alpha`'),
    );
  });

  it('rejects a negative gamma', () => {
    expect(() => binaryFocalCrossentropy({ gamma: -0.5 })).toThrow(
      error('INVALID_OPTION', '`gamma` must be a finite number >= 0'),
    );
    expect(() => binaryFocalCrossentropy({ gamma: Number.POSITIVE_INFINITY })).toThrow(
      error('INVALID_OPTION', '`gamma`'),
    );
    expect(() => asymmetricLoss({ gammaNeg: -1 })).toThrow(error('INVALID_OPTION', '`gammaNeg`'));
    expect(() => asymmetricLoss({ gammaPos: -1 })).toThrow(error('INVALID_OPTION', '`gammaPos`'));
    expect(() => binaryFocalCrossentropy({ gama: 2 } as never)).toThrow(
      error('UNKNOWN_OPTION', 'Did you mean `gamma`?'),
    );
  });

  it('rejects a clip outside [0, 1)', () => {
    for (const clip of [-0.01, 1, 1.5, Number.NaN]) {
      expect(() => asymmetricLoss({ clip })).toThrow(error('INVALID_OPTION', '`clip`'));
    }
    expect(() => asymmetricLoss({ clip: 0 })).not.toThrow();
    expect(() => asymmetricLoss({ clip: 0.999 })).not.toThrow();
    expect(() => asymmetricLoss({ detachFocusingWeight: 1 as unknown as boolean })).toThrow(
      error('INVALID_OPTION', '`detachFocusingWeight`'),
    );
  });

  it("rejects reduction 'none' for the micro soft F1, which is a single number", () => {
    expect(() => softF1Loss({ average: 'micro', reduction: 'none' })).toThrow(
      error('INVALID_OPTION', '`reduction` must be one of "mean", "sum"'),
    );
    expect(() => softF1Loss({ average: 'weighted' as 'micro' })).toThrow(
      error('INVALID_OPTION', '`average`'),
    );
  });

  it.each(names)('%s returns 0 with a zero gradient when every label is masked', (name) => {
    const loss = makeLoss(name, { ignoreIndex: -1 });
    tf.tidy(() => {
      const { value, grad } = tf.valueAndGrad(
        (x: tf.Tensor) => loss(tf.fill([2, 3], -1, 'float32'), x) as tf.Scalar,
      )(
        tf.tensor2d([
          [1, -2, 3],
          [0.5, 40, -1e4],
        ]),
      );
      expect(value.dataSync()[0]).toBe(0);
      expect(Array.from(grad.dataSync()).every((g) => g === 0)).toBe(true);
    });
  });
});

describe('loss types', () => {
  it("types a call as a scalar, or as a tensor when 'none' is possible", () => {
    tf.tidy(() => {
      const y = tf.tensor2d([[1, 0]]);
      const x = tf.tensor2d([[0.5, -0.5]]);
      // Compile-time checks (tsc runs in npm test): the assignments below must type-check.
      const scalar: tf.Scalar = binaryFocalCrossentropy()(y, x);
      const summed: tf.Scalar = asymmetricLoss({ reduction: 'sum' })(y, x);
      const cells: tf.Tensor = weightedBinaryCrossentropy({ reduction: 'none' })(y, x);
      expect([scalar.rank, summed.rank, cells.rank]).toEqual([0, 0, 2]);
    });
  });
});

/**
 * Every head checks the tensor it is called on from its shape and dtype alone: an empty map
 * (0 height, width or tokens) has nothing to pool and once gave the bias alone as logits.
 */
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { describe, expect, it } from 'vitest';
import { csraHead, labelAttentionHead, labelGraphHead } from '../../src/layers/index.js';
import { codeOf } from '../error-code.js';

const backend = process.env.TFJS_BACKEND;

/** Disposes the weights of a head that was built (a head whose build threw has none). */
function release(head: tfl.layers.Layer): void {
  if (head.built) head.dispose();
}

/** Runs `fn` with a fresh head `name`, then frees its weights. */
function withHead<T>(name: HeadName, fn: (head: tfl.layers.Layer) => T): T {
  const head = heads[name]();
  try {
    return fn(head);
  } finally {
    release(head);
  }
}

const heads = {
  csraHead: () => csraHead({ units: 2, temperatures: [1, Number.POSITIVE_INFINITY], seed: 1 }),
  labelAttentionHead: () => labelAttentionHead({ units: 2, numHeads: 1, keyDim: 4, seed: 1 }),
  labelGraphHead: () =>
    labelGraphHead({
      adjacency: [
        [1, 0.5],
        [0.5, 1],
      ],
      hiddenUnits: [4],
      seed: 1,
    }),
};
type HeadName = keyof typeof heads;

/** An input each head takes, by rank, with 4 channels. */
const GOOD: Record<HeadName, number[][]> = {
  csraHead: [[1, 2, 3, 4]],
  labelAttentionHead: [
    [1, 2, 3, 4],
    [1, 5, 4],
  ],
  labelGraphHead: [[1, 4]],
};
/** Inputs with an empty spatial or token axis (the batch and channels are fine). */
const EMPTY: Record<HeadName, number[][]> = {
  csraHead: [
    [1, 0, 0, 4],
    [1, 0, 3, 4],
    [2, 3, 0, 4],
  ],
  labelAttentionHead: [
    [1, 0, 4],
    [1, 0, 0, 4],
    [1, 3, 0, 4],
  ],
  labelGraphHead: [],
};

describe(`heads on empty or wrong inputs (${backend})`, () => {
  it.each(['csraHead', 'labelAttentionHead'] as const)(
    '%s throws EMPTY_INPUT for an empty map, built on it or called on it after',
    (name) => {
      for (const shape of EMPTY[name]) {
        // Built on the empty input (the first apply): the build refuses it.
        expect(
          withHead(name, (head) => codeOf(() => head.apply(tf.zeros(shape)))),
          `${shape}`,
        ).toBe('EMPTY_INPUT');
        // Built on a good input, then called on an empty one.
        const good = GOOD[name].find((s) => s.length === shape.length) as number[];
        const code = withHead(name, (head) => {
          tf.tidy(() => {
            head.apply(tf.ones(good));
          });
          return codeOf(() => head.apply(tf.zeros(shape)));
        });
        expect(code, `${shape} after build`).toBe('EMPTY_INPUT');
      }
      // A symbolic input with an empty axis fails when the model is made.
      const symbolic = name === 'csraHead' ? [0, 3, 4] : [0, 4];
      expect(
        withHead(name, (head) => codeOf(() => head.apply(tfl.input({ shape: symbolic })))),
      ).toBe('EMPTY_INPUT');
    },
  );

  it.each(['csraHead', 'labelAttentionHead'] as const)(
    '%s in a model with free spatial axes rejects an empty map in predict',
    (name) => {
      const shape = name === 'csraHead' ? [null, null, 4] : [null, 4];
      const input = tfl.input({ shape: shape as number[] });
      const model = tfl.model({
        inputs: input,
        outputs: heads[name]().apply(input) as tfl.SymbolicTensor,
      });
      const good = name === 'csraHead' ? [2, 3, 3, 4] : [2, 5, 4];
      const empty = name === 'csraHead' ? [2, 0, 3, 4] : [2, 0, 4];
      expect(tf.tidy(() => (model.predict(tf.ones(good)) as tf.Tensor).shape)).toEqual([2, 2]);
      expect(codeOf(() => model.predict(tf.zeros(empty)))).toBe('EMPTY_INPUT');
      model.dispose();
    },
  );

  it.each(Object.keys(heads) as HeadName[])(
    '%s gives [0, L] logits for an empty batch (no rows is not an empty map)',
    (name) => {
      for (const shape of GOOD[name]) {
        const out = withHead(name, (head) =>
          tf.tidy(() => (head.apply(tf.zeros([0, ...shape.slice(1)])) as tf.Tensor).shape),
        );
        expect(out, `${shape}`).toEqual([0, 2]);
      }
    },
  );

  it.each(Object.keys(heads) as HeadName[])(
    '%s rejects a disposed tensor, another channel count and non-numeric features',
    (name) => {
      const shape = GOOD[name][0];
      const disposed = tf.ones(shape);
      disposed.dispose();
      expect(withHead(name, (head) => codeOf(() => head.apply(disposed)))).toBe('INVALID_ARGUMENT');
      withHead(name, (head) => {
        tf.tidy(() => {
          head.apply(tf.ones(shape));
        });
        expect(codeOf(() => head.apply(disposed))).toBe('INVALID_ARGUMENT');
        expect(codeOf(() => head.apply(tf.ones([...shape.slice(0, -1), 5])))).toBe(
          'SHAPE_MISMATCH',
        );
        // tfjs-backend-wasm cannot hold strings at all.
        if (backend !== 'wasm') {
          expect(codeOf(() => head.apply(tf.fill(shape, 'a', 'string')))).toBe('INVALID_ARGUMENT');
        }
        expect(codeOf(() => head.apply(tf.ones(shape, 'bool')))).toBe('INVALID_ARGUMENT');
        // int32 features are numbers, read as float32 would be.
        const logits = (dtype: 'int32' | 'float32') =>
          tf.tidy(() => Array.from((head.apply(tf.ones(shape, dtype)) as tf.Tensor).dataSync()));
        expect(logits('int32')).toEqual(logits('float32'));
      });
    },
  );
});

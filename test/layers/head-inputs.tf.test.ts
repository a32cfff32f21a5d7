/**
 * Every head checks the tensor it is called on from its shape and dtype alone: an empty map
 * (0 height, width or tokens) has nothing to pool and once gave the bias alone as logits.
 */
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { describe, expect, it } from 'vitest';
import { codeOf } from '../error-code.js';
import { headEntry, heads } from './head-registry.js';

const backend = process.env.TFJS_BACKEND;

/** Disposes the weights of a head that was built (a head whose build threw has none). */
function release(head: tfl.layers.Layer): void {
  if (head.built) head.dispose();
}

/** Runs `fn` with a fresh small head `name` (2 labels), then frees its weights. */
function withHead<T>(name: string, fn: (head: tfl.layers.Layer) => T): T {
  const head = headEntry(name).small();
  try {
    return fn(head);
  } finally {
    release(head);
  }
}

const names = heads.map((h) => h.name);
/** The heads that read a map or tokens, so can be given an empty one. */
const pooling = heads.filter((h) => h.emptyInputs.length > 0).map((h) => h.name);

describe(`heads on empty or wrong inputs (${backend})`, () => {
  it('has the map and token heads among the heads with empty inputs', () => {
    expect(pooling).toEqual(['csraHead', 'labelAttentionHead']);
  });

  it.each(pooling)(
    '%s throws EMPTY_INPUT for an empty map, built on it or called on it after',
    (name) => {
      for (const shape of headEntry(name).emptyInputs) {
        // Built on the empty input (the first apply): the build refuses it.
        expect(
          withHead(name, (head) => codeOf(() => head.apply(tf.zeros(shape)))),
          `${shape}`,
        ).toBe('EMPTY_INPUT');
        // Built on a good input, then called on an empty one.
        const good = headEntry(name).inputs.find((s) => s.length === shape.length) as number[];
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

  it.each(pooling)(
    '%s in a model with free spatial axes rejects an empty map in predict',
    (name) => {
      const shape = name === 'csraHead' ? [null, null, 4] : [null, 4];
      const input = tfl.input({ shape: shape as number[] });
      const model = tfl.model({
        inputs: input,
        outputs: headEntry(name).small().apply(input) as tfl.SymbolicTensor,
      });
      const good = name === 'csraHead' ? [2, 3, 3, 4] : [2, 5, 4];
      const empty = name === 'csraHead' ? [2, 0, 3, 4] : [2, 0, 4];
      expect(tf.tidy(() => (model.predict(tf.ones(good)) as tf.Tensor).shape)).toEqual([2, 2]);
      expect(codeOf(() => model.predict(tf.zeros(empty)))).toBe('EMPTY_INPUT');
      model.dispose();
    },
  );

  it.each(names)(
    '%s gives [0, L] logits for an empty batch (no rows is not an empty map)',
    (name) => {
      for (const shape of headEntry(name).inputs) {
        const out = withHead(name, (head) =>
          tf.tidy(() => (head.apply(tf.zeros([0, ...shape.slice(1)])) as tf.Tensor).shape),
        );
        expect(out, `${shape}`).toEqual([0, 2]);
      }
    },
  );

  it.each(names)(
    '%s rejects a disposed tensor, another channel count and non-numeric features',
    (name) => {
      const shape = headEntry(name).inputs[0];
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

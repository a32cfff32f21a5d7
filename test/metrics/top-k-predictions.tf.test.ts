/**
 * `topKPredictions` on a tensor gives what `tf.topk` gives on the device (best first, equal
 * scores by the lower label), so either can feed the top-k metrics; and it leaves no tensor.
 */
import { test } from '@fast-check/vitest';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect } from 'vitest';
import { topKPredictions } from '../../src/core/top-k-predictions.js';
import { ndcgAtK } from '../../src/metrics/at-k.js';
import { fc, matrixOf, shape, toRows } from '../fc.js';
import { expectNoLeakedTensors } from '../leak.js';

const problem = shape({ maxRows: 8, maxCols: 12 }).chain((s) =>
  fc.record({
    scores: matrixOf(s, fc.constantFrom(-2, 0, 0.5, 1, 3)),
    labels: matrixOf(s, fc.constantFrom(0, 0, 1)),
    k: fc.integer({ min: 1, max: s[1] }),
  }),
);

describe(`topKPredictions on tensors (${process.env.TFJS_BACKEND})`, () => {
  test.prop([problem], { numRuns: 30 })('equals tf.topk, ties included', async (p) => {
    const scores = tf.tensor2d(toRows(p.scores));
    const ours = topKPredictions(scores, p.k);
    const device = tf.topk(scores, p.k);
    expect(Array.from(ours.indices)).toEqual(Array.from(await device.indices.data()));
    expect(Array.from(ours.scores)).toEqual(Array.from(await device.values.data()));
    const fromDevice = {
      indices: await device.indices.data(),
      scores: await device.values.data(),
      k: p.k,
      shape: [p.scores.rows, p.scores.cols] as const,
    };
    const labels = toRows(p.labels);
    expect(ndcgAtK(labels, fromDevice, { k: p.k })).toBe(ndcgAtK(labels, scores, { k: p.k }));
    tf.dispose([device.indices, device.values]);
    await expectNoLeakedTensors(() => topKPredictions(scores, p.k));
    scores.dispose();
  });
});

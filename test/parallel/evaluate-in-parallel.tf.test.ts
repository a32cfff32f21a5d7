/**
 * evaluateInParallel on tensors (cpu and wasm): read once on the calling thread, the same
 * result as the synchronous accumulator on the same tensors, and no tensor left behind.
 */
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { MultilabelMetrics } from '../../src/metrics/index.js';
import { evaluateInParallel } from '../../src/parallel/index.js';
import { expectSameNumbers } from './same-result.js';

describe(`evaluateInParallel on ${process.env.TFJS_BACKEND} tensors`, () => {
  it('equals the synchronous accumulator and leaks no tensor', async () => {
    const rows = 24;
    const cols = 20;
    const labels = Array.from({ length: rows }, (_, r) =>
      Array.from({ length: cols }, (_, j) => ((r + 2 * j) % 7 === 0 ? 1 : 0)),
    );
    const scores = labels.map((row, r) => row.map((v, j) => ((r * 13 + j * 5) % 17) / 17 + v / 3));
    const yTrue = tf.tensor2d(labels);
    const yScore = tf.tensor2d(scores);
    const before = tf.memory().numTensors;
    const got = await evaluateInParallel(yTrue, yScore, { workers: 2, threshold: 0.6 });
    expect(tf.memory().numTensors).toBe(before);
    const expected = new MultilabelMetrics({ threshold: 0.6 }).update(yTrue, yScore).compute();
    expectSameNumbers(got, expected);
    // And the same as from the arrays the tensors hold.
    expectSameNumbers(
      got,
      new MultilabelMetrics({ threshold: 0.6 })
        .update(labels, yScore.arraySync() as number[][])
        .compute(),
    );
    expect(got.rows).toBe(rows);
    yTrue.dispose();
    yScore.dispose();
  });
});

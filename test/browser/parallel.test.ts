/**
 * evaluateInParallel in Chromium: module Web Workers served from the sources, the same result as
 * the synchronous accumulator (on arrays and on webgl tensors, read once with dataSync), every
 * worker terminated, no tensor left behind.
 */
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { MultilabelMetrics } from '../../src/metrics/index.js';
import { evaluateWithHooks } from '../../src/parallel/evaluate-in-parallel.js';
import { expectSameNumbers } from '../parallel/same-result.js';
import { watchWorkers } from '../parallel/watch-workers.js';

/** Workers started by a call, each stopped once it is terminated. */
const watchWebWorkers = () =>
  watchWorkers((worker, stopped) => {
    const web = worker as Worker;
    const terminate = web.terminate.bind(web);
    web.terminate = () => {
      stopped();
      terminate();
    };
  });

describe('evaluateInParallel with Web Workers', () => {
  const rows = 30;
  const cols = 20;
  const labels = Array.from({ length: rows }, (_, r) =>
    Array.from({ length: cols }, (_, j) => ((r + 3 * j) % 5 === 0 ? 1 : 0)),
  );
  const scores = labels.map((row, r) => row.map((v, j) => ((r * 11 + j * 7) % 19) / 19 + v / 4));

  it('equals the synchronous accumulator on arrays and terminates its workers', async () => {
    const watch = watchWebWorkers();
    const got = await evaluateWithHooks(labels, scores, { workers: 2 }, watch);
    expectSameNumbers(got, new MultilabelMetrics().update(labels, scores).compute());
    expect(watch.workers.length).toBe(2);
    expect(watch.workers.every((w) => w.stopped)).toBe(true);
  });

  it('equals the synchronous accumulator on webgl tensors and leaks no tensor', async () => {
    const yTrue = tf.tensor2d(labels);
    const yScore = tf.tensor2d(scores);
    const before = tf.memory().numTensors;
    const got = await evaluateWithHooks(yTrue, yScore, { workers: 2 }, {});
    expect(tf.memory().numTensors).toBe(before);
    expectSameNumbers(got, new MultilabelMetrics().update(yTrue, yScore).compute());
    yTrue.dispose();
    yScore.dispose();
  });

  it('rejects when a worker fails, after terminating every worker', async () => {
    const watch = watchWebWorkers();
    await expect(
      evaluateWithHooks(labels, scores, { workers: 2 }, { ...watch, faultyTask: 1 }),
    ).rejects.toThrow('A fault injected into this task.');
    expect(watch.workers.every((w) => w.stopped)).toBe(true);
  });
});

/**
 * evaluateInParallel: the same result as one `MultilabelMetrics` update and compute, number for
 * number, whatever the options, weights, missing labels and number of workers; the same errors
 * as the synchronous path; no worker left running after it settles.
 */
import { execFileSync } from 'node:child_process';
import type { Worker as NodeWorker } from 'node:worker_threads';
import { test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { isMultilabelError } from '../../src/core/index.js';
import {
  MultilabelMetrics,
  type MultilabelMetricsOptions,
  type ZeroDivision,
} from '../../src/metrics/index.js';
import {
  evaluateWithHooks,
  type ParallelMetricsOptions,
} from '../../src/parallel/evaluate-in-parallel.js';
import { evaluateInParallel } from '../../src/parallel/index.js';
import { bitRows, scoreRows } from '../bits.js';
import { fc } from '../fc.js';
import { expectSameOutcome, settled } from './same-result.js';
import { watchWorkers } from './watch-workers.js';

interface Case {
  rows: number;
  cols: number;
  labels: number[];
  scores: number[];
  sampleWeight: number[] | undefined;
  float32: boolean;
  options: MultilabelMetricsOptions;
  workers: number;
}

/** Labels (some missing with a marker), scores, weights (some 0) and options, small shapes. */
const cases: fc.Arbitrary<Case> = fc
  .record({
    rows: fc.integer({ min: 1, max: 40 }),
    cols: fc.integer({ min: 1, max: 40 }),
    missing: fc.boolean(),
    weighted: fc.boolean(),
    float32: fc.boolean(),
    fromLogits: fc.boolean(),
    bins: fc.option(fc.integer({ min: 2, max: 20 }), { nil: undefined }),
    perLabelThreshold: fc.boolean(),
    zeroDivision: fc.constantFrom<ZeroDivision[]>(0, 1, 'nan'),
    beta: fc.constantFrom(1, 2),
    workers: fc.integer({ min: 1, max: 3 }),
    ties: fc.boolean(),
  })
  .chain((c) => {
    const n = c.rows * c.cols;
    const label = c.missing
      ? fc.constantFrom(0, 0, 1, -1, Number.NaN)
      : fc.constantFrom(0, 0, 0, 1);
    const probability = c.ties
      ? fc.constantFrom(0, 0.25, 0.5, 0.75, 1)
      : fc.double({ min: 0, max: 1, noNaN: true });
    const score = c.fromLogits ? fc.double({ min: -5, max: 5, noNaN: true }) : probability;
    const weight = fc.oneof(fc.constant(0), fc.double({ min: 0.1, max: 5, noNaN: true }));
    return fc.record({
      rows: fc.constant(c.rows),
      cols: fc.constant(c.cols),
      labels: fc.array(label, { minLength: n, maxLength: n }),
      scores: fc.array(score, { minLength: n, maxLength: n }),
      sampleWeight: c.weighted
        ? fc.array(weight, { minLength: c.rows, maxLength: c.rows })
        : fc.constant(undefined),
      float32: fc.constant(c.float32),
      workers: fc.constant(c.workers),
      options: fc
        .array(fc.double({ min: 0.1, max: 0.9, noNaN: true }), {
          minLength: c.cols,
          maxLength: c.cols,
        })
        .map(
          (thresholds): MultilabelMetricsOptions => ({
            threshold: c.perLabelThreshold ? thresholds : 0.5,
            fromLogits: c.fromLogits,
            zeroDivision: c.zeroDivision,
            beta: c.beta,
            bins: c.bins,
            ...(c.missing ? { ignoreIndex: -1 } : {}),
          }),
        ),
    });
  });

/** The inputs of a case: number[][] or typed `{ data, shape }`. */
function inputs(c: Case) {
  const rowsOf = (data: number[]) =>
    Array.from({ length: c.rows }, (_, r) => data.slice(r * c.cols, (r + 1) * c.cols));
  if (!c.float32) return { yTrue: rowsOf(c.labels), yScore: rowsOf(c.scores) };
  const shape: [number, number] = [c.rows, c.cols];
  return {
    yTrue: { data: Float32Array.from(c.labels), shape },
    yScore: { data: Float32Array.from(c.scores), shape },
  };
}

/** The synchronous accumulator's outcome on the case. */
function synchronous(c: Case) {
  const { yTrue, yScore } = inputs(c);
  return settled(() =>
    new MultilabelMetrics(c.options)
      .update(yTrue, yScore, c.sampleWeight === undefined ? {} : { sampleWeight: c.sampleWeight })
      .compute(),
  );
}

/** The workers a call starts, each stopped once it has exited. */
const watchNodeWorkers = () =>
  watchWorkers((worker, stopped) => (worker as NodeWorker).once('exit', stopped));

describe('evaluateInParallel', () => {
  test.prop([cases], { numRuns: 25, endOnFailure: true })(
    'equals MultilabelMetrics.update(...).compute() number for number, and stops every worker',
    async (c) => {
      const { yTrue, yScore } = inputs(c);
      const watch = watchNodeWorkers();
      const options: ParallelMetricsOptions = {
        ...c.options,
        workers: c.workers,
        ...(c.sampleWeight === undefined ? {} : { sampleWeight: c.sampleWeight }),
      };
      const got = await settled(() => evaluateWithHooks(yTrue, yScore, options, watch));
      expectSameOutcome(got, await synchronous(c));
      expect(watch.workers.every((w) => w.stopped)).toBe(true);
    },
  );

  it('splits 40 labels and 60 rows over 3 workers into several ranges of each', async () => {
    const rows = 60;
    const cols = 40;
    const labels = Array.from({ length: rows }, (_, r) =>
      Array.from({ length: cols }, (_, j) => ((r * 7 + j * 3) % 5 === 0 ? 1 : 0)),
    );
    const scores = labels.map((row, r) => row.map((v, j) => ((r * 31 + j * 17) % 97) / 97 + v / 4));
    const watch = watchNodeWorkers();
    const got = await evaluateWithHooks(labels, scores, { workers: 3 }, watch);
    const expected = new MultilabelMetrics().update(labels, scores).compute();
    expectSameOutcome({ value: got }, { value: expected });
    expect(watch.workers.length).toBe(3);
    expect(watch.workers.every((w) => w.stopped)).toBe(true);
    // Real values, not only agreement: one closed-form check.
    expect(got.rows).toBe(60);
  });

  it('gives the closed-form values of a small case with the default number of workers', async () => {
    const result = await evaluateInParallel(bitRows('101 011'), [
      [0.9, 0.2, 0.6],
      [0.3, 0.4, 0.7],
    ]);
    expect(result.f1.micro).toBe(6 / 7);
    expect(result.labelRankingAveragePrecision).toBe(1);
    expect(result.rows).toBe(2);
  });
});

describe('evaluateInParallel errors', () => {
  const yTrue = bitRows('10 01');
  const yScore = scoreRows('0.8 0.3, 0.4 0.6');

  it('refuses an unknown option before starting a worker', async () => {
    const watch = watchNodeWorkers();
    const error = await settled(() =>
      evaluateWithHooks(yTrue, yScore, { workerCount: 2 } as ParallelMetricsOptions, watch),
    );
    expect(error).toMatchObject({ code: 'UNKNOWN_OPTION' });
    expect((error as { message: string }).message).toContain('evaluateInParallel');
    expect((error as { message: string }).message).toContain('workerCount');
    expect(watch.workers).toEqual([]);
  });

  it.each([0, 1.5, 65, -1, Number.NaN, '2', null])('refuses workers: %s', async (workers) => {
    const watch = watchNodeWorkers();
    const error = await settled(() =>
      evaluateWithHooks(yTrue, yScore, { workers } as unknown as ParallelMetricsOptions, watch),
    );
    expect(error).toMatchObject({ code: 'INVALID_OPTION' });
    expect((error as { message: string }).message).toMatch(
      workers === null
        ? /^`workers` of `evaluateInParallel` is null/
        : /^`workers` must be an integer >= 1 and <= 64/,
    );
    expect(watch.workers).toEqual([]);
  });

  it.each<[string, unknown, unknown, ParallelMetricsOptions]>([
    [
      'a label of 2',
      [
        [1, 2],
        [0, 1],
      ],
      yScore,
      {},
    ],
    [
      'a NaN score',
      yTrue,
      [
        [0.8, Number.NaN],
        [0.4, 0.6],
      ],
      {},
    ],
    ['another shape', yTrue, [[0.8, 0.3]], {}],
    ['a negative weight', yTrue, yScore, { sampleWeight: [1, -1] }],
    ['too few weights', yTrue, yScore, { sampleWeight: [1] }],
    ['thresholds of another length', yTrue, yScore, { threshold: [0.5, 0.5, 0.5] }],
    ['a bad option value', yTrue, yScore, { beta: -1 }],
    [
      'binned scores outside [0, 1]',
      yTrue,
      [
        [1.5, 0.3],
        [0.4, 0.6],
      ],
      { bins: 10 },
    ],
    ['no known label', [[-1, -1]], [[0.5, 0.5]], { ignoreIndex: -1 }],
  ])('throws what the synchronous path throws on %s', async (_name, labels, scores, options) => {
    const { sampleWeight, ...metricOptions } = options;
    const expected = await settled(() =>
      new MultilabelMetrics(metricOptions)
        .update(
          labels as number[][],
          scores as number[][],
          sampleWeight === undefined ? {} : { sampleWeight },
        )
        .compute(),
    );
    expect('code' in expected).toBe(true);
    const watch = watchNodeWorkers();
    const got = await settled(() =>
      evaluateWithHooks(
        labels as number[][],
        scores as number[][],
        { ...options, workers: 2 },
        watch,
      ),
    );
    expect(got).toEqual(expected);
    expect(watch.workers.every((w) => w.stopped)).toBe(true);
  });

  it('rejects when a worker fails mid-way, after terminating every worker', async () => {
    const labels = Array.from({ length: 30 }, (_, r) => [r % 2, (r + 1) % 2, r % 3 === 0 ? 1 : 0]);
    const scores = labels.map((row, r) => row.map((v) => (v + (r % 5) / 5) / 2));
    const watch = watchNodeWorkers();
    let failure: unknown;
    try {
      await evaluateWithHooks(labels, scores, { workers: 2 }, { ...watch, faultyTask: 3 });
    } catch (error) {
      failure = error;
    }
    expect(failure).toBeInstanceOf(Error);
    expect(isMultilabelError(failure)).toBe(false);
    expect((failure as Error).message).toBe('A fault injected into this task.');
    expect(watch.workers.length).toBe(2);
    expect(watch.workers.every((w) => w.stopped)).toBe(true);
  });

  it('leaves nothing that keeps the process alive, after success and after a failure', () => {
    // A Node process ends by itself only when no worker (or other handle) is left running.
    const code = `
      const { evaluateWithHooks } = await import(${JSON.stringify(new URL('../../src/parallel/evaluate-in-parallel.ts', import.meta.url).href)});
      const y = [[1, 0], [0, 1], [1, 1]];
      const s = [[0.8, 0.3], [0.4, 0.6], [0.7, 0.9]];
      const ok = await evaluateWithHooks(y, s, { workers: 2 }, {});
      const failed = await evaluateWithHooks(y, s, { workers: 2 }, { faultyTask: 0 }).then(() => 'resolved', (e) => e.message);
      console.log(ok.rows, failed);`;
    const output = execFileSync(
      process.execPath,
      ['--import', 'tsx', '--input-type=module', '-e', code],
      { encoding: 'utf8', timeout: 60_000 },
    );
    expect(output.trim()).toBe('3 A fault injected into this task.');
  });
});

/**
 * Benchmark of parallel evaluation (`tfjs-multilabel/parallel`): `evaluateInParallel` with 1 and
 * 2 workers against the synchronous `new MultilabelMetrics().update(...).compute()` on
 * 1,000,000 x 100 synthetic labels (about 2 positives per row) and float32 scores, labels and
 * scores as `{ data: Float32Array, shape }` (the form `tensor.dataSync()` gives); then the
 * overhead on small inputs (1,000 x 100 and 100 x 10), where starting workers dominates.
 *
 * Both run from the built package (`dist/`, as a user runs it: run `npm run build` first), in
 * one process, alternating sync / 1 worker / 2 workers, median wall time of `BENCH_REPEATS`
 * (default 3) runs on the large input and of 7 on the small ones. Every parallel result is
 * checked equal to the synchronous one. The read-once floor (one pass summing both input
 * arrays) and the process' peak resident memory are printed too.
 *
 * Run: `npm run build && npm run bench -- parallel`. `BENCH_ROWS=100000` narrows the large input
 * (the results then go to `parallel-partial.json`).
 */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { SeededRandom } from '../src/core/random.js';
import { printTable, writeResults } from './harness.js';

type Metrics = typeof import('../src/metrics/index.js');
type Parallel = typeof import('../src/parallel/index.js');

const FULL_ROWS = 1_000_000;
const ROWS = Number(process.env.BENCH_ROWS ?? FULL_ROWS);
const COLS = 100;
const REPEATS = Number(process.env.BENCH_REPEATS ?? 3);
const SMALL_REPEATS = 7;

interface Input {
  yTrue: { data: Float32Array; shape: [number, number] };
  yScore: { data: Float32Array; shape: [number, number] };
}

/** Seeded labels, about 2 positives per row (prevalences 0.4% to 4%), and noisy float32 scores. */
function generate(rows: number, cols: number, seed: number): Input {
  const random = new SeededRandom(seed);
  const yTrue = new Float32Array(rows * cols);
  const yScore = new Float32Array(rows * cols);
  const prevalence = Array.from(
    { length: cols },
    (_, j) => (0.04 * 100) / cols / 10 ** (1 - j / (cols - 1)),
  );
  const total = prevalence.reduce((a, b) => a + b, 0);
  for (let j = 0; j < cols; j++) prevalence[j] *= 2 / total;
  for (let i = 0, j = 0; i < rows * cols; i++) {
    const y = random.nextFloat() < prevalence[j] ? 1 : 0;
    const noise = random.nextFloat() + random.nextFloat() + random.nextFloat() - 1.5;
    yTrue[i] = y;
    yScore[i] = 1 / (1 + Math.exp(-((y === 1 ? 1.5 : -1.5) + 1.5 * noise)));
    if (++j === cols) j = 0;
  }
  return {
    yTrue: { data: yTrue, shape: [rows, cols] },
    yScore: { data: yScore, shape: [rows, cols] },
  };
}

/** One pass summing both input arrays: the floor of any metric that reads them. */
function readOnce(input: Input): number {
  let sum = 0;
  for (const a of [input.yTrue.data, input.yScore.data])
    for (let i = 0; i < a.length; i++) sum += a[i];
  return sum;
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
};

/** Wall time of one call, in ms. */
async function wall(fn: () => unknown): Promise<number> {
  const start = performance.now();
  await fn();
  return performance.now() - start;
}

/** Throws unless every number of the two results is the same (Object.is; typed arrays element-wise). */
function assertSame(a: unknown, b: unknown, path = 'result'): void {
  if (typeof a === 'number' || typeof b === 'number') {
    if (!Object.is(a, b)) throw new Error(`${path}: parallel ${a} vs sync ${b}`);
  } else if (ArrayBuffer.isView(a) && ArrayBuffer.isView(b)) {
    const x = a as unknown as Float64Array;
    const y = b as unknown as Float64Array;
    if (x.length !== y.length) throw new Error(`${path}: lengths differ`);
    for (let i = 0; i < x.length; i++) assertSame(x[i], y[i], `${path}[${i}]`);
  } else if (a !== null && typeof a === 'object' && b !== null && typeof b === 'object') {
    for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) {
      assertSame(
        (a as Record<string, unknown>)[key],
        (b as Record<string, unknown>)[key],
        `${path}.${key}`,
      );
    }
  } else if (a !== b) throw new Error(`${path}: ${String(a)} vs ${String(b)}`);
}

/** Median times (ms) of sync and of parallel with each worker count, alternating call by call. */
async function measure(
  metrics: Metrics,
  parallel: Parallel,
  input: Input,
  workerCounts: number[],
  repeats: number,
): Promise<{ sync: number; parallel: number[] }> {
  const syncTimes: number[] = [];
  const parallelTimes: number[][] = workerCounts.map(() => []);
  for (let run = 0; run < repeats; run++) {
    let expected: unknown;
    syncTimes.push(
      await wall(() => {
        expected = new metrics.MultilabelMetrics().update(input.yTrue, input.yScore).compute();
      }),
    );
    for (const [k, workers] of workerCounts.entries()) {
      let got: unknown;
      parallelTimes[k].push(
        await wall(async () => {
          got = await parallel.evaluateInParallel(input.yTrue, input.yScore, { workers });
        }),
      );
      assertSame(got, expected);
    }
  }
  return { sync: median(syncTimes), parallel: parallelTimes.map(median) };
}

async function main(): Promise<void> {
  const dist = join(fileURLToPath(new URL('..', import.meta.url)), 'dist');
  if (!existsSync(join(dist, 'parallel.js'))) {
    throw new Error('dist/ is missing: run `npm run build` before `npm run bench -- parallel`.');
  }
  const metrics = (await import(pathToFileURL(join(dist, 'metrics.js')).href)) as Metrics;
  const parallel = (await import(pathToFileURL(join(dist, 'parallel.js')).href)) as Parallel;
  console.log(`${availableParallelism()} cores available; node ${process.version}`);

  const rows: Record<string, string | number>[] = [];
  const large = generate(ROWS, COLS, 16);
  const positives = large.yTrue.data.reduce((a, b) => a + b, 0) / ROWS;
  const floorTimes: number[] = [];
  for (let i = 0; i < 5; i++) floorTimes.push(await wall(() => readOnce(large)));
  const floor = median(floorTimes);
  console.log(
    `${ROWS} x ${COLS}: ${positives.toFixed(2)} positives per row; read-once floor ${floor.toFixed(0)} ms`,
  );
  const big = await measure(metrics, parallel, large, [1, 2], REPEATS);
  const peakMB = process.resourceUsage().maxRSS / 1024;
  const name = `${ROWS.toLocaleString('en-US')} x ${COLS}`;
  rows.push({
    input: name,
    'sync ms': Math.round(big.sync),
    '1 worker ms': Math.round(big.parallel[0]),
    '2 workers ms': Math.round(big.parallel[1]),
    'speed-up 1': `${(big.sync / big.parallel[0]).toFixed(2)}x`,
    'speed-up 2': `${(big.sync / big.parallel[1]).toFixed(2)}x`,
  });
  for (const [r, c] of [
    [1_000, 100],
    [100, 10],
  ]) {
    const small = generate(r, c, 17);
    const t = await measure(metrics, parallel, small, [1, 2], SMALL_REPEATS);
    rows.push({
      input: `${r.toLocaleString('en-US')} x ${c}`,
      'sync ms': Number(t.sync.toFixed(1)),
      '1 worker ms': Number(t.parallel[0].toFixed(1)),
      '2 workers ms': Number(t.parallel[1].toFixed(1)),
      'speed-up 1': `${(t.sync / t.parallel[0]).toFixed(2)}x`,
      'speed-up 2': `${(t.sync / t.parallel[1]).toFixed(2)}x`,
    });
  }
  printTable(
    `MultilabelMetrics (sync) vs evaluateInParallel, float32 labels and scores; median wall ms (large: ${REPEATS} runs, small: ${SMALL_REPEATS}); peak RSS ${Math.round(peakMB)} MB after the large input`,
    rows,
  );
  const summary = {
    rows: ROWS,
    cols: COLS,
    syncMs: Math.round(big.sync),
    speedUp1: Number((big.sync / big.parallel[0]).toFixed(2)),
    speedUp2: Number((big.sync / big.parallel[1]).toFixed(2)),
    floorMs: Math.round(floor),
    peakMB: Math.round(peakMB),
  };
  writeResults(ROWS === FULL_ROWS ? 'parallel' : 'parallel-partial', rows, summary);
}

await main();

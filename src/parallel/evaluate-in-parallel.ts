import { MultilabelError } from '../core/errors.js';
import type { LabelMatrix, ScoreMatrix } from '../core/matrix.js';
import { checkInteger, checkOptionKeys } from '../core/validate.js';
import {
  MultilabelMetrics,
  type MultilabelMetricsOptions,
  type MultilabelMetricsResult,
} from '../metrics/multilabel-metrics.js';
import { METRICS_OPTION_KEYS } from '../metrics/multilabel-metrics-json.js';
import { readMetricsSettings } from '../metrics/multilabel-metrics-options.js';
import { type ExactLabelValues, exactRankingValues } from '../metrics/streaming-ranking.js';
import { ROW_METRIC_COUNT } from '../metrics/streaming-row-means.js';
import { zeroDivisionValue } from '../metrics/zero-division.js';
import { isNode, nodeModule } from './node-module.js';
import { type PoolHooks, runTasks } from './worker-pool.js';
import { RANKING_METRICS, type Task, type WorkerInputs } from './worker-tasks.js';

/**
 * Options of {@link evaluateInParallel}: those of {@link MultilabelMetrics}, the rows' weights
 * and the number of workers.
 *
 * @expand
 * @summary Options of {@link evaluateInParallel}: metrics options, weights, workers.
 * @category Options
 * @example
 * ```ts
 * import { evaluateInParallel, type ParallelMetricsOptions } from 'tfjs-multilabel/parallel';
 *
 * const options: ParallelMetricsOptions = { threshold: 0.4, workers: 2, sampleWeight: [1, 2] };
 * const result = await evaluateInParallel([[1, 0], [0, 1]], [[0.9, 0.3], [0.2, 0.5]], options);
 * console.log(result.f1.micro); // 1
 * ```
 */
export interface ParallelMetricsOptions extends MultilabelMetricsOptions {
  /**
   * One weight per row (finite, >= 0), as `MultilabelMetrics.update`'s `sampleWeight`.
   *
   * @defaultValue none: every row weighs 1
   */
  sampleWeight?: ArrayLike<number>;
  /**
   * The number of worker threads (Node) or Web Workers (browsers), an integer from 1 to 64.
   *
   * @defaultValue the available parallelism minus one (the calling thread counts its share),
   * at most 8 and at least 1: `os.availableParallelism()` in Node, `navigator.hardwareConcurrency`
   * in browsers
   */
  workers?: number;
}

/** The most workers {@link ParallelMetricsOptions.workers} allows. */
const MAX_WORKERS = 64;
/** The most workers started by default. */
const DEFAULT_MAX_WORKERS = 8;
/**
 * Labels per column task: a multiple of the 32 float32 columns (16 float64) the per-label
 * ranking copies at once.
 */
const LABEL_BLOCK = 32;

async function defaultWorkers(): Promise<number> {
  let parallelism = 1;
  const nav = (globalThis as { navigator?: { hardwareConcurrency?: number } }).navigator;
  if (isNode) {
    const os = await nodeModule<typeof import('node:os')>('node:os');
    parallelism =
      typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
  } else if (typeof nav?.hardwareConcurrency === 'number') {
    parallelism = nav.hardwareConcurrency;
  }
  return Math.max(1, Math.min(DEFAULT_MAX_WORKERS, parallelism - 1));
}

/** Whether buffers can be shared between threads (in browsers, only when cross-origin isolated). */
function canShare(): boolean {
  return (
    typeof SharedArrayBuffer === 'function' &&
    (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated !== false
  );
}

/** A copy of `data` in memory the workers share when possible, else in a plain buffer. */
function sharedCopy(data: Int8Array | Float32Array | Float64Array): ArrayBufferLike {
  const buffer = canShare()
    ? new SharedArrayBuffer(data.byteLength)
    : new ArrayBuffer(data.byteLength);
  new Uint8Array(buffer).set(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
  return buffer;
}

/** The work split: the pooled problem first (the largest item), then label and row ranges. */
function planTasks(rows: number, cols: number, workers: number, exact: boolean): Task[] {
  const tasks: Task[] = [];
  if (exact) {
    if (cols > 1) tasks.push({ kind: 'pooled' });
    const perTask = Math.max(LABEL_BLOCK, Math.ceil(cols / workers / LABEL_BLOCK) * LABEL_BLOCK);
    for (let from = 0; from < cols; from += perTask) {
      tasks.push({ kind: 'labels', from, to: Math.min(cols, from + perTask) });
    }
  }
  const rowTasks = Math.max(1, Math.min(rows, 2 * workers));
  const perRows = Math.ceil(rows / rowTasks);
  for (let from = 0; from < rows; from += perRows) {
    tasks.push({ kind: 'rows', from, to: Math.min(rows, from + perRows) });
  }
  return tasks;
}

/**
 * {@link evaluateInParallel} with test hooks.
 *
 * @internal
 */
export async function evaluateWithHooks(
  yTrue: LabelMatrix,
  yScore: ScoreMatrix,
  options: ParallelMetricsOptions,
  hooks: PoolHooks,
): Promise<MultilabelMetricsResult> {
  checkOptionKeys(
    options,
    [...METRICS_OPTION_KEYS, 'sampleWeight', 'workers'],
    'evaluateInParallel',
  );
  const { sampleWeight, workers, ...metricOptions } = options;
  const workerCount =
    workers === undefined
      ? await defaultWorkers()
      : checkInteger(workers, 'workers', { min: 1, max: MAX_WORKERS });
  const settings = readMetricsSettings(metricOptions);
  const metrics = new MultilabelMetrics(metricOptions);
  const batch = metrics.readBatch(yTrue, yScore, sampleWeight);
  const { truth, scores } = batch;
  const { rows, cols } = truth;
  const exact = settings.bins === undefined;
  // The labels and the weights' unit are fixed now; the counts (and histograms) are the
  // calling thread's share of the work, done while the workers run.
  const { count, ...weights } = metrics.addBatch(batch, false);
  const inputs = (): WorkerInputs => ({
    rows,
    cols,
    labels: sharedCopy(truth.data),
    scores: sharedCopy(scores.data),
    float32: scores.data instanceof Float32Array,
    fromLogits: settings.fromLogits,
    thresholds: weights.thresholds,
    zeroDivision: zeroDivisionValue(settings.zeroDivision),
    beta: settings.beta,
    sampleWeight: weights.sampleWeight,
    rankingWeights: weights.rankingWeights,
  });
  const tasks = planTasks(rows, cols, workerCount, exact);
  const results = await runTasks(workerCount, inputs, tasks, hooks, count);
  // Each metric's per-label values, from the label ranges.
  const labelValues: ExactLabelValues[] = RANKING_METRICS.map(() => ({
    values: new Float64Array(cols),
    undefinedLabels: new Uint8Array(cols),
  }));
  const pooled = RANKING_METRICS.map(() => Number.NaN);
  tasks.forEach((task, i) => {
    const result = results[i];
    if (task.kind === 'labels' && result.kind === 'labels') {
      const n = task.to - task.from;
      labelValues.forEach((out, k) => {
        out.values.set(result.values.subarray(k * n, (k + 1) * n), task.from);
        out.undefinedLabels.set(result.undefinedLabels.subarray(k * n, (k + 1) * n), task.from);
      });
    } else if (task.kind === 'pooled' && result.kind === 'pooled') {
      result.values.forEach((value, k) => {
        pooled[k] = value;
      });
    }
  });
  tasks.forEach((task, i) => {
    const result = results[i];
    if (task.kind !== 'rows' || result.kind !== 'rows') return;
    if (result.values.length !== (task.to - task.from) * ROW_METRIC_COUNT) {
      throw new MultilabelError('INVALID_ARGUMENT', 'A worker returned rows of the wrong size.');
    }
    metrics.addRowValues(
      result.values,
      result.known,
      weights.sampleWeight?.subarray(task.from, task.to),
    );
  });
  return metrics.computeWith(
    exact
      ? (support) =>
          exactRankingValues(labelValues[0], labelValues[1], pooled[0], pooled[1], support)
      : undefined,
  );
}

/**
 * Computes every metric of {@link MultilabelMetrics} on one batch, with the work split across
 * worker threads (Node) or Web Workers (browsers): the same result as
 * `new MultilabelMetrics(options).update(yTrue, yScore, { sampleWeight }).compute()`, number
 * for number, in less time on a large input and a machine with free cores.
 *
 * The calling thread reads and checks the inputs (the same errors as `update`; a tensor is read
 * once with `dataSync()`), computes the counts, and copies the labels and scores to memory the
 * workers share (`SharedArrayBuffer`; in a browser page that is not cross-origin isolated, each
 * worker gets a copy instead). The workers compute the per-label and pooled average precision
 * and ROC AUC (exact), and the per-row ranking metrics of ranges of rows; the calling thread
 * adds those in row order and averages with `MultilabelMetrics`' own code. Every worker is
 * terminated before the promise settles, also when it rejects.
 *
 * Starting workers costs tens of milliseconds: on small inputs the synchronous
 * {@link MultilabelMetrics} is faster. In a browser the worker script is loaded with
 * `new Worker(new URL('./parallel-worker.js', import.meta.url), { type: 'module' })`, which
 * Vite and webpack 5 bundle.
 *
 * @summary Every metric of `MultilabelMetrics` on one batch, computed across workers.
 * @category Streaming
 * @param yTrue True labels, 0/1 (and, with `ignoreIndex`, that marker or NaN for a missing label), one row per sample.
 * @param yScore Scores (probabilities, or logits with `fromLogits`), the same shape.
 * @param options The options of {@link MultilabelMetrics}, `sampleWeight` and `workers`.
 * @returns The metrics, as {@link MultilabelMetrics.compute} gives them.
 * @throws {@link MultilabelError} on an unknown option, a bad `workers` or other option, bad
 * labels, scores or weights (as `MultilabelMetrics`), and `EMPTY_INPUT` when no row has a
 * known label.
 * @example
 * ```ts
 * import { evaluateInParallel } from 'tfjs-multilabel/parallel';
 *
 * const yTrue = [[1, 0, 1], [0, 1, 1]];
 * const yScore = [[0.9, 0.2, 0.6], [0.3, 0.4, 0.7]];
 * const result = await evaluateInParallel(yTrue, yScore, { workers: 2 });
 * console.log(result.f1.micro.toFixed(4), result.labelRankingAveragePrecision); // '0.8571' 1
 * ```
 */
export function evaluateInParallel(
  yTrue: LabelMatrix,
  yScore: ScoreMatrix,
  options: ParallelMetricsOptions = {},
): Promise<MultilabelMetricsResult> {
  return evaluateWithHooks(yTrue, yScore, options, {});
}

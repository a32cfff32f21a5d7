import { countConfusionAtThresholds } from '../core/kernels/confusion-counts.js';
import type { DenseMatrix, FloatArray } from '../core/matrix.js';
import { sigmoid } from '../metrics/multilabel-metrics.js';
import {
  type ExactMetric,
  exactLabelValues,
  exactPooledValues,
  hasBothClasses,
} from '../metrics/streaming-ranking.js';
import { ROW_METRIC_COUNT, scoreRows } from '../metrics/streaming-row-means.js';

/**
 * The work items of parallel evaluation and what a worker does with each: the same kernels as
 * `MultilabelMetrics`, on a range of rows or labels of the shared inputs.
 *
 * @internal
 * @module
 */

/** The inputs every worker reads (shared memory, or a copy per worker). @internal */
export interface WorkerInputs {
  rows: number;
  cols: number;
  /** The labels as read (`Int8Array`, -1 for a missing cell). */
  labels: ArrayBufferLike;
  /** The scores as given. */
  scores: ArrayBufferLike;
  float32: boolean;
  fromLogits: boolean;
  /** One threshold per label. */
  thresholds: Float64Array;
  /** The value of 0/0 in the count metrics. */
  zeroDivision: number;
  beta: number;
  /** The weights of the row means (the state's unit); undefined for 1. */
  sampleWeight: Float64Array | undefined;
  /** The weights of the exact ranking metrics (scaled to unit); undefined for none. */
  rankingWeights: Float64Array | undefined;
}

/** The per-label ranking metrics, in the order of the tasks' results. @internal */
export const RANKING_METRICS: readonly ExactMetric[] = ['averagePrecision', 'rocAuc'];

/**
 * One work item: the per-row metrics of rows `from .. to`, both per-label ranking metrics of
 * labels `from .. to`, or both pooled ones (each ranking is shared by the two metrics).
 *
 * @internal
 */
export type Task =
  | { kind: 'rows'; from: number; to: number }
  | { kind: 'labels'; from: number; to: number }
  | { kind: 'pooled' };

/**
 * What a work item gives back (typed arrays are transferred): per label range, the values and
 * undefined flags of each of {@link RANKING_METRICS} one after the other.
 *
 * @internal
 */
export type TaskResult =
  | { kind: 'rows'; values: Float64Array; known: Uint8Array }
  | { kind: 'labels'; values: Float64Array; undefinedLabels: Uint8Array }
  | { kind: 'pooled'; values: number[] };

/** A message to a worker: the inputs once, then one task at a time. @internal */
export type ToWorker =
  | { type: 'inputs'; inputs: WorkerInputs }
  | { type: 'task'; id: number; task: Task; fault?: boolean };

/** A worker's answer to a task. @internal */
export type FromWorker =
  | { id: number; result: TaskResult }
  | { id: number; error: { name: string; code?: string; message: string } };

/** The inputs as matrices. */
interface Matrices {
  inputs: WorkerInputs;
  truth: DenseMatrix<Int8Array>;
  scores: DenseMatrix<FloatArray>;
}

function matrices(inputs: WorkerInputs): Matrices {
  const { rows, cols } = inputs;
  const labels = new Int8Array(inputs.labels, 0, rows * cols);
  const scores = inputs.float32
    ? new Float32Array(inputs.scores, 0, rows * cols)
    : new Float64Array(inputs.scores, 0, rows * cols);
  return { inputs, truth: { data: labels, rows, cols }, scores: { data: scores, rows, cols } };
}

/** Runs one task on the inputs. @internal */
export function runTask(inputs: WorkerInputs, task: Task): TaskResult {
  const m = matrices(inputs);
  if (task.kind === 'rows') return scoreRowRange(m, task.from, task.to);
  const weights = inputs.rankingWeights;
  if (task.kind === 'labels') {
    const { from, to } = task;
    const all = exactLabelValues(m.truth, m.scores, weights, RANKING_METRICS, [from, to]);
    const n = to - from;
    const values = new Float64Array(all.length * n);
    const undefinedLabels = new Uint8Array(all.length * n);
    all.forEach((one, k) => {
      values.set(one.values.subarray(from, to), k * n);
      undefinedLabels.set(one.undefinedLabels.subarray(from, to), k * n);
    });
    return { kind: 'labels', values, undefinedLabels };
  }
  const bothClasses = hasBothClasses(m.truth);
  return {
    kind: 'pooled',
    values: exactPooledValues(m.truth, m.scores, weights, RANKING_METRICS, bothClasses),
  };
}

/** The per-row metric values of rows `from .. to`, as `RowMeanState.addRows` reads them. */
function scoreRowRange(m: Matrices, from: number, to: number): TaskResult {
  const { cols, thresholds, fromLogits, sampleWeight } = m.inputs;
  const rows = to - from;
  const truth = { data: m.truth.data.subarray(from * cols, to * cols), rows, cols };
  const scores = { data: m.scores.data.subarray(from * cols, to * cols), rows, cols };
  const probabilities = fromLogits ? sigmoid(scores.data) : scores.data;
  const { perRow } = countConfusionAtThresholds(
    truth,
    { data: probabilities, rows, cols },
    thresholds,
    { perRow: true },
  );
  const values = new Float64Array(rows * ROW_METRIC_COUNT);
  const known = new Uint8Array(rows);
  const { zeroDivision, beta } = m.inputs;
  scoreRows(
    truth,
    scores,
    perRow as Int32Array,
    sampleWeight?.subarray(from, to),
    zeroDivision,
    beta,
    (r, _w, v) => {
      known[r] = 1;
      values.set(v, r * ROW_METRIC_COUNT);
    },
  );
  return { kind: 'rows', values, known };
}

/** The buffers of a result to transfer rather than copy. @internal */
export function transferables(result: TaskResult): ArrayBuffer[] {
  if (result.kind === 'pooled') return [];
  const second = result.kind === 'rows' ? result.known : result.undefinedLabels;
  return [result.values.buffer as ArrayBuffer, second.buffer as ArrayBuffer];
}

/**
 * A worker's message handler: keeps the inputs, runs each task and answers with its result or
 * its error (`fault` makes the task throw, for the tests of a failing worker).
 *
 * @internal
 */
export function taskHandler(
  reply: (message: FromWorker, transfer: ArrayBuffer[]) => void,
): (message: ToWorker) => void {
  let inputs: WorkerInputs | undefined;
  return (message) => {
    if (message.type === 'inputs') {
      inputs = message.inputs;
      return;
    }
    const { id, task } = message;
    try {
      if (inputs === undefined) throw new Error('A task arrived before the inputs.');
      if (message.fault === true) throw new Error('A fault injected into this task.');
      const result = runTask(inputs, task);
      reply({ id, result }, transferables(result));
    } catch (error) {
      const e = error instanceof Error ? error : new Error(String(error));
      const code = (e as { code?: unknown }).code;
      reply(
        {
          id,
          error: {
            name: e.name,
            code: typeof code === 'string' ? code : undefined,
            message: e.message,
          },
        },
        [],
      );
    }
  };
}

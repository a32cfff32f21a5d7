import * as tf from '@tensorflow/tfjs-core';
import { MultilabelError } from '../core/errors.js';
import { readIgnoreIndex } from '../core/readers.js';
import { checkEnum, checkNumber, checkOptionKeys } from '../core/validate.js';
import { type CheckedInputs, checkInputs, readsAreCheap } from '../losses/inputs.js';
import { checkLabelValues, type LabelRules } from '../losses/labels.js';

/**
 * Options of every {@link trainingMetrics} factory.
 *
 * @expand
 * @category Options
 * @example
 * ```ts
 * import { trainingMetrics, type TrainingMetricOptions } from 'tfjs-multilabel/training';
 *
 * const options: TrainingMetricOptions = { threshold: 0.4, fromLogits: true, name: 'f1' };
 * console.log(trainingMetrics.microF1(options).name); // 'f1'
 * ```
 */
export interface TrainingMetricOptions {
  /**
   * A label is predicted when its probability is `>=` this.
   *
   * @defaultValue `0.5`
   */
  threshold?: number;
  /**
   * The model outputs logits: the threshold applies to their sigmoid.
   *
   * @defaultValue `false`
   */
  fromLogits?: boolean;
  /**
   * The log key in `model.fit` histories.
   *
   * @defaultValue the metric's own, e.g. `'f1_micro'`
   */
  name?: string;
  /**
   * The marker of a missing label: a finite number outside [0, 1] (such as `-1` or `-100`) or
   * `NaN`. Label cells equal to it, and `NaN` cells, are left out of the counts. Without it,
   * any label other than 0 or 1 is invalid (see {@link trainingMetrics} for what that gives).
   *
   * @defaultValue none: every label cell counts
   */
  ignoreIndex?: number;
  /**
   * The value of 0/0.
   *
   * @defaultValue `0`
   */
  zeroDivision?: 0 | 1;
}

/**
 * A metric function for `model.compile({ metrics })`: computes one value per batch from
 * `yTrue` and the model output, and carries its log key as its `name`.
 *
 * @summary A batch metric for `model.compile({ metrics })`, named by its log key.
 * @category Results
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import '@tensorflow/tfjs-backend-cpu';
 * import { trainingMetrics, type TrainingMetric } from 'tfjs-multilabel/training';
 *
 * const metric: TrainingMetric = trainingMetrics.hammingScore();
 * const value = tf.tidy(() => metric(tf.tensor2d([[1, 0]]), tf.tensor2d([[0.9, 0.7]])).dataSync()[0]);
 * console.log(metric.name, value); // 'hamming_score' 0.5
 * ```
 */
export type TrainingMetric = ((yTrue: tf.Tensor, yPred: tf.Tensor) => tf.Scalar) & {
  /** The log key, which tfjs reads from the function's name. */
  readonly name: string;
};

interface Parsed {
  threshold: number;
  fromLogits: boolean;
  /** The marker of a missing label; `undefined`: none. */
  ignoreIndex: number | undefined;
  zeroDivision: number;
  name: string;
  /** The factory, as error messages name it (`trainingMetrics.microF1`). */
  caller: string;
}

function parse(options: TrainingMetricOptions | undefined, caller: string, name: string): Parsed {
  checkOptionKeys(
    options,
    ['threshold', 'fromLogits', 'name', 'ignoreIndex', 'zeroDivision'],
    caller,
  );
  const o = options ?? {};
  const threshold = o.threshold === undefined ? 0.5 : checkNumber(o.threshold, 'threshold');
  if (o.fromLogits !== undefined && typeof o.fromLogits !== 'boolean') {
    throw new MultilabelError('INVALID_OPTION', '`fromLogits` must be true or false.');
  }
  if (o.name !== undefined && (typeof o.name !== 'string' || o.name.length === 0)) {
    throw new MultilabelError('INVALID_OPTION', '`name` must be a non-empty string (the log key).');
  }
  const ignoreIndex = readIgnoreIndex(o.ignoreIndex);
  const zeroDivision =
    o.zeroDivision === undefined ? 0 : checkEnum(o.zeroDivision, 'zeroDivision', [0, 1] as const);
  return {
    threshold,
    fromLogits: o.fromLogits === true,
    ignoreIndex,
    zeroDivision,
    name: o.name ?? name,
    caller,
  };
}

/** Truth, predictions and the mask of known cells, all float32 0/1 tensors of yPred's shape. */
function prepare(
  yTrue: tf.Tensor,
  yPred: tf.Tensor,
  p: Parsed,
): { t: tf.Tensor; q: tf.Tensor; known: tf.Tensor } {
  const truth = tf.cast(yTrue, 'float32');
  const probabilities = p.fromLogits ? tf.sigmoid(yPred) : yPred;
  const q = tf.cast(tf.greaterEqual(probabilities, p.threshold), 'float32');
  if (p.ignoreIndex === undefined) return { t: truth, q, known: tf.onesLike(truth) };
  // Known cells are the ones in [0, 1] (the marker lies outside; NaN compares false); any
  // other value was refused by the label check.
  const knownBool = tf.logicalAnd(tf.greaterEqual(truth, 0), tf.lessEqual(truth, 1));
  const known = tf.cast(knownBool, 'float32');
  return { t: tf.where(knownBool, truth, tf.zerosLike(truth)), q: tf.mul(q, known), known };
}

/** a / b per element, `zeroDivision` where b is 0. */
function divide(a: tf.Tensor, b: tf.Tensor, zeroDivision: number): tf.Tensor {
  const zero = tf.equal(b, 0);
  return tf.where(
    zero,
    tf.fill(a.shape, zeroDivision, 'float32'),
    tf.div(a, tf.where(zero, tf.onesLike(b), b)),
  );
}

/**
 * The metric function of `compute`, with its checks: the tensors from their shapes on every
 * backend; the label values on the host where reading them is cheap (cpu, wasm: throws), else
 * on the device, folded into the value (an invalid batch gives NaN, with no read that would
 * stall a GPU); non-finite predictions give NaN everywhere. Named after its log key.
 */
function metric(
  p: Parsed,
  compute: (prepared: ReturnType<typeof prepare>) => tf.Tensor,
): TrainingMetric {
  const rules: LabelRules = {
    ignoreIndex: p.ignoreIndex,
    labelSmoothing: 0,
    binary: true,
  };
  const fn = (yTrue: tf.Tensor, yPred: tf.Tensor): tf.Scalar => {
    const inputs = checkInputs(yTrue, yPred, p.caller);
    const onHost = readsAreCheap();
    if (onHost && !hostCheck(inputs, rules)) return tf.scalar(Number.NaN);
    return tf.tidy(() => {
      const value = compute(prepare(yTrue, yPred, p)) as tf.Scalar;
      return onHost
        ? value
        : tf.where(validOnDevice(yTrue, yPred, p.ignoreIndex), value, Number.NaN);
    });
  };
  // tfjs logs a metric under its function's name; minifiers rename functions, so set it.
  Object.defineProperty(fn, 'name', { value: p.name });
  return fn as TrainingMetric;
}

/** The last pair of tensor data the host check passed, and whether its predictions are finite. */
let lastChecked:
  | { labels: object; predictions: object; ignoreIndex: number | undefined; finite: boolean }
  | undefined;

/**
 * The host check (cpu, wasm): throws on an invalid label, returns whether every prediction is
 * finite. The metrics of one training step share their tensors, so the pair last checked (by
 * data identity: tfjs tensors are immutable, and a variable's assign gives it new data) is not
 * read again.
 */
function hostCheck(inputs: CheckedInputs, rules: LabelRules): boolean {
  const labels = inputs.labels.dataId as object;
  const predictions = inputs.predictions.dataId as object;
  const { ignoreIndex } = rules;
  const last = lastChecked;
  if (
    last?.labels === labels &&
    last.predictions === predictions &&
    Object.is(last.ignoreIndex, ignoreIndex)
  ) {
    return last.finite;
  }
  checkLabelValues(inputs, rules);
  const finite = allFinite(inputs.predictions.dataSync() as Float32Array);
  lastChecked = { labels, predictions, ignoreIndex, finite };
  return finite;
}

/**
 * Whether no value is NaN or infinite, from the bits: adding one to an all-ones exponent (and
 * only to it) carries into the sign bit.
 */
function allFinite(values: Float32Array): boolean {
  const bits = new Int32Array(values.buffer, values.byteOffset, values.length);
  let carry = 0;
  for (let i = 0; i < bits.length; i++) carry |= (bits[i] & 0x7f800000) + 0x00800000;
  return carry >= 0;
}

/**
 * A bool scalar, true when every label is 0 or 1 (or, with an `ignoreIndex`, equal to it or
 * NaN) and every prediction is finite, computed on the device (exported for the tests, which
 * run it on every backend): with z the labels (a missing cell read as 0), sum |z - z^2| is 0
 * exactly for valid labels and positive, infinite or NaN otherwise, and yPred * 0 is 0 for a
 * finite prediction and NaN for any other. The marker compares in float32, as the labels hold
 * it.
 *
 * @internal
 */
export function validOnDevice(
  yTrue: tf.Tensor,
  yPred: tf.Tensor,
  ignoreIndex: number | undefined,
): tf.Tensor {
  let z = tf.cast(yTrue, 'float32');
  if (ignoreIndex !== undefined) {
    const missing = Number.isNaN(ignoreIndex)
      ? tf.isNaN(z)
      : tf.logicalOr(tf.isNaN(z), tf.equal(z, ignoreIndex));
    z = tf.where(missing, tf.zerosLike(z), z);
  }
  const offValid = tf.sub(z, tf.square(z));
  const bad = tf.sum(tf.add(tf.abs(offValid), tf.mul(yPred, 0)));
  return tf.equal(bad, 0);
}

/** tp, fp and fn summed over `axis` (undefined: everything). */
function counts(t: tf.Tensor, q: tf.Tensor, known: tf.Tensor, axis?: number) {
  const tp = tf.sum(tf.mul(t, q), axis);
  const predicted = tf.sum(q, axis);
  const actual = tf.sum(tf.mul(t, known), axis);
  return { tp, fp: tf.sub(predicted, tp), fn: tf.sub(actual, tp) };
}

function f1Of(tp: tf.Tensor, fp: tf.Tensor, fn: tf.Tensor, zeroDivision: number): tf.Tensor {
  const twoTp = tf.mul(tp, 2);
  return divide(twoTp, tf.add(twoTp, tf.add(fp, fn)), zeroDivision);
}

/**
 * Batch-level multi-label metrics for `model.compile({ metrics })`: each factory returns a
 * {@link TrainingMetric} named after its log key. Predictions are `probability >= threshold`
 * (with `fromLogits`, the sigmoid of the output).
 *
 * tfjs computes a metric per batch and reports the batch-size-weighted mean of those values
 * for the epoch. For subset accuracy and Hamming score that mean is the exact epoch value; for
 * F1, precision and recall it is not (the mean of ratios is not the ratio of sums; Keras
 * #4592). Use {@link MultilabelEvaluationCallback} for exact epoch-level values on validation
 * data. A batch with no known cell scores 0 (subset accuracy, Hamming score) or
 * `zeroDivision` (the others).
 *
 * Every call checks its inputs. From the shapes alone, on every backend: `yTrue` and `yPred`
 * are live 2-D tensors of one shape `[batch, labels]` (no broadcasting), neither empty, with
 * numeric labels and float32 predictions. The label values (0 or 1; with `ignoreIndex`, also
 * cells equal to it or NaN; soft labels are not counts) are checked where the backend allows it without a stall:
 * on cpu and wasm, which keep tensors in host memory, every call reads the labels and throws
 * `NON_BINARY_LABELS` naming the first bad cell; on GPU backends (webgl, webgpu) and any other,
 * where a read would stall every training step, the check runs on the device and is folded
 * into the value instead, at the cost of a few elementwise ops and one reduction per call: a
 * batch with an invalid label gives NaN, which no valid batch can give (so the epoch's logged
 * mean is NaN too). On every backend a NaN or infinite value in
 * `yPred` gives NaN (the loss is not finite then either).
 *
 * - `subsetAccuracy`: the fraction of rows whose label set is exactly right (`'subset_accuracy'`).
 * - `hammingScore`: the fraction of label cells that are right, 1 - Hamming loss (`'hamming_score'`).
 * - `f1Micro` / `f1Macro`: F1 of the pooled counts / mean F1 over labels (`'f1_micro'` / `'f1_macro'`).
 * - `precisionMicro` / `recallMicro`: precision / recall of the pooled counts
 *   (`'precision_micro'` / `'recall_micro'`).
 *
 * Each factory is named as its log key in camelCase, which is also how the array functions and
 * `MultilabelMetrics` spell the metric (`f1Score` with `average: 'micro'`, `result.f1.micro`).
 * The former names `microF1`, `macroF1`, `microPrecision` and `microRecall` still work and are
 * deprecated.
 *
 * @summary Batch-level metric factories for `model.compile({ metrics })`.
 * @category Training metrics
 * @throws {@link MultilabelError} from a factory: `UNKNOWN_OPTION` or `INVALID_OPTION` for bad
 *   options. From a metric call: `INVALID_ARGUMENT` (not a tensor, disposed, `yTrue` not numeric,
 *   `yPred` not float32), `INVALID_SHAPE` (not 2-D), `SHAPE_MISMATCH`, `EMPTY_INPUT`, and on cpu
 *   and wasm `NON_BINARY_LABELS`.
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import '@tensorflow/tfjs-backend-cpu';
 * import { trainingMetrics } from 'tfjs-multilabel/training';
 *
 * const f1 = trainingMetrics.f1Micro({ threshold: 0.5 });
 * const value = tf.tidy(() =>
 *   f1(tf.tensor2d([[1, 0, 1], [0, 1, 1]]), tf.tensor2d([[0.9, 0.2, 0.3], [0.1, 0.8, 0.7]])).dataSync()[0],
 * );
 * console.log(f1.name, value.toFixed(4)); // 'f1_micro' '0.8571'
 * // In a model: model.compile({ optimizer: 'adam', loss: 'binaryCrossentropy', metrics: [f1] });
 * ```
 */
export const trainingMetrics = {
  /** Exact-match ratio of the batch. */
  subsetAccuracy(options?: TrainingMetricOptions): TrainingMetric {
    const p = parse(options, 'trainingMetrics.subsetAccuracy', 'subset_accuracy');
    return metric(p, ({ t, q, known }) => {
      const wrong = tf.sum(tf.mul(tf.abs(tf.sub(t, q)), known), -1);
      const rowsKnown = tf.cast(tf.greater(tf.sum(known, -1), 0), 'float32');
      const matched = tf.sum(tf.mul(tf.cast(tf.equal(wrong, 0), 'float32'), rowsKnown));
      return divide(matched, tf.sum(rowsKnown), 0);
    });
  },
  /** Fraction of the batch's known label cells predicted right. */
  hammingScore(options?: TrainingMetricOptions): TrainingMetric {
    const p = parse(options, 'trainingMetrics.hammingScore', 'hamming_score');
    return metric(p, ({ t, q, known }) => {
      const right = tf.sum(tf.mul(tf.sub(1, tf.abs(tf.sub(t, q))), known));
      return divide(right, tf.sum(known), 0);
    });
  },
  /** F1 of the batch's counts pooled over labels (`'f1_micro'`). */
  f1Micro(options?: TrainingMetricOptions): TrainingMetric {
    const p = parse(options, 'trainingMetrics.f1Micro', 'f1_micro');
    return metric(p, ({ t, q, known }) => {
      const { tp, fp, fn } = counts(t, q, known);
      return f1Of(tp, fp, fn, p.zeroDivision);
    });
  },
  /** Mean over labels of each label's F1 on the batch. */
  f1Macro(options?: TrainingMetricOptions): TrainingMetric {
    const p = parse(options, 'trainingMetrics.f1Macro', 'f1_macro');
    return metric(p, ({ t, q, known }) => {
      const { tp, fp, fn } = counts(t, q, known, 0);
      return tf.mean(f1Of(tp, fp, fn, p.zeroDivision));
    });
  },
  /** Precision of the batch's counts pooled over labels. */
  precisionMicro(options?: TrainingMetricOptions): TrainingMetric {
    const p = parse(options, 'trainingMetrics.precisionMicro', 'precision_micro');
    return metric(p, ({ t, q, known }) => {
      const { tp, fp } = counts(t, q, known);
      return divide(tp, tf.add(tp, fp), p.zeroDivision);
    });
  },
  /** Recall of the batch's counts pooled over labels. */
  recallMicro(options?: TrainingMetricOptions): TrainingMetric {
    const p = parse(options, 'trainingMetrics.recallMicro', 'recall_micro');
    return metric(p, ({ t, q, known }) => {
      const { tp, fn } = counts(t, q, known);
      return divide(tp, tf.add(tp, fn), p.zeroDivision);
    });
  },
  /** @deprecated Use {@link trainingMetrics.f1Micro} (its log key is `'f1_micro'`); removed in 0.3.0. */
  microF1(options?: TrainingMetricOptions): TrainingMetric {
    return trainingMetrics.f1Micro(options);
  },
  /** @deprecated Use {@link trainingMetrics.f1Macro} (its log key is `'f1_macro'`); removed in 0.3.0. */
  macroF1(options?: TrainingMetricOptions): TrainingMetric {
    return trainingMetrics.f1Macro(options);
  },
  /** @deprecated Use {@link trainingMetrics.precisionMicro} (log key `'precision_micro'`); removed in 0.3.0. */
  microPrecision(options?: TrainingMetricOptions): TrainingMetric {
    return trainingMetrics.precisionMicro(options);
  },
  /** @deprecated Use {@link trainingMetrics.recallMicro} (log key `'recall_micro'`); removed in 0.3.0. */
  microRecall(options?: TrainingMetricOptions): TrainingMetric {
    return trainingMetrics.recallMicro(options);
  },
};

import * as tf from '@tensorflow/tfjs-core';
import { Callback } from '@tensorflow/tfjs-layers';
import { MultilabelError } from '../core/errors.js';
import { type LabelMatrix, MISSING_LABEL } from '../core/matrix.js';
import { isTensorLike } from '../core/matrix-input.js';
import { readIgnoreIndex } from '../core/readers.js';
import { checkInteger, checkOptionKeys } from '../core/validate.js';
import { valueText } from '../core/value-text.js';
import {
  MultilabelMetrics,
  type MultilabelMetricsOptions,
  type MultilabelMetricsResult,
} from '../metrics/multilabel-metrics.js';
import { METRICS_OPTION_KEYS } from '../metrics/multilabel-metrics-json.js';
import {
  checkedOutput,
  checkValidationInputs,
  readValidationData,
  type ValidationData,
} from './validation-data.js';

/**
 * A metric the {@link MultilabelEvaluationCallback} can log, named as its fit-log key (before
 * the `prefix`): the count metrics at the threshold with their average (`f1_macro`,
 * `precision_micro`, `jaccard_samples`, ...), `hamming_loss`, `subset_accuracy`, and the
 * ranking metrics on the raw scores (`average_precision_macro`, `roc_auc_micro`,
 * `label_ranking_average_precision`, `coverage_error`, `label_ranking_loss`, `one_error`,
 * `ndcg`).
 *
 * @summary A metric the evaluation callback can log, by its log key.
 * @category Options
 * @example
 * ```ts
 * import type { EvaluationMetric } from 'tfjs-multilabel/training';
 *
 * const metrics: EvaluationMetric[] = ['f1_macro', 'average_precision_macro'];
 * console.log(metrics.length); // 2
 * ```
 */
export type EvaluationMetric =
  | 'hamming_loss'
  | 'subset_accuracy'
  | `${'precision' | 'recall' | 'f1' | 'fbeta' | 'jaccard' | 'specificity' | 'average_precision'}_${'micro' | 'macro' | 'weighted' | 'samples'}`
  | `roc_auc_${'micro' | 'macro' | 'weighted'}`
  | 'label_ranking_average_precision'
  | 'coverage_error'
  | 'label_ranking_loss'
  | 'one_error'
  | 'ndcg';

type Averaged = 'micro' | 'macro' | 'weighted' | 'samples';
const ALL_AVERAGES: readonly Averaged[] = ['micro', 'macro', 'weighted', 'samples'];

/**
 * The one table of the loggable metrics: each log key (or, for an averaged metric, the stem
 * before `_<average>`), the result field it reads, and the averages it is logged with. The
 * order is that of the known names in the error message.
 */
const LOGGED: readonly {
  readonly key: string;
  readonly field: keyof MultilabelMetricsResult;
  readonly averages?: readonly Averaged[];
}[] = [
  { key: 'hamming_loss', field: 'hammingLoss' },
  { key: 'subset_accuracy', field: 'subsetAccuracy' },
  { key: 'label_ranking_average_precision', field: 'labelRankingAveragePrecision' },
  { key: 'coverage_error', field: 'coverageError' },
  { key: 'label_ranking_loss', field: 'labelRankingLoss' },
  { key: 'one_error', field: 'oneError' },
  { key: 'ndcg', field: 'ndcg' },
  { key: 'precision', field: 'precision', averages: ALL_AVERAGES },
  { key: 'recall', field: 'recall', averages: ALL_AVERAGES },
  { key: 'f1', field: 'f1', averages: ALL_AVERAGES },
  { key: 'fbeta', field: 'fbeta', averages: ALL_AVERAGES },
  { key: 'jaccard', field: 'jaccard', averages: ALL_AVERAGES },
  { key: 'specificity', field: 'specificity', averages: ALL_AVERAGES },
  { key: 'average_precision', field: 'averagePrecision', averages: ALL_AVERAGES },
  { key: 'roc_auc', field: 'rocAuc', averages: ['micro', 'macro', 'weighted'] },
];

/** Every log key, before the prefix. */
const KNOWN: readonly string[] = LOGGED.flatMap(({ key, averages }) =>
  averages === undefined ? [key] : averages.map((average) => `${key}_${average}`),
);

/** Reads one logged metric off a result. */
function metricValue(name: EvaluationMetric, result: MultilabelMetricsResult): number {
  const scalar = LOGGED.find((m) => m.averages === undefined && m.key === name);
  if (scalar !== undefined) return result[scalar.field] as number;
  const cut = name.lastIndexOf('_');
  const { field } = LOGGED.find((m) => m.key === name.slice(0, cut)) as (typeof LOGGED)[number];
  return (result[field] as Record<Averaged, number>)[name.slice(cut + 1) as Averaged];
}

const DEFAULT_METRICS: readonly EvaluationMetric[] = [
  'f1_micro',
  'f1_macro',
  'precision_micro',
  'recall_micro',
  'subset_accuracy',
  'hamming_loss',
  'average_precision_macro',
];

/**
 * Options of {@link MultilabelEvaluationCallback}: the validation data, which metrics to log,
 * and the options of the underlying {@link MultilabelMetrics}.
 *
 * @expand
 * @summary Options of {@link MultilabelEvaluationCallback}.
 * @category Options
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import '@tensorflow/tfjs-backend-cpu';
 * import type { MultilabelEvaluationCallbackOptions } from 'tfjs-multilabel/training';
 *
 * const x = tf.randomNormal([8, 4]);
 * const options: MultilabelEvaluationCallbackOptions = {
 *   validationData: [x, [[1, 0], [0, 1], [1, 1], [0, 0], [1, 0], [0, 1], [1, 1], [0, 0]]],
 *   metrics: ['f1_macro', 'roc_auc_macro'],
 *   fromLogits: true,
 * };
 * console.log(options.metrics); // ['f1_macro', 'roc_auc_macro']
 * x.dispose();
 * ```
 */
export interface MultilabelEvaluationCallbackOptions
  extends Omit<MultilabelMetricsOptions, 'bins'> {
  /** `[inputs, labels]`: what `model.predict` takes, and the true labels of those rows. */
  validationData: [tf.Tensor | tf.Tensor[], LabelMatrix];
  /**
   * Which metrics to log.
   *
   * @defaultValue `f1_micro`, `f1_macro`, `precision_micro`, `recall_micro`, `subset_accuracy`,
   * `hamming_loss` and `average_precision_macro`
   */
  metrics?: readonly EvaluationMetric[];
  /**
   * Rows per `model.predict` call.
   *
   * @defaultValue `256`
   */
  batchSize?: number;
  /**
   * Prefix of the log keys: `'val_'` gives `val_f1_macro`, ...
   *
   * @defaultValue `'val_'`
   */
  prefix?: string;
  /**
   * Evaluate every `every` epochs.
   *
   * @defaultValue `1`
   */
  every?: number;
  /**
   * Histogram bins for AP and ROC AUC.
   *
   * @defaultValue none: exact
   */
  bins?: number;
}

/**
 * A tfjs-layers callback that computes exact epoch-level multi-label metrics on validation
 * data at the end of each epoch and writes them into the fit logs, so that `History`,
 * `EarlyStopping` and any later callback see them (`val_f1_macro`, ...).
 *
 * Unlike metrics passed to `model.compile`, which tfjs averages over batches (biased for F1,
 * precision and recall), these are computed once on all validation rows with
 * {@link MultilabelMetrics}: the same values as the array functions on `model.predict(x)`.
 * A key that tfjs also logs (a compiled metric of the same name on `validationData`) is
 * replaced by the exact value.
 *
 * @summary A fit callback that logs exact epoch-level metrics on validation data.
 * @category Callbacks
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import '@tensorflow/tfjs-backend-cpu';
 * import * as tfl from '@tensorflow/tfjs-layers';
 * import { MultilabelEvaluationCallback } from 'tfjs-multilabel/training';
 *
 * const model = tfl.sequential({ layers: [tfl.layers.dense({ units: 2, inputShape: [3], activation: 'sigmoid' })] });
 * model.compile({ optimizer: 'adam', loss: 'binaryCrossentropy' });
 * const x = tf.tensor2d([[1, 0, 0], [0, 1, 0], [0, 0, 1], [1, 1, 0]]);
 * const y = tf.tensor2d([[1, 0], [0, 1], [0, 0], [1, 1]]);
 * const evaluation = new MultilabelEvaluationCallback({ validationData: [x, [[1, 0], [0, 1], [0, 0], [1, 1]]] });
 * const history = await model.fit(x, y, { epochs: 2, callbacks: [evaluation], verbose: 0 });
 * console.log(history.history.val_f1_macro.length); // 2
 * tf.dispose([x, y]);
 * model.dispose();
 * ```
 */
export class MultilabelEvaluationCallback extends Callback {
  /** The metrics of the last evaluation (undefined before the first). */
  lastResult: MultilabelMetricsResult | undefined = undefined;
  private readonly data: ValidationData;
  private readonly metrics: readonly EvaluationMetric[];
  private readonly batchSize: number;
  private readonly prefix: string;
  private readonly every: number;
  private readonly metricOptions: MultilabelMetricsOptions;

  /**
   * @param options Validation data, metrics to log, prefix, batch size, frequency, and the
   * options of {@link MultilabelMetrics} (threshold, fromLogits, zeroDivision, beta, bins,
   * ignoreIndex).
   * @throws {@link MultilabelError} on an unknown option or metric, inputs that are not live
   * tensors, labels that do not match the inputs' rows, or a requested ROC AUC that the validation labels leave undefined (a
   * label with one class), so that training does not fail at the end of an epoch.
   */
  constructor(options: MultilabelEvaluationCallbackOptions) {
    super();
    checkOptionKeys(
      options,
      ['validationData', 'metrics', 'batchSize', 'prefix', 'every', ...METRICS_OPTION_KEYS],
      'MultilabelEvaluationCallback',
    );
    const { validationData, metrics, batchSize, prefix, every, ...metricOptions } = options;
    // Missing cells are kept as MISSING_LABEL (-1), so the accumulator reads them with -1.
    const ignoreIndex = readIgnoreIndex(metricOptions.ignoreIndex);
    this.data = readValidationData(validationData, ignoreIndex);
    const [rows, cols] = this.data.labels.shape;
    if (metrics !== undefined && !Array.isArray(metrics)) {
      throw new MultilabelError(
        'INVALID_OPTION',
        `\`metrics\` must be an array of metric names such as ['f1_macro'], but got ${valueText(metrics)}. Omit it for the default set.`,
      );
    }
    this.metrics = metrics ?? DEFAULT_METRICS;
    for (const name of this.metrics) {
      if (!KNOWN.includes(name)) {
        throw new MultilabelError(
          'INVALID_OPTION',
          `\`metrics\` has an unknown metric ${valueText(name)}. Known: ${KNOWN.join(', ')}.`,
        );
      }
    }
    this.batchSize =
      batchSize === undefined ? 256 : checkInteger(batchSize, 'batchSize', { min: 1 });
    this.every = every === undefined ? 1 : checkInteger(every, 'every', { min: 1 });
    if (prefix !== undefined && typeof prefix !== 'string') {
      throw new MultilabelError('INVALID_OPTION', '`prefix` must be a string.');
    }
    this.prefix = prefix ?? 'val_';
    this.metricOptions =
      ignoreIndex === undefined ? metricOptions : { ...metricOptions, ignoreIndex: MISSING_LABEL };
    // Fails now on bad options rather than at the end of the first epoch.
    new MultilabelMetrics(metricOptions);
    if (this.metrics.some((name) => name === 'roc_auc_macro' || name === 'roc_auc_weighted')) {
      this.assertBothClasses(this.data.labels.data, rows, cols);
    }
  }

  /**
   * Evaluates on the validation data and adds the metrics to `logs`.
   *
   * @param epoch The epoch that ended (from 0).
   * @param logs The epoch's logs, extended in place.
   * @returns A promise that settles when the metrics are in `logs`.
   */
  override async onEpochEnd(epoch: number, logs?: Record<string, unknown>): Promise<void> {
    if ((epoch + 1) % this.every !== 0) return;
    const result = await this.evaluate();
    this.lastResult = result;
    if (logs === undefined) return;
    for (const name of this.metrics) {
      const key = `${this.prefix}${name}`;
      // tfjs logs its own (batch-averaged) values as scalar tensors: free the one replaced.
      const previous = logs[key];
      if (isTensorLike(previous) && typeof (previous as tf.Tensor).dispose === 'function') {
        (previous as tf.Tensor).dispose();
      }
      logs[key] = metricValue(name, result);
    }
  }

  /**
   * Runs `model.predict` over the validation data in batches and computes every metric.
   *
   * @returns The metrics of the model as it is now.
   * @throws {@link MultilabelError} when the callback is not attached to a model, the
   * validation inputs have been disposed, or the model's output does not have one column per
   * label.
   */
  async evaluate(): Promise<MultilabelMetricsResult> {
    const model = this.model;
    if (model === undefined || model === null) {
      throw new MultilabelError(
        'INVALID_ARGUMENT',
        'MultilabelEvaluationCallback is not attached to a model: pass it to model.fit({ callbacks }).',
      );
    }
    const { inputs, multipleInputs, labels } = this.data;
    const [rows, cols] = labels.shape;
    checkValidationInputs(this.data);
    const metrics = new MultilabelMetrics(this.metricOptions);
    for (let start = 0; start < rows; start += this.batchSize) {
      const size = Math.min(this.batchSize, rows - start);
      const batch = inputs.map((input) => tf.slice(input, [start], [size]));
      const predicted = model.predict(multipleInputs ? batch : batch[0], { batchSize: size });
      for (const t of batch) t.dispose();
      const output = checkedOutput(predicted, cols, 'MultilabelEvaluationCallback');
      const scores = (await output.data()) as Float32Array;
      output.dispose();
      metrics.update(
        {
          data: labels.data.subarray(start * cols, (start + size) * cols),
          shape: [size, cols],
        },
        { data: scores, shape: [size, cols] },
      );
    }
    return metrics.compute();
  }

  /** ROC AUC macro/weighted is undefined for a label with one class: refuse it up front. */
  private assertBothClasses(data: Int8Array, rows: number, cols: number): void {
    for (let j = 0; j < cols; j++) {
      let positive = false;
      let negative = false;
      for (let r = 0; r < rows; r++) {
        const t = data[r * cols + j];
        if (t === 1) positive = true;
        else if (t === 0) negative = true;
      }
      if (!positive || !negative) {
        throw new MultilabelError(
          'UNDEFINED_METRIC',
          `ROC AUC is undefined for label ${j}: its validation labels have only one class. Drop 'roc_auc_macro'/'roc_auc_weighted' from \`metrics\` (or use 'roc_auc_micro'), or add rows of both classes.`,
        );
      }
    }
  }
}

import {
  describe,
  fail,
  float64,
  readArray,
  readCount,
  readRecord,
  readStateHeader,
  readSum,
} from './multilabel-metrics-json-fields.js';
import {
  checkAgainstBatches,
  checkClassCounts,
  readBatches,
  readMeans,
  readWeightExponent,
} from './multilabel-metrics-json-state.js';
import type { MultilabelMetricsOptions } from './multilabel-metrics-options.js';
import type { ZeroDivision } from './zero-division.js';

/**
 * The serial form of a {@link MultilabelMetrics} state (`toJSON` / `fromJSON`): the JSON types,
 * and the reader that checks every field of an untrusted state before it is used.
 *
 * @internal
 * @module
 */

/**
 * The serial form of the `ignoreIndex` marker: the number, `'NaN'` for NaN (JSON has no NaN),
 * `null` for none.
 *
 * @internal
 */
export function markerToJSON(ignoreIndex: number | undefined): number | 'NaN' | null {
  if (ignoreIndex === undefined) return null;
  return Number.isNaN(ignoreIndex) ? 'NaN' : ignoreIndex;
}

/** The `format` field of every serial state. @internal */
export const METRICS_FORMAT = 'tfjs-multilabel.MultilabelMetrics';

/** The version of the serial form that this release writes and reads. @internal */
export const METRICS_VERSION = 1;

/**
 * The plain-JSON state of a {@link MultilabelMetrics}: `JSON.stringify(metrics)` writes it and
 * {@link MultilabelMetrics.fromJSON} reads it back (as an object or as its JSON string), so an
 * accumulator filled on another worker or machine can be merged here. Every field is always
 * present (`null` where a value is not set), numbers are written in full (float64 values
 * round-trip exactly through JSON), and a weighted sum that overflowed (sample weights near the
 * float64 maximum) is written as the string `'Infinity'`, which JSON numbers cannot hold.
 *
 * Exact accumulators keep every batch (`batches`), binned ones (`bins`) their histograms
 * (`histograms`): the exact form grows with the rows seen, the binned one does not.
 *
 * @summary The plain-JSON state of a {@link MultilabelMetrics}, for merging across processes.
 * @category Results
 * @example
 * ```ts
 * import { MultilabelMetrics, type MultilabelMetricsJSON } from 'tfjs-multilabel/metrics';
 *
 * const metrics = new MultilabelMetrics({ bins: 4 }).update([[1, 0]], [[0.9, 0.3]]);
 * const json: MultilabelMetricsJSON = metrics.toJSON();
 * console.log(json.version, json.labels, json.rows, json.histograms?.positives); // 1 2 1 [0, 0, 0, 1, 0, 0, 0, 0]
 * ```
 */
export interface MultilabelMetricsJSON {
  /** Always `'tfjs-multilabel.MultilabelMetrics'`. */
  readonly format: 'tfjs-multilabel.MultilabelMetrics';
  /** The version of this form, `1`; a reader refuses versions it does not know. */
  readonly version: 1;
  /** The options of the accumulator; only states with equal options merge. */
  readonly options: {
    /** One threshold, or one per label. */
    readonly threshold: number | number[];
    /** Whether scores are logits. */
    readonly fromLogits: boolean;
    /** The value of 0/0 in the count metrics. */
    readonly zeroDivision: ZeroDivision;
    /** The beta of the F-beta score (`'Infinity'` for recall). */
    readonly beta: number | 'Infinity';
    /** The number of probability bins, or `null` for exact average precision and ROC AUC. */
    readonly bins: number | null;
    /**
     * The marker of a missing label (`ignoreIndex`): a number outside [0, 1], `'NaN'` for
     * `NaN` (JSON has no NaN), or `null` when missing labels are not accepted. States written
     * by earlier releases hold `-1` (for `-1` and for `NaN`, which then both marked a missing
     * label) or `null`.
     */
    readonly ignoreIndex: number | 'NaN' | null;
  };
  /** The number of label columns, `null` before the first batch. */
  readonly labels: number | null;
  /** The rows counted so far (rows with at least one known label). */
  readonly rows: number;
  /**
   * The unit of every weighted sum of the state (`counts`, `means`, `histograms`) is
   * `2 ** weightExponent`: sample weights are kept scaled by a power of two so that no sum
   * overflows. `null` before the first row with a positive weight.
   */
  readonly weightExponent: number | null;
  /** Per label, the sample-weighted tn, fp, fn, tp at the threshold (`4 * labels` values). */
  readonly counts: (number | 'Infinity')[];
  /** Per label, the known negative and positive cells, unweighted (`2 * labels` integers). */
  readonly classCounts: number[];
  /**
   * The running means of the per-row metrics, by name (`precision`, `recall`, `f1`, `fbeta`,
   * `jaccard`, `specificity`, `averagePrecision`, `exactMatch`, `lrap`, `coverage`,
   * `rankingLoss`, `oneError`, `ndcg`): the weighted sum of the defined values, their total
   * weight, their plain sum, and how many rows had a defined value.
   */
  readonly means: Record<
    string,
    {
      /** Sum of weight times value. */
      readonly sum: number | 'Infinity';
      /** Sum of the weights. */
      readonly weight: number | 'Infinity';
      /** Sum of the values, unweighted. */
      readonly plainSum: number;
      /** Rows whose value was defined. */
      readonly defined: number;
    }
  >;
  /** Without `bins`: every batch seen, in order; `null` with `bins`. */
  readonly batches:
    | {
        /** Rows of the batch. */
        readonly rows: number;
        /** The labels, row-major: 0, 1, or -1 for a missing label. */
        readonly labels: number[];
        /** The scores as given, row-major. */
        readonly scores: number[];
        /** Whether the scores came as float32 (a `Float32Array` or a float32 tensor). */
        readonly dtype: 'float32' | 'float64';
        /** The batch's `sampleWeight`, or `null`. */
        readonly sampleWeight: number[] | null;
      }[]
    | null;
  /** With `bins`: weighted positives and negatives of label `j` in bin `b` at `j * bins + b`. */
  readonly histograms: {
    /** Weighted positives per label and bin. */
    readonly positives: (number | 'Infinity')[];
    /** Weighted negatives per label and bin. */
    readonly negatives: (number | 'Infinity')[];
  } | null;
}

/** One kept batch, as the accumulator stores it. @internal */
export interface BatchState {
  labels: Int8Array;
  scores: Float32Array | Float64Array;
  weights: Float64Array | undefined;
  rows: number;
}

/** One running mean, as the accumulator stores it. @internal */
export interface MeanState {
  sum: number;
  weight: number;
  plainSum: number;
  defined: number;
}

/** A checked state, ready to be loaded into a fresh accumulator. @internal */
export interface MetricsState {
  labels: number;
  rows: number;
  weightExponent: number | undefined;
  counts: Float64Array;
  classCounts: Float64Array;
  means: Map<string, MeanState>;
  batches: BatchState[] | undefined;
  positives: Float64Array | undefined;
  negatives: Float64Array | undefined;
}

/** What the state reader needs to know of the (already checked) options. @internal */
export interface StateSetup {
  bins: number | undefined;
  allowMissing: boolean;
  /** The length of a per-label threshold, undefined for one number. */
  thresholdCount: number | undefined;
  meanNames: readonly string[];
}

const TOP_KEYS = [
  'format',
  'version',
  'options',
  'labels',
  'rows',
  'weightExponent',
  'counts',
  'classCounts',
  'means',
  'batches',
  'histograms',
] as const;
/** The options of `MultilabelMetrics` (and of the evaluation callback that builds one). @internal */
export const METRICS_OPTION_KEYS = [
  'threshold',
  'fromLogits',
  'zeroDivision',
  'beta',
  'bins',
  'ignoreIndex',
] as const;
const HISTOGRAM_KEYS = ['positives', 'negatives'] as const;

/**
 * Parses a serial state given as a string, and checks its `format` and `version`. Returns the
 * top-level record and the options in the constructor's form (their values are checked by the
 * constructor).
 *
 * @internal
 */
export function readMetricsHeader(json: unknown): {
  record: Record<(typeof TOP_KEYS)[number], unknown>;
  options: MultilabelMetricsOptions;
} {
  const value = readStateHeader(json, METRICS_FORMAT, METRICS_VERSION, 'MultilabelMetrics');
  const record = readRecord(value, 'json', TOP_KEYS);
  const o = readRecord(record.options, 'json.options', METRICS_OPTION_KEYS);
  const threshold = o.threshold;
  if (typeof threshold !== 'number' && !Array.isArray(threshold)) {
    fail(
      'INVALID_ARGUMENT',
      `\`json.options.threshold\` must be a number or an array of numbers, but got ${describe(threshold)}.`,
    );
  }
  if (o.beta !== 'Infinity' && typeof o.beta !== 'number') {
    fail(
      'INVALID_ARGUMENT',
      `\`json.options.beta\` must be a number or 'Infinity', but got ${describe(o.beta)}.`,
    );
  }
  if (o.ignoreIndex !== null && o.ignoreIndex !== 'NaN' && typeof o.ignoreIndex !== 'number') {
    fail(
      'INVALID_ARGUMENT',
      `\`json.options.ignoreIndex\` must be a number outside [0, 1], 'NaN' or null, but got ${describe(o.ignoreIndex)}.`,
    );
  }
  const options: MultilabelMetricsOptions = {
    threshold: threshold as number | number[],
    fromLogits: o.fromLogits as boolean,
    zeroDivision: o.zeroDivision as ZeroDivision,
    beta: o.beta === 'Infinity' ? Number.POSITIVE_INFINITY : (o.beta as number),
  };
  if (o.bins !== null) options.bins = o.bins as number;
  // The constructor checks the number (outside [0, 1]).
  if (o.ignoreIndex !== null) {
    options.ignoreIndex = o.ignoreIndex === 'NaN' ? Number.NaN : (o.ignoreIndex as number);
  }
  return { record, options };
}

/**
 * Reads and checks the accumulated state of a parsed serial form against its options: every
 * field's type and range, every array's length against the label count (before allocating),
 * and the consistency of the counts with each other and with the kept batches.
 *
 * @internal
 */
export function readMetricsState(
  record: Record<(typeof TOP_KEYS)[number], unknown>,
  setup: StateSetup,
): MetricsState | undefined {
  const { bins } = setup;
  // Before the first batch (`labels: null`) every array is empty and `rows` is 0.
  const labels = record.labels === null ? 0 : readCount(record.labels, 'json.labels');
  if (labels === 0 && record.labels !== null) {
    fail('INVALID_ARGUMENT', '`json.labels` is 0; a state has at least one label, or `null`.');
  }
  if (labels > 0 && setup.thresholdCount !== undefined && setup.thresholdCount !== labels) {
    fail(
      'INVALID_SHAPE',
      `\`json.options.threshold\` has ${setup.thresholdCount} values, but \`json.labels\` is ${labels}.`,
    );
  }
  const rows = readCount(record.rows, 'json.rows');
  const counts = readArray(
    record.counts,
    'json.counts',
    4 * labels,
    '4 * labels',
    float64,
    readSum,
  );
  const classCounts = readArray(
    record.classCounts,
    'json.classCounts',
    2 * labels,
    '2 * labels',
    float64,
    (v, at) => readCount(v, at),
  );
  const means = readMeans(record.means, setup.meanNames, rows);
  const weightExponent = readWeightExponent(record.weightExponent, labels);
  let batches: BatchState[] | undefined;
  let positives: Float64Array | undefined;
  let negatives: Float64Array | undefined;
  if (bins === undefined) {
    if (record.histograms !== null) {
      fail('INVALID_ARGUMENT', '`json.histograms` must be null when `json.options.bins` is null.');
    }
    const raw = record.batches;
    if (Array.isArray(raw) && (raw.length === 0) !== (labels === 0)) {
      fail(
        'INVALID_ARGUMENT',
        `\`json.batches\` has ${raw.length} batches, but \`json.labels\` is ${labels || 'null'}: the first batch sets the labels.`,
      );
    }
    batches = readBatches(raw, labels, setup.allowMissing);
    checkAgainstBatches(batches, labels, rows, classCounts);
  } else {
    if (record.batches !== null) {
      fail('INVALID_ARGUMENT', '`json.batches` must be null when `json.options.bins` is set.');
    }
    checkClassCounts(rows, classCounts);
    if (labels === 0) {
      if (record.histograms !== null) {
        fail('INVALID_ARGUMENT', '`json.histograms` must be null when `json.labels` is null.');
      }
      return undefined;
    }
    const h = readRecord(record.histograms, 'json.histograms', HISTOGRAM_KEYS);
    const size = labels * bins;
    positives = readArray(
      h.positives,
      'json.histograms.positives',
      size,
      'labels * bins',
      float64,
      readSum,
    );
    negatives = readArray(
      h.negatives,
      'json.histograms.negatives',
      size,
      'labels * bins',
      float64,
      readSum,
    );
    for (let j = 0; j < labels; j++) {
      for (const [cls, histogram, name] of [
        [0, negatives, 'negatives'],
        [1, positives, 'positives'],
      ] as const) {
        if (classCounts[2 * j + cls] > 0) continue;
        for (let b = j * bins; b < (j + 1) * bins; b++) {
          if (histogram[b] !== 0) {
            fail(
              'INVALID_ARGUMENT',
              `\`json.histograms.${name}[${b}]\` is ${histogram[b]}, but \`json.classCounts[${2 * j + cls}]\` says label ${j} has no ${name}.`,
            );
          }
        }
      }
    }
  }
  for (let j = 0; j < labels; j++) {
    const o = 4 * j;
    if (counts[o] + counts[o + 1] > 0 && classCounts[2 * j] === 0) {
      fail(
        'INVALID_ARGUMENT',
        `\`json.counts\` gives label ${j} weighted negatives (tn, fp), but \`json.classCounts[${2 * j}]\` says it has none.`,
      );
    }
    if (counts[o + 2] + counts[o + 3] > 0 && classCounts[2 * j + 1] === 0) {
      fail(
        'INVALID_ARGUMENT',
        `\`json.counts\` gives label ${j} weighted positives (fn, tp), but \`json.classCounts[${2 * j + 1}]\` says it has none.`,
      );
    }
  }
  if (labels === 0) return undefined;
  return {
    labels,
    rows,
    weightExponent,
    counts,
    classCounts,
    means,
    batches,
    positives,
    negatives,
  };
}

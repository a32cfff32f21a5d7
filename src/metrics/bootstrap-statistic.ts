import { isMultilabelError, MultilabelError } from '../core/errors.js';
import type { LabelMatrix } from '../core/matrix.js';
import { readRaw } from '../core/matrix-input.js';
import {
  isSparseLabelMatrix,
  readSparseLabelMatrix,
  type SparseLabelMatrix,
} from '../core/sparse-label-matrix.js';
import { valueText } from '../core/value-text.js';
import { ldexp, readSampleWeights } from '../core/weights.js';
import { hammingLoss } from './hamming-loss.js';
import { jaccardScore } from './jaccard-score.js';
import { f1Score, fbetaScore, precisionScore, recallScore } from './precision-recall-fscore.js';
import { ResampledCounts } from './resampled-counts.js';
import { specificityScore } from './specificity-score.js';

/**
 * A metric made ready for the bootstrap: its value on the rows as given, on a resample (each row
 * counted a number of times) and without some rows (a jackknife deletion).
 *
 * @internal
 * @module
 */

/** A metric the bootstrap can resample: labels, predictions and options in, a value out. @internal */
export type MetricFunction<T, P, O> = (yTrue: T, yPred: P, options: O) => number | Float64Array;

/**
 * The count metrics whose resamples are counted from each row's cells, read once, instead of
 * calling the metric on reweighted inputs: they read their inputs only through
 * `readCountInputs`, which takes the resampled counts as they are.
 */
const COUNTED_METRICS: ReadonlySet<unknown> = new Set<unknown>([
  f1Score,
  fbetaScore,
  precisionScore,
  recallScore,
  jaccardScore,
  specificityScore,
  hammingLoss,
]);

/** A metric on reweighted rows, its values flat (one per output). @internal */
export interface ResampledStatistic {
  /** The number of rows. */
  readonly rows: number;
  /** The metric's value on the rows as given; a number, or one value per label. */
  readonly estimate: number | Float64Array;
  /** The values with row `r` counted `multiplicity[r]` times; NaN where undefined. */
  resample(multiplicity: Float64Array, out: Float64Array): void;
  /** The values without the rows `left`; NaN where undefined. */
  without(left: ArrayLike<number>, out: Float64Array): void;
}

/** The number of outputs of an estimate. @internal */
export function outputsOf(estimate: number | Float64Array): number {
  return typeof estimate === 'number' ? 1 : estimate.length;
}

/** Writes a metric value into `out` (NaN where undefined), checking its kind and length. */
function writeValue(value: unknown, out: Float64Array): void {
  if (typeof value === 'number') {
    out[0] = value;
  } else if (value instanceof Float64Array && value.length === out.length) {
    out.set(value);
  } else {
    throw new MultilabelError(
      'INVALID_ARGUMENT',
      `\`metric\` returned ${valueText(value)} on a resample, where it returned ${out.length === 1 ? 'a number' : `a Float64Array of ${out.length} values`} on the data; a metric must return the same kind of value for any \`sampleWeight\`.`,
    );
  }
}

/** Runs `evaluate`, writing NaN into `out` when the metric is undefined there. */
function valueOrUndefined(evaluate: () => unknown, out: Float64Array): void {
  let value: unknown;
  try {
    value = evaluate();
  } catch (error) {
    if (isMultilabelError(error) && error.code === 'UNDEFINED_METRIC') {
      out.fill(Number.NaN);
      return;
    }
    throw error;
  }
  writeValue(value, out);
}

/** The number of rows of labels in a form the metrics take. */
function rowCount(yTrue: LabelMatrix | SparseLabelMatrix): number {
  return isSparseLabelMatrix(yTrue)
    ? readSparseLabelMatrix(yTrue, 'yTrue').rows
    : readRaw(yTrue, 'yTrue').rows;
}

/**
 * Makes `metric` on `yTrue`, `yPred` and `metricOptions` ready for resampling. A resample
 * passes the metric `sampleWeight` = multiplicity times the given weight of each row (so any
 * metric that takes `sampleWeight` works, and equals the metric on the resampled rows); a count
 * metric of the library is counted from each row's cells instead.
 *
 * @internal
 */
export function resampledStatistic<T extends LabelMatrix | SparseLabelMatrix, P, O>(
  metric: MetricFunction<T, P, O>,
  yTrue: T,
  yPred: P,
  metricOptions: O,
): ResampledStatistic {
  if (typeof metric !== 'function') {
    throw new MultilabelError(
      'INVALID_ARGUMENT',
      `\`metric\` must be a metric function such as f1Score, but got ${valueText(metric)}.`,
    );
  }
  const estimate = metric(yTrue, yPred, metricOptions);
  if (typeof estimate !== 'number' && !(estimate instanceof Float64Array)) {
    throw new MultilabelError(
      'INVALID_ARGUMENT',
      `\`metric\` must return a number, or a Float64Array (one value per label, as with \`average: 'none'\`), but returned ${valueText(estimate)}. Pick one value of a richer result in a function of your own.`,
    );
  }
  const options = (metricOptions ?? {}) as { sampleWeight?: unknown; ignoreIndex?: unknown };
  const { sampleWeight, ...rest } = options;
  if (COUNTED_METRICS.has(metric)) {
    const counted = ResampledCounts.read(
      yTrue,
      yPred as unknown as LabelMatrix | SparseLabelMatrix,
      options,
    );
    const call = (inputs: unknown) => () => metric(inputs as T, inputs as P, rest as O);
    return {
      rows: counted.rows,
      estimate,
      resample: (multiplicity, out) => valueOrUndefined(call(counted.resampled(multiplicity)), out),
      without: (left, out) => valueOrUndefined(call(counted.without(left)), out),
    };
  }
  const rows = rowCount(yTrue);
  const given = readSampleWeights(sampleWeight, rows);
  const weights = new Float64Array(rows);
  const weigh = (r: number, multiplicity: number): number =>
    given === undefined ? multiplicity : ldexp(multiplicity * given.weights[r], given.exponent);
  const call = () => metric(yTrue, yPred, { ...rest, sampleWeight: weights } as O);
  if (sampleWeight === undefined) {
    // A metric without `sampleWeight` names it as an unknown option: say why it is needed.
    weights.fill(1);
    try {
      call();
    } catch (error) {
      if (isMultilabelError(error) && error.code === 'UNKNOWN_OPTION') {
        throw new MultilabelError(
          'INVALID_ARGUMENT',
          `\`metric\` must take a \`sampleWeight\` option: the bootstrap weighs each row by the number of times a resample draws it. ${error.message}`,
        );
      }
      throw error;
    }
  }
  return {
    rows,
    estimate,
    resample(multiplicity, out) {
      for (let r = 0; r < rows; r++) weights[r] = weigh(r, multiplicity[r]);
      valueOrUndefined(call, out);
    },
    without(left, out) {
      for (let r = 0; r < rows; r++) weights[r] = weigh(r, 1);
      for (let i = 0; i < left.length; i++) weights[left[i]] = 0;
      valueOrUndefined(call, out);
    },
  };
}

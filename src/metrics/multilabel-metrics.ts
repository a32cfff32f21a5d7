import { MultilabelError } from '../core/errors.js';
import { countConfusionAtThresholds } from '../core/kernels/confusion-counts.js';
import type { DenseMatrix, FloatArray, LabelMatrix, ScoreMatrix } from '../core/matrix.js';
import { checkOptionKeys, withOptionsPath } from '../core/validate.js';
import { ldexp, readSampleWeights, type ScaledWeights, WeightUnit } from '../core/weights.js';
import { readLabels, readScores } from './inputs.js';
import {
  METRICS_FORMAT,
  METRICS_VERSION,
  type MultilabelMetricsJSON,
  markerToJSON,
  readMetricsHeader,
  readMetricsState,
} from './multilabel-metrics-json.js';
import {
  labelThresholds,
  type MetricsSettings,
  type MultilabelMetricsOptions,
  readMetricsSettings,
  sameSettings,
} from './multilabel-metrics-options.js';
import type {
  AveragedValues,
  LabelAveragedValues,
  MultilabelMetricsResult,
  RankingValues,
} from './multilabel-metrics-result.js';
import { BinnedRanking } from './streaming-binned-ranking.js';
import { CountState } from './streaming-count-state.js';
import { ExactRanking, unitWeights } from './streaming-ranking.js';
import { ROW_METRICS, RowMeanState, type RowMetric } from './streaming-row-means.js';
import { zeroDivisionValue } from './zero-division.js';

export type { MultilabelMetricsOptions } from './multilabel-metrics-options.js';
export type { AveragedValues, MultilabelMetricsResult } from './multilabel-metrics-result.js';

/** A batch as {@link MultilabelMetrics.update} reads it. @internal */
export interface ReadBatch {
  truth: DenseMatrix<Int8Array>;
  scores: DenseMatrix<FloatArray>;
  scaled: ScaledWeights | undefined;
}

/** The weights of a batch added with {@link MultilabelMetrics.addBatch}. @internal */
export interface BatchWeights {
  /** The weights of the counts and row means, in the state's unit; undefined for 1. */
  sampleWeight: Float64Array | undefined;
  /** The weights of the exact ranking metrics, scaled to unit; undefined for none. */
  rankingWeights: Float64Array | undefined;
  /** One threshold per label. */
  thresholds: Float64Array;
}

/** The states that exist once the number of labels is known. */
interface LabelStates {
  readonly labels: number;
  readonly thresholds: Float64Array;
  readonly counts: CountState;
  readonly ranking: ExactRanking | BinnedRanking;
}

/**
 * Streaming multi-label metrics: feed batches with {@link MultilabelMetrics.update}, combine
 * accumulators of different shards or workers with {@link MultilabelMetrics.merge}, read every
 * metric with {@link MultilabelMetrics.compute}. Merging shards in any partition gives the
 * values of one call of the array functions on all rows (up to float rounding, ~1e-15).
 *
 * Count metrics (at the threshold) and the per-row ranking metrics (LRAP, coverage, ranking
 * loss, one-error, nDCG, samples-averaged AP) keep O(labels) sums: exact, fixed memory. The
 * per-label ranking metrics (average precision, ROC AUC) keep every score unless `bins` is
 * set (a copy of each batch: 1 byte per label cell plus the scores' 4 or 8 bytes), which
 * switches them to fixed-size histograms (16 bytes per label and bin) with a reported error
 * bound.
 *
 * Missing labels (`ignoreIndex`): as the array functions; a row with no known cell is skipped.
 *
 * @summary Streaming, mergeable metrics: update with batches, compute at the end.
 * @category Streaming
 * @example
 * ```ts
 * import { MultilabelMetrics } from 'tfjs-multilabel/metrics';
 *
 * const shardA = new MultilabelMetrics();
 * const shardB = new MultilabelMetrics();
 * shardA.update([[1, 0, 1]], [[0.9, 0.2, 0.6]]);
 * shardB.update([[0, 1, 1]], [[0.3, 0.4, 0.7]]);
 * const result = shardA.merge(shardB).compute();
 * console.log(result.f1.micro.toFixed(4), result.labelRankingAveragePrecision); // '0.8571' 1
 * ```
 */
export class MultilabelMetrics {
  private readonly settings: MetricsSettings;
  /** The count and ranking states, from the first batch on. */
  private states: LabelStates | undefined;
  private means!: RowMeanState;
  /** The unit of every weighted sum kept (counts, means, bins). */
  private readonly unit = new WeightUnit((shift) => this.rescale(shift));

  /**
   * @param options Threshold, logits, zero-division value, beta, bins, missing-label marker.
   * @throws {@link MultilabelError} on an unknown option or a value out of range.
   */
  constructor(options: MultilabelMetricsOptions = {}) {
    this.settings = readMetricsSettings(options);
    this.reset();
  }

  /**
   * Adds a batch of rows.
   *
   * @param yTrue True labels, 0/1 (and, with `ignoreIndex`, that marker or NaN for a missing label), one row per sample.
   * @param yScore Scores (probabilities, or logits with `fromLogits`), the same shape.
   * @param options `sampleWeight`: one weight per row of this batch.
   * @returns This accumulator.
   * @throws {@link MultilabelError} on bad labels, scores or weights, or a number of labels that
   * differs from the earlier batches.
   */
  update(
    yTrue: LabelMatrix,
    yScore: ScoreMatrix,
    options: { sampleWeight?: ArrayLike<number> } = {},
  ): this {
    checkOptionKeys(options, ['sampleWeight'], 'MultilabelMetrics.update');
    const batch = this.readBatch(yTrue, yScore, options.sampleWeight);
    this.addBatch(batch, true).count();
    return this;
  }

  /**
   * Reads and checks a batch as {@link MultilabelMetrics.update} does (the same errors).
   *
   * @internal
   */
  readBatch(yTrue: LabelMatrix, yScore: ScoreMatrix, sampleWeight: unknown): ReadBatch {
    const truth = readLabels(yTrue, 'yTrue', this.settings.ignoreIndex);
    const scores = readScores(yScore, 'yScore', truth, 'yTrue');
    const scaled = readSampleWeights(sampleWeight, truth.rows, truth);
    return { truth, scores, scaled };
  }

  /**
   * Adds a read batch in two steps: this call fixes the labels and the weights' unit (and checks
   * the thresholds against the labels), `count()` then adds the batch's counts and the rest.
   * With `all` false, the row means and the exact ranking state are left out: the caller adds
   * the rows' values with {@link MultilabelMetrics.addRowValues} and passes the ranking values
   * to {@link MultilabelMetrics.computeWith}; the returned weights are those these need.
   *
   * @internal
   */
  addBatch(batch: ReadBatch, all: boolean): BatchWeights & { count(): void } {
    const { truth, scores, scaled } = batch;
    const states = this.setLabels(truth.cols);
    // The exact ranking metrics keep the weights as given (scaling back is exact).
    const givenWeights =
      states.ranking instanceof ExactRanking && scaled !== undefined
        ? scaled.weights.map((w) => ldexp(w, scaled.exponent))
        : undefined;
    const sampleWeight = this.unit.adopt(scaled, truth.rows);
    const count = () => {
      const probabilities = this.settings.fromLogits ? sigmoid(scores.data) : scores.data;
      const counts = countConfusionAtThresholds(
        truth,
        { data: probabilities, rows: truth.rows, cols: truth.cols },
        states.thresholds,
        { sampleWeight, perRow: all },
      );
      states.counts.update(counts.perLabel);
      const ranking = { truth, scores: scores.data, probabilities, givenWeights, sampleWeight };
      if (all) this.means.update(truth, scores, counts.perRow as Int32Array, sampleWeight);
      if (all || states.ranking instanceof BinnedRanking) states.ranking.update(ranking);
    };
    return {
      sampleWeight,
      rankingWeights: unitWeights(givenWeights),
      thresholds: states.thresholds,
      count,
    };
  }

  /**
   * Adds rows scored apart with `scoreRows` (see `RowMeanState.addRows`).
   *
   * @internal
   */
  addRowValues(values: Float64Array, known: Uint8Array, sampleWeight?: Float64Array): void {
    this.means.addRows(values, known, sampleWeight);
  }

  /**
   * Adds the state of `other` (an accumulator with the same options) to this one.
   *
   * @param other Another accumulator, left unchanged.
   * @returns This accumulator.
   * @throws {@link MultilabelError} when the options or the number of labels differ.
   */
  merge(other: MultilabelMetrics): this {
    if (!(other instanceof MultilabelMetrics)) {
      throw new MultilabelError('INVALID_ARGUMENT', '`other` must be a MultilabelMetrics.');
    }
    if (!MultilabelMetrics.sameOptions(this, other)) {
      throw new MultilabelError(
        'INVALID_ARGUMENT',
        '`other` was created with different options (threshold, fromLogits, zeroDivision, beta, bins or ignoreIndex); only accumulators with the same options merge.',
      );
    }
    if (other.states === undefined) return this;
    const states = this.setLabels(other.states.labels);
    const shift = this.unit.shiftFrom(other.unit.exponent);
    states.counts.merge(other.states.counts, shift);
    this.means.merge(other.means, shift);
    if (states.ranking instanceof ExactRanking)
      states.ranking.merge(other.states.ranking as ExactRanking);
    else states.ranking.merge(other.states.ranking as BinnedRanking, shift);
    return this;
  }

  /**
   * Computes every metric on the rows seen so far.
   *
   * @returns The metrics.
   * @throws {@link MultilabelError} (`EMPTY_INPUT`) before the first row.
   */
  compute(): MultilabelMetricsResult {
    return this.computeWith(undefined);
  }

  /**
   * {@link MultilabelMetrics.compute}, with the ranking values computed elsewhere from the
   * labels' support (undefined: from the ranking state).
   *
   * @internal
   */
  computeWith(
    rankingValues: ((support: Float64Array) => RankingValues) | undefined,
  ): MultilabelMetricsResult {
    const states = this.states;
    if (this.means.rows === 0 || states === undefined) {
      throw new MultilabelError(
        'EMPTY_INPUT',
        'MultilabelMetrics has no rows yet: call `update(yTrue, yScore)` first.',
      );
    }
    const { zeroDivision, beta } = this.settings;
    const nanMode = zeroDivision === 'nan';
    const means = this.means;
    const mean = (name: RowMetric): number => means.value(name, nanMode);
    const withSamples = (values: LabelAveragedValues, samples: RowMetric): AveragedValues => ({
      micro: values.micro,
      macro: values.macro,
      weighted: values.weighted,
      samples: mean(samples),
      perLabel: values.perLabel,
    });
    const c = states.counts.compute(zeroDivision, beta);
    const support = states.counts.support();
    const ranking = rankingValues?.(support) ?? states.ranking.compute(support);
    const ap = ranking.averagePrecision;
    return {
      rows: means.rows,
      hammingLoss: c.hammingLoss,
      subsetAccuracy: mean('exactMatch'),
      precision: withSamples(c.precision, 'precision'),
      recall: withSamples(c.recall, 'recall'),
      f1: withSamples(c.f1, 'f1'),
      fbeta: withSamples(c.fbeta, 'fbeta'),
      jaccard: withSamples(c.jaccard, 'jaccard'),
      specificity: withSamples(c.specificity, 'specificity'),
      // A single label column is one binary problem for every average (as the array function).
      averagePrecision: {
        ...ap,
        samples: states.labels === 1 ? ap.perLabel[0] : mean('averagePrecision'),
      },
      rocAuc: ranking.rocAuc,
      labelRankingAveragePrecision: mean('lrap'),
      coverageError: mean('coverage'),
      labelRankingLoss: mean('rankingLoss'),
      oneError: mean('oneError'),
      ndcg: mean('ndcg'),
      errorBound: ranking.errorBound,
    };
  }

  /**
   * Forgets every row (the options stay).
   *
   * @returns This accumulator.
   */
  reset(): this {
    const { zeroDivision, beta } = this.settings;
    this.states = undefined;
    this.means = new RowMeanState(zeroDivisionValue(zeroDivision), beta);
    this.unit.exponent = undefined;
    return this;
  }

  /**
   * The state as plain JSON (used by `JSON.stringify`).
   *
   * Send it to another worker or machine and merge it there with
   * {@link MultilabelMetrics.fromJSON}. It holds the options and everything accumulated: without
   * `bins`, every batch seen (so it grows with the rows, as the accumulator does); with `bins`,
   * the fixed-size histograms.
   *
   * @returns A new plain object, detached from the accumulator.
   * @example
   * ```ts
   * import { MultilabelMetrics } from 'tfjs-multilabel/metrics';
   *
   * const metrics = new MultilabelMetrics({ threshold: 0.4 }).update([[1, 0, 1]], [[0.9, 0.2, 0.6]]);
   * const text = JSON.stringify(metrics);
   * const copy = MultilabelMetrics.fromJSON(text);
   * console.log(copy.compute().f1.micro, copy.toJSON().options.threshold); // 1 0.4
   * ```
   */
  toJSON(): MultilabelMetricsJSON {
    const { threshold, fromLogits, zeroDivision, beta, bins, ignoreIndex } = this.settings;
    const states = this.states;
    const ranking = states?.ranking;
    return {
      format: METRICS_FORMAT,
      version: METRICS_VERSION,
      options: {
        threshold: typeof threshold === 'number' ? threshold : Array.from(threshold),
        fromLogits,
        zeroDivision,
        beta: beta === Number.POSITIVE_INFINITY ? 'Infinity' : beta,
        bins: bins ?? null,
        ignoreIndex: markerToJSON(ignoreIndex),
      },
      labels: states === undefined ? null : states.labels,
      rows: this.means.rows,
      weightExponent: this.unit.exponent ?? null,
      counts: states === undefined ? [] : states.counts.toJSON(),
      classCounts: ranking === undefined ? [] : Array.from(ranking.classCounts),
      means: this.means.toJSON(),
      batches: bins !== undefined ? null : ranking instanceof ExactRanking ? ranking.toJSON() : [],
      histograms: ranking instanceof BinnedRanking ? ranking.toJSON() : null,
    };
  }

  /**
   * Rebuilds an accumulator from the state {@link MultilabelMetrics.toJSON} wrote.
   *
   * The state may be the object or its JSON string, and is untrusted input: every field is
   * checked (format and version, option values, every array's length against the number of
   * labels and bins, labels 0/1 (-1 only with `ignoreIndex`), counts that are non-negative
   * integers, sums and weights that are finite and non-negative, scores that are finite (float32
   * values for a float32 batch), and the counts' agreement with each other and with the kept
   * batches) before anything is allocated from it or loaded.
   *
   * @param json The state: the object `toJSON()` returned (or a structured clone of it), or the
   *   string `JSON.stringify` wrote.
   * @returns A new accumulator with the state's options and rows, ready to update or merge.
   * @throws {@link MultilabelError} naming the field at fault: `PARSE_ERROR` for a string that
   *   is not JSON; `INVALID_ARGUMENT` for another format or version, a missing, extra or
   *   mistyped field, a negative or fractional count, or counts that contradict each other;
   *   `INVALID_OPTION` for an option value out of range; `INVALID_SHAPE` for an array whose
   *   length does not match the labels (and bins); `NON_FINITE_VALUES` for a NaN or infinite
   *   number; `NON_BINARY_LABELS` for a label other than 0 or 1 (or -1 with `ignoreIndex`).
   * @example
   * ```ts
   * import { isMultilabelError, MultilabelMetrics } from 'tfjs-multilabel/metrics';
   *
   * // On each worker: evaluate a shard, send its state as text.
   * const sent = [
   *   JSON.stringify(new MultilabelMetrics({ bins: 100 }).update([[1, 0]], [[0.8, 0.3]])),
   *   JSON.stringify(new MultilabelMetrics({ bins: 100 }).update([[0, 1]], [[0.4, 0.7]])),
   * ];
   * // On the coordinator: rebuild and merge.
   * const [first, ...rest] = sent.map((text) => MultilabelMetrics.fromJSON(text));
   * for (const other of rest) first.merge(other);
   * console.log(first.compute().rows, first.compute().rocAuc.macro); // 2 1
   * try {
   *   MultilabelMetrics.fromJSON({ ...JSON.parse(sent[0]), rows: -1 });
   * } catch (error) {
   *   // A forged row count: the message names the field.
   *   if (isMultilabelError(error)) console.log(error.code, error.message.slice(0, 11)); // 'INVALID_ARGUMENT' '`json.rows`'
   * }
   * ```
   */
  static fromJSON(json: unknown): MultilabelMetrics {
    const { record, options } = readMetricsHeader(json);
    // Errors name the field of the state, not the constructor's option.
    const metrics = withOptionsPath(() => new MultilabelMetrics(options), 'json.options');
    const { threshold, bins, ignoreIndex } = metrics.settings;
    const state = readMetricsState(record, {
      bins,
      allowMissing: ignoreIndex !== undefined,
      thresholdCount: typeof threshold === 'number' ? undefined : threshold.length,
      meanNames: ROW_METRICS,
    });
    if (state === undefined) return metrics;
    const states = metrics.setLabels(state.labels);
    states.counts.load(state.counts);
    metrics.means.load(state.means, state.rows);
    metrics.unit.exponent = state.weightExponent;
    if (states.ranking instanceof ExactRanking) {
      states.ranking.load(state.batches ?? [], state.classCounts);
    } else {
      const { positives, negatives } = state;
      states.ranking.load(positives as Float64Array, negatives as Float64Array, state.classCounts);
    }
    return metrics;
  }

  /** Whether two accumulators were created with the same options. @internal */
  static sameOptions(a: MultilabelMetrics, b: MultilabelMetrics): boolean {
    return sameSettings(a.settings, b.settings);
  }

  /** Multiplies every weighted sum of the state by `2^shift` (a change of unit). */
  private rescale(shift: number): void {
    this.states?.counts.rescale(shift);
    this.states?.ranking.rescale(shift);
    this.means.rescale(shift);
  }

  /** Fixes the number of labels at the first batch; later batches must match it. */
  private setLabels(labels: number): LabelStates {
    if (this.states !== undefined) {
      if (this.states.labels === labels) return this.states;
      throw new MultilabelError(
        'SHAPE_MISMATCH',
        `This batch has ${labels} label columns but the earlier ones had ${this.states.labels}. Every batch needs the same labels.`,
      );
    }
    const { bins } = this.settings;
    this.states = {
      labels,
      thresholds: labelThresholds(this.settings, labels),
      counts: new CountState(labels),
      ranking: bins === undefined ? new ExactRanking(labels) : new BinnedRanking(labels, bins),
    };
    return this.states;
  }
}

/** The probabilities of logits (`fromLogits`). @internal */
export function sigmoid(scores: FloatArray): Float64Array {
  const out = new Float64Array(scores.length);
  for (let i = 0; i < scores.length; i++) out[i] = 1 / (1 + Math.exp(-scores[i]));
  return out;
}

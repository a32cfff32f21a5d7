import { MultilabelError } from '../core/errors.js';
import type { DenseMatrix, FloatArray, LabelMatrix, ScoreMatrix } from '../core/matrix.js';
import { checkBoolean, checkInteger, checkNumber, checkOptionKeys } from '../core/validate.js';
import { valueText } from '../core/value-text.js';
import { ldexp, readSampleWeights, type ScaledWeights, scaleToUnit } from '../core/weights.js';
import { binaryAveragePrecision } from './average-precision-score.js';
import { BinnedScores, binnedAveragePrecision, binnedRocAuc } from './binned-ranking.js';
import {
  addLabelCounts,
  type ConfusionCounts,
  countConfusionAtThresholds,
  FN,
  FP,
  TN,
  TP,
} from './confusion-counts.js';
import { averageCountMetric, type CountScore } from './count-averaging.js';
import {
  fbetaFromCounts,
  jaccardFromCounts,
  precisionFromCounts,
  recallFromCounts,
  specificityFromCounts,
} from './count-scores.js';
import { rowCoverage } from './coverage-error.js';
import { readIgnoreIndex, readLabels, readScores } from './inputs.js';
import { averageLabelScores, isCloseToZero, labelScores, pooledScore } from './label-averaging.js';
import { rowLabelRankingAveragePrecision } from './label-ranking-average-precision.js';
import { rowLabelRankingLoss } from './label-ranking-loss.js';
import {
  METRICS_FORMAT,
  METRICS_OPTION_KEYS,
  METRICS_VERSION,
  type MultilabelMetricsJSON,
  readMetricsHeader,
  readMetricsState,
  writeSum,
} from './multilabel-metrics-json.js';
import { NdcgRowScorer } from './ndcg-score.js';
import { averagePrecisionRecallFscore } from './precision-recall-fscore.js';
import { binaryRocAuc, rankedRocAuc } from './roc-auc-score.js';
import { RowRanker } from './row-ranking.js';
import { TopK } from './top-k.js';
import { checkZeroDivision, type ZeroDivision, zeroDivisionValue } from './zero-division.js';

/**
 * Options of {@link MultilabelMetrics}. They are fixed for the life of the accumulator (only
 * accumulators with the same options merge).
 *
 * @expand
 * @summary Options of {@link MultilabelMetrics}, fixed for the life of an accumulator.
 * @category Options
 * @example
 * ```ts
 * import { MultilabelMetrics, type MultilabelMetricsOptions } from 'tfjs-multilabel/metrics';
 *
 * const options: MultilabelMetricsOptions = { threshold: 0.3, fromLogits: false, bins: 200 };
 * const metrics = new MultilabelMetrics(options);
 * metrics.update([[1, 0]], [[0.4, 0.2]]);
 * console.log(metrics.compute().f1.micro); // 1
 * ```
 */
export interface MultilabelMetricsOptions {
  /**
   * The decision threshold of the count metrics, one for every label or one per label: a label is
   * predicted when its probability is `>=` it.
   *
   * @defaultValue `0.5`
   */
  threshold?: number | ArrayLike<number>;
  /**
   * Scores are logits: the threshold (and binning) applies to their sigmoid.
   *
   * @defaultValue `false`
   */
  fromLogits?: boolean;
  /**
   * The value of 0/0 in the count metrics.
   *
   * @defaultValue `0`
   */
  zeroDivision?: ZeroDivision;
  /**
   * The beta of the reported F-beta score.
   *
   * @defaultValue `1`
   */
  beta?: number;
  /**
   * Per-label average precision and ROC AUC: omitted, they are exact and the accumulator keeps
   * every score; an integer >= 2 keeps fixed-size histograms of that many probability bins per
   * label instead, and the result reports a guaranteed error bound.
   *
   * @defaultValue none: exact, every score is kept
   */
  bins?: number;
  /**
   * `-1` (or `NaN`): accept missing labels (cells holding -1 or NaN are skipped).
   *
   * @defaultValue none: `-1` and `NaN` labels throw `NON_BINARY_LABELS`
   */
  ignoreIndex?: number;
}

/**
 * The values of one count metric (or average precision) under every average.
 *
 * @category Results
 * @example
 * ```ts
 * import { MultilabelMetrics, type AveragedValues } from 'tfjs-multilabel/metrics';
 *
 * const metrics = new MultilabelMetrics();
 * metrics.update([[1, 0], [1, 1]], [[0.9, 0.1], [0.2, 0.8]]);
 * const recall: AveragedValues = metrics.compute().recall;
 * console.log(recall.micro, recall.macro, Array.from(recall.perLabel)); // 0.6666666666666666 0.75 [0.5, 1]
 * ```
 */
export interface AveragedValues {
  /** Pooled over labels. */
  readonly micro: number;
  /** Mean over labels. */
  readonly macro: number;
  /** Mean over labels weighted by support. */
  readonly weighted: number;
  /** Mean over rows (NaN for ROC AUC, which is not summarised per row). */
  readonly samples: number;
  /** One value per label. */
  readonly perLabel: Float64Array;
}

/**
 * Every metric of a {@link MultilabelMetrics}, equal to the array function of the same name
 * on all the rows seen (count metrics on the predictions at the threshold). A value that the
 * array function would refuse to compute (it throws `UNDEFINED_METRIC`: ROC AUC of a label
 * with one class, a weighted mean whose weights sum to 0) is NaN here, so that one undefined
 * label does not hide the rest.
 *
 * @summary Every metric of a {@link MultilabelMetrics}, as the array functions give them.
 * @category Results
 * @example
 * ```ts
 * import { MultilabelMetrics, type MultilabelMetricsResult } from 'tfjs-multilabel/metrics';
 *
 * const metrics = new MultilabelMetrics();
 * metrics.update([[1, 0], [0, 1]], [[0.8, 0.3], [0.1, 0.7]]);
 * const result: MultilabelMetricsResult = metrics.compute();
 * console.log(result.rows, result.subsetAccuracy, result.rocAuc.macro); // 2 1 1
 * ```
 */
export interface MultilabelMetricsResult {
  /** Rows seen (with at least one known label). */
  readonly rows: number;
  /** {@link hammingLoss} at the threshold. */
  readonly hammingLoss: number;
  /** {@link subsetAccuracy} at the threshold. */
  readonly subsetAccuracy: number;
  /** {@link precisionScore} at the threshold. */
  readonly precision: AveragedValues;
  /** {@link recallScore} at the threshold. */
  readonly recall: AveragedValues;
  /** {@link f1Score} at the threshold. */
  readonly f1: AveragedValues;
  /** {@link fbetaScore} with the accumulator's `beta` at the threshold. */
  readonly fbeta: AveragedValues;
  /** {@link jaccardScore} at the threshold. */
  readonly jaccard: AveragedValues;
  /** {@link specificityScore} at the threshold. */
  readonly specificity: AveragedValues;
  /** {@link averagePrecisionScore} (binned with `bins`). */
  readonly averagePrecision: AveragedValues;
  /** {@link rocAucScore} (binned with `bins`); `samples` is NaN. */
  readonly rocAuc: AveragedValues;
  /** {@link labelRankingAveragePrecision}. */
  readonly labelRankingAveragePrecision: number;
  /** {@link coverageError}. */
  readonly coverageError: number;
  /** {@link labelRankingLoss}. */
  readonly labelRankingLoss: number;
  /** {@link oneError}. */
  readonly oneError: number;
  /** {@link ndcgScore} (all positions, ties averaged). */
  readonly ndcg: number;
  /**
   * With `bins`: bounds on |binned - exact| of average precision and ROC AUC, per label and
   * for the micro, macro and weighted averages (`samples` is exact, bound 0). Undefined when
   * the values are exact.
   */
  readonly errorBound:
    | {
        /** Bounds of the binned average precision. */
        readonly averagePrecision: AveragedValues;
        /** Bounds of the binned ROC AUC. */
        readonly rocAuc: AveragedValues;
      }
    | undefined;
}

/** A weighted mean accumulated piece by piece, with scikit-learn's rules for NaN entries. */
class Mean {
  sum = 0;
  weight = 0;
  plainSum = 0;
  defined = 0;

  add(value: number, w: number): void {
    if (Number.isNaN(value)) return;
    this.sum += w * value;
    this.weight += w;
    this.plainSum += value;
    this.defined++;
  }

  /** Adds `other`, whose weights are `2^shift` times this one's unit. */
  merge(other: Mean, shift: number): void {
    this.sum += ldexp(other.sum, shift);
    this.weight += ldexp(other.weight, shift);
    this.plainSum += other.plainSum;
    this.defined += other.defined;
  }

  /** Multiplies the weights by `2^shift` (a change of their unit). */
  rescale(shift: number): void {
    this.sum = ldexp(this.sum, shift);
    this.weight = ldexp(this.weight, shift);
  }

  /** As `meanOf`: NaN entries left out; with `nanMode`, zero total weight falls back to the plain mean. */
  value(nanMode: boolean): number {
    if (this.defined === 0) return Number.NaN;
    if (this.weight === 0) return nanMode ? this.plainSum / this.defined : Number.NaN;
    return this.sum / this.weight;
  }
}

const ROW_METRICS = [
  'precision',
  'recall',
  'f1',
  'fbeta',
  'jaccard',
  'specificity',
  'averagePrecision',
  'exactMatch',
  'lrap',
  'coverage',
  'rankingLoss',
  'oneError',
  'ndcg',
] as const;
type RowMetric = (typeof ROW_METRICS)[number];

/** One update's data kept for the exact per-label ranking metrics. */
interface Chunk {
  labels: Int8Array;
  scores: FloatArray;
  /** The weights as given (not scaled). */
  weights: Float64Array | undefined;
  rows: number;
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
  private readonly thresholdOption: number | Float64Array;
  private readonly fromLogits: boolean;
  private readonly zeroDivision: ZeroDivision;
  private readonly beta: number;
  private readonly bins: number | undefined;
  private readonly allowMissing: boolean;
  private labels = -1;
  private thresholds: Float64Array = new Float64Array(0);
  private counts: Float64Array | undefined;
  private rowCount = 0;
  private means = new Map<RowMetric, Mean>();
  private chunks: Chunk[] = [];
  private binned: BinnedScores | undefined;
  /** Unweighted known positives and negatives per label (ROC AUC's one-class test in binned mode). */
  private classCounts: Float64Array = new Float64Array(0);
  /**
   * The unit of every weighted sum kept (counts, means, bins) is `2^weightExponent`: the power
   * of two of the largest weight seen, so that no sum overflows and the values equal those of
   * the array functions, which scale their weights the same way (see `core/weights.ts`).
   * Undefined until a row of positive weight arrives.
   */
  private weightExponent: number | undefined;

  /**
   * @param options Threshold, logits, zero-division value, beta, bins, missing-label marker.
   * @throws {@link MultilabelError} on an unknown option or a value out of range.
   */
  constructor(options: MultilabelMetricsOptions = {}) {
    checkOptionKeys(options, METRICS_OPTION_KEYS, 'MultilabelMetrics');
    this.thresholdOption = readThreshold(options.threshold);
    this.fromLogits = checkBoolean(options.fromLogits, 'fromLogits', false);
    this.zeroDivision = checkZeroDivision(options.zeroDivision);
    this.beta =
      options.beta === undefined
        ? 1
        : options.beta === Number.POSITIVE_INFINITY
          ? options.beta
          : checkNumber(options.beta, 'beta', { min: 0 });
    this.bins =
      options.bins === undefined
        ? undefined
        : checkInteger(options.bins, 'bins', { min: 2, max: 1 << 20 });
    this.allowMissing = readIgnoreIndex(options.ignoreIndex);
    this.reset();
  }

  /**
   * Adds a batch of rows.
   *
   * @param yTrue True labels, 0/1 (and -1/NaN with `ignoreIndex`), one row per sample.
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
    const truth = readLabels(yTrue, 'yTrue', this.allowMissing);
    const scores = readScores(yScore, 'yScore', truth, 'yTrue');
    const scaled = readSampleWeights(options.sampleWeight, truth.rows);
    this.setLabels(truth.cols);
    // The exact ranking metrics keep the weights as given (scaling back is exact).
    const given =
      this.bins === undefined && scaled !== undefined
        ? scaled.weights.map((w) => ldexp(w, scaled.exponent))
        : undefined;
    const sampleWeight = this.inStateUnit(scaled, truth.rows);
    const probabilities = this.fromLogits ? sigmoid(scores.data) : scores.data;
    const counts = countConfusionAtThresholds(
      truth,
      { data: probabilities, rows: truth.rows, cols: truth.cols },
      this.thresholds,
      { sampleWeight, perRow: true },
    );
    addLabelCounts(this.counts as Float64Array, counts.perLabel);
    this.addRows(truth, scores, counts, sampleWeight);
    if (this.binned !== undefined) this.addBins(truth, probabilities, sampleWeight);
    else {
      this.chunks.push({
        labels: Int8Array.from(truth.data),
        scores: scores.data.slice(),
        weights: given,
        rows: truth.rows,
      });
    }
    return this;
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
    if (!sameOptions(this, other)) {
      throw new MultilabelError(
        'INVALID_ARGUMENT',
        '`other` was created with different options (threshold, fromLogits, zeroDivision, beta, bins or ignoreIndex); only accumulators with the same options merge.',
      );
    }
    if (other.labels < 0) return this;
    this.setLabels(other.labels);
    const shift = this.shiftFrom(other.weightExponent);
    addLabelCounts(this.counts as Float64Array, other.counts as Float64Array, shift);
    addLabelCounts(this.classCounts, other.classCounts);
    this.rowCount += other.rowCount;
    for (const name of ROW_METRICS)
      (this.means.get(name) as Mean).merge(other.means.get(name) as Mean, shift);
    if (this.binned !== undefined) this.binned.merge(other.binned as BinnedScores, shift);
    else for (const chunk of other.chunks) this.chunks.push(chunk);
    return this;
  }

  /**
   * Computes every metric on the rows seen so far.
   *
   * @returns The metrics.
   * @throws {@link MultilabelError} (`EMPTY_INPUT`) before the first row.
   */
  compute(): MultilabelMetricsResult {
    if (this.rowCount === 0 || this.counts === undefined) {
      throw new MultilabelError(
        'EMPTY_INPUT',
        'MultilabelMetrics has no rows yet: call `update(yTrue, yScore)` first.',
      );
    }
    const nanMode = this.zeroDivision === 'nan';
    const zd = zeroDivisionValue(this.zeroDivision);
    const counts: ConfusionCounts = {
      labels: this.labels,
      rows: this.rowCount,
      perLabel: this.counts,
      perRow: undefined,
    };
    const mean = (name: RowMetric): number => (this.means.get(name) as Mean).value(nanMode);
    const prfs = (average: 'micro' | 'macro' | 'weighted' | 'none', beta: number) =>
      safe(() => averagePrecisionRecallFscore(counts, average, beta, this.zeroDivision, undefined));
    const prf = (
      pick: 'precision' | 'recall' | 'fScore',
      beta: number,
      rowName: RowMetric,
    ): AveragedValues => ({
      micro: prfs('micro', beta)[pick] as number,
      macro: prfs('macro', beta)[pick] as number,
      weighted: prfs('weighted', beta)[pick] as number,
      samples: mean(rowName),
      perLabel: prfs('none', beta)[pick] as Float64Array,
    });
    const countMetric = (score: CountScore, rowName: RowMetric): AveragedValues => {
      const average = (a: 'micro' | 'macro' | 'weighted' | 'none') =>
        safe(() =>
          averageCountMetric(counts, a, score, { sampleWeight: undefined, nanMode, what: rowName }),
        );
      return {
        micro: average('micro') as number,
        macro: average('macro') as number,
        weighted: average('weighted') as number,
        samples: mean(rowName),
        perLabel: average('none') as Float64Array,
      };
    };
    let wrong = 0;
    let known = 0;
    for (let o = 0; o < this.counts.length; o += 4) {
      wrong += this.counts[o + FP] + this.counts[o + FN];
      known +=
        this.counts[o + TN] + this.counts[o + FP] + this.counts[o + FN] + this.counts[o + TP];
    }
    const ranking = this.binned !== undefined ? this.binnedRanking() : this.exactRanking();
    return {
      rows: this.rowCount,
      hammingLoss: known > 0 ? wrong / known : Number.NaN,
      subsetAccuracy: mean('exactMatch'),
      precision: prf('precision', 1, 'precision'),
      recall: prf('recall', 1, 'recall'),
      f1: prf('fScore', 1, 'f1'),
      fbeta: prf('fScore', this.beta, 'fbeta'),
      jaccard: countMetric((_tn, fp, fn, tp) => jaccardFromCounts(tp, fp, fn, zd), 'jaccard'),
      specificity: countMetric((tn, fp) => specificityFromCounts(tn, fp, zd), 'specificity'),
      // A single label column is one binary problem for every average (as the array function).
      averagePrecision: {
        ...ranking.averagePrecision,
        samples:
          this.labels === 1 ? ranking.averagePrecision.perLabel[0] : mean('averagePrecision'),
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
    this.labels = -1;
    this.counts = undefined;
    this.rowCount = 0;
    this.chunks = [];
    this.binned = undefined;
    this.classCounts = new Float64Array(0);
    this.means = new Map(ROW_METRICS.map((name) => [name, new Mean()]));
    this.weightExponent = undefined;
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
    const means: Record<string, MultilabelMetricsJSON['means'][string]> = {};
    for (const name of ROW_METRICS) {
      const { sum, weight, plainSum, defined } = this.means.get(name) as Mean;
      means[name] = { sum: writeSum(sum), weight: writeSum(weight), plainSum, defined };
    }
    const threshold = this.thresholdOption;
    return {
      format: METRICS_FORMAT,
      version: METRICS_VERSION,
      options: {
        threshold: typeof threshold === 'number' ? threshold : Array.from(threshold),
        fromLogits: this.fromLogits,
        zeroDivision: this.zeroDivision,
        beta: this.beta === Number.POSITIVE_INFINITY ? 'Infinity' : this.beta,
        bins: this.bins ?? null,
        ignoreIndex: this.allowMissing ? -1 : null,
      },
      labels: this.labels < 0 ? null : this.labels,
      rows: this.rowCount,
      weightExponent: this.weightExponent ?? null,
      counts: Array.from(this.counts ?? [], writeSum),
      classCounts: Array.from(this.classCounts),
      means,
      batches:
        this.bins !== undefined
          ? null
          : this.chunks.map((chunk) => ({
              rows: chunk.rows,
              labels: Array.from(chunk.labels),
              scores: Array.from(chunk.scores),
              dtype: chunk.scores instanceof Float32Array ? 'float32' : 'float64',
              sampleWeight: chunk.weights === undefined ? null : Array.from(chunk.weights),
            })),
      histograms:
        this.binned === undefined
          ? null
          : {
              positives: Array.from(this.binned.positives, writeSum),
              negatives: Array.from(this.binned.negatives, writeSum),
            },
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
    let metrics: MultilabelMetrics;
    try {
      metrics = new MultilabelMetrics(options);
    } catch (error) {
      // Name the field of the state, not the constructor's option.
      if (!(error instanceof MultilabelError)) throw error;
      const message = error.message.startsWith('`')
        ? `\`json.options.${error.message.slice(1)}`
        : `\`json.options\`: ${error.message}`;
      throw new MultilabelError(error.code, message);
    }
    const threshold = metrics.thresholdOption;
    const state = readMetricsState(record, {
      bins: metrics.bins,
      allowMissing: metrics.allowMissing,
      thresholdCount: typeof threshold === 'number' ? undefined : threshold.length,
      meanNames: ROW_METRICS,
    });
    if (state === undefined) return metrics;
    metrics.setLabels(state.labels);
    (metrics.counts as Float64Array).set(state.counts);
    metrics.classCounts.set(state.classCounts);
    metrics.rowCount = state.rows;
    metrics.weightExponent = state.weightExponent;
    for (const name of ROW_METRICS) {
      Object.assign(metrics.means.get(name) as Mean, state.means.get(name));
    }
    if (state.batches !== undefined) metrics.chunks = state.batches;
    if (metrics.binned !== undefined) {
      metrics.binned.positives.set(state.positives as Float64Array);
      metrics.binned.negatives.set(state.negatives as Float64Array);
    }
    return metrics;
  }

  /**
   * A batch's weights in the unit of the state (`2^weightExponent`; undefined for all 1 in
   * that unit). A batch whose largest weight needs a larger unit first moves the state to it.
   */
  private inStateUnit(scaled: ScaledWeights | undefined, rows: number): Float64Array | undefined {
    // Unweighted rows weigh 1 = 2^0; a batch of zero weights leaves the unit as it is.
    const anyPositive = scaled === undefined || scaled.weights.some((w) => w > 0);
    if (!anyPositive) return scaled.weights;
    const batch = scaled === undefined ? 0 : scaled.exponent;
    if (this.weightExponent === undefined) this.weightExponent = batch;
    else if (batch > this.weightExponent) {
      this.rescale(this.weightExponent - batch);
      this.weightExponent = batch;
    }
    const shift = batch - this.weightExponent;
    if (scaled === undefined) {
      return shift === 0 ? undefined : new Float64Array(rows).fill(ldexp(1, shift));
    }
    const weights = scaled.weights;
    if (shift !== 0) for (let r = 0; r < rows; r++) weights[r] = ldexp(weights[r], shift);
    return weights;
  }

  /**
   * Brings this state to a unit that also holds weights in `2^exponent` (another
   * accumulator's), and returns the shift that brings those into this unit.
   */
  private shiftFrom(exponent: number | undefined): number {
    if (exponent === undefined) return 0;
    if (this.weightExponent === undefined) {
      this.weightExponent = exponent;
      return 0;
    }
    if (exponent > this.weightExponent) {
      this.rescale(this.weightExponent - exponent);
      this.weightExponent = exponent;
    }
    return exponent - this.weightExponent;
  }

  /** Multiplies every weighted sum of the state by `2^shift` (a change of unit). */
  private rescale(shift: number): void {
    const counts = this.counts as Float64Array;
    for (let i = 0; i < counts.length; i++) counts[i] = ldexp(counts[i], shift);
    for (const mean of this.means.values()) mean.rescale(shift);
    this.binned?.rescale(shift);
  }

  /** Fixes the number of labels at the first batch; later batches must match it. */
  private setLabels(labels: number): void {
    if (this.labels === labels) return;
    if (this.labels >= 0) {
      throw new MultilabelError(
        'SHAPE_MISMATCH',
        `This batch has ${labels} label columns but the earlier ones had ${this.labels}. Every batch needs the same labels.`,
      );
    }
    if (typeof this.thresholdOption !== 'number' && this.thresholdOption.length !== labels) {
      throw new MultilabelError(
        'SHAPE_MISMATCH',
        `\`threshold\` has ${this.thresholdOption.length} values but the batch has ${labels} labels; give one threshold per label, or a single number.`,
      );
    }
    this.labels = labels;
    this.thresholds =
      typeof this.thresholdOption === 'number'
        ? new Float64Array(labels).fill(this.thresholdOption)
        : this.thresholdOption;
    this.counts = new Float64Array(4 * labels);
    this.classCounts = new Float64Array(2 * labels);
    if (this.bins !== undefined) this.binned = new BinnedScores(labels, this.bins);
  }

  /** Adds each row's count and ranking metrics to the running means. */
  private addRows(
    truth: DenseMatrix<Int8Array>,
    scores: DenseMatrix<FloatArray>,
    counts: ConfusionCounts,
    sampleWeight: Float64Array | undefined,
  ): void {
    const { rows, cols } = truth;
    const perRow = counts.perRow as Int32Array;
    const zd = zeroDivisionValue(this.zeroDivision);
    const m = (name: RowMetric) => this.means.get(name) as Mean;
    const [precision, recall, f1, fbeta, jaccard, specificity] = [
      m('precision'),
      m('recall'),
      m('f1'),
      m('fbeta'),
      m('jaccard'),
      m('specificity'),
    ];
    const [ap, exact, lrap, coverage, rankingLoss, oneError, ndcg] = [
      m('averagePrecision'),
      m('exactMatch'),
      m('lrap'),
      m('coverage'),
      m('rankingLoss'),
      m('oneError'),
      m('ndcg'),
    ];
    const ranker = new RowRanker();
    const top = new TopK(1);
    const ndcgScorer = new NdcgRowScorer(cols, cols, false);
    const t = truth.data;
    const s = scores.data;
    for (let r = 0; r < rows; r++) {
      const o = r << 2;
      const tn = perRow[o + TN];
      const fp = perRow[o + FP];
      const fn = perRow[o + FN];
      const tp = perRow[o + TP];
      if (tn + fp + fn + tp === 0) continue;
      const w = sampleWeight === undefined ? 1 : sampleWeight[r];
      this.rowCount++;
      precision.add(precisionFromCounts(tp, fp, zd), w);
      recall.add(recallFromCounts(tp, fn, zd), w);
      f1.add(fbetaFromCounts(tp, fp, fn, 1, zd), w);
      fbeta.add(fbetaFromCounts(tp, fp, fn, this.beta, zd), w);
      jaccard.add(jaccardFromCounts(tp, fp, fn, zd), w);
      specificity.add(specificityFromCounts(tn, fp, zd), w);
      exact.add(fp + fn === 0 ? 1 : 0, w);
      const base = r * cols;
      coverage.add(rowCoverage(t, s, base, cols), w);
      top.load(t, s, base, cols);
      oneError.add(t[base + top.index[0]] === 1 ? 0 : 1, w);
      ndcg.add(ndcgScorer.score(ranker, t, s, base) as number, w);
      // The scorer left the row in the ranker (with the strict counts, unused here).
      lrap.add(rowLabelRankingAveragePrecision(ranker) as number, w);
      rankingLoss.add(rowLabelRankingLoss(ranker) as number, w);
      const positives = ranker.positives;
      ap.add(
        positives === 0 || w === 0 ? 0 : ranker.negatives === 0 ? 1 : ranker.averagePrecision(),
        w,
      );
      for (let j = 0; j < cols; j++) {
        const label = t[base + j];
        if (label >= 0) this.classCounts[2 * j + label]++;
      }
    }
  }

  private addBins(
    truth: DenseMatrix<Int8Array>,
    probabilities: FloatArray,
    sampleWeight: Float64Array | undefined,
  ): void {
    const binned = this.binned as BinnedScores;
    const { rows, cols } = truth;
    const { bins } = binned;
    for (let r = 0, i = 0; r < rows; r++) {
      const w = sampleWeight === undefined ? 1 : sampleWeight[r];
      for (let j = 0; j < cols; j++, i++) {
        const label = truth.data[i];
        if (label < 0) continue;
        const p = probabilities[i];
        if (!(p >= 0 && p <= 1)) {
          throw new MultilabelError(
            'INVALID_ARGUMENT',
            `\`yScore[${r}][${j}]\` is ${p}, but binned metrics need probabilities in [0, 1]. Pass \`fromLogits: true\` for logits, or leave \`bins\` unset for exact metrics.`,
          );
        }
        const at = j * bins + binned.binOf(p);
        if (label === 1) binned.positives[at] += w;
        else binned.negatives[at] += w;
      }
    }
  }

  /** AP and ROC AUC on every kept score, with the array functions' code. */
  private exactRanking(): {
    averagePrecision: Omit<AveragedValues, 'samples'>;
    rocAuc: AveragedValues;
    errorBound: undefined;
  } {
    const { truth, scores, sampleWeight } = this.concatenated();
    const support = this.support();
    const weightedOk = !isCloseToZero(support);
    const apOptions = {
      sampleWeight,
      what: 'average precision',
      ranked: (ranks: { averagePrecision(): number }) => ranks.averagePrecision(),
    };
    const apUndefined = new Uint8Array(this.labels);
    const apPerLabel = labelScores(truth, scores, binaryAveragePrecision, {
      ...apOptions,
      undefinedLabels: apUndefined,
      undefinedFor: (positive, negative) => !positive && !negative,
    });
    const undefinedLabels = new Uint8Array(this.labels);
    const rocOptions = {
      sampleWeight,
      what: 'ROC AUC',
      ranked: rankedRocAuc,
      undefinedLabels,
      undefinedFor: (positive: boolean, negative: boolean) => !positive || !negative,
    };
    const rocPerLabel = labelScores(truth, scores, binaryRocAuc(undefined), rocOptions);
    const single = this.labels === 1;
    return {
      averagePrecision: {
        micro: single
          ? apPerLabel[0]
          : safe(() => pooledScore(truth, scores, binaryAveragePrecision, apOptions)),
        macro: single
          ? apPerLabel[0]
          : averageLabelScores(apPerLabel, undefined, 'average precision'),
        weighted: single
          ? apPerLabel[0]
          : !weightedOk
            ? 0
            : apUndefined.includes(1)
              ? Number.NaN
              : averageLabelScores(apPerLabel, support, 'average precision'),
        perLabel: apPerLabel,
      },
      rocAuc: {
        micro: single
          ? rocPerLabel[0]
          : safe(() => pooledScore(truth, scores, binaryRocAuc(undefined), rocOptions)),
        macro: single ? rocPerLabel[0] : averageLabelScores(rocPerLabel, undefined, 'ROC AUC'),
        weighted: single
          ? rocPerLabel[0]
          : !weightedOk
            ? 0
            : undefinedLabels.includes(1)
              ? Number.NaN
              : averageLabelScores(rocPerLabel, support, 'ROC AUC'),
        samples: Number.NaN,
        perLabel: rocPerLabel,
      },
      errorBound: undefined,
    };
  }

  /** AP and ROC AUC from the histograms, with their error bounds. */
  private binnedRanking(): {
    averagePrecision: Omit<AveragedValues, 'samples'>;
    rocAuc: AveragedValues;
    errorBound: { averagePrecision: AveragedValues; rocAuc: AveragedValues };
  } {
    const binned = this.binned as BinnedScores;
    const { labels, bins } = binned;
    const ap = new Float64Array(labels);
    const apBound = new Float64Array(labels);
    const auc = new Float64Array(labels);
    const aucBound = new Float64Array(labels);
    const pooledPositive = new Float64Array(bins);
    const pooledNegative = new Float64Array(bins);
    let oneClass = false;
    for (let j = 0; j < labels; j++) {
      const a = binnedAveragePrecision(binned.positives, binned.negatives, j * bins, bins);
      ap[j] = a.value;
      apBound[j] = a.bound;
      // scikit-learn refuses a label with one class among its known cells, weights aside.
      const twoClasses = this.classCounts[2 * j] > 0 && this.classCounts[2 * j + 1] > 0;
      oneClass ||= !twoClasses;
      const r = twoClasses
        ? binnedRocAuc(binned.positives, binned.negatives, j * bins, bins)
        : { value: Number.NaN, bound: Number.NaN };
      auc[j] = r.value;
      aucBound[j] = r.bound;
      for (let b = 0; b < bins; b++) {
        pooledPositive[b] += binned.positives[j * bins + b];
        pooledNegative[b] += binned.negatives[j * bins + b];
      }
    }
    const pooledAp = binnedAveragePrecision(pooledPositive, pooledNegative, 0, bins);
    const pooledAuc = binnedRocAuc(pooledPositive, pooledNegative, 0, bins);
    const support = this.support();
    const weightedOk = !isCloseToZero(support);
    const single = labels === 1;
    const average = (values: Float64Array, pooled: number, weighted: number): AveragedValues => ({
      micro: single ? values[0] : pooled,
      macro: single ? values[0] : averageLabelScores(values, undefined, 'average'),
      weighted: single ? values[0] : weighted,
      samples: Number.NaN,
      perLabel: values,
    });
    const weightedOf = (values: Float64Array) =>
      weightedOk ? averageLabelScores(values, support, 'average') : 0;
    // A label with nothing of positive weight is undefined, and so is a weighted mean over it.
    const apUndefined = ap.some((v) => Number.isNaN(v));
    return {
      averagePrecision: average(
        ap,
        pooledAp.value,
        apUndefined && weightedOk ? Number.NaN : weightedOf(ap),
      ),
      rocAuc: average(auc, pooledAuc.value, oneClass && weightedOk ? Number.NaN : weightedOf(auc)),
      errorBound: {
        averagePrecision: {
          ...average(apBound, pooledAp.bound, weightedOf(apBound)),
          // Samples-averaged AP is exact, except that a single column is one binned problem.
          samples: single ? apBound[0] : 0,
        },
        rocAuc: average(aucBound, pooledAuc.bound, weightedOf(aucBound)),
      },
    };
  }

  /** Each label's weighted positives (tp + fn): the weights of `'weighted'`. */
  private support(): Float64Array {
    const counts = this.counts as Float64Array;
    const out = new Float64Array(this.labels);
    for (let j = 0; j < this.labels; j++) out[j] = counts[(j << 2) + TP] + counts[(j << 2) + FN];
    return out;
  }

  /** Every kept batch as one matrix, in update (and merge) order. */
  private concatenated(): {
    truth: DenseMatrix<Int8Array>;
    scores: DenseMatrix<FloatArray>;
    sampleWeight: Float64Array | undefined;
  } {
    const cols = this.labels;
    if (this.chunks.length === 1) {
      const [chunk] = this.chunks;
      const weights = chunk.weights?.slice();
      if (weights !== undefined) scaleToUnit(weights);
      return {
        truth: { data: chunk.labels, rows: chunk.rows, cols },
        scores: { data: chunk.scores, rows: chunk.rows, cols },
        sampleWeight: weights,
      };
    }
    const rows = this.chunks.reduce((sum, chunk) => sum + chunk.rows, 0);
    const allFloat32 = this.chunks.every((chunk) => chunk.scores instanceof Float32Array);
    const labels = new Int8Array(rows * cols);
    const scores = allFloat32 ? new Float32Array(rows * cols) : new Float64Array(rows * cols);
    const weighted = this.chunks.some((chunk) => chunk.weights !== undefined);
    const weights = weighted ? new Float64Array(rows) : undefined;
    let row = 0;
    for (const chunk of this.chunks) {
      labels.set(chunk.labels, row * cols);
      scores.set(chunk.scores, row * cols);
      if (weights !== undefined) {
        if (chunk.weights === undefined) weights.fill(1, row, row + chunk.rows);
        else weights.set(chunk.weights, row);
      }
      row += chunk.rows;
    }
    // As the array functions read them: scaled so that the largest is in [1, 2).
    if (weights !== undefined) scaleToUnit(weights);
    return {
      truth: { data: labels, rows, cols },
      scores: { data: scores, rows, cols },
      sampleWeight: weights,
    };
  }

  /** Whether two accumulators were created with the same options. @internal */
  static sameOptions(a: MultilabelMetrics, b: MultilabelMetrics): boolean {
    const ta = a.thresholdOption;
    const tb = b.thresholdOption;
    const sameThreshold =
      typeof ta === 'number' || typeof tb === 'number'
        ? ta === tb
        : ta.length === tb.length && ta.every((v, i) => v === tb[i]);
    return (
      sameThreshold &&
      a.fromLogits === b.fromLogits &&
      a.zeroDivision === b.zeroDivision &&
      a.beta === b.beta &&
      a.bins === b.bins &&
      a.allowMissing === b.allowMissing
    );
  }
}

function sameOptions(a: MultilabelMetrics, b: MultilabelMetrics): boolean {
  return MultilabelMetrics.sameOptions(a, b);
}

/** The value, or NaN where the array function would throw `UNDEFINED_METRIC`. */
function safe<T>(compute: () => T): T {
  try {
    return compute();
  } catch (error) {
    if (error instanceof MultilabelError && error.code === 'UNDEFINED_METRIC') {
      return Number.NaN as T;
    }
    throw error;
  }
}

function readThreshold(value: unknown): number | Float64Array {
  if (value === undefined) return 0.5;
  if (typeof value === 'number') return checkNumber(value, 'threshold');
  if (
    value !== null &&
    typeof value === 'object' &&
    typeof (value as ArrayLike<number>).length === 'number'
  ) {
    const list = value as ArrayLike<unknown>;
    const out = new Float64Array(list.length);
    for (let j = 0; j < list.length; j++) out[j] = checkNumber(list[j], `threshold[${j}]`);
    return out;
  }
  throw new MultilabelError(
    'INVALID_OPTION',
    `\`threshold\` must be a number or an array with one number per label, but got ${valueText(value)}.`,
  );
}

function sigmoid(scores: FloatArray): Float64Array {
  const out = new Float64Array(scores.length);
  for (let i = 0; i < scores.length; i++) out[i] = 1 / (1 + Math.exp(-scores[i]));
  return out;
}

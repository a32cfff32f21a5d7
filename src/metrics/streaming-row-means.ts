import { forEachKnownRow } from '../core/kernels/count-averaging.js';
import {
  fbetaFromCounts,
  jaccardFromCounts,
  precisionFromCounts,
  recallFromCounts,
  specificityFromCounts,
} from '../core/kernels/count-scores.js';
import { TopK } from '../core/kernels/top-k.js';
import type { DenseMatrix, FloatArray } from '../core/matrix.js';
import { ldexp } from '../core/weights.js';
import { rowCoverage } from './coverage-error.js';
import { rowLabelRankingAveragePrecision } from './label-ranking-average-precision.js';
import { rowLabelRankingLoss } from './label-ranking-loss.js';
import type { MeanState, MultilabelMetricsJSON } from './multilabel-metrics-json.js';
import { writeSum } from './multilabel-metrics-json-fields.js';
import { NdcgRowScorer } from './ndcg-score.js';
import { RowRanker } from './row-ranking.js';

/**
 * The row-mean state of {@link MultilabelMetrics}: the running (weighted) means of every metric
 * computed per row (the `samples` averages and the per-row ranking metrics), in O(1) memory.
 *
 * @internal
 * @module
 */

/** A weighted mean accumulated piece by piece, with scikit-learn's rules for NaN entries. @internal */
export class Mean implements MeanState {
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

/** The per-row metrics, by their names in the serial form. @internal */
export const ROW_METRICS = [
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

/** The name of a per-row metric. @internal */
export type RowMetric = (typeof ROW_METRICS)[number];

/** The running means of the per-row metrics, and the number of rows averaged. @internal */
export class RowMeanState {
  /** Rows seen with at least one known label. */
  rows = 0;
  readonly precision = new Mean();
  readonly recall = new Mean();
  readonly f1 = new Mean();
  readonly fbeta = new Mean();
  readonly jaccard = new Mean();
  readonly specificity = new Mean();
  readonly averagePrecision = new Mean();
  readonly exactMatch = new Mean();
  readonly lrap = new Mean();
  readonly coverage = new Mean();
  readonly rankingLoss = new Mean();
  readonly oneError = new Mean();
  readonly ndcg = new Mean();

  /**
   * @param zeroDivision The value of 0/0 in the count metrics.
   * @param beta The beta of the F-beta score.
   */
  constructor(
    private readonly zeroDivision: number,
    private readonly beta: number,
  ) {}

  /**
   * Adds each row's count and ranking metrics; rows without a known cell are skipped.
   *
   * @param perRow The row's tn, fp, fn, tp at the threshold (4 per row).
   * @param sampleWeight The weights in the state's unit; undefined for 1.
   */
  update(
    truth: DenseMatrix<Int8Array>,
    scores: DenseMatrix<FloatArray>,
    perRow: Int32Array,
    sampleWeight: Float64Array | undefined,
  ): void {
    const { cols } = truth;
    const zd = this.zeroDivision;
    const { precision, recall, f1, fbeta, jaccard, specificity, exactMatch } = this;
    const { averagePrecision, lrap, coverage, rankingLoss, oneError, ndcg } = this;
    const ranker = new RowRanker();
    const top = new TopK(1);
    const ndcgScorer = new NdcgRowScorer(cols, cols, false);
    const t = truth.data;
    const s = scores.data;
    forEachKnownRow(perRow, (r, tn, fp, fn, tp) => {
      const w = sampleWeight === undefined ? 1 : sampleWeight[r];
      this.rows++;
      precision.add(precisionFromCounts(tp, fp, zd), w);
      recall.add(recallFromCounts(tp, fn, zd), w);
      f1.add(fbetaFromCounts(tp, fp, fn, 1, zd), w);
      fbeta.add(fbetaFromCounts(tp, fp, fn, this.beta, zd), w);
      jaccard.add(jaccardFromCounts(tp, fp, fn, zd), w);
      specificity.add(specificityFromCounts(tn, fp, zd), w);
      exactMatch.add(fp + fn === 0 ? 1 : 0, w);
      const base = r * cols;
      coverage.add(rowCoverage(t, s, base, cols), w);
      top.load(t, s, base, cols);
      oneError.add(t[base + top.index[0]] === 1 ? 0 : 1, w);
      ndcg.add(ndcgScorer.score(ranker, t, s, base) as number, w);
      // The scorer left the row in the ranker (with the strict counts, unused here).
      lrap.add(rowLabelRankingAveragePrecision(ranker) as number, w);
      rankingLoss.add(rowLabelRankingLoss(ranker) as number, w);
      const positives = ranker.positives;
      averagePrecision.add(
        positives === 0 || w === 0 ? 0 : ranker.negatives === 0 ? 1 : ranker.averagePrecision(),
        w,
      );
    });
  }

  /** Adds `other`'s means, whose weights are `2^shift` times this one's unit. */
  merge(other: RowMeanState, shift: number): void {
    this.rows += other.rows;
    for (const name of ROW_METRICS) this[name].merge(other[name], shift);
  }

  /** Multiplies every weight by `2^shift` (a change of their unit). */
  rescale(shift: number): void {
    for (const name of ROW_METRICS) this[name].rescale(shift);
  }

  /** The `means` field of the serial form. */
  toJSON(): MultilabelMetricsJSON['means'] {
    const means: Record<string, MultilabelMetricsJSON['means'][string]> = {};
    for (const name of ROW_METRICS) {
      const { sum, weight, plainSum, defined } = this[name];
      means[name] = { sum: writeSum(sum), weight: writeSum(weight), plainSum, defined };
    }
    return means;
  }

  /** Loads checked means (every name of {@link ROW_METRICS}) and the row count. */
  load(means: ReadonlyMap<string, MeanState>, rows: number): void {
    this.rows = rows;
    for (const name of ROW_METRICS) Object.assign(this[name], means.get(name));
  }
}

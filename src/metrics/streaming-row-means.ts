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

/** The number of per-row metrics. @internal */
export const ROW_METRIC_COUNT = ROW_METRICS.length;

/**
 * Scores every row that has a known cell: calls `visit(r, w, values)` in row order with the
 * row's weight and its value of each per-row metric, in {@link ROW_METRICS} order (`values` is
 * reused between calls). A NaN value is one the mean leaves out.
 *
 * @param perRow The rows' tn, fp, fn, tp at the threshold (4 per row).
 * @param sampleWeight The weights in the state's unit; undefined for 1.
 * @param zeroDivision The value of 0/0 in the count metrics.
 * @param beta The beta of the F-beta score.
 * @internal
 */
export function scoreRows(
  truth: DenseMatrix<Int8Array>,
  scores: DenseMatrix<FloatArray>,
  perRow: Int32Array,
  sampleWeight: Float64Array | undefined,
  zeroDivision: number,
  beta: number,
  visit: (r: number, w: number, values: Float64Array) => void,
): void {
  const { cols } = truth;
  const zd = zeroDivision;
  const ranker = new RowRanker();
  const top = new TopK(1);
  const ndcgScorer = new NdcgRowScorer(cols, cols, false);
  const t = truth.data;
  const s = scores.data;
  const v = new Float64Array(ROW_METRIC_COUNT);
  forEachKnownRow(perRow, (r, tn, fp, fn, tp) => {
    const w = sampleWeight === undefined ? 1 : sampleWeight[r];
    v[0] = precisionFromCounts(tp, fp, zd);
    v[1] = recallFromCounts(tp, fn, zd);
    v[2] = fbetaFromCounts(tp, fp, fn, 1, zd);
    v[3] = fbetaFromCounts(tp, fp, fn, beta, zd);
    v[4] = jaccardFromCounts(tp, fp, fn, zd);
    v[5] = specificityFromCounts(tn, fp, zd);
    v[7] = fp + fn === 0 ? 1 : 0;
    const base = r * cols;
    v[9] = rowCoverage(t, s, base, cols);
    top.load(t, s, base, cols);
    v[11] = t[base + top.index[0]] === 1 ? 0 : 1;
    v[12] = ndcgScorer.score(ranker, t, s, base) as number;
    // The scorer left the row in the ranker (with the strict counts, unused here).
    v[8] = rowLabelRankingAveragePrecision(ranker) as number;
    v[10] = rowLabelRankingLoss(ranker) as number;
    const positives = ranker.positives;
    v[6] = positives === 0 || w === 0 ? 0 : ranker.negatives === 0 ? 1 : ranker.averagePrecision();
    visit(r, w, v);
  });
}

/** The running means of the per-row metrics, and the number of rows averaged. @internal */
export class RowMeanState {
  /** Rows seen with at least one known label. */
  rows = 0;
  /** One mean per row metric, in {@link ROW_METRICS} order. */
  private readonly means: readonly Mean[] = ROW_METRICS.map(() => new Mean());

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
    const means = this.means;
    scoreRows(truth, scores, perRow, sampleWeight, this.zeroDivision, this.beta, (_r, w, v) => {
      this.rows++;
      for (let k = 0; k < ROW_METRIC_COUNT; k++) means[k].add(v[k], w);
    });
  }

  /**
   * Adds rows scored apart by {@link scoreRows}, in row order: row `r`'s values at
   * `values[r * ROW_METRIC_COUNT ..]` (in {@link ROW_METRICS} order), added when `known[r]` is 1.
   *
   * @param sampleWeight The weights of these rows in the state's unit; undefined for 1.
   */
  addRows(values: Float64Array, known: Uint8Array, sampleWeight: Float64Array | undefined): void {
    const means = this.means;
    for (let r = 0; r < known.length; r++) {
      if (known[r] === 0) continue;
      const w = sampleWeight === undefined ? 1 : sampleWeight[r];
      this.rows++;
      for (let k = 0, o = r * ROW_METRIC_COUNT; k < ROW_METRIC_COUNT; k++, o++) {
        means[k].add(values[o], w);
      }
    }
  }

  /** Adds `other`'s means, whose weights are `2^shift` times this one's unit. */
  merge(other: RowMeanState, shift: number): void {
    this.rows += other.rows;
    for (let k = 0; k < ROW_METRIC_COUNT; k++) this.means[k].merge(other.means[k], shift);
  }

  /** Multiplies every weight by `2^shift` (a change of their unit). */
  rescale(shift: number): void {
    for (const mean of this.means) mean.rescale(shift);
  }

  /** The `means` field of the serial form. */
  toJSON(): MultilabelMetricsJSON['means'] {
    const means: Record<string, MultilabelMetricsJSON['means'][string]> = {};
    ROW_METRICS.forEach((name, k) => {
      const { sum, weight, plainSum, defined } = this.means[k];
      means[name] = { sum: writeSum(sum), weight: writeSum(weight), plainSum, defined };
    });
    return means;
  }

  /** Loads checked means (every name of {@link ROW_METRICS}) and the row count. */
  load(means: ReadonlyMap<string, MeanState>, rows: number): void {
    this.rows = rows;
    for (let k = 0; k < ROW_METRIC_COUNT; k++)
      Object.assign(this.means[k], means.get(ROW_METRICS[k]));
  }

  /**
   * The mean of the row metric `name` (NaN without a defined row; with `nanMode`, zero total
   * weight falls back to the plain mean).
   */
  value(name: RowMetric, nanMode: boolean): number {
    return this.means[ROW_METRICS.indexOf(name)].value(nanMode);
  }
}

import type { DenseMatrix, FloatArray } from '../core/matrix.js';
import { scaleToUnit } from '../core/weights.js';
import { binaryAveragePrecision } from './average-precision-score.js';
import {
  averageLabelScores,
  type BinaryMetric,
  isCloseToZero,
  type LabelScoreOptions,
  labelScoresOf,
  pooledScoresOf,
} from './label-averaging.js';
import type { BatchState, MultilabelMetricsJSON } from './multilabel-metrics-json.js';
import type { RankingValues } from './multilabel-metrics-result.js';
import { binaryRocAuc, rankedRocAuc } from './roc-auc-score.js';

/**
 * The ranking states of {@link MultilabelMetrics}: per-label average precision and ROC AUC,
 * exact (every batch kept; here) or binned (fixed-size histograms with an error bound;
 * `streaming-binned-ranking.ts`), and what they share.
 *
 * @internal
 * @module
 */

/** One batch as the ranking states receive it. @internal */
export interface RankingBatch {
  truth: DenseMatrix<Int8Array>;
  /** The scores as given. */
  scores: FloatArray;
  /** The scores as probabilities (the sigmoid of logits). */
  probabilities: FloatArray;
  /** The weights as given (not scaled); undefined for none. */
  givenWeights: Float64Array | undefined;
  /** The weights in the state's unit; undefined for 1. */
  sampleWeight: Float64Array | undefined;
}

/** What both ranking states share: the known cells of each class per label. @internal */
export abstract class RankingState {
  /** Unweighted known negatives and positives of label `j` at `2 * j` and `2 * j + 1`. */
  readonly classCounts: Float64Array;

  constructor(readonly labels: number) {
    this.classCounts = new Float64Array(2 * labels);
  }

  /** Counts the batch's known cells per label and class. */
  protected countClasses(truth: DenseMatrix<Int8Array>): void {
    const t = truth.data;
    const { cols } = truth;
    for (let i = 0, j = 0; i < t.length; i++) {
      const label = t[i];
      if (label >= 0) this.classCounts[2 * j + label]++;
      if (++j === cols) j = 0;
    }
  }

  /** Whether some label has a known cell of each class. */
  protected bothClasses(): boolean {
    let negatives = 0;
    let positives = 0;
    for (let j = 0; j < this.labels; j++) {
      negatives += this.classCounts[2 * j];
      positives += this.classCounts[2 * j + 1];
    }
    return negatives > 0 && positives > 0;
  }
}

/**
 * The `'weighted'` average of per-label values: 0 without support, NaN over an undefined label.
 *
 * @internal
 */
export function weightedAverage(
  values: Float64Array,
  support: Float64Array,
  anyUndefined: boolean,
  what: string,
): number {
  if (isCloseToZero(support)) return 0;
  return anyUndefined ? Number.NaN : averageLabelScores(values, support, what);
}

/** Exact average precision and ROC AUC: every batch is kept and ranked at `compute`. @internal */
export class ExactRanking extends RankingState {
  batches: BatchState[] = [];

  update(batch: RankingBatch): void {
    this.countClasses(batch.truth);
    this.batches.push({
      labels: Int8Array.from(batch.truth.data),
      scores: batch.scores.slice(),
      weights: batch.givenWeights,
      rows: batch.truth.rows,
    });
  }

  /** Adds `other`'s batches (kept with their weights as given: no change of unit). */
  merge(other: ExactRanking): void {
    addClassCounts(this.classCounts, other.classCounts);
    for (const batch of other.batches) this.batches.push(batch);
  }

  /** Nothing to rescale: the batches keep their weights as given. */
  rescale(_shift: number): void {}

  /** AP and ROC AUC on every kept score, with the array functions' code. */
  compute(support: Float64Array): RankingValues {
    const { truth, scores, sampleWeight } = this.concatenated();
    // Without sample weights, each label is ranked once for both.
    const [ap, roc] = exactLabelValues(truth, scores, sampleWeight, ['averagePrecision', 'rocAuc']);
    // A single label column is one binary problem for every average: nothing pooled.
    const pooled = (metric: ExactMetric) =>
      this.labels === 1
        ? Number.NaN
        : exactPooledValues(truth, scores, sampleWeight, [metric], this.bothClasses())[0];
    return exactRankingValues(ap, roc, pooled('averagePrecision'), pooled('rocAuc'), support);
  }

  /** The `batches` field of the serial form. */
  toJSON(): MultilabelMetricsJSON['batches'] {
    return this.batches.map((batch) => ({
      rows: batch.rows,
      labels: Array.from(batch.labels),
      scores: Array.from(batch.scores),
      dtype: batch.scores instanceof Float32Array ? 'float32' : 'float64',
      sampleWeight: batch.weights === undefined ? null : Array.from(batch.weights),
    }));
  }

  /** Loads checked batches and class counts. */
  load(batches: BatchState[], classCounts: Float64Array): void {
    this.batches = batches;
    this.classCounts.set(classCounts);
  }

  /** Every kept batch as one matrix, in update (and merge) order. */
  private concatenated(): {
    truth: DenseMatrix<Int8Array>;
    scores: DenseMatrix<FloatArray>;
    sampleWeight: Float64Array | undefined;
  } {
    const cols = this.labels;
    if (this.batches.length === 1) {
      const [batch] = this.batches;
      return {
        truth: { data: batch.labels, rows: batch.rows, cols },
        scores: { data: batch.scores, rows: batch.rows, cols },
        sampleWeight: unitWeights(batch.weights),
      };
    }
    const rows = this.batches.reduce((sum, batch) => sum + batch.rows, 0);
    const allFloat32 = this.batches.every((batch) => batch.scores instanceof Float32Array);
    const labels = new Int8Array(rows * cols);
    const scores = allFloat32 ? new Float32Array(rows * cols) : new Float64Array(rows * cols);
    const weighted = this.batches.some((batch) => batch.weights !== undefined);
    const weights = weighted ? new Float64Array(rows) : undefined;
    let row = 0;
    for (const batch of this.batches) {
      labels.set(batch.labels, row * cols);
      scores.set(batch.scores, row * cols);
      if (weights !== undefined) {
        if (batch.weights === undefined) weights.fill(1, row, row + batch.rows);
        else weights.set(batch.weights, row);
      }
      row += batch.rows;
    }
    // As the array functions read them: scaled so that the largest is in [1, 2).
    if (weights !== undefined) scaleToUnit(weights);
    return {
      truth: { data: labels, rows, cols },
      scores: { data: scores, rows, cols },
      sampleWeight: weights,
    };
  }
}

/**
 * A copy of one batch's weights as given, as the exact ranking metrics read them: scaled so
 * that the largest is in [1, 2), as the array functions do. Undefined for none.
 *
 * @internal
 */
export function unitWeights(given: Float64Array | undefined): Float64Array | undefined {
  const weights = given?.slice();
  if (weights !== undefined) scaleToUnit(weights);
  return weights;
}

/**
 * Whether the known cells hold both classes (the pooled ROC AUC is undefined otherwise).
 *
 * @internal
 */
export function hasBothClasses(truth: DenseMatrix<Int8Array>): boolean {
  const t = truth.data;
  let negative = false;
  let positive = false;
  for (let i = 0; i < t.length; i++) {
    if (t[i] === 0) negative = true;
    else if (t[i] === 1) positive = true;
    if (negative && positive) return true;
  }
  return false;
}

/** A per-label ranking metric of the exact state. @internal */
export type ExactMetric = 'averagePrecision' | 'rocAuc';

/** One per-label metric's values, with the labels where it is undefined flagged. @internal */
export interface ExactLabelValues {
  values: Float64Array;
  undefinedLabels: Uint8Array;
}

function exactOptions(
  metric: ExactMetric,
  sampleWeight: Float64Array | undefined,
  undefinedLabels: Uint8Array | undefined,
  columns?: readonly [number, number],
): { binary: BinaryMetric; options: LabelScoreOptions } {
  if (metric === 'averagePrecision') {
    return {
      binary: binaryAveragePrecision,
      options: {
        sampleWeight,
        what: 'average precision',
        ranked: (ranks) => ranks.averagePrecision(),
        undefinedLabels,
        undefinedFor: (positive, negative) => !positive && !negative,
        columns,
      },
    };
  }
  return {
    binary: binaryRocAuc(undefined),
    options: {
      sampleWeight,
      what: 'ROC AUC',
      ranked: rankedRocAuc,
      undefinedLabels,
      undefinedFor: (positive, negative) => !positive || !negative,
      columns,
    },
  };
}

/**
 * The exact per-label values of each of `metrics` (average precision, ROC AUC) on every label
 * (or on the labels `from .. to`; the others stay 0), with the array functions' code; without
 * weights each label is ranked once for all of them. `sampleWeight` is scaled to unit.
 *
 * @internal
 */
export function exactLabelValues(
  truth: DenseMatrix<Int8Array>,
  scores: DenseMatrix<FloatArray>,
  sampleWeight: Float64Array | undefined,
  metrics: readonly ExactMetric[],
  columns?: readonly [from: number, to: number],
): ExactLabelValues[] {
  const flags = metrics.map(() => new Uint8Array(truth.cols));
  const scored = metrics.map((metric, k) => {
    const { binary, options } = exactOptions(metric, sampleWeight, flags[k], columns);
    return { metric: binary, options };
  });
  return labelScoresOf(truth, scores, scored).map((values, k) => ({
    values,
    undefinedLabels: flags[k],
  }));
}

/**
 * The exact pooled (`'micro'`) value of each of `metrics`; NaN where the array functions refuse
 * it: no known cell of positive weight (and, for ROC AUC, `bothClasses` false). Without weights
 * the cells are ranked once for all of them.
 *
 * @param bothClasses Whether the known cells hold both classes.
 * @internal
 */
export function exactPooledValues(
  truth: DenseMatrix<Int8Array>,
  scores: DenseMatrix<FloatArray>,
  sampleWeight: Float64Array | undefined,
  metrics: readonly ExactMetric[],
  bothClasses: boolean,
): number[] {
  const weighted = hasWeightedCell(truth, sampleWeight);
  const defined = metrics.map(
    (metric) => weighted && (metric === 'averagePrecision' || bothClasses),
  );
  const scored = metrics
    .filter((_, k) => defined[k])
    .map((metric) => {
      const { binary, options } = exactOptions(metric, sampleWeight, undefined);
      return { metric: binary, options };
    });
  const values = scored.length === 0 ? [] : pooledScoresOf(truth, scores, scored);
  let next = 0;
  return defined.map((d) => (d ? values[next++] : Number.NaN));
}

/**
 * The exact ranking values from the per-label values and the pooled ones (unused for a
 * single label column, which is one binary problem for every average).
 *
 * @param support Each label's weighted positives: the weights of `'weighted'`.
 * @internal
 */
export function exactRankingValues(
  ap: ExactLabelValues,
  roc: ExactLabelValues,
  apMicro: number,
  rocMicro: number,
  support: Float64Array,
): RankingValues {
  const apPerLabel = ap.values;
  const rocPerLabel = roc.values;
  if (apPerLabel.length === 1) {
    const [a] = apPerLabel;
    const [auc] = rocPerLabel;
    return {
      averagePrecision: { micro: a, macro: a, weighted: a, perLabel: apPerLabel },
      rocAuc: { micro: auc, macro: auc, weighted: auc, samples: Number.NaN, perLabel: rocPerLabel },
      errorBound: undefined,
    };
  }
  return {
    averagePrecision: {
      micro: apMicro,
      macro: averageLabelScores(apPerLabel, undefined, 'average precision'),
      weighted: weightedAverage(
        apPerLabel,
        support,
        ap.undefinedLabels.includes(1),
        'average precision',
      ),
      perLabel: apPerLabel,
    },
    rocAuc: {
      micro: rocMicro,
      macro: averageLabelScores(rocPerLabel, undefined, 'ROC AUC'),
      weighted: weightedAverage(rocPerLabel, support, roc.undefinedLabels.includes(1), 'ROC AUC'),
      samples: Number.NaN,
      perLabel: rocPerLabel,
    },
    errorBound: undefined,
  };
}

/** Adds the class counts of `source` to `target`. @internal */
export function addClassCounts(target: Float64Array, source: Float64Array): void {
  for (let i = 0; i < target.length; i++) target[i] += source[i];
}

/** Whether a known cell lies in a row of positive weight (every row weighs 1 without weights). */
function hasWeightedCell(
  truth: DenseMatrix<Int8Array>,
  sampleWeight: Float64Array | undefined,
): boolean {
  const { rows, cols, data } = truth;
  for (let r = 0; r < rows; r++) {
    if (sampleWeight !== undefined && !(sampleWeight[r] > 0)) continue;
    for (let i = r * cols; i < (r + 1) * cols; i++) if (data[i] >= 0) return true;
  }
  return false;
}

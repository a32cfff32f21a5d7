import { MultilabelError } from '../core/errors.js';
import { BinnedScores, binnedRanking } from './binned-ranking.js';
import { averageLabelScores } from './label-averaging.js';
import type { MultilabelMetricsJSON } from './multilabel-metrics-json.js';
import { writeSum } from './multilabel-metrics-json-fields.js';
import type { AveragedValues, RankingValues } from './multilabel-metrics-result.js';
import {
  addClassCounts,
  type RankingBatch,
  RankingState,
  weightedAverage,
} from './streaming-ranking.js';

/**
 * The binned ranking state of {@link MultilabelMetrics}: per-label histograms of the scores of
 * each class, from which average precision and ROC AUC are computed with an error bound.
 *
 * @internal
 * @module
 */

/** Binned average precision and ROC AUC, with their error bounds. @internal */
export class BinnedRanking extends RankingState {
  readonly histograms: BinnedScores;

  constructor(labels: number, bins: number) {
    super(labels);
    this.histograms = new BinnedScores(labels, bins);
  }

  /**
   * Adds each known cell's weight to its label's bin.
   *
   * @throws {@link MultilabelError} on a probability outside [0, 1].
   */
  update(batch: RankingBatch): void {
    const { truth, probabilities, sampleWeight } = batch;
    this.countClasses(truth);
    const binned = this.histograms;
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

  /** Adds `other`'s histograms, whose weights are `2^shift` times this one's unit. */
  merge(other: BinnedRanking, shift: number): void {
    addClassCounts(this.classCounts, other.classCounts);
    this.histograms.merge(other.histograms, shift);
  }

  /** Multiplies every bin by `2^shift` (a change of the weights' unit). */
  rescale(shift: number): void {
    this.histograms.rescale(shift);
  }

  /** AP and ROC AUC from the histograms, with their error bounds. */
  compute(support: Float64Array): RankingValues {
    const binned = this.histograms;
    const { labels, bins } = binned;
    const ap = new Float64Array(labels);
    const apBound = new Float64Array(labels);
    const auc = new Float64Array(labels);
    const aucBound = new Float64Array(labels);
    const pooledPositive = new Float64Array(bins);
    const pooledNegative = new Float64Array(bins);
    let oneClass = false;
    const { positives, negatives } = binned;
    for (let j = 0; j < labels; j++) {
      const label = binnedRanking({ positives, negatives, offset: j * bins, bins });
      ap[j] = label.ap.value;
      apBound[j] = label.ap.bound;
      // scikit-learn refuses a label with one class among its known cells, weights aside.
      const twoClasses = this.classCounts[2 * j] > 0 && this.classCounts[2 * j + 1] > 0;
      oneClass ||= !twoClasses;
      const r = twoClasses ? label.auc : { value: Number.NaN, bound: Number.NaN };
      auc[j] = r.value;
      aucBound[j] = r.bound;
      for (let b = 0; b < bins; b++) {
        pooledPositive[b] += positives[j * bins + b];
        pooledNegative[b] += negatives[j * bins + b];
      }
    }
    const pooled = binnedRanking({
      positives: pooledPositive,
      negatives: pooledNegative,
      offset: 0,
      bins,
    });
    const single = labels === 1;
    const average = (values: Float64Array, pooled: number, weighted: number): AveragedValues => ({
      micro: single ? values[0] : pooled,
      macro: single ? values[0] : averageLabelScores(values, undefined, 'average'),
      weighted: single ? values[0] : weighted,
      samples: Number.NaN,
      perLabel: values,
    });
    // A label with nothing of positive weight is undefined, and so is a weighted mean over it.
    const apUndefined = ap.some((v) => Number.isNaN(v));
    return {
      averagePrecision: average(
        ap,
        pooled.ap.value,
        weightedAverage(ap, support, apUndefined, 'average'),
      ),
      rocAuc: average(auc, pooled.auc.value, weightedAverage(auc, support, oneClass, 'average')),
      errorBound: {
        averagePrecision: {
          ...average(apBound, pooled.ap.bound, weightedAverage(apBound, support, false, 'average')),
          // Samples-averaged AP is exact, except that a single column is one binned problem.
          samples: single ? apBound[0] : 0,
        },
        rocAuc: average(
          aucBound,
          pooled.auc.bound,
          weightedAverage(aucBound, support, false, 'average'),
        ),
      },
    };
  }

  /** The `histograms` field of the serial form. */
  toJSON(): MultilabelMetricsJSON['histograms'] {
    return {
      positives: Array.from(this.histograms.positives, writeSum),
      negatives: Array.from(this.histograms.negatives, writeSum),
    };
  }

  /** Loads checked histograms and class counts. */
  load(positives: Float64Array, negatives: Float64Array, classCounts: Float64Array): void {
    this.histograms.positives.set(positives);
    this.histograms.negatives.set(negatives);
    this.classCounts.set(classCounts);
  }
}

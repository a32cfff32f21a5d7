import {
  addLabelCounts,
  type ConfusionCounts,
  FN,
  FP,
  TN,
  TP,
} from '../core/kernels/confusion-counts.js';
import {
  averageCountMetric,
  type CountScore,
  labelSupport,
} from '../core/kernels/count-averaging.js';
import { jaccardFromCounts, specificityFromCounts } from '../core/kernels/count-scores.js';
import { ldexp } from '../core/weights.js';
import { writeSum } from './multilabel-metrics-json-fields.js';
import type { LabelAveragedValues } from './multilabel-metrics-result.js';
import { averagePrecisionRecallFscore } from './precision-recall-fscore.js';
import { type ZeroDivision, zeroDivisionValue } from './zero-division.js';

/**
 * The count state of {@link MultilabelMetrics}: each label's sample-weighted confusion counts at
 * the threshold, and the count metrics averaged over labels from them.
 *
 * @internal
 * @module
 */

/** The count metrics of a {@link CountState}, without the row (`samples`) averages. @internal */
export interface CountValues {
  hammingLoss: number;
  precision: LabelAveragedValues;
  recall: LabelAveragedValues;
  f1: LabelAveragedValues;
  fbeta: LabelAveragedValues;
  jaccard: LabelAveragedValues;
  specificity: LabelAveragedValues;
}

const LABEL_AVERAGES = ['micro', 'macro', 'weighted', 'none'] as const;

/** Per label, the sample-weighted tn, fp, fn, tp at the threshold. @internal */
export class CountState {
  /** The counts of label `j` at `4 * j` (in the order of `confusion-counts.ts`). */
  readonly counts: Float64Array;

  constructor(readonly labels: number) {
    this.counts = new Float64Array(4 * labels);
  }

  /** Adds a batch's per-label counts (in the state's weight unit). */
  update(perLabel: Float64Array): void {
    addLabelCounts(this.counts, perLabel);
  }

  /** Adds `other`'s counts, whose weights are `2^shift` times this one's unit. */
  merge(other: CountState, shift: number): void {
    addLabelCounts(this.counts, other.counts, shift);
  }

  /** Multiplies every count by `2^shift` (a change of the weights' unit). */
  rescale(shift: number): void {
    const counts = this.counts;
    for (let i = 0; i < counts.length; i++) counts[i] = ldexp(counts[i], shift);
  }

  /** Each label's weighted positives (tp + fn): the weights of `'weighted'`. */
  support(): Float64Array {
    return labelSupport(this.confusion());
  }

  /**
   * The count metrics, as the array functions compute them. None of these averages throws:
   * there is at least one label, and `'weighted'` falls back to the plain mean (or, for
   * precision, recall and F, to scikit-learn's fixed values) when no label has support, so an
   * undefined value is NaN (`zeroDivision: 'nan'`) and never an error.
   */
  compute(zeroDivision: ZeroDivision, beta: number): CountValues {
    const counts = this.confusion();
    const nanMode = zeroDivision === 'nan';
    const zd = zeroDivisionValue(zeroDivision);
    const prf = (b: number) =>
      LABEL_AVERAGES.map((a) =>
        averagePrecisionRecallFscore(counts, a, b, zeroDivision, undefined),
      );
    const plain = prf(1);
    const weighted = beta === 1 ? plain : prf(beta);
    const pick = (
      all: ReturnType<typeof prf>,
      name: 'precision' | 'recall' | 'fScore',
    ): LabelAveragedValues => ({
      micro: all[0][name] as number,
      macro: all[1][name] as number,
      weighted: all[2][name] as number,
      perLabel: all[3][name] as Float64Array,
    });
    const countMetric = (score: CountScore, what: string): LabelAveragedValues => {
      const [micro, macro, weightedValue, perLabel] = LABEL_AVERAGES.map((a) =>
        averageCountMetric(counts, a, score, { sampleWeight: undefined, nanMode, what }),
      );
      return {
        micro: micro as number,
        macro: macro as number,
        weighted: weightedValue as number,
        perLabel: perLabel as Float64Array,
      };
    };
    let wrong = 0;
    let known = 0;
    const c = this.counts;
    for (let o = 0; o < c.length; o += 4) {
      wrong += c[o + FP] + c[o + FN];
      known += c[o + TN] + c[o + FP] + c[o + FN] + c[o + TP];
    }
    return {
      hammingLoss: known > 0 ? wrong / known : Number.NaN,
      precision: pick(plain, 'precision'),
      recall: pick(plain, 'recall'),
      f1: pick(plain, 'fScore'),
      fbeta: pick(weighted, 'fScore'),
      jaccard: countMetric((_tn, fp, fn, tp) => jaccardFromCounts(tp, fp, fn, zd), 'jaccard'),
      specificity: countMetric((tn, fp) => specificityFromCounts(tn, fp, zd), 'specificity'),
    };
  }

  /** The `counts` field of the serial form. */
  toJSON(): (number | 'Infinity')[] {
    return Array.from(this.counts, writeSum);
  }

  /** Loads checked counts (`4 * labels` values). */
  load(counts: Float64Array): void {
    this.counts.set(counts);
  }

  private confusion(): ConfusionCounts {
    return { labels: this.labels, rows: 0, perLabel: this.counts, perRow: undefined };
  }
}

import { MultilabelError } from '../core/errors.js';
import { type ConfusionCounts, FP, TP } from '../core/kernels/confusion-counts.js';
import {
  averageCountMetric,
  type CountScore,
  labelSupport,
} from '../core/kernels/count-averaging.js';
import {
  fbetaFromCounts,
  precisionFromCounts,
  recallFromCounts,
} from '../core/kernels/count-scores.js';
import type { LabelMatrix } from '../core/matrix.js';
import { named } from '../core/named.js';
import type { SparseLabelMatrix } from '../core/sparse-label-matrix.js';
import { checkOptionKeys } from '../core/validate.js';
import { valueText } from '../core/value-text.js';
import { unscale } from '../core/weights.js';
import type { AveragedCountMetric } from './averaged-count-metric.js';
import { type Average, type AverageResult, readAverage, readCountInputs } from './inputs.js';
import type { CountMetricOptions } from './options.js';
import { checkZeroDivision, type ZeroDivision, zeroDivisionValue } from './zero-division.js';

/**
 * Options of {@link precisionRecallFscoreSupport}: the count-metric options plus `beta`.
 *
 * @expand
 * @category Options
 * @example
 * ```ts
 * import { precisionRecallFscoreSupport, type PrecisionRecallFscoreSupportOptions } from 'tfjs-multilabel/metrics';
 *
 * const options: PrecisionRecallFscoreSupportOptions = { beta: 2, average: 'micro' };
 * const { fScore } = precisionRecallFscoreSupport([[1, 1, 0]], [[1, 0, 0]], options);
 * console.log(fScore.toFixed(4)); // '0.5556'
 * ```
 */
export interface PrecisionRecallFscoreSupportOptions<A extends Average = Average>
  extends CountMetricOptions {
  /**
   * How per-label values are combined.
   *
   * @defaultValue `'none'`, as scikit-learn
   */
  average?: A;
  /**
   * Weight of recall against precision in the F-score (`Infinity` gives recall).
   *
   * @defaultValue `1`
   */
  beta?: number;
}

/**
 * Options of {@link fbetaScore}: the count-metric options plus the required `beta`.
 *
 * @expand
 * @category Options
 * @example
 * ```ts
 * import { fbetaScore, type FbetaOptions } from 'tfjs-multilabel/metrics';
 *
 * const options: FbetaOptions = { beta: 0.5, average: 'micro' };
 * console.log(fbetaScore([[1, 1, 0]], [[1, 0, 0]], options).toFixed(4)); // '0.8333'
 * ```
 */
export interface FbetaOptions<A extends Average = Average> extends CountMetricOptions {
  /**
   * How per-label values are combined.
   *
   * @defaultValue `'macro'`
   */
  average?: A;
  /** Weight of recall against precision: F = (1 + b^2) P R / (b^2 P + R); `>= 0`, `Infinity` allowed. */
  beta: number;
}

/**
 * Precision, recall, F-score and support, per label or averaged.
 *
 * @category Results
 * @example
 * ```ts
 * import { precisionRecallFscoreSupport, type PrecisionRecallFscoreSupport } from 'tfjs-multilabel/metrics';
 *
 * const result: PrecisionRecallFscoreSupport<'macro'> = precisionRecallFscoreSupport(
 *   [[1, 0], [1, 1]], [[1, 0], [0, 1]], { average: 'macro' });
 * console.log(result.precision, result.recall, result.support); // 1 0.75 3
 * ```
 */
export interface PrecisionRecallFscoreSupport<A extends Average = Average> {
  /** tp / (tp + fp). */
  readonly precision: AverageResult<A>;
  /** tp / (tp + fn). */
  readonly recall: AverageResult<A>;
  /** The F-beta score (F1 unless `beta` is given). */
  readonly fScore: AverageResult<A>;
  /**
   * The (sample-weighted) number of true cells per label (tp + fn); when averaged, their sum
   * over labels (scikit-learn returns `None` there; its report shows this sum).
   */
  readonly support: AverageResult<A>;
}

function readBeta(value: unknown, required: boolean): number {
  if (value === undefined && !required) return 1;
  if (typeof value !== 'number' || Number.isNaN(value) || value < 0) {
    throw new MultilabelError(
      'INVALID_OPTION',
      `\`beta\` must be a number >= 0 (Infinity gives recall), but got ${valueText(value)}.`,
    );
  }
  return value;
}

/** Whether a function takes `beta`: not at all, optionally (default 1), or as a required option. */
type BetaOption = 'none' | 'optional' | 'required';

/** The shared computation of the wrappers; each picks the result it returns. */

function compute(
  yTrue: LabelMatrix | SparseLabelMatrix,
  yPred: LabelMatrix | SparseLabelMatrix,
  options: PrecisionRecallFscoreSupportOptions,
  caller: string,
  defaultAverage: Average,
  beta: BetaOption,
): PrecisionRecallFscoreSupport & { weightExponent: number } {
  const keys = ['average', 'sampleWeight', 'zeroDivision', 'ignoreIndex'];
  checkOptionKeys(options, beta === 'none' ? keys : [...keys, 'beta'], caller);
  const average = readAverage(options.average, undefined, defaultAverage);
  const zeroDivision = checkZeroDivision(options.zeroDivision);
  const betaValue = readBeta(options.beta, beta === 'required');
  const { counts, weights } = readCountInputs(yTrue, yPred, options, average === 'samples');
  const sampleWeight = weights?.weights;
  return {
    ...averagePrecisionRecallFscore(counts, average, betaValue, zeroDivision, sampleWeight),
    weightExponent: weights?.exponent ?? 0,
  };
}

/**
 * Precision, recall and F-beta of confusion counts, averaged as scikit-learn 1.2 does (see
 * {@link precisionRecallFscoreSupport}); `'samples'` needs per-row counts.
 *
 * @internal
 */
export function averagePrecisionRecallFscore(
  counts: ConfusionCounts,
  average: Average,
  beta: number,
  zeroDivision: ZeroDivision,
  sampleWeight: Float64Array | undefined,
): PrecisionRecallFscoreSupport {
  const zd = zeroDivisionValue(zeroDivision);
  const nanMode = zeroDivision === 'nan';
  const support = labelSupport(counts);
  let totalSupport = 0;
  for (let j = 0; j < support.length; j++) totalSupport += support[j];

  if (average === 'weighted' && totalSupport === 0 && !nanMode) {
    // scikit-learn 1.2: no true label anywhere. Precision is zd when nothing was predicted
    // either, else 0; recall is zd; F is zd only when nothing was predicted.
    let predictedTotal = 0;
    for (let j = 0; j < counts.labels; j++) {
      predictedTotal += counts.perLabel[(j << 2) + TP] + counts.perLabel[(j << 2) + FP];
    }
    const nothingPredicted = predictedTotal === 0;
    return {
      precision: nothingPredicted ? zd : 0,
      recall: zd,
      fScore: nothingPredicted ? zd : 0,
      support: 0,
    };
  }
  const precision: CountScore = (_tn, fp, _fn, tp) => precisionFromCounts(tp, fp, zd);
  const recall: CountScore = (_tn, _fp, fn, tp) => recallFromCounts(tp, fn, zd);
  const fScore: CountScore = (_tn, fp, fn, tp) => fbetaFromCounts(tp, fp, fn, beta, zd);
  return {
    precision: averageCountMetric(counts, average, precision, {
      sampleWeight,
      nanMode,
      what: 'precision',
    }),
    recall: averageCountMetric(counts, average, recall, { sampleWeight, nanMode, what: 'recall' }),
    fScore: averageCountMetric(counts, average, fScore, { sampleWeight, nanMode, what: 'F-score' }),
    support: average === 'none' ? support : totalSupport,
  };
}

/**
 * Precision, recall, F-beta score and support in one pass (scikit-learn's
 * `precision_recall_fscore_support`). Higher is better for the three scores.
 *
 * Averages follow scikit-learn 1.2 exactly: `'weighted'` weights each label by its support,
 * and when no label has support it returns precision = recall = F = `zeroDivision` if nothing
 * was predicted, else precision = F = 0 and recall = `zeroDivision`. `'samples'` computes the
 * scores per row and averages them with `sampleWeight`. With `zeroDivision: 'nan'` the
 * scikit-learn 1.4+ rules apply instead: undefined values are NaN and left out of averages,
 * and F = (1 + b^2) tp / (b^2 (tp + fn) + tp + fp).
 *
 * Missing labels (`ignoreIndex`): missing cells add to no count; for `'samples'`, rows with no
 * known cell are left out.
 *
 * @summary Precision, recall, F-beta and support in one pass.
 * @category Count metrics
 * @param yTrue True labels, 0/1 (and, with `ignoreIndex`, that marker or NaN for a missing label), one row per sample, or a {@link SparseLabelMatrix}.
 * @param yPred Predicted labels, 0/1, the same shape, or a {@link SparseLabelMatrix} (both CSR: counted in time linear in the ids).
 * @param options `average` (default `'none'`), `beta` (default 1), `zeroDivision`, `sampleWeight`, `ignoreIndex`.
 * @returns `{ precision, recall, fScore, support }`: `Float64Array`s per label for `'none'`, numbers otherwise.
 * @throws {@link MultilabelError} on a shape mismatch, non-binary labels, empty input, an
 * unknown `average`, a negative `beta`, bad weights, `'samples'` weights that sum to zero, or a
 * support (a sum of weights) beyond the largest double.
 * @example
 * ```ts
 * import { precisionRecallFscoreSupport } from 'tfjs-multilabel/metrics';
 *
 * const { precision, recall, fScore, support } = precisionRecallFscoreSupport(
 *   [[1, 0, 1], [0, 1, 1]],
 *   [[1, 0, 0], [0, 1, 1]],
 * );
 * console.log(Array.from(precision), Array.from(recall)); // [1, 1, 1] [1, 1, 0.5]
 * console.log(Array.from(fScore).map((f) => f.toFixed(3)), Array.from(support)); // ['1.000', '1.000', '0.667'] [1, 1, 2]
 * ```
 */
export function precisionRecallFscoreSupport<A extends Average = 'none'>(
  yTrue: LabelMatrix | SparseLabelMatrix,
  yPred: LabelMatrix | SparseLabelMatrix,
  options: PrecisionRecallFscoreSupportOptions<A> = {},
): PrecisionRecallFscoreSupport<A> {
  const { weightExponent, ...result } = compute(
    yTrue,
    yPred,
    options,
    'precisionRecallFscoreSupport',
    'none',
    'optional',
  );
  // The support is a sum of the (scaled) weights: back to the unit of the weights given.
  const { support } = result;
  return {
    ...result,
    support:
      typeof support === 'number'
        ? unscale(support, weightExponent, 'support')
        : support.map((s) => unscale(s, weightExponent, 'support')),
  } as PrecisionRecallFscoreSupport<A>;
}

/**
 * Makes {@link precisionScore}, {@link recallScore} or {@link f1Score}: the one `score` of
 * {@link precisionRecallFscoreSupport}'s (F1 for `fScore`), averaged as `'macro'` by default.
 * `caller` is the metric's name (in its errors, and as the function's `name`).
 */
function countScoreMetric(
  caller: string,
  score: 'precision' | 'recall' | 'fScore',
): AveragedCountMetric {
  return named(caller, (yTrue, yPred, options = {}) => {
    const result = compute(yTrue, yPred, options, caller, 'macro', 'none');
    return result[score] as AverageResult<NonNullable<typeof options.average>>;
  });
}

/**
 * Precision, tp / (tp + fp): how many predicted labels are right (scikit-learn's
 * `precision_score`). Higher is better. A label never predicted has 0/0 precision, which
 * becomes `zeroDivision`.
 *
 * Averaging and missing labels as {@link precisionRecallFscoreSupport}.
 *
 * @summary Precision: how many predicted labels are true. Higher is better.
 * @category Count metrics
 * @param yTrue True labels, 0/1 (and, with `ignoreIndex`, that marker or NaN for a missing label), one row per sample, or a {@link SparseLabelMatrix}.
 * @param yPred Predicted labels, 0/1, the same shape, or a {@link SparseLabelMatrix} (both CSR: counted in time linear in the ids).
 * @param options `average` (default `'macro'`), `zeroDivision`, `sampleWeight`, `ignoreIndex`.
 * @returns The averaged precision, or a `Float64Array` per label for `average: 'none'`.
 * @throws {@link MultilabelError} as {@link precisionRecallFscoreSupport}.
 * @example
 * ```ts
 * import { precisionScore } from 'tfjs-multilabel/metrics';
 *
 * console.log(precisionScore([[1, 0], [1, 1]], [[1, 1], [1, 1]], { average: 'micro' })); // 0.75
 * ```
 * @function
 */
export const precisionScore = /* @__PURE__ */ countScoreMetric('precisionScore', 'precision');

/**
 * Recall, tp / (tp + fn): how many true labels are found (scikit-learn's `recall_score`).
 * Higher is better. A label with no true cell has 0/0 recall, which becomes `zeroDivision`.
 *
 * Averaging and missing labels as {@link precisionRecallFscoreSupport}.
 *
 * @summary Recall: how many true labels are found. Higher is better.
 * @category Count metrics
 * @param yTrue True labels, 0/1 (and, with `ignoreIndex`, that marker or NaN for a missing label), one row per sample, or a {@link SparseLabelMatrix}.
 * @param yPred Predicted labels, 0/1, the same shape, or a {@link SparseLabelMatrix} (both CSR: counted in time linear in the ids).
 * @param options `average` (default `'macro'`), `zeroDivision`, `sampleWeight`, `ignoreIndex`.
 * @returns The averaged recall, or a `Float64Array` per label for `average: 'none'`.
 * @throws {@link MultilabelError} as {@link precisionRecallFscoreSupport}.
 * @example
 * ```ts
 * import { recallScore } from 'tfjs-multilabel/metrics';
 *
 * console.log(recallScore([[1, 0], [1, 1]], [[1, 0], [0, 1]], { average: 'micro' })); // 0.6666666666666666
 * ```
 * @function
 */
export const recallScore = /* @__PURE__ */ countScoreMetric('recallScore', 'recall');

/**
 * The F-beta score, (1 + b^2) P R / (b^2 P + R): recall weighs `beta` times as much as
 * precision (scikit-learn's `fbeta_score`). Higher is better. It equals `zeroDivision` only
 * when a label (or row) has no true and no predicted cell.
 *
 * Averaging and missing labels as {@link precisionRecallFscoreSupport}.
 *
 * @summary F-beta: recall weighs `beta` times as much as precision. Higher is better.
 * @category Count metrics
 * @param yTrue True labels, 0/1 (and, with `ignoreIndex`, that marker or NaN for a missing label), one row per sample, or a {@link SparseLabelMatrix}.
 * @param yPred Predicted labels, 0/1, the same shape, or a {@link SparseLabelMatrix} (both CSR: counted in time linear in the ids).
 * @param options `beta` (required, `>= 0`), `average` (default `'macro'`), `zeroDivision`,
 * `sampleWeight`, `ignoreIndex`.
 * @returns The averaged score, or a `Float64Array` per label for `average: 'none'`.
 * @throws {@link MultilabelError} as {@link precisionRecallFscoreSupport}, and when `beta` is missing.
 * @example
 * ```ts
 * import { fbetaScore } from 'tfjs-multilabel/metrics';
 *
 * // Precision 1, recall 0.5: beta = 2 favours recall.
 * console.log(fbetaScore([[1, 1]], [[1, 0]], { beta: 2, average: 'micro' }).toFixed(4)); // '0.5556'
 * ```
 */
export function fbetaScore<A extends Average = 'macro'>(
  yTrue: LabelMatrix | SparseLabelMatrix,
  yPred: LabelMatrix | SparseLabelMatrix,
  options: FbetaOptions<A>,
): AverageResult<A> {
  return compute(yTrue, yPred, options, 'fbetaScore', 'macro', 'required')
    .fScore as AverageResult<A>;
}

/**
 * The F1 score, 2 P R / (P + R), the harmonic mean of precision and recall (scikit-learn's
 * `f1_score`). Higher is better. Macro-F1 weighs rare labels as much as frequent ones;
 * micro-F1 is dominated by frequent labels; samples-F1 scores each row's label set.
 *
 * Averaging and missing labels as {@link precisionRecallFscoreSupport}.
 *
 * @summary F1, the harmonic mean of precision and recall. Higher is better.
 * @category Count metrics
 * @param yTrue True labels, 0/1 (and, with `ignoreIndex`, that marker or NaN for a missing label), one row per sample, or a {@link SparseLabelMatrix}.
 * @param yPred Predicted labels, 0/1, the same shape, or a {@link SparseLabelMatrix} (both CSR: counted in time linear in the ids).
 * @param options `average` (default `'macro'`), `zeroDivision`, `sampleWeight`, `ignoreIndex`.
 * @returns The averaged F1, or a `Float64Array` per label for `average: 'none'`.
 * @throws {@link MultilabelError} as {@link precisionRecallFscoreSupport}.
 * @example
 * ```ts
 * import { f1Score } from 'tfjs-multilabel/metrics';
 *
 * const yTrue = [[1, 0, 1], [0, 1, 1]];
 * const yPred = [[1, 0, 0], [0, 1, 1]];
 * console.log(f1Score(yTrue, yPred, { average: 'micro' })); // 0.8571428571428571
 * console.log(Array.from(f1Score(yTrue, yPred, { average: 'none' })).map((f) => f.toFixed(3))); // ['1.000', '1.000', '0.667']
 * ```
 * @function
 */
export const f1Score = /* @__PURE__ */ countScoreMetric('f1Score', 'fScore');

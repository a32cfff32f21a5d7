import { averageCountMetric } from '../core/kernels/count-averaging.js';
import type { LabelMatrix } from '../core/matrix.js';
import { named } from '../core/named.js';
import type { SparseLabelMatrix } from '../core/sparse-label-matrix.js';
import { checkOptionKeys } from '../core/validate.js';
import { type Average, type AverageResult, readAverage, readCountInputs } from './inputs.js';
import type { CountMetricOptions } from './options.js';
import { checkZeroDivision, zeroDivisionValue } from './zero-division.js';

/**
 * A score of one label's (or row's) confusion counts, given the value that replaces 0/0.
 *
 * @internal
 */
export type CountScoreOfCounts = (
  tn: number,
  fp: number,
  fn: number,
  tp: number,
  zeroDivision: number,
) => number;

/**
 * The signature of the averaged count metrics that take only the common options
 * (`precisionScore`, `recallScore`, `f1Score`, `jaccardScore`, `specificityScore`). Each is a
 * `const` of this type, made by a factory (the last two by {@link averagedCountMetric}), that
 * keeps its own TSDoc (tagged `@function`, so the API site shows it as a function with this
 * signature).
 *
 * @internal
 */
export type AveragedCountMetric = <A extends Average = 'macro'>(
  yTrue: LabelMatrix | SparseLabelMatrix,
  yPred: LabelMatrix | SparseLabelMatrix,
  options?: CountMetricOptions & { average?: A },
) => AverageResult<A>;

/**
 * Makes an averaged count metric that takes only the common options (`average`,
 * `sampleWeight`, `zeroDivision`, `ignoreIndex`): it reads and checks the inputs, counts the
 * confusion cells (per row for `'samples'`) and averages `score` over labels or rows. `where`
 * is the metric's name (in its errors, and as the function's `name`), `what` names the value
 * in its errors.
 *
 * @internal
 */
export function averagedCountMetric(
  where: string,
  what: string,
  score: CountScoreOfCounts,
): AveragedCountMetric {
  const metric: AveragedCountMetric = (yTrue, yPred, options = {}) => {
    checkOptionKeys(options, ['average', 'sampleWeight', 'zeroDivision', 'ignoreIndex'], where);
    const average = readAverage(options.average);
    const zeroDivision = checkZeroDivision(options.zeroDivision);
    const { counts, weights } = readCountInputs(yTrue, yPred, options, average === 'samples');
    const sampleWeight = weights?.weights;
    const zd = zeroDivisionValue(zeroDivision);
    return averageCountMetric(counts, average, (tn, fp, fn, tp) => score(tn, fp, fn, tp, zd), {
      sampleWeight,
      nanMode: zeroDivision === 'nan',
      what,
    }) as AverageResult<NonNullable<typeof options.average>>;
  };
  return named(where, metric);
}

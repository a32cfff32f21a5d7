import { assertPositiveTotal } from '../core/kernels/count-averaging.js';
import { matchRows, matchRowsOfFloat32, matchRowsOfSparse } from '../core/kernels/row-matches.js';
import type { LabelMatrix } from '../core/matrix.js';
import { named } from '../core/named.js';
import type { SparseLabelMatrix } from '../core/sparse-label-matrix.js';
import { checkBoolean, checkOptionKeys } from '../core/validate.js';
import { unscale } from '../core/weights.js';
import { readLabelPair } from './inputs.js';
import type { SampleOptions } from './options.js';

/**
 * Options of {@link subsetAccuracy} and {@link zeroOneLoss}.
 *
 * @expand
 * @category Options
 * @example
 * ```ts
 * import { subsetAccuracy, type SubsetAccuracyOptions } from 'tfjs-multilabel/metrics';
 *
 * const options: SubsetAccuracyOptions = { normalize: false };
 * console.log(subsetAccuracy([[1, 0], [0, 1]], [[1, 0], [1, 1]], options)); // 1
 * ```
 */
export interface SubsetAccuracyOptions extends SampleOptions {
  /**
   * `true`: a fraction of the rows (weighted). `false`: the number of rows (or the
   * sum of their weights), as scikit-learn's `normalize=False`.
   *
   * @defaultValue `true`
   */
  normalize?: boolean;
}

/**
 * The workhorse of {@link subsetAccuracy} and {@link zeroOneLoss}: the (weighted) rows that take
 * part whose every known cell is right (`'matched'`) or not (`'missed'`), as a fraction of
 * them, or with `normalize: false` as a sum of weights in the unit of the weights given.
 */
function exactMatchValue(
  yTrue: LabelMatrix | SparseLabelMatrix,
  yPred: LabelMatrix | SparseLabelMatrix,
  options: SubsetAccuracyOptions,
  caller: string,
  what: string,
  count: 'matched' | 'missed',
): number {
  checkOptionKeys(options, ['sampleWeight', 'ignoreIndex', 'normalize'], caller);
  const normalize = checkBoolean(options.normalize, 'normalize', true);
  // Per row: 1 when it matches, 0 when not, -1 when it has no known cell.
  const { value: matches, weights: scaled } = readLabelPair(
    yTrue,
    yPred,
    options,
    (t, p, rows, cols) => matchRowsOfFloat32(t, p, rows, cols),
    matchRows,
    matchRowsOfSparse,
  );
  const sampleWeight = scaled?.weights;
  let matched = 0;
  let total = 0;
  for (let r = 0; r < matches.length; r++) {
    if (matches[r] < 0) continue;
    const w = sampleWeight === undefined ? 1 : sampleWeight[r];
    total += w;
    if (matches[r] === 1) matched += w;
  }
  if (normalize) {
    assertPositiveTotal(total, what);
    return count === 'matched' ? matched / total : 1 - matched / total;
  }
  // A sum of the scaled weights: back in the unit of the weights given.
  const sum = count === 'matched' ? matched : total - matched;
  return unscale(sum, scaled?.exponent ?? 0, `${what} with normalize: false`);
}

/**
 * The signature of {@link subsetAccuracy} and {@link zeroOneLoss}. Each is a `const` of this
 * type that keeps its own TSDoc (tagged `@function`, so the API site shows it as a function
 * with this signature).
 *
 * @internal
 */
export type ExactMatchMetric = (
  yTrue: LabelMatrix | SparseLabelMatrix,
  yPred: LabelMatrix | SparseLabelMatrix,
  options?: SubsetAccuracyOptions,
) => number;

/**
 * Makes {@link subsetAccuracy} or {@link zeroOneLoss}: {@link exactMatchValue} with the
 * metric's name (`caller`, also the function's `name`), `what` and `count`.
 *
 * @internal
 */
export function exactMatchMetric(
  caller: string,
  what: string,
  count: 'matched' | 'missed',
): ExactMatchMetric {
  const metric: ExactMatchMetric = (yTrue, yPred, options = {}) =>
    exactMatchValue(yTrue, yPred, options, caller, what, count);
  return named(caller, metric);
}

/**
 * The fraction of rows whose predicted label set equals the true one exactly (scikit-learn's
 * `accuracy_score` on multi-label input; also called exact match ratio). Higher is better.
 *
 * Missing labels (`ignoreIndex`): a row matches when every known cell is right; rows with no
 * known cell are left out.
 *
 * @summary The fraction of rows whose label set is exactly right (exact match).
 * @category Count metrics
 * @param yTrue True labels, 0/1 (and, with `ignoreIndex`, that marker or NaN for a missing label), one row per sample, or a {@link SparseLabelMatrix}.
 * @param yPred Predicted labels, 0/1, the same shape, or a {@link SparseLabelMatrix} (both CSR: counted in time linear in the ids).
 * @param options `sampleWeight`, `ignoreIndex`, `normalize`.
 * @returns The fraction in [0, 1], or with `normalize: false` the (weighted) number of matching rows.
 * @throws {@link MultilabelError} on a shape mismatch, non-binary labels, empty input, bad
 * weights, (when normalizing) weights that sum to zero, or (when not) a weighted count beyond
 * the largest double.
 * @example
 * ```ts
 * import { subsetAccuracy } from 'tfjs-multilabel/metrics';
 *
 * console.log(subsetAccuracy([[1, 0, 1], [0, 1, 0]], [[1, 0, 1], [0, 1, 1]])); // 0.5
 * ```
 * @function
 */
export const subsetAccuracy = /* @__PURE__ */ exactMatchMetric(
  'subsetAccuracy',
  'subset accuracy',
  'matched',
);

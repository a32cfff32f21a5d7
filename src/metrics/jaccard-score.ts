import { jaccardFromCounts } from '../core/kernels/count-scores.js';
import { averagedCountMetric } from './averaged-count-metric.js';

/**
 * The Jaccard index (intersection over union), tp / (tp + fp + fn) (scikit-learn's
 * `jaccard_score`). Higher is better. With `average: 'samples'` it is the example-based
 * "accuracy" of Zhang & Zhou: the mean over rows of |true ∩ predicted| / |true ∪ predicted|.
 * A label (or row) with no true and no predicted cell is 0/0, which becomes `zeroDivision`.
 * `'weighted'` weights labels by support and, when no label has support, is the plain mean.
 *
 * Missing labels (`ignoreIndex`): missing cells add to no count; for `'samples'`, rows with no
 * known cell are left out.
 *
 * @summary Intersection over union of true and predicted labels. Higher is better.
 * @category Count metrics
 * @param yTrue True labels, 0/1 (and, with `ignoreIndex`, that marker or NaN for a missing label), one row per sample, or a {@link SparseLabelMatrix}.
 * @param yPred Predicted labels, 0/1, the same shape, or a {@link SparseLabelMatrix} (both CSR: counted in time linear in the ids).
 * @param options `average` (default `'macro'`), `zeroDivision`, `sampleWeight`, `ignoreIndex`.
 * @returns The averaged index, or a `Float64Array` per label for `average: 'none'`.
 * @throws {@link MultilabelError} on a shape mismatch, non-binary labels, empty input, an
 * unknown `average`, bad weights, or `'samples'` weights that sum to zero.
 * @example
 * ```ts
 * import { jaccardScore } from 'tfjs-multilabel/metrics';
 *
 * const yTrue = [[1, 1, 0], [0, 1, 1]];
 * const yPred = [[1, 0, 0], [0, 1, 1]];
 * console.log(jaccardScore(yTrue, yPred, { average: 'samples' })); // 0.75
 * console.log(jaccardScore(yTrue, yPred, { average: 'micro' })); // 0.75
 * ```
 * @function
 */
export const jaccardScore = /* @__PURE__ */ averagedCountMetric(
  'jaccardScore',
  'Jaccard score',
  (_tn, fp, fn, tp, zd) => jaccardFromCounts(tp, fp, fn, zd),
);

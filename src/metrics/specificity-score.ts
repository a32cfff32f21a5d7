import { specificityFromCounts } from '../core/kernels/count-scores.js';
import { averagedCountMetric } from './averaged-count-metric.js';

/**
 * Specificity (true negative rate), tn / (tn + fp): how many absent labels are correctly left
 * out. Higher is better. scikit-learn has no function for it (read it off
 * `multilabel_confusion_matrix`); this one averages like {@link jaccardScore}: `'weighted'`
 * weights labels by their support (tp + fn, as torchmetrics) and falls back to the plain mean
 * when no label has support. A label with no negative cell is 0/0, which becomes `zeroDivision`.
 *
 * Missing labels (`ignoreIndex`): missing cells add to no count; for `'samples'`, rows with no
 * known cell are left out.
 *
 * @summary Specificity: how many absent labels are left out. Higher is better.
 * @category Count metrics
 * @param yTrue True labels, 0/1 (and, with `ignoreIndex`, that marker or NaN for a missing label), one row per sample, or a {@link SparseLabelMatrix}.
 * @param yPred Predicted labels, 0/1, the same shape, or a {@link SparseLabelMatrix} (both CSR: counted in time linear in the ids).
 * @param options `average` (default `'macro'`), `zeroDivision`, `sampleWeight`, `ignoreIndex`.
 * @returns The averaged specificity, or a `Float64Array` per label for `average: 'none'`.
 * @throws {@link MultilabelError} on a shape mismatch, non-binary labels, empty input, an
 * unknown `average`, bad weights, or `'samples'` weights that sum to zero.
 * @example
 * ```ts
 * import { specificityScore } from 'tfjs-multilabel/metrics';
 *
 * // Label 0: negatives in rows 2 and 3, one of them predicted; label 1: no false positive.
 * const yTrue = [[1, 0], [0, 0], [0, 1]];
 * const yPred = [[1, 0], [1, 0], [0, 1]];
 * console.log(Array.from(specificityScore(yTrue, yPred, { average: 'none' }))); // [0.5, 1]
 * ```
 * @function
 */
export const specificityScore = /* @__PURE__ */ averagedCountMetric(
  'specificityScore',
  'specificity',
  (tn, fp, _fn, _tp, zd) => specificityFromCounts(tn, fp, zd),
);

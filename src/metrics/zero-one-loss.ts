import { exactMatchMetric } from './subset-accuracy.js';

/**
 * The fraction of rows whose predicted label set differs from the true one:
 * `1 - subsetAccuracy` (scikit-learn's `zero_one_loss`). Lower is better.
 *
 * Missing labels (`ignoreIndex`): as {@link subsetAccuracy}.
 *
 * @summary The fraction of rows whose label set is wrong: `1 - subsetAccuracy`.
 * @category Count metrics
 * @param yTrue True labels, 0/1 (and, with `ignoreIndex`, that marker or NaN for a missing label), one row per sample, or a {@link SparseLabelMatrix}.
 * @param yPred Predicted labels, 0/1, the same shape, or a {@link SparseLabelMatrix} (both CSR: counted in time linear in the ids).
 * @param options `sampleWeight`, `ignoreIndex`, `normalize` (`false`: the weighted number of
 * mismatched rows).
 * @returns The loss in [0, 1], or the (weighted) number of mismatched rows.
 * @throws {@link MultilabelError} as {@link subsetAccuracy}.
 * @example
 * ```ts
 * import { zeroOneLoss } from 'tfjs-multilabel/metrics';
 *
 * console.log(zeroOneLoss([[1, 0, 1], [0, 1, 0]], [[1, 0, 1], [0, 1, 1]])); // 0.5
 * ```
 * @function
 */
export const zeroOneLoss = /* @__PURE__ */ exactMatchMetric(
  'zeroOneLoss',
  'zero-one loss',
  'missed',
);

import type { LabelMatrix } from '../core/matrix.js';
import type { SparseLabelMatrix } from '../core/sparse-label-matrix.js';
import { checkBoolean, checkOptionKeys } from '../core/validate.js';
import { unscale } from '../core/weights.js';
import { readCountInputs } from './inputs.js';
import type { SampleOptions } from './options.js';

/**
 * One 2 x 2 confusion matrix per label (or per row), stored flat: matrix `i` is
 * `[[tn, fp], [fn, tp]]` = `data[4 * i]`, `data[4 * i + 1]`, `data[4 * i + 2]`, `data[4 * i + 3]`,
 * scikit-learn's layout. Pass it to `tf.tensor3d(m.data, m.shape)` for a tensor.
 *
 * @summary One 2 x 2 confusion matrix per label (or row), stored flat.
 * @category Results
 * @example
 * ```ts
 * import { multilabelConfusionMatrix, type ConfusionMatrices } from 'tfjs-multilabel/metrics';
 *
 * const m: ConfusionMatrices = multilabelConfusionMatrix([[1, 0]], [[1, 1]]);
 * console.log(m.shape, Array.from(m.data)); // [2, 2, 2] [0, 0, 0, 1, 0, 1, 0, 0]
 * ```
 */
export interface ConfusionMatrices {
  /** `[tn, fp, fn, tp]` of each matrix, one after the other. */
  readonly data: Float64Array;
  /** `[matrices, 2, 2]`. */
  readonly shape: readonly [number, 2, 2];
}

/**
 * Options of {@link multilabelConfusionMatrix}.
 *
 * @expand
 * @category Options
 * @example
 * ```ts
 * import { multilabelConfusionMatrix, type MultilabelConfusionMatrixOptions } from 'tfjs-multilabel/metrics';
 *
 * const options: MultilabelConfusionMatrixOptions = { samplewise: true };
 * console.log(multilabelConfusionMatrix([[1, 0], [0, 0]], [[1, 1], [0, 0]], options).shape); // [2, 2, 2]
 * ```
 */
export interface MultilabelConfusionMatrixOptions extends SampleOptions {
  /**
   * One matrix per row instead of per label.
   *
   * @defaultValue `false`
   */
  samplewise?: boolean;
}

/**
 * The confusion matrix of each label, `[[tn, fp], [fn, tp]]`, or of each row with
 * `samplewise: true` (scikit-learn's `multilabel_confusion_matrix`). With `sampleWeight`, each
 * cell counts with its row's weight (a samplewise matrix is its row's counts times its weight).
 *
 * Missing labels (`ignoreIndex`): missing cells add to no count.
 *
 * @summary The `[[tn, fp], [fn, tp]]` matrix of each label, or of each row.
 * @category Reports
 * @param yTrue True labels, 0/1 (and, with `ignoreIndex`, that marker or NaN for a missing label), one row per sample, or a {@link SparseLabelMatrix}.
 * @param yPred Predicted labels, 0/1, the same shape, or a {@link SparseLabelMatrix} (both CSR: counted in time linear in the ids).
 * @param options `samplewise`, `sampleWeight`, `ignoreIndex`.
 * @returns The matrices, flat with shape `[labels or rows, 2, 2]`.
 * @throws {@link MultilabelError} on a shape mismatch, non-binary labels, empty input, bad weights,
 * or a weighted count beyond the largest double.
 * @example
 * ```ts
 * import { multilabelConfusionMatrix } from 'tfjs-multilabel/metrics';
 *
 * const { data } = multilabelConfusionMatrix([[1, 0], [1, 1]], [[1, 0], [0, 1]]);
 * console.log(Array.from(data.subarray(0, 4))); // [0, 0, 1, 1]
 * ```
 */
export function multilabelConfusionMatrix(
  yTrue: LabelMatrix | SparseLabelMatrix,
  yPred: LabelMatrix | SparseLabelMatrix,
  options: MultilabelConfusionMatrixOptions = {},
): ConfusionMatrices {
  checkOptionKeys(
    options,
    ['sampleWeight', 'ignoreIndex', 'samplewise'],
    'multilabelConfusionMatrix',
  );
  const samplewise = checkBoolean(options.samplewise, 'samplewise', false);
  const { counts, weights: scaled } = readCountInputs(yTrue, yPred, options, samplewise);
  const exponent = scaled?.exponent ?? 0;
  // Counts are sums of the scaled weights: back in the unit of the weights given.
  if (!samplewise) {
    const data = counts.perLabel;
    if (exponent !== 0) {
      for (let i = 0; i < data.length; i++)
        data[i] = unscale(data[i], exponent, 'confusion-matrix count');
    }
    return { data, shape: [counts.labels, 2, 2] };
  }
  const perRow = counts.perRow as Int32Array;
  const data = new Float64Array(perRow.length);
  for (let i = 0; i < data.length; i++) {
    data[i] =
      scaled === undefined
        ? perRow[i]
        : unscale(perRow[i] * scaled.weights[i >> 2], exponent, 'confusion-matrix count');
  }
  return { data, shape: [counts.rows, 2, 2] };
}

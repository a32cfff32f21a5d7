import { FN, FP } from '../core/kernels/confusion-counts.js';
import { assertPositiveTotal } from '../core/kernels/count-averaging.js';
import type { LabelMatrix } from '../core/matrix.js';
import type { SparseLabelMatrix } from '../core/sparse-label-matrix.js';
import { checkOptionKeys } from '../core/validate.js';
import { readCountInputs } from './inputs.js';
import type { SampleOptions } from './options.js';

/**
 * The fraction of label cells predicted wrongly: sum over rows of weight x wrong cells, divided
 * by the number of labels x the sum of weights (scikit-learn's `hamming_loss`). Lower is better;
 * 0 is perfect. `1 - hammingLoss` is the label-wise accuracy (tfjs' `binaryAccuracy` per batch).
 *
 * Missing labels (`ignoreIndex`): the fraction of wrong cells among the known cells, each
 * counted with its row's weight.
 *
 * @summary The fraction of label cells predicted wrongly. Lower is better.
 * @category Count metrics
 * @param yTrue True labels, 0/1 (and, with `ignoreIndex`, that marker or NaN for a missing label), one row per sample, or a {@link SparseLabelMatrix}.
 * @param yPred Predicted labels, 0/1, the same shape, or a {@link SparseLabelMatrix} (both CSR: counted in time linear in the ids).
 * @param options `sampleWeight`, `ignoreIndex`.
 * @returns The loss in [0, 1].
 * @throws {@link MultilabelError} on a shape mismatch, non-binary labels, empty input, bad
 * weights, or when no known cell has a positive weight.
 * @example
 * ```ts
 * import { hammingLoss } from 'tfjs-multilabel/metrics';
 *
 * console.log(hammingLoss([[1, 0, 1], [0, 1, 0]], [[1, 1, 1], [0, 1, 0]])); // 0.16666666666666666
 * ```
 */
export function hammingLoss(
  yTrue: LabelMatrix | SparseLabelMatrix,
  yPred: LabelMatrix | SparseLabelMatrix,
  options: SampleOptions = {},
): number {
  checkOptionKeys(options, ['sampleWeight', 'ignoreIndex'], 'hammingLoss');
  const { perLabel } = readCountInputs(yTrue, yPred, options, false).counts;
  let wrong = 0;
  let known = 0;
  for (let o = 0; o < perLabel.length; o += 4) {
    wrong += perLabel[o + FP] + perLabel[o + FN];
    known += perLabel[o] + perLabel[o + 1] + perLabel[o + 2] + perLabel[o + 3];
  }
  assertPositiveTotal(known, 'Hamming loss');
  return wrong / known;
}

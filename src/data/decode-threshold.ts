import { MultilabelError } from '../core/errors.js';
import { isNumericArrayLike } from '../core/matrix-input.js';
import { valueText } from '../core/value-text.js';

/**
 * A threshold for {@link MultiLabelBinarizer.decodeScores}: one number for every label, one
 * per label, or an object with one per label in `values` (a `Thresholds` from
 * `tfjs-multilabel/thresholds`).
 *
 * @summary One threshold, one per label, or a `Thresholds`.
 * @category Inputs
 * @example
 * ```ts
 * import { MultiLabelBinarizer, type DecodeThreshold } from 'tfjs-multilabel/data';
 *
 * const threshold: DecodeThreshold = { values: [0.5, 0.2] };
 * const binarizer = new MultiLabelBinarizer({ classes: ['cat', 'dog'] });
 * console.log(binarizer.decodeScores([[0.6, 0.1]], threshold)); // [['cat']]
 * ```
 */
export type DecodeThreshold =
  | number
  | ArrayLike<number>
  | {
      /** One threshold per class. */
      readonly values: ArrayLike<number>;
    };

/** One threshold per class from a number, an array or `{ values }`. @internal */
export function readThreshold(threshold: unknown, classes: number): ArrayLike<number> {
  if (typeof threshold === 'number') {
    if (Number.isNaN(threshold)) {
      throw new MultilabelError(
        'INVALID_ARGUMENT',
        '`threshold` is NaN; give a number (Infinity never predicts a label).',
      );
    }
    return new Float64Array(classes).fill(threshold);
  }
  const isValues =
    typeof threshold === 'object' &&
    threshold !== null &&
    !isNumericArrayLike(threshold) &&
    'values' in threshold;
  const values = isValues ? (threshold as { values: unknown }).values : threshold;
  const name = isValues ? 'threshold.values' : 'threshold';
  if (!isNumericArrayLike(values)) {
    throw new MultilabelError(
      'INVALID_ARGUMENT',
      `\`${name}\` must be a number, one number per class, or a \`Thresholds\`, but got ${valueText(values)}.`,
    );
  }
  if (values.length !== classes) {
    throw new MultilabelError(
      'SHAPE_MISMATCH',
      `\`${name}\` has ${values.length} thresholds but the binarizer has ${classes} classes; give one per class.`,
    );
  }
  for (let j = 0; j < classes; j++) {
    const v = values[j];
    if (typeof v !== 'number' || Number.isNaN(v)) {
      throw new MultilabelError(
        'INVALID_ARGUMENT',
        `\`${name}[${j}]\` is ${valueText(v)}; every threshold must be a number (Infinity never predicts the class).`,
      );
    }
  }
  return values as ArrayLike<number>;
}

import { MultilabelError } from '../core/errors.js';
import type { SparseLabelMatrix } from '../core/sparse-label-matrix.js';
import { checkBoolean, checkEnum, checkInteger, checkOptionKeys } from '../core/validate.js';
import type { LabelName } from './label-names.js';
import { readLabelList } from './multi-label-binarizer-json.js';
import type { RowMajorMatrix } from './row-major-matrix.js';

/**
 * Options of {@link MultiLabelBinarizer}.
 *
 * @expand
 * @category Options
 * @example
 * ```ts
 * import { MultiLabelBinarizer, type MultiLabelBinarizerOptions } from 'tfjs-multilabel/data';
 *
 * const options: MultiLabelBinarizerOptions = { minCount: 2, unknown: 'ignore' };
 * const binarizer = new MultiLabelBinarizer(options).fit([['a', 'b'], ['a'], ['c']]);
 * console.log(binarizer.classes); // ['a']
 * ```
 */
export interface MultiLabelBinarizerOptions<Sparse extends boolean = boolean> {
  /**
   * The classes, one per column, in this order (kept as given, as scikit-learn does); labels
   * outside them are unknown. Without them, `fit` learns the classes from the data.
   *
   * @defaultValue learned by `fit`
   */
  classes?: readonly LabelName[];
  /**
   * The order of learned classes: `'sorted'` as scikit-learn sorts them (numbers by value,
   * strings by UTF-16 code unit; numbers and strings among the classes kept throw), or
   * `'firstSeen'`, the order in which they first appear in the data. Not allowed with
   * `classes`.
   *
   * @defaultValue `'sorted'`
   */
  order?: 'sorted' | 'firstSeen';
  /**
   * `true`: `transform` returns compressed sparse rows ({@link SparseLabelMatrix}); `false`: a
   * dense row-major 0/1 matrix (`{ data: Uint8Array, shape }`).
   *
   * @defaultValue `false`
   */
  sparseOutput?: Sparse;
  /**
   * A label outside the classes: `'error'` throws naming the row and the label (scikit-learn
   * warns and drops it); `'ignore'` drops it. Labels that `minCount` pruned are always dropped.
   *
   * @defaultValue `'error'`
   */
  unknown?: 'error' | 'ignore';
  /**
   * Learn only the labels listed in at least this many rows; `fit` remembers the others as
   * pruned, and `transform` drops them. Not allowed with `classes`.
   *
   * @defaultValue `1` (every label seen)
   */
  minCount?: number;
}

/**
 * What {@link MultiLabelBinarizer.transform} returns: compressed sparse rows with
 * `sparseOutput: true`, a dense row-major 0/1 matrix otherwise (a `boolean` type parameter:
 * either).
 *
 * @summary The 0/1 matrix a binarizer returns: CSR or dense, as its options say.
 * @category Results
 * @example
 * ```ts
 * import { MultiLabelBinarizer, type BinarizedLabels } from 'tfjs-multilabel/data';
 *
 * const y: BinarizedLabels<false> = new MultiLabelBinarizer().fitTransform([['b'], ['a', 'b']]);
 * console.log(Array.from(y.data), y.shape); // [0, 1, 1, 1] [2, 2]
 * ```
 */
export type BinarizedLabels<Sparse extends boolean> = Sparse extends true
  ? SparseLabelMatrix
  : RowMajorMatrix<Uint8Array>;

/** The options of a binarizer, checked, with their defaults. @internal */
export interface BinarizerSettings {
  /** Whether the classes were given (else `fit` learns them). */
  readonly given: boolean;
  readonly order: 'sorted' | 'firstSeen';
  readonly sparseOutput: boolean;
  readonly unknown: 'error' | 'ignore';
  readonly minCount: number;
}

const OPTION_KEYS = ['classes', 'order', 'sparseOutput', 'unknown', 'minCount'] as const;

/**
 * Checks the options of {@link MultiLabelBinarizer}: the keys, each value, and the given
 * classes (none of the options that apply to learned classes beside them).
 *
 * @internal
 */
export function readBinarizerOptions(options: MultiLabelBinarizerOptions | undefined): {
  settings: BinarizerSettings;
  /** The given classes, checked; `undefined` when `fit` learns them. */
  classes: LabelName[] | undefined;
} {
  checkOptionKeys(options, OPTION_KEYS, 'MultiLabelBinarizer');
  const given = options?.classes;
  const sparseOutput = checkBoolean(options?.sparseOutput, 'sparseOutput', false);
  const unknown = checkEnum(options?.unknown ?? 'error', 'unknown', ['error', 'ignore']);
  const order = checkEnum(options?.order ?? 'sorted', 'order', ['sorted', 'firstSeen']);
  const minCount =
    options?.minCount === undefined ? 1 : checkInteger(options.minCount, 'minCount', { min: 1 });
  const settings = { given: given !== undefined, order, sparseOutput, unknown, minCount };
  if (given === undefined) return { settings, classes: undefined };
  for (const key of ['order', 'minCount'] as const) {
    if (options?.[key] !== undefined) {
      throw new MultilabelError(
        'INVALID_OPTION',
        `\`${key}\` applies to learned classes, but \`classes\` are given: ${key === 'order' ? 'they keep the order given' : 'list only the classes to keep'}. Leave out \`${key}\` or \`classes\`.`,
      );
    }
  }
  const classes = readLabelList(given, 'classes', 'INVALID_OPTION');
  if (classes.length === 0) {
    throw new MultilabelError(
      'INVALID_OPTION',
      '`classes` is empty; give at least one class, or leave `classes` out to learn them with `fit`.',
    );
  }
  return { settings, classes };
}

import { MultilabelError } from '../core/errors.js';
import type { LabelMatrix } from '../core/matrix.js';
import type { SparseLabelMatrix } from '../core/sparse-label-matrix.js';
import { checkOptionKeys } from '../core/validate.js';
import { valueText } from '../core/value-text.js';
import { checkGroupCount, readGroups } from './groups.js';
import { toSparseLabels } from './sparse-labels.js';
import { readSplitSettings } from './split-settings.js';
import { stratify } from './stratify.js';

/**
 * Options of {@link trainTestSplit}. A size in (0, 1) is a share of the rows (rounded up, as
 * scikit-learn does); an integer of at least 1 is a row count.
 *
 * @expand
 * @summary Options of {@link trainTestSplit}: part sizes as shares or row counts.
 * @category Options
 * @example
 * ```ts
 * import { trainTestSplit, type TrainTestSplitOptions } from 'tfjs-multilabel/data';
 *
 * // 30% of the rows for testing, 2 rows for validation.
 * const options: TrainTestSplitOptions = { testSize: 0.3, validationSize: 2, seed: 4 };
 * const y = Array.from({ length: 10 }, (_, i) => [i % 2, i < 4 ? 1 : 0]);
 * const split = trainTestSplit(y, options);
 * console.log(split.train.length, split.test.length, split.validation.length); // 5 3 2
 * ```
 */
export interface TrainTestSplitOptions {
  /**
   * Size of the test part.
   *
   * @defaultValue `0.25`
   */
  testSize?: number;
  /**
   * Size of an optional validation part.
   *
   * @defaultValue none: no validation part
   */
  validationSize?: number;
  /**
   * 1: stratify single labels; 2: label pairs as well (see {@link iterativeStratification}).
   *
   * @defaultValue `1`
   */
  order?: 1 | 2;
  /**
   * Seed of every random choice.
   *
   * @defaultValue `0`
   */
  seed?: number;
  /**
   * One group id per row (numbers or strings): rows with the same id land whole in one part,
   * as with scikit-learn's `GroupShuffleSplit` (see {@link iterativeStratification} for the
   * rule). The part sizes are then as close to the asked sizes as the group sizes allow. When
   * every id is distinct, the split is the one without `groups`.
   *
   * @defaultValue none: every row is its own group
   */
  groups?: ArrayLike<number | string>;
}

/**
 * A stratified split into training, test and (optionally) validation rows, as ascending row
 * indices.
 *
 * @summary Training, test and optional validation rows, as row indices.
 * @category Results
 * @example
 * ```ts
 * import { trainTestSplit, type TrainTestSplit } from 'tfjs-multilabel/data';
 *
 * const y = Array.from({ length: 8 }, (_, i) => [i % 2, i % 4 === 0 ? 1 : 0]);
 * const split: TrainTestSplit = trainTestSplit(y, { testSize: 0.25, seed: 2 });
 * console.log(split.train.length, split.test.length, split.validation.length); // 6 2 0
 * ```
 */
export interface TrainTestSplit {
  /** Rows to train on. */
  readonly train: Int32Array;
  /** Rows to evaluate on. */
  readonly test: Int32Array;
  /** Empty unless `validationSize` was given. */
  readonly validation: Int32Array;
}

function readSize(value: unknown, name: string, rows: number): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new MultilabelError(
      'INVALID_OPTION',
      `\`${name}\` must be a share in (0, 1) or a row count >= 1, but got ${valueText(value)}.`,
    );
  }
  if (value < 1) return Math.ceil(value * rows);
  if (!Number.isInteger(value)) {
    throw new MultilabelError(
      'INVALID_OPTION',
      `\`${name}\` is ${value}: a size of at least 1 is a row count and must be an integer (use a value in (0, 1) for a share).`,
    );
  }
  return value;
}

/**
 * Splits multi-label data into training and test rows (and optionally validation rows) with
 * {@link iterativeStratification}, so that every part keeps each label's share of positives.
 * The counterpart of scikit-learn's `train_test_split(..., stratify=...)`, which does not
 * accept multi-label targets. Part sizes are exact: the test part has ceil(testSize * rows)
 * rows for a share, or `testSize` rows for a count (likewise for validation), and training
 * gets the rest. With `groups`, every group lands whole in one part, and the part sizes are as
 * close to those as the group sizes allow.
 *
 * @summary Splits rows into stratified training, test and validation parts.
 * @category Splits
 * @param y Labels, one row per sample (0/1, `-1` / `NaN` for unknown cells).
 * @param options `testSize`, `validationSize`, `order`, `seed`, `groups`.
 * @returns `{ train, test, validation }` ascending row indices.
 * @throws {@link MultilabelError} `INVALID_SHAPE`, `EMPTY_INPUT`, `NON_BINARY_LABELS` for bad
 *   labels; `INVALID_OPTION` for a size that is not a share in (0, 1) or a count, or sizes that
 *   leave no training, test or validation row, or `order: 2` on rows with so many positives
 *   that their label pairs exceed 2^25, or fewer distinct `groups` than parts; `SHAPE_MISMATCH`
 *   when `groups` has not one id per row (`INVALID_OPTION` for an id that is neither a finite
 *   number nor a string); `UNKNOWN_OPTION` for a misspelt option.
 * @example
 * ```ts
 * import { trainTestSplit } from 'tfjs-multilabel/data';
 *
 * const y = Array.from({ length: 20 }, (_, i) => [i % 2, i % 5 === 0 ? 1 : 0]);
 * const { train, test, validation } = trainTestSplit(y, { testSize: 0.2, validationSize: 4, seed: 3 });
 * console.log(train.length, test.length, validation.length); // 12 4 4
 * ```
 */
export function trainTestSplit(
  y: LabelMatrix | SparseLabelMatrix,
  options?: TrainTestSplitOptions,
): TrainTestSplit {
  checkOptionKeys(
    options,
    ['testSize', 'validationSize', 'order', 'seed', 'groups'],
    'trainTestSplit',
  );
  const o = options ?? {};
  const { order, seed } = readSplitSettings(o);
  const labels = toSparseLabels(y, 'y');
  const rows = labels.rows;
  const test = readSize(o.testSize ?? 0.25, 'testSize', rows);
  const validation =
    o.validationSize === undefined ? 0 : readSize(o.validationSize, 'validationSize', rows);
  const train = rows - test - validation;
  if (train < 1) {
    throw new MultilabelError(
      'INVALID_OPTION',
      `\`testSize\` (${test} rows)${validation > 0 ? ` and \`validationSize\` (${validation} rows)` : ''} leave no training row of ${rows}; make them smaller.`,
    );
  }
  const sizes = Int32Array.from(validation > 0 ? [train, test, validation] : [train, test]);
  const groups = o.groups === undefined ? undefined : readGroups(o.groups, rows);
  if (groups !== undefined) checkGroupCount(groups, sizes.length, 'parts');
  const proportions = Float64Array.from(sizes, (s) => s / rows);
  const fold = stratify(labels, {
    proportions,
    order,
    seed,
    balance: true,
    sizes,
    groups,
  });
  const counts = new Int32Array(sizes.length);
  for (let r = 0; r < rows; r++) counts[fold[r]]++;
  const parts = Array.from(counts, (s) => new Int32Array(s));
  const filled = new Int32Array(sizes.length);
  for (let r = 0; r < rows; r++) parts[fold[r]][filled[fold[r]]++] = r;
  return { train: parts[0], test: parts[1], validation: parts[2] ?? new Int32Array(0) };
}

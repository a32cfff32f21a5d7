import { MultilabelError } from '../core/errors.js';
import type { DenseMatrix, LabelMatrix } from '../core/matrix.js';
import type { SparseLabelMatrix } from '../core/sparse-label-matrix.js';
import { checkInteger, checkOptionKeys, readRenamedOption } from '../core/validate.js';
import { checkGroupCount, readGroups } from './groups.js';
import { type SparseLabels, sparseLabelsOf, toSparseLabels } from './sparse-labels.js';
import { readSplitSettings } from './split-settings.js';
import { stratify } from './stratify.js';
import { checkTableSize, formatCount, MAX_OUTPUT_CELLS } from './table-size.js';

/**
 * Options of {@link stratifiedKFold}.
 *
 * @expand
 * @category Options
 * @example
 * ```ts
 * import { stratifiedKFold, type StratifiedKFoldOptions } from 'tfjs-multilabel/data';
 *
 * const options: StratifiedKFoldOptions = { nFolds: 3, order: 1, seed: 5 };
 * const y = Array.from({ length: 9 }, (_, i) => [i % 3 === 0 ? 1 : 0, i % 2]);
 * console.log(stratifiedKFold(y, options).map(({ test }) => test.length)); // [3, 3, 3]
 * ```
 */
export interface StratifiedKFoldOptions {
  /**
   * Number of folds, at least 2 and at most the number of rows.
   *
   * @defaultValue `5`
   */
  nFolds?: number;
  /**
   * The number of folds under its former name.
   *
   * @defaultValue none: `nFolds` applies
   * @deprecated Use `nFolds`, the fold count's name across the library; `k` is removed in 0.3.0.
   */
  k?: number;
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
   * One group id per row (numbers or strings): rows with the same id are tested together,
   * never straddling train and test, as with scikit-learn's `StratifiedGroupKFold` (see
   * {@link iterativeStratification} for the rule). Fold sizes are then as even as the group
   * sizes allow. When every id is distinct, the folds are those without `groups`.
   *
   * @defaultValue none: every row is its own group
   */
  groups?: ArrayLike<number | string>;
}

/**
 * The rows of one cross-validation split, as ascending row indices.
 *
 * @category Results
 * @example
 * ```ts
 * import { stratifiedKFold, type TrainTestIndices } from 'tfjs-multilabel/data';
 *
 * const y = [[1, 0], [0, 1], [1, 0], [0, 1]];
 * const [first]: TrainTestIndices[] = stratifiedKFold(y, { nFolds: 2, seed: 0 });
 * // Every row is in exactly one of the two parts.
 * console.log([...first.train, ...first.test].sort()); // [0, 1, 2, 3]
 * ```
 */
export interface TrainTestIndices {
  /** Rows to train on: every row outside `test`. */
  readonly train: Int32Array;
  /** Rows to evaluate on: one fold. */
  readonly test: Int32Array;
}

/**
 * Stratified k-fold cross-validation for multi-label data, like scikit-learn's `KFold` but
 * with the folds of {@link iterativeStratification}: split `i` tests on fold `i` and trains on
 * the others. Every row is tested exactly once, fold sizes differ by at most one row, and every
 * label with at least `nFolds` positives has a positive in every test fold whenever the labels
 * allow it. With `groups`, every group is tested in exactly one fold and fold sizes are as even
 * as the group sizes allow.
 *
 * @summary Stratified k-fold cross-validation for multi-label data.
 * @category Splits
 * @param y Labels, one row per sample (0/1, `-1` / `NaN` for unknown cells).
 * @param options `nFolds`, `order`, `seed`, `groups`.
 * @returns `nFolds` splits `{ train, test }` of ascending row indices (an array, so also
 *   iterable).
 * @throws {@link MultilabelError} `INVALID_SHAPE`, `EMPTY_INPUT`, `NON_BINARY_LABELS` for bad
 *   labels; `INVALID_OPTION` for a bad option value (including `nFolds` above the row count,
 *   both `nFolds` and `k`, or folds and `order` whose tables would exceed 2^25 cells, as in
 *   {@link iterativeStratification}), and fewer distinct `groups` than folds; `SHAPE_MISMATCH`
 *   when `groups` has not one id per row (`INVALID_OPTION` for an id that is neither a finite
 *   number nor a string); `UNKNOWN_OPTION` for a misspelt option.
 * @example
 * ```ts
 * import { stratifiedKFold } from 'tfjs-multilabel/data';
 *
 * const y = [[1, 0], [1, 0], [0, 1], [0, 1], [1, 1], [1, 1]];
 * for (const { train, test } of stratifiedKFold(y, { nFolds: 2, seed: 1 })) {
 *   console.log(train.length, test.length); // 3 3
 * }
 * ```
 */
export function stratifiedKFold(
  y: LabelMatrix | SparseLabelMatrix,
  options?: StratifiedKFoldOptions,
): TrainTestIndices[] {
  return foldsOf(() => toSparseLabels(y, 'y'), options);
}

/**
 * {@link stratifiedKFold} of labels already read by `toLabelMatrix` (0, 1 and `MISSING_LABEL`
 * cells): the same folds for the same options, without reading the labels again (the
 * cross-validated threshold search splits the labels it has read and checked).
 *
 * @internal
 */
export function stratifiedKFoldOfLabels(
  truth: DenseMatrix<Int8Array>,
  options?: StratifiedKFoldOptions,
): TrainTestIndices[] {
  return foldsOf(() => sparseLabelsOf(truth), options);
}

/** The folds of the labels `read` gives, after checking the options (first, as before). */
function foldsOf(
  read: () => SparseLabels,
  options: StratifiedKFoldOptions | undefined,
): TrainTestIndices[] {
  checkOptionKeys(options, ['nFolds', 'order', 'seed', 'groups'], 'stratifiedKFold', {
    k: 'nFolds',
  });
  const o = options ?? {};
  const { order, seed } = readSplitSettings(o);
  const foldCount = readRenamedOption(o, 'nFolds', 'k', 'stratifiedKFold');
  const k = checkInteger(foldCount.value ?? 5, foldCount.key, { min: 2 });
  const labels = read();
  if (k > labels.rows) {
    throw new MultilabelError(
      'INVALID_OPTION',
      `\`${foldCount.key}\` is ${k} but \`y\` has only ${labels.rows} rows; use at most ${labels.rows} folds.`,
    );
  }
  const groups = o.groups === undefined ? undefined : readGroups(o.groups, labels.rows);
  if (groups !== undefined) checkGroupCount(groups, k, 'folds');
  // Each fold lists every row once (train or test): k x rows indices in all.
  checkTableSize(
    k * labels.rows,
    MAX_OUTPUT_CELLS,
    `The train and test indices of ${formatCount(k)} folds of ${formatCount(labels.rows)} rows`,
    "Use iterativeStratification, which gives each row's fold (one number per row), and take each fold's rows from it as you need them.",
    'INVALID_OPTION',
  );
  const proportions = new Float64Array(k).fill(1 / k);
  const fold = stratify(labels, { proportions, order, seed, balance: true, groups });
  const sizes = new Int32Array(k);
  for (let r = 0; r < fold.length; r++) sizes[fold[r]]++;
  const splits: TrainTestIndices[] = [];
  for (let j = 0; j < k; j++) {
    const test = new Int32Array(sizes[j]);
    const train = new Int32Array(fold.length - sizes[j]);
    for (let r = 0, a = 0, b = 0; r < fold.length; r++) {
      if (fold[r] === j) test[a++] = r;
      else train[b++] = r;
    }
    splits.push({ train, test });
  }
  return splits;
}

import { MultilabelError } from '../core/errors.js';
import type { LabelMatrix } from '../core/matrix.js';
import type { SparseLabelMatrix } from '../core/sparse-label-matrix.js';
import { checkInteger, checkOptionKeys } from '../core/validate.js';
import { checkGroupCount, readGroups } from './groups.js';
import { readProportions } from './proportions.js';
import { toSparseLabels } from './sparse-labels.js';
import { readSplitSettings } from './split-settings.js';
import { stratify, targetSizes } from './stratify.js';

/**
 * Options of {@link iterativeStratification}.
 *
 * @expand
 * @category Options
 * @example
 * ```ts
 * import { iterativeStratification, type IterativeStratificationOptions } from 'tfjs-multilabel/data';
 *
 * // An 80/10/10 split that also balances label pairs.
 * const options: IterativeStratificationOptions = { proportions: [0.8, 0.1, 0.1], order: 2, seed: 1 };
 * const y = Array.from({ length: 20 }, (_, i) => [i % 2, i % 3 === 0 ? 1 : 0]);
 * const folds = iterativeStratification(y, options);
 * console.log([0, 1, 2].map((f) => folds.filter((g) => g === f).length)); // [16, 2, 2]
 * ```
 */
export interface IterativeStratificationOptions {
  /**
   * Number of folds, at least 2.
   *
   * @defaultValue `5`, or the length of `proportions` when given
   */
  nFolds?: number;
  /**
   * 1: balance single labels (Sechidis et al. 2011). 2: balance label pairs as well
   * (Szymański & Kajdanowicz 2017), for models that learn label co-occurrence.
   *
   * @defaultValue `1`
   */
  order?: 1 | 2;
  /**
   * Seed of every random choice: the same seed gives the same folds on every platform.
   *
   * @defaultValue `0`
   */
  seed?: number;
  /**
   * The share of the rows each fold gets, summing to 1, e.g.
   * `[0.8, 0.1, 0.1]`. Fold j gets floor or ceil of rows * proportions[j] rows.
   *
   * @defaultValue equal shares
   */
  proportions?: ArrayLike<number>;
  /**
   * Run the balancing pass after the published algorithm. `false` returns the
   * published algorithm's folds, whose sizes can be off by dozens of rows.
   *
   * @defaultValue `true`
   */
  balance?: boolean;
  /**
   * One group id per row (numbers or strings, as scikit-learn's `groups`): rows with the same
   * id go whole to one fold, e.g. the images of one patient, product or document. The groups
   * are spread by the same iterative rule as rows, each group counting its rows' labels (and
   * pairs); fold sizes are as even as the group sizes allow (see
   * {@link iterativeStratification}). When every id is distinct, the folds are those without
   * `groups`.
   *
   * @defaultValue none: every row is its own group
   */
  groups?: ArrayLike<number | string>;
}

/**
 * Assigns every row to a fold so that each label (and, with `order: 2`, each pair of labels)
 * is spread over the folds in proportion to their sizes: iterative stratification. Use it
 * instead of a random split whenever some labels are rare, so that every fold (every test set)
 * sees them.
 *
 * Algorithm: the published one, Sechidis, Tsoumakas & Vlahavas (ECML PKDD 2011) for order 1
 * and Szymański & Kajdanowicz (LIDTA 2017) for order 2: the label (or pair) with the fewest
 * unassigned rows goes first, each of its rows to the fold that still wants the most of it. Then
 * a balancing pass improves on the papers: it gives every fold the size random splitting would
 * (floor or ceil of rows * proportion) with moves that raise neither the label distribution
 * measure LD nor, for order 2, the pair measure LPD, unless no such move is left; it gives a
 * row of each label to every fold that should hold one (and keeps a label with fewer positives
 * than folds in as many folds as it has positives); and it swaps rows between folds while that
 * lowers LD + LPD and raises neither. The last two steps search within a work budget
 * proportional to the input, and with many folds each row is offered a bounded number of
 * them; fold sizes are always exact. Rows without labels count only towards sizes. Missing
 * cells (`-1` / `NaN`) count as neither positive nor negative.
 *
 * Grouped rows (`groups`): every group lands in exactly one fold. The groups are the items of
 * the same rule, weighted: a group holds, of each label (and pair), as many positives as its
 * rows hold, the desired counts stay in rows, and a group of 5 rows takes 5 rows of its fold's
 * desired size (Sechidis et al.'s rule generalised to weighted items). The balancing pass
 * then works on whole groups: it moves groups from folds above their size to folds below it
 * (or trades a larger group for a smaller one) while that brings the sizes closer, least
 * harmful to LD and LPD first; gives every fold a group; and swaps two groups of the same size
 * between folds while that lowers LD + LPD and raises neither. It skips the row pass's
 * coverage step (a positive of each label in every fold that should hold one). Fold sizes are
 * only as even as the group sizes allow. Fewer distinct groups than folds throws
 * `INVALID_OPTION`. When every row has its own group, the folds are exactly those without
 * `groups` (a guarantee).
 *
 * Cost: time and memory linear in the positives for order 1, and in the positives plus the
 * co-occurring label pairs per row for order 2 (for example 16,105 rows x 983 labels in
 * milliseconds to a second; see `bench/stratify.ts`), up to a log factor in the number of
 * folds, which may go up to one fold per row. The balancing pass adds tables of (label or
 * pair, fold) cells. A pair list or a table past 2^25 cells throws `INVALID_OPTION` saying
 * what to use instead (fewer folds, `order: 1`, or `balance: false`).
 *
 * @summary Assigns each row a fold so that every label is spread evenly.
 * @category Splits
 * @param y Labels, one row per sample (0/1, `-1` / `NaN` for unknown cells).
 * @param options `nFolds`, `order`, `seed`, `proportions`, `balance`, `groups`.
 * @returns The fold (0 .. nFolds - 1) of every row.
 * @throws {@link MultilabelError} `INVALID_SHAPE`, `EMPTY_INPUT`, `NON_BINARY_LABELS` for bad
 *   labels; `INVALID_OPTION` for a bad option value, including more folds than rows, a
 *   proportion too small to give its fold a row, or folds and `order` whose tables would
 *   exceed 2^25 cells, and fewer distinct `groups` than folds; `SHAPE_MISMATCH` when `groups`
 *   has not one id per row (`INVALID_OPTION` for an id that is neither a finite number nor a
 *   string); `UNKNOWN_OPTION` for a misspelt option.
 * @example
 * ```ts
 * import { iterativeStratification, splitQuality } from 'tfjs-multilabel/data';
 *
 * // 10 rows; label 1 has only 2 positives.
 * const y = [
 *   [1, 1], [1, 0], [1, 0], [0, 0], [1, 0],
 *   [1, 1], [0, 0], [1, 0], [0, 0], [1, 0],
 * ];
 * const folds = iterativeStratification(y, { nFolds: 2, seed: 7 });
 * console.log(folds.length); // 10
 * const quality = splitQuality(y, folds);
 * console.log(Array.from(quality.foldSizes)); // [5, 5]
 * console.log(Array.from(quality.positivesPerFold.data)); // [3, 4, 1, 1]
 *
 * // Rows 0-1, 2-4, 5-6 and 7-9 are the images of four patients: each lands in one fold.
 * const patients = ['a', 'a', 'b', 'b', 'b', 'c', 'c', 'd', 'd', 'd'];
 * const grouped = iterativeStratification(y, { nFolds: 2, seed: 7, groups: patients });
 * console.log(Array.from(grouped)); // [1, 1, 1, 1, 1, 0, 0, 0, 0, 0]
 * console.log(Array.from(splitQuality(y, grouped).positivesPerFold.data)); // [3, 4, 1, 1]
 * ```
 */
export function iterativeStratification(
  y: LabelMatrix | SparseLabelMatrix,
  options?: IterativeStratificationOptions,
): Int32Array {
  checkOptionKeys(
    options,
    ['nFolds', 'order', 'seed', 'proportions', 'balance', 'groups'],
    'iterativeStratification',
  );
  const o = options ?? {};
  const { order, seed, balance } = readSplitSettings(o);
  const nFolds =
    o.nFolds === undefined
      ? o.proportions === undefined
        ? 5
        : undefined
      : checkInteger(o.nFolds, 'nFolds', { min: 2 });
  const proportions = readProportions(o.proportions, 'proportions', nFolds);
  const labels = toSparseLabels(y, 'y');
  const k = proportions.length;
  if (k > labels.rows) {
    throw new MultilabelError(
      'INVALID_OPTION',
      `\`nFolds\` is ${k} but \`y\` has only ${labels.rows} rows; use at most ${labels.rows} folds.`,
    );
  }
  const groups = o.groups === undefined ? undefined : readGroups(o.groups, labels.rows);
  if (groups !== undefined) checkGroupCount(groups, k, 'folds');
  const sizes = targetSizes(labels.rows, proportions);
  const empty = sizes.indexOf(0);
  if (empty >= 0) {
    throw new MultilabelError(
      'INVALID_OPTION',
      `\`proportions[${empty}]\` (${proportions[empty]}) gives fold ${empty} no row of ${labels.rows}; raise it to at least ${1 / labels.rows}.`,
    );
  }
  return stratify(labels, {
    proportions,
    order,
    seed,
    balance,
    balanceOption: true,
    groups,
  });
}

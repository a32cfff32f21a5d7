import { MultilabelError } from '../core/errors.js';
import { isNumericArrayLike } from '../core/matrix-input.js';
import { valueText } from '../core/value-text.js';

/**
 * A split of the rows: the fold of every row (as `iterativeStratification` returns it), or one
 * array of row indices per part (such as `[split.train, split.test]` or the `test` arrays of
 * `stratifiedKFold`), which must cover every row exactly once.
 *
 * @summary A split: each row's fold, or one array of row indices per part.
 * @category Inputs
 * @example
 * ```ts
 * import type { FoldAssignment } from 'tfjs-multilabel/data';
 *
 * const byRow: FoldAssignment = [0, 1, 0, 1];
 * const byPart: FoldAssignment = [[0, 2], [1, 3]];
 * console.log(byRow.length, byPart.length); // 4 2
 * ```
 */
export type FoldAssignment = ArrayLike<number> | readonly ArrayLike<number>[];

function isIndexList(value: unknown): value is ArrayLike<number> {
  return isNumericArrayLike(value);
}

/**
 * Reads a {@link FoldAssignment} for `rows` rows (of the argument `rowsName`) into a fold id per
 * row plus the fold count. Every fold must hold at least one row.
 *
 * @internal
 */
export function readFolds(
  folds: unknown,
  name: string,
  rows: number,
  rowsName = 'y',
): { fold: Int32Array; k: number } {
  if (!isIndexList(folds)) {
    throw new MultilabelError(
      'INVALID_ARGUMENT',
      `\`${name}\` must be the fold of every row (an array of integers) or an array of row-index arrays, but got ${folds === null ? 'null' : typeof folds}.`,
    );
  }
  const list = folds as ArrayLike<unknown>;
  const fold = new Int32Array(rows);
  let k = 0;
  if (list.length > 0 && isIndexList(list[0])) {
    fold.fill(-1);
    k = list.length;
    for (let j = 0; j < k; j++) {
      const part = list[j];
      if (!isIndexList(part)) {
        throw new MultilabelError(
          'INVALID_ARGUMENT',
          `\`${name}[${j}]\` must be an array of row indices, like the other parts.`,
        );
      }
      for (let t = 0; t < part.length; t++) {
        const r = part[t];
        if (!Number.isInteger(r) || r < 0 || r >= rows) {
          throw new MultilabelError(
            'INVALID_ARGUMENT',
            `\`${name}[${j}][${t}]\` is ${r}, but row indices must be integers in [0, ${rows - 1}].`,
          );
        }
        if (fold[r] !== -1) {
          throw new MultilabelError(
            'INVALID_ARGUMENT',
            `Row ${r} appears in \`${name}[${fold[r]}]\` and in \`${name}[${j}]\`; every row must belong to exactly one part.`,
          );
        }
        fold[r] = j;
      }
    }
    const lost = fold.indexOf(-1);
    if (lost >= 0) {
      throw new MultilabelError(
        'INVALID_ARGUMENT',
        `Row ${lost} is in no part of \`${name}\`; the parts must cover every row of \`${rowsName}\`.`,
      );
    }
  } else {
    if (list.length !== rows) {
      throw new MultilabelError(
        'SHAPE_MISMATCH',
        `\`${name}\` has ${list.length} entries but \`${rowsName}\` has ${rows} rows; pass one fold per row.`,
      );
    }
    for (let r = 0; r < rows; r++) {
      const j = list[r];
      if (typeof j !== 'number' || !Number.isInteger(j) || j < 0) {
        throw new MultilabelError(
          'INVALID_ARGUMENT',
          `\`${name}[${r}]\` is ${valueText(j)}, but a fold must be an integer >= 0.`,
        );
      }
      // Every fold holds a row, so there are at most `rows` folds (checked before counting them).
      if (j >= rows) {
        throw new MultilabelError(
          'INVALID_ARGUMENT',
          `\`${name}[${r}]\` is ${j}, but ${rows} rows make at most ${rows} folds; number the folds 0 .. k - 1 with at least one row each.`,
        );
      }
      fold[r] = j;
      if (j + 1 > k) k = j + 1;
    }
  }
  const sizes = new Int32Array(k);
  for (let r = 0; r < rows; r++) sizes[fold[r]]++;
  const empty = sizes.indexOf(0);
  if (empty >= 0) {
    throw new MultilabelError(
      'INVALID_ARGUMENT',
      `Fold ${empty} of \`${name}\` holds no row; number the folds 0 .. k - 1 with at least one row each.`,
    );
  }
  return { fold, k };
}

import { MultilabelError } from '../core/errors.js';
import { isNumericArrayLike } from '../core/matrix-input.js';
import { valueText } from '../core/value-text.js';

/**
 * A label as a dataset names it: a string (`'beach'`) or a finite number (`3`). As in
 * scikit-learn, `'1'` and `1` are different labels; `0` and `-0` are the same.
 *
 * @summary A label name: a string or a finite number.
 * @category Inputs
 * @example
 * ```ts
 * import { MultiLabelBinarizer, type LabelName } from 'tfjs-multilabel/data';
 *
 * const rows: LabelName[][] = [['beach', 'dog'], ['dog']];
 * console.log(new MultiLabelBinarizer().fit(rows).classes); // ['beach', 'dog']
 * ```
 */
export type LabelName = string | number;

/** Whether `value` can be a label: a string or a finite number. @internal */
export function isLabelName(value: unknown): value is LabelName {
  return typeof value === 'string' || (typeof value === 'number' && Number.isFinite(value));
}

/** The error for a value that is not a label, at `where` (e.g. `` `y[2][0]` ``). @internal */
export function badLabel(where: string, value: unknown): MultilabelError {
  return new MultilabelError(
    'INVALID_ARGUMENT',
    `${where} is ${valueText(value)}; a label is a string or a finite number. Convert it (e.g. \`String(x)\`) or leave it out.`,
  );
}

/**
 * The labels of row `r` of `y` as an indexable list: an array, a numeric typed array or a Set
 * (copied to an array). A string throws: iterating it would give its characters, the trap of
 * scikit-learn's `MultiLabelBinarizer().fit(['ab', 'c'])` (classes `a`, `b`, `c`).
 *
 * @internal
 */
export function labelRow(y: readonly unknown[], r: number, name: string): ArrayLike<unknown> {
  const row = y[r];
  if (Array.isArray(row)) return row;
  if (typeof row === 'string') {
    throw new MultilabelError(
      'INVALID_ARGUMENT',
      `\`${name}[${r}]\` is the string ${valueText(row)}, but each row must be a list of labels: a string would be read as a set of characters. Wrap it: \`[${valueText(row)}]\` (one label), or split it first (\`${valueText(row)}.split(',')\`).`,
    );
  }
  if (row instanceof Set) return Array.from(row);
  if (isNumericArrayLike(row)) return row;
  throw new MultilabelError(
    'INVALID_ARGUMENT',
    `\`${name}[${r}]\` must be the list of labels of row ${r} (an array or a Set; \`[]\` for none), but got ${valueText(row)}.`,
  );
}

/** Checks that `y` is a non-empty array of rows. @internal */
export function checkLabelRows(y: unknown, name: string): asserts y is readonly unknown[] {
  if (typeof y === 'string') {
    throw new MultilabelError(
      'INVALID_ARGUMENT',
      `\`${name}\` is the string ${valueText(y)}, but it must be one list of labels per row, e.g. \`[['beach', 'dog'], ['dog']]\`.`,
    );
  }
  if (!Array.isArray(y)) {
    throw new MultilabelError(
      'INVALID_ARGUMENT',
      `\`${name}\` must be an array with one list of labels per row (e.g. \`[['beach', 'dog'], ['dog']]\`), but got ${valueText(y)}.`,
    );
  }
  if (y.length === 0) {
    throw new MultilabelError(
      'EMPTY_INPUT',
      `\`${name}\` has no rows. Pass at least one row (\`[]\` as a row means a row without labels).`,
    );
  }
}

/**
 * Sorts learned classes as scikit-learn's `sorted` does: numbers by value, strings by UTF-16
 * code unit (JavaScript's order; Python compares code points, which differs only between
 * characters beyond U+FFFF and those from U+E000 to U+FFFF). Numbers and strings together have
 * no order (Python raises a TypeError): `where` names the rows of one of each.
 *
 * @internal
 */
export function sortLabels(
  labels: LabelName[],
  mixed: (number: LabelName, text: LabelName) => MultilabelError,
): LabelName[] {
  let firstNumber: LabelName | undefined;
  let firstString: LabelName | undefined;
  for (const label of labels) {
    if (typeof label === 'number') firstNumber ??= label;
    else firstString ??= label;
  }
  if (firstNumber !== undefined && firstString !== undefined) {
    throw mixed(firstNumber, firstString);
  }
  return firstNumber !== undefined
    ? labels.sort((a, b) => (a as number) - (b as number))
    : labels.sort();
}

/** The error of numbers and strings together in learned, sorted classes. @internal */
export function mixedLabels(
  number: LabelName,
  numberRow: number,
  text: LabelName,
  textRow: number,
): MultilabelError {
  return new MultilabelError(
    'INVALID_ARGUMENT',
    `\`y\` mixes numbers and strings (${valueText(number)} in row ${numberRow}, ${valueText(text)} in row ${textRow}), which have no common order (scikit-learn raises a TypeError). Use one type (e.g. \`String(label)\`), or pass \`order: 'firstSeen'\` or \`classes\`.`,
  );
}

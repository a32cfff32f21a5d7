import { MultilabelError } from '../core/errors.js';
import { valueText } from '../core/value-text.js';
import type { Combinations } from './combinations.js';
import type { ItemWeights } from './distribute.js';

/**
 * Groups of rows that a split keeps together, read from a `groups` option: the dense group
 * number of every row (numbered in order of first appearance) and the group count.
 *
 * @internal
 */
export interface RowGroups {
  /** The group (0 .. count - 1) of every row; the first row of group g comes before that of g + 1. */
  readonly groupOf: Int32Array;
  readonly count: number;
}

/**
 * Reads `groups`, one group id per row (numbers or strings, as scikit-learn's `groups`):
 * rows with the same id (`===`, with 0 and -0 the same) form a group. Throws when it has not
 * one id per row, or holds an id that is neither a finite number nor a string.
 *
 * @internal
 */
export function readGroups(groups: unknown, rows: number): RowGroups {
  const list = groups as ArrayLike<unknown> | null | undefined;
  if (
    list === null ||
    typeof list !== 'object' ||
    typeof (list as ArrayLike<unknown>).length !== 'number'
  ) {
    throw new MultilabelError(
      'INVALID_OPTION',
      `\`groups\` must be an array of one group id (a number or a string) per row of \`y\`, but got ${valueText(groups)}.`,
    );
  }
  if (list.length !== rows) {
    throw new MultilabelError(
      'SHAPE_MISMATCH',
      `\`groups\` has ${list.length} entries but \`y\` has ${rows} rows; give one group id per row.`,
    );
  }
  const ids = new Map<unknown, number>();
  const groupOf = new Int32Array(rows);
  for (let r = 0; r < rows; r++) {
    const id = list[r];
    if (!(typeof id === 'string' || (typeof id === 'number' && Number.isFinite(id)))) {
      throw new MultilabelError(
        'INVALID_OPTION',
        `\`groups[${r}]\` is ${valueText(id)}; every row needs a group id that is a finite number or a string (give a row of its own a new id).`,
      );
    }
    let g = ids.get(id);
    if (g === undefined) {
      g = ids.size;
      ids.set(id, g);
    }
    groupOf[r] = g;
  }
  return { groupOf, count: ids.size };
}

/**
 * Throws when there are fewer groups than parts: every part needs a group of its own.
 *
 * @internal
 */
export function checkGroupCount(groups: RowGroups, parts: number, what: string): void {
  if (groups.count >= parts) return;
  throw new MultilabelError(
    'INVALID_OPTION',
    `\`groups\` names ${groups.count} distinct groups but the split has ${parts} ${what}; every group goes whole to one of them, so use at most ${groups.count} ${what}, or finer groups.`,
  );
}

/**
 * The combinations of every group of rows: a group's list holds each combination of its rows
 * once, with the number of its rows holding it in `weights` (Sechidis et al.'s counts, summed
 * over the group). The result's `support` counts the groups holding each combination;
 * `rowSupport` keeps the rows.
 *
 * @internal
 */
export function groupCombinations(
  combos: Combinations,
  groups: RowGroups,
): { combos: Combinations; items: ItemWeights } {
  const { groupOf, count: n } = groups;
  const rows = groupOf.length;
  const sizes = new Int32Array(n);
  for (let r = 0; r < rows; r++) sizes[groupOf[r]]++;
  // The rows of each group, ascending.
  const rowPtr = new Int32Array(n + 1);
  for (let g = 0; g < n; g++) rowPtr[g + 1] = rowPtr[g] + sizes[g];
  const members = new Int32Array(rows);
  const next = rowPtr.slice(0, n);
  for (let r = 0; r < rows; r++) members[next[groupOf[r]]++] = r;

  const { indptr, indices } = combos;
  const outIndices = new Int32Array(indices.length);
  const outWeights = new Int32Array(indices.length);
  const outPtr = new Int32Array(n + 1);
  const support = new Int32Array(combos.count);
  // slot[c]: position of c in the current group's list, valid when seen[c] is the group + 1.
  const seen = new Int32Array(combos.count);
  const slot = new Int32Array(combos.count);
  let out = 0;
  for (let g = 0; g < n; g++) {
    for (let t = rowPtr[g]; t < rowPtr[g + 1]; t++) {
      const r = members[t];
      for (let a = indptr[r]; a < indptr[r + 1]; a++) {
        const c = indices[a];
        if (seen[c] === g + 1) {
          outWeights[slot[c]]++;
          continue;
        }
        seen[c] = g + 1;
        slot[c] = out;
        outIndices[out] = c;
        outWeights[out++] = 1;
        support[c]++;
      }
    }
    outPtr[g + 1] = out;
  }
  return {
    combos: {
      count: combos.count,
      labels: combos.labels,
      support,
      indptr: outPtr,
      indices: outIndices.slice(0, out),
      pairFirst: combos.pairFirst,
      pairSecond: combos.pairSecond,
    },
    items: { weights: outWeights.slice(0, out), sizes, rowSupport: combos.support, rows },
  };
}

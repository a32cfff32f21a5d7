import { MultilabelError } from '../core/errors.js';
import { sortRun } from '../core/sort.js';
import type { SparseLabelMatrix } from '../core/sparse-label-matrix.js';
import { type LabelName, labelRow } from './label-names.js';
import type { RowMajorMatrix } from './row-major-matrix.js';
import { checkTableSize, MAX_OUTPUT_CELLS } from './table-size.js';

/**
 * The row loop of {@link MultiLabelBinarizer}: tag lists to label ids in compressed sparse
 * rows, each id once per row, and the two output forms.
 *
 * @internal
 * @module
 */

/** Label ids per row, as compressed sparse rows; `indices` may be longer than `indptr[rows]`. @internal */
export interface RowIds {
  readonly indptr: Int32Array;
  indices: Int32Array;
}

/**
 * What to do with a value that `index` does not hold, at `y[r][i]`: return its id (learning a
 * new label; ids are dense from 0), or -1 to leave it out; or throw.
 *
 * @internal
 */
export type OnMiss = (value: unknown, r: number, i: number) => number;

/**
 * The ids of every row's labels (a label listed twice in a row counts once), in the order
 * they are listed. Only a label `index` does not hold calls `onMiss`.
 *
 * @internal
 */
export function collectRows(
  y: readonly unknown[],
  name: string,
  index: ReadonlyMap<LabelName, number>,
  onMiss: OnMiss,
): RowIds {
  const rows = y.length;
  const lists = new Array<ArrayLike<unknown>>(rows);
  let total = 0;
  for (let r = 0; r < rows; r++) {
    const list = labelRow(y, r, name);
    lists[r] = list;
    total += list.length;
  }
  if (total > 0x7fffffff) {
    throw new MultilabelError(
      'INVALID_ARGUMENT',
      `\`${name}\` lists ${total} labels in all, more than 2^31 - 1; transform it in parts.`,
    );
  }
  const indptr = new Int32Array(rows + 1);
  const indices = new Int32Array(total);
  // Each row stamps the ids it has taken with its own number: a repeat is seen in O(1).
  let stamp = new Int32Array(Math.max(16, index.size));
  let n = 0;
  for (let r = 0; r < rows; r++) {
    const list = lists[r];
    const mark = r + 1;
    for (let i = 0; i < list.length; i++) {
      let id = index.get(list[i] as LabelName);
      if (id === undefined) {
        id = onMiss(list[i], r, i);
        if (id < 0) continue;
        if (id >= stamp.length) {
          const grown = new Int32Array(Math.max(2 * stamp.length, id + 1));
          grown.set(stamp);
          stamp = grown;
        }
      }
      if (stamp[id] !== mark) {
        stamp[id] = mark;
        indices[n++] = id;
      }
    }
    indptr[r + 1] = n;
  }
  return { indptr, indices };
}

/**
 * Turns the ids of {@link collectRows} into column numbers in place: `columnOf[id]` (-1 drops
 * the id; none: the ids are the columns), each row sorted by column.
 *
 * @internal
 */
export function toColumns(ids: RowIds, columnOf?: Int32Array): RowIds {
  const { indptr, indices } = ids;
  const rows = indptr.length - 1;
  let n = 0;
  for (let r = 0, start = 0; r < rows; r++) {
    const end = indptr[r + 1];
    const first = n;
    for (let a = start; a < end; a++) {
      const c = columnOf === undefined ? indices[a] : columnOf[indices[a]];
      if (c >= 0) indices[n++] = c;
    }
    // Tag lists: runs of up to 32 labels sort fastest by insertion.
    sortRun(indices, first, n, 32);
    start = end;
    indptr[r + 1] = n;
  }
  return { indptr, indices: n === indices.length ? indices : indices.slice(0, n) };
}

/** Rows of columns as CSR labels with `cols` labels. @internal */
export function sparseOf(ids: RowIds, cols: number): SparseLabelMatrix {
  return { indptr: ids.indptr, indices: ids.indices, shape: [ids.indptr.length - 1, cols] };
}

/** Rows of columns as a dense row-major 0/1 matrix with `cols` columns. @internal */
export function denseOf(ids: RowIds, cols: number): RowMajorMatrix<Uint8Array> {
  const { indptr, indices } = ids;
  const rows = indptr.length - 1;
  checkTableSize(
    rows * cols,
    MAX_OUTPUT_CELLS,
    `The dense 0/1 matrix of ${rows} rows and ${cols} classes`,
    'Pass `sparseOutput: true` for compressed sparse rows, whose size grows with the labels listed only.',
  );
  const data = new Uint8Array(rows * cols);
  for (let r = 0; r < rows; r++) {
    for (let a = indptr[r]; a < indptr[r + 1]; a++) data[r * cols + indices[a]] = 1;
  }
  return { data, shape: [rows, cols] };
}

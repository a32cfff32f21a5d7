import type { MultilabelErrorCode } from '../core/errors.js';
import { PairIndex } from './pair-index.js';
import { IntList, type SparseLabels } from './sparse-labels.js';
import { checkTableSize, formatCount, MAX_TABLE_CELLS } from './table-size.js';

/**
 * The label combinations of order at most 1 or 2 that occur in the data, as per-row lists of
 * combination ids (Szymański & Kajdanowicz 2017 stratify on these). Ids `0 .. labels - 1` are
 * the single labels (label `i` has id `i`); ids from `labels` on are the co-occurring pairs.
 *
 * @internal
 */
export interface Combinations {
  /** Number of ids (single labels plus pairs). */
  readonly count: number;
  /** Number of single-label ids (the label count). */
  readonly labels: number;
  /** Rows holding each combination. */
  readonly support: Int32Array;
  /** Row `r`'s combinations are `indices[indptr[r] .. indptr[r + 1])`, single labels first. */
  readonly indptr: Int32Array;
  readonly indices: Int32Array;
  /** The two labels of pair id `labels + p` are `pairFirst[p] < pairSecond[p]`. */
  readonly pairFirst: Int32Array;
  readonly pairSecond: Int32Array;
}

/**
 * Lists each row's combinations of order at most `order`. Memory is linear in the number of
 * (row, combination) incidences: the positives for order 1, and the positives plus the
 * co-occurring pairs per row for order 2, which must not exceed `MAX_TABLE_CELLS` (else
 * `tooMany` says what to do, with its error code).
 *
 * @internal
 */
export function labelCombinations(
  labels: SparseLabels,
  order: 1 | 2,
  tooMany: { advice: string; code: MultilabelErrorCode } = {
    advice: 'Use `order: 1`, whose memory is linear in the positive labels.',
    code: 'INVALID_OPTION',
  },
): Combinations {
  const { rows, cols, indptr, indices } = labels;
  if (order === 1) {
    return {
      count: cols,
      labels: cols,
      support: labels.support,
      indptr,
      indices,
      pairFirst: new Int32Array(0),
      pairSecond: new Int32Array(0),
    };
  }
  // Counted in doubles first: rows with thousands of positives overflow 32-bit offsets.
  let total = 0;
  let widest = 0;
  for (let r = 0; r < rows; r++) {
    const m = indptr[r + 1] - indptr[r];
    total += (m * (m + 1)) / 2;
    widest = Math.max(widest, m);
  }
  checkTableSize(
    total,
    MAX_TABLE_CELLS,
    `Listing the label pairs of every row (up to ${formatCount(widest)} positive labels in a row of \`y\`)`,
    tooMany.advice,
    tooMany.code,
  );
  const rowPtr = new Int32Array(rows + 1);
  for (let r = 0; r < rows; r++) {
    const m = indptr[r + 1] - indptr[r];
    rowPtr[r + 1] = rowPtr[r] + (m * (m + 1)) / 2;
  }
  const ids = new Int32Array(rowPtr[rows]);
  const index = new PairIndex(cols);
  const first = new IntList(1024);
  const second = new IntList(1024);
  const pairSupport = new IntList(1024);
  for (let r = 0; r < rows; r++) {
    const start = indptr[r];
    const end = indptr[r + 1];
    let out = rowPtr[r];
    for (let a = start; a < end; a++) ids[out++] = indices[a];
    for (let a = start; a < end; a++) {
      const i = indices[a];
      for (let b = a + 1; b < end; b++) {
        const j = indices[b];
        const before = index.size;
        const p = index.add(i, j);
        if (p === before) {
          first.push(i);
          second.push(j);
          pairSupport.push(0);
        }
        pairSupport.data[p]++;
        ids[out++] = cols + p;
      }
    }
  }
  const pairs = index.size;
  const support = new Int32Array(cols + pairs);
  support.set(labels.support);
  support.set(pairSupport.data.subarray(0, pairs), cols);
  return {
    count: cols + pairs,
    labels: cols,
    support,
    indptr: rowPtr,
    indices: ids,
    pairFirst: first.toArray(),
    pairSecond: second.toArray(),
  };
}

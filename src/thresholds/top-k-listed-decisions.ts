import { MultilabelError } from '../core/errors.js';
import { selectEntries, TopK } from '../core/kernels/top-k.js';
import type { SparseLabelMatrix } from '../core/sparse-label-matrix.js';
import type { CheckedTopK } from '../core/top-k-predictions.js';

/**
 * Decisions on top-k predictions, as CSR label sets (a {@link SparseLabelMatrix}): a row's
 * predicted labels are among the labels it lists; a label it does not list is never predicted.
 *
 * @internal
 * @module
 */

/**
 * The listed entries scoring `>= values[label]`, in each row's listed order; with `force`, a row
 * without any gets its highest-scoring entry (the lower label id on a tie).
 *
 * @internal
 */
export function thresholdListed(
  top: CheckedTopK,
  values: Float64Array,
  force: boolean,
): SparseLabelMatrix {
  const { rows, cols, k, indices, scores } = top;
  if (cols !== values.length) {
    throw new MultilabelError(
      'SHAPE_MISMATCH',
      `\`scores.shape[1]\` is ${cols} labels but there are ${values.length} thresholds; give top-k predictions over the labels the thresholds were fitted on.`,
    );
  }
  const indptr = new Int32Array(rows + 1);
  const out = new Int32Array(rows * k);
  let n = 0;
  for (let r = 0; r < rows; r++) {
    const from = r * k;
    let best = from;
    for (let i = from; i < from + k; i++) {
      const l = indices[i];
      if (scores[i] >= values[l]) out[n++] = l;
      if (scores[i] > scores[best] || (scores[i] === scores[best] && l < indices[best])) best = i;
    }
    if (force && n === indptr[r]) out[n++] = indices[best];
    indptr[r + 1] = n;
  }
  return { indptr, indices: out.slice(0, n), shape: [rows, cols] };
}

/**
 * The `k` best listed entries of every row (`k <= top.k`), best first; ties go to the lower
 * label id, as the top-k metrics break them.
 *
 * @internal
 */
export function topKListed(top: CheckedTopK, k: number): SparseLabelMatrix {
  const { rows, cols } = top;
  const indptr = new Int32Array(rows + 1);
  const out = new Int32Array(rows * k);
  const best = new TopK(Math.max(k, 1));
  for (let r = 0; r < rows; r++) {
    if (k > 0) {
      selectEntries(best, top.indices, top.scores, r * top.k, top.k, undefined, 0);
      out.set(best.index.subarray(0, k), r * k);
    }
    indptr[r + 1] = (r + 1) * k;
  }
  return { indptr, indices: out, shape: [rows, cols] };
}

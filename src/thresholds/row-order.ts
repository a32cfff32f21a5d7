import type { DenseMatrix, FloatArray } from '../core/matrix.js';
import { ArgsortWorkspace, argsort } from '../core/sort.js';

/**
 * Ranks the labels of every row, highest score first, ties in column order (the shared stable
 * argsort, one workspace for all rows).
 *
 * @internal
 * @module
 */

/** Calls `visit(r, order)` with the column order of each row (`order` is reused). @internal */
export function forEachRowOrder(
  scores: DenseMatrix<FloatArray>,
  visit: (r: number, order: Int32Array, row: FloatArray) => void,
): void {
  const { rows, cols, data } = scores;
  const order = new Int32Array(cols);
  const workspace = new ArgsortWorkspace();
  for (let r = 0; r < rows; r++) {
    const row = data.subarray(r * cols, (r + 1) * cols);
    argsort(row, { descending: true, out: order, workspace });
    visit(r, order, row);
  }
}

/**
 * Sets, in every row of `decisions` without any predicted label, the label with the highest
 * score (the first such column on a tie).
 *
 * @internal
 */
export function forceAtLeastOne(decisions: Uint8Array, scores: DenseMatrix<FloatArray>): void {
  const { rows, cols, data } = scores;
  for (let r = 0; r < rows; r++) {
    const base = r * cols;
    let any = false;
    let best = base;
    for (let i = base; i < base + cols; i++) {
      if (decisions[i] === 1) {
        any = true;
        break;
      }
      if (data[i] > data[best]) best = i;
    }
    if (!any) decisions[best] = 1;
  }
}

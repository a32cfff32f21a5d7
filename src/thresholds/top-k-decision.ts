import type { ScoreMatrix } from '../core/matrix.js';
import { checkInteger } from '../core/validate.js';
import type { DecisionMatrix } from './decision-matrix.js';
import { readScoreMatrix } from './inputs.js';
import { forEachRowOrder } from './row-order.js';

/**
 * RCut (Yang 2001): predicts the `k` highest-scoring labels of every row. On a tie at the
 * boundary the earlier column wins, so every row gets exactly `k` labels. For a `k` learned
 * from data, see {@link rankCut}.
 *
 * @summary RCut: predicts the `k` highest-scoring labels of every row.
 * @category Rules
 * @param scores Scores, one row per sample and one column per label.
 * @param k Labels per row, an integer from 0 to the number of labels.
 * @returns The 0/1 decisions.
 * @throws {@link MultilabelError} `INVALID_OPTION` for a `k` out of range; `INVALID_SHAPE`,
 *   `EMPTY_INPUT`, `NON_FINITE_VALUES` for bad scores.
 * @example
 * ```ts
 * import { topK } from 'tfjs-multilabel/thresholds';
 *
 * const d = topK([[0.1, 0.7, 0.4], [0.9, 0.3, 0.3]], 2);
 * console.log(Array.from(d.data)); // [0, 1, 1, 1, 1, 0]
 * ```
 */
export function topK(scores: ScoreMatrix, k: number): DecisionMatrix {
  const s = readScoreMatrix(scores, 'scores');
  checkInteger(k, 'k', { min: 0, max: s.cols });
  return { data: topKDecisions(s, k), shape: [s.rows, s.cols] };
}

/** The top-k decisions of validated scores. @internal */
export function topKDecisions(
  s: { data: Float32Array | Float64Array; rows: number; cols: number },
  k: number,
): Uint8Array {
  const out = new Uint8Array(s.rows * s.cols);
  if (k === 0) return out;
  if (k === s.cols) return out.fill(1);
  forEachRowOrder(s, (r, order) => {
    for (let i = 0; i < k; i++) out[r * s.cols + order[i]] = 1;
  });
  return out;
}

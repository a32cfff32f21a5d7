import type { ScoreMatrix } from '../core/matrix.js';
import type { SparseLabelMatrix } from '../core/sparse-label-matrix.js';
import {
  isTopKPredictions,
  readTopKPredictions,
  type TopKPredictions,
} from '../core/top-k-predictions.js';
import { checkInteger } from '../core/validate.js';
import type { DecisionMatrix } from './decision-matrix.js';
import { readScoreMatrix } from './inputs.js';
import { forEachRowOrder } from './row-order.js';
import { topKListed } from './top-k-listed-decisions.js';

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
export function topK(scores: ScoreMatrix, k: number): DecisionMatrix;
/**
 * RCut on each row's top-k predictions: the `k` best labels a row lists (`k` up to the
 * predictions' own `k`), as CSR label sets, best first; on a tie the lower label id wins, as
 * in the top-k metrics.
 *
 * @summary RCut: predicts the `k` highest-scoring labels of every row.
 * @category Rules
 * @param scores Top-k predictions ({@link TopKPredictions}).
 * @param k Labels per row, an integer from 0 to `scores.k`.
 * @returns The label sets, CSR ({@link SparseLabelMatrix}), `k` per row.
 * @throws {@link MultilabelError} `INVALID_OPTION` for a `k` out of range; `INVALID_ARGUMENT`,
 *   `INVALID_SHAPE`, `NON_FINITE_VALUES` for bad predictions.
 * @example
 * ```ts
 * import { topK } from 'tfjs-multilabel/thresholds';
 *
 * // Each row's 3 best labels out of 10,000; keep the best 2.
 * const top = { indices: [42, 7, 9, 1, 2, 3], scores: [0.5, 0.9, 0.7, 0.2, 0.8, 0.8], k: 3, shape: [2, 10_000] as [number, number] };
 * const sets = topK(top, 2);
 * console.log(Array.from(sets.indices)); // [7, 9, 2, 3]
 * ```
 */
export function topK(scores: TopKPredictions, k: number): SparseLabelMatrix;
export function topK(
  scores: ScoreMatrix | TopKPredictions,
  k: number,
): DecisionMatrix | SparseLabelMatrix {
  if (isTopKPredictions(scores)) {
    const top = readTopKPredictions(scores, 'scores');
    return topKListed(top, checkInteger(k, 'k', { min: 0, max: top.k }));
  }
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

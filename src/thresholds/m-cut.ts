import { MultilabelError } from '../core/errors.js';
import type { ScoreMatrix } from '../core/matrix.js';
import type { DecisionMatrix } from './decision-matrix.js';
import { readScoreMatrix } from './inputs.js';
import { forEachRowOrder } from './row-order.js';

/**
 * MCut (Largeron, Moulin & Géry 2012): in each row, sorts the scores and cuts at the middle of
 * the largest gap between two consecutive ones; the labels above it are predicted. No
 * parameter to tune, and every row gets at least one label. On equal largest gaps the highest
 * one is used; a row whose scores are all equal predicts every label.
 *
 * @summary MCut: cuts each row at the largest gap between consecutive scores.
 * @category Rules
 * @param scores Scores with at least two labels (probabilities or logits).
 * @returns The 0/1 decisions.
 * @throws {@link MultilabelError} `INVALID_SHAPE` with fewer than two labels (there is no
 *   gap); `EMPTY_INPUT`, `NON_FINITE_VALUES` for bad scores.
 * @example
 * ```ts
 * import { mCut } from 'tfjs-multilabel/thresholds';
 *
 * // Gaps in row 0: 0.9 -> 0.8 (0.1), 0.8 -> 0.2 (0.6): cut between 0.8 and 0.2.
 * const d = mCut([[0.9, 0.2, 0.8], [0.1, 0.6, 0.3]]);
 * console.log(Array.from(d.data)); // [1, 0, 1, 0, 1, 0]
 * ```
 */
export function mCut(scores: ScoreMatrix): DecisionMatrix {
  const s = readScoreMatrix(scores, 'scores');
  if (s.cols < 2) {
    throw new MultilabelError(
      'INVALID_SHAPE',
      `\`scores\` has ${s.cols} label column; mCut needs at least 2 (it cuts at the largest gap between scores). Use a threshold instead.`,
    );
  }
  return { data: mCutDecisions(s), shape: [s.rows, s.cols] };
}

/** MCut decisions of validated scores. @internal */
export function mCutDecisions(s: {
  data: Float32Array | Float64Array;
  rows: number;
  cols: number;
}): Uint8Array {
  const { cols } = s;
  const out = new Uint8Array(s.rows * cols);
  forEachRowOrder(s, (r, order, row) => {
    let gap = -1;
    let keep = cols;
    for (let i = 0; i + 1 < cols; i++) {
      const g = row[order[i]] - row[order[i + 1]];
      if (g > gap) {
        gap = g;
        keep = g > 0 ? i + 1 : cols;
      }
    }
    // With a zero largest gap every score is equal: all are kept.
    for (let i = 0; i < keep; i++) out[r * cols + order[i]] = 1;
  });
  return out;
}

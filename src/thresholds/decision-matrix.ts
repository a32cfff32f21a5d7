import type { DenseMatrix, FloatArray } from '../core/matrix.js';

/**
 * 0/1 decisions, one row per sample and one column per label, row-major: what every decision
 * rule and {@link Thresholds.apply} return. `data[r * shape[1] + j]` is 1 when label `j` is
 * predicted for row `r`. Any function of the library that takes a label matrix accepts it.
 *
 * @summary 0/1 decisions, one row per sample and one column per label.
 * @category Results
 * @example
 * ```ts
 * import { topK, type DecisionMatrix } from 'tfjs-multilabel/thresholds';
 *
 * const decisions: DecisionMatrix = topK([[0.2, 0.9, 0.5]], 2);
 * console.log(Array.from(decisions.data), decisions.shape); // [0, 1, 1] [1, 3]
 * ```
 */
export interface DecisionMatrix {
  /** The decisions, row-major, 0 or 1. */
  readonly data: Uint8Array;
  /** `[rows, labels]`. */
  readonly shape: [number, number];
}

/** 0/1 decisions `scores >= values[j]`. @internal */
export function applyValues(scores: DenseMatrix<FloatArray>, values: Float64Array): Uint8Array {
  const { rows, cols, data } = scores;
  const out = new Uint8Array(rows * cols);
  for (let r = 0, i = 0; r < rows; r++)
    for (let j = 0; j < cols; j++, i++) out[i] = +(data[i] >= values[j]);
  return out;
}

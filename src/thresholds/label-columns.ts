import type { FloatArray } from '../core/matrix.js';
import type { ThresholdProblem } from './inputs.js';

/**
 * Reads the label columns of a row-major problem one at a time, without its missing cells: 16
 * columns are copied per pass, in tiles of rows, so each cache line of the score matrix is read
 * once (a plain strided copy per column reads every line 16 times).
 *
 * @internal
 * @module
 */

/** Label columns copied per pass (16 float32 scores = one 64-byte cache line). */
const BLOCK = 16;
/** Rows per tile of the block copy. */
const TILE = 512;

/** The known cells of one label column: scores, 0/1 labels and row weights. @internal */
export interface LabelColumn {
  readonly scores: FloatArray;
  readonly labels: Uint8Array;
  /** The row weight of each cell, or undefined for 1. */
  readonly weights: Float64Array | undefined;
  /** Number of known cells. */
  readonly n: number;
}

/**
 * Calls `visit(j, column)` for every label column in order. The column's arrays are reused
 * between calls: copy what must outlive the call.
 *
 * @internal
 */
export function forEachLabelColumn(
  problem: ThresholdProblem,
  visit: (j: number, column: LabelColumn) => void,
): void {
  const { truth, scores, sampleWeight } = problem;
  const { rows, cols } = truth;
  const width = Math.min(BLOCK, cols);
  const size = width * rows;
  const columnScores =
    scores.data instanceof Float32Array ? new Float32Array(size) : new Float64Array(size);
  const labels = new Uint8Array(size);
  const weights = sampleWeight === undefined ? undefined : new Float64Array(size);
  const counts = new Int32Array(width);
  const t = truth.data;
  const s = scores.data;
  for (let first = 0; first < cols; first += width) {
    const w = Math.min(width, cols - first);
    counts.fill(0);
    for (let r0 = 0; r0 < rows; r0 += TILE) {
      const r1 = Math.min(rows, r0 + TILE);
      for (let c = 0; c < w; c++) {
        const offset = c * rows;
        let n = counts[c];
        for (let r = r0, i = r0 * cols + first + c; r < r1; r++, i += cols) {
          const label = t[i];
          if (label < 0) continue;
          const k = offset + n++;
          columnScores[k] = s[i];
          labels[k] = label;
          if (weights !== undefined && sampleWeight !== undefined) weights[k] = sampleWeight[r];
        }
        counts[c] = n;
      }
    }
    for (let c = 0; c < w; c++) {
      const start = c * rows;
      const end = start + counts[c];
      visit(first + c, {
        scores: columnScores.subarray(start, end),
        labels: labels.subarray(start, end),
        weights: weights?.subarray(start, end),
        n: counts[c],
      });
    }
  }
}

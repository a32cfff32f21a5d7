import { assertPositiveTotal } from '../core/kernels/count-averaging.js';
import type { FloatArray, LabelMatrix, ScoreMatrix } from '../core/matrix.js';
import type { SampleOptions } from './options.js';
import { readRankingInputs } from './ranking-inputs.js';
import { RowRanker } from './row-ranking.js';

/**
 * The weighted mean over rows of a per-row value, as `np.average(values, weights=sampleWeight)`:
 * rows for which `value` returns `undefined` (no known cell) are left out, and weights that sum
 * to zero over the rest throw.
 *
 * @internal
 */
export function rowAverage(
  rows: number,
  sampleWeight: Float64Array | undefined,
  value: (row: number) => number | undefined,
  what: string,
): number {
  let sum = 0;
  let total = 0;
  for (let r = 0; r < rows; r++) {
    const v = value(r);
    if (v === undefined) continue;
    const w = sampleWeight === undefined ? 1 : sampleWeight[r];
    sum += w * v;
    total += w;
  }
  assertPositiveTotal(total, what);
  return sum / total;
}

/**
 * The body of the row-ranking metrics that take only `sampleWeight` and `ignoreIndex`: reads the
 * inputs and averages `rowValue` over the rows (a row whose value is undefined, with no known
 * cell, is skipped). `rowValue` gets one {@link RowRanker} to rank the row with, and the row:
 * its `cols` cells start at `base` in `truth` and `scores`.
 *
 * @internal
 */
export function rankedRowAverage(
  yTrue: LabelMatrix,
  yScore: ScoreMatrix,
  options: SampleOptions,
  where: string,
  what: string,
  rowValue: (
    ranker: RowRanker,
    truth: Int8Array,
    scores: FloatArray,
    base: number,
    cols: number,
  ) => number | undefined,
): number {
  const { truth, scores, sampleWeight } = readRankingInputs(yTrue, yScore, options, [], where);
  const ranker = new RowRanker();
  const cols = truth.cols;
  return rowAverage(
    truth.rows,
    sampleWeight,
    (r) => rowValue(ranker, truth.data, scores.data, r * cols, cols),
    what,
  );
}

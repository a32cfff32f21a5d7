import { assertPositiveTotal } from '../core/kernels/count-averaging.js';
import type { FloatArray, LabelMatrix, ScoreMatrix } from '../core/matrix.js';
import { named } from '../core/named.js';
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
 * The signature of the row-ranking metrics ({@link labelRankingAveragePrecision},
 * {@link labelRankingLoss}, {@link coverageError}, {@link ndcgScore}), with their options type
 * `O`. Each is a `const` of this type that keeps its own TSDoc (tagged `@function`, so the API
 * site shows it as a function with this signature).
 *
 * @internal
 */
export type RowRankingMetric<O> = (yTrue: LabelMatrix, yScore: ScoreMatrix, options?: O) => number;

/**
 * Makes a row-ranking metric that takes only `sampleWeight` and `ignoreIndex`: it reads the
 * inputs and averages `rowValue` over the rows (a row whose value is undefined, with no known
 * cell, is skipped). `rowValue` gets one {@link RowRanker} to rank the row with, and the row:
 * its `cols` cells start at `base` in `truth` and `scores`. `where` is the metric's name (in
 * its errors, and as the function's `name`), `what` names the value in its errors.
 *
 * @internal
 */
export function rankedRowMetric(
  where: string,
  what: string,
  rowValue: (
    ranker: RowRanker,
    truth: Int8Array,
    scores: FloatArray,
    base: number,
    cols: number,
  ) => number | undefined,
): RowRankingMetric<SampleOptions> {
  const metric: RowRankingMetric<SampleOptions> = (yTrue, yScore, options = {}) => {
    const { truth, scores, sampleWeight } = readRankingInputs(yTrue, yScore, options, [], where);
    const ranker = new RowRanker();
    const cols = truth.cols;
    return rowAverage(
      truth.rows,
      sampleWeight,
      (r) => rowValue(ranker, truth.data, scores.data, r * cols, cols),
      what,
    );
  };
  return named(where, metric);
}

import { assertPositiveTotal } from '../core/kernels/count-averaging.js';
import type { FloatArray } from '../core/matrix.js';
import { assertFinite } from '../core/validate.js';
import type { SampleOptions } from './options.js';
import { readRankingInputs } from './ranking-inputs.js';
import type { RowRankingMetric } from './row-average.js';

/**
 * Coverage error (scikit-learn's `coverage_error`): for each row, how far down the ranking one
 * must go to cover every true label, i.e. the number of labels scoring `>=` the lowest-scored
 * true label (ties count against the ranking), averaged over rows. Lower is better; the best
 * value is the row's number of true labels. A row with no true label scores 0.
 *
 * This is scikit-learn's convention; Zhang & Zhou's coverage is this value minus 1
 * (scikit-learn #7698).
 *
 * Missing labels (`ignoreIndex`): missing cells are dropped from their row; a row with no
 * known cell is left out.
 *
 * @summary How far down the ranking one must go to cover every true label.
 * @category Ranking metrics
 * @param yTrue True labels, 0/1 (and, with `ignoreIndex`, that marker or NaN for a missing label), one row per sample.
 * @param yScore Scores (only their order within a row matters), the same shape.
 * @param options `sampleWeight`, `ignoreIndex`.
 * @returns The mean coverage, between 0 and the number of labels.
 * @throws {@link MultilabelError} on a shape mismatch, non-binary labels, NaN or infinite
 * scores, empty input, or weights that sum to zero.
 * @example
 * ```ts
 * import { coverageError } from 'tfjs-multilabel/metrics';
 *
 * console.log(coverageError([[1, 0, 0], [0, 0, 1]], [[0.75, 0.5, 1], [1, 0.2, 0.1]])); // 2.5
 * ```
 * @function
 */
export const coverageError: RowRankingMetric<SampleOptions> = (yTrue, yScore, options = {}) => {
  // The NaN/infinity check rides along the pass that reads every score (see coverageTotals).
  const { truth, scores, sampleWeight } = readRankingInputs(
    yTrue,
    yScore,
    options,
    [],
    'coverageError',
    false,
  );
  const { sum, total, finite } = coverageTotals(
    truth.data,
    scores.data,
    truth.rows,
    truth.cols,
    sampleWeight,
  );
  if (!finite) assertFinite(scores, 'yScore');
  assertPositiveTotal(total, 'coverage error');
  return sum / total;
};

/**
 * Weighted sum of the rows' coverage, the weight of rows with a known cell, and whether every
 * score is finite ({@link rowCoverage} flags a row with NaN or an infinity).
 */
function coverageTotals(
  t: Int8Array,
  s: FloatArray,
  rows: number,
  cols: number,
  sampleWeight: Float64Array | undefined,
): { sum: number; total: number; finite: boolean } {
  let sum = 0;
  let total = 0;
  let finite = true;
  for (let r = 0, base = 0; r < rows; r++, base += cols) {
    const covered = rowCoverage(t, s, base, cols);
    if (covered !== covered) finite = false;
    if (covered < 0) continue;
    const w = sampleWeight === undefined ? 1 : sampleWeight[r];
    sum += w * covered;
    total += w;
  }
  return { sum, total, finite };
}

/**
 * Coverage of one row: the known labels scoring >= its lowest-scored true label (0 without a
 * true label), -1 when every cell is missing, NaN when a score of the row is NaN or infinite
 * (`v - v` is 0 only for a finite `v`). The pass over the scores always runs, so that it checks
 * every score on the way. `+(condition)` adds without a branch, which matters for this hot loop.
 *
 * @internal
 */
export function rowCoverage(t: Int8Array, s: FloatArray, base: number, cols: number): number {
  const end = base + cols;
  let lowest = Number.POSITIVE_INFINITY;
  let positives = 0;
  let missing = 0;
  for (let j = base; j < end; j++) {
    const label = t[j];
    if (label === 1) {
      lowest = Math.min(lowest, s[j]);
      positives++;
    } else if (label !== 0) missing++;
  }
  let covered = 0;
  let nonFinite = 0;
  if (missing === 0) {
    for (let j = base; j < end; j++) {
      const v = s[j];
      covered += +(v >= lowest);
      nonFinite |= +(v - v !== 0);
    }
  } else {
    for (let j = base; j < end; j++) {
      const v = s[j];
      covered += +(v >= lowest) & +(t[j] >= 0);
      nonFinite |= +(v - v !== 0);
    }
  }
  if (nonFinite !== 0) return Number.NaN;
  if (missing === cols) return -1;
  return positives === 0 ? 0 : covered;
}

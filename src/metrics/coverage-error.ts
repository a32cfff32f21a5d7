import type { FloatArray, LabelMatrix, ScoreMatrix } from '../core/matrix.js';
import { assertPositiveTotal } from './inputs.js';
import type { SampleOptions } from './options.js';
import { readRankingInputs } from './ranking-inputs.js';

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
 * @category Metrics
 * @param yTrue True labels, 0/1 (and -1/NaN with `ignoreIndex`), one row per sample.
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
 */
export function coverageError(
  yTrue: LabelMatrix,
  yScore: ScoreMatrix,
  options: SampleOptions = {},
): number {
  const { truth, scores, sampleWeight } = readRankingInputs(
    yTrue,
    yScore,
    options,
    [],
    'coverageError',
  );
  const { sum, total } = coverageTotals(
    truth.data,
    scores.data,
    truth.rows,
    truth.cols,
    sampleWeight,
  );
  assertPositiveTotal(total, 'coverage error');
  return sum / total;
}

/** Weighted sum of the rows' coverage, and the weight of rows with a known cell. */
function coverageTotals(
  t: Int8Array,
  s: FloatArray,
  rows: number,
  cols: number,
  sampleWeight: Float64Array | undefined,
): { sum: number; total: number } {
  let sum = 0;
  let total = 0;
  for (let r = 0; r < rows; r++) {
    const covered = rowCoverage(t, s, r * cols, cols);
    if (covered < 0) continue;
    const w = sampleWeight === undefined ? 1 : sampleWeight[r];
    sum += w * covered;
    total += w;
  }
  return { sum, total };
}

/**
 * Coverage of one row: the known labels scoring >= its lowest-scored true label (0 without a
 * true label), or -1 when every cell is missing. `+(a >= b)` adds a comparison without
 * a branch, which matters for this hot loop.
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
  if (missing === cols) return -1;
  if (positives === 0) return 0;
  let covered = 0;
  if (missing === 0) {
    for (let j = base; j < end; j++) covered += +(s[j] >= lowest);
  } else {
    for (let j = base; j < end; j++) covered += +(s[j] >= lowest) & +(t[j] >= 0);
  }
  return covered;
}

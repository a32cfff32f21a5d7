import type { LabelMatrix, ScoreMatrix } from '../core/matrix.js';
import type { SampleOptions } from './options.js';
import { readRankingInputs } from './ranking-inputs.js';
import { rowAverage } from './row-average.js';

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
  const t = truth.data;
  const s = scores.data;
  const cols = truth.cols;
  return rowAverage(
    truth,
    sampleWeight,
    (r) => {
      const base = r * cols;
      let lowest = Number.POSITIVE_INFINITY;
      let known = 0;
      for (let j = base; j < base + cols; j++) {
        const label = t[j];
        if (label === 1 && s[j] < lowest) lowest = s[j];
        if (label >= 0) known++;
      }
      if (known === 0) return undefined;
      if (lowest === Number.POSITIVE_INFINITY) {
        // No true label (a finite score is always below +Infinity, which scores cannot be).
        return 0;
      }
      let covered = 0;
      for (let j = base; j < base + cols; j++) if (t[j] >= 0 && s[j] >= lowest) covered++;
      return covered;
    },
    'coverage error',
  );
}

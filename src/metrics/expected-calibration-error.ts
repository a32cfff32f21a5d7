import type { LabelMatrix, ScoreMatrix } from '../core/matrix.js';
import type { BinaryProblem } from './binary-curve.js';
import { type BinSettings, binsOfProblem } from './calibration-bins-option.js';
import type { AverageResult } from './inputs.js';
import { averageBinaryMetric } from './label-averaging.js';
import type { SampleOptions } from './options.js';
import { readBinnedProbabilityInputs } from './probability-inputs.js';
import { assertNotEmptyProblem } from './problem-buffer.js';

/**
 * Options of {@link expectedCalibrationError}.
 *
 * @expand
 * @category Options
 * @example
 * ```ts
 * import { expectedCalibrationError, type ExpectedCalibrationErrorOptions } from 'tfjs-multilabel/metrics';
 *
 * const options: ExpectedCalibrationErrorOptions<'micro'> = { nBins: 2, average: 'micro' };
 * console.log(expectedCalibrationError([[1, 0]], [[0.75, 0.25]], options)); // 0.25
 * ```
 */
export interface ExpectedCalibrationErrorOptions<
  A extends 'micro' | 'macro' | 'weighted' | 'none' = 'macro',
> extends SampleOptions {
  /**
   * `'macro'`: the classwise ECE (Kull et al., NeurIPS 2019), the mean of each label's ECE;
   * `'micro'`: the ECE of every known cell pooled; `'weighted'`: the labels' ECE weighted by
   * their positives; `'none'`: one ECE per label.
   *
   * @defaultValue `'macro'`
   */
  average?: A;
  /**
   * Number of bins, an integer from 1.
   *
   * @defaultValue `15` (torchmetrics' `CalibrationError`)
   */
  nBins?: number;
  /**
   * `'uniform'`: bins of equal width on [0, 1]; `'quantile'`: bins holding about as many cells,
   * at the quantiles of the probabilities (of each label for `'macro'`).
   *
   * @defaultValue `'uniform'`
   */
  strategy?: 'uniform' | 'quantile';
}

/** The ECE of one binary problem: sum over bins of |positives - sum of p| over the total weight. */
function eceOfProblem(problem: BinaryProblem, where: string, settings: BinSettings): number {
  assertNotEmptyProblem(problem, where, 'expected calibration error');
  const { total, probability, positive } = binsOfProblem(problem, settings);
  let gap = 0;
  let weight = 0;
  for (let b = 0; b < total.length; b++) {
    // (n_b / N) * |acc_b - conf_b| = |positives_b - sum of p in b| / N.
    gap += Math.abs(positive[b] - probability[b]);
    weight += total[b];
  }
  return gap / weight;
}

/**
 * The expected calibration error (Naeini et al., AAAI 2015): the probabilities are binned, and
 * each bin's gap between the fraction of positives and the mean probability counts by the
 * share of cells in the bin, `sum_b (n_b / N) * |acc_b - conf_b|`. 0 for perfectly calibrated
 * probabilities. The bins are scikit-learn's `calibration_curve` bins (see
 * {@link calibrationCurve}), so the ECE is the weighted mean distance of that curve from the
 * diagonal. Multi-label: `'macro'` (the default) is the classwise ECE, each label binned on its
 * own; `'micro'` bins every cell together, which a few frequent labels can dominate.
 *
 * Missing labels (`ignoreIndex`): a missing cell is left out. `sampleWeight` weighs the cells
 * in the bins (the quantile edges ignore it).
 *
 * @summary ECE: the binned gap between probabilities and observed frequencies.
 * @category Calibration metrics
 * @param yTrue True labels, 0/1 (and, with `ignoreIndex`, that marker or NaN for a missing label), one row per sample.
 * @param yProb Predicted probabilities in [0, 1], the same shape.
 * @param options `average` (default `'macro'`), `nBins` (default 15), `strategy`, `sampleWeight`, `ignoreIndex`.
 * @returns The averaged ECE in [0, 1], or a `Float64Array` per label for `average: 'none'`.
 * @throws {@link MultilabelError} as {@link brierScore}, and `INVALID_OPTION` for an `nBins`,
 *   `strategy` or `average` out of range.
 * @example
 * ```ts
 * import { expectedCalibrationError } from 'tfjs-multilabel/metrics';
 *
 * // One label, two bins: [0, 0.5] holds 0.2 and 0.4 (mean 0.3, no positive), (0.5, 1] holds
 * // 0.9 twice (mean 0.9, one positive in two): (2/4)·0.3 + (2/4)·0.4 = 0.35.
 * const ece = expectedCalibrationError([[0], [0], [1], [0]], [[0.2], [0.4], [0.9], [0.9]], { nBins: 2 });
 * console.log(ece.toFixed(4)); // '0.3500'
 * ```
 */
export function expectedCalibrationError<
  A extends 'micro' | 'macro' | 'weighted' | 'none' = 'macro',
>(
  yTrue: LabelMatrix,
  yProb: ScoreMatrix,
  options: ExpectedCalibrationErrorOptions<A> = {},
): AverageResult<A> {
  const { truth, probabilities, sampleWeight, average, bins } = readBinnedProbabilityInputs(
    yTrue,
    yProb,
    options,
    'expectedCalibrationError',
    { averages: ['micro', 'macro', 'weighted', 'none'], nBins: 15 },
  );
  return averageBinaryMetric(
    truth,
    probabilities,
    (problem, _workspace, where) => eceOfProblem(problem, where, bins),
    { average, sampleWeight, what: 'expected calibration error' },
  ) as AverageResult<A>;
}

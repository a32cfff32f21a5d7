import type { LabelMatrix, ScoreMatrix } from '../core/matrix.js';
import { binsOfProblem } from './calibration-bins-option.js';
import type { SampleOptions } from './options.js';
import { readBinnedProbabilityInputs } from './probability-inputs.js';
import {
  assertNotEmptyProblem,
  collectAll,
  collectColumn,
  ProblemBuffer,
} from './problem-buffer.js';

/**
 * Options of {@link calibrationCurve}.
 *
 * @expand
 * @category Options
 * @example
 * ```ts
 * import { calibrationCurve, type CalibrationCurveOptions } from 'tfjs-multilabel/metrics';
 *
 * const options: CalibrationCurveOptions<'micro'> = { nBins: 2 };
 * console.log(calibrationCurve([[1, 0]], [[0.75, 0.25]], options).probTrue); // Float64Array(2) [0, 1]
 * ```
 */
export interface CalibrationCurveOptions<A extends 'micro' | 'none' = 'micro'>
  extends SampleOptions {
  /**
   * `'micro'`: one curve of every known cell pooled; `'none'`: one curve per label.
   *
   * @defaultValue `'micro'`
   */
  average?: A;
  /**
   * Number of bins, an integer from 1.
   *
   * @defaultValue `5` (scikit-learn's)
   */
  nBins?: number;
  /**
   * `'uniform'`: bins of equal width on [0, 1]; `'quantile'`: edges at the quantiles of the
   * probabilities, so that the bins hold about as many cells.
   *
   * @defaultValue `'uniform'`
   */
  strategy?: 'uniform' | 'quantile';
}

/**
 * A reliability curve: for each bin that holds a cell, the fraction of positives against the
 * mean predicted probability (scikit-learn's `prob_true` and `prob_pred`); a calibrated model's
 * points lie on the diagonal.
 *
 * @summary A reliability curve: observed frequency against mean probability per bin.
 * @category Results
 * @example
 * ```ts
 * import { calibrationCurve, type CalibrationCurve } from 'tfjs-multilabel/metrics';
 *
 * const curve: CalibrationCurve = calibrationCurve([[1], [0]], [[0.8], [0.3]], { nBins: 2 });
 * console.log(curve.probPred, curve.counts); // Float64Array(2) [0.3, 0.8] Float64Array(2) [1, 1]
 * ```
 */
export interface CalibrationCurve {
  /** The fraction of positives in each non-empty bin (weighted with `sampleWeight`). */
  readonly probTrue: Float64Array;
  /** The mean predicted probability in each non-empty bin. */
  readonly probPred: Float64Array;
  /** The cells in each non-empty bin (their summed weight with `sampleWeight`). */
  readonly counts: Float64Array;
  /** The `nBins + 1` bin edges, empty bins included. */
  readonly edges: Float64Array;
}

/**
 * What {@link calibrationCurve} returns for `average`: one curve, or one per label.
 *
 * @summary One {@link CalibrationCurve}, or an array of one per label for `'none'`.
 * @category Results
 * @example
 * ```ts
 * import { calibrationCurve, type CalibrationCurveResult } from 'tfjs-multilabel/metrics';
 *
 * const curves: CalibrationCurveResult<'none'> = calibrationCurve([[1, 0]], [[0.9, 0.2]], { average: 'none' });
 * console.log(curves.length, curves[0].probTrue); // 2 Float64Array(1) [1]
 * ```
 */
export type CalibrationCurveResult<A extends 'micro' | 'none'> = A extends 'none'
  ? CalibrationCurve[]
  : CalibrationCurve;

/**
 * The reliability curve of the probabilities, as scikit-learn's `calibration_curve` computes it
 * (the same bins and values: `nBins` default 5, `strategy` `'uniform'` or `'quantile'`, empty
 * bins left out), of every known cell pooled or of each label. Draw `probTrue` against
 * `probPred` with the diagonal to see where the model is over- or underconfident;
 * {@link expectedCalibrationError} sums its distance from the diagonal. Adds to scikit-learn's:
 * the bin counts and edges, `sampleWeight`, and missing labels (`ignoreIndex`, left out).
 *
 * @summary Reliability curve (scikit-learn's `calibration_curve`), pooled or per label.
 * @category Calibration metrics
 * @param yTrue True labels, 0/1 (and, with `ignoreIndex`, that marker or NaN for a missing label), one row per sample.
 * @param yProb Predicted probabilities in [0, 1], the same shape.
 * @param options `average` (`'micro'` or `'none'`), `nBins`, `strategy`, `sampleWeight`, `ignoreIndex`.
 * @returns One curve (`'micro'`), or an array of one per label (`'none'`).
 * @throws {@link MultilabelError} as {@link brierScore}, and `INVALID_OPTION` for an `nBins`,
 *   `strategy` or `average` out of range.
 * @example
 * ```ts
 * import { calibrationCurve } from 'tfjs-multilabel/metrics';
 *
 * const yTrue = [[0, 1], [0, 1], [1, 0], [1, 1]];
 * const yProb = [[0.25, 0.75], [0.25, 1], [0.75, 0.5], [1, 0.75]];
 * // Bin [0, 0.5]: 0.25, 0.25 and 0.5, no positive; bin (0.5, 1]: five cells, all positive.
 * const curve = calibrationCurve(yTrue, yProb, { nBins: 2 });
 * console.log(curve.probTrue, curve.probPred); // Float64Array(2) [0, 1] Float64Array(2) [0.3333333333333333, 0.85]
 * ```
 */
export function calibrationCurve<A extends 'micro' | 'none' = 'micro'>(
  yTrue: LabelMatrix,
  yProb: ScoreMatrix,
  options: CalibrationCurveOptions<A> = {},
): CalibrationCurveResult<A> {
  const { truth, probabilities, sampleWeight, average, bins } = readBinnedProbabilityInputs(
    yTrue,
    yProb,
    options,
    'calibrationCurve',
    { averages: ['micro', 'none'], fallback: 'micro', nBins: 5 },
  );
  const problem = new ProblemBuffer(probabilities.data);
  const curve = (where: string): CalibrationCurve => {
    assertNotEmptyProblem(problem, where, 'calibration curve');
    const { edges, total, probability, positive } = binsOfProblem(problem, bins);
    const kept = total.reduce((n, t) => n + +(t > 0), 0);
    const probTrue = new Float64Array(kept);
    const probPred = new Float64Array(kept);
    const counts = new Float64Array(kept);
    for (let b = 0, i = 0; b < total.length; b++) {
      if (!(total[b] > 0)) continue;
      probTrue[i] = positive[b] / total[b];
      probPred[i] = probability[b] / total[b];
      counts[i++] = total[b];
    }
    return { probTrue, probPred, counts, edges };
  };
  if (average === 'micro') {
    collectAll(truth, probabilities, sampleWeight, problem);
    return curve('the pooled cells') as CalibrationCurveResult<A>;
  }
  const curves: CalibrationCurve[] = [];
  for (let j = 0; j < truth.cols; j++) {
    collectColumn(truth, probabilities, j, sampleWeight, problem);
    curves.push(curve(`label ${j}`));
  }
  return curves as CalibrationCurveResult<A>;
}

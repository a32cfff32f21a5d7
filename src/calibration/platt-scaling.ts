import { MultilabelError } from '../core/errors.js';
import type { LabelMatrix, ScoreMatrix } from '../core/matrix.js';
import type { Calibrator } from './calibrator.js';
import { calibrateEachLabel } from './label-maps.js';
import type { CalibrationOptions } from './options.js';

/**
 * Platt scaling, label by label: the probability `1 / (1 + exp(a * score + b))`, with `a` and
 * `b` minimising the log loss against Platt's smoothed targets (`(n+ + 1) / (n+ + 2)` for a
 * positive, `1 / (n- + 2)` for a negative, from the weighted class totals), scikit-learn 1.2's
 * `_sigmoid_calibration` (what `CalibratedClassifierCV(method='sigmoid')` fits). The smoothing
 * keeps `a` and `b` finite even when the scores separate the classes. Two parameters per label:
 * it suits small calibration sets and scores whose distortion is sigmoid-shaped (SVM margins,
 * boosted trees, logits of an over- or under-confident network). The minimum is found by
 * Newton's method to full precision (scikit-learn stops its BFGS at a gradient of 1e-5).
 *
 * @summary Platt scaling per label, as scikit-learn's sigmoid calibration.
 * @category Calibrators
 * @param yTrue True labels, 0/1 (and, with `ignoreIndex`, that marker or NaN for a missing label), one row per sample.
 * @param yScore Scores of the same shape: logits, margins or probabilities.
 * @param options `sampleWeight`, `ignoreIndex`.
 * @returns A {@link Calibrator} with one Platt map per label.
 * @throws {@link MultilabelError} on a shape mismatch, non-binary labels, NaN or infinite
 *   scores, empty input, bad weights or options, and `UNDEFINED_METRIC` for a label without a
 *   known cell of positive weight, or whose best `a` is beyond a double (scores that differ by
 *   a subnormal amount).
 * @example
 * ```ts
 * import { plattScaling } from 'tfjs-multilabel/calibration';
 *
 * const yTrue = [[1], [0], [1], [0], [1], [1]];
 * const yScore = [[2], [-2], [1], [0.5], [-0.5], [-1]];
 * const calibrator = plattScaling(yTrue, yScore);
 * const map = calibrator.labels[0];
 * // scikit-learn: _sigmoid_calibration gives (-0.374977, -0.604206).
 * if (map.method === 'platt') console.log(map.a.toFixed(5), map.b.toFixed(5)); // '-0.37498' '-0.60421'
 * console.log(Array.from(calibrator.transform([[0], [2]]).data, (p) => p.toFixed(3))); // ['0.647', '0.795']
 * ```
 */
export function plattScaling(
  yTrue: LabelMatrix,
  yScore: ScoreMatrix,
  options?: CalibrationOptions,
): Calibrator {
  return calibrateEachLabel(yTrue, yScore, options, 'platt', 'plattScaling');
}

import type { LabelMatrix, ScoreMatrix } from '../core/matrix.js';
import type { Calibrator } from './calibrator.js';
import { calibrateEachLabel } from './label-maps.js';
import type { CalibrationOptions } from './options.js';

/**
 * Isotonic calibration, label by label: the non-decreasing map from a label's scores to its
 * 0/1 labels that fits them best in (weighted) least squares, by pool-adjacent-violators, with
 * scikit-learn's `IsotonicRegression(out_of_bounds='clip')` semantics (what
 * `CalibratedClassifierCV(method='isotonic')` fits): the labels of equal scores (within 1e-15)
 * are averaged with their weights, a new score is clipped to the fitted range and interpolated
 * linearly between the fitted points. It makes no assumption on the shape of the map, so it
 * needs more rows than {@link plattScaling} (a thousand or so per label); with few rows it
 * overfits into steps. Scores are read as float64 (scikit-learn fits float32 input in float32).
 *
 * @summary Isotonic (pool-adjacent-violators) calibration per label, as scikit-learn's.
 * @category Calibrators
 * @param yTrue True labels, 0/1 (and, with `ignoreIndex`, that marker or NaN for a missing label), one row per sample.
 * @param yScore Scores of the same shape: probabilities, logits or any score that grows with the label.
 * @param options `sampleWeight`, `ignoreIndex`.
 * @returns A {@link Calibrator} with one isotonic map per label.
 * @throws {@link MultilabelError} on a shape mismatch, non-binary labels, NaN or infinite
 *   scores, empty input, bad weights or options, and `UNDEFINED_METRIC` for a label without a
 *   known cell of positive weight.
 * @example
 * ```ts
 * import { isotonicCalibration } from 'tfjs-multilabel/calibration';
 *
 * const yTrue = [[0], [1], [0], [1]];
 * const yScore = [[0.1], [0.3], [0.6], [0.9]];
 * const calibrator = isotonicCalibration(yTrue, yScore);
 * // 0.3 and 0.6 violate the order: pooled into their mean, 0.5.
 * const map = calibrator.labels[0];
 * if (map.method === 'isotonic') console.log(Array.from(map.yThresholds)); // [0, 0.5, 0.5, 1]
 * console.log(Array.from(calibrator.transform([[0.2], [2]]).data)); // [0.25, 1]
 * ```
 */
export function isotonicCalibration(
  yTrue: LabelMatrix,
  yScore: ScoreMatrix,
  options?: CalibrationOptions,
): Calibrator {
  return calibrateEachLabel(yTrue, yScore, options, 'isotonic', 'isotonicCalibration');
}

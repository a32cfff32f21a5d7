/**
 * Calibration of per-label scores (no tfjs needed): isotonic regression, Platt scaling and
 * temperature scaling, fitted label by label, and a cross-validated choice among them. Each fit
 * returns a {@link Calibrator} that transforms scores into probabilities and serializes itself.
 *
 * @module calibration
 */
export * from '../core/index.js';
export {
  type CalibratedProbabilities,
  type CalibrationMethod,
  Calibrator,
  type CalibratorJSON,
  type LabelCalibration,
} from './calibrator.js';
export { isotonicCalibration } from './isotonic-calibration.js';
export type { CalibrationOptions } from './options.js';
export { plattScaling } from './platt-scaling.js';
export {
  type TemperatureScalingOptions,
  temperatureScaling,
} from './temperature-scaling.js';

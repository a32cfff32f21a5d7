/**
 * Scores to calibrated probabilities, label by label: isotonic regression, Platt scaling and
 * temperature scaling, each fit returning a {@link Calibrator} that transforms scores and
 * serializes itself. Never loads tfjs.
 *
 * Like every entry point, it also exports {@link MultilabelError}, {@link isMultilabelError}
 * and the input types ({@link MatrixInput} and its forms), documented with the root module.
 *
 * Guide: [Evaluating a model](../../docs/evaluating.md#calibrating-the-probabilities).
 *
 * @module tfjs-multilabel/calibration
 */
export * from '../core/index.js';
export {
  type CalibratedProbabilities,
  type CalibrationMethod,
  Calibrator,
  type CalibratorJSON,
  type LabelCalibration,
} from './calibrator.js';
export {
  type CrossValidatedCalibration,
  type CrossValidatedCalibrationOptions,
  crossValidatedCalibration,
} from './cross-validated-calibration.js';
export { isotonicCalibration } from './isotonic-calibration.js';
export type { CalibrationOptions } from './options.js';
export { plattScaling } from './platt-scaling.js';
export {
  type TemperatureScalingOptions,
  temperatureScaling,
} from './temperature-scaling.js';

/**
 * The options every calibration fit takes.
 *
 * @expand
 * @category Options
 * @example
 * ```ts
 * import { isotonicCalibration, type CalibrationOptions } from 'tfjs-multilabel/calibration';
 *
 * const options: CalibrationOptions = { ignoreIndex: -1, sampleWeight: [1, 2, 1] };
 * const calibrator = isotonicCalibration([[1], [0], [-1]], [[0.9], [0.4], [0.5]], options);
 * console.log(Array.from(calibrator.transform([[0.3], [0.95]]).data)); // [0, 1]
 * ```
 */
export interface CalibrationOptions {
  /**
   * One weight per row (finite, >= 0); a row of weight 0 is left out of the fit.
   *
   * @defaultValue every row weighs 1
   */
  sampleWeight?: ArrayLike<number>;
  /**
   * The marker of a missing label in `yTrue` (a finite number outside [0, 1], or NaN); cells
   * equal to it (or NaN) are left out of their label's fit.
   *
   * @defaultValue none: every cell must be 0 or 1
   */
  ignoreIndex?: number;
}

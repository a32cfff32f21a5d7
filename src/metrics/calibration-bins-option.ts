import { type BinStrategy, calibrationBins } from '../core/kernels/calibration-bins.js';
import { checkEnum, checkInteger } from '../core/validate.js';
import type { BinaryProblem } from './binary-curve.js';

/**
 * The binning options shared by {@link calibrationCurve} and {@link expectedCalibrationError}.
 *
 * @internal
 * @module
 */

/** The bins of the calibration metrics, as read. @internal */
export interface BinSettings {
  readonly nBins: number;
  readonly strategy: BinStrategy;
}

/** Reads `nBins` (an integer >= 1, default `fallback`) and `strategy` (default `'uniform'`). @internal */
export function readBinSettings(
  options: { nBins?: unknown; strategy?: unknown },
  fallback: number,
): BinSettings {
  const nBins = checkInteger(options.nBins ?? fallback, 'nBins', { min: 1, max: 1 << 20 });
  const strategy = checkEnum(options.strategy ?? 'uniform', 'strategy', [
    'uniform',
    'quantile',
  ] as const);
  return { nBins, strategy };
}

/** The bins of one binary problem's probabilities. @internal */
export function binsOfProblem(problem: BinaryProblem, settings: BinSettings) {
  const { scores, labels, weights, n } = problem;
  return calibrationBins(scores, labels, weights, n, settings.nBins, settings.strategy);
}

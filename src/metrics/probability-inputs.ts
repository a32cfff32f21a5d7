import { readLabelsAndScores } from '../core/label-score-inputs.js';
import type { DenseMatrix, FloatArray, LabelMatrix, ScoreMatrix } from '../core/matrix.js';
import { assertProbabilities } from '../core/validate.js';
import { type BinSettings, readBinSettings } from './calibration-bins-option.js';
import { type Average, readAverage } from './inputs.js';

/**
 * The reading steps of the calibration metrics: labels (missing cells under `ignoreIndex`),
 * probabilities of their shape (finite, in [0, 1]), `sampleWeight`, `average`, and for the
 * binned metrics `nBins` and `strategy`.
 *
 * @internal
 * @module
 */

/** The inputs of a calibration metric, read. @internal */
export interface ProbabilityInputs {
  readonly truth: DenseMatrix<Int8Array>;
  readonly probabilities: DenseMatrix<FloatArray>;
  readonly sampleWeight: Float64Array | undefined;
  readonly average: Average;
}

/** The inputs of a binned calibration metric, read. @internal */
export interface BinnedProbabilityInputs extends ProbabilityInputs {
  readonly bins: BinSettings;
}

/** The averages a calibration metric allows, and its default. @internal */
export interface AverageSpec {
  /** The allowed values of `average` (default: every {@link Average}). */
  readonly averages?: readonly Average[];
  /** The default of `average` (default `'macro'`). */
  readonly fallback?: Average;
}

/** The averages and the default `nBins` of a binned calibration metric. @internal */
export interface BinnedSpec extends AverageSpec {
  readonly nBins: number;
}

/**
 * Reads `yTrue`, `yProb` and the options `sampleWeight`, `ignoreIndex`, `average` (as `spec`
 * allows) and `keys` of `caller`. @internal
 */
export function readProbabilityInputs(
  yTrue: LabelMatrix,
  yProb: ScoreMatrix,
  options: { average?: unknown },
  caller: string,
  spec: AverageSpec = {},
  keys: readonly string[] = ['average'],
): ProbabilityInputs {
  const read = readLabelsAndScores(yTrue, yProb, options, {
    keys,
    caller,
    name: 'yProb',
    check: assertProbabilities,
  });
  return {
    truth: read.truth,
    probabilities: read.scores,
    sampleWeight: read.weights?.weights,
    average: readAverage(options.average, spec.averages, spec.fallback),
  };
}

/**
 * {@link readProbabilityInputs} with the binning options `nBins` (default `spec.nBins`) and
 * `strategy`. @internal
 */
export function readBinnedProbabilityInputs(
  yTrue: LabelMatrix,
  yProb: ScoreMatrix,
  options: { average?: unknown; nBins?: unknown; strategy?: unknown },
  caller: string,
  spec: BinnedSpec,
): BinnedProbabilityInputs {
  const keys = ['average', 'nBins', 'strategy'];
  const inputs = readProbabilityInputs(yTrue, yProb, options, caller, spec, keys);
  return { ...inputs, bins: readBinSettings(options, spec.nBins) };
}

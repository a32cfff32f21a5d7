import type { BinaryRanks } from '../core/kernels/positive-ranks.js';
import type { LabelMatrix, ScoreMatrix } from '../core/matrix.js';
import { readAverage } from './inputs.js';
import {
  averageBinaryMetric,
  averageRankedOfFloat32,
  type BinaryAverageOptions,
  type BinaryMetric,
  rankedFloat32Average,
} from './label-averaging.js';
import { type RankingInputs, readRankingInputsOr } from './ranking-inputs.js';

/**
 * The workhorse of the averaged ranking metrics ({@link averagePrecisionScore},
 * {@link rocAucScore}): the float32 fast path, the reading of the inputs and `average`, and
 * the average over labels, pooled cells or rows.
 *
 * @internal
 * @module
 */

/** A ranking metric as {@link averageRankingMetric} averages it. @internal */
export interface RankingMetricSpec {
  /** The public function's name, for the unknown-option error. */
  readonly caller: string;
  /** Its option keys, beside `sampleWeight` and `ignoreIndex`. */
  readonly keys: readonly string[];
  /** The metric's name, for error messages. */
  readonly what: string;
  /**
   * The metric of a ranked unweighted label, for the float32 fast path (which is tried for
   * `'macro'` and `'none'` without `sampleWeight`); undefined where the call's options rule
   * that path out.
   */
  readonly fast: ((ranks: BinaryRanks, where: string) => number) | undefined;
  /**
   * The metric and its fast paths once the inputs and `average` are read (reading any option
   * of the metric's own, in this order).
   */
  readonly settle: (inputs: RankingInputs) => RankingMetricParts;
}

/** The parts of a ranking metric that {@link averageBinaryMetric} takes. @internal */
export interface RankingMetricParts extends Pick<BinaryAverageOptions, 'ranked' | 'samples'> {
  readonly metric: BinaryMetric;
}

/** Reads the inputs of a ranking metric and averages it as `options.average` says. @internal */
export function averageRankingMetric(
  yTrue: LabelMatrix,
  yScore: ScoreMatrix,
  options: { average?: unknown },
  spec: RankingMetricSpec,
): number | Float64Array {
  const { what, fast } = spec;
  const average = fast === undefined ? undefined : rankedFloat32Average(options);
  const inputs = readRankingInputsOr(
    yTrue,
    yScore,
    options,
    spec.keys,
    spec.caller,
    fast &&
      average &&
      ((labels, s, rows, cols) =>
        averageRankedOfFloat32(labels, s, rows, cols, average, what, fast)),
  );
  if ('value' in inputs) return inputs.value;
  const { truth, scores, sampleWeight } = inputs;
  const read = readAverage(options.average);
  const { metric, ranked, samples } = spec.settle(inputs);
  return averageBinaryMetric(truth, scores, metric, {
    average: read,
    sampleWeight,
    what,
    ranked,
    samples,
  });
}

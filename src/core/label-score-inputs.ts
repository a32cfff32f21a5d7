import { toLabelMatrix } from './label-matrix.js';
import type { DenseMatrix, FloatArray, LabelMatrix, ScoreMatrix } from './matrix.js';
import { toFloatMatrix } from './matrix-input.js';
import { readIgnoreIndex } from './readers.js';
import { assertFinite, assertSameShape, checkOptionKeys } from './validate.js';
import { readSampleWeights, type ScaledWeights } from './weights.js';

/**
 * The one reader of labels with scores or probabilities of their shape, with `sampleWeight`
 * and `ignoreIndex`: the calibration metrics and the calibrators read their arguments with it.
 *
 * @internal
 * @module
 */

/** What {@link readLabelsAndScores} returns. @internal */
export interface LabelsAndScores {
  /** `yTrue` as read (missing cells under `ignoreIndex` are `MISSING_LABEL`). */
  readonly truth: DenseMatrix<Int8Array>;
  /** The scores (or probabilities), finite, of the shape of `truth`. */
  readonly scores: DenseMatrix<FloatArray>;
  /** `sampleWeight` scaled by `readSampleWeights` (see `weights.ts`), undefined for none. */
  readonly weights: ScaledWeights | undefined;
}

/** What a caller of {@link readLabelsAndScores} reads besides the labels and scores. @internal */
export interface LabelsAndScoresSpec {
  /** The caller's own option keys, beside `sampleWeight` and `ignoreIndex`. */
  readonly keys: readonly string[];
  /** The public function's name, for the unknown-option error. */
  readonly caller: string;
  /** The name of the scores argument: `'yScore'`, or `'yProb'` for probabilities. */
  readonly name: 'yScore' | 'yProb';
  /**
   * A further check of the finite scores before the weights are read (`assertProbabilities`
   * for probabilities).
   */
  readonly check?: (scores: DenseMatrix<FloatArray>, name: string) => void;
}

/**
 * Reads the option keys, `yTrue` (missing cells under `ignoreIndex`), the finite scores of its
 * shape (then `spec.check`) and `sampleWeight`, in this order.
 *
 * @internal
 */
export function readLabelsAndScores(
  yTrue: LabelMatrix,
  yScore: ScoreMatrix,
  options: object | undefined,
  spec: LabelsAndScoresSpec,
): LabelsAndScores {
  checkOptionKeys(options, ['sampleWeight', 'ignoreIndex', ...spec.keys], spec.caller);
  const o = (options ?? {}) as { ignoreIndex?: unknown; sampleWeight?: unknown };
  const truth = toLabelMatrix(yTrue, 'yTrue', { ignoreIndex: readIgnoreIndex(o.ignoreIndex) });
  const { name, check } = spec;
  const scores = toFloatMatrix(yScore, name);
  assertSameShape(truth, 'yTrue', scores, name);
  assertFinite(scores, name);
  check?.(scores, name);
  const weights = readSampleWeights(o.sampleWeight, truth.rows, truth);
  return { truth, scores, weights };
}

import { MultilabelError } from '../core/errors.js';
import { toLabelMatrix } from '../core/label-matrix.js';
import type { DenseMatrix, FloatArray, LabelMatrix, ScoreMatrix } from '../core/matrix.js';
import { MISSING_LABEL } from '../core/matrix.js';
import { toFloatMatrix } from '../core/matrix-input.js';
import { readIgnoreIndex } from '../core/readers.js';
import { assertFinite, assertSameShape, checkOptionKeys } from '../core/validate.js';
import { readSampleWeights } from '../core/weights.js';

/**
 * The argument readers of the calibration functions: labels (missing cells under
 * `ignoreIndex`), finite scores of their shape, `sampleWeight`, and the known cells of one
 * label as the fitting kernels read them.
 *
 * @internal
 * @module
 */

/** The inputs of a calibration fit, read. @internal */
export interface CalibrationInputs {
  readonly truth: DenseMatrix<Int8Array>;
  readonly scores: DenseMatrix<FloatArray>;
  /** One weight per row, scaled by `2^-weightExponent` (see `core/weights.ts`), or undefined for 1. */
  readonly sampleWeight: Float64Array | undefined;
  /** The power of two the weights were divided by (0 without weights). */
  readonly weightExponent: number;
}

/**
 * Reads `yTrue`, `yScore` (finite, the same shape) and the options `sampleWeight`,
 * `ignoreIndex` and `keys` of `caller`. @internal
 */
export function readCalibrationInputs(
  yTrue: LabelMatrix,
  yScore: ScoreMatrix,
  options: object | undefined,
  keys: readonly string[],
  caller: string,
): CalibrationInputs {
  checkOptionKeys(options, ['sampleWeight', 'ignoreIndex', ...keys], caller);
  const o = (options ?? {}) as { ignoreIndex?: unknown; sampleWeight?: unknown };
  const truth = toLabelMatrix(yTrue, 'yTrue', { ignoreIndex: readIgnoreIndex(o.ignoreIndex) });
  const scores = toFloatMatrix(yScore, 'yScore');
  assertSameShape(truth, 'yTrue', scores, 'yScore');
  assertFinite(scores, 'yScore');
  const weights = readSampleWeights(o.sampleWeight, truth.rows, truth);
  return {
    truth,
    scores,
    sampleWeight: weights?.weights,
    weightExponent: weights?.exponent ?? 0,
  };
}

/**
 * The known cells of positive weight of one label (or of several, pooled): scores, 0/1
 * labels and weights (undefined: all 1), in row order. @internal
 */
export interface LabelCells {
  readonly scores: Float64Array;
  readonly labels: Float64Array;
  readonly weights: Float64Array | undefined;
  readonly n: number;
}

/**
 * The known cells of positive weight of the labels `cols` (pooled in row order, then label
 * order), among the rows `rows` (all rows when undefined). @internal
 */
export function cellsOf(
  inputs: Pick<CalibrationInputs, 'truth' | 'scores' | 'sampleWeight'>,
  cols: readonly number[],
  rows?: ArrayLike<number>,
): LabelCells {
  const { truth, scores, sampleWeight } = inputs;
  const width = truth.cols;
  const rowCount = rows === undefined ? truth.rows : rows.length;
  const capacity = rowCount * cols.length;
  const s = new Float64Array(capacity);
  const y = new Float64Array(capacity);
  const w = sampleWeight === undefined ? undefined : new Float64Array(capacity);
  let n = 0;
  for (let i = 0; i < rowCount; i++) {
    const r = rows === undefined ? i : rows[i];
    const weight = sampleWeight === undefined ? 1 : sampleWeight[r];
    if (!(weight > 0)) continue;
    for (const j of cols) {
      const t = truth.data[r * width + j];
      if (t === MISSING_LABEL) continue;
      s[n] = scores.data[r * width + j];
      y[n] = t;
      if (w !== undefined) w[n] = weight;
      n++;
    }
  }
  return {
    scores: s.subarray(0, n),
    labels: y.subarray(0, n),
    weights: w?.subarray(0, n),
    n,
  };
}

/** Throws when a label has no known cell of positive weight to fit a map to. @internal */
export function assertCells(cells: LabelCells, label: number | undefined, caller: string): void {
  if (cells.n > 0) return;
  const which = label === undefined ? 'No label' : `Label ${label}`;
  throw new MultilabelError(
    'UNDEFINED_METRIC',
    `${which} of \`yTrue\` has no known cell of positive weight, so \`${caller}\` has nothing to fit; drop the label or give it labelled rows.`,
  );
}

import { MultilabelError } from '../core/errors.js';
import type { DenseMatrix, FloatArray, ScoreMatrix } from '../core/matrix.js';
import { ArgsortWorkspace, argsort } from '../core/sort.js';
import { checkBoolean, checkNumber, checkOptionKeys } from '../core/validate.js';
import { valueText } from '../core/value-text.js';
import type { DecisionMatrix } from './decision-matrix.js';
import { readScoreMatrix } from './inputs.js';
import { forceAtLeastOne } from './row-order.js';

/**
 * Options of {@link proportionalCut}.
 *
 * @expand
 * @category Options
 * @example
 * ```ts
 * import type { ProportionalCutOptions } from 'tfjs-multilabel/thresholds';
 *
 * const options: ProportionalCutOptions = { scale: 1.2, forceAtLeastOne: true };
 * console.log(options.scale); // 1.2
 * ```
 */
export interface ProportionalCutOptions {
  /**
   * Multiplies every prior (Yang's x). Must be finite and `> 0`.
   *
   * @defaultValue `1`
   */
  scale?: number;
  /**
   * Give each row without a predicted label its highest-scoring label.
   *
   * @defaultValue `false`
   */
  forceAtLeastOne?: boolean;
}

/**
 * PCut (Yang 2001): for a batch of `m` rows, label `j` is predicted for the
 * `round(scale * priors[j] * m)` rows where it scores highest, so each label keeps its
 * training frequency in the batch. It suits rare labels and needs the whole batch at once.
 * On a tie at the boundary the earlier row wins.
 *
 * @summary PCut: predicts each label for its training share of the batch.
 * @category Rules
 * @param scores The batch's scores, one row per sample and one column per label.
 * @param priors Per label, the fraction of rows that carry it, in [0, 1] (the column means
 *   of the training labels).
 * @param options `scale`, `forceAtLeastOne`.
 * @returns The 0/1 decisions.
 * @throws {@link MultilabelError} `SHAPE_MISMATCH` when `priors` has the wrong length;
 *   `INVALID_ARGUMENT` for a prior outside [0, 1]; `INVALID_OPTION`, `UNKNOWN_OPTION`; bad
 *   scores as everywhere.
 * @example
 * ```ts
 * import { proportionalCut } from 'tfjs-multilabel/thresholds';
 *
 * const scores = [[0.9, 0.1], [0.8, 0.3], [0.2, 0.4], [0.1, 0.2]];
 * const d = proportionalCut(scores, [0.5, 0.25]);
 * console.log(Array.from(d.data)); // [1, 0, 1, 0, 0, 1, 0, 0]
 * ```
 */
export function proportionalCut(
  scores: ScoreMatrix,
  priors: ArrayLike<number>,
  options?: ProportionalCutOptions,
): DecisionMatrix {
  checkOptionKeys(options, ['scale', 'forceAtLeastOne'], 'proportionalCut');
  const s = readScoreMatrix(scores, 'scores');
  const p = readPriors(priors, s.cols);
  const scale = checkNumber(options?.scale ?? 1, 'scale', { min: 0, minExclusive: true });
  const force = checkBoolean(options?.forceAtLeastOne, 'forceAtLeastOne', false);
  return { data: proportionalCutDecisions(s, p, scale, force), shape: [s.rows, s.cols] };
}

/** Reads one prior in [0, 1] per label. @internal */
export function readPriors(priors: ArrayLike<number>, cols: number): Float64Array {
  if (priors === null || typeof priors !== 'object' || typeof priors.length !== 'number') {
    throw new MultilabelError(
      'INVALID_ARGUMENT',
      '`priors` must be an array with one fraction per label.',
    );
  }
  if (priors.length !== cols) {
    throw new MultilabelError(
      'SHAPE_MISMATCH',
      `\`priors\` has ${priors.length} values but \`scores\` has ${cols} labels; give one prior per label.`,
    );
  }
  const out = new Float64Array(cols);
  for (let j = 0; j < cols; j++) {
    const v = priors[j];
    if (typeof v !== 'number' || !(v >= 0 && v <= 1)) {
      throw new MultilabelError(
        'INVALID_ARGUMENT',
        `\`priors[${j}]\` is ${valueText(v)}; a prior is the fraction of rows with the label, in [0, 1].`,
      );
    }
    out[j] = v;
  }
  return out;
}

/** PCut decisions of validated inputs. @internal */
export function proportionalCutDecisions(
  s: DenseMatrix<FloatArray>,
  priors: Float64Array,
  scale: number,
  force: boolean,
): Uint8Array {
  const { rows, cols, data } = s;
  const out = new Uint8Array(rows * cols);
  const column = data instanceof Float32Array ? new Float32Array(rows) : new Float64Array(rows);
  const order = new Int32Array(rows);
  const workspace = new ArgsortWorkspace();
  for (let j = 0; j < cols; j++) {
    const keep = Math.min(rows, Math.round(scale * priors[j] * rows));
    if (keep === 0) continue;
    for (let r = 0; r < rows; r++) column[r] = data[r * cols + j];
    argsort(column, { descending: true, out: order, workspace });
    for (let i = 0; i < keep; i++) out[order[i] * cols + j] = 1;
  }
  if (force) forceAtLeastOne(out, s);
  return out;
}

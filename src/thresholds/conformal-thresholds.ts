import { MultilabelError } from '../core/errors.js';
import type { LabelMatrix, ScoreMatrix } from '../core/matrix.js';
import { argsort } from '../core/sort.js';
import type { SparseLabelMatrix } from '../core/sparse-label-matrix.js';
import { checkBoolean, checkEnum, checkNumber, checkOptionKeys } from '../core/validate.js';
import { readProblem } from './inputs.js';
import { Thresholds } from './thresholds.js';

/**
 * Options of {@link conformalThresholds}.
 *
 * @expand
 * @category Options
 * @example
 * ```ts
 * import type { ConformalThresholdsOptions } from 'tfjs-multilabel/thresholds';
 *
 * const options: ConformalThresholdsOptions = { alpha: 0.1, perLabel: true };
 * console.log(options.alpha); // 0.1
 * ```
 */
export interface ConformalThresholdsOptions {
  /**
   * The risk level, in (0, 1): the expected false-negative rate on new rows is at most this.
   *
   * @defaultValue none: required
   */
  alpha: number;
  /**
   * The risk controlled: `'fnr'`, the false-negative rate (the share of a row's true labels
   * left out of its set), the one risk supported.
   *
   * @defaultValue `'fnr'`
   */
  risk?: 'fnr';
  /**
   * One threshold per label (Mondrian conformal risk control): each label's own false-negative
   * rate, on the rows where it is true, is at most `alpha`. Otherwise one threshold for every
   * label controls the mean of the rows' false-negative rates.
   *
   * @defaultValue `false`
   */
  perLabel?: boolean;
  /**
   * The marker of a missing label (a finite number outside [0, 1], or `NaN`): such cells are
   * no true label of their row.
   *
   * @defaultValue none: every label must be 0 or 1
   */
  ignoreIndex?: number;
}

const OPTION_KEYS = ['alpha', 'risk', 'perLabel', 'ignoreIndex'];

/**
 * Thresholds with a guaranteed false-negative rate, by conformal risk control (Angelopoulos,
 * Bates, Fisch, Lei & Schuster 2022): fitted on calibration rows exchangeable with the rows
 * they are applied to, the sets `{ j : score_j >= threshold }` leave out, in expectation over
 * both, at most a share `alpha` of each row's true labels. The threshold is the highest one
 * whose calibration risk R satisfies `(n R + 1) / (n + 1) <= alpha` (the loss is bounded by 1),
 * found exactly over every distinct score of a true label, not on a grid.
 *
 * A row without a true label loses nothing (its false-negative rate is 0) and counts among the
 * `n` rows, as it will among new rows. With too few rows to certify `alpha` at all
 * (`n < 1 / alpha - 1`) the threshold is `-Infinity`: predicting every label is the only set
 * with the guarantee. With `perLabel`, each label is calibrated on the rows where it is true
 * (class-conditional, Mondrian); a label with fewer than `1 / alpha - 1` true rows gets
 * `-Infinity` likewise.
 *
 * @summary Thresholds whose false-negative rate is at most alpha (conformal).
 * @category Optimizers
 * @param yTrue Calibration labels, 0/1 (and, with `ignoreIndex`, that marker or NaN for a missing label), or a {@link SparseLabelMatrix}.
 * @param yScore Calibration scores of the same shape (higher: more likely).
 * @param options See {@link ConformalThresholdsOptions}; `alpha` is required.
 * @returns The {@link Thresholds}; `score` is the false-negative rate they reach on the
 *   calibration rows (the mean over rows, or with `perLabel` the mean over labels with a true row).
 * @throws {@link MultilabelError} `INVALID_OPTION` for a missing or out-of-range `alpha`, a
 *   `risk` other than `'fnr'`; `UNKNOWN_OPTION`; `SHAPE_MISMATCH`, `INVALID_SHAPE`,
 *   `EMPTY_INPUT`, `NON_BINARY_LABELS`, `NON_FINITE_VALUES` for bad inputs.
 * @example
 * ```ts
 * import { conformalThresholds } from 'tfjs-multilabel/thresholds';
 *
 * // 19 calibration rows of one label, true in each, scores 0.05 to 0.95.
 * const yTrue = Array.from({ length: 19 }, () => [1]);
 * const yScore = Array.from({ length: 19 }, (_, i) => [0.05 * (i + 1)]);
 * const t = conformalThresholds(yTrue, yScore, { alpha: 0.1 });
 * // (n R + 1) / (n + 1) <= 0.1 allows one miss in 19: the threshold is the second-lowest score.
 * console.log(t.values[0], t.score); // 0.1 0.05263157894736842
 * ```
 */
export function conformalThresholds(
  yTrue: LabelMatrix | SparseLabelMatrix,
  yScore: ScoreMatrix,
  options: ConformalThresholdsOptions,
): Thresholds {
  checkOptionKeys(options, OPTION_KEYS, 'conformalThresholds');
  if (options === undefined || options === null || options.alpha === undefined) {
    throw new MultilabelError(
      'INVALID_OPTION',
      '`conformalThresholds` needs `{ alpha }`, the risk level in (0, 1) (e.g. 0.1 for a false-negative rate of at most 10%).',
    );
  }
  const alpha = checkNumber(options.alpha, 'alpha', {
    min: 0,
    max: 1,
    minExclusive: true,
    maxExclusive: true,
  });
  checkEnum(options.risk ?? 'fnr', 'risk', ['fnr'] as const);
  const perLabel = checkBoolean(options.perLabel, 'perLabel', false);
  const { truth, scores } = readProblem(yTrue, yScore, { ignoreIndex: options.ignoreIndex });
  const { rows, cols } = truth;
  const t = truth.data;
  const s = scores.data;
  if (!perLabel) {
    // Each true cell of row i lowers the row's loss by 1 / |Y_i| once its score is kept.
    const truePerRow = new Int32Array(rows);
    let cells = 0;
    for (let r = 0, i = 0; r < rows; r++) {
      for (let j = 0; j < cols; j++, i++) truePerRow[r] += +(t[i] === 1);
      cells += truePerRow[r];
    }
    const values = new Float64Array(cells);
    const gains = new Float64Array(cells);
    let rowsWithTruth = 0;
    for (let r = 0, i = 0, c = 0; r < rows; r++) {
      rowsWithTruth += +(truePerRow[r] > 0);
      for (let j = 0; j < cols; j++, i++) {
        if (t[i] !== 1) continue;
        values[c] = s[i];
        gains[c++] = 1 / truePerRow[r];
      }
    }
    const cut = conformalCut(values, gains, rowsWithTruth, rows, alpha);
    return new Thresholds(new Float64Array(cols).fill(cut.threshold), cut.risk);
  }
  const thresholds = new Float64Array(cols);
  let riskSum = 0;
  let labelsWithTruth = 0;
  const column = new Float64Array(rows);
  for (let j = 0; j < cols; j++) {
    let n = 0;
    for (let r = 0; r < rows; r++) if (t[r * cols + j] === 1) column[n++] = s[r * cols + j];
    const cut = conformalCut(column.subarray(0, n), undefined, n, n, alpha);
    thresholds[j] = cut.threshold;
    if (n > 0) {
      riskSum += cut.risk;
      labelsWithTruth++;
    }
  }
  return new Thresholds(thresholds, labelsWithTruth === 0 ? 0 : riskSum / labelsWithTruth);
}

/**
 * The highest threshold `t` (a value of `values`, or +/-Infinity) such that `(L(t) + 1) / (n + 1)
 * <= alpha`, where `L(t) = start - (sum of gains[c] over values[c] >= t)` is the calibration
 * loss summed over `n` rows (gains undefined: 1 each), and the mean risk `L(t) / n` there.
 */
function conformalCut(
  values: Float64Array,
  gains: Float64Array | undefined,
  start: number,
  n: number,
  alpha: number,
): { threshold: number; risk: number } {
  // (L + 1) / (n + 1) <= alpha, as L <= bound; the relative slack absorbs the rounding of L.
  const bound = alpha * (n + 1) - 1;
  const slack = 1e-12 * Math.max(1, start);
  let loss = start;
  if (loss <= bound + slack) return { threshold: Number.POSITIVE_INFINITY, risk: loss / n };
  const order = argsort(values, { descending: true });
  for (let k = 0; k < values.length; ) {
    const high = values[order[k]];
    for (; k < values.length && values[order[k]] === high; k++) {
      loss -= gains === undefined ? 1 : gains[order[k]];
    }
    if (loss <= bound + slack) return { threshold: high, risk: Math.max(0, loss) / n };
  }
  return { threshold: Number.NEGATIVE_INFINITY, risk: 0 };
}

import { MultilabelError } from '../core/errors.js';
import type { ScoreMatrix } from '../core/matrix.js';
import { checkBoolean, checkOptionKeys } from '../core/validate.js';
import type { DecisionMatrix } from './decision-matrix.js';
import { readScoreMatrix } from './inputs.js';
import { forceAtLeastOne } from './row-order.js';

/**
 * The plain-JSON form of {@link Thresholds}: `JSON.stringify(thresholds)` writes it and
 * {@link Thresholds.fromJSON} reads it back. Infinite thresholds (predict never / always) are
 * written as the strings `'Infinity'` and `'-Infinity'`, which JSON numbers cannot hold.
 *
 * @summary The plain-JSON form of {@link Thresholds}.
 * @category Results
 * @example
 * ```ts
 * import { Thresholds, type ThresholdsJSON } from 'tfjs-multilabel/thresholds';
 *
 * const json: ThresholdsJSON = { values: [0.5, 'Infinity'] };
 * console.log(Thresholds.fromJSON(json).values[1]); // Infinity
 * ```
 */
export interface ThresholdsJSON {
  /** One threshold per label. */
  values: (number | 'Infinity' | '-Infinity')[];
  /** The metric value the thresholds reached on the data they were fitted to, when known. */
  score?: number;
}

/**
 * One decision threshold per label: label `j` is predicted when its score is `>=` `values[j]`.
 * Returned by {@link optimizeThresholds}; build one by hand with `new Thresholds([...])`.
 * To apply thresholds to a tfjs tensor, use `applyThresholdsTensor` from
 * `tfjs-multilabel/training` (this subpath never loads tfjs).
 *
 * @summary One decision threshold per label; applies itself to scores.
 * @category Optimizers
 * @example
 * ```ts
 * import { Thresholds } from 'tfjs-multilabel/thresholds';
 *
 * const t = new Thresholds([0.5, 0.3]);
 * console.log(Array.from(t.apply([[0.6, 0.2], [0.4, 0.3]]).data)); // [1, 0, 0, 1]
 * const copy = Thresholds.fromJSON(JSON.parse(JSON.stringify(t)));
 * console.log(Array.from(copy.values)); // [0.5, 0.3]
 * ```
 */
export class Thresholds {
  /** One threshold per label (all equal for a global threshold). */
  readonly values: Float64Array;
  /**
   * The metric value these thresholds reach on the data they were fitted to (the value
   * {@link optimizeThresholds} maximised), or undefined for thresholds built by hand.
   */
  readonly score: number | undefined;

  /**
   * @param values One threshold per label: finite numbers, or +/-Infinity to never / always
   *   predict a label.
   * @param score The metric value reached when fitting, if any.
   * @throws {@link MultilabelError} `INVALID_ARGUMENT` for an empty list, a NaN or a non-number.
   */
  constructor(values: ArrayLike<number>, score?: number) {
    if (values === null || typeof values !== 'object' || typeof values.length !== 'number') {
      throw new MultilabelError(
        'INVALID_ARGUMENT',
        '`values` must be an array or typed array with one threshold per label.',
      );
    }
    if (values.length === 0) {
      throw new MultilabelError(
        'INVALID_ARGUMENT',
        '`values` is empty; give one threshold per label.',
      );
    }
    const copy = new Float64Array(values.length);
    for (let j = 0; j < values.length; j++) {
      const v = values[j];
      if (typeof v !== 'number' || Number.isNaN(v)) {
        throw new MultilabelError(
          'INVALID_ARGUMENT',
          `\`values[${j}]\` is ${String(v)}; every threshold must be a number (Infinity never predicts the label).`,
        );
      }
      copy[j] = v;
    }
    if (score !== undefined && (typeof score !== 'number' || !Number.isFinite(score))) {
      throw new MultilabelError(
        'INVALID_ARGUMENT',
        `\`score\` must be a finite number, but got ${String(score)}.`,
      );
    }
    this.values = copy;
    this.score = score;
  }

  /**
   * Applies the thresholds: 1 where `scores[r][j] >= values[j]`.
   *
   * @param scores Scores with one column per threshold (any matrix form).
   * @param options `forceAtLeastOne`: give each row without a predicted label its
   *   highest-scoring label (default false).
   * @returns The 0/1 decisions.
   * @throws {@link MultilabelError} `SHAPE_MISMATCH` when the column count differs from the
   *   number of thresholds; `NON_FINITE_VALUES` for a NaN or infinite score; `UNKNOWN_OPTION`.
   */
  apply(scores: ScoreMatrix, options?: { forceAtLeastOne?: boolean }): DecisionMatrix {
    checkOptionKeys(options, ['forceAtLeastOne'], 'Thresholds.apply');
    const force = checkBoolean(options?.forceAtLeastOne, 'forceAtLeastOne', false);
    const s = readScoreMatrix(scores, 'scores');
    const values = this.values;
    const cols = values.length;
    if (s.cols !== cols) {
      throw new MultilabelError(
        'SHAPE_MISMATCH',
        `\`scores\` has ${s.cols} columns but there are ${cols} thresholds; give one score column per label.`,
      );
    }
    const out = new Uint8Array(s.rows * cols);
    const d = s.data;
    for (let r = 0, i = 0; r < s.rows; r++) {
      for (let j = 0; j < cols; j++, i++) out[i] = +(d[i] >= values[j]);
    }
    if (force) forceAtLeastOne(out, s);
    return { data: out, shape: [s.rows, cols] };
  }

  /**
   * The plain-JSON form (used by `JSON.stringify`).
   *
   * @returns `{ values, score }`, with infinite thresholds as strings.
   */
  toJSON(): ThresholdsJSON {
    const values = Array.from(this.values, (v) =>
      v === Number.POSITIVE_INFINITY
        ? 'Infinity'
        : v === Number.NEGATIVE_INFINITY
          ? '-Infinity'
          : v,
    ) as ThresholdsJSON['values'];
    return this.score === undefined ? { values } : { values, score: this.score };
  }

  /**
   * Reads thresholds written by {@link Thresholds.toJSON} (or `JSON.stringify`).
   *
   * @param json The parsed JSON object.
   * @returns The thresholds.
   * @throws {@link MultilabelError} `INVALID_ARGUMENT` when `json` is not of that form.
   */
  static fromJSON(json: unknown): Thresholds {
    const values = (json as { values?: unknown } | null)?.values;
    if (typeof json !== 'object' || json === null || !Array.isArray(values)) {
      throw new MultilabelError(
        'INVALID_ARGUMENT',
        '`json` must be an object `{ values: [...] }` as written by `Thresholds.toJSON()`.',
      );
    }
    const numbers = values.map((v: unknown, j: number) => {
      if (typeof v === 'number') return v;
      if (v === 'Infinity') return Number.POSITIVE_INFINITY;
      if (v === '-Infinity') return Number.NEGATIVE_INFINITY;
      throw new MultilabelError(
        'INVALID_ARGUMENT',
        `\`json.values[${j}]\` is ${JSON.stringify(v)}; expected a number, 'Infinity' or '-Infinity'.`,
      );
    });
    const score = (json as { score?: unknown }).score;
    return new Thresholds(numbers, score as number | undefined);
  }
}

import { MultilabelError } from '../core/errors.js';
import type { ScoreMatrix } from '../core/matrix.js';
import { isNumericArrayLike } from '../core/matrix-input.js';
import type { SparseLabelMatrix } from '../core/sparse-label-matrix.js';
import {
  isTopKPredictions,
  readTopKPredictions,
  type TopKPredictions,
} from '../core/top-k-predictions.js';
import { checkBoolean, checkOptionKeys } from '../core/validate.js';
import { valueText } from '../core/value-text.js';
import { applyValues, type DecisionMatrix } from './decision-matrix.js';
import { readScoreMatrix } from './inputs.js';
import { forceAtLeastOne } from './row-order.js';
import { thresholdListed } from './top-k-listed-decisions.js';

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
 *
 * // Top-2 predictions of 2 rows: row 0 lists labels 1 and 0, row 1 lists 0 and 1.
 * const top = { indices: [1, 0, 0, 1], scores: [0.35, 0.2, 0.45, 0.1], k: 2, shape: [2, 2] as [number, number] };
 * const sets = t.apply(top);
 * console.log(Array.from(sets.indptr), Array.from(sets.indices)); // [0, 1, 1] [1]
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
   * The labels (column indices, ascending) whose `minPrecision` / `minRecall` no threshold met
   * when fitting: their threshold is `Infinity`. Undefined without such a floor. A report of the
   * fit, not part of the JSON form.
   */
  readonly unmetLabels: Int32Array | undefined;

  /**
   * @param values One threshold per label: finite numbers, or +/-Infinity to never / always
   *   predict a label.
   * @param score The metric value reached when fitting, if any.
   * @param unmetLabels The labels whose precision or recall floor no threshold met, if any
   *   (integers from 0 to the number of labels - 1).
   * @throws {@link MultilabelError} `INVALID_ARGUMENT` when `values` is not an array or typed
   *   array, is empty or holds a NaN or a non-number, when `score` is not a finite number, or
   *   when `unmetLabels` holds something else than label indices.
   */
  constructor(values: ArrayLike<number>, score?: number, unmetLabels?: ArrayLike<number>) {
    this.values = readThresholdValues(values, 'values');
    this.score = readScore(score, 'score');
    this.unmetLabels =
      unmetLabels === undefined ? undefined : readLabelIndices(unmetLabels, this.values.length);
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
  apply(scores: ScoreMatrix, options?: { forceAtLeastOne?: boolean }): DecisionMatrix;
  /**
   * Applies the thresholds to each row's top-k predictions: a row predicts the labels it lists
   * with a score `>=` their threshold (a label it does not list is never predicted).
   *
   * @param scores Top-k predictions over as many labels (`shape[1]`) as there are thresholds.
   * @param options `forceAtLeastOne`: give each row without a predicted label its
   *   highest-scoring listed label (default false).
   * @returns The label sets, CSR, each row in its listed order.
   * @throws {@link MultilabelError} `SHAPE_MISMATCH` when `shape[1]` differs from the number of
   *   thresholds; `INVALID_ARGUMENT`, `INVALID_SHAPE`, `NON_FINITE_VALUES` for bad predictions.
   */
  apply(scores: TopKPredictions, options?: { forceAtLeastOne?: boolean }): SparseLabelMatrix;
  apply(
    scores: ScoreMatrix | TopKPredictions,
    options?: { forceAtLeastOne?: boolean },
  ): DecisionMatrix | SparseLabelMatrix {
    checkOptionKeys(options, ['forceAtLeastOne'], 'Thresholds.apply');
    const force = checkBoolean(options?.forceAtLeastOne, 'forceAtLeastOne', false);
    if (isTopKPredictions(scores)) {
      return thresholdListed(readTopKPredictions(scores, 'scores'), this.values, force);
    }
    const s = readScoreMatrix(scores, 'scores');
    const values = this.values;
    const cols = values.length;
    if (s.cols !== cols) {
      throw new MultilabelError(
        'SHAPE_MISMATCH',
        `\`scores\` has ${s.cols} columns but there are ${cols} thresholds; give one score column per label.`,
      );
    }
    const out = applyValues(s, values);
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
    if (typeof json !== 'object' || json === null || Array.isArray(json)) {
      throw new MultilabelError(
        'INVALID_ARGUMENT',
        '`json` must be an object `{ values: [...] }` as written by `Thresholds.toJSON()`.',
      );
    }
    for (const key of Object.keys(json)) {
      if (key !== 'values' && key !== 'score') {
        throw new MultilabelError(
          'INVALID_ARGUMENT',
          `\`json\` has an unknown key ${valueText(key)}; \`Thresholds.toJSON()\` writes only \`values\` and \`score\`.`,
        );
      }
    }
    const { values, score } = json as { values?: unknown; score?: unknown };
    if (!Array.isArray(values)) {
      throw new MultilabelError(
        'INVALID_ARGUMENT',
        '`json.values` must be an array of thresholds as written by `Thresholds.toJSON()`.',
      );
    }
    const numbers = new Array<unknown>(values.length);
    for (let j = 0; j < values.length; j++) {
      const v: unknown = values[j];
      numbers[j] =
        v === 'Infinity'
          ? Number.POSITIVE_INFINITY
          : v === '-Infinity'
            ? Number.NEGATIVE_INFINITY
            : typeof v === 'number'
              ? v
              : undefined;
      if (numbers[j] === undefined) {
        throw new MultilabelError(
          'INVALID_ARGUMENT',
          `\`json.values[${j}]\` is ${valueText(v)}; expected a number, 'Infinity' or '-Infinity'.`,
        );
      }
    }
    // Checked here first, so that a message names the key of `json` at fault.
    return new Thresholds(
      readThresholdValues(numbers, 'json.values'),
      readScore(score, 'json.score'),
    );
  }
}

/**
 * Copies one threshold per label (numbers, +/-Infinity allowed) from an array or typed array;
 * every entry is checked before the copy is allocated.
 */
function readThresholdValues(values: unknown, name: string): Float64Array {
  if (!isNumericArrayLike(values)) {
    throw new MultilabelError(
      'INVALID_ARGUMENT',
      `\`${name}\` must be an array or typed array with one threshold per label, but got ${values === null ? 'null' : typeof values}.`,
    );
  }
  if (values.length === 0) {
    throw new MultilabelError(
      'INVALID_ARGUMENT',
      `\`${name}\` is empty; give one threshold per label.`,
    );
  }
  for (let j = 0; j < values.length; j++) {
    const v = values[j];
    if (typeof v !== 'number' || Number.isNaN(v)) {
      throw new MultilabelError(
        'INVALID_ARGUMENT',
        `\`${name}[${j}]\` is ${valueText(v)}; every threshold must be a number (Infinity never predicts the label).`,
      );
    }
  }
  return Float64Array.from(values as ArrayLike<number>);
}

function readScore(score: unknown, name: string): number | undefined {
  if (score !== undefined && (typeof score !== 'number' || !Number.isFinite(score))) {
    throw new MultilabelError(
      'INVALID_ARGUMENT',
      `\`${name}\` must be a finite number (the metric value the thresholds reached), but got ${valueText(score)}.`,
    );
  }
  return score;
}

function readLabelIndices(value: unknown, labels: number): Int32Array {
  if (!isNumericArrayLike(value)) {
    throw new MultilabelError(
      'INVALID_ARGUMENT',
      `\`unmetLabels\` must be an array of label indices, but got ${valueText(value)}.`,
    );
  }
  for (let i = 0; i < value.length; i++) {
    const j = value[i];
    if (typeof j !== 'number' || !Number.isInteger(j) || j < 0 || j >= labels) {
      throw new MultilabelError(
        'INVALID_ARGUMENT',
        `\`unmetLabels[${i}]\` is ${valueText(j)}; each entry must be a label index from 0 to ${labels - 1}.`,
      );
    }
  }
  return Int32Array.from(value as ArrayLike<number>).sort();
}

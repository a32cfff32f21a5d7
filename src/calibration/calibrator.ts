import { MultilabelError } from '../core/errors.js';
import { sigmoid } from '../core/logistic.js';
import type { ScoreMatrix } from '../core/matrix.js';
import { toFloatMatrix } from '../core/matrix-input.js';
import { assertFinite } from '../core/validate.js';
import { readCalibratorJSON, readLabelMaps } from './calibrator-json.js';
import { isotonicValue } from './isotonic-map.js';

/**
 * The calibration map of one label, by method:
 *
 * - `'isotonic'`: the points of a non-decreasing piecewise-linear map (scikit-learn's
 *   `X_thresholds_` and `y_thresholds_`), scores ascending; a score is clipped to the first and
 *   last point and interpolated between the two around it;
 * - `'platt'`: `1 / (1 + exp(a * score + b))`, scikit-learn's sign convention (`a < 0` when
 *   higher scores mean more positives);
 * - `'temperature'`: `1 / (1 + exp(-logit / temperature))`; `Infinity` gives 0.5 everywhere.
 *
 * @summary One label's map: isotonic points, Platt's (a, b) or a temperature.
 * @category Results
 * @example
 * ```ts
 * import { Calibrator, type LabelCalibration } from 'tfjs-multilabel/calibration';
 *
 * const maps: LabelCalibration[] = [
 *   { method: 'platt', a: -2, b: 0 },
 *   { method: 'temperature', temperature: 2 },
 * ];
 * const probabilities = new Calibrator(maps).transform([[0, 0], [1, 2]]).data;
 * console.log(Array.from(probabilities, (p) => p.toFixed(3))); // ['0.500', '0.500', '0.881', '0.731']
 * ```
 */
export type LabelCalibration =
  | {
      /** Isotonic regression. */
      readonly method: 'isotonic';
      /** The scores of the points, strictly increasing. */
      readonly xThresholds: Float64Array;
      /** The probabilities at the points, non-decreasing, in [0, 1]. */
      readonly yThresholds: Float64Array;
    }
  | {
      /** Platt scaling. */
      readonly method: 'platt';
      /** The slope (of `-logit(p)` against the score). */
      readonly a: number;
      /** The intercept. */
      readonly b: number;
    }
  | {
      /** Temperature scaling. */
      readonly method: 'temperature';
      /** The temperature, > 0 (`Infinity` allowed). */
      readonly temperature: number;
    };

/** The name of a calibration method. @category Options @inline */
export type CalibrationMethod = LabelCalibration['method'];

/**
 * Calibrated probabilities: row-major values in [0, 1] plus `[rows, labels]`, the `{ data,
 * shape }` form the library's other matrix results have (`Thresholds.apply`, the decision
 * rules). It is a valid matrix input of the library (`MatrixData`), so the metrics and the
 * threshold search take it as it is, and `tf.tensor2d(p.data, p.shape)` turns it into a tensor.
 *
 * @summary Calibrated probabilities, row-major: `{ data: Float64Array, shape }`.
 * @category Results
 * @example
 * ```ts
 * import { Calibrator, type CalibratedProbabilities } from 'tfjs-multilabel/calibration';
 *
 * const p: CalibratedProbabilities = new Calibrator([{ method: 'temperature', temperature: 1 }]).transform([[0]]);
 * console.log(p.data[0], p.shape); // 0.5 [1, 1]
 * ```
 */
export interface CalibratedProbabilities {
  /** The probabilities, row after row: cell (r, j) is `data[r * shape[1] + j]`. */
  readonly data: Float64Array;
  /** `[rows, labels]`. */
  readonly shape: [number, number];
}

/**
 * The plain-JSON form of a {@link Calibrator}: `JSON.stringify(calibrator)` writes it and
 * {@link Calibrator.fromJSON} reads it back (as an object or as its JSON string), so a model's
 * scores are calibrated the same way where it is served. An infinite temperature is written as
 * the string `'Infinity'`, which JSON numbers cannot hold.
 *
 * @summary The plain-JSON form of a {@link Calibrator}.
 * @category Results
 * @example
 * ```ts
 * import { Calibrator, type CalibratorJSON } from 'tfjs-multilabel/calibration';
 *
 * const json: CalibratorJSON = new Calibrator([{ method: 'platt', a: -1, b: 0.5 }]).toJSON();
 * console.log(json.format, json.labels); // 'tfjs-multilabel.Calibrator' [{ method: 'platt', a: -1, b: 0.5 }]
 * ```
 */
export interface CalibratorJSON {
  /** Always `'tfjs-multilabel.Calibrator'`. */
  readonly format: 'tfjs-multilabel.Calibrator';
  /** The version of this form, `1`; a reader refuses versions it does not know. */
  readonly version: 1;
  /** One map per label, in label order. */
  readonly labels: (
    | {
        /** Isotonic regression. */
        readonly method: 'isotonic';
        /** The scores of the points. */
        readonly xThresholds: number[];
        /** The probabilities at the points. */
        readonly yThresholds: number[];
      }
    // Platt's two numbers are stored as they are.
    | Extract<LabelCalibration, { method: 'platt' }>
    | {
        /** Temperature scaling. */
        readonly method: 'temperature';
        /** The temperature (`'Infinity'` for an infinite one). */
        readonly temperature: number | 'Infinity';
      }
  )[];
}

/** The probability of one label's map at a score. @internal */
export function mapValue(map: LabelCalibration): (score: number) => number {
  if (map.method === 'isotonic') {
    const points = { x: map.xThresholds, y: map.yThresholds };
    return (s) => isotonicValue(points, s);
  }
  if (map.method === 'platt') {
    const { a, b } = map;
    return (s) => sigmoid(-(a * s + b));
  }
  const k = 1 / map.temperature;
  return (s) => sigmoid(k * s);
}

/**
 * One calibration map per label, fitted by {@link isotonicCalibration}, {@link plattScaling}
 * or {@link temperatureScaling}. `transform` turns scores into calibrated probabilities, label by
 * label; `toJSON` and {@link Calibrator.fromJSON} carry it to where the model is served. Build
 * one by hand with `new Calibrator(maps)`.
 *
 * @summary Per-label calibration maps: transforms scores and serializes itself.
 * @category Calibrators
 * @example
 * ```ts
 * import { Calibrator, plattScaling } from 'tfjs-multilabel/calibration';
 *
 * const calibrator = plattScaling([[1], [0], [1], [0]], [[2], [-1], [0.5], [0.2]]);
 * const copy = Calibrator.fromJSON(JSON.stringify(calibrator));
 * const p = copy.transform([[3], [-3]]).data;
 * console.log(p[0] > p[1], p[0] === calibrator.transform([[3]]).data[0]); // true true
 * ```
 */
export class Calibrator {
  /** The map of each label, in label order. */
  readonly labels: readonly LabelCalibration[];

  /**
   * @param labels One map per label (copied and checked).
   * @throws {@link MultilabelError} `INVALID_ARGUMENT` when `labels` is not a non-empty array of
   *   maps of the {@link LabelCalibration} forms (isotonic points strictly increasing in score,
   *   non-decreasing in [0, 1]; finite Platt coefficients; a temperature > 0).
   */
  constructor(labels: readonly LabelCalibration[]) {
    this.labels = readLabelMaps(labels, 'labels');
  }

  /**
   * Calibrated probabilities of `scores`, each column through its label's map.
   *
   * @param scores Scores (logits for temperature maps) with one column per label, any matrix
   *   form; finite.
   * @returns The probabilities, `{ data: Float64Array, shape: [rows, labels] }`.
   * @throws {@link MultilabelError} `SHAPE_MISMATCH` when the column count differs from the
   *   number of labels; `NON_FINITE_VALUES` for a NaN or infinite score; `INVALID_SHAPE` or
   *   `EMPTY_INPUT` for a malformed matrix.
   */
  transform(scores: ScoreMatrix): CalibratedProbabilities {
    const s = toFloatMatrix(scores, 'scores');
    assertFinite(s, 'scores');
    const maps = this.labels;
    const cols = maps.length;
    if (s.cols !== cols) {
      throw new MultilabelError(
        'SHAPE_MISMATCH',
        `\`scores\` has ${s.cols} columns but the calibrator has ${cols} labels; give one score column per label.`,
      );
    }
    const out = new Float64Array(s.rows * cols);
    const d = s.data;
    for (let j = 0; j < cols; j++) {
      const value = mapValue(maps[j]);
      for (let i = j; i < out.length; i += cols) out[i] = value(d[i]);
    }
    return { data: out, shape: [s.rows, cols] };
  }

  /**
   * The plain-JSON form (used by `JSON.stringify`).
   *
   * @returns `{ format, version, labels }`, every number written in full.
   */
  toJSON(): CalibratorJSON {
    return {
      format: 'tfjs-multilabel.Calibrator',
      version: 1,
      labels: this.labels.map((map) =>
        map.method === 'isotonic'
          ? {
              method: 'isotonic',
              xThresholds: Array.from(map.xThresholds),
              yThresholds: Array.from(map.yThresholds),
            }
          : map.method === 'platt'
            ? { method: 'platt', a: map.a, b: map.b }
            : {
                method: 'temperature',
                temperature:
                  map.temperature === Number.POSITIVE_INFINITY ? 'Infinity' : map.temperature,
              },
      ),
    };
  }

  /**
   * Reads a calibrator written by {@link Calibrator.toJSON} (or `JSON.stringify`). The state is
   * untrusted input: every field is checked before it is used.
   *
   * @param json The object `toJSON()` returned, or the string `JSON.stringify` wrote.
   * @returns The calibrator.
   * @throws {@link MultilabelError} naming the field at fault: `PARSE_ERROR` for a string that is
   *   not JSON; `INVALID_ARGUMENT` for another format or version, a missing, extra or mistyped
   *   field, or maps that break the rules of the constructor.
   */
  static fromJSON(json: unknown): Calibrator {
    return new Calibrator(readCalibratorJSON(json));
  }
}

import { MultilabelError } from '../core/errors.js';
import type { LabelMatrix, ScoreMatrix } from '../core/matrix.js';
import { checkBoolean } from '../core/validate.js';
import { Calibrator } from './calibrator.js';
import { assertCells, cellsOf, readCalibrationInputs } from './inputs.js';
import { fitEachLabel, fitTemperature } from './label-maps.js';
import type { CalibrationOptions } from './options.js';

/**
 * Options of {@link temperatureScaling}.
 *
 * @expand
 * @category Options
 * @example
 * ```ts
 * import { temperatureScaling, type TemperatureScalingOptions } from 'tfjs-multilabel/calibration';
 *
 * const options: TemperatureScalingOptions = { perLabel: true };
 * const yTrue = [[1, 0], [0, 1], [1, 1], [0, 0]];
 * const logits = [[4, -2], [-1, 3], [-2, 1], [1, 2]];
 * const calibrator = temperatureScaling(yTrue, logits, options);
 * console.log(calibrator.labels.map((map) => map.method === 'temperature' && map.temperature.toFixed(2))); // ['5.31', '2.00']
 * ```
 */
export interface TemperatureScalingOptions extends CalibrationOptions {
  /**
   * `false`: one temperature for every label, fitted on their known cells pooled; `true`: one
   * temperature per label.
   *
   * @defaultValue `false`
   */
  perLabel?: boolean;
}

/**
 * Temperature scaling of logits: the probability `sigmoid(logit / T)`, with the temperature `T`
 * minimising the binary log loss (sigmoid cross-entropy) of the known cells, one `T` for every
 * label or one per label (`perLabel`). Each label is its own binary problem: this is the sigmoid
 * form for multi-label outputs, NOT the softmax temperature of multi-class calibration (which
 * would make the labels compete). One parameter: it keeps the ranking of every label, and
 * corrects a network that is over-confident (`T > 1`) or under-confident (`T < 1`). The minimum
 * is exact (the derivative of the loss is zero there). When the logits do not lean towards the
 * labels at all the best temperature is `Infinity` (0.5 everywhere).
 *
 * @summary Temperature scaling of logits (sigmoid, per label or shared), by log loss.
 * @category Calibrators
 * @param yTrue True labels, 0/1 (and, with `ignoreIndex`, that marker or NaN for a missing label), one row per sample.
 * @param yScore Logits of the same shape (a head's outputs before the sigmoid).
 * @param options `perLabel` (default false), `sampleWeight`, `ignoreIndex`.
 * @returns A {@link Calibrator} with one temperature map per label (the same temperature for
 *   every label unless `perLabel`).
 * @throws {@link MultilabelError} on a shape mismatch, non-binary labels, NaN or infinite
 *   logits, empty input, bad weights or options; `UNDEFINED_METRIC` for a label without a known
 *   cell of positive weight (with `perLabel`; without it, when no cell is known), or when the
 *   logits separate the labels (every positive logit >= 0 >= every negative one: the loss then
 *   has no minimum; use {@link plattScaling}).
 * @example
 * ```ts
 * import { temperatureScaling } from 'tfjs-multilabel/calibration';
 *
 * // An over-confident model: logits of +-4 that are right 3 times out of 4.
 * const yTrue = [[1], [1], [1], [0], [0], [0], [0], [1]];
 * const logits = [[4], [4], [4], [4], [-4], [-4], [-4], [-4]];
 * const calibrator = temperatureScaling(yTrue, logits);
 * const map = calibrator.labels[0];
 * // sigmoid(4 / T) = 0.75: T = 4 / ln 3.
 * if (map.method === 'temperature') console.log(map.temperature.toFixed(4)); // '3.6410'
 * console.log(calibrator.transform([[4]]).data[0].toFixed(4)); // '0.7500'
 * ```
 */
export function temperatureScaling(
  yTrue: LabelMatrix,
  yScore: ScoreMatrix,
  options?: TemperatureScalingOptions,
): Calibrator {
  const inputs = readCalibrationInputs(yTrue, yScore, options, ['perLabel'], 'temperatureScaling');
  const perLabel = checkBoolean(options?.perLabel, 'perLabel', false);
  const cols = inputs.truth.cols;
  if (perLabel) return fitEachLabel(inputs, 'temperature', 'temperatureScaling');
  const cells = cellsOf(
    inputs,
    Array.from({ length: cols }, (_, j) => j),
  );
  assertCells(cells, undefined, 'temperatureScaling');
  const temperature = fitTemperature(cells, cols === 1 ? 'label 0' : 'the labels');
  return new Calibrator(
    Array.from({ length: cols }, () => ({ method: 'temperature', temperature })),
  );
}

import { MultilabelError } from '../core/errors.js';
import type { LabelMatrix, ScoreMatrix } from '../core/matrix.js';
import { unscale } from '../core/weights.js';
import { type CalibrationMethod, Calibrator, type LabelCalibration } from './calibrator.js';
import {
  assertCells,
  type CalibrationInputs,
  cellsOf,
  type LabelCells,
  readCalibrationInputs,
  weightExponentOf,
} from './inputs.js';
import { fitIsotonic } from './isotonic-map.js';
import { fitInverseTemperature, fitSigmoid } from './logistic-fit.js';

/**
 * The fits of one label's map (Platt's smoothed targets, the temperature), the fit by method,
 * and the loop that fits one map per label: what every calibration function (and the
 * cross-validated choice) calls.
 *
 * @internal
 * @module
 */

/**
 * Platt's `(a, b)` of one label's cells: the minimiser of the weighted log loss of
 * `1 / (1 + exp(a s + b))` against Platt's smoothed targets, `(n+ + 1) / (n+ + 2)` for a
 * positive and `1 / (n- + 2)` for a negative (`n+`, `n-`: the weighted class totals in the
 * weights' own unit, `2^exponent` times the scaled weights of `cells`).
 *
 * @internal
 */
export function fitPlatt(
  cells: LabelCells,
  weightExponent: number,
  what: string,
): { a: number; b: number } {
  const { scores, labels, weights, n } = cells;
  let positives = 0;
  let negatives = 0;
  for (let i = 0; i < n; i++) {
    const w = weights === undefined ? 1 : weights[i];
    if (labels[i] > 0) positives += w;
    else negatives += w;
  }
  const prior1 = unscale(positives, weightExponent, 'weight of the positives');
  const prior0 = unscale(negatives, weightExponent, 'weight of the negatives');
  const hi = (prior1 + 1) / (prior1 + 2);
  const lo = 1 / (prior0 + 2);
  const targets = new Float64Array(n);
  for (let i = 0; i < n; i++) targets[i] = labels[i] > 0 ? hi : lo;
  // Fitted as sigmoid(slope s + intercept): a = -slope, b = -intercept; scikit-learn's start.
  const [slope, intercept] = fitSigmoid(scores, targets, weights, [
    0,
    Math.log((prior1 + 1) / (prior0 + 1)),
  ]);
  if (!Number.isFinite(slope) || !Number.isFinite(intercept)) {
    throw new MultilabelError(
      'UNDEFINED_METRIC',
      `The Platt coefficients of ${what} are (${-slope}, ${-intercept}), beyond a double: its scores differ by too little or too much (near the smallest or largest double); rescale them.`,
    );
  }
  return { a: -slope + 0, b: -intercept + 0 };
}

/** The temperature of `cells` (Infinity when the logits do not lean towards the labels). @internal */
export function fitTemperature(cells: LabelCells, what: string): number {
  const k = fitInverseTemperature(cells, what);
  if (k === 0) return Number.POSITIVE_INFINITY;
  const t = 1 / k;
  if (!(t > 0 && Number.isFinite(t))) {
    throw new MultilabelError(
      'UNDEFINED_METRIC',
      `The best temperature of ${what} is ${t}, beyond a double: its logits are too far from 1 in size (near the largest or smallest double); rescale them.`,
    );
  }
  return t;
}

/**
 * The map of `method` fitted to `cells` (at least one); `weightExponent` is the power of two
 * the cells' weights were divided by, `what` names the label(s) in errors. @internal
 */
export function fitLabelMap(
  method: CalibrationMethod,
  cells: LabelCells,
  weightExponent: number,
  what: string,
): LabelCalibration {
  if (method === 'isotonic') {
    const { x, y } = fitIsotonic(cells);
    return { method, xThresholds: x, yThresholds: y };
  }
  if (method === 'platt') return { method, ...fitPlatt(cells, weightExponent, what) };
  return { method, temperature: fitTemperature(cells, what) };
}

/** A calibrator of one `method` map per label of `inputs`, fitted on its own cells. @internal */
export function fitEachLabel(
  inputs: CalibrationInputs,
  method: CalibrationMethod,
  caller: string,
): Calibrator {
  const maps: LabelCalibration[] = [];
  for (let j = 0; j < inputs.truth.cols; j++) {
    const cells = cellsOf(inputs, [j]);
    assertCells(cells, j, caller);
    maps.push(fitLabelMap(method, cells, weightExponentOf(inputs), `label ${j}`));
  }
  return new Calibrator(maps);
}

/**
 * Reads the arguments of a calibrator that has no option of its own (`isotonicCalibration`,
 * `plattScaling`) and fits one `method` map per label. @internal
 */
export function calibrateEachLabel(
  yTrue: LabelMatrix,
  yScore: ScoreMatrix,
  options: object | undefined,
  method: CalibrationMethod,
  caller: string,
): Calibrator {
  return fitEachLabel(readCalibrationInputs(yTrue, yScore, options, [], caller), method, caller);
}

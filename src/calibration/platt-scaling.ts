import type { LabelMatrix, ScoreMatrix } from '../core/matrix.js';
import { unscale } from '../core/weights.js';
import { Calibrator, type LabelCalibration } from './calibrator.js';
import { assertCells, cellsOf, type LabelCells, readCalibrationInputs } from './inputs.js';
import { fitSigmoid } from './logistic-fit.js';
import type { CalibrationOptions } from './options.js';

/**
 * Platt's `(a, b)` of one label's cells: the minimiser of the weighted log loss of
 * `1 / (1 + exp(a s + b))` against Platt's smoothed targets, `(n+ + 1) / (n+ + 2)` for a
 * positive and `1 / (n- + 2)` for a negative (`n+`, `n-`: the weighted class totals in the
 * weights' own unit, `2^exponent` times the scaled weights of `cells`).
 *
 * @internal
 */
export function fitPlatt(cells: LabelCells, weightExponent: number): { a: number; b: number } {
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
  return { a: -slope + 0, b: -intercept + 0 };
}

/**
 * Platt scaling, label by label: the probability `1 / (1 + exp(a * score + b))`, with `a` and
 * `b` minimising the log loss against Platt's smoothed targets (`(n+ + 1) / (n+ + 2)` for a
 * positive, `1 / (n- + 2)` for a negative, from the weighted class totals), scikit-learn 1.2's
 * `_sigmoid_calibration` (what `CalibratedClassifierCV(method='sigmoid')` fits). The smoothing
 * keeps `a` and `b` finite even when the scores separate the classes. Two parameters per label:
 * it suits small calibration sets and scores whose distortion is sigmoid-shaped (SVM margins,
 * boosted trees, logits of an over- or under-confident network). The minimum is found by
 * Newton's method to full precision (scikit-learn stops its BFGS at a gradient of 1e-5).
 *
 * @summary Platt scaling per label, as scikit-learn's sigmoid calibration.
 * @category Calibrators
 * @param yTrue True labels, 0/1 (and, with `ignoreIndex`, that marker or NaN for a missing label), one row per sample.
 * @param yScore Scores of the same shape: logits, margins or probabilities.
 * @param options `sampleWeight`, `ignoreIndex`.
 * @returns A {@link Calibrator} with one Platt map per label.
 * @throws {@link MultilabelError} on a shape mismatch, non-binary labels, NaN or infinite
 *   scores, empty input, bad weights or options, and `UNDEFINED_METRIC` for a label without a
 *   known cell of positive weight.
 * @example
 * ```ts
 * import { plattScaling } from 'tfjs-multilabel/calibration';
 *
 * const yTrue = [[1], [0], [1], [0], [1], [1]];
 * const yScore = [[2], [-2], [1], [0.5], [-0.5], [-1]];
 * const calibrator = plattScaling(yTrue, yScore);
 * const map = calibrator.labels[0];
 * // scikit-learn: _sigmoid_calibration gives (-0.374977, -0.604206).
 * if (map.method === 'platt') console.log(map.a.toFixed(5), map.b.toFixed(5)); // '-0.37498' '-0.60421'
 * console.log(Array.from(calibrator.transform([[0], [2]]).data, (p) => p.toFixed(3))); // ['0.647', '0.795']
 * ```
 */
export function plattScaling(
  yTrue: LabelMatrix,
  yScore: ScoreMatrix,
  options?: CalibrationOptions,
): Calibrator {
  const inputs = readCalibrationInputs(yTrue, yScore, options, [], 'plattScaling');
  const maps: LabelCalibration[] = [];
  for (let j = 0; j < inputs.truth.cols; j++) {
    const cells = cellsOf(inputs, [j]);
    assertCells(cells, j, 'plattScaling');
    maps.push({ method: 'platt', ...fitPlatt(cells, inputs.weightExponent) });
  }
  return new Calibrator(maps);
}

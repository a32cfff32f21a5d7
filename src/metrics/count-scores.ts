import { divideOrZeroDivision } from './zero-division.js';

/**
 * Count metrics as functions of one set of confusion counts, with the 0/0 rule applied. These
 * are the formulas that every count metric averages; threshold search reuses them.
 * `zeroDivision` is the number 0/0 becomes (0, 1 or NaN).
 *
 * @internal
 * @module
 */

/** tp / (tp + fp). @internal */
export function precisionFromCounts(tp: number, fp: number, zeroDivision: number): number {
  return divideOrZeroDivision(tp, tp + fp, zeroDivision);
}

/** tp / (tp + fn). @internal */
export function recallFromCounts(tp: number, fn: number, zeroDivision: number): number {
  return divideOrZeroDivision(tp, tp + fn, zeroDivision);
}

/** tn / (tn + fp). @internal */
export function specificityFromCounts(tn: number, fp: number, zeroDivision: number): number {
  return divideOrZeroDivision(tn, tn + fp, zeroDivision);
}

/** tp / (tp + fp + fn). @internal */
export function jaccardFromCounts(
  tp: number,
  fp: number,
  fn: number,
  zeroDivision: number,
): number {
  return divideOrZeroDivision(tp, tp + fp + fn, zeroDivision);
}

/**
 * F-beta from counts.
 *
 * With `zeroDivision` 0 or 1 this is scikit-learn 1.2's rule: F = (1 + b^2) P R / (b^2 P + R)
 * on the precision and recall after the 0/0 substitution, with a zero denominator read as 1;
 * so F is the `zeroDivision` value only when tp = fp = fn = 0. With NaN (`'nan'`) it is
 * scikit-learn 1.4+'s rule: F = (1 + b^2) tp / (b^2 (tp + fn) + tp + fp), NaN when that
 * denominator is 0; b = 0 gives precision. `beta = Infinity` gives recall in both.
 *
 * @internal
 */
export function fbetaFromCounts(
  tp: number,
  fp: number,
  fn: number,
  beta: number,
  zeroDivision: number,
): number {
  if (beta === Number.POSITIVE_INFINITY) return recallFromCounts(tp, fn, zeroDivision);
  const beta2 = beta * beta;
  if (Number.isNaN(zeroDivision)) {
    if (beta === 0) return precisionFromCounts(tp, fp, zeroDivision);
    return divideOrZeroDivision((1 + beta2) * tp, beta2 * (tp + fn) + (tp + fp), zeroDivision);
  }
  const precision = precisionFromCounts(tp, fp, zeroDivision);
  const recall = recallFromCounts(tp, fn, zeroDivision);
  let denominator = beta2 * precision + recall;
  if (denominator === 0) denominator = 1;
  return ((1 + beta2) * precision * recall) / denominator;
}

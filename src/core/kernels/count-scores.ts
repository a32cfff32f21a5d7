/**
 * Count metrics as functions of one set of confusion counts, with the 0/0 rule applied. These
 * are the formulas that every count metric averages; threshold search reuses them.
 * `zeroDivision` is the number 0/0 becomes (0, 1 or NaN).
 *
 * @internal
 * @module
 */

/**
 * The one 0/0 rule of the library: `numerator / denominator`, or the `zeroDivision` value when
 * the denominator is exactly 0 (scikit-learn's `_prf_divide`).
 *
 * @internal
 */
export function divideOrZeroDivision(
  numerator: number,
  denominator: number,
  zeroDivision: number,
): number {
  return denominator === 0 ? zeroDivision : numerator / denominator;
}

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
 * For b > 1 both fractions are divided through by b^2 (c = 1 / b^2 below), so no b overflows
 * them: F tends to recall as b grows, and to precision as b shrinks to 0 (where b^2
 * underflows), with the exact value wherever a double holds it.
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
  if (Number.isNaN(zeroDivision)) {
    if (beta === 0) return precisionFromCounts(tp, fp, zeroDivision);
    // No tp: 0 over a denominator that is positive unless every count is 0 (even where
    // b^2 or 1 / b^2 underflows to 0).
    if (tp === 0) return divideOrZeroDivision(0, fp + fn, zeroDivision);
    if (beta > 1) {
      const c = 1 / beta / beta;
      return ((1 + c) * tp) / (tp + fn + c * (tp + fp));
    }
    const beta2 = beta * beta;
    return ((1 + beta2) * tp) / (beta2 * (tp + fn) + (tp + fp));
  }
  const precision = precisionFromCounts(tp, fp, zeroDivision);
  const recall = recallFromCounts(tp, fn, zeroDivision);
  // The denominator is 0 only where the numerator is: F is then 0, as scikit-learn's 1.
  if (beta > 1) {
    const c = 1 / beta / beta;
    const denominator = precision + c * recall;
    return denominator === 0 ? 0 : ((1 + c) * precision * recall) / denominator;
  }
  const beta2 = beta * beta;
  let denominator = beta2 * precision + recall;
  if (denominator === 0) denominator = 1;
  return ((1 + beta2) * precision * recall) / denominator;
}

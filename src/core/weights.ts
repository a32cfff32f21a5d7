import { MultilabelError } from './errors.js';
import { type DenseMatrix, MISSING_LABEL } from './matrix.js';
import { toNonNegativeVector } from './validate.js';

/**
 * Sample weights, read once at the API boundary and scaled by a power of two.
 *
 * Every weighted metric and threshold objective is a ratio of weighted sums, so it does not
 * change when every weight is multiplied by the same positive number. The weights are
 * therefore kept divided by 2^exponent, the power of two that brings the largest into [1, 2):
 * a sum over n rows stays below 2n and a product of two weights below 4, whatever the unit
 * of the weights (1e308 or 5e-324). Multiplying by a power of two is exact, so the results
 * equal those of the unscaled weights bit for bit wherever those neither overflowed nor
 * underflowed. A weight below 2^-1074 times the largest (beyond the range of a double) counts
 * as 0. The largest is that of the rows with a known label when the caller passes the labels
 * (a row whose labels are all missing counts nowhere), over the whole matrix: one unit for every
 * label, so a label whose rows all weigh below 2^-1074 times another label's largest counts
 * them as 0. The few results that are weighted sums themselves (confusion matrices, supports,
 * `normalize: false` totals) are scaled back with {@link unscale}.
 *
 * @internal
 * @module
 */

/** Sample weights divided by `2^exponent` (see the module). @internal */
export interface ScaledWeights {
  /** The weights over `2^exponent`: the largest in [1, 2), or all 0. */
  readonly weights: Float64Array;
  /** The true weights are `weights[i] * 2^exponent`. */
  readonly exponent: number;
}

/** The largest exponent whose power of two is a normal double. */
const MAX_EXPONENT = 1023;
/** The smallest exponent whose power of two is a normal double. */
const MIN_NORMAL_EXPONENT = -1022;

/**
 * `x * 2^k` (C's `ldexp`): exact unless the result overflows (then +-Infinity) or falls below
 * the normal range (then rounded to a subnormal, or 0). Any integer `k` works: the factor is
 * applied in steps that are each a representable double.
 *
 * @internal
 */
export function ldexp(x: number, k: number): number {
  let y = x;
  let n = k;
  while (n > MAX_EXPONENT && Number.isFinite(y) && y !== 0) {
    y *= 2 ** MAX_EXPONENT;
    n -= MAX_EXPONENT;
  }
  while (n < MIN_NORMAL_EXPONENT && Number.isFinite(y) && y !== 0) {
    y *= 2 ** MIN_NORMAL_EXPONENT;
    n -= MIN_NORMAL_EXPONENT;
  }
  if (n > MAX_EXPONENT || n < MIN_NORMAL_EXPONENT) return y;
  return y * 2 ** n;
}

/**
 * The exponent e of a positive finite `x` with `2^e <= x < 2^(e + 1)`, subnormals included
 * (-1074 for the smallest double, 1023 for the largest).
 *
 * @internal
 */
export function binaryExponent(x: number): number {
  let e = Math.floor(Math.log2(x));
  // log2 may round across a power of two: settle the exponent exactly.
  if (ldexp(1, e) > x) e--;
  else if (ldexp(1, e + 1) <= x) e++;
  return e;
}

/**
 * Scales `values` (finite, >= 0) in place by the power of two that brings the largest into
 * [1, 2), and returns that power's exponent: the old values are `values[i] * 2^exponent`.
 * All zeros stay zeros (exponent 0).
 *
 * @internal
 */
export function scaleToUnit(values: Float64Array): number {
  let max = 0;
  for (let i = 0; i < values.length; i++) if (values[i] > max) max = values[i];
  if (max === 0) return 0;
  const exponent = binaryExponent(max);
  if (exponent === 0) return 0;
  if (-exponent <= MAX_EXPONENT) {
    // One multiplication by a representable power of two: exact, or rounded once.
    const factor = 2 ** -exponent;
    for (let i = 0; i < values.length; i++) values[i] *= factor;
  } else {
    // The largest value is subnormal: scaling up in two steps is exact.
    const second = 2 ** (-exponent - MAX_EXPONENT);
    for (let i = 0; i < values.length; i++) values[i] = values[i] * 2 ** MAX_EXPONENT * second;
  }
  return exponent;
}

/**
 * Reads `sampleWeight` (one finite value >= 0 per row) and scales it with
 * {@link scaleToUnit}; undefined when absent.
 *
 * With `truth` (labels as read, missing cells {@link MISSING_LABEL}), a row whose every cell is
 * missing counts nowhere, so its weight is set to 0 before scaling: the unit then comes from the
 * rows that count, and a large weight on an ignored row cannot push their weights below the
 * smallest double.
 *
 * @internal
 */
export function readSampleWeights(
  value: unknown,
  rows: number,
  truth?: DenseMatrix<Int8Array>,
): ScaledWeights | undefined {
  if (value === undefined) return undefined;
  const weights = toNonNegativeVector(value, 'sampleWeight', rows, 'sample');
  if (truth !== undefined) zeroRowsWithoutKnownCell(weights, truth);
  return { weights, exponent: scaleToUnit(weights) };
}

/**
 * Sets `weights[r]` to 0 for every row `r` of `truth` whose cells are all missing.
 *
 * @internal
 */
export function zeroRowsWithoutKnownCell(
  weights: Float64Array,
  truth: DenseMatrix<Int8Array>,
): void {
  const { data, rows, cols } = truth;
  for (let r = 0, start = 0; r < rows; r++, start += cols) {
    let c = 0;
    while (c < cols && data[start + c] === MISSING_LABEL) c++;
    if (c === cols) weights[r] = 0;
  }
}

/**
 * A weighted sum computed from scaled weights, in the unit of the weights the caller gave:
 * `value * 2^exponent`. Throws `INVALID_ARGUMENT` when that exceeds the largest double.
 *
 * @internal
 */
export function unscale(value: number, exponent: number, what: string): number {
  const out = ldexp(value, exponent);
  if (!Number.isFinite(out)) {
    throw new MultilabelError(
      'INVALID_ARGUMENT',
      `The ${what} is a sum of \`sampleWeight\` values that exceeds the largest double (${Number.MAX_VALUE}). Divide every weight by the same factor: only their ratios matter to the other metrics.`,
    );
  }
  return out;
}

/**
 * The unit of the weighted sums of a streaming accumulator: `2^exponent`, the power of two of
 * the largest weight seen (undefined until a row of positive weight arrives), so that no sum
 * overflows and every value equals the array functions', which scale their weights the same
 * way. Moving to a larger unit calls `rescale(shift)`, which must multiply every weighted sum
 * of the state by `2^shift` (a negative shift).
 *
 * @internal
 */
export class WeightUnit {
  exponent: number | undefined;

  constructor(private readonly rescale: (shift: number) => void) {}

  /**
   * A batch's weights in this unit (undefined for all 1 in it), moving the unit first when the
   * batch needs a larger one. `scaled` undefined: unweighted rows, which weigh 1 = 2^0. A batch
   * of zero weights leaves the unit as it is.
   */
  adopt(scaled: ScaledWeights | undefined, rows: number): Float64Array | undefined {
    const anyPositive = scaled === undefined || scaled.weights.some((w) => w > 0);
    if (!anyPositive) return scaled.weights;
    const shift = this.shiftFrom(scaled === undefined ? 0 : scaled.exponent);
    if (scaled === undefined) {
      return shift === 0 ? undefined : new Float64Array(rows).fill(ldexp(1, shift));
    }
    const weights = scaled.weights;
    if (shift !== 0) for (let r = 0; r < rows; r++) weights[r] = ldexp(weights[r], shift);
    return weights;
  }

  /**
   * Brings this unit to one that also holds sums in `2^exponent` (another accumulator's; none
   * when undefined), and returns the shift that brings those into this unit.
   */
  shiftFrom(exponent: number | undefined): number {
    if (exponent === undefined) return 0;
    if (this.exponent === undefined) {
      this.exponent = exponent;
      return 0;
    }
    if (exponent > this.exponent) {
      this.rescale(this.exponent - exponent);
      this.exponent = exponent;
    }
    return exponent - this.exponent;
  }
}

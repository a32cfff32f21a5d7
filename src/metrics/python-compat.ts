/**
 * Python and numpy arithmetic and number formatting, so that text reports match
 * scikit-learn's character for character: `'{:.2f}'` rounds exact ties half to even
 * (JavaScript's `toFixed` rounds them up), `repr(float)` differs from `String(number)` in when
 * it switches to exponent notation, and `np.sum` adds in a pairwise order.
 *
 * @internal
 * @module
 */

/** `format(x, '.{digits}f')` in Python (round half to even on the exact binary value). @internal */
export function pythonFixed(x: number, digits: number): string {
  if (Number.isNaN(x)) return 'nan';
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : '-inf';
  const negative = x < 0 || Object.is(x, -0);
  const magnitude = Math.abs(x);
  let text = magnitude.toFixed(digits);
  // A tie has a finite decimal expansion ending in 5 right after the kept digits, which
  // toFixed(100) shows exactly for every value this library formats (>= 1e-20).
  if (magnitude >= 1e-20 && magnitude < 1e21 && digits < 99) {
    const exact = magnitude.toFixed(100);
    const point = exact.indexOf('.');
    const rest = exact.slice(point + 1 + digits);
    if (/^50*$/.test(rest)) {
      const truncated = digits === 0 ? exact.slice(0, point) : exact.slice(0, point + 1 + digits);
      const lastDigit = Number(truncated[truncated.length - 1]);
      if (lastDigit % 2 === 0) text = truncated;
    }
  }
  return negative ? `-${text}` : text;
}

/** `repr(float(x))` in Python: shortest round-trip digits, exponent below 1e-4 and from 1e16. @internal */
export function pythonFloatRepr(x: number): string {
  if (Number.isNaN(x)) return 'nan';
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : '-inf';
  if (x === 0) return Object.is(x, -0) ? '-0.0' : '0.0';
  const sign = x < 0 ? '-' : '';
  const [mantissa, exponentText] = Math.abs(x).toExponential().split('e');
  const exponent = Number(exponentText);
  const digits = mantissa.replace('.', '');
  if (exponent < -4 || exponent >= 16) {
    const shown = digits.length === 1 ? digits : `${digits[0]}.${digits.slice(1)}`;
    const e = Math.abs(exponent) < 10 ? `0${Math.abs(exponent)}` : `${Math.abs(exponent)}`;
    return `${sign}${shown}e${exponent < 0 ? '-' : '+'}${e}`;
  }
  if (exponent < 0) return `${sign}0.${'0'.repeat(-exponent - 1)}${digits}`;
  const intPart = digits.slice(0, exponent + 1).padEnd(exponent + 1, '0');
  const fracPart = digits.slice(exponent + 1);
  return `${sign}${intPart}.${fracPart === '' ? '0' : fracPart}`;
}

/** `np.sum` of a float64 array: numpy's pairwise summation, so the rounding is the same. @internal */
export function numpySum(values: ArrayLike<number>, start = 0, n = values.length): number {
  if (n < 8) {
    let sum = -0;
    for (let i = start; i < start + n; i++) sum += values[i];
    return sum;
  }
  if (n <= 128) {
    const r = new Float64Array(8);
    for (let j = 0; j < 8; j++) r[j] = values[start + j];
    const blocks = n - (n % 8);
    for (let i = 8; i < blocks; i += 8) {
      for (let j = 0; j < 8; j++) r[j] += values[start + i + j];
    }
    let sum = r[0] + r[1] + (r[2] + r[3]) + (r[4] + r[5] + (r[6] + r[7]));
    for (let i = blocks; i < n; i++) sum += values[start + i];
    return sum;
  }
  let half = Math.floor(n / 2);
  half -= half % 8;
  return numpySum(values, start, half) + numpySum(values, start + half, n - half);
}

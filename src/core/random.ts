import { MultilabelError } from './errors.js';
import { valueText } from './value-text.js';

const MASK_64 = (1n << 64n) - 1n;

/** SplitMix64 (Steele, Lea & Flood 2014), used only to expand a seed into generator state. */
function splitMix64(state: { x: bigint }): bigint {
  state.x = (state.x + 0x9e3779b97f4a7c15n) & MASK_64;
  let z = state.x;
  z = ((z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n) & MASK_64;
  z = ((z ^ (z >> 27n)) * 0x94d049bb133111ebn) & MASK_64;
  return z ^ (z >> 31n);
}

/**
 * Checks a user-given seed: an integer in [0, 2^53). Throws `INVALID_OPTION` naming `name`.
 *
 * @internal
 */
export function checkSeed(seed: unknown, name = 'seed'): number {
  if (typeof seed !== 'number' || !Number.isSafeInteger(seed) || seed < 0) {
    throw new MultilabelError(
      'INVALID_OPTION',
      `\`${name}\` must be an integer between 0 and ${Number.MAX_SAFE_INTEGER}, but got ${valueText(seed)}. Use a fixed number such as 42 for reproducible results.`,
    );
  }
  return seed;
}

/**
 * A seeded pseudo-random generator that yields the same sequence on every platform and engine.
 *
 * Algorithm: xoshiro128** 1.1 (Blackman & Vigna, "Scrambled linear pseudorandom number
 * generators", ACM TOMS 2021), a 128-bit state with period 2^128 - 1, computed with 32-bit
 * integer arithmetic only (`Math.imul`, shifts), so results never depend on floating point.
 * The state is filled from the seed by two outputs of SplitMix64 (the seeding the xoshiro
 * authors recommend): state words 0 and 1 are the low and high halves of the first output,
 * words 2 and 3 those of the second. Floats take 53 random bits (27 + 26 from two outputs),
 * integers in [0, n) use rejection sampling, so both are free of modulo bias.
 *
 * @internal
 */
export class SeededRandom {
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;

  /** @param seed An integer in [0, 2^53). */
  constructor(seed: number) {
    const state = { x: BigInt(checkSeed(seed)) };
    const a = splitMix64(state);
    const b = splitMix64(state);
    this.s0 = Number(a & 0xffffffffn) | 0;
    this.s1 = Number(a >> 32n) | 0;
    this.s2 = Number(b & 0xffffffffn) | 0;
    this.s3 = Number(b >> 32n) | 0;
  }

  /** The next 32 random bits as an unsigned integer in [0, 2^32). */
  nextUint32(): number {
    const s1 = this.s1;
    const product = Math.imul(s1, 5);
    const result = Math.imul((product << 7) | (product >>> 25), 9);
    const t = s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= s1;
    this.s1 = s1 ^ this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = (this.s3 << 11) | (this.s3 >>> 21);
    return result >>> 0;
  }

  /** A float uniform in [0, 1) with 53 random bits. */
  nextFloat(): number {
    const high = this.nextUint32() >>> 5;
    const low = this.nextUint32() >>> 6;
    return (high * 67108864 + low) / 9007199254740992;
  }

  /** An integer uniform in [0, n), for 1 <= n <= 2^32, without modulo bias. */
  nextInt(n: number): number {
    if (!Number.isInteger(n) || n < 1 || n > 4294967296) {
      throw new MultilabelError(
        'INVALID_ARGUMENT',
        `\`n\` must be an integer in [1, 2^32], but got ${n}.`,
      );
    }
    // Accept only draws below the largest multiple of n that fits in 32 bits.
    const limit = 4294967296 - (4294967296 % n);
    let x = this.nextUint32();
    while (x >= limit) x = this.nextUint32();
    return x % n;
  }

  /** Shuffles `values` in place (Fisher-Yates, from the last element down) and returns it. */
  shuffle<T extends { length: number; [index: number]: unknown }>(values: T): T {
    for (let i = values.length - 1; i > 0; i--) {
      const j = this.nextInt(i + 1);
      const tmp = values[i];
      values[i] = values[j];
      values[j] = tmp;
    }
    return values;
  }

  /** A standard normal draw (Box-Muller, the cosine branch). */
  nextNormal(): number {
    const u = 1 - this.nextFloat();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * this.nextFloat());
  }

  /**
   * A Gamma(shape, 1) draw for `shape` > 0: Marsaglia & Tsang's squeeze method ("A simple method
   * for generating gamma variables", ACM TOMS 2000), with their boost U^(1/shape) below 1.
   */
  nextGamma(shape: number): number {
    if (shape < 1) return this.nextGamma(shape + 1) * (1 - this.nextFloat()) ** (1 / shape);
    const d = shape - 1 / 3;
    const c = 1 / Math.sqrt(9 * d);
    for (;;) {
      let x: number;
      let v: number;
      do {
        x = this.nextNormal();
        v = 1 + c * x;
      } while (v <= 0);
      v = v * v * v;
      const u = 1 - this.nextFloat();
      if (u < 1 - 0.0331 * x ** 4 || Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) {
        return d * v;
      }
    }
  }

  /** A Beta(a, b) draw for `a`, `b` > 0, as X / (X + Y) of two Gamma draws. */
  nextBeta(a: number, b: number): number {
    const x = this.nextGamma(a);
    const y = this.nextGamma(b);
    return x + y > 0 ? x / (x + y) : this.nextFloat() < a / (a + b) ? 1 : 0;
  }

  /** A uniformly random permutation of 0..n-1. */
  permutation(n: number): Int32Array {
    const out = new Int32Array(n);
    for (let i = 0; i < n; i++) out[i] = i;
    return this.shuffle(out);
  }
}

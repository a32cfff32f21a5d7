import { MultilabelError } from './errors.js';
import type { FloatArray } from './matrix.js';

/**
 * The shared argsort kernel: the hot path of ranking metrics and threshold search.
 *
 * Method: least-significant-digit radix sort on the IEEE-754 bit patterns of the keys, mapped
 * to unsigned integers whose order is the numeric order (flip every bit of negatives, only the
 * sign bit of positives). Float32 keys take 3 passes of 11/11/10 bits; float64 keys take 6
 * passes (low word, then high word). All histograms are built in one read of the keys and a
 * pass whose digit is the same for every key is skipped, so float32 values stored in float64
 * cost little more than float32. LSD radix sort is stable: equal keys keep their index order,
 * in both directions (descending order complements the mapped key instead of reversing).
 * `-0` equals `0`; `NaN` sorts after `+Infinity` ascending and before it descending.
 * Arrays of at most {@link INSERTION_SORT_MAX} keys use insertion sort.
 *
 * @internal
 * @module
 */

/** Below this many keys, insertion sort beats the radix passes' fixed cost. @internal */
export const INSERTION_SORT_MAX = 48;

const RADIX_BITS = 11;
const BUCKETS = 1 << RADIX_BITS;
const DIGIT_MASK = BUCKETS - 1;

/**
 * Reusable scratch buffers for {@link argsort}, so that a loop over many columns allocates once.
 *
 * @internal
 */
export class ArgsortWorkspace {
  /** Scratch for mapped key words and their second buffers. */
  keysA = new Uint32Array(0);
  keysB = new Uint32Array(0);
  highA = new Uint32Array(0);
  highB = new Uint32Array(0);
  indexB = new Int32Array(0);
  /** One histogram of {@link BUCKETS} counts per radix pass (up to 6). */
  readonly counts = new Int32Array(6 * BUCKETS);

  /** Makes every buffer hold at least `n` entries (`wide`: also the float64 high words). */
  reserve(n: number, wide: boolean): void {
    if (this.keysA.length < n) {
      const size = Math.max(n, this.keysA.length * 2);
      this.keysA = new Uint32Array(size);
      this.keysB = new Uint32Array(size);
      this.indexB = new Int32Array(size);
    }
    if (wide && this.highA.length < n) {
      const size = Math.max(n, this.highA.length * 2);
      this.highA = new Uint32Array(size);
      this.highB = new Uint32Array(size);
    }
  }
}

/** Options of {@link argsort}. @internal */
export interface ArgsortOptions {
  /** Largest key first (ties still keep their index order). Default false. */
  descending?: boolean;
  /** Where to write the permutation (length >= keys.length); allocated when absent. */
  out?: Int32Array;
  /** Scratch buffers to reuse across calls. */
  workspace?: ArgsortWorkspace;
}

const F32_SIGN = 0x80000000;

/** Maps float32 bits to an unsigned key with the same order (`-0` -> `0`, NaN canonical). */
function mapFloat32Bits(bits: number): number {
  if ((bits & 0x7fffffff) > 0x7f800000) bits = 0x7fc00000;
  else if (bits === F32_SIGN) bits = 0;
  return (bits & F32_SIGN ? ~bits : bits | F32_SIGN) >>> 0;
}

/**
 * The order-preserving unsigned key of a float32 bit pattern: `a < b` as floats exactly when
 * `float32Key(a) < float32Key(b)` as unsigned integers (`-0` maps like `0`, NaN above
 * +Infinity). Sort such keys with {@link sortUint32} when only the sorted values (not the
 * permutation) are needed.
 *
 * @internal
 */
export function float32Key(bits: number): number {
  return mapFloat32Bits(bits);
}

/** The float32 bit pattern of a key made by {@link float32Key} (`-0` comes back as `0`). @internal */
export function float32FromKey(key: number): number {
  return (key & F32_SIGN ? key ^ F32_SIGN : ~key) >>> 0;
}

/**
 * Sorts the first `n` values in place, ascending, by insertion: the fastest sort for the short
 * runs (up to a few dozen values) of one row's positives or one group of tied keys.
 *
 * @internal
 */
export function insertionSort(values: Uint32Array | Float64Array, n: number): void {
  for (let i = 1; i < n; i++) {
    const v = values[i];
    let j = i - 1;
    while (j >= 0 && values[j] > v) {
      values[j + 1] = values[j];
      j--;
    }
    values[j + 1] = v;
  }
}

/**
 * Sorts the first `n` unsigned 32-bit keys in place, ascending: the same LSD radix passes as
 * {@link argsort}, on the keys alone (no permutation to carry), for callers that need only the
 * sorted values. `scratch` must hold `n` entries; `counts` (3 x 2048 entries) may be reused
 * between calls.
 *
 * @internal
 */
export function sortUint32(
  keys: Uint32Array,
  n: number,
  scratch: Uint32Array,
  counts: Int32Array = new Int32Array(3 * BUCKETS),
): void {
  if (n <= INSERTION_SORT_MAX) {
    insertionSort(keys, n);
    return;
  }
  counts.fill(0, 0, 3 * BUCKETS);
  for (let i = 0; i < n; i++) {
    const k = keys[i];
    counts[k & DIGIT_MASK]++;
    counts[BUCKETS + ((k >>> RADIX_BITS) & DIGIT_MASK)]++;
    counts[2 * BUCKETS + (k >>> (2 * RADIX_BITS))]++;
  }
  let src = keys;
  let dst = scratch;
  for (let pass = 0; pass < 3; pass++) {
    const base = pass * BUCKETS;
    if (!toOffsets(counts, base, n)) continue;
    scatterKeys(src, dst, n, counts, base, pass * RADIX_BITS);
    const swap = src;
    src = dst;
    dst = swap;
  }
  if (src !== keys) keys.set(src.subarray(0, n));
}

/** One radix pass of {@link sortUint32}, in its own function so V8 optimizes its loop alone. */
function scatterKeys(
  src: Uint32Array,
  dst: Uint32Array,
  n: number,
  counts: Int32Array,
  base: number,
  shift: number,
): void {
  for (let i = 0; i < n; i++) {
    const k = src[i];
    dst[counts[base + ((k >>> shift) & DIGIT_MASK)]++] = k;
  }
}

/**
 * Returns the permutation that sorts `keys` (ascending unless `descending`), stable on ties.
 *
 * @internal
 */
export function argsort(keys: FloatArray, options: ArgsortOptions = {}): Int32Array {
  const n = keys.length;
  const out = options.out ?? new Int32Array(n);
  if (out.length < n) {
    throw new MultilabelError(
      'INVALID_ARGUMENT',
      `\`out\` has length ${out.length} but argsort needs ${n}.`,
    );
  }
  const descending = options.descending === true;
  if (n <= INSERTION_SORT_MAX) {
    insertionArgsort(keys, out, n, descending);
    return out;
  }
  const workspace = options.workspace ?? new ArgsortWorkspace();
  if (keys instanceof Float32Array) radixFloat32(keys, out, n, descending, workspace);
  else radixFloat64(keys, out, n, descending, workspace);
  return out;
}

/** Numeric comparison with the kernel's conventions: -0 == 0, NaN greatest. */
function greater(a: number, b: number): boolean {
  if (a !== a) return b === b;
  return a > b;
}

function insertionArgsort(keys: FloatArray, out: Int32Array, n: number, descending: boolean): void {
  for (let i = 0; i < n; i++) {
    const key = keys[i];
    let j = i - 1;
    // Shift only strictly out-of-order entries, which keeps equal keys in index order.
    while (j >= 0 && (descending ? greater(key, keys[out[j]]) : greater(keys[out[j]], key))) {
      out[j + 1] = out[j];
      j--;
    }
    out[j + 1] = i;
  }
}

/** Prefix sums of one histogram into starting offsets; false when one bucket holds every key. */
function toOffsets(counts: Int32Array, base: number, n: number): boolean {
  let sum = 0;
  for (let b = base; b < base + BUCKETS; b++) {
    const c = counts[b];
    if (c === n) return false;
    counts[b] = sum;
    sum += c;
  }
  return true;
}

function radixFloat32(
  keys: Float32Array,
  out: Int32Array,
  n: number,
  descending: boolean,
  workspace: ArgsortWorkspace,
): void {
  workspace.reserve(n, false);
  const bits = new Uint32Array(keys.buffer, keys.byteOffset, n);
  const counts = workspace.counts;
  counts.fill(0, 0, 3 * BUCKETS);
  let src = workspace.keysA;
  let dst = workspace.keysB;
  const flip = descending ? 0xffffffff : 0;
  for (let i = 0; i < n; i++) {
    const k = (mapFloat32Bits(bits[i]) ^ flip) >>> 0;
    src[i] = k;
    counts[k & DIGIT_MASK]++;
    counts[BUCKETS + ((k >>> RADIX_BITS) & DIGIT_MASK)]++;
    counts[2 * BUCKETS + (k >>> (2 * RADIX_BITS))]++;
  }
  // `order` is the current permutation; null means the identity (no pass has run yet).
  let order: Int32Array | null = null;
  for (let pass = 0; pass < 3; pass++) {
    const base = pass * BUCKETS;
    if (!toOffsets(counts, base, n)) continue;
    const shift = pass * RADIX_BITS;
    // Permutations alternate between `out` and the workspace; `finish` copies when needed.
    const target: Int32Array = order === out ? workspace.indexB : out;
    if (order === null) {
      for (let i = 0; i < n; i++) {
        const k = src[i];
        const p = counts[base + ((k >>> shift) & DIGIT_MASK)]++;
        dst[p] = k;
        target[p] = i;
      }
    } else {
      for (let i = 0; i < n; i++) {
        const k = src[i];
        const p = counts[base + ((k >>> shift) & DIGIT_MASK)]++;
        dst[p] = k;
        target[p] = order[i];
      }
    }
    order = target;
    const swap = src;
    src = dst;
    dst = swap;
  }
  finish(order, out, n);
}

function radixFloat64(
  keys: Float64Array,
  out: Int32Array,
  n: number,
  descending: boolean,
  workspace: ArgsortWorkspace,
): void {
  workspace.reserve(n, true);
  const words = new Uint32Array(keys.buffer, keys.byteOffset, 2 * n);
  const counts = workspace.counts;
  counts.fill(0, 0, 6 * BUCKETS);
  let lowSrc = workspace.keysA;
  let lowDst = workspace.keysB;
  let highSrc = workspace.highA;
  let highDst = workspace.highB;
  const flip = descending ? 0xffffffff : 0;
  const littleEndian = LITTLE_ENDIAN;
  for (let i = 0; i < n; i++) {
    let low = words[littleEndian ? 2 * i : 2 * i + 1];
    let high = words[littleEndian ? 2 * i + 1 : 2 * i];
    if ((high & 0x7fffffff) > 0x7ff00000 || ((high & 0x7fffffff) === 0x7ff00000 && low !== 0)) {
      high = 0x7ff80000;
      low = 0;
    } else if (high === F32_SIGN && low === 0) {
      high = 0;
    }
    if (high & F32_SIGN) {
      high = ~high;
      low = ~low;
    } else {
      high |= F32_SIGN;
    }
    low = (low ^ flip) >>> 0;
    high = (high ^ flip) >>> 0;
    lowSrc[i] = low;
    highSrc[i] = high;
    counts[low & DIGIT_MASK]++;
    counts[BUCKETS + ((low >>> RADIX_BITS) & DIGIT_MASK)]++;
    counts[2 * BUCKETS + (low >>> (2 * RADIX_BITS))]++;
    counts[3 * BUCKETS + (high & DIGIT_MASK)]++;
    counts[4 * BUCKETS + ((high >>> RADIX_BITS) & DIGIT_MASK)]++;
    counts[5 * BUCKETS + (high >>> (2 * RADIX_BITS))]++;
  }
  let order: Int32Array | null = null;
  // Which later passes will run decides whether the low words still need to be carried along.
  const runs = [0, 1, 2, 3, 4, 5].map((pass) => toOffsets(counts, pass * BUCKETS, n));
  const lastLowPass = runs.lastIndexOf(true, 2);
  for (let pass = 0; pass < 6; pass++) {
    if (!runs[pass]) continue;
    const base = pass * BUCKETS;
    const shift = (pass % 3) * RADIX_BITS;
    const onLow = pass < 3;
    const digitSrc = onLow ? lowSrc : highSrc;
    const carryLow = onLow && pass !== lastLowPass;
    const target: Int32Array = order === out ? workspace.indexB : out;
    for (let i = 0; i < n; i++) {
      const d = digitSrc[i];
      const p = counts[base + ((d >>> shift) & DIGIT_MASK)]++;
      highDst[p] = highSrc[i];
      if (carryLow) lowDst[p] = lowSrc[i];
      target[p] = order === null ? i : order[i];
    }
    order = target;
    let swap = highSrc;
    highSrc = highDst;
    highDst = swap;
    if (carryLow) {
      swap = lowSrc;
      lowSrc = lowDst;
      lowDst = swap;
    }
  }
  finish(order, out, n);
}

/** Leaves the final permutation in `out`. */
function finish(order: Int32Array | null, out: Int32Array, n: number): void {
  if (order === null) {
    for (let i = 0; i < n; i++) out[i] = i;
  } else if (order !== out) {
    out.set(order.subarray(0, n));
  }
}

const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/**
 * Sorts `values[from .. to)` ascending in place: by insertion for a run of at most
 * `insertionMax` values (a typed array's `sort` costs more to call than to run on a handful of
 * values: the few labels of a row), by `sort` beyond. No NaN in the run. Its insertion loop is
 * its own, not {@link insertionSort}'s: called with a third array kind, that loop measured
 * 12-24% slower on the CSR label rows sorted here.
 *
 * @internal
 */
export function sortRun(
  values: Int32Array | Float64Array,
  from: number,
  to: number,
  insertionMax = 16,
): void {
  if (to - from > insertionMax) {
    values.subarray(from, to).sort();
    return;
  }
  for (let i = from + 1; i < to; i++) {
    const v = values[i];
    let j = i;
    while (j > from && values[j - 1] > v) {
      values[j] = values[j - 1];
      j--;
    }
    values[j] = v;
  }
}

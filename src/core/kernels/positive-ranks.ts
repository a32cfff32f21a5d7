import type { FloatArray } from '../matrix.js';
import { float32FromKey, float32Key, sortUint32 } from '../sort.js';
import { firstAbove, firstAtLeast } from './sorted-search.js';

/**
 * The fast path of the per-label ranking metrics (average precision, ROC AUC) for unweighted
 * problems. Both need only, for each positive, how many negatives score at least as high and
 * strictly higher; this computes exactly that, without sorting the negatives:
 *
 * - per label (`forEachLabelRanks` in label-ranks.ts): 32 float32 label columns at a time (16
 *   float64) are copied out of the row-major matrix, each column's scores split by
 *   class (`loadSplit`: no label is read again), then each column's positives are sorted and
 *   every negative is placed among them through a bucket table over their value range, about
 *   two buckets per positive: a negative in a bucket without positives is counted in one
 *   branch-free pass, only those sharing a bucket with a positive are compared to it:
 *   O(P log P + N) per label;
 * - pooled (`'micro'`, `pooledRanks` in pooled-ranks.ts): the float32 keys of each class are
 *   radix-sorted (keys only, no permutation) and merged from the top.
 *
 * Bucketing is exact: `bucketOf(x)` is non-decreasing in `x`, so a positive in a lower (higher)
 * bucket than a negative scores strictly lower (higher); only the positives of the negative's
 * own bucket are compared to it. The counts equal scikit-learn's tie-grouped curve.
 *
 * @internal
 * @module
 */

const MAX_BUCKETS = 1 << 16;
/** Offsets (in buckets) up to which a bucket is computed in 32-bit integers. */
const REACH = 2 ** 30;

/** One unweighted binary problem, ranked. @internal */
export class BinaryRanks {
  /** Number of positives and negatives. */
  positiveCount = 0;
  negativeCount = 0;
  /** Positive scores, ascending (the first `positiveCount`). */
  values: FloatArray = new Float64Array(0);
  /** For the i-th positive: negatives scoring `>=` it and `>` it. */
  negativesAtLeast = new Int32Array(0);
  negativesAbove = new Int32Array(0);
  private keys = new Uint32Array(0);
  private keyScratch = new Uint32Array(0);
  /** The radix histograms of sortUint32, allocated once (not once per label). */
  private readonly radixCounts = new Int32Array(3 * 2048);
  /** hist[2c]: negatives with c positives at or below them; hist[2c + 1]: strictly below. */
  private hist = new Int32Array(0);
  /**
   * unshared[k * (positives + 1) + c], summed over k = 0 .. 3: negatives with c positives below
   * them, in a bucket without positives (four tables in turn, see {@link compactShared}).
   */
  private unshared = new Int32Array(0);
  /** Per bucket: the positives below it and whether it holds one (see {@link fillCodes}). */
  private codes = new Int32Array(0);

  /** Makes room for `positives` positives of the score type of `like`. */
  reserve(positives: number, like: FloatArray): void {
    const float32 = like instanceof Float32Array;
    const grow = this.values.length < positives;
    if (grow || this.values instanceof Float32Array !== float32) {
      // Doubling: the labels of a matrix reserve in turn, often each a little more.
      const size = Math.max(positives, 16, grow ? 2 * this.values.length : 0);
      this.values = float32 ? new Float32Array(size) : new Float64Array(size);
      this.negativesAtLeast = new Int32Array(size);
      this.negativesAbove = new Int32Array(size);
      this.hist = new Int32Array(2 * (size + 1));
      this.unshared = new Int32Array(4 * (size + 1));
    }
  }

  /** Ranks the `n` cells `labels[0..n)`, `scores[0..n)` (labels 1, 0, or negative for missing). */
  load(labels: Int8Array, scores: FloatArray, n: number): void {
    let positives = 0;
    let negatives = 0;
    for (let i = 0; i < n; i++) {
      // `+(condition)` counts without a branch.
      positives += +(labels[i] === 1);
      negatives += +(labels[i] === 0);
    }
    if (this.start32(positives, negatives, scores)) {
      gatherKeys(labels, new Uint32Array(scores.buffer, scores.byteOffset, n), n, this.keys);
    } else if (positives > 0) gather(labels, scores, n, this.values);
    if (positives === 0) return;
    this.sortPositives();
    // About one bucket per positive: the tables stay small enough for the fastest cache.
    placeNegatives(labels, scores, n, this.buckets(positives));
    this.suffixSums();
  }

  /**
   * Ranks one column split by class, as `forEachLabelRanks` copies it: the `positives` scores
   * at the start of `column` and the `negatives` scores at its end (any order within each
   * class). Reorders the negatives' part of `column`.
   *
   * Each negative is first counted in a bucket of a table about twice as long as the
   * positives, with no branch on its score; only those sharing a bucket with a positive are
   * then placed one by one.
   */
  loadSplit(column: FloatArray, positives: number, negatives: number): void {
    if (this.start32(positives, negatives, column)) {
      toKeys(new Uint32Array(column.buffer, column.byteOffset, positives), positives, this.keys);
    } else if (positives > 0) this.values.set(column.subarray(0, positives));
    if (positives === 0) return;
    this.sortPositives();
    const from = column.length - negatives;
    const hist = this.hist;
    // About two buckets per positive: few negatives share a bucket with a positive.
    const table = this.buckets(2 * positives);
    const unshared = this.unshared;
    const stride = positives + 1;
    unshared.fill(0, 0, 4 * stride);
    const to = compactShared(column, from, table, unshared, stride);
    for (let c = 0; c <= positives; c++) {
      const u =
        unshared[c] + unshared[stride + c] + unshared[2 * stride + c] + unshared[3 * stride + c];
      hist[2 * c] += u;
      hist[2 * c + 1] += u;
    }
    placeSplitNegatives(column, from, to, table);
    this.suffixSums();
  }

  /** Turns the histogram into, per positive, the negatives scoring >= it and > it. */
  private suffixSums(): void {
    const { hist, negativesAtLeast, negativesAbove } = this;
    let atLeast = 0;
    let above = 0;
    for (let i = this.positiveCount - 1; i >= 0; i--) {
      atLeast += hist[2 * (i + 1)];
      above += hist[2 * (i + 1) + 1];
      negativesAtLeast[i] = atLeast;
      negativesAbove[i] = above;
    }
  }

  /**
   * Sets the class counts and makes room for the positives; true when the positives are to be
   * sorted as float32 radix keys (float32 scores sort fastest so), written to `keys`.
   */
  private start32(positives: number, negatives: number, like: FloatArray): boolean {
    this.positiveCount = positives;
    this.negativeCount = negatives;
    if (positives === 0) return false;
    this.reserve(positives + 1, like);
    if (!(like instanceof Float32Array)) return false;
    if (this.keys.length < positives) {
      this.keys = new Uint32Array(this.values.length);
      this.keyScratch = new Uint32Array(this.values.length);
    }
    return true;
  }

  /** Sorts the positives: the float32 keys into `values`, or `values` in place. */
  private sortPositives(): void {
    const positives = this.positiveCount;
    const values = this.values;
    if (values instanceof Float32Array) {
      sortUint32(this.keys, positives, this.keyScratch, this.radixCounts);
      keysToFloat32(
        this.keys,
        positives,
        new Uint32Array(values.buffer, values.byteOffset, positives),
      );
    } else values.subarray(0, positives).sort();
  }

  /**
   * Sets up the bucket table over the sorted positives (`codes`, see {@link fillCodes}) and
   * clears the histogram. Bucket 0 holds the scores below the lowest positive, buckets 1 ..
   * `count` (`minBuckets`, at least 16 and at most 65,536) split the positives' range evenly,
   * and bucket `count + 1` takes its top end and above (see {@link bucketOf}).
   */
  private buckets(minBuckets: number): BucketTable {
    const positives = this.positiveCount;
    const values = this.values;
    values[positives] = Number.POSITIVE_INFINITY;
    const low = values[0];
    const high = values[positives - 1];
    const count = Math.min(Math.max(minBuckets, 16), MAX_BUCKETS);
    const scale = high > low ? count / (high - low) : 0;
    // Capped: REACH / scale overflows when the positives span most of the float64 range, and
    // an infinite reach would send an overflowing offset (x - low = +-Infinity) to NaN, bucket 0.
    const reach = Math.min(REACH / scale, Number.MAX_VALUE);
    if (this.codes.length < count + 3) this.codes = new Int32Array(count + 3);
    fillCodes(values, positives, low, scale, reach, count + 2, this.codes);
    this.hist.fill(0, 0, 2 * (positives + 1));
    return { values, low, scale, reach, top: count + 1, codes: this.codes, hist: this.hist };
  }

  /**
   * Average precision: the step sum over the distinct scores, highest first, of (recall
   * gained) x (precision there), with the same arithmetic as the general curve path; 0
   * without positives (scikit-learn's value).
   */
  averagePrecision(): number {
    const n = this.positiveCount;
    if (n === 0) return 0;
    const values = this.values;
    let sum = 0;
    let previousRecall = 0;
    // Tie groups of positives from the highest score down; i is the group's lowest index.
    for (let end = n; end > 0; ) {
      let i = end - 1;
      while (i > 0 && values[i - 1] === values[end - 1]) i--;
      const tp = n - i;
      const fp = this.negativesAtLeast[i];
      const recall = tp / n;
      sum += (recall - previousRecall) * (tp / (tp + fp));
      previousRecall = recall;
      end = i;
    }
    return sum;
  }

  /**
   * ROC AUC as the Mann-Whitney statistic (the area under scikit-learn's trapezoid curve): each
   * positive earns 1 per negative below it and 1/2 per negative tied with it. Needs both classes.
   */
  rocAuc(): number {
    const n = this.positiveCount;
    const negatives = this.negativeCount;
    let u = 0;
    for (let i = 0; i < n; i++) {
      const atLeast = this.negativesAtLeast[i];
      u += negatives - atLeast + (atLeast - this.negativesAbove[i]) / 2;
    }
    return u / n / negatives;
  }
}

/**
 * The bucket table over the sorted positives `values` (see `BinaryRanks.buckets`): the scale of
 * {@link bucketOf} (`low`, `scale`, `reach`, and `top`, the last bucket), the `codes` of
 * {@link fillCodes}, and the histogram `hist` the negatives are counted in.
 */
interface BucketTable {
  readonly values: FloatArray;
  readonly low: number;
  readonly scale: number;
  readonly reach: number;
  readonly top: number;
  readonly codes: Int32Array;
  readonly hist: Int32Array;
}

function gatherKeys(labels: Int8Array, bits: Uint32Array, n: number, keys: Uint32Array): void {
  let p = 0;
  for (let i = 0; i < n; i++) if (labels[i] === 1) keys[p++] = float32Key(bits[i]);
}

function toKeys(bits: Uint32Array, n: number, keys: Uint32Array): void {
  for (let i = 0; i < n; i++) keys[i] = float32Key(bits[i]);
}

function keysToFloat32(keys: Uint32Array, n: number, out: Uint32Array): void {
  for (let i = 0; i < n; i++) out[i] = float32FromKey(keys[i]);
}

function gather(labels: Int8Array, scores: FloatArray, n: number, values: FloatArray): void {
  let p = 0;
  for (let i = 0; i < n; i++) if (labels[i] === 1) values[p++] = scores[i];
}

/**
 * The bucket of score `x`: 0 below `low`, then `scale` buckets per unit of score, at most
 * `top`. Non-decreasing in `x`, so a positive in a lower (higher) bucket than a negative scores
 * strictly lower (higher). Scores within `reach` of `low` (`REACH / scale`: all of them but
 * extreme outliers) take the integer part of their offset and clamp it in integers, without a
 * branch on the score; those beyond go to either end.
 */
function bucketOf(x: number, low: number, scale: number, reach: number, top: number): number {
  const d = x - low;
  let b = d >= -reach && d <= reach ? (d * scale + 1) | 0 : d < 0 ? 0 : top;
  b &= ~(b >> 31);
  const over = b - top;
  return top + (over & (over >> 31));
}

/**
 * The code of each bucket b = 0 .. `buckets` (the last one past the table, a sentinel): twice
 * the first positive whose bucket is >= b (the positives below the bucket), plus 1 when the
 * bucket holds a positive. A single table serves both the branch-free count of the negatives
 * (the low bit) and their placement (the positives from `codes[b] >> 1` to `codes[b + 1] >> 1`
 * share bucket b). Made from the positives' count per bucket, summed: two plain loops, where
 * opening each positive's buckets in turn branched on every one.
 */
function fillCodes(
  values: FloatArray,
  n: number,
  low: number,
  scale: number,
  reach: number,
  buckets: number,
  codes: Int32Array,
): void {
  const top = buckets - 1;
  codes.fill(0, 0, buckets + 1);
  for (let i = 0; i < n; i++) codes[bucketOf(values[i], low, scale, reach, top)]++;
  let below = 0;
  for (let b = 0; b <= buckets; b++) {
    const count = codes[b];
    codes[b] = (below << 1) | +(count !== 0);
    below += count;
  }
}

/**
 * Counts the negatives `column[from..)` of the buckets without positives in `unshared` (by the
 * positives below them: they lie above those and below the rest) and moves the others, which
 * share a bucket with a positive, to the front of the range, in place (a score moves only
 * back); returns where the moved scores end. `codes` as {@link fillCodes} makes them. No branch
 * depends on a score.
 *
 * Four negatives at a time, each counted in its own of four tables `stride` apart (the caller
 * sums them): consecutive negatives often fall in the same slot, and one table would make each
 * increment wait for the previous one's store.
 */
function compactShared(
  column: FloatArray,
  from: number,
  table: BucketTable,
  unshared: Int32Array,
  stride: number,
): number {
  const { low, scale, reach, top, codes } = table;
  const end = column.length;
  let to = from;
  let i = from;
  for (; i + 3 < end; i += 4) {
    const x0 = column[i];
    const x1 = column[i + 1];
    const x2 = column[i + 2];
    const x3 = column[i + 3];
    const c0 = codes[bucketOf(x0, low, scale, reach, top)];
    const c1 = codes[bucketOf(x1, low, scale, reach, top)];
    const c2 = codes[bucketOf(x2, low, scale, reach, top)];
    const c3 = codes[bucketOf(x3, low, scale, reach, top)];
    unshared[c0 >> 1] += 1 - (c0 & 1);
    unshared[stride + (c1 >> 1)] += 1 - (c1 & 1);
    unshared[2 * stride + (c2 >> 1)] += 1 - (c2 & 1);
    unshared[3 * stride + (c3 >> 1)] += 1 - (c3 & 1);
    column[to] = x0;
    to += c0 & 1;
    column[to] = x1;
    to += c1 & 1;
    column[to] = x2;
    to += c2 & 1;
    column[to] = x3;
    to += c3 & 1;
  }
  for (; i < end; i++) {
    const x = column[i];
    const code = codes[bucketOf(x, low, scale, reach, top)];
    unshared[code >> 1] += 1 - (code & 1);
    column[to] = x;
    to += code & 1;
  }
  return to;
}

/**
 * Places every negative among the sorted positives: `hist[2c]` counts negatives with c
 * positives at or below them, `hist[2c + 1]` with c positives strictly below them (see
 * {@link placeNegative}).
 */
function placeNegatives(
  labels: Int8Array,
  scores: FloatArray,
  n: number,
  table: BucketTable,
): void {
  const { values, low, scale, reach, top, codes, hist } = table;
  for (let i = 0; i < n; i++) {
    if (labels[i] === 0) placeNegative(scores[i], values, low, scale, reach, top, codes, hist);
  }
}

/** {@link placeNegatives} over the negatives' scores `column[from..to)` alone (no labels to test). */
function placeSplitNegatives(
  column: FloatArray,
  from: number,
  to: number,
  table: BucketTable,
): void {
  const { values, low, scale, reach, top, codes, hist } = table;
  for (let i = from; i < to; i++) {
    placeNegative(column[i], values, low, scale, reach, top, codes, hist);
  }
}

/**
 * Counts one negative scoring `x` in the histogram. `values` holds a +Infinity sentinel after
 * the last positive; the bucket is clamped to the table, so negatives outside the positives'
 * range need no branch of their own.
 */
function placeNegative(
  x: number,
  values: FloatArray,
  low: number,
  scale: number,
  reach: number,
  top: number,
  codes: Int32Array,
  hist: Int32Array,
): void {
  placeInBucket(x, bucketOf(x, low, scale, reach, top), values, codes, hist);
}

/** Counts one negative scoring `x`, of bucket `b`, in the histogram (see {@link placeNegative}). */
function placeInBucket(
  x: number,
  b: number,
  values: FloatArray,
  codes: Int32Array,
  hist: Int32Array,
): void {
  // Positives before codes[b] >> 1 are in lower buckets, so below x; those from
  // codes[b + 1] >> 1 on are in higher buckets, so above x (the last bucket ends at the
  // sentinel).
  let below = codes[b] >> 1;
  const end = codes[b + 1] >> 1;
  // A bucket without positives: as many positives below x as at or below it.
  if (below === end) {
    hist[2 * below]++;
    hist[2 * below + 1]++;
    return;
  }
  if (end - below > 8) below = firstAtLeast(values, x, below, end);
  else {
    below += +(values[below] < x);
    while (values[below] < x) below++;
  }
  let through = below;
  if (values[through] === x) through = firstAbove(values, x, through, end);
  hist[2 * through]++;
  hist[2 * below + 1]++;
}

import type { FloatArray } from '../matrix.js';
import { float32FromKey, float32Key, sortUint32 } from '../sort.js';

/**
 * The fast path of the per-label ranking metrics (average precision, ROC AUC) for unweighted
 * problems. Both need only, for each positive, how many negatives score at least as high and
 * strictly higher; this computes exactly that, without sorting the negatives:
 *
 * - per label (`forEachLabelRanks` in label-ranks.ts): 16 label columns at a time are copied
 *   out of the row-major matrix (each cache line read once), each column's scores split by
 *   class (`loadSplit`: no label is read again), then each column's positives are sorted and
 *   every negative is placed among them through a bucket table over their value range, whose
 *   buckets hold a positive or two: O(P log P + N) per label, all in cache;
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
  private start = new Int32Array(0);
  private keys = new Uint32Array(0);
  private keyScratch = new Uint32Array(0);
  /** The radix histograms of sortUint32, allocated once (not once per label). */
  private readonly radixCounts = new Int32Array(3 * 2048);
  /** hist[2c]: negatives with c positives at or below them; hist[2c + 1]: strictly below. */
  private hist = new Int32Array(0);

  /** Makes room for `positives` positives of the score type of `like`. */
  reserve(positives: number, like: FloatArray): void {
    const float32 = like instanceof Float32Array;
    if (this.values.length < positives || this.values instanceof Float32Array !== float32) {
      const size = Math.max(positives, 16);
      this.values = float32 ? new Float32Array(size) : new Float64Array(size);
      this.negativesAtLeast = new Int32Array(size);
      this.negativesAbove = new Int32Array(size);
      this.hist = new Int32Array(2 * (size + 1));
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
    const { low, scale, count } = this.buckets();
    placeNegatives(labels, scores, n, this.values, low, scale, count, this.start, this.hist);
    suffixSums(positives, this.hist, this.negativesAtLeast, this.negativesAbove);
  }

  /**
   * Ranks one column split by class, as `forEachLabelRanks` copies it: the `positives` scores
   * at the start of `column` and the `negatives` scores at its end (any order within each
   * class).
   */
  loadSplit(column: FloatArray, positives: number, negatives: number): void {
    if (this.start32(positives, negatives, column)) {
      toKeys(new Uint32Array(column.buffer, column.byteOffset, positives), positives, this.keys);
    } else if (positives > 0) this.values.set(column.subarray(0, positives));
    if (positives === 0) return;
    this.sortPositives();
    const { low, scale, count } = this.buckets();
    const end = column.length;
    const values = this.values;
    placeSplitNegatives(
      column,
      end - negatives,
      end,
      values,
      low,
      scale,
      count,
      this.start,
      this.hist,
    );
    suffixSums(positives, this.hist, this.negativesAtLeast, this.negativesAbove);
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

  /** Sets up the bucket table over the sorted positives and clears the histogram. */
  private buckets(): { low: number; scale: number; count: number } {
    const positives = this.positiveCount;
    const values = this.values;
    values[positives] = Number.POSITIVE_INFINITY;
    const low = values[0];
    const high = values[positives - 1];
    let count = 16;
    // About one bucket per positive: the tables stay small enough for the fastest cache.
    while (count < positives && count < MAX_BUCKETS) count <<= 1;
    const scale = high > low ? count / (high - low) : 0;
    if (this.start.length < count + 1) this.start = new Int32Array(count + 1);
    fillStarts(values, positives, low, scale, count, this.start);
    this.hist.fill(0, 0, 2 * (positives + 1));
    return { low, scale, count };
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

/** start[b] = the first positive whose bucket is >= b, for b = 0 .. buckets. */
function fillStarts(
  values: FloatArray,
  n: number,
  low: number,
  scale: number,
  buckets: number,
  start: Int32Array,
): void {
  const last = buckets - 1;
  let k = 0;
  // Buckets are non-decreasing along the sorted positives: each positive opens the buckets
  // from the previous positive's (exclusive) through its own.
  for (let i = 0; i < n; i++) {
    const b = Math.max(0, Math.min(last, (values[i] - low) * scale)) | 0;
    while (k <= b) start[k++] = i;
  }
  start.fill(n, k, buckets + 1);
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
  values: FloatArray,
  low: number,
  scale: number,
  buckets: number,
  start: Int32Array,
  hist: Int32Array,
): void {
  const last = buckets - 1;
  for (let i = 0; i < n; i++) {
    if (labels[i] === 0) placeNegative(scores[i], values, low, scale, last, start, hist);
  }
}

/** {@link placeNegatives} over the negatives' scores `column[from..to)` alone (no labels to test). */
function placeSplitNegatives(
  column: FloatArray,
  from: number,
  to: number,
  values: FloatArray,
  low: number,
  scale: number,
  buckets: number,
  start: Int32Array,
  hist: Int32Array,
): void {
  const last = buckets - 1;
  for (let i = from; i < to; i++) placeNegative(column[i], values, low, scale, last, start, hist);
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
  last: number,
  start: Int32Array,
  hist: Int32Array,
): void {
  // Positives before start[b] are in lower buckets, so below x; those from start[b + 1]
  // on are in higher buckets, so above x (the last bucket ends at the sentinel).
  const b = Math.max(0, Math.min(last, (x - low) * scale)) | 0;
  let below = start[b];
  const end = start[b + 1];
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

/** The first index in [lo, hi) whose value is >= x (hi if none), by binary search. */
function firstAtLeast(values: FloatArray, x: number, lo: number, hi: number): number {
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (values[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The first index in [lo, hi) whose value is > x (hi if none), by binary search. */
function firstAbove(values: FloatArray, x: number, lo: number, hi: number): number {
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (values[mid] <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Turns the histogram into, per positive, the negatives scoring >= it and > it. */
function suffixSums(
  positives: number,
  hist: Int32Array,
  negativesAtLeast: Int32Array,
  negativesAbove: Int32Array,
): void {
  let atLeast = 0;
  let above = 0;
  for (let i = positives - 1; i >= 0; i--) {
    atLeast += hist[2 * (i + 1)];
    above += hist[2 * (i + 1) + 1];
    negativesAtLeast[i] = atLeast;
    negativesAbove[i] = above;
  }
}

import type { DenseMatrix, FloatArray } from '../matrix.js';
import { float32FromKey, float32Key, sortUint32 } from '../sort.js';

/**
 * The fast path of the per-label ranking metrics (average precision, ROC AUC) for unweighted
 * problems. Both need only, for each positive, how many negatives score at least as high and
 * strictly higher; this computes exactly that, without sorting the negatives:
 *
 * - per label ({@link forEachLabelRanks}): 16 label columns at a time are copied out of the
 *   row-major matrix (each cache line read once), then each column's positives are sorted and
 *   every negative is placed among them through a bucket table over their value range, whose
 *   buckets hold a positive or two: O(P log P + N) per label, all in cache;
 * - pooled (`'micro'`, {@link pooledRanks}): the float32 keys of each class are radix-sorted
 *   (keys only, no permutation) and merged from the top.
 *
 * Bucketing is exact: `bucketOf(x)` is non-decreasing in `x`, so a positive in a lower (higher)
 * bucket than a negative scores strictly lower (higher); only the positives of the negative's
 * own bucket are compared to it. The counts equal scikit-learn's tie-grouped curve.
 *
 * @internal
 * @module
 */

const MAX_BUCKETS = 1 << 16;
/** Label columns copied out of the matrix per pass (16 float32 = one 64-byte cache line). */
const BLOCK = 16;
/** Rows per tile of the block copy. */
const TILE = 512;

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
    this.loadCounted(labels, scores, n, positives, negatives);
  }

  /** {@link load} when the classes are already counted. */
  loadCounted(
    labels: Int8Array,
    scores: FloatArray,
    n: number,
    positives: number,
    negatives: number,
  ): void {
    this.positiveCount = positives;
    this.negativeCount = negatives;
    if (positives === 0) return;
    this.reserve(positives + 1, scores);
    const values = this.values;
    if (values instanceof Float32Array && scores instanceof Float32Array) {
      // Float32 scores sort fastest as radix keys.
      if (this.keys.length < positives) {
        this.keys = new Uint32Array(values.length);
        this.keyScratch = new Uint32Array(values.length);
      }
      const bits = new Uint32Array(scores.buffer, scores.byteOffset, n);
      gatherKeys(labels, bits, n, this.keys);
      sortUint32(this.keys, positives, this.keyScratch, this.radixCounts);
      keysToFloat32(
        this.keys,
        positives,
        new Uint32Array(values.buffer, values.byteOffset, positives),
      );
    } else {
      gather(labels, scores, n, values);
      values.subarray(0, positives).sort();
    }
    this.rank(labels, scores, n);
  }

  /** Places the negatives among the sorted positives in `values` (see placeNegatives). */
  private rank(labels: Int8Array, scores: FloatArray, n: number): void {
    const positives = this.positiveCount;
    const values = this.values;
    values[positives] = Number.POSITIVE_INFINITY;
    const low = values[0];
    const high = values[positives - 1];
    // About one bucket per positive: the tables stay small enough for the fastest cache.
    let buckets = 16;
    while (buckets < positives && buckets < MAX_BUCKETS) buckets <<= 1;
    const scale = high > low ? buckets / (high - low) : 0;
    if (this.start.length < buckets + 1) this.start = new Int32Array(buckets + 1);
    fillStarts(values, positives, low, scale, buckets, this.start);
    this.hist.fill(0, 0, 2 * (positives + 1));
    placeNegatives(labels, scores, n, values, low, scale, buckets, this.start, this.hist);
    suffixSums(positives, this.hist, this.negativesAtLeast, this.negativesAbove);
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
 * Ranks every label column of the matrix as its own problem and calls `visit(j, ranks)` for
 * each, in column order (`ranks` is reused between calls).
 *
 * @internal
 */
export function forEachLabelRanks(
  truth: DenseMatrix<Int8Array>,
  scores: DenseMatrix<FloatArray>,
  visit: (j: number, ranks: BinaryRanks) => void,
): void {
  const { rows, cols } = truth;
  const width = Math.min(BLOCK, cols);
  const labels = new Int8Array(width * rows);
  const columnScores =
    scores.data instanceof Float32Array
      ? new Float32Array(width * rows)
      : new Float64Array(width * rows);
  const ranks = new BinaryRanks();
  const positives = new Int32Array(width);
  const negatives = new Int32Array(width);
  for (let first = 0; first < cols; first += width) {
    const w = Math.min(width, cols - first);
    copyColumns(
      truth.data,
      scores.data,
      rows,
      cols,
      first,
      w,
      labels,
      columnScores,
      positives,
      negatives,
    );
    for (let c = 0; c < w; c++) {
      ranks.loadCounted(
        labels.subarray(c * rows, (c + 1) * rows),
        columnScores.subarray(c * rows, (c + 1) * rows),
        rows,
        positives[c],
        negatives[c],
      );
      visit(first + c, ranks);
    }
  }
}

/**
 * Ranks every known cell of the matrix as one problem (the `'micro'` average). Float32 scores
 * (or float64 scores that are all float32 values) sort as 32-bit keys, each class apart;
 * other float64 scores fall back to {@link BinaryRanks.load} over the whole matrix.
 *
 * @internal
 */
export function pooledRanks(
  truth: DenseMatrix<Int8Array>,
  scores: DenseMatrix<FloatArray>,
): BinaryRanks {
  const ranks = new BinaryRanks();
  const t = truth.data;
  const s = scores.data;
  let bits: Uint32Array;
  if (s instanceof Float32Array) bits = new Uint32Array(s.buffer, s.byteOffset, s.length);
  else {
    const narrow = Float32Array.from(s);
    for (let i = 0; i < s.length; i++) {
      if (narrow[i] !== s[i]) {
        ranks.load(t, s, t.length);
        return ranks;
      }
    }
    bits = new Uint32Array(narrow.buffer);
  }
  // Keys are bucketed by their top 11 bits while they are gathered, and each bucket is then
  // sorted on its own: the only copy of the scores is the key array itself, plus a scratch
  // buffer as large as the largest bucket.
  const positiveOffsets = new Int32Array(TOP_BUCKETS + 1);
  const negativeOffsets = new Int32Array(TOP_BUCKETS + 1);
  countTopDigits(t, bits, positiveOffsets, negativeOffsets);
  const positives = positiveOffsets[TOP_BUCKETS];
  const negatives = negativeOffsets[TOP_BUCKETS];
  ranks.positiveCount = positives;
  ranks.negativeCount = negatives;
  if (positives === 0) return ranks;
  const positiveKeys = new Uint32Array(positives);
  const negativeKeys = new Uint32Array(negatives);
  scatterKeys(t, bits, positiveOffsets, negativeOffsets, positiveKeys, negativeKeys);
  sortBuckets(positiveKeys, positiveOffsets);
  sortBuckets(negativeKeys, negativeOffsets);
  ranks.reserve(positives, new Float32Array(0));
  const values = ranks.values as Float32Array;
  const valueBits = new Uint32Array(values.buffer, values.byteOffset, values.length);
  mergeCounts(positiveKeys, negativeKeys, valueBits, ranks.negativesAtLeast, ranks.negativesAbove);
  return ranks;
}

/** Buckets of the pooled sort: the top 11 bits of a key. */
const TOP_SHIFT = 21;
const TOP_BUCKETS = 1 << (32 - TOP_SHIFT);

/** Counts the keys of each class per top digit, then turns the counts into bucket offsets. */
function countTopDigits(
  t: Int8Array,
  bits: Uint32Array,
  positiveOffsets: Int32Array,
  negativeOffsets: Int32Array,
): void {
  const n = t.length;
  for (let i = 0; i < n; i++) {
    const label = t[i];
    if (label < 0) continue;
    const digit = (float32Key(bits[i]) >>> TOP_SHIFT) + 1;
    if (label === 1) positiveOffsets[digit]++;
    else negativeOffsets[digit]++;
  }
  for (let d = 1; d <= TOP_BUCKETS; d++) {
    positiveOffsets[d] += positiveOffsets[d - 1];
    negativeOffsets[d] += negativeOffsets[d - 1];
  }
}

/** Writes each known cell's key into its class's array, at its bucket's next slot. */
function scatterKeys(
  t: Int8Array,
  bits: Uint32Array,
  positiveOffsets: Int32Array,
  negativeOffsets: Int32Array,
  positives: Uint32Array,
  negatives: Uint32Array,
): void {
  const nextPositive = positiveOffsets.slice(0, TOP_BUCKETS);
  const nextNegative = negativeOffsets.slice(0, TOP_BUCKETS);
  const n = t.length;
  for (let i = 0; i < n; i++) {
    const label = t[i];
    if (label < 0) continue;
    const key = float32Key(bits[i]);
    if (label === 1) positives[nextPositive[key >>> TOP_SHIFT]++] = key;
    else negatives[nextNegative[key >>> TOP_SHIFT]++] = key;
  }
}

/** Sorts every bucket of `keys` (bounded by `offsets`) in place. */
function sortBuckets(keys: Uint32Array, offsets: Int32Array): void {
  let largest = 0;
  for (let d = 0; d < TOP_BUCKETS; d++) largest = Math.max(largest, offsets[d + 1] - offsets[d]);
  const scratch = new Uint32Array(largest);
  const counts = new Int32Array(3 * 2048);
  for (let d = 0; d < TOP_BUCKETS; d++) {
    const size = offsets[d + 1] - offsets[d];
    if (size > 1) sortUint32(keys.subarray(offsets[d], offsets[d + 1]), size, scratch, counts);
  }
}

/** For each sorted positive key: its float32 bits, and the negatives with a key >= and > it. */
function mergeCounts(
  positives: Uint32Array,
  negatives: Uint32Array,
  valueBits: Uint32Array,
  atLeast: Int32Array,
  above: Int32Array,
): void {
  const m = negatives.length;
  // below = negatives with a key < the current positive's; through = with a key <= it.
  let below = 0;
  let through = 0;
  for (let i = 0; i < positives.length; i++) {
    const key = positives[i];
    while (below < m && negatives[below] < key) below++;
    if (through < below) through = below;
    while (through < m && negatives[through] === key) through++;
    valueBits[i] = float32FromKey(key);
    atLeast[i] = m - below;
    above[i] = m - through;
  }
}

/**
 * Copies columns `first .. first + w` of the row-major matrices into column-major buffers and
 * counts each column's positives and negatives.
 */
function copyColumns(
  t: Int8Array,
  s: FloatArray,
  rows: number,
  cols: number,
  first: number,
  w: number,
  labels: Int8Array,
  columnScores: FloatArray,
  positives: Int32Array,
  negatives: Int32Array,
): void {
  positives.fill(0);
  negatives.fill(0);
  // Tiles of TILE rows: the source rows of a tile stay in cache while each column of the
  // block is written as one contiguous run.
  for (let r0 = 0; r0 < rows; r0 += TILE) {
    const r1 = Math.min(rows, r0 + TILE);
    for (let c = 0; c < w; c++) {
      const o = c * rows;
      let p = 0;
      let n = 0;
      for (let r = r0, i = r0 * cols + first + c; r < r1; r++, i += cols) {
        const label = t[i];
        labels[o + r] = label;
        columnScores[o + r] = s[i];
        p += +(label === 1);
        n += +(label === 0);
      }
      positives[c] += p;
      negatives[c] += n;
    }
  }
}

function gatherKeys(labels: Int8Array, bits: Uint32Array, n: number, keys: Uint32Array): void {
  let p = 0;
  for (let i = 0; i < n; i++) if (labels[i] === 1) keys[p++] = float32Key(bits[i]);
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
  let i = 0;
  for (let k = 0; k <= buckets; k++) {
    while (i < n && (Math.max(0, Math.min(last, (values[i] - low) * scale)) | 0) < k) i++;
    start[k] = i;
  }
}

/**
 * Places every negative among the sorted positives: `hist[2c]` counts negatives with c
 * positives at or below them, `hist[2c + 1]` with c positives strictly below them. `values`
 * holds a +Infinity sentinel after the last positive; the bucket is clamped to the table, so
 * negatives outside the positives' range need no branch of their own.
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
    if (labels[i] !== 0) continue;
    const x = scores[i];
    // Positives before start[b] are in lower buckets, so below x; those from start[b + 1]
    // on are in higher buckets, so above x (the last bucket ends at the sentinel).
    const b = Math.max(0, Math.min(last, (x - low) * scale)) | 0;
    let below = start[b];
    const end = start[b + 1];
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

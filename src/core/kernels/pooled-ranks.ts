import type { DenseMatrix, FloatArray } from '../matrix.js';
import { float32FromKey, float32Key, sortUint32 } from '../sort.js';
import { BinaryRanks } from './positive-ranks.js';

/**
 * Pooled ranks for the `'micro'` average: every known cell of a matrix ranked as one
 * {@link BinaryRanks} problem, by radix-sorting the float32 keys of each class.
 *
 * @internal
 * @module
 */

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

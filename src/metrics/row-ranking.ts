import { firstAtLeast } from '../core/kernels/sorted-search.js';
import type { DenseMatrix, FloatArray } from '../core/matrix.js';
import { insertionSort } from '../core/sort.js';

/**
 * The per-row ranking kernel of the example-based ranking metrics (LRAP, ranking loss, nDCG,
 * per-row average precision and ROC AUC). Instead of sorting the whole row, it sorts only the
 * scores of the row's positive labels and places every negative among them by binary search,
 * which gives, for each positive, how many negatives score at least as high and strictly
 * higher: O(L log |Y|) per row, with no allocation. Missing cells are left out of the row.
 *
 * @internal
 * @module
 */

/** Rows with at most this many positives sort them by insertion. */
const INSERTION_MAX = 32;
/** Rows with at most this many positives count misordered pairs without sorting them. */
const UNSORTED_MAX = 16;

/** Ranks one row at a time; buffers grow to the longest row seen. @internal */
export class RowRanker {
  /** Scores of the row's positives, ascending (first `positives` entries). */
  positiveScores = new Float64Array(0);
  /** For the i-th positive (ascending): negatives scoring `>=` it. */
  negativesAtLeast = new Int32Array(0);
  /** For the i-th positive (ascending): negatives scoring `>` it (when asked for). */
  negativesAbove = new Int32Array(0);
  /** Number of known positive labels in the row. */
  positives = 0;
  /** Number of known negative labels in the row. */
  negatives = 0;
  private histAtLeast = new Int32Array(0);
  private histAbove = new Int32Array(0);
  /** The scores of the negatives that may outrank a positive (countMisorderedPairs). */
  private candidates = new Float64Array(0);

  /**
   * Ranks the row of `cols` cells starting at `base`. `above`: also count strictly higher
   * negatives (needed for ties in nDCG and ROC AUC).
   */
  load(truth: Int8Array, scores: FloatArray, base: number, cols: number, above: boolean): void {
    this.gather(truth, scores, base, cols);
    const pos = this.positiveScores;
    const p = this.positives;
    if (p === 0 || this.negatives === 0) return;
    if (p <= INSERTION_MAX) {
      insertionSort(pos, p);
    } else {
      pos.subarray(0, p).sort();
    }
    const histAtLeast = this.histAtLeast;
    const histAbove = this.histAbove;
    histAtLeast.fill(0, 0, p + 1);
    if (above) histAbove.fill(0, 0, p + 1);
    const lowest = pos[0];
    for (let j = 0; j < cols; j++) {
      if (truth[base + j] !== 0) continue;
      const v = scores[base + j];
      if (v < lowest) {
        // Below every positive (most negatives of a well-ranked row): no search needed.
        histAtLeast[0]++;
        if (above) histAbove[0]++;
        continue;
      }
      // lo = number of positives < v; hi = number of positives <= v.
      const lo = firstAtLeast(pos, v, 0, p);
      let hi: number;
      // Positives tied with v: found by a second binary search, so that a row of many tied
      // scores costs O(L log |Y|) like any other (a linear scan over the ties would make it
      // quadratic).
      if (lo < p && pos[lo] === v) {
        hi = p;
        let first = lo + 1;
        while (first < hi) {
          const mid = (first + hi) >>> 1;
          if (pos[mid] <= v) first = mid + 1;
          else hi = mid;
        }
      } else hi = lo;
      // This negative scores >= the positives below index hi and > those below index lo.
      histAtLeast[hi]++;
      if (above) histAbove[lo]++;
    }
    let atLeast = 0;
    let strictly = 0;
    for (let i = p - 1; i >= 0; i--) {
      atLeast += histAtLeast[i + 1];
      this.negativesAtLeast[i] = atLeast;
      if (above) {
        strictly += histAbove[i + 1];
        this.negativesAbove[i] = strictly;
      }
    }
  }

  /**
   * The pairs (positive, negative) of the row of `cols` cells from `base` whose negative scores
   * `>=` the positive ({@link misorderedPairs} after {@link load}), setting {@link positives}
   * and {@link negatives}. A row of few positives is not sorted: the negatives at or above the
   * lowest positive are gathered (most negatives of a well-ranked row score below every
   * positive), then each counts the positives at or below it, comparing them all.
   */
  countMisorderedPairs(truth: Int8Array, scores: FloatArray, base: number, cols: number): number {
    this.gather(truth, scores, base, cols);
    const pos = this.positiveScores;
    const p = this.positives;
    if (p === 0 || this.negatives === 0) return 0;
    if (p > UNSORTED_MAX) {
      this.load(truth, scores, base, cols, false);
      return this.misorderedPairs();
    }
    let lowest = pos[0];
    for (let i = 1; i < p; i++) if (pos[i] < lowest) lowest = pos[i];
    // The negatives at or above the lowest positive, gathered without a branch on the score.
    const candidates = this.candidates;
    let m = 0;
    for (let j = 0; j < cols; j++) {
      const v = scores[base + j];
      candidates[m] = v;
      m += +(truth[base + j] === 0 && v >= lowest);
    }
    let pairs = 0;
    for (let k = 0; k < m; k++) {
      const v = candidates[k];
      for (let i = 0; i < p; i++) pairs += +(pos[i] <= v);
    }
    return pairs;
  }

  /**
   * Copies the scores of the row's positives (in row order) to `positiveScores` and counts
   * both classes, with no branch on a label.
   */
  private gather(truth: Int8Array, scores: FloatArray, base: number, cols: number): void {
    if (this.positiveScores.length < cols) this.grow(cols);
    const pos = this.positiveScores;
    let p = 0;
    let n = 0;
    for (let j = 0; j < cols; j++) {
      // Every score is written; only a positive's is kept (p moves on past it).
      const t = truth[base + j];
      pos[p] = scores[base + j];
      p += +(t === 1);
      n += +(t === 0);
    }
    this.positives = p;
    this.negatives = n;
  }

  private grow(cols: number): void {
    this.positiveScores = new Float64Array(cols);
    this.negativesAtLeast = new Int32Array(cols);
    this.negativesAbove = new Int32Array(cols);
    this.histAtLeast = new Int32Array(cols + 1);
    this.histAbove = new Int32Array(cols + 1);
    this.candidates = new Float64Array(cols);
  }

  /**
   * Average precision of the loaded row, which is also its label ranking average precision
   * when it has both classes: the mean over positives of (positives scoring `>=` it) /
   * (labels scoring `>=` it). Needs both classes present.
   */
  averagePrecision(): number {
    const p = this.positives;
    const pos = this.positiveScores;
    const atLeast = this.negativesAtLeast;
    let sum = 0;
    let groupStart = 0;
    for (let i = 0; i < p; i++) {
      if (i > 0 && pos[i] !== pos[i - 1]) groupStart = i;
      const positivesAtLeast = p - groupStart;
      sum += positivesAtLeast / (positivesAtLeast + atLeast[i]);
    }
    return sum / p;
  }

  /** Pairs (positive, negative) with the negative scoring `>=` the positive. */
  misorderedPairs(): number {
    let pairs = 0;
    for (let i = 0; i < this.positives; i++) pairs += this.negativesAtLeast[i];
    return pairs;
  }

  /** Pairs (positive, negative) with equal scores (needs `above`). */
  tiedPairs(): number {
    let pairs = 0;
    for (let i = 0; i < this.positives; i++) {
      pairs += this.negativesAtLeast[i] - this.negativesAbove[i];
    }
    return pairs;
  }
}

/**
 * The value of every row with a known cell, ranked in a {@link RowRanker} (`above`: with the
 * strict counts too), with the rows' weights: the per-row fast path of `average: 'samples'` of
 * average precision and ROC AUC. `value` gets the loaded ranker, the row and its weight (1
 * without weights). Rows whose cells are all missing are left out.
 *
 * @internal
 */
export function rankedRowValues(
  truth: DenseMatrix<Int8Array>,
  scores: DenseMatrix<FloatArray>,
  sampleWeight: Float64Array | undefined,
  above: boolean,
  value: (ranker: RowRanker, row: number, weight: number) => number,
): { values: Float64Array; weights: Float64Array | undefined } {
  const { rows, cols } = truth;
  const ranker = new RowRanker();
  const values = new Float64Array(rows);
  const weights = sampleWeight === undefined ? undefined : new Float64Array(rows);
  let n = 0;
  for (let r = 0; r < rows; r++) {
    ranker.load(truth.data, scores.data, r * cols, cols, above);
    if (ranker.positives + ranker.negatives === 0) continue;
    const w = sampleWeight === undefined ? 1 : sampleWeight[r];
    values[n] = value(ranker, r, w);
    if (weights !== undefined) weights[n] = w;
    n++;
  }
  return { values: values.subarray(0, n), weights: weights?.subarray(0, n) };
}

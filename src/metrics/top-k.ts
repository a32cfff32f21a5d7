import type { FloatArray } from '../core/matrix.js';

/**
 * Top-k selection of one row for the top-k metrics and one-error: the `k` known labels with the
 * highest scores, best first, ties broken by the lower label index (so results never depend
 * on sort stability). O(L k) with no allocation.
 *
 * @internal
 */
export class TopK {
  /** Selected label indices, best first (the first `count`). */
  index: Int32Array;
  /** Their scores. */
  score: Float64Array;
  /** How many were selected: `min(k, known labels)`. */
  count = 0;
  /** Known positive labels of the row. */
  positives = 0;
  /** Known labels of the row. */
  known = 0;

  constructor(readonly k: number) {
    this.index = new Int32Array(k);
    this.score = new Float64Array(k);
  }

  /** Selects the top `k` of the row of `cols` cells starting at `base`. */
  load(truth: Int8Array, scores: FloatArray, base: number, cols: number): void {
    const { k, index, score } = this;
    let count = 0;
    let positives = 0;
    let known = 0;
    for (let j = 0; j < cols; j++) {
      const t = truth[base + j];
      if (t < 0) continue;
      known++;
      if (t === 1) positives++;
      const s = scores[base + j];
      // Later labels only displace strictly lower scores: equal scores keep index order.
      if (count === k && !(s > score[k - 1])) continue;
      let p = count < k ? count++ : k - 1;
      while (p > 0 && score[p - 1] < s) {
        score[p] = score[p - 1];
        index[p] = index[p - 1];
        p--;
      }
      score[p] = s;
      index[p] = j;
    }
    this.count = count;
    this.positives = positives;
    this.known = known;
  }
}

/** `sum_{r < n} 1 / log2(r + 2)`: the DCG of `n` relevant labels ranked first. @internal */
export function idealDiscountSum(n: number): number {
  let sum = 0;
  for (let r = 0; r < n; r++) sum += 1 / Math.log2(r + 2);
  return sum;
}

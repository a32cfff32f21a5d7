import type { CountScore } from '../core/kernels/count-averaging.js';

/**
 * The candidate cuts of one label column, highest threshold first, after the empty cut (which
 * is not stored: it predicts nothing). Cut `c` predicts every known cell scoring `>= high[c]`,
 * with (weighted) true and false positives `tp[c]`, `fp[c]`.
 *
 * @internal
 */
export class CutList {
  tp = new Float64Array(0);
  fp = new Float64Array(0);
  high = new Float64Array(0);
  count = 0;
  /** Weighted positives and negatives of the column. */
  positives = 0;
  negatives = 0;
  /** Known cells of the column (unweighted). */
  cells = 0;

  /** Empties the list and makes room for `n` cuts. */
  reset(n: number): void {
    this.count = 0;
    if (this.tp.length < n) {
      const size = Math.max(n, 16);
      this.tp = new Float64Array(size);
      this.fp = new Float64Array(size);
      this.high = new Float64Array(size);
    }
  }

  /** Appends a cut. */
  push(tp: number, fp: number, high: number): void {
    const c = this.count++;
    this.tp[c] = tp;
    this.fp[c] = fp;
    this.high[c] = high;
  }
}

/** The best cut of a list and its value (`index` -1: the empty cut). @internal */
export interface BestCutIndex {
  index: number;
  value: number;
}

/**
 * The cut with the highest `evaluate(tn, fp, fn, tp)`, the empty cut included; on a tie the
 * earlier one (fewer predicted cells, higher threshold).
 *
 * @internal
 */
export function bestCut(cuts: CutList, evaluate: CountScore): BestCutIndex {
  const { positives, negatives, tp, fp } = cuts;
  let value = evaluate(negatives, 0, positives, 0);
  let index = -1;
  for (let c = 0; c < cuts.count; c++) {
    const v = evaluate(negatives - fp[c], fp[c], positives - tp[c], tp[c]);
    if (v > value) {
      value = v;
      index = c;
    }
  }
  return { index, value };
}

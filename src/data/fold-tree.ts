/**
 * The folds ordered by the pair (a_j, n_j), smallest first: a_j the rows of the current label
 * combination in fold j, n_j the rows in fold j. A segment tree keeps, for every range of folds,
 * the smallest pair in it and how many folds hold it, so that the count of the smallest folds
 * and the t-th of them (in fold order) take O(log folds), and so does changing one fold.
 *
 * With equal fold proportions, the fold that "most desires" a row of combination c in the
 * published iterative stratification (the largest desire support_c / k - a_j, then the most
 * desired rows rows / k - n_j) is exactly a fold with the smallest (a_j, n_j); this tree finds
 * it without scanning the k folds.
 *
 * @internal
 */
export class FoldTree {
  /** Leaves start at `leaves` (a power of two); node i has children 2i and 2i + 1. */
  private readonly leaves: number;
  private readonly minA: Int32Array;
  private readonly minN: Int32Array;
  private readonly count: Int32Array;
  /** a_j and n_j of every fold. */
  readonly a: Int32Array;
  readonly n: Int32Array;

  constructor(k: number) {
    let leaves = 1;
    while (leaves < k) leaves *= 2;
    this.leaves = leaves;
    this.minA = new Int32Array(2 * leaves).fill(0x7fffffff);
    this.minN = new Int32Array(2 * leaves).fill(0x7fffffff);
    this.count = new Int32Array(2 * leaves);
    this.a = new Int32Array(k);
    this.n = new Int32Array(k);
    for (let j = 0; j < k; j++) {
      this.minA[leaves + j] = 0;
      this.minN[leaves + j] = 0;
      this.count[leaves + j] = 1;
    }
    for (let i = leaves - 1; i >= 1; i--) this.pull(i);
  }

  /** Recomputes node i from its children. */
  private pull(i: number): void {
    const { minA, minN, count } = this;
    const l = 2 * i;
    const r = l + 1;
    const d = minA[l] - minA[r] || minN[l] - minN[r];
    const from = d <= 0 ? l : r;
    minA[i] = minA[from];
    minN[i] = minN[from];
    count[i] = d === 0 ? count[l] + count[r] : count[from];
  }

  /** Sets a_j and n_j of fold j. */
  set(j: number, a: number, n: number): void {
    this.a[j] = a;
    this.n[j] = n;
    let i = this.leaves + j;
    this.minA[i] = a;
    this.minN[i] = n;
    for (i >>= 1; i >= 1; i >>= 1) this.pull(i);
  }

  /**
   * Re-reads `a` and `n` of the folds `list[0 .. length)` after the caller changed them in
   * place: path by path for a few folds, the whole tree at once (O(folds)) for many.
   */
  refresh(list: Int32Array, length: number): void {
    const { leaves } = this;
    for (let t = 0; t < length; t++) {
      const j = list[t];
      this.minA[leaves + j] = this.a[j];
      this.minN[leaves + j] = this.n[j];
    }
    if (length * Math.log2(leaves) > leaves) {
      for (let i = leaves - 1; i >= 1; i--) this.pull(i);
      return;
    }
    for (let t = 0; t < length; t++) {
      for (let i = (leaves + list[t]) >> 1; i >= 1; i >>= 1) this.pull(i);
    }
  }

  /** How many folds hold the smallest pair. */
  ties(): number {
    return this.count[1];
  }

  /** The t-th (0-based, in fold order) of the folds that hold the smallest pair. */
  select(t: number): number {
    const { minA, minN, count, leaves } = this;
    const a = minA[1];
    const n = minN[1];
    let i = 1;
    let rest = t;
    while (i < leaves) {
      const l = 2 * i;
      if (minA[l] === a && minN[l] === n) {
        if (rest < count[l]) {
          i = l;
          continue;
        }
        rest -= count[l];
      }
      i = l + 1;
    }
    return i - leaves;
  }
}

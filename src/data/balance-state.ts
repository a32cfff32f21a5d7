import type { Combinations } from './combinations.js';

/**
 * What the balancing pass did, for tests and benchmarks.
 *
 * @internal
 */
export interface BalanceReport {
  /** Size moves that raised LD or LPD because no other move could fix the sizes. */
  forcedMoves: number;
  /** Swaps made by the coverage phase. */
  repairs: number;
  /** Swaps made by the swap phase. */
  swaps: number;
}

/** Tolerance of the balancing pass's comparisons of sums of LD terms. @internal */
export const EPS = 1e-12;
/** Cost of a fold holding only positives of a combination (its LD term is infinite). */
const ALL_POSITIVE = 1e6;

/**
 * The LD term of one (combination, fold) cell when the fold has `n` rows, `p` of them
 * positive: |p / (n - p) - R| (Sechidis et al. 2011), with a large finite cost growing with p
 * when the fold would hold only positives (where LD is infinite).
 *
 * @internal
 */
export function gap(p: number, n: number, R: number): number {
  const negatives = n - p;
  if (negatives <= 0) return ALL_POSITIVE * (1 - negatives);
  const d = p / negatives - R;
  return d < 0 ? -d : d;
}

/**
 * The counts the balancing pass works on, P[c, j] (rows of combination c in fold j) and the
 * fold sizes, with the exact change of the sums of LD terms (one sum over labels, one over
 * pairs) that moving a row causes. A label cell is "needed" when its fold should hold at least
 * one row of the label (support_c * size_j / rows >= 1), or when no fold should hold more of it
 * (with equal folds, every cell of a label is needed). A move is "invalid" when it would add a
 * label cell without positives: it takes the only positive of a label out of a fold into a fold
 * that already has one, or out of a needed cell into a cell that is not needed.
 *
 * @internal
 */
export class BalanceState {
  readonly k: number;
  readonly count: number;
  readonly labels: number;
  readonly indptr: Int32Array;
  readonly indices: Int32Array;
  readonly fold: Int32Array;
  readonly size: Int32Array;
  readonly targets: Int32Array;
  readonly positives: Int32Array;
  /** 1 for a needed label cell (see the class description). */
  readonly needed: Uint8Array;
  /**
   * Cached change of a cell's LD term (at the target size) when its fold loses (`leave`) or
   * gains (`enter`) a row of the combination; 0 for combinations that need no balancing.
   */
  private readonly leave: Float64Array;
  private readonly enter: Float64Array;
  /** support_c / (rows - support_c); NaN for a combination that needs no balancing. */
  readonly ratio: Float64Array;
  /** Cells read by move evaluations so far (the swap phase's work budget counts them). */
  work = 0;
  /** Deltas of the last evaluated move, for labels and for pairs. */
  dLabels = 0;
  dPairs = 0;

  constructor(combos: Combinations, targets: Int32Array, fold: Int32Array) {
    const rows = fold.length;
    const k = targets.length;
    this.k = k;
    this.count = combos.count;
    this.labels = combos.labels;
    this.indptr = combos.indptr;
    this.indices = combos.indices;
    this.fold = fold;
    this.targets = targets;
    this.size = new Int32Array(k);
    for (let r = 0; r < rows; r++) this.size[fold[r]]++;
    this.positives = new Int32Array(this.count * k);
    for (let r = 0; r < rows; r++) {
      const j = fold[r];
      for (let a = this.indptr[r]; a < this.indptr[r + 1]; a++) {
        this.positives[this.indices[a] * k + j]++;
      }
    }
    this.ratio = new Float64Array(this.count);
    this.leaveBase = new Float64Array(2 * k);
    this.enterBase = new Float64Array(2 * k);
    this.needed = new Uint8Array(this.count * k);
    this.leave = new Float64Array(this.count * k);
    this.enter = new Float64Array(this.count * k);
    for (let c = 0; c < this.count; c++) {
      const s = combos.support[c];
      const R = s === 0 || s === rows ? Number.NaN : s / (rows - s);
      this.ratio[c] = R;
      if (R !== R) continue;
      // Most cells hold no row of c when there are many folds: their costs depend only on the
      // fold's target size, of which there are few, so the last one's are reused.
      let lastN = -1;
      let leaveEmpty = 0;
      let enterEmpty = 0;
      for (let j = 0; j < k; j++) {
        const i = c * k + j;
        if (this.positives[i] !== 0) {
          this.refreshCell(i, c, j);
          continue;
        }
        if (targets[j] !== lastN) {
          lastN = targets[j];
          const now = gap(0, lastN, R);
          leaveEmpty = gap(-1, lastN, R) - now;
          enterEmpty = gap(1, lastN, R) - now;
        }
        this.leave[i] = leaveEmpty;
        this.enter[i] = enterEmpty;
      }
    }
    for (let c = 0; c < this.labels; c++) {
      const s = combos.support[c];
      if (s === 0) continue;
      // Rows of c each fold should hold: support_c * targets_j / rows.
      let largest = 0;
      for (let j = 0; j < k; j++) largest = Math.max(largest, (s * targets[j]) / rows);
      for (let j = 0; j < k; j++) {
        const t = (s * targets[j]) / rows;
        if (t >= 1 - EPS || t >= largest * (1 - EPS)) this.needed[c * k + j] = 1;
      }
    }
  }

  /**
   * Evaluates moving row `r` from its fold to `to` with every fold at its target size (as in a
   * swap, whose two moves leave the sizes unchanged): sets `dLabels` / `dPairs` to the change of
   * the sums of LD terms, and returns false when the move is invalid.
   */
  evaluate(r: number, to: number): boolean {
    return this.evaluateList(this.indices, this.indptr[r], this.indptr[r + 1], this.fold[r], to);
  }

  /** {@link evaluate} for a row in fold `from` whose combinations are `list[start .. end)`. */
  evaluateList(list: Int32Array, start: number, end: number, from: number, to: number): boolean {
    const { k, positives, needed, leave, enter, labels } = this;
    this.work += end - start + 1;
    let dl = 0;
    let dp = 0;
    let valid = true;
    for (let a = start; a < end; a++) {
      const c = list[a];
      const i = c * k + from;
      const o = c * k + to;
      const d = leave[i] + enter[o];
      if (c < labels) {
        dl += d;
        if (positives[i] === 1 && (positives[o] > 0 || needed[i] > needed[o])) valid = false;
      } else {
        dp += d;
      }
    }
    this.dLabels = dl;
    this.dPairs = dp;
    return valid;
  }

  /**
   * {@link evaluateList} towards every fold at once: `total[h]` = change of LD + LPD of the move
   * to fold h, `Infinity` when invalid (and for h = from).
   */
  evaluateAll(
    list: Int32Array,
    start: number,
    end: number,
    from: number,
    total: Float64Array,
  ): void {
    const { k, positives, needed, leave, enter, labels } = this;
    this.work += (end - start + 1) * k;
    let base = 0;
    total.fill(0);
    for (let a = start; a < end; a++) {
      const c = list[a];
      const row = c * k;
      const i = row + from;
      base += leave[i];
      for (let h = 0; h < k; h++) total[h] += enter[row + h];
      if (c < labels && positives[i] === 1) {
        for (let h = 0; h < k; h++) {
          if (positives[row + h] > 0 || needed[i] > needed[row + h])
            total[h] = Number.POSITIVE_INFINITY;
        }
      }
    }
    for (let h = 0; h < k; h++) total[h] = h === from ? Number.POSITIVE_INFINITY : total[h] + base;
  }

  /** The sum of the LD terms of every label and pair cell at the target sizes. */
  totalGap(): number {
    const { k, positives, ratio, targets } = this;
    let sum = 0;
    for (let c = 0; c < this.count; c++) {
      const R = ratio[c];
      if (R !== R) continue;
      for (let j = 0; j < k; j++) sum += gap(positives[c * k + j], targets[j], R);
    }
    return sum;
  }

  /** Refreshes the cached leave / enter costs of cell `i` = c * k + j. */
  private refreshCell(i: number, c: number, j: number): void {
    const R = this.ratio[c];
    if (R !== R) return;
    const n = this.targets[j];
    const p = this.positives[i];
    const now = gap(p, n, R);
    this.leave[i] = gap(p - 1, n, R) - now;
    this.enter[i] = gap(p + 1, n, R) - now;
  }

  /**
   * Per fold (labels at 2j, pairs at 2j + 1): the change of the sum of LD terms of every
   * combination when the fold loses (leave) or gains (enter) a row that holds none of them.
   */
  private readonly leaveBase: Float64Array;
  private readonly enterBase: Float64Array;

  /** Prepares {@link evaluateResize} for the current sizes, O(combinations * folds). */
  prepareResize(): void {
    for (let j = 0; j < this.k; j++) this.refreshResize(j);
  }

  /** Recomputes fold `j`'s entries of the resize bases, O(combinations). */
  refreshResize(j: number): void {
    const { k, positives, ratio, labels, count } = this;
    const n = this.size[j];
    let leaveL = 0;
    let leaveP = 0;
    let enterL = 0;
    let enterP = 0;
    for (let c = 0; c < count; c++) {
      const R = ratio[c];
      if (R !== R) continue;
      const p = positives[c * k + j];
      const now = gap(p, n, R);
      const leave = gap(p, n - 1, R) - now;
      const enter = gap(p, n + 1, R) - now;
      if (c < labels) {
        leaveL += leave;
        enterL += enter;
      } else {
        leaveP += leave;
        enterP += enter;
      }
    }
    this.leaveBase[2 * j] = leaveL;
    this.leaveBase[2 * j + 1] = leaveP;
    this.enterBase[2 * j] = enterL;
    this.enterBase[2 * j + 1] = enterP;
  }

  /**
   * Like {@link evaluate}, for a move that changes fold sizes: the exact change of the sums of
   * LD terms of all combinations, at the folds' current sizes.
   */
  evaluateResize(r: number, to: number): boolean {
    const { k, positives, needed, ratio, size, labels } = this;
    const from = this.fold[r];
    const nf = size[from] - 1;
    const nt = size[to] + 1;
    let dl = this.leaveBase[2 * from] + this.enterBase[2 * to];
    let dp = this.leaveBase[2 * from + 1] + this.enterBase[2 * to + 1];
    let valid = true;
    for (let a = this.indptr[r]; a < this.indptr[r + 1]; a++) {
      const c = this.indices[a];
      const R = ratio[c];
      const i = c * k + from;
      const o = c * k + to;
      const p = positives[i];
      const q = positives[o];
      if (c < labels && p === 1 && (q > 0 || needed[i] > needed[o])) valid = false;
      if (R !== R) continue;
      const d = gap(p - 1, nf, R) - gap(p, nf, R) + gap(q + 1, nt, R) - gap(q, nt, R);
      if (c < labels) dl += d;
      else dp += d;
    }
    this.dLabels = dl;
    this.dPairs = dp;
    return valid;
  }

  move(r: number, to: number): void {
    const { k, positives } = this;
    const from = this.fold[r];
    for (let a = this.indptr[r]; a < this.indptr[r + 1]; a++) {
      const c = this.indices[a];
      const i = c * k + from;
      const o = c * k + to;
      positives[i]--;
      positives[o]++;
      this.refreshCell(i, c, from);
      this.refreshCell(o, c, to);
    }
    this.size[from]--;
    this.size[to]++;
    this.fold[r] = to;
  }
}

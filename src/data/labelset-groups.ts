/**
 * Rows grouped by their list of combinations (their labelset): rows of one group are
 * interchangeable for every count the balancing pass keeps, so its swap search can work on
 * groups instead of rows. Within a group, rows are kept in blocks by fold, so that finding a
 * row of group g in fold j, and moving a row to another fold, take O(folds).
 *
 * @internal
 */
export class LabelsetGroups {
  /** Number of groups. */
  readonly count: number;
  /** The group of every row. */
  readonly groupOf: Int32Array;
  /** Group `g`'s combinations are `indices[indptr[g] .. indptr[g + 1])` (a copy, for locality). */
  readonly indptr: Int32Array;
  readonly indices: Int32Array;
  private readonly k: number;
  /** Rows ordered by group, then by fold. */
  private readonly rows: Int32Array;
  private readonly position: Int32Array;
  /** start[g * (k + 1) + j]: first position of group g's block for fold j; [.. + k] is its end. */
  private readonly start: Int32Array;

  /**
   * @param rowPtr Row pointers of the per-row combination lists.
   * @param rowIndices The combination ids (sorted the same way in every row).
   * @param labels Ids below this are single labels, listed first in each row; they determine
   *   the rest of the list, so only they are compared.
   * @param fold The current fold of every row.
   * @param k Fold count.
   * @param order The order in which rows are placed in their blocks (a random permutation).
   */
  constructor(
    rowPtr: Int32Array,
    rowIndices: Int32Array,
    labels: number,
    fold: Int32Array,
    k: number,
    order: Int32Array,
  ) {
    const n = fold.length;
    this.k = k;
    const groupOf = new Int32Array(n);
    // Open addressing on a hash of the single-label prefix (it determines the rest of the
    // list), comparing prefixes on collision; the table doubles when half full.
    const ends = new Int32Array(n);
    const hashes = new Int32Array(n);
    for (let r = 0; r < n; r++) {
      const s = rowPtr[r];
      let e = s;
      const end = rowPtr[r + 1];
      while (e < end && rowIndices[e] < labels) e++;
      ends[r] = e;
      let h = 0x811c9dc5 ^ (e - s);
      for (let a = s; a < e; a++) h = Math.imul(h ^ rowIndices[a], 0x01000193);
      // fmix32 of MurmurHash3, so that linear probing sees well-spread slots.
      h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
      h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
      hashes[r] = h ^ (h >>> 16);
    }
    const representative = new Int32Array(n);
    let groups = 0;
    let mask = 4095;
    let table = new Int32Array(mask + 1).fill(-1);
    for (let r = 0; r < n; r++) {
      const s = rowPtr[r];
      const length = ends[r] - s;
      let slot = hashes[r] & mask;
      for (;;) {
        const g = table[slot];
        if (g === -1) {
          table[slot] = groups;
          groupOf[r] = groups;
          representative[groups++] = r;
          break;
        }
        const q = representative[g];
        if (ends[q] - rowPtr[q] === length && sameRange(rowIndices, rowPtr[q], s, length)) {
          groupOf[r] = g;
          break;
        }
        slot = (slot + 1) & mask;
      }
      if (2 * groups > mask) {
        mask = 2 * mask + 1;
        table = new Int32Array(mask + 1).fill(-1);
        for (let g = 0; g < groups; g++) {
          let t = hashes[representative[g]] & mask;
          while (table[t] !== -1) t = (t + 1) & mask;
          table[t] = g;
        }
      }
    }
    this.count = groups;
    this.groupOf = groupOf;
    this.indptr = new Int32Array(this.count + 1);
    for (let g = 0; g < this.count; g++) {
      const r = representative[g];
      this.indptr[g + 1] = this.indptr[g] + rowPtr[r + 1] - rowPtr[r];
    }
    this.indices = new Int32Array(this.indptr[this.count]);
    for (let g = 0, out = 0; g < this.count; g++) {
      const r = representative[g];
      for (let a = rowPtr[r]; a < rowPtr[r + 1]; a++) this.indices[out++] = rowIndices[a];
    }
    const width = k + 1;
    const start = new Int32Array(this.count * width + 1);
    for (let r = 0; r < n; r++) start[groupOf[r] * width + fold[r] + 1]++;
    for (let i = 0; i < this.count * width; i++) start[i + 1] += start[i];
    const next = start.slice();
    this.rows = new Int32Array(n);
    this.position = new Int32Array(n);
    for (let t = 0; t < n; t++) {
      const r = order[t];
      const p = next[groupOf[r] * width + fold[r]]++;
      this.rows[p] = r;
      this.position[r] = p;
    }
    this.start = start;
  }

  /** Rows of group `g` in fold `j`. */
  countIn(g: number, j: number): number {
    const i = g * (this.k + 1) + j;
    return this.start[i + 1] - this.start[i];
  }

  /** A row of group `g` in fold `j`, or -1. */
  member(g: number, j: number): number {
    const i = g * (this.k + 1) + j;
    return this.start[i] < this.start[i + 1] ? this.rows[this.start[i]] : -1;
  }

  /** Records that row `r` moved from fold `from` to fold `to`. */
  moved(r: number, from: number, to: number): void {
    const base = this.groupOf[r] * (this.k + 1);
    const { rows, position, start } = this;
    let p = position[r];
    if (from < to) {
      // Walk r up: swap it to the end of its block, then shrink the block by one.
      for (let b = from; b < to; b++) {
        const last = start[base + b + 1] - 1;
        const other = rows[last];
        rows[last] = r;
        rows[p] = other;
        position[other] = p;
        p = last;
        start[base + b + 1] = last;
      }
    } else {
      for (let b = from; b > to; b--) {
        const first = start[base + b];
        const other = rows[first];
        rows[first] = r;
        rows[p] = other;
        position[other] = p;
        p = first;
        start[base + b] = first + 1;
      }
    }
    position[r] = p;
  }
}

/** Whether `indices[a .. a + n)` equals `indices[b .. b + n)`. */
function sameRange(indices: Int32Array, a: number, b: number, n: number): boolean {
  for (let t = 0; t < n; t++) if (indices[a + t] !== indices[b + t]) return false;
  return true;
}

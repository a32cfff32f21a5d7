/**
 * Ids for label pairs (i, j), i < j, that occur in the data: a dense table when the number of
 * labels is small enough, an open-addressing hash table otherwise, so memory stays linear in the
 * number of distinct pairs for thousands of labels.
 *
 * @internal
 */
export class PairIndex {
  /** Number of ids handed out. */
  size = 0;
  private readonly labels: number;
  private readonly dense: Int32Array | null;
  private keysA = new Int32Array(0);
  private keysB = new Int32Array(0);
  private values = new Int32Array(0);
  private mask = 0;

  /** Largest label count that uses the dense table (2048² ids = 16 MB). */
  static readonly DENSE_MAX_LABELS = 2048;

  constructor(labels: number) {
    this.labels = labels;
    if (labels <= PairIndex.DENSE_MAX_LABELS) {
      this.dense = new Int32Array(labels * labels).fill(-1);
    } else {
      this.dense = null;
      this.allocate(1 << 12);
    }
  }

  private allocate(capacity: number): void {
    this.keysA = new Int32Array(capacity).fill(-1);
    this.keysB = new Int32Array(capacity);
    this.values = new Int32Array(capacity);
    this.mask = capacity - 1;
  }

  private slot(a: number, b: number): number {
    let h = Math.imul(a, 0x9e3779b1) ^ Math.imul(b + 0x7f4a7c15, 0x85ebca6b);
    h ^= h >>> 15;
    return h & this.mask;
  }

  /** The id of pair (a, b), a < b, or -1 when it was never added. */
  get(a: number, b: number): number {
    if (this.dense !== null) return this.dense[a * this.labels + b];
    let s = this.slot(a, b);
    while (this.keysA[s] !== -1) {
      if (this.keysA[s] === a && this.keysB[s] === b) return this.values[s];
      s = (s + 1) & this.mask;
    }
    return -1;
  }

  /** The id of pair (a, b), a < b, adding it (with the next id) when new. */
  add(a: number, b: number): number {
    if (this.dense !== null) {
      const k = a * this.labels + b;
      let id = this.dense[k];
      if (id < 0) {
        id = this.size++;
        this.dense[k] = id;
      }
      return id;
    }
    let s = this.slot(a, b);
    while (this.keysA[s] !== -1) {
      if (this.keysA[s] === a && this.keysB[s] === b) return this.values[s];
      s = (s + 1) & this.mask;
    }
    const id = this.size++;
    this.keysA[s] = a;
    this.keysB[s] = b;
    this.values[s] = id;
    if (this.size * 2 > this.mask) this.grow();
    return id;
  }

  private grow(): void {
    const { keysA, keysB, values } = this;
    this.allocate(keysA.length * 2);
    for (let s = 0; s < keysA.length; s++) {
      if (keysA[s] === -1) continue;
      let t = this.slot(keysA[s], keysB[s]);
      while (this.keysA[t] !== -1) t = (t + 1) & this.mask;
      this.keysA[t] = keysA[s];
      this.keysB[t] = keysB[s];
      this.values[t] = values[s];
    }
  }
}

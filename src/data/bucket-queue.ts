import type { SeededRandom } from '../core/random.js';

/**
 * A priority queue over items with small integer keys that only decrease by one at a time:
 * items are kept sorted by key in one array, with the start of each key's block recorded, so
 * a decrement is one swap (Batagelj & Zaveršnik, "An O(m) algorithm for cores decomposition of
 * networks", 2003). Items with key 0 are done and never returned.
 *
 * @internal
 */
export class BucketQueue {
  /** Key of item i at 2i, its position in `order` at 2i + 1 (one cache line for both). */
  private readonly meta: Int32Array;
  private readonly order: Int32Array;
  private readonly start: Int32Array;
  private readonly maxKey: number;
  private low = 1;

  /** @param keys The initial key of every item. */
  constructor(keys: Int32Array) {
    const n = keys.length;
    let maxKey = 0;
    for (let i = 0; i < n; i++) if (keys[i] > maxKey) maxKey = keys[i];
    this.maxKey = maxKey;
    this.meta = new Int32Array(2 * n);
    this.order = new Int32Array(n);
    this.start = new Int32Array(maxKey + 2);
    for (let i = 0; i < n; i++) this.start[keys[i] + 1]++;
    for (let k = 0; k <= maxKey; k++) this.start[k + 1] += this.start[k];
    const next = this.start.slice(0, maxKey + 1);
    for (let i = 0; i < n; i++) {
      const p = next[keys[i]]++;
      this.order[p] = i;
      this.meta[2 * i] = keys[i];
      this.meta[2 * i + 1] = p;
    }
  }

  /** Lowers the key of `item` by one. */
  decrement(item: number): void {
    const { meta, order, start } = this;
    const d = meta[2 * item];
    const first = start[d];
    const other = order[first];
    if (other !== item) {
      const p = meta[2 * item + 1];
      order[first] = item;
      order[p] = other;
      meta[2 * item + 1] = first;
      meta[2 * other + 1] = p;
    }
    start[d] = first + 1;
    meta[2 * item] = d - 1;
    if (d - 1 >= 1 && d - 1 < this.low) this.low = d - 1;
  }

  /** The smallest key of at least 1, or `Infinity` when every item is done. */
  minKey(): number {
    const { start, maxKey } = this;
    let k = this.low;
    while (k <= maxKey && start[k] === start[k + 1]) k++;
    this.low = k;
    return k > maxKey ? Number.POSITIVE_INFINITY : k;
  }

  /** An item with key `key` (from {@link minKey}), chosen uniformly among them. */
  pick(key: number, random: SeededRandom): number {
    const size = this.start[key + 1] - this.start[key];
    return this.order[this.start[key] + (size === 1 ? 0 : random.nextInt(size))];
  }
}

import type { FloatArray } from '../matrix.js';
import { ArgsortWorkspace, argsort } from '../sort.js';

/**
 * Top-k selection of one row for the top-k metrics and one-error: the `k` known labels with the
 * highest scores, best first, ties broken by the lower label index (so results never depend
 * on sort stability). Insertion into the top list, with no allocation: fast while few labels
 * move (small `k`, or scores in no particular order). A row that makes it move more than
 * about 8 L + 32768 entries (the cost of that sort) (ascending scores with a large `k`: O(L k), quadratic for `k` near L) is
 * sorted instead with the stable radix argsort, O(L).
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

  private keys = new Float64Array(0);
  private labels = new Int32Array(0);
  private order = new Int32Array(0);
  private readonly workspace = new ArgsortWorkspace();

  /**
   * Selects the top `k` of the row of `cols` scores starting at `base`, whose label cells start
   * at `truthBase` in `truth` (cells below 0 are missing and skipped).
   */
  load(
    truth: Int8Array,
    scores: FloatArray,
    base: number,
    cols: number,
    truthBase: number = base,
  ): void {
    const { k, index, score } = this;
    let count = 0;
    let positives = 0;
    let known = 0;
    // Entries moved so far; past the budget, sorting the row is cheaper.
    let moves = 0;
    const budget = 8 * cols + 32768;
    for (let j = 0; j < cols; j++) {
      const t = truth[truthBase + j];
      if (t < 0) continue;
      known++;
      if (t === 1) positives++;
      const s = scores[base + j];
      // Later labels only displace strictly lower scores: equal scores keep index order.
      if (count === k && !(s > score[k - 1])) continue;
      let p = count < k ? count++ : k - 1;
      const from = p;
      while (p > 0 && score[p - 1] < s) {
        score[p] = score[p - 1];
        index[p] = index[p - 1];
        p--;
      }
      score[p] = s;
      index[p] = j;
      moves += from - p;
      if (moves > budget) {
        this.loadSorted(truth, scores, base, cols, truthBase);
        return;
      }
    }
    this.count = count;
    this.positives = positives;
    this.known = known;
  }

  /** {@link load} by a stable descending argsort of the known scores (ties keep index order). */
  private loadSorted(
    truth: Int8Array,
    scores: FloatArray,
    base: number,
    cols: number,
    truthBase: number,
  ): void {
    if (this.keys.length < cols) {
      this.keys = new Float64Array(cols);
      this.labels = new Int32Array(cols);
      this.order = new Int32Array(cols);
    }
    const { keys, labels, index, score } = this;
    let known = 0;
    let positives = 0;
    for (let j = 0; j < cols; j++) {
      const t = truth[truthBase + j];
      if (t < 0) continue;
      if (t === 1) positives++;
      keys[known] = scores[base + j];
      labels[known++] = j;
    }
    const order = argsort(keys.subarray(0, known), {
      descending: true,
      out: this.order,
      workspace: this.workspace,
    });
    const count = Math.min(this.k, known);
    for (let i = 0; i < count; i++) {
      index[i] = labels[order[i]];
      score[i] = keys[order[i]];
    }
    this.count = count;
    this.positives = positives;
    this.known = known;
  }
}

/**
 * Selects, into `top`, the best `top.k` of `n` scored labels listed in any order
 * (`labels[from + i]`, `scores[from + i]`): highest score first, equal scores by the lower label,
 * as {@link TopK.load} ranks a dense row. With `truth`, labels whose cell
 * `truth[truthBase + label]` is below 0 (missing) are skipped. Sets `count` only.
 *
 * @internal
 */
export function selectEntries(
  top: TopK,
  labels: Int32Array,
  scores: FloatArray,
  from: number,
  n: number,
  truth: Int8Array | undefined,
  truthBase: number,
): void {
  const { k, index, score } = top;
  let count = 0;
  let moves = 0;
  const budget = 8 * n + 32768;
  for (let i = from; i < from + n; i++) {
    const l = labels[i];
    if (truth !== undefined && truth[truthBase + l] < 0) continue;
    const s = scores[i];
    if (count === k && !(s > score[k - 1] || (s === score[k - 1] && l < index[k - 1]))) continue;
    let p = count < k ? count++ : k - 1;
    const start = p;
    while (p > 0 && (score[p - 1] < s || (score[p - 1] === s && index[p - 1] > l))) {
      score[p] = score[p - 1];
      index[p] = index[p - 1];
      p--;
    }
    score[p] = s;
    index[p] = l;
    moves += start - p;
    if (moves > budget) {
      selectEntriesSorted(top, labels, scores, from, n, truth, truthBase);
      return;
    }
  }
  top.count = count;
}

/** {@link selectEntries} by one sort of the row's entries (for orders that make it move many). */
function selectEntriesSorted(
  top: TopK,
  labels: Int32Array,
  scores: FloatArray,
  from: number,
  n: number,
  truth: Int8Array | undefined,
  truthBase: number,
): void {
  const kept: number[] = [];
  for (let i = from; i < from + n; i++) {
    if (truth === undefined || truth[truthBase + labels[i]] >= 0) kept.push(i);
  }
  kept.sort((a, b) => scores[b] - scores[a] || labels[a] - labels[b]);
  const count = Math.min(top.k, kept.length);
  for (let i = 0; i < count; i++) {
    top.index[i] = labels[kept[i]];
    top.score[i] = scores[kept[i]];
  }
  top.count = count;
}

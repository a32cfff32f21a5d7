import type { SeededRandom } from '../core/random.js';
import { BucketQueue } from './bucket-queue.js';
import type { Combinations } from './combinations.js';
import { FoldTree } from './fold-tree.js';

/** How {@link distribute} picks the fold of each row. @internal */
interface FoldChooser {
  /** Starts the turn of combination c: the rows of c that follow go to the folds it chooses. */
  begin(c: number): void;
  /** The fold for the next row: of the current combination in a turn, by fold size alone outside one. */
  choose(random: SeededRandom): number;
  /** Records that item r went to fold m, holding `w` rows of the turn's combination. */
  assign(r: number, m: number, w: number): void;
  /** Ends the current turn. */
  end(): void;
}

/**
 * Groups of rows that {@link distribute} places whole: each item (group) counts, for every
 * combination it holds, the rows of the group holding it, and takes its rows' share of the
 * fold's desired rows. Without it, every item is one row.
 *
 * @internal
 */
export interface ItemWeights {
  /** Rows of the item holding each combination, parallel to the combinations' `indices`. */
  readonly weights: Int32Array;
  /** Rows of each item. */
  readonly sizes: Int32Array;
  /** Rows holding each combination (the combinations' `support` counts items). */
  readonly rowSupport: Int32Array;
  /** Rows of all items. */
  readonly rows: number;
}

/**
 * The published rule, literally: a table of the desire of every fold for every combination,
 * scanned over the k folds for each row. Works for any fold proportions; O(k) per row and
 * combinations x folds memory.
 */
class DesireScan implements FoldChooser {
  private readonly desired: Float64Array;
  private readonly desiredRows: Float64Array;
  private readonly ties: Int32Array;
  private c = -1;

  constructor(
    private readonly combos: Combinations,
    private readonly proportions: Float64Array,
    rows: number,
    private readonly items: ItemWeights | undefined,
  ) {
    const k = proportions.length;
    const count = combos.count;
    const support = items === undefined ? combos.support : items.rowSupport;
    this.desired = new Float64Array(count * k);
    for (let c = 0; c < count; c++) {
      for (let j = 0; j < k; j++) this.desired[c * k + j] = support[c] * proportions[j];
    }
    this.desiredRows = new Float64Array(k);
    for (let j = 0; j < k; j++) this.desiredRows[j] = rows * proportions[j];
    this.ties = new Int32Array(k);
  }

  begin(c: number): void {
    this.c = c;
  }

  choose(random: SeededRandom): number {
    const { desired, desiredRows, ties } = this;
    const k = this.proportions.length;
    let n = 0;
    if (this.c < 0) {
      // argmax desired rows, then at random.
      let best = Number.NEGATIVE_INFINITY;
      for (let j = 0; j < k; j++) {
        const v = desiredRows[j];
        if (v > best) {
          best = v;
          n = 0;
          ties[n++] = j;
        } else if (v === best) {
          ties[n++] = j;
        }
      }
    } else {
      // argmax desire for c, then argmax desired rows, then at random.
      const base = this.c * k;
      let best = Number.NEGATIVE_INFINITY;
      let bestRows = Number.NEGATIVE_INFINITY;
      for (let j = 0; j < k; j++) {
        const v = desired[base + j];
        if (v > best || (v === best && desiredRows[j] > bestRows)) {
          best = v;
          bestRows = desiredRows[j];
          n = 0;
          ties[n++] = j;
        } else if (v === best && desiredRows[j] === bestRows) {
          ties[n++] = j;
        }
      }
    }
    return n === 1 ? ties[0] : ties[random.nextInt(n)];
  }

  assign(r: number, m: number): void {
    const { indptr, indices } = this.combos;
    const k = this.proportions.length;
    const items = this.items;
    if (items === undefined) {
      this.desiredRows[m] -= 1;
      for (let a = indptr[r]; a < indptr[r + 1]; a++) this.desired[indices[a] * k + m] -= 1;
      return;
    }
    this.desiredRows[m] -= items.sizes[r];
    for (let a = indptr[r]; a < indptr[r + 1]; a++) {
      this.desired[indices[a] * k + m] -= items.weights[a];
    }
  }

  end(): void {
    this.c = -1;
  }
}

/**
 * The same choices as {@link DesireScan} when every fold has the same proportion, in O(log k)
 * per row and O(k) memory: there, a fold's desire for c is support_c / k minus its rows of c
 * (a_j), and its desired rows are rows / k minus its rows (n_j), so the most desiring folds
 * are those with the smallest (a_j, n_j), which a {@link FoldTree} keeps (the desires are
 * decremented by whole units from equal starts, so equal desires mean equal counts). a_j is
 * counted from the rows of c at the start of each turn and reset at its end.
 */
class EqualSharesTree implements FoldChooser {
  private readonly tree: FoldTree;
  /** Folds with a_j > 0 in this turn. */
  private readonly touched: Int32Array;
  private touchedCount = 0;
  private inTurn = false;

  constructor(
    k: number,
    private readonly fold: Int32Array,
    private readonly colPtr: Int32Array,
    private readonly colRows: Int32Array,
    private readonly colWeights: Int32Array | undefined,
    private readonly sizes: Int32Array | undefined,
  ) {
    this.tree = new FoldTree(k);
    this.touched = new Int32Array(k);
  }

  begin(c: number): void {
    const { fold, colRows, tree, touched } = this;
    const a = tree.a;
    this.inTurn = true;
    const weights = this.colWeights;
    for (let t = this.colPtr[c]; t < this.colPtr[c + 1]; t++) {
      const j = fold[colRows[t]];
      if (j < 0) continue;
      if (a[j] === 0) touched[this.touchedCount++] = j;
      a[j] += weights === undefined ? 1 : weights[t];
    }
    tree.refresh(touched, this.touchedCount);
  }

  choose(random: SeededRandom): number {
    const n = this.tree.ties();
    return this.tree.select(n === 1 ? 0 : random.nextInt(n));
  }

  assign(r: number, m: number, w: number): void {
    const { tree } = this;
    const size = this.sizes === undefined ? 1 : this.sizes[r];
    if (!this.inTurn) {
      tree.set(m, 0, tree.n[m] + size);
      return;
    }
    if (tree.a[m] === 0) this.touched[this.touchedCount++] = m;
    tree.set(m, tree.a[m] + w, tree.n[m] + size);
  }

  end(): void {
    const { tree, touched } = this;
    for (let i = 0; i < this.touchedCount; i++) tree.a[touched[i]] = 0;
    tree.refresh(touched, this.touchedCount);
    this.touchedCount = 0;
    this.inTurn = false;
  }
}

/**
 * A random order of the rows, with the rows of each combination listed in that order: built by
 * {@link distribute}, reused by the balancing pass.
 *
 * @internal
 */
export interface RowOrder {
  /** A permutation of the rows. */
  readonly order: Int32Array;
  /** Combination c's rows are `colRows[colPtr[c] .. colPtr[c + 1])`, in `order`. */
  readonly colPtr: Int32Array;
  readonly colRows: Int32Array;
  /** With weighted items: the rows of `colRows[t]` holding its combination. */
  readonly colWeights?: Int32Array;
}

/**
 * The rows of each combination (or label) listed in the order `order` (a permutation of the
 * rows): the transpose of the rows' CSR lists.
 *
 * @internal
 */
export function rowsInOrder(
  combos: Pick<Combinations, 'count' | 'indptr' | 'indices' | 'support'>,
  order: Int32Array,
  weights?: Int32Array,
): RowOrder {
  const { count, indptr, indices, support } = combos;
  const colPtr = new Int32Array(count + 1);
  for (let c = 0; c < count; c++) colPtr[c + 1] = colPtr[c] + support[c];
  const colRows = new Int32Array(colPtr[count]);
  const next = colPtr.slice(0, count);
  if (weights !== undefined) {
    const colWeights = new Int32Array(colPtr[count]);
    for (let t = 0; t < order.length; t++) {
      const r = order[t];
      for (let a = indptr[r]; a < indptr[r + 1]; a++) {
        const p = next[indices[a]]++;
        colRows[p] = r;
        colWeights[p] = weights[a];
      }
    }
    return { order, colPtr, colRows, colWeights };
  }
  for (let t = 0; t < order.length; t++) {
    const r = order[t];
    for (let a = indptr[r]; a < indptr[r + 1]; a++) colRows[next[indices[a]]++] = r;
  }
  return { order, colPtr, colRows };
}

/** Whether every fold has the same proportion (then {@link distribute} needs no desire table). @internal */
export function equalShares(proportions: Float64Array): boolean {
  return proportions.every((p) => p === proportions[0]);
}

/**
 * Iterative stratification as published: Sechidis, Tsoumakas & Vlahavas (ECML PKDD 2011,
 * Algorithm 1) over single labels, and its generalisation by Szymański & Kajdanowicz (LIDTA
 * 2017) over the label combinations of order at most 2.
 *
 * Each fold j desires `rows * r_j` rows and, of each combination c, `support_c * r_j` rows.
 * Repeatedly take the combination with the fewest unassigned rows (a pair before a single label
 * of equal count, then uniformly at random), and send each of its unassigned rows, in a random
 * order, to the fold that most desires that combination (ties: the fold that desires the most
 * rows, then at random); every combination of the row and the fold's row count lose one unit
 * of desire. Rows without labels go last, each to the fold that desires the most rows (ties at
 * random), as the `iterative-stratification` package does.
 *
 * Cost: with equal proportions, O((incidences + rows) log folds) time and memory linear in the
 * incidences plus the folds ({@link EqualSharesTree}); otherwise O(incidences + rows * folds)
 * time and combinations x folds memory ({@link DesireScan}). A bucket queue finds the next
 * combination (the published algorithm recounts every label after each pick).
 *
 * With `items`, the "rows" above are groups of rows placed whole (Sechidis et al.'s rule for
 * weighted items): a combination's unassigned count, a fold's desire for it and its desired
 * rows are all in rows, and placing a group lowers each by the group's rows holding the
 * combination (or all its rows, for the desired rows). With one row per item this is the
 * unweighted rule, choice for choice.
 *
 * @param combos Each row's combinations.
 * @param proportions r_j per fold, summing to 1.
 * @param random The seeded generator for every random choice.
 * @param fold Output: the fold of every row.
 * @param scan Use the literal desire table even for equal proportions (for tests: both give
 *   the same folds).
 * @param items Groups of rows placed whole (the combinations are then per group, and `fold`
 *   has one entry per group).
 * @returns The random row order it used, with the rows of each combination in it, for reuse.
 * @internal
 */
export function distribute(
  combos: Combinations,
  proportions: Float64Array,
  random: SeededRandom,
  fold: Int32Array,
  scan = !equalShares(proportions),
  items?: ItemWeights,
): RowOrder {
  const rows = fold.length;
  const k = proportions.length;
  const { indptr, indices } = combos;
  const weights = items?.weights;
  const rowOrder = rowsInOrder(combos, random.permutation(rows), weights);
  const { order, colPtr, colRows, colWeights } = rowOrder;

  fold.fill(-1);
  const chooser: FoldChooser = scan
    ? new DesireScan(combos, proportions, items?.rows ?? rows, items)
    : new EqualSharesTree(k, fold, colPtr, colRows, colWeights, items?.sizes);

  // Unassigned rows per combination: one queue for single labels, one for pairs.
  const labels = combos.labels;
  const support = items === undefined ? combos.support : items.rowSupport;
  const singles = new BucketQueue(support.subarray(0, labels));
  const pairs = new BucketQueue(support.subarray(labels));

  for (;;) {
    // Fewest unassigned rows first; a pair before a single label with as many.
    const keyPair = pairs.minKey();
    const keySingle = singles.minKey();
    let c: number;
    if (keyPair <= keySingle) {
      if (keyPair === Number.POSITIVE_INFINITY) break;
      c = labels + pairs.pick(keyPair, random);
    } else {
      c = singles.pick(keySingle, random);
    }
    chooser.begin(c);
    for (let t = colPtr[c]; t < colPtr[c + 1]; t++) {
      const r = colRows[t];
      if (fold[r] >= 0) continue;
      const m = chooser.choose(random);
      fold[r] = m;
      chooser.assign(r, m, colWeights === undefined ? 1 : colWeights[t]);
      for (let a = indptr[r]; a < indptr[r + 1]; a++) {
        const other = indices[a];
        const queue = other < labels ? singles : pairs;
        const item = other < labels ? other : other - labels;
        for (let w = weights === undefined ? 1 : weights[a]; w > 0; w--) queue.decrement(item);
      }
    }
    chooser.end();
  }

  for (let t = 0; t < rows; t++) {
    const r = order[t];
    if (fold[r] >= 0) continue;
    const m = chooser.choose(random);
    fold[r] = m;
    chooser.assign(r, m, 0);
  }
  return rowOrder;
}

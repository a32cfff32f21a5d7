import type { SeededRandom } from '../core/random.js';
import { argsort } from '../core/sort.js';
import { EPS, gap } from './balance-state.js';
import type { Combinations } from './combinations.js';
import type { ItemWeights } from './distribute.js';

/** Folds below size a group's move is evaluated towards (a window over them past this many). */
const TARGETS = 32;
/** Rounds of the size phase (each ranks the groups of the folds above size once). */
const ROUNDS = 3;
/** Upper bound on the trades of unequal groups that even out the sizes. */
const MAX_TRADES = 64;
/** Upper bound on the rounds of the swap phase. */
const SWAP_ROUNDS = 12;
/** The swap phase stops after a round that gains less than this share of the starting sum. */
const ROUND_GAIN_STOP = 0.01;
/** Groups of the same size in the target fold tried as partners of a swap. */
const PARTNERS = 8;
/** Work budget of the swap phase, in cells read: this many per group incidence, plus a floor. */
const WORK_PER_INCIDENCE = 6;
const WORK_FLOOR = 2_000_000;

/** What {@link balanceGroups} did, for tests and benchmarks. @internal */
export interface GroupBalanceReport {
  /** Groups moved to bring the fold sizes closer to their targets (or to fill an empty fold). */
  moves: number;
  /** Swaps of two groups of the same size. */
  swaps: number;
}

/**
 * The balancing pass of grouped splits, in place on `fold` (one entry per group), with whole
 * groups as the units moved:
 *
 * 1. Sizes: the size phase of `balanceFolds`. Groups move from folds above their target size
 *    to folds below it, only when the move brings the sizes closer to the targets in total
 *    (sum of |size_j - target_j|), so fold sizes become as even as the group sizes allow with
 *    single moves. Moves are ranked by the exact change of the sums of LD terms (labels, and
 *    pairs for order 2) at the current sizes; those that raise neither go first, then the
 *    least harmful of each group. Then every fold left without a group gets the smallest group
 *    of a fold holding several.
 * 2. Swaps: two groups of the same size in two folds trade places when that lowers LD + LPD
 *    and raises neither (sizes do not change). Each group, in turn, looks for the fold its
 *    move alone would help most, and tries a few groups of its size there as partners.
 *    Rounds repeat while they gain, within a work budget proportional to the input.
 *
 * The coverage phase of the row pass (a row of each label in every fold that should hold
 * one) is not run on groups.
 *
 * Cost: O(group incidences x min(folds, 32)) per round of either phase, plus O(combinations)
 * per fold and group size after every size move, for the folds' terms of the combinations a
 * group lacks, plus sorting the groups by size and fold.
 *
 * @param combos The combinations of every group (`support` counts groups).
 * @param items Rows of every group and of every (group, combination).
 * @param targets Fold sizes to reach, in rows.
 * @param fold The fold of every group (changed in place).
 * @param order A random permutation of the groups (the order in which they are considered).
 * @param random The generator of the swap partners.
 * @returns What it did.
 * @internal
 */
export function balanceGroups(
  combos: Combinations,
  items: ItemWeights,
  targets: Int32Array,
  fold: Int32Array,
  order: Int32Array,
  random: SeededRandom,
): GroupBalanceReport {
  const k = targets.length;
  const { count, labels, indptr, indices } = combos;
  const { weights, sizes, rowSupport, rows } = items;
  const size = new Int32Array(k);
  const members = new Int32Array(k);
  for (let g = 0; g < fold.length; g++) {
    size[fold[g]] += sizes[g];
    members[fold[g]]++;
  }
  const positives = new Int32Array(count * k);
  for (let g = 0; g < fold.length; g++) {
    for (let a = indptr[g]; a < indptr[g + 1]; a++)
      positives[indices[a] * k + fold[g]] += weights[a];
  }
  const ratio = new Float64Array(count);
  for (let c = 0; c < count; c++) {
    const s = rowSupport[c];
    ratio[c] = s === 0 || s === rows ? Number.NaN : s / (rows - s);
  }
  // Change of the sums of LD terms (labels, pairs) of every combination when fold j's size
  // changes by `by` rows, at the current counts: cached per fold until the fold changes.
  const bases: Map<number, Float64Array>[] = Array.from({ length: k }, () => new Map());
  const base = (j: number, by: number): Float64Array => {
    let b = bases[j].get(by);
    if (b !== undefined) return b;
    b = new Float64Array(2);
    const n = size[j];
    for (let c = 0; c < count; c++) {
      const R = ratio[c];
      if (R !== R) continue;
      const p = positives[c * k + j];
      b[c < labels ? 0 : 1] += gap(p, n + by, R) - gap(p, n, R);
    }
    bases[j].set(by, b);
    return b;
  };
  const deviation = (j: number, by: number): number => Math.abs(size[j] + by - targets[j]);
  const over = (j: number): boolean => size[j] > targets[j];

  let dLabels = 0;
  let dPairs = 0;
  const weightOf = new Int32Array(count);
  const stamp = new Int32Array(count);
  let now = 0;
  let work = 0;
  const ZERO = new Float64Array(2);
  /** The change of a cell's LD term when fold j (of n rows then) gains `by` rows of c. */
  const cell = (c: number, j: number, by: number, n: number): number => {
    const R = ratio[c];
    if (R !== R) return 0;
    const p = positives[c * k + j];
    return gap(p + by, n, R) - gap(p, n, R);
  };
  /**
   * The exact change of the LD terms (labels in dLabels, pairs in dPairs) when group g moves
   * to fold `to` and group h (in `to`; -1 for none) moves to g's fold.
   */
  const evaluate = (g: number, h: number, to: number): void => {
    const from = fold[g];
    const d = sizes[g] - (h < 0 ? 0 : sizes[h]);
    const leave = d === 0 ? ZERO : base(from, -d);
    const enter = d === 0 ? ZERO : base(to, d);
    let dl = leave[0] + enter[0];
    let dp = leave[1] + enter[1];
    const nf = size[from] - d;
    const nt = size[to] + d;
    now++;
    for (let a = indptr[g]; a < indptr[g + 1]; a++) weightOf[indices[a]] = weights[a];
    if (h >= 0) {
      for (let a = indptr[h]; a < indptr[h + 1]; a++) {
        const c = indices[a];
        stamp[c] = now;
        const net = weightOf[c] - weights[a];
        if (net === 0) continue;
        const x = cell(c, from, -net, nf) + cell(c, to, net, nt);
        if (c < labels) dl += x;
        else dp += x;
      }
      work += indptr[h + 1] - indptr[h];
    }
    for (let a = indptr[g]; a < indptr[g + 1]; a++) {
      const c = indices[a];
      weightOf[c] = 0;
      if (stamp[c] === now) continue;
      const x = cell(c, from, -weights[a], nf) + cell(c, to, weights[a], nt);
      if (c < labels) dl += x;
      else dp += x;
    }
    work += indptr[g + 1] - indptr[g];
    dLabels = dl;
    dPairs = dp;
  };
  const moveGroup = (g: number, to: number): void => {
    const from = fold[g];
    for (let a = indptr[g]; a < indptr[g + 1]; a++) {
      positives[indices[a] * k + from] -= weights[a];
      positives[indices[a] * k + to] += weights[a];
    }
    size[from] -= sizes[g];
    size[to] += sizes[g];
    members[from]--;
    members[to]++;
    fold[g] = to;
    bases[from].clear();
    bases[to].clear();
    refreshBelow(from);
    refreshBelow(to);
  };
  /** Moves g to `to` and h (-1 for none) to g's fold. */
  const apply = (g: number, h: number, to: number): void => {
    const from = fold[g];
    moveGroup(g, to);
    if (h >= 0) moveGroup(h, from);
  };

  // The folds below their size, as a set kept up to date by `apply` (slot: position, or -1).
  const below = new Int32Array(k);
  const slot = new Int32Array(k).fill(-1);
  let nBelow = 0;
  const refreshBelow = (j: number): void => {
    const inSet = slot[j] >= 0;
    if (size[j] < targets[j] === inSet) return;
    if (!inSet) {
      slot[j] = nBelow;
      below[nBelow++] = j;
      return;
    }
    const last = below[--nBelow];
    below[slot[j]] = last;
    slot[last] = slot[j];
    slot[j] = -1;
  };
  for (let j = 0; j < k; j++) refreshBelow(j);
  let bestFold = -1;
  let bestDelta = Number.POSITIVE_INFINITY;
  /** The best size-reducing move of group g (t: its candidate number, for the window). */
  const bestMove = (g: number, t: number, harmless: boolean): void => {
    bestFold = -1;
    bestDelta = Number.POSITIVE_INFINITY;
    const from = fold[g];
    const m = sizes[g];
    const now = deviation(from, 0);
    const n = Math.min(nBelow, TARGETS);
    const start = nBelow <= TARGETS ? 0 : (t * TARGETS) % nBelow;
    for (let i = 0; i < n; i++) {
      const j = below[(start + i) % nBelow];
      if (deviation(from, -m) + deviation(j, m) >= now + deviation(j, 0)) continue;
      evaluate(g, -1, j);
      if (harmless && (dLabels > EPS || dPairs > EPS)) continue;
      const d = dLabels + dPairs;
      if (d < bestDelta) {
        bestDelta = d;
        bestFold = j;
      }
    }
  };

  let moved = 0;
  for (let round = 0; round < ROUNDS; round++) {
    const candidates: number[] = [];
    for (const g of order) if (over(fold[g])) candidates.push(g);
    const keys = new Float64Array(candidates.length);
    for (let t = 0; t < candidates.length; t++) {
      bestMove(candidates[t], t, false);
      keys[t] = bestDelta;
    }
    const sorted = argsort(keys);
    const before = moved;
    for (const harmless of [true, false]) {
      for (let s = 0; s < sorted.length; s++) {
        const t = sorted[s];
        const g = candidates[t];
        if (!Number.isFinite(keys[t]) || !over(fold[g])) continue;
        bestMove(g, t, harmless);
        if (bestFold < 0) continue;
        apply(g, -1, bestFold);
        moved++;
      }
    }
    if (moved === before) break;
  }

  moved += exchange();

  // Every fold gets a group: the smallest of a fold that holds several (a fold that gets one
  // this way holds one, so the donors only shrink, and one pass over the groups by size serves).
  if (members.includes(0)) {
    const bySize = Int32Array.from(order).sort((a, b) => sizes[a] - sizes[b]);
    let next = 0;
    for (let j = 0; j < k; j++) {
      if (members[j] > 0) continue;
      while (members[fold[bySize[next]]] < 2) next++;
      apply(bySize[next++], -1, j);
      moved++;
    }
  }
  const swaps = swapGroups();
  return { moves: moved, swaps };

  /**
   * Sizes, second part: while a fold above its size and one below it can come closer by
   * trading two groups of different sizes (the larger to the fold below size), the trade that
   * brings the sizes closest, least harmful to LD + LPD among a few tried. The pair of folds
   * furthest from their sizes goes first; O(groups) per trade, at most {@link MAX_TRADES}.
   */
  function exchange(): number {
    let trades = 0;
    for (let step = 0; step < Math.min(4 * k, MAX_TRADES); step++) {
      let f = 0;
      let t = 0;
      for (let j = 1; j < k; j++) {
        if (size[j] - targets[j] > size[f] - targets[f]) f = j;
        if (size[j] - targets[j] < size[t] - targets[t]) t = j;
      }
      const excess = size[f] - targets[f];
      const deficit = targets[t] - size[t];
      if (excess <= 0 || deficit <= 0) break;
      // The distinct group sizes of f and t, with their groups.
      const bySize = [new Map<number, number[]>(), new Map<number, number[]>()];
      for (const g of order) {
        const side = fold[g] === f ? 0 : fold[g] === t ? 1 : -1;
        if (side < 0) continue;
        const list = bySize[side].get(sizes[g]);
        if (list === undefined) bySize[side].set(sizes[g], [g]);
        else list.push(g);
      }
      // The trade sizes that leave the two folds closest to their sizes (d: rows moved).
      let bestLeft = excess + deficit;
      let pairs: [number, number][] = [];
      for (const a of bySize[0].keys()) {
        for (const b of [0, ...bySize[1].keys()]) {
          const d = a - b;
          if (d <= 0) continue;
          const left = Math.abs(excess - d) + Math.abs(deficit - d);
          if (left < bestLeft) {
            bestLeft = left;
            pairs = [];
          }
          if (left === bestLeft) pairs.push([a, b]);
        }
      }
      if (pairs.length === 0) break;
      let best = Number.POSITIVE_INFINITY;
      let pickG = -1;
      let pickH = -1;
      for (const [a, b] of pairs) {
        const gs = bySize[0].get(a) as number[];
        const hs = b === 0 ? [-1] : (bySize[1].get(b) as number[]);
        for (let p = 0; p < PARTNERS; p++) {
          const g = gs[p % gs.length];
          const h = hs[Math.floor(p / gs.length) % hs.length];
          evaluate(g, h, t);
          if (dLabels + dPairs < best) {
            best = dLabels + dPairs;
            pickG = g;
            pickH = h;
          }
        }
      }
      apply(pickG, pickH, t);
      trades++;
    }
    return trades;
  }

  /** Phase 2, on the state above. */
  function swapGroups(): number {
    const n = fold.length;
    // The groups sorted by size, then fold: the groups of size m in fold j are a run of it.
    const flat = new Int32Array(n);
    for (let g = 0; g < n; g++) flat[g] = g;
    flat.sort((a, b) => sizes[a] - sizes[b] || fold[a] - fold[b] || a - b);
    const position = new Int32Array(n);
    for (let i = 0; i < n; i++) position[flat[i]] = i;
    /** First index of `flat` whose group is of size m in a fold >= j (or of a larger size). */
    const lowerBound = (m: number, j: number): number => {
      let lo = 0;
      let hi = n;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        const h = flat[mid];
        if (sizes[h] < m || (sizes[h] === m && fold[h] < j)) lo = mid + 1;
        else hi = mid;
      }
      return lo;
    };
    const swap = (g: number, h: number): void => {
      apply(g, h, fold[h]);
      const pg = position[g];
      const ph = position[h];
      flat[pg] = h;
      flat[ph] = g;
      position[g] = ph;
      position[h] = pg;
    };
    let total = 0;
    for (let c = 0; c < count; c++) {
      const R = ratio[c];
      if (R !== R) continue;
      for (let j = 0; j < k; j++) total += gap(positives[c * k + j], size[j], R);
    }
    const stop = ROUND_GAIN_STOP * total;
    const budget = WORK_PER_INCIDENCE * indices.length + WORK_FLOOR;
    const enter = new Float64Array(k);
    let swaps = 0;
    for (let round = 0; round < SWAP_ROUNDS && work <= budget; round++) {
      let gain = 0;
      for (let s = 0; s < n && work <= budget; s++) {
        const g = order[s];
        const f = fold[g];
        const m = sizes[g];
        // The fold where g alone would help most (a window of folds when there are many).
        let leave = 0;
        const span = Math.min(k - 1, TARGETS);
        const first = k - 1 <= TARGETS ? 0 : (s * TARGETS) % k;
        enter.fill(0, 0, span);
        for (let a = indptr[g]; a < indptr[g + 1]; a++) {
          const c = indices[a];
          const w = weights[a];
          leave += cell(c, f, -w, size[f]);
          for (let i = 0, j = first; i < span; i++, j = (j + 1) % k) {
            if (j === f) j = (j + 1) % k;
            enter[i] += cell(c, j, w, size[j]);
          }
        }
        work += (indptr[g + 1] - indptr[g]) * (span + 1);
        let to = -1;
        let best = -EPS;
        for (let i = 0, j = first; i < span; i++, j = (j + 1) % k) {
          if (j === f) j = (j + 1) % k;
          if (leave + enter[i] < best) {
            best = leave + enter[i];
            to = j;
          }
        }
        if (to < 0) continue;
        const from = lowerBound(m, to);
        const end = lowerBound(m, to + 1);
        if (from === end) continue;
        let partner = -1;
        let delta = -EPS;
        for (let p = 0; p < PARTNERS; p++) {
          const h = flat[from + random.nextInt(end - from)];
          evaluate(g, h, to);
          if (dLabels > EPS || dPairs > EPS) continue;
          if (dLabels + dPairs < delta) {
            delta = dLabels + dPairs;
            partner = h;
          }
        }
        if (partner < 0) continue;
        swap(g, partner);
        gain -= delta;
        swaps++;
      }
      if (gain <= EPS || gain < stop) break;
    }
    return swaps;
  }
}

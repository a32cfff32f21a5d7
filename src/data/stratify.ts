import { SeededRandom } from '../core/random.js';
import { balanceFolds } from './balance.js';
import { balanceGroups } from './balance-groups.js';
import type { BalanceReport } from './balance-state.js';
import { labelCombinations } from './combinations.js';
import { distribute, equalShares } from './distribute.js';
import { groupCombinations, type RowGroups } from './groups.js';
import type { SparseLabels } from './sparse-labels.js';
import { checkTableSize, formatCount, MAX_TABLE_CELLS } from './table-size.js';

/** Settings of {@link stratify}, already validated. @internal */
export interface StratifySettings {
  /** r_j per fold, summing to 1. */
  readonly proportions: Float64Array;
  readonly order: 1 | 2;
  readonly seed: number;
  readonly balance: boolean;
  /** Integer fold sizes to reach; by default the largest-remainder rounding of rows * r_j. */
  readonly sizes?: Int32Array;
  /** Whether the caller has a `balance` option to offer when the balancing tables are too large. */
  readonly balanceOption?: boolean;
  /** Groups of rows that go whole to one fold. */
  readonly groups?: RowGroups;
}

/**
 * Integer fold sizes summing to `rows`: floor(rows * r_j), plus one row for the folds with the
 * largest fractional parts. Equal fractional parts go first to the fold that already holds more
 * rows (`current`), then to the lower index, so the balancing pass moves as few rows as it can.
 *
 * @internal
 */
export function targetSizes(
  rows: number,
  proportions: Float64Array,
  current?: Int32Array,
): Int32Array {
  const k = proportions.length;
  const sizes = new Int32Array(k);
  const fraction = new Float64Array(k);
  let left = rows;
  for (let j = 0; j < k; j++) {
    const exact = rows * proportions[j];
    sizes[j] = Math.floor(exact + 1e-9);
    fraction[j] = Math.max(0, exact - sizes[j]);
    left -= sizes[j];
  }
  const folds = Array.from({ length: k }, (_, j) => j);
  folds.sort(
    (a, b) => fraction[b] - fraction[a] || (current ? current[b] - current[a] : 0) || a - b,
  );
  for (let t = 0; left > 0; t = (t + 1) % k, left--) sizes[folds[t]]++;
  return sizes;
}

/**
 * The fold of every row: the published iterative stratification, then (with `balance`) the
 * balancing pass. With `groups` of which some hold several rows, both work on groups
 * ({@link groupCombinations}, the weighted rule of {@link distribute}, and
 * {@link balanceGroups}); when every group is one row, the groups change nothing.
 *
 * @internal
 */
export function stratify(
  labels: SparseLabels,
  settings: StratifySettings,
  report?: BalanceReport,
): Int32Array {
  const { proportions, order, seed } = settings;
  const random = new SeededRandom(seed);
  const combos = labelCombinations(labels, order);
  const k = proportions.length;
  const scan = !equalShares(proportions);
  if (settings.balance || scan) {
    checkTableSize(
      combos.count * k,
      MAX_TABLE_CELLS,
      `${settings.balance ? 'Balancing' : 'Spreading'} ${formatCount(combos.count)} label combinations${order === 2 ? ' (labels and co-occurring label pairs)' : ''} over ${formatCount(k)} folds`,
      `Use fewer folds${order === 2 ? ', `order: 1`' : ''}${
        settings.balanceOption === true && !scan
          ? ' or `balance: false` (the published algorithm alone needs memory linear in the positives)'
          : ''
      }.`,
      'INVALID_OPTION',
    );
  }
  const fold = new Int32Array(labels.rows);
  const groups = settings.groups;
  if (groups !== undefined && groups.count < labels.rows) {
    const grouped = groupCombinations(combos, groups);
    const groupFold = new Int32Array(groups.count);
    const { order } = distribute(
      grouped.combos,
      proportions,
      random,
      groupFold,
      scan,
      grouped.items,
    );
    if (settings.balance) {
      const counts = new Int32Array(k);
      for (let g = 0; g < groupFold.length; g++) counts[groupFold[g]] += grouped.items.sizes[g];
      const sizes = settings.sizes ?? targetSizes(labels.rows, proportions, counts);
      balanceGroups(grouped.combos, grouped.items, sizes, groupFold, order, random);
    }
    for (let r = 0; r < fold.length; r++) fold[r] = groupFold[groups.groupOf[r]];
    return fold;
  }
  const rowOrder = distribute(combos, proportions, random, fold, scan);
  if (settings.balance) {
    const counts = new Int32Array(proportions.length);
    for (let r = 0; r < fold.length; r++) counts[fold[r]]++;
    const sizes = settings.sizes ?? targetSizes(labels.rows, proportions, counts);
    const result = balanceFolds(combos, sizes, fold, rowOrder);
    if (report) Object.assign(report, result);
  }
  return fold;
}

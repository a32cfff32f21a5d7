import { MultilabelError } from '../core/errors.js';
import type { ScoreMatrix } from '../core/matrix.js';
import { checkBoolean, checkOptionKeys } from '../core/validate.js';
import type { DecisionMatrix } from './decision-matrix.js';
import { readScoreMatrix } from './inputs.js';
import { forEachRowOrder } from './row-order.js';

/**
 * Options of {@link expectedF1Decision}.
 *
 * @expand
 * @category Options
 * @example
 * ```ts
 * import type { ExpectedF1Options } from 'tfjs-multilabel/thresholds';
 *
 * const options: ExpectedF1Options = { forceAtLeastOne: true };
 * console.log(options.forceAtLeastOne); // true
 * ```
 */
export interface ExpectedF1Options {
  /**
   * Never predict the empty set: the best set of size >= 1 instead.
   *
   * @defaultValue `false`
   */
  forceAtLeastOne?: boolean;
}

/**
 * For each row, the label set with the highest expected F1 when the labels are independent
 * with the given marginal probabilities (the plug-in rule of Jansche 2007 and Nan Ye et al.
 * 2012). F1 of a predicted set S against the true set Y is 2|S ∩ Y| / (|S| + |Y|), and 1 when
 * both are empty, so the empty set is chosen when that is best (a row of small probabilities).
 *
 * Exact, in O(L^2) per row for L labels: the best set of each size k is the k most probable
 * labels, and the expected F1 of every k comes from two dynamic programs over the sorted
 * probabilities: the distribution of true labels among the top k (forward), and
 * T_k(c) = E[1 / (c + B_k)] with B_k the true labels outside the top k (backward, using
 * T_{k-1}(c) = q_k T_k(c) + p_k T_k(c + 1)). Then E[F1] = sum_a P(a among top k) 2a T_k(k + a).
 * Memory is O(L^2) per row. On equal expected F1 the smaller set wins; equal probabilities are
 * taken in column order.
 *
 * @summary For each row, the label set with the highest expected F1.
 * @category Rules
 * @param probabilities Marginal probabilities in [0, 1], one row per sample.
 * @param options `forceAtLeastOne`.
 * @returns The 0/1 decisions.
 * @throws {@link MultilabelError} `INVALID_ARGUMENT` for a value outside [0, 1];
 *   `NON_FINITE_VALUES`, `EMPTY_INPUT`, `INVALID_SHAPE`; `UNKNOWN_OPTION`.
 * @example
 * ```ts
 * import { expectedF1Decision } from 'tfjs-multilabel/thresholds';
 *
 * const d = expectedF1Decision([[0.9, 0.6, 0.1], [0.1, 0.05, 0.1]]);
 * console.log(Array.from(d.data)); // [1, 1, 0, 0, 0, 0]
 * ```
 */
export function expectedF1Decision(
  probabilities: ScoreMatrix,
  options?: ExpectedF1Options,
): DecisionMatrix {
  checkOptionKeys(options, ['forceAtLeastOne'], 'expectedF1Decision');
  const force = checkBoolean(options?.forceAtLeastOne, 'forceAtLeastOne', false);
  const p = readScoreMatrix(probabilities, 'probabilities');
  const d = p.data;
  for (let i = 0; i < d.length; i++) {
    if (d[i] < 0 || d[i] > 1) {
      throw new MultilabelError(
        'INVALID_ARGUMENT',
        `\`probabilities[${Math.floor(i / p.cols)}][${i % p.cols}]\` is ${d[i]}; probabilities must lie in [0, 1] (apply a sigmoid to logits first).`,
      );
    }
  }
  return { data: expectedF1Decisions(p, force), shape: [p.rows, p.cols] };
}

/** Expected-F1 decisions of validated probabilities. @internal */
export function expectedF1Decisions(
  p: { data: Float32Array | Float64Array; rows: number; cols: number },
  force: boolean,
): Uint8Array {
  const L = p.cols;
  const out = new Uint8Array(p.rows * L);
  const sorted = new Float64Array(L);
  const expected = new Float64Array(L + 1);
  const workspace = new ExpectedF1Workspace(L);
  forEachRowOrder(p, (r, order, row) => {
    for (let i = 0; i < L; i++) sorted[i] = row[order[i]];
    expectedF1BySize(sorted, expected, workspace);
    let best = force ? 1 : 0;
    for (let k = best + 1; k <= L; k++) if (expected[k] > expected[best]) best = k;
    for (let i = 0; i < best; i++) out[r * L + order[i]] = 1;
  });
  return out;
}

/** Buffers of {@link expectedF1BySize}, reused across rows. @internal */
export class ExpectedF1Workspace {
  /** T_k(c) for c = k + 1 .. 2k, stored at offset k(k - 1)/2. */
  readonly stored: Float64Array;
  readonly t: Float64Array;
  readonly next: Float64Array;
  readonly count: Float64Array;

  constructor(labels: number) {
    this.stored = new Float64Array((labels * (labels + 1)) / 2);
    this.t = new Float64Array(2 * labels + 2);
    this.next = new Float64Array(2 * labels + 2);
    this.count = new Float64Array(labels + 1);
  }
}

/**
 * `expected[k]` = expected F1 of predicting the top k of `p` (sorted descending), k = 0..L,
 * under independence.
 *
 * @internal
 */
export function expectedF1BySize(
  p: Float64Array,
  expected: Float64Array,
  w: ExpectedF1Workspace,
): void {
  const L = p.length;
  let t = w.t;
  let next = w.next;
  const top = 2 * L + 1;
  // T_L(c) = 1 / c: nothing outside the top L.
  for (let c = 1; c <= top; c++) t[c] = 1 / c;
  for (let k = L; k >= 1; k--) {
    // Keep T_k(c) for c = k + 1 .. 2k.
    const offset = (k * (k - 1)) / 2;
    for (let a = 1; a <= k; a++) w.stored[offset + a - 1] = t[k + a];
    // T_{k-1}(c) = q_k T_k(c) + p_k T_k(c + 1): label k moves outside the top.
    const pk = p[k - 1];
    const qk = 1 - pk;
    for (let c = 1; c < top; c++) next[c] = qk * t[c] + pk * t[c + 1];
    const swap = t;
    t = next;
    next = swap;
  }
  // Forward: count[a] = P(a true labels among the top k).
  const count = w.count;
  count.fill(0);
  count[0] = 1;
  let empty = 1;
  for (let i = 0; i < L; i++) empty *= 1 - p[i];
  expected[0] = empty;
  for (let k = 1; k <= L; k++) {
    const pk = p[k - 1];
    const qk = 1 - pk;
    for (let a = k; a >= 1; a--) count[a] = count[a] * qk + count[a - 1] * pk;
    count[0] *= qk;
    const offset = (k * (k - 1)) / 2;
    let sum = 0;
    for (let a = 1; a <= k; a++) sum += count[a] * 2 * a * w.stored[offset + a - 1];
    expected[k] = sum;
  }
}

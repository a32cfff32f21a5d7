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
 * Exact, in O(L · W) time per row and O(L) memory for L labels, where W <= L + 1 is the
 * spread of the number of true labels (the values it takes with a probability above 1e-271:
 * a few hundred for the sparse probabilities of a typical multi-label model, about 10,000 for
 * 100,000 labels of probability 0.5). The best set of each size k is the k most probable
 * labels, and with N the number of true labels and N_i that number without label i,
 * E[F1 of the top k] = 2 sum over i <= k of p_i E[1 / (k + 1 + N_i)]. The distribution of N
 * is built once; each label's N_i follows from it by dividing out that label (in the
 * direction in which rounding errors shrink), so no table of size L^2 is kept. Sizes stop
 * being tried once the remaining probabilities cannot lift the expected F1 above the best
 * found: E[F1 of the top k'] <= E[F1 of the top k] + 2 (p_{k+1} + ... + p_L) / (k + 2) for
 * every k' > k >= 1. Expected F1 values within a relative 1e-12 count as equal, so rounding
 * never breaks a tie: the smaller set wins, and equal probabilities are taken in column
 * order.
 *
 * @summary For each row, the label set with the highest expected F1.
 * @category Rules
 * @param probabilities Marginal probabilities in [0, 1], one row per sample.
 * @param options `forceAtLeastOne`.
 * @returns The 0/1 decisions.
 * @throws {@link MultilabelError} `INVALID_ARGUMENT` for a value outside [0, 1], or for a row
 *   whose labels times the spread of its count of true labels exceed 2^31 (about 200,000
 *   labels of probability 0.5);
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
  const workspace = new ExpectedF1Workspace(L);
  forEachRowOrder(p, (r, order, row) => {
    for (let i = 0; i < L; i++) sorted[i] = row[order[i]];
    checkSteps(sorted, r);
    const best = bestSetSize(sorted, force, workspace);
    for (let i = 0; i < best; i++) out[r * L + order[i]] = 1;
  });
  return out;
}

/** The most steps (labels x spread of the count of true labels) one row may take. */
const MAX_STEPS = 2 ** 31;

/**
 * Throws before the work when row `r` would take more than {@link MAX_STEPS}: L labels times W,
 * the counts of true labels kept (those within about 36 standard deviations of the mean, where
 * the probabilities of the Poisson-binomial count fall below {@link NEGLIGIBLE}).
 */
function checkSteps(p: Float64Array, r: number): void {
  let variance = 0;
  for (let i = 0; i < p.length; i++) variance += p[i] * (1 - p[i]);
  const spread = Math.min(p.length + 1, Math.ceil(72 * Math.sqrt(variance)) + 2);
  const steps = p.length * spread;
  if (steps > MAX_STEPS) {
    throw new MultilabelError(
      'INVALID_ARGUMENT',
      `Row ${r} of \`probabilities\` has ${p.length} labels whose count of true labels spreads over about ${spread} values: its expected-F1 decision would take about ${steps.toExponential(1)} steps, more than the ${MAX_STEPS} this function runs per row. Use optimizeThresholds or topK for rows this wide.`,
    );
  }
}

/**
 * Probabilities of a count of true labels below this (about 1e-271) are dropped from the ends
 * of its distribution: this keeps the distribution's window to the counts that matter, and its
 * arithmetic out of the slow subnormal range, while changing expected F1 values by far less
 * than rounding does.
 */
const NEGLIGIBLE = 2 ** -900;

/** Expected F1 values within this relative difference count as equal. */
const TIE = 1e-12;

/** Buffers of {@link bestSetSize}, all of length O(L), reused across rows. @internal */
export class ExpectedF1Workspace {
  /** P(N = m): N the number of true labels. */
  readonly all: Float64Array;
  /** The sum over i <= k of p_i P(N_i = m), N_i the number of true labels other than i. */
  readonly weighted: Float64Array;
  /** tail[k] = p_k + ... + p_{L-1}. */
  readonly tail: Float64Array;
  /** 1 / c. */
  readonly inverse: Float64Array;

  constructor(labels: number) {
    this.all = new Float64Array(labels + 1);
    this.weighted = new Float64Array(labels + 1);
    this.tail = new Float64Array(labels + 1);
    this.inverse = new Float64Array(2 * labels + 2);
    for (let c = 1; c < this.inverse.length; c++) this.inverse[c] = 1 / c;
  }
}

/**
 * The size k of the best set: the k for which predicting the first k labels of `p` (sorted
 * descending) has the highest expected F1 under independence (k >= 1 with `force`; the
 * smallest such k on a tie).
 *
 * @internal
 */
export function bestSetSize(p: Float64Array, force: boolean, w: ExpectedF1Workspace): number {
  const L = p.length;
  const { all, weighted, tail, inverse } = w;
  // all[lo..hi] = P(N = m), the coefficients of prod_j (q_j + p_j x), negligible ends dropped.
  all[0] = 1;
  let lo = 0;
  let hi = 0;
  for (let j = 0; j < L; j++) {
    const pj = p[j];
    // Below NEGLIGIBLE, p_j moves less than the dropped ends (and q_j is 1).
    if (pj < NEGLIGIBLE) continue;
    const qj = 1 - pj;
    all[hi + 1] = all[hi] * pj;
    for (let m = hi; m > lo; m--) all[m] = all[m] * qj + all[m - 1] * pj;
    all[lo] *= qj;
    hi++;
    while (hi > lo && all[hi] < NEGLIGIBLE) all[hi--] = 0;
    while (lo < hi && all[lo] < NEGLIGIBLE) all[lo++] = 0;
  }
  tail[L] = 0;
  for (let k = L - 1; k >= 0; k--) tail[k] = tail[k + 1] + p[k];
  // Every N_k lies in [a, b].
  const a = lo > 0 ? lo - 1 : 0;
  const b = Math.min(hi, L - 1);
  weighted.fill(0, a, b + 1);
  // k = 0 scores P(N = 0): F1 is 1 when no label is true. With `force`, k = 1 is the start.
  let best = force ? -1 : 0;
  let bestValue = force || lo > 0 ? 0 : all[0];
  let head = 0; // p_0 + ... + p_{k-1}
  for (let k = 1; k <= L; k++) {
    // weighted += p_k P(N_k = m), with P(N_k = m) = D(m) the coefficients of
    // all / (q_k + p_k x); then E[F1 of the top k] = 2 sum_m weighted[m] / (k + 1 + m).
    // A p_k below 2^-100 / (L + 1) of the probabilities before it changes no value by a
    // relative 2^-100, and is skipped (so are all after it).
    const pk = p[k - 1];
    const qk = 1 - pk;
    const skip = pk * (L + 1) <= head * 2 ** -100;
    head += pk;
    let sum = 0;
    if (skip) {
      for (let m = a; m <= b; m++) sum += weighted[m] * inverse[k + 1 + m];
    } else if (pk <= qk) {
      // Upward: D(m) = (G(m) - p D(m - 1)) / q; an error shrinks by p / q <= 1 a step.
      const scale = 1 / qk;
      const ratio = pk / qk;
      let d = 0;
      for (let m = a; m <= b; m++) {
        d = all[m] * scale - ratio * d;
        const v = weighted[m] + pk * d;
        weighted[m] = v;
        sum += v * inverse[k + 1 + m];
      }
    } else {
      // Downward: D(m - 1) = (G(m) - q D(m)) / p; an error shrinks by q / p < 1 a step.
      // D(hi) is 0 below the dropped end (hi < L) or as the degree's bound (hi = L).
      const scale = 1 / pk;
      const ratio = qk / pk;
      if (b === hi) sum += weighted[b] * inverse[k + 1 + b];
      let d = 0;
      for (let m = hi; m > a; m--) {
        d = all[m] * scale - ratio * d;
        const v = weighted[m - 1] + pk * d;
        weighted[m - 1] = v;
        sum += v * inverse[k + m];
      }
    }
    const value = 2 * sum;
    if (best < 0 || value > bestValue * (1 + TIE)) {
      best = k;
      bestValue = value;
    }
    // No larger set can do better: E[F1 of the top k'] <= value + 2 tail[k] / (k + 2).
    if (value + 2 * tail[k] * inverse[k + 2] <= bestValue) break;
  }
  all.fill(0, lo, hi + 1);
  return best;
}

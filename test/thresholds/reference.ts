/**
 * Brute-force definitions the threshold tests compare with: metrics written from their
 * formulas, decisions made cell by cell, and exhaustive searches over every cut point.
 */
import type { TestMatrix } from '../fc.js';

export type Counts = { tp: number; fp: number; fn: number; tn: number };
export type MetricFn = (c: Counts) => number;

export function f1(zeroDivision = 0): MetricFn {
  return fbeta(1, zeroDivision);
}

/** scikit-learn 1.2's F-beta from counts: F = 0 unless tp > 0, zeroDivision when tp = fp = fn = 0. */
export function fbeta(beta: number, zeroDivision = 0): MetricFn {
  return ({ tp, fp, fn }) => {
    if (tp + fp + fn === 0) return zeroDivision;
    const p = tp + fp === 0 ? zeroDivision : tp / (tp + fp);
    const r = tp + fn === 0 ? zeroDivision : tp / (tp + fn);
    const d = beta * beta * p + r;
    return d === 0 ? 0 : ((1 + beta * beta) * p * r) / d;
  };
}

/** scikit-learn's precision: tp / (tp + fp), zeroDivision when nothing is predicted. */
export function precision(zeroDivision = 0): MetricFn {
  return ({ tp, fp }) => (tp + fp === 0 ? zeroDivision : tp / (tp + fp));
}

/** scikit-learn's recall: tp / (tp + fn), zeroDivision without positives. */
export function recall(zeroDivision = 0): MetricFn {
  return ({ tp, fn }) => (tp + fn === 0 ? zeroDivision : tp / (tp + fn));
}

export const jaccard: MetricFn = ({ tp, fp, fn }) => (tp + fp + fn === 0 ? 0 : tp / (tp + fp + fn));

export const balancedAccuracy: MetricFn = ({ tp, fp, fn, tn }) => {
  const pos = tp + fn;
  const neg = tn + fp;
  if (pos === 0 && neg === 0) return 0;
  if (pos === 0) return tn / neg;
  if (neg === 0) return tp / pos;
  return (tp / pos + tn / neg) / 2;
};

/** Counts of label j (or every label when j is undefined) of decisions `pred`, weighted. */
export function countsOf(
  y: TestMatrix,
  pred: ArrayLike<number>,
  weights: ArrayLike<number> | undefined,
  j?: number,
): Counts {
  const c = { tp: 0, fp: 0, fn: 0, tn: 0 };
  for (let r = 0; r < y.rows; r++) {
    const w = weights === undefined ? 1 : weights[r];
    for (let k = 0; k < y.cols; k++) {
      if (j !== undefined && k !== j) continue;
      const t = y.data[r * y.cols + k];
      if (t < 0) continue;
      const p = pred[r * y.cols + k];
      if (t === 1 && p === 1) c.tp += w;
      else if (t === 0 && p === 1) c.fp += w;
      else if (t === 1) c.fn += w;
      else c.tn += w;
    }
  }
  return c;
}

export function decide(s: TestMatrix, thresholds: ArrayLike<number>): number[] {
  return s.data.map((v, i) => (v >= thresholds[i % s.cols] ? 1 : 0));
}

/** The metric of decisions averaged as the optimizers do. */
export function averaged(
  y: TestMatrix,
  pred: ArrayLike<number>,
  metric: MetricFn,
  average: 'micro' | 'macro' | 'samples',
  weights?: ArrayLike<number>,
): number {
  if (average === 'micro') return metric(countsOf(y, pred, weights));
  if (average === 'macro') {
    let sum = 0;
    let n = 0;
    for (let j = 0; j < y.cols; j++) {
      let known = false;
      for (let r = 0; r < y.rows; r++) known ||= y.data[r * y.cols + j] >= 0;
      if (!known) continue;
      sum += metric(countsOf(y, pred, weights, j));
      n++;
    }
    return sum / n;
  }
  let sum = 0;
  let total = 0;
  for (let r = 0; r < y.rows; r++) {
    const row: TestMatrix = {
      rows: 1,
      cols: y.cols,
      data: y.data.slice(r * y.cols, (r + 1) * y.cols),
    };
    if (row.data.every((t) => t < 0)) continue;
    const w = weights === undefined ? 1 : weights[r];
    sum +=
      w *
      metric(
        countsOf(
          row,
          pred.length ? Array.from(pred).slice(r * y.cols, (r + 1) * y.cols) : [],
          undefined,
        ),
      );
    total += w;
  }
  return sum / total;
}

/** Every decision a threshold can make on label j (or all cells): each distinct known score, and +Infinity. */
export function candidateThresholds(y: TestMatrix, s: TestMatrix, j?: number): number[] {
  const values = new Set<number>([Number.POSITIVE_INFINITY]);
  for (let i = 0; i < s.data.length; i++) {
    if (y.data[i] < 0) continue;
    if (j !== undefined && i % s.cols !== j) continue;
    values.add(s.data[i]);
  }
  return [...values];
}

/**
 * Expected F1 of predicting the top k of `p` (sorted descending), for every k = 0..L, by the
 * dynamic program of Nan Ye et al. 2012 with its L^2 / 2 table (for L up to a few thousand):
 * the distribution of true labels among the top k (forward) meets
 * T_k(c) = E[1 / (c + true labels outside the top k)] (backward, T_{k-1}(c) = q_k T_k(c) +
 * p_k T_k(c + 1)); E[F1] = sum_a P(a among top k) 2a T_k(k + a), and P(none true) for k = 0.
 */
export function expectedF1BySize(p: ArrayLike<number>): Float64Array {
  const L = p.length;
  const stored = new Float64Array((L * (L + 1)) / 2);
  let t = new Float64Array(2 * L + 2);
  let next = new Float64Array(2 * L + 2);
  const top = 2 * L + 1;
  for (let c = 1; c <= top; c++) t[c] = 1 / c;
  for (let k = L; k >= 1; k--) {
    const offset = (k * (k - 1)) / 2;
    for (let a = 1; a <= k; a++) stored[offset + a - 1] = t[k + a];
    for (let c = 1; c < top; c++) next[c] = (1 - p[k - 1]) * t[c] + p[k - 1] * t[c + 1];
    [t, next] = [next, t];
  }
  const expected = new Float64Array(L + 1);
  const count = new Float64Array(L + 1);
  count[0] = 1;
  expected[0] = 1;
  for (let i = 0; i < L; i++) expected[0] *= 1 - p[i];
  for (let k = 1; k <= L; k++) {
    for (let a = k; a >= 1; a--) count[a] = count[a] * (1 - p[k - 1]) + count[a - 1] * p[k - 1];
    count[0] *= 1 - p[k - 1];
    const offset = (k * (k - 1)) / 2;
    let sum = 0;
    for (let a = 1; a <= k; a++) sum += count[a] * 2 * a * stored[offset + a - 1];
    expected[k] = sum;
  }
  return expected;
}

/** The mean over rows of each row's share of true labels scoring below `t` (0 without one). */
export function rowMissRate(y: TestMatrix, s: TestMatrix, t: number): number {
  let sum = 0;
  for (let r = 0; r < y.rows; r++) {
    let positives = 0;
    let missed = 0;
    for (let j = 0; j < y.cols; j++) {
      if (y.data[r * y.cols + j] !== 1) continue;
      positives++;
      if (!(s.data[r * y.cols + j] >= t)) missed++;
    }
    if (positives > 0) sum += missed / positives;
  }
  return sum / y.rows;
}

/**
 * Conformal risk control written out: the highest of the candidates (sorted descending) whose
 * risk passes (n R + 1) / (n + 1) <= alpha, or -Infinity.
 */
export function conformalBruteForce(
  candidates: number[],
  n: number,
  alpha: number,
  risk: (t: number) => number,
) {
  for (const t of candidates) {
    if ((n * risk(t) + 1) / (n + 1) <= alpha * (1 + 1e-12) + 1e-12 / (n + 1)) return t;
  }
  return Number.NEGATIVE_INFINITY;
}

export const descendingCandidates = (values: number[]): number[] =>
  [Number.POSITIVE_INFINITY, ...new Set(values)].sort((a, b) => b - a);

import { ArgsortWorkspace, argsort } from '../core/sort.js';

/**
 * The per-label curve kernel shared by average precision, ROC AUC, the PR and ROC curves (and
 * the threshold search): scikit-learn's `_binary_clf_curve`. It sorts one binary problem by
 * score, highest first, and returns the cumulative (weighted) true and false positives at
 * each distinct score, i.e. the counts when predicting "positive" for every score `>=` that
 * threshold. Ties (exactly equal scores) form one step. Sums are float64 and run in
 * scikit-learn's order (its stable ascending sort, reversed), so curves agree bit for bit.
 *
 * @internal
 * @module
 */

/** One binary problem: `n` scores with their 0/1 labels and optional positive weights. @internal */
export interface BinaryProblem {
  scores: Float32Array | Float64Array;
  labels: Uint8Array;
  /** Per-entry weights (entries of weight 0 must already be left out), or undefined for 1. */
  weights: Float64Array | undefined;
  n: number;
}

/** Reusable buffers for {@link binaryCurve}; `tps[k]`, `fps[k]`, `thresholds[k]` for `k < count`. @internal */
export class CurveWorkspace {
  readonly sort = new ArgsortWorkspace();
  order = new Int32Array(0);
  tps = new Float64Array(0);
  fps = new Float64Array(0);
  thresholds = new Float64Array(0);
  /** Number of distinct scores of the last curve. */
  count = 0;

  /** Makes every buffer hold at least `n` entries. */
  reserve(n: number): void {
    if (this.order.length < n) {
      const size = Math.max(n, this.order.length * 2);
      this.order = new Int32Array(size);
      this.tps = new Float64Array(size);
      this.fps = new Float64Array(size);
      this.thresholds = new Float64Array(size);
    }
  }
}

/**
 * Fills `workspace.tps`, `.fps` and `.thresholds` with the curve of `problem`, highest
 * threshold first, and returns the number of points (distinct scores).
 *
 * @internal
 */
export function binaryCurve(problem: BinaryProblem, workspace: CurveWorkspace): number {
  const { scores, labels, weights, n } = problem;
  workspace.reserve(n);
  const keys = scores.length === n ? scores : scores.subarray(0, n);
  const order = argsort(keys, { out: workspace.order, workspace: workspace.sort });
  const { tps, fps, thresholds } = workspace;
  let tp = 0;
  let fp = 0;
  let count = 0;
  // Walking the stable ascending order backwards visits ties in decreasing index order, as
  // scikit-learn's `argsort(kind="mergesort")[::-1]` does.
  for (let i = n - 1; i >= 0; i--) {
    const index = order[i];
    const w = weights === undefined ? 1 : weights[index];
    if (labels[index] === 1) tp += w;
    else fp += w;
    const score = scores[index];
    if (i === 0 || scores[order[i - 1]] !== score) {
      tps[count] = tp;
      fps[count] = fp;
      thresholds[count] = score;
      count++;
    }
  }
  workspace.count = count;
  return count;
}

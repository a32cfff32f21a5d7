/**
 * The synthetic extreme-classification data of bench/extreme.ts, shared by its Node children and
 * the page it runs in Chromium: CSR labels with a power-law label frequency, top-100 predictions
 * that find most frequent true labels and fewer rare ones, propensities from the training counts; and the report
 * of the twelve measured values.
 */
import { SeededRandom } from '../../src/core/random.js';
import type { SparseLabelMatrix } from '../../src/core/sparse-label-matrix.js';
import type { TopKPredictions } from '../../src/core/top-k-predictions.js';
import { jainPropensities, topKReport } from '../../src/metrics/index.js';

export interface Shape {
  name: string;
  rows: number;
  labels: number;
  perRow: number;
}

export const SHAPES: Shape[] = [
  { name: 'EURLex-4K', rows: 3865, labels: 3956, perRow: 5.3 },
  { name: 'Wiki10-31K', rows: 6616, labels: 30938, perRow: 18.64 },
  { name: 'Amazon-670K', rows: 153025, labels: 670091, perRow: 5.45 },
];
export const TOP = 100;
export const KS = [1, 3, 5];
const TRAIN_RATIO = 3.2;

/** The expected count of each label among `draws` draws of {@link labelSampler}, rounded (at most `rows`). */
function expectedCounts(labels: number, draws: number, rows: number): number[] {
  let total = 0;
  for (let l = 0; l < labels; l++) total += 1 / (l + 10);
  return Array.from({ length: labels }, (_, l) =>
    Math.min(rows, Math.round((draws * (1 / (l + 10))) / total)),
  );
}

/** Label ids drawn with probability proportional to 1 / (rank + 10) (a Zipf-like tail). */
export function labelSampler(labels: number, random: SeededRandom): () => number {
  const cdf = new Float64Array(labels);
  let total = 0;
  for (let l = 0; l < labels; l++) cdf[l] = total += 1 / (l + 10);
  return () => {
    const u = random.nextFloat() * total;
    let lo = 0;
    let hi = labels - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cdf[mid] < u) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
}

/** A Poisson draw (Knuth's method; small means). */
function poisson(mean: number, random: SeededRandom): number {
  const limit = Math.exp(-mean);
  let n = 0;
  for (let p = random.nextFloat(); p > limit; p *= random.nextFloat()) n++;
  return n;
}

/** CSR labels of `shape` (at least one per row, Poisson around `perRow`), ids as drawn. */
export function syntheticLabels(
  shape: Shape,
  random: SeededRandom,
  draw: () => number,
): SparseLabelMatrix & { indices: Int32Array } {
  const stamp = new Int32Array(shape.labels);
  const indptr = new Int32Array(shape.rows + 1);
  const ids: number[] = [];
  for (let r = 0; r < shape.rows; r++) {
    const n = Math.min(TOP, Math.max(1, poisson(shape.perRow, random)));
    for (let got = 0; got < n; ) {
      const l = draw();
      if (stamp[l] === r + 1) continue;
      stamp[l] = r + 1;
      ids.push(l);
      got++;
    }
    indptr[r + 1] = ids.length;
  }
  return { indptr, indices: Int32Array.from(ids), shape: [shape.rows, shape.labels] };
}

/**
 * Test labels, top-`TOP` predictions that find most of the frequent true labels and fewer of the
 * rare ones, with higher scores, and the training label counts.
 */
export function synthetic(shape: Shape, seed: number) {
  const random = new SeededRandom(seed);
  const draw = labelSampler(shape.labels, random);
  const yTrue = syntheticLabels(shape, random, draw);
  const { indptr } = yTrue;
  const ids = yTrue.indices;
  const stamp = new Int32Array(shape.labels);
  const indices = new Int32Array(shape.rows * TOP);
  const scores = new Float32Array(shape.rows * TOP);
  stamp.fill(0);
  for (let r = 0, out = 0; r < shape.rows; r++) {
    for (let a = indptr[r]; a < indptr[r + 1]; a++) {
      // A true label is found with probability 0.9 for the most frequent labels, falling to
      // about 0.16 for the rarest (a model that does worse on the tail, as real ones do).
      if (random.nextFloat() >= 0.1 + 0.8 / (1 + ids[a] / 50000)) continue;
      stamp[ids[a]] = r + 1;
      indices[out] = ids[a];
      scores[out++] = 0.5 + 0.5 * random.nextFloat();
    }
    while (out < (r + 1) * TOP) {
      const l = draw();
      if (stamp[l] === r + 1) continue;
      stamp[l] = r + 1;
      indices[out] = l;
      scores[out++] = 0.7 * random.nextFloat();
    }
  }
  const yScore: TopKPredictions = { indices, scores, k: TOP, shape: [shape.rows, shape.labels] };
  // The training counts are the expected counts of a training set TRAIN_RATIO times as large,
  // drawn from the same label distribution (so labels absent from this test set still have one).
  const trainRows = Math.round(shape.rows * TRAIN_RATIO);
  const labelCounts = expectedCounts(shape.labels, trainRows * shape.perRow, trainRows);
  return {
    yTrue,
    yScore,
    propensities: jainPropensities(labelCounts, trainRows, { A: 0.6, B: 2.6 }),
    labelCounts,
  };
}

/** The 12 metrics with the library's report: every cut of every metric in one pass. */
export function report(data: ReturnType<typeof synthetic>): number[] {
  const { yTrue, yScore, propensities } = data;
  const r = topKReport(yTrue, yScore, { k: Math.max(...KS), propensities });
  const psp = r.propensityScoredPrecision as Float64Array;
  const psn = r.propensityScoredNdcg as Float64Array;
  return KS.flatMap((k) => [r.precision[k - 1], r.ndcg[k - 1], psp[k - 1], psn[k - 1]]);
}

/** What one synthetic dataset holds. */
export type ExtremeData = ReturnType<typeof synthetic>;

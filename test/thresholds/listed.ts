/**
 * Top-k problems for the threshold tests: a fitting problem with a `k`, its top-k predictions,
 * and the brute-force view of them (unlisted cells at -Infinity, the listed cut points).
 */
import { topKPredictions } from '../../src/metrics/index.js';
import type { TopKPredictions } from '../../src/thresholds/index.js';
import { fc, type TestMatrix } from '../fc.js';
import { type Problem, problem } from './arbitraries.js';

export type Case = Problem & { k: number };

export function topKCase(maxRows: number, maxCols: number): fc.Arbitrary<Case> {
  return problem(maxRows, maxCols).chain((p) =>
    fc.integer({ min: 1, max: p.y.cols }).map((k) => ({ ...p, k })),
  );
}

export function predictionsOf(p: Case): TopKPredictions {
  return topKPredictions({ data: p.s.data, shape: [p.s.rows, p.s.cols] }, p.k);
}

/** The scores with every unlisted cell at -Infinity, which no threshold considered reaches. */
export function listedScores(p: Case, top: TopKPredictions): TestMatrix {
  const data = new Array<number>(p.s.data.length).fill(Number.NEGATIVE_INFINITY);
  for (let i = 0; i < top.indices.length; i++) {
    const r = Math.floor(i / top.k);
    data[r * p.s.cols + top.indices[i]] = top.scores[i];
  }
  return { rows: p.s.rows, cols: p.s.cols, data };
}

/** Whether some listed cell has a known label (else there is nothing to fit). */
export function anyListedKnown(p: Case, listed: TestMatrix): boolean {
  return p.y.data.some((v, i) => v >= 0 && listed.data[i] > Number.NEGATIVE_INFINITY);
}

/** The listed known scores (of label j, or of every label) and +Infinity: every cut point. */
export function listedCandidates(y: TestMatrix, listed: TestMatrix, j?: number): number[] {
  const values = new Set<number>([Number.POSITIVE_INFINITY]);
  for (let i = 0; i < listed.data.length; i++) {
    if (y.data[i] < 0 || listed.data[i] === Number.NEGATIVE_INFINITY) continue;
    if (j === undefined || i % y.cols === j) values.add(listed.data[i]);
  }
  return [...values];
}

/**
 * Benchmark of tied scores in the per-row ranking metrics: one row of 1,000,000 labels (every
 * other one true, labels as a `Float32Array`) whose scores all tie (all 0), against the same row
 * with distinct scores, measured in the same run. Tie handling must not be quadratic in the
 * number of tied scores: the goal is under 1 s for each of LRAP, ranking loss and nDCG on the
 * tied row. The other per-row metrics that rank or select within a row are timed too.
 *
 * Run: `npm run bench -- ties`.
 */
import { SeededRandom } from '../src/core/random.js';
import * as m from '../src/metrics/index.js';
import { printTable, timeIt, writeResults } from './harness.js';

const LABELS = 1_000_000;
const GOAL_MS = 1000;

const yTrue = { data: new Float32Array(LABELS), shape: [1, LABELS] as [number, number] };
for (let j = 0; j < LABELS; j += 2) yTrue.data[j] = 1;
const tied = { data: new Float32Array(LABELS), shape: [1, LABELS] as [number, number] };
// Distinct scores: a seeded permutation of 0 .. LABELS - 1 (exact in float32).
const order = new SeededRandom(7).shuffle(Float32Array.from({ length: LABELS }, (_, j) => j));
const untied = { data: order, shape: [1, LABELS] as [number, number] };

type Scores = typeof tied;
const entries: { name: string; goal: boolean; run: (s: Scores) => number }[] = [
  {
    name: 'labelRankingAveragePrecision',
    goal: true,
    run: (s) => m.labelRankingAveragePrecision(yTrue, s),
  },
  { name: 'labelRankingLoss', goal: true, run: (s) => m.labelRankingLoss(yTrue, s) },
  { name: 'ndcgScore', goal: true, run: (s) => m.ndcgScore(yTrue, s) },
  {
    name: 'ndcgScore ignoreTies',
    goal: false,
    run: (s) => m.ndcgScore(yTrue, s, { ignoreTies: true }),
  },
  { name: 'coverageError', goal: false, run: (s) => m.coverageError(yTrue, s) },
  { name: 'oneError', goal: false, run: (s) => m.oneError(yTrue, s) },
  {
    name: "averagePrecisionScore 'samples'",
    goal: false,
    run: (s) => m.averagePrecisionScore(yTrue, s, { average: 'samples' }) as number,
  },
  { name: 'precisionAtK k=1e6', goal: false, run: (s) => m.precisionAtK(yTrue, s, { k: LABELS }) },
  { name: 'ndcgAtK k=1000', goal: false, run: (s) => m.ndcgAtK(yTrue, s, { k: 1000 }) },
];

const rows: Record<string, string | number>[] = [];
const summary: Record<string, { tiedMs: number; untiedMs: number }> = {};
for (const entry of entries) {
  const tiedMs = timeIt(() => entry.run(tied), 5);
  const untiedMs = timeIt(() => entry.run(untied), 5);
  summary[entry.name] = {
    tiedMs: Number(tiedMs.toFixed(1)),
    untiedMs: Number(untiedMs.toFixed(1)),
  };
  rows.push({
    metric: entry.name,
    'tied (ms)': tiedMs.toFixed(1),
    'untied (ms)': untiedMs.toFixed(1),
    'tied / untied': `${(tiedMs / untiedMs).toFixed(2)}x`,
    goal: entry.goal ? `< ${GOAL_MS} ms` : '-',
    met: entry.goal ? (tiedMs < GOAL_MS ? 'yes' : 'NO') : '-',
    'tied value': entry.run(tied),
    'untied value': entry.run(untied),
  });
}

printTable(
  `one row of ${LABELS.toLocaleString('en')} labels (every other one true, Float32Array), all scores tied vs distinct, median wall time of 5 runs`,
  rows,
);
writeResults('ties', rows, { labels: LABELS, goalMs: GOAL_MS, metrics: summary });

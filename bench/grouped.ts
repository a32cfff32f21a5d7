/**
 * Grouped iterative stratification: split quality on the nine MULAN datasets with random
 * groups, and speed.
 *
 * Quality: 5 folds (as bench/stratify.ts), mean over seeds 0-9 (each seed draws new groups and
 * splits with that seed). The rows, in a random order, are cut into groups of 1 to 5 rows
 * (uniform). Three splits: the library's grouped split (`groups`, order 1, balancing on); a
 * random grouped split (the groups shuffled and dealt whole, each to the fold furthest below
 * its size, so the fold sizes are as even as dealing whole groups allows); and the group-free
 * split of the same rows. Goal: grouped LD at most half the random grouped LD on every dataset.
 *
 * Speed: 5-fold order 1 on synthetic 100,000 x 100 labels (10 labels per row, as the large
 * case of bench/stratify.ts), from a Float32Array, with 10,000 groups (each row's group drawn
 * uniformly), beside the same split without groups; median wall time of 7 runs, in one
 * process, alternating the two. Goal: under 1 s.
 *
 * Data: bench/data/<name>.labels.txt, written by scripts/check-datasets.ts from the ARFF files.
 * Run: `npm run bench -- grouped` (add `--quick` for 3 quality seeds).
 */
import { cpus, loadavg } from 'node:os';
import { SeededRandom } from '../src/core/random.js';
import { iterativeStratification, splitQuality } from '../src/data/index.js';
import { printTable, writeResults } from './harness.js';
import { ANCHORS } from './support/stratify-anchors.js';
import { loadLabels, synthetic } from './support/stratify-data.js';

const quick = process.argv.includes('--quick');
const SEEDS = quick ? 3 : 10;
const K = 5;
const DATASETS = Object.keys(ANCHORS);

/** Groups of 1 to 5 rows (uniform) over the rows in a random order. */
function randomGroups(rows: number, seed: number): Int32Array {
  const random = new SeededRandom(seed);
  const order = random.permutation(rows);
  const groups = new Int32Array(rows);
  for (let t = 0, g = 0; t < rows; g++) {
    const end = Math.min(rows, t + 1 + random.nextInt(5));
    for (; t < end; t++) groups[order[t]] = g;
  }
  return groups;
}

/** Whole groups dealt at random, each to the fold furthest below its size (rows / K). */
function randomGroupedFolds(groups: Int32Array, seed: number): Int32Array {
  const rows = groups.length;
  let count = 0;
  for (let r = 0; r < rows; r++) count = Math.max(count, groups[r] + 1);
  const sizes = new Int32Array(count);
  for (let r = 0; r < rows; r++) sizes[groups[r]]++;
  const foldOf = new Int32Array(count);
  const filled = new Float64Array(K);
  for (const g of new SeededRandom(seed).permutation(count)) {
    let best = 0;
    for (let j = 1; j < K; j++) if (filled[j] < filled[best]) best = j;
    foldOf[g] = best;
    filled[best] += sizes[g];
  }
  return Int32Array.from(groups, (g) => foldOf[g]);
}

interface Measures {
  ld: number;
  ed: number;
}

const rows: Record<string, string | number>[] = [];
const data: Record<string, string | number>[] = [];
let met = 0;
for (const name of DATASETS) {
  const y = loadLabels(name);
  const sum = { grouped: { ld: 0, ed: 0 }, random: { ld: 0, ed: 0 }, free: { ld: 0, ed: 0 } };
  const add = (m: Measures, folds: Int32Array): void => {
    const q = splitQuality(y, folds);
    m.ld += q.labelDistribution / SEEDS;
    m.ed += q.exampleDistribution / SEEDS;
  };
  for (let seed = 0; seed < SEEDS; seed++) {
    const groups = randomGroups(y.shape[0], 1000 + seed);
    add(sum.grouped, iterativeStratification(y, { nFolds: K, seed, groups }));
    add(sum.random, randomGroupedFolds(groups, seed));
    add(sum.free, iterativeStratification(y, { nFolds: K, seed }));
  }
  const ok = sum.grouped.ld <= sum.random.ld / 2;
  if (ok) met++;
  rows.push({
    data: `${name} (${y.shape[0]}x${y.shape[1]})`,
    'grouped LD e3': (sum.grouped.ld * 1e3).toFixed(3),
    'random grouped LD e3': (sum.random.ld * 1e3).toFixed(3),
    'group-free LD e3': (sum.free.ld * 1e3).toFixed(3),
    'grouped / random': (sum.grouped.ld / sum.random.ld).toFixed(2),
    'ED grouped/random/free': [sum.grouped.ed, sum.random.ed, sum.free.ed]
      .map((x) => x.toFixed(2))
      .join('/'),
    'goal <= 0.5': ok ? 'yes' : 'NO',
  });
  data.push({
    dataset: name,
    groupedLd: sum.grouped.ld,
    randomGroupedLd: sum.random.ld,
    groupFreeLd: sum.free.ld,
    groupedEd: sum.grouped.ed,
    randomGroupedEd: sum.random.ed,
    groupFreeEd: sum.free.ed,
  });
}
printTable(
  `Grouped splits, ${K} folds, random groups of 1-5 rows, mean over seeds 0-${SEEDS - 1}: LD x 1e3 of the grouped iterative split, of whole groups dealt at random, and of the group-free split`,
  rows,
);

// ---- Speed ----
const bytes = synthetic(100_000, 100, 10, 2);
const y = { data: Float32Array.from(bytes.data), shape: bytes.shape };
const random = new SeededRandom(7);
const groups = Int32Array.from({ length: y.shape[0] }, () => random.nextInt(10_000));
const groupCount = new Set(groups).size;
const grouped = (): unknown => iterativeStratification(y, { nFolds: K, seed: 1, groups });
const free = (): unknown => iterativeStratification(y, { nFolds: K, seed: 1 });
grouped();
free();
const times = { grouped: [] as number[], free: [] as number[] };
for (let i = 0; i < 7; i++) {
  for (const [key, fn] of [
    ['grouped', grouped],
    ['free', free],
  ] as const) {
    const start = performance.now();
    fn();
    times[key].push(performance.now() - start);
  }
}
const median = (v: number[]): number => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)];
const groupedMs = median(times.grouped);
const freeMs = median(times.free);
const speedRows = [
  {
    data: `synthetic 100,000 x 100, 10 labels/row, ${groupCount.toLocaleString('en-US')} groups`,
    'grouped (ms)': groupedMs.toFixed(0),
    'group-free (ms)': freeMs.toFixed(0),
    'grouped / group-free': (groupedMs / freeMs).toFixed(2),
    'goal < 1 s': groupedMs < 1000 ? 'yes' : 'NO',
  },
];
printTable(
  `5-fold grouped iterative stratification, order 1, median wall time of 7 (Float32Array labels; load average ${loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')} on ${cpus().length} cores)`,
  speedRows,
);

writeResults('grouped', [...rows, ...speedRows, ...data], {
  folds: K,
  seeds: SEEDS,
  datasets: DATASETS.length,
  groupedLdAtMostHalfRandomGrouped: met,
  labelForm: 'Float32Array',
  speed: {
    rows: 100_000,
    labels: 100,
    groups: groupCount,
    groupedMs: Math.round(groupedMs),
    groupFreeMs: Math.round(freeMs),
    // The machine's load when timed (2 cores shared with other jobs make the times noisy).
    loadAverage: Number(loadavg()[0].toFixed(1)),
  },
});

/**
 * Iterative stratification: split quality on the real MULAN datasets and speed, beside the
 * Python anchors measured for the reference notes (scikit-multilearn @2ea8c41 order 1 and 2,
 * "K1"/"K2"; iterative-stratification 0.1.9, "I"; same 2-core machine kind, Python 3.11).
 *
 * Quality: 5 folds, mean over seeds 0-9, for random splitting (a shuffled KFold), the published
 * algorithms as this library implements them (`balance: false`, "P1"/"P2") and the library's
 * defaults (order 1 and order 2). Goals: order 1 LD <= the best anchor's LD and ED <= 1.0;
 * order 2 LPD <= K2's; FZ never above the best anchor.
 *
 * Fold count: order 1 on synthetic 100,000 x 50 labels with 5; 5,000; 20,000 and 100,000 folds
 * (one per row), against 5 folds on the same data.
 *
 * Speed: 5-fold order 1 and order 2, end to end from a dense `{ data, shape }` label matrix
 * whose data is a `Float32Array` (the form `tensor.dataSync()` gives a tfjs user), on
 * synthetic 100,000 x 100 data (as scikit-learn's make_multilabel_classification, 2 and 10
 * labels per row) and on delicious (16,105 x 983). The reference always measured in this run is
 * a plain JavaScript port of the published order-1 algorithm as iterative-stratification runs it
 * (label counts recounted after every label). The Python references are timed in this run too
 * when ITERSTRAT_SRC and SKMULTILEARN_SRC name extracted checkouts of iterative-stratification
 * and scikit-multilearn (bench/README.md): bench/support/stratify_reference.py runs them with
 * /usr/bin/python3 on the same labels (written to a temporary file), with the same split seeds,
 * and gives up on a case after 300 s. Without them the anchors' recorded times are used.
 *
 * Each speed figure is the median over the split seeds 1, 2 and 3 of the median time of a seed;
 * the read-once floor (one pass summing the label array) and the times from a `Uint8Array` of
 * the same labels are printed beside them.
 *
 * Data: bench/data/<name>.labels.txt, written by scripts/check-datasets.ts from the ARFF files.
 * Run: `npm run bench -- stratify` (add `--quick` for 3 quality seeds; `--speed` for the speed
 * table alone, written to results/stratify-partial.json).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SeededRandom } from '../src/core/random.js';
import { iterativeStratification, splitQuality } from '../src/data/index.js';
import { printTable, timeIt, writeResults } from './harness.js';
import { ANCHORS } from './support/stratify-anchors.js';
import { type Labels, loadLabels, synthetic } from './support/stratify-data.js';

const here = dirname(fileURLToPath(import.meta.url));
const quick = process.argv.includes('--quick');
const speedOnly = process.argv.includes('--speed');
const SEEDS = quick ? 3 : 10;
const K = 5;

const DATASETS = Object.keys(ANCHORS);

/** A shuffled KFold: the reference for random splitting. */
function randomFolds(rows: number, seed: number): Int32Array {
  const order = new SeededRandom(seed).permutation(rows);
  const folds = new Int32Array(rows);
  for (let t = 0, j = 0, end = 0; j < K; j++) {
    end += Math.floor(rows / K) + (j < rows % K ? 1 : 0);
    for (; t < end; t++) folds[order[t]] = j;
  }
  return folds;
}

type Method = 'random' | 'P1' | 'P2' | 'order 1' | 'order 2';
const METHODS: Record<Method, (y: Labels, seed: number) => Int32Array> = {
  random: (y, seed) => randomFolds(y.shape[0], seed),
  P1: (y, seed) => iterativeStratification(y, { nFolds: K, seed, balance: false }),
  P2: (y, seed) => iterativeStratification(y, { nFolds: K, seed, order: 2, balance: false }),
  'order 1': (y, seed) => iterativeStratification(y, { nFolds: K, seed }),
  'order 2': (y, seed) => iterativeStratification(y, { nFolds: K, seed, order: 2 }),
};

interface Measures {
  ld: number;
  ed: number;
  lpd: number;
  fz: number;
  fzlp: number;
  flz: number;
  flpz: number;
}

function meanQuality(y: Labels, method: Method): Measures {
  const sum: Measures = { ld: 0, ed: 0, lpd: 0, fz: 0, fzlp: 0, flz: 0, flpz: 0 };
  for (let seed = 0; seed < SEEDS; seed++) {
    const q = splitQuality(y, METHODS[method](y, seed));
    sum.ld += q.labelDistribution;
    sum.ed += q.exampleDistribution;
    sum.lpd += q.labelPairDistribution;
    sum.fz += q.foldsWithoutPositives;
    sum.fzlp += q.foldLabelPairsWithoutPositives;
    sum.flz += q.labelFoldsWithoutPositives;
    sum.flpz += q.pairFoldsWithoutPositives;
  }
  for (const key of Object.keys(sum) as (keyof Measures)[]) sum[key] /= SEEDS;
  return sum;
}

const fmt = (x: number, digits = 3): string => (Number.isFinite(x) ? x.toFixed(digits) : String(x));
const triple = (v: number[], digits = 3): string => v.map((x) => fmt(x, digits)).join('/');

// ---- Quality ----
const qualityRows: Record<string, string | number>[] = [];
/** Numeric means per dataset and method, for scripts/figures/splitting-chart.ts. */
const qualityData: Record<string, string | number>[] = [];
const goalRows: Record<string, string | number>[] = [];
const goalsMet = { order1Ld: 0, order2Lpd: 0, zeroFolds: 0 };
for (const name of speedOnly ? [] : DATASETS) {
  const y = loadLabels(name);
  const a = ANCHORS[name];
  const m = Object.fromEntries(
    (Object.keys(METHODS) as Method[]).map((method) => [method, meanQuality(y, method)]),
  ) as Record<Method, Measures>;
  for (const [method, x] of Object.entries(m)) qualityData.push({ dataset: name, method, ...x });
  let bound = 0;
  const [rows, cols] = y.shape;
  for (let c = 0; c < cols; c++) {
    let support = 0;
    for (let r = 0; r < rows; r++) support += y.data[r * cols + c];
    if (support > 0) bound += Math.max(0, K - support);
  }
  const show = (x: Measures, key: keyof Measures, scale = 1, digits = 3): string =>
    fmt(x[key] * scale, digits);
  qualityRows.push({
    data: `${name} (${rows}x${cols})`,
    'LD e3 R/P1/P2/O1/O2': ['random', 'P1', 'P2', 'order 1', 'order 2']
      .map((k) => show(m[k as Method], 'ld', 1e3))
      .join('/'),
    'LD e3 I/K1/K2': triple(a.ld),
    'LPD e3 R/O1/O2': [
      show(m.random, 'lpd', 1e3),
      show(m['order 1'], 'lpd', 1e3),
      show(m['order 2'], 'lpd', 1e3),
    ].join('/'),
    'LPD e3 I/K1/K2': triple(a.lpd),
    'ED R/P1/O1/O2': [
      show(m.random, 'ed', 1, 2),
      show(m.P1, 'ed', 1, 2),
      show(m['order 1'], 'ed', 1, 2),
      show(m['order 2'], 'ed', 1, 2),
    ].join('/'),
    'ED I/K1/K2': triple(a.ed, 1),
    'FZ O1/O2 (I/K1/K2)': `${show(m['order 1'], 'fz', 1, 1)}/${show(m['order 2'], 'fz', 1, 1)} (${triple(a.fz, 0)})`,
    'FZLP O1/O2': `${show(m['order 1'], 'fzlp', 1, 1)}/${show(m['order 2'], 'fzlp', 1, 1)}`,
    'FLZ O1/O2 [bound] (I/K1/K2)': `${show(m['order 1'], 'flz', 1, 1)}/${show(m['order 2'], 'flz', 1, 1)} [${bound}] (${triple(a.flz, 0)})`,
    'FLPZ O2 (I/K2)': `${show(m['order 2'], 'flpz', 1, 0)} (${fmt(a.flpz[0], 0)}/${fmt(a.flpz[2], 0)})`,
  });
  const bestLd = Math.min(...a.ld);
  const bestFz = Math.min(...a.fz);
  const ok = (b: boolean): string => (b ? 'yes' : 'NO');
  if (m['order 1'].ld * 1e3 <= bestLd) goalsMet.order1Ld++;
  if (m['order 2'].lpd * 1e3 <= a.lpd[2]) goalsMet.order2Lpd++;
  if (m['order 1'].fz <= bestFz && m['order 2'].fz <= bestFz) goalsMet.zeroFolds++;
  goalRows.push({
    data: name,
    'O1 LD <= best anchor': `${ok(m['order 1'].ld * 1e3 <= bestLd)} (${fmt(m['order 1'].ld * 1e3)} vs ${fmt(bestLd)})`,
    'O1 ED <= 1': `${ok(m['order 1'].ed <= 1)} (${fmt(m['order 1'].ed, 2)})`,
    'O2 LPD <= K2': `${ok(m['order 2'].lpd * 1e3 <= a.lpd[2])} (${fmt(m['order 2'].lpd * 1e3)} vs ${fmt(a.lpd[2])})`,
    'FZ <= best anchor': ok(m['order 1'].fz <= bestFz && m['order 2'].fz <= bestFz),
    'FLZ = bound (O1/O2)': `${ok(m['order 1'].flz === bound)}/${ok(m['order 2'].flz === bound)}`,
  });
}
if (!speedOnly) {
  printTable(
    `Split quality, ${K} folds, mean over seeds 0-${SEEDS - 1}. R random, P1/P2 the published algorithms (balance: false), O1/O2 the library (order 1/2); anchors I iterstrat, K1/K2 scikit-multilearn order 1/2`,
    qualityRows,
  );
  printTable('Goals', goalRows);
}

// ---- Speed ----

/**
 * The published order-1 algorithm as iterative-stratification runs it, ported to plain
 * JavaScript: after each label, the label counts of the remaining rows are recounted.
 */
function plainPort(y: Labels, seed: number): Int32Array {
  const [rows, cols] = y.shape;
  const random = new SeededRandom(seed);
  const order = random.permutation(rows);
  const labelsOf: number[][] = Array.from({ length: rows }, (_, r) => {
    const list: number[] = [];
    for (let c = 0; c < cols; c++) if (y.data[r * cols + c] === 1) list.push(c);
    return list;
  });
  const folds = new Int32Array(rows).fill(-1);
  const desiredRows = new Array<number>(K).fill(rows / K);
  const desired = Array.from({ length: cols }, (_, c) => {
    let support = 0;
    for (let r = 0; r < rows; r++) support += y.data[r * cols + c];
    return new Array<number>(K).fill(support / K);
  });
  for (;;) {
    const counts = new Array<number>(cols).fill(0);
    for (const r of order) if (folds[r] < 0) for (const c of labelsOf[r]) counts[c]++;
    let label = -1;
    for (let c = 0; c < cols; c++) {
      if (counts[c] > 0 && (label < 0 || counts[c] < counts[label])) label = c;
    }
    if (label < 0) break;
    for (const r of order) {
      if (folds[r] >= 0 || !labelsOf[r].includes(label)) continue;
      let best = 0;
      for (let j = 1; j < K; j++) {
        const d = desired[label][j] - desired[label][best];
        if (d > 0 || (d === 0 && desiredRows[j] > desiredRows[best])) best = j;
      }
      folds[r] = best;
      desiredRows[best]--;
      for (const c of labelsOf[r]) desired[c][best]--;
    }
  }
  for (const r of order) {
    if (folds[r] >= 0) continue;
    let best = 0;
    for (let j = 1; j < K; j++) if (desiredRows[j] > desiredRows[best]) best = j;
    folds[r] = best;
    desiredRows[best]--;
  }
  return folds;
}

const speed: { name: string; y: Labels; anchors: [number, number, number] }[] = [
  {
    name: 'synthetic 100,000 x 100, 2 labels/row',
    y: synthetic(100_000, 100, 2, 1),
    anchors: [2.4, 5.5, 8.8],
  },
  {
    name: 'synthetic 100,000 x 100, 10 labels/row',
    y: synthetic(100_000, 100, 10, 2),
    anchors: [1.6, 105, Number.POSITIVE_INFINITY],
  },
  { name: 'delicious 16,105 x 983', y: loadLabels('delicious'), anchors: [4.5, 4.4, 202] },
];
/** Median CPU time (user + system) of `fn` in ms over `repeats` runs, after one warm-up run. */
function cpuTime(fn: () => unknown, repeats: number): number {
  fn();
  const times: number[] = [];
  for (let i = 0; i < repeats; i++) {
    const start = process.cpuUsage();
    fn();
    const used = process.cpuUsage(start);
    times.push((used.user + used.system) / 1000);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

/** The split seeds each speed figure is the median over. */
const SPEED_SEEDS = [1, 2, 3];
const finiteOrNull = (s: number): number | null =>
  Number.isFinite(s) ? Number(s.toFixed(2)) : null;
const median = (values: number[]): number =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
/** The median over {@link SPEED_SEEDS} of `measure(seed)`. */
const overSeeds = (measure: (seed: number) => number): number => median(SPEED_SEEDS.map(measure));
/** The read-once floor of `data`: the median time of one pass summing it. */
function readFloor(data: Float32Array | Uint8Array): number {
  return timeIt(() => {
    let sum = 0;
    for (let i = 0; i < data.length; i++) sum += data[i];
    return sum;
  }, 5);
}

// ---- Python references in this run (optional) ----
const PYTHON = '/usr/bin/python3';
/** A split that takes longer than this ends its case ("> 300 s"). */
const REFERENCE_TIMEOUT_S = 300;
const REFERENCES = ['iterstrat', 'skmultilearn1', 'skmultilearn2'] as const;
type Reference = (typeof REFERENCES)[number];
/** Where each Python reference's package comes from: an extracted checkout, or undefined. */
const referenceSource: Record<Reference, string | undefined> = {
  iterstrat: process.env.ITERSTRAT_SRC,
  skmultilearn1: process.env.SKMULTILEARN_SRC,
  skmultilearn2: process.env.SKMULTILEARN_SRC,
};
for (const [variable, source, pkg] of [
  ['ITERSTRAT_SRC', referenceSource.iterstrat, 'iterstrat'],
  ['SKMULTILEARN_SRC', referenceSource.skmultilearn1, 'skmultilearn'],
] as const) {
  if (source !== undefined && !existsSync(join(source, pkg, '__init__.py'))) {
    throw new Error(
      `${variable}=${source} holds no ${pkg}/__init__.py: point it at the root of an extracted checkout (bench/README.md)`,
    );
  }
}
const referenceDir = Object.values(referenceSource).some((s) => s !== undefined)
  ? mkdtempSync(join(tmpdir(), 'tfjs-multilabel-stratify-'))
  : undefined;

/**
 * The median over the split seeds of a Python reference's time on `bytes`, in seconds
 * (Infinity when a split passed the time limit), or undefined when its source is not set or it
 * failed (with a note).
 */
function timeReference(method: Reference, bytes: Labels): number | undefined {
  const source = referenceSource[method];
  if (source === undefined || referenceDir === undefined) return undefined;
  const file = join(referenceDir, 'labels.u8');
  writeFileSync(file, bytes.data);
  const run = spawnSync(
    PYTHON,
    [
      join(here, 'support', 'stratify_reference.py'),
      file,
      String(bytes.shape[0]),
      String(bytes.shape[1]),
      method,
      SPEED_SEEDS.join(','),
      String(REFERENCE_TIMEOUT_S),
    ],
    {
      encoding: 'utf8',
      env: { ...process.env, PYTHONPATH: source },
      stdio: ['ignore', 'pipe', 'inherit'],
      maxBuffer: 1 << 20,
    },
  );
  const last = run.stdout?.trim().split('\n').pop() ?? '';
  let result: { seconds: number[]; timedOut: boolean; error: string | null };
  try {
    result = JSON.parse(last);
  } catch {
    console.log(
      `note: ${method} did not run (${run.error ?? `exit ${run.status}`}); recorded anchor used`,
    );
    return undefined;
  }
  if (result.error !== null) {
    console.log(`note: ${method} failed (${result.error}); recorded anchor used`);
    return undefined;
  }
  return result.timedOut ? Number.POSITIVE_INFINITY : median(result.seconds);
}

const speedRows: Record<string, string | number>[] = [];
const speedSummary: Record<string, unknown>[] = [];
for (const { name, y: bytes, anchors: recorded } of speed) {
  const repeats = quick ? 3 : 5;
  const y = { data: Float32Array.from(bytes.data), shape: bytes.shape };
  const floor = readFloor(y.data);
  const split = (labels: Labels, order: 1 | 2) => (seed: number) =>
    timeIt(() => iterativeStratification(labels, { nFolds: K, seed, order }), repeats);
  const o1 = overSeeds(split(y, 1));
  const o2 = overSeeds(split(y, 2));
  const b1 = overSeeds(split(bytes, 1));
  const b2 = overSeeds(split(bytes, 2));
  const port = overSeeds((seed) => timeIt(() => plainPort(y, seed), 1));
  const cpu1 = overSeeds((seed) =>
    cpuTime(() => iterativeStratification(y, { nFolds: K, seed }), repeats),
  );
  const cpu2 = overSeeds((seed) =>
    cpuTime(() => iterativeStratification(y, { nFolds: K, seed, order: 2 }), repeats),
  );
  // The Python references of this run where their sources are set, else the recorded anchors.
  const measured = REFERENCES.map((method) => timeReference(method, bytes));
  const anchors = recorded.map((s, i) => measured[i] ?? s);
  const anchor = (s: number): string =>
    Number.isFinite(s) ? `${Number(s.toPrecision(3))} s` : '> 300 s';
  const ratio = (s: number, ms: number): string =>
    Number.isFinite(s)
      ? `${((s * 1000) / ms).toFixed(0)}x`
      : `> ${((300 * 1000) / ms).toFixed(0)}x`;
  speedRows.push({
    data: name,
    'read-once floor (ms)': floor.toFixed(1),
    'order 1 (ms)': o1.toFixed(0),
    'order 2 (ms)': o2.toFixed(0),
    'CPU order 1 / 2 (ms)': `${cpu1.toFixed(0)} / ${cpu2.toFixed(0)}`,
    'Uint8Array order 1 / 2 (ms)': `${b1.toFixed(0)} / ${b2.toFixed(0)}`,
    'plain JS port of iterstrat, this run (ms)': port.toFixed(0),
    'order 1 speed-up vs plain port': `${(port / o1).toFixed(1)}x`,
    // A reference that failed although its source is set shows its recorded time, marked.
    'I / K1 / K2': anchors
      .map((s, i) =>
        measured[i] === undefined && referenceSource[REFERENCES[i]] !== undefined
          ? `${anchor(s)} (recorded)`
          : anchor(s),
      )
      .join(' / '),
    'order 1 vs I (goal 20x)': ratio(anchors[0], o1),
    'order 2 vs K2 (goal 100x)': ratio(anchors[2], o2),
  });
  speedSummary.push({
    data: name,
    readFloorMs: Number(floor.toFixed(1)),
    order1Ms: Math.round(o1),
    order2Ms: Math.round(o2),
    uint8Order1Ms: Math.round(b1),
    uint8Order2Ms: Math.round(b2),
    plainPortMs: Math.round(port),
    speedUpVsPlainPort: Number((port / o1).toFixed(1)),
    references: {
      source: measured.map((m) => (m === undefined ? 'recorded' : 'this run')),
      iterstratS: finiteOrNull(anchors[0]),
      skmultilearnOrder1S: finiteOrNull(anchors[1]),
      skmultilearnOrder2S: finiteOrNull(anchors[2]),
    },
  });
}
if (referenceDir !== undefined) rmSync(referenceDir, { recursive: true, force: true });
const referenceNote = (['iterstrat', 'skmultilearn1'] as const)
  .map((m) =>
    referenceSource[m] === undefined
      ? `${m === 'iterstrat' ? 'iterstrat' : 'scikit-multilearn'} times recorded in the reference run (set ${m === 'iterstrat' ? 'ITERSTRAT_SRC' : 'SKMULTILEARN_SRC'} to time it here)`
      : `${m === 'iterstrat' ? 'iterstrat' : 'scikit-multilearn'} timed in this run from ${referenceSource[m]}`,
  )
  .join('; ');
printTable(
  `5-fold iterative stratification, median wall and CPU time over split seeds ${SPEED_SEEDS.join(', ')} (end to end from a dense label matrix; load average ${loadavg()
    .map((l) => l.toFixed(1))
    .join(
      ' ',
    )} on ${cpus().length} cores); I iterstrat, K1/K2 scikit-multilearn order 1/2: ${referenceNote}`,
  speedRows,
);
if (speedOnly) {
  writeResults('stratify-partial', speedRows, {
    folds: K,
    labelForm: 'Float32Array',
    speedSeeds: SPEED_SEEDS,
    speed: speedSummary,
  });
} else {
  // ---- Fold count ----
  // The same data split into ever more folds, up to one fold per row (leave-one-out).
  const foldData = synthetic(100_000, 50, 5, 3);
  const foldY = { data: Float32Array.from(foldData.data), shape: foldData.shape };
  const foldRows: Record<string, string | number>[] = [];
  const foldSummary: { folds: number; ms: number }[] = [];
  for (const folds of [5, 5_000, 20_000, 100_000]) {
    const ms = timeIt(
      () => iterativeStratification(foldY, { nFolds: folds, seed: 1 }),
      quick ? 1 : 3,
    );
    foldSummary.push({ folds, ms: Math.round(ms) });
    foldRows.push({
      data: 'synthetic 100,000 x 50, 5 labels/row',
      folds: folds === 100_000 ? '100,000 (one per row)' : folds.toLocaleString('en-US'),
      'order 1 (ms)': ms.toFixed(0),
      'vs 5 folds': `${(ms / foldSummary[0].ms).toFixed(1)}x`,
    });
  }
  printTable(
    'Iterative stratification by fold count, median wall time (end to end from a Float32Array label matrix)',
    foldRows,
  );

  writeResults('stratify', [...qualityRows, ...goalRows, ...speedRows, ...foldRows], {
    folds: K,
    seeds: SEEDS,
    datasets: DATASETS.length,
    order1LabelDistributionAtOrBelowBestPython: goalsMet.order1Ld,
    order2LabelPairDistributionAtOrBelowScikitMultilearn: goalsMet.order2Lpd,
    foldsWithoutPositivesAtOrBelowBestPython: goalsMet.zeroFolds,
    labelForm: 'Float32Array',
    speedSeeds: SPEED_SEEDS,
    speed: speedSummary,
    foldCount: foldSummary,
  });
  writeResults('stratify-quality', qualityData);
}

/**
 * Benchmark of the metrics on 100,000 rows x 100 labels of float32 scores against
 * scikit-learn 1.2 on the same data, measured in the same run (Debian's /usr/bin/python3 with
 * python3-sklearn; skipped with a note when it is missing).
 *
 * For each metric, scikit-learn runs first (on the same arrays, read from a temp file; best of
 * 3 runs), then the library in a child process that measures its peak extra memory (growth of
 * the process' peak resident set during one call, compared with the 38 MB score matrix) and
 * its best of 5 runs after warm-up. Running the two back to back and comparing CPU time keeps
 * the ratios steady on a shared machine; wall-time ratios are printed as well.
 *
 * The library gets its labels (and 0/1 predictions) in two forms, each in its own child: as a
 * `Float32Array`, the form a tfjs user has (`tensor.dataSync()`), which the speed-up and the
 * README quote, and as a `Uint8Array`. scikit-learn gets int8 labels and float32 scores.
 *
 * The float32 child also times the read-once floor of the metric's inputs: one pass summing
 * every input array (labels, and predictions or scores; propensities where used), best of 5 in
 * CPU time in the same process, and prints the metric's time as a multiple of it.
 *
 * Run: `npm run bench -- metrics`. `BENCH_METRICS=f1,coverage npm run bench -- metrics` runs only
 * the metrics whose name contains one of the given words.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SeededRandom } from '../src/core/random.js';
import * as m from '../src/metrics/index.js';
import { printTable, range, writeResults } from './harness.js';

const ROWS = 100_000;
const COLS = 100;
const PYTHON = '/usr/bin/python3';

/** What each benchmark row runs: ours, scikit-learn's expression, and the speed goal. */
interface Entry {
  name: string;
  kind: 'count' | 'ranking' | 'ranking (no reference)';
  /** Goal: how many times faster than scikit-learn. */
  goal?: number;
  /** Goal: at most how many times the read-once floor of the inputs. */
  floorGoal?: number;
  ours: (d: Data) => unknown;
  /** The arrays the metric reads, for the read-once floor. */
  inputs: (d: Data) => InputArray[];
  /** Python expression over y (int8 labels), p (int8 predictions), s (float32 scores). */
  sklearn?: string;
}

/** How the labels and 0/1 predictions reach the library. */
type LabelForm = 'float32' | 'uint8';

interface Data {
  yTrue: { data: Uint8Array | Float32Array; shape: [number, number] };
  yPred: { data: Uint8Array | Float32Array; shape: [number, number] };
  yScore: { data: Float32Array; shape: [number, number] };
  propensities: Float64Array;
}

type Labels = Data['yTrue'];
type InputArray = Uint8Array | Float32Array | Float64Array;
/**
 * Metrics of the labels and a second matrix (`second`), each timed beside its scikit-learn
 * expression, with the goals of their kind.
 */
const besideScikitLearn =
  <K extends 'yPred' | 'yScore'>(
    kind: 'count' | 'ranking',
    second: K,
    goals: { goal: number; floorGoal?: number },
  ) =>
  (name: string, ours: (y: Labels, second: Data[K]) => unknown, sklearn: string): Entry => ({
    name,
    kind,
    ...goals,
    ours: (d) => ours(d.yTrue, d[second]),
    inputs: (d) => [d.yTrue.data, d[second].data],
    sklearn,
  });
/**
 * A count metric of the labels and the 0/1 predictions beside scikit-learn's; goal 10x
 * scikit-learn and at most 3x the read-once floor.
 */
const count = besideScikitLearn('count', 'yPred', { goal: 10, floorGoal: 3 });
/** A ranking metric of the labels and the scores beside scikit-learn's; goal 10x. */
const ranking = besideScikitLearn('ranking', 'yScore', { goal: 10 });
/** A metric scikit-learn does not have: timed alone. */
const alone = (
  name: string,
  ours: (d: Data) => unknown,
  inputs: Entry['inputs'] = (d) => [d.yTrue.data, d.yScore.data],
): Entry => ({ name, kind: 'ranking (no reference)', ours, inputs });

const entries: Entry[] = [
  count('hammingLoss', m.hammingLoss, 'skm.hamming_loss(y, p)'),
  count('subsetAccuracy', m.subsetAccuracy, 'skm.accuracy_score(y, p)'),
  ...(['macro', 'micro', 'samples'] as const).map((average) =>
    count(
      `f1Score ${average}`,
      (y, p) => m.f1Score(y, p, { average }),
      `skm.f1_score(y, p, average='${average}')`,
    ),
  ),
  count(
    'jaccardScore samples',
    (y, p) => m.jaccardScore(y, p, { average: 'samples' }),
    "skm.jaccard_score(y, p, average='samples')",
  ),
  count(
    'precisionRecallFscoreSupport',
    m.precisionRecallFscoreSupport,
    'skm.precision_recall_fscore_support(y, p)',
  ),
  count(
    'multilabelConfusionMatrix',
    m.multilabelConfusionMatrix,
    'skm.multilabel_confusion_matrix(y, p)',
  ),
  count(
    'classificationReport',
    m.classificationReport,
    'skm.classification_report(y, p, zero_division=0)',
  ),
  ranking(
    'averagePrecisionScore macro',
    m.averagePrecisionScore,
    "skm.average_precision_score(y, s, average='macro')",
  ),
  ranking(
    'averagePrecisionScore micro',
    (y, s) => m.averagePrecisionScore(y, s, { average: 'micro' }),
    "skm.average_precision_score(y, s, average='micro')",
  ),
  ranking('rocAucScore macro', m.rocAucScore, "skm.roc_auc_score(y, s, average='macro')"),
  ranking(
    'rocAucScore micro',
    (y, s) => m.rocAucScore(y, s, { average: 'micro' }),
    "skm.roc_auc_score(y, s, average='micro')",
  ),
  ranking(
    'labelRankingAveragePrecision',
    m.labelRankingAveragePrecision,
    'skm.label_ranking_average_precision_score(y, s)',
  ),
  // Coverage's goal is the floor alone: scikit-learn's coverage_error is one vectorized pass.
  {
    ...ranking('coverageError', m.coverageError, 'skm.coverage_error(y, s)'),
    goal: undefined,
    floorGoal: 3,
  },
  ranking('labelRankingLoss', m.labelRankingLoss, 'skm.label_ranking_loss(y, s)'),
  ranking('ndcgScore', m.ndcgScore, 'skm.ndcg_score(y, s)'),
  ranking('ndcgScore k=5', (y, s) => m.ndcgScore(y, s, { k: 5 }), 'skm.ndcg_score(y, s, k=5)'),
  alone('oneError', (d) => m.oneError(d.yTrue, d.yScore)),
  alone('precisionAtK k=5', (d) => m.precisionAtK(d.yTrue, d.yScore, { k: 5 })),
  alone(
    'propensityScoredNdcgAtK k=5',
    (d) => m.propensityScoredNdcgAtK(d.yTrue, d.yScore, { k: 5, propensities: d.propensities }),
    (d) => [d.yTrue.data, d.yScore.data, d.propensities],
  ),
  alone('MultilabelMetrics exact (all metrics)', (d) =>
    new m.MultilabelMetrics().update(d.yTrue, d.yScore).compute(),
  ),
  alone('MultilabelMetrics bins=1000 (all metrics)', (d) =>
    new m.MultilabelMetrics({ bins: 1000 }).update(d.yTrue, d.yScore).compute(),
  ),
];

/** Seeded labels with per-label prevalences from 1% to 30% and float32 scores that rank them imperfectly. */
function generate(): Data {
  const random = new SeededRandom(2024);
  const yTrue = new Uint8Array(ROWS * COLS);
  const yPred = new Uint8Array(ROWS * COLS);
  const yScore = new Float32Array(ROWS * COLS);
  const prevalence = Array.from({ length: COLS }, (_, j) => 0.01 * 30 ** (j / (COLS - 1)));
  const counts = new Float64Array(COLS);
  for (let r = 0; r < ROWS; r++) {
    for (let j = 0; j < COLS; j++) {
      const i = r * COLS + j;
      const y = random.nextFloat() < prevalence[j] ? 1 : 0;
      // Box-Muller normal noise around a label-dependent logit.
      const u = Math.max(random.nextFloat(), 1e-12);
      const noise = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random.nextFloat());
      const logit = (y === 1 ? 1.5 : -1.5) + 1.5 * noise;
      yTrue[i] = y;
      counts[j] += y;
      yScore[i] = 1 / (1 + Math.exp(-logit));
      yPred[i] = yScore[i] >= 0.5 ? 1 : 0;
    }
  }
  const propensities = m.jainPropensities(counts, ROWS);
  const shape: [number, number] = [ROWS, COLS];
  return {
    yTrue: { data: yTrue, shape },
    yPred: { data: yPred, shape },
    yScore: { data: yScore, shape },
    propensities,
  };
}

function load(dir: string, form: LabelForm): Data {
  // Views of the file buffers, no copy, so that the baseline peak memory is the data itself.
  const read = (name: string) => {
    const buffer = readFileSync(join(dir, name));
    if (buffer.byteOffset % 8 !== 0) throw new Error(`${name} is not 8-byte aligned`);
    return { buffer: buffer.buffer, offset: buffer.byteOffset, bytes: buffer.byteLength };
  };
  const shape: [number, number] = [ROWS, COLS];
  const y = read('y.u8');
  const p = read('p.u8');
  const s = read('s.f32');
  const w = read('propensities.f64');
  const labels = (file: { buffer: ArrayBufferLike; offset: number; bytes: number }) => {
    const bytes = new Uint8Array(file.buffer, file.offset, file.bytes);
    return form === 'uint8' ? bytes : Float32Array.from(bytes);
  };
  return {
    yTrue: { data: labels(y), shape },
    yPred: { data: labels(p), shape },
    yScore: { data: new Float32Array(s.buffer, s.offset, s.bytes / 4), shape },
    propensities: new Float64Array(w.buffer, w.offset, w.bytes / 8),
  };
}

/** The goals of an entry, as the table prints them. */
function goalText(entry: Entry): string {
  const goals = [
    ...(entry.goal === undefined ? [] : [`${entry.goal}x sklearn`]),
    ...(entry.floorGoal === undefined ? [] : [`<= ${entry.floorGoal}x floor`]),
  ];
  return goals.length === 0 ? '-' : goals.join(', ');
}

/** Whether an entry met its goals ('-' without goals or without the scikit-learn timing they need). */
function goalMet(entry: Entry, ratio: number | undefined, floorRatio: number): string {
  if (entry.goal === undefined && entry.floorGoal === undefined) return '-';
  if (entry.goal !== undefined && ratio === undefined) return '-';
  const sklearnMet = entry.goal === undefined || (ratio as number) >= entry.goal;
  const floorMet = entry.floorGoal === undefined || floorRatio <= entry.floorGoal;
  return sklearnMet && floorMet ? 'yes' : 'NO';
}

/** Times one scikit-learn expression: best of 3 runs, CPU time and wall time. */
const PYTHON_SCRIPT = `
import json, sys, time
import numpy as np
import sklearn
from sklearn import metrics as skm
d, expr = sys.argv[1], sys.argv[2]
R, C = ${ROWS}, ${COLS}
y = np.fromfile(d + '/y.u8', dtype=np.uint8).reshape(R, C).astype(np.int8)
p = np.fromfile(d + '/p.u8', dtype=np.uint8).reshape(R, C).astype(np.int8)
s = np.fromfile(d + '/s.f32', dtype=np.float32).reshape(R, C)
cpu, wall = [], []
for _ in range(3):
    c, t = time.process_time(), time.perf_counter()
    v = eval(expr)
    cpu.append((time.process_time() - c) * 1000)
    wall.append((time.perf_counter() - t) * 1000)
value = float(v) if np.ndim(v) == 0 and not isinstance(v, (str, tuple)) else None
print(json.dumps({'version': sklearn.__version__, 'cpu': min(cpu), 'wall': min(wall), 'value': value}))
`;

interface Timing {
  cpu: number;
  wall: number;
  value: number | null;
}

/** A child's timing: the metric's, its peak memory and the read-once floor of its inputs. */
interface ChildTiming extends Timing {
  peakMB: number;
  /** CPU time (ms) of one pass summing every input array. */
  floor: number;
}

function runPython(dir: string, expr: string): Timing & { version: string } {
  const out = execFileSync(PYTHON, [join(dir, 'bench.py'), dir, expr], {
    encoding: 'utf8',
    maxBuffer: 1 << 24,
  });
  return JSON.parse(out);
}

function runChild(dir: string, name: string, form: LabelForm): ChildTiming {
  const result = spawnSync(
    process.execPath,
    ['--import', 'tsx', fileURLToPath(import.meta.url), '--child', dir, name, form],
    { encoding: 'utf8', maxBuffer: 1 << 24 },
  );
  if (result.status !== 0) throw new Error(`child ${name} failed:\n${result.stderr}`);
  return JSON.parse(result.stdout.trim().split('\n').pop() as string);
}

/** Best of `repeats` runs after two warm-up runs, in CPU time and in wall time (ms). */
function bestOf(fn: () => unknown, repeats: number): { cpu: number; wall: number } {
  fn();
  fn();
  let cpu = Number.POSITIVE_INFINITY;
  let wall = Number.POSITIVE_INFINITY;
  for (let i = 0; i < repeats; i++) {
    const c = process.cpuUsage();
    const t = performance.now();
    fn();
    wall = Math.min(wall, performance.now() - t);
    const d = process.cpuUsage(c);
    cpu = Math.min(cpu, (d.user + d.system) / 1000);
  }
  return { cpu, wall };
}

function child(dir: string, name: string, form: LabelForm): void {
  const data = load(dir, form);
  const entry = entries.find((e) => e.name === name) as Entry;
  const before = process.resourceUsage().maxRSS;
  const value = entry.ours(data);
  const peakMB = (process.resourceUsage().maxRSS - before) / 1024;
  const { cpu, wall } = bestOf(() => entry.ours(data), 5);
  const inputs = entry.inputs(data);
  const floor = bestOf(() => readOnce(inputs), 5).cpu;
  console.log(
    JSON.stringify({ cpu, wall, peakMB, floor, value: typeof value === 'number' ? value : null }),
  );
}

/** The read-once floor: one pass summing every input array (one loop per array kind). */
function readOnce(arrays: readonly InputArray[]): number {
  let sum = 0;
  for (const a of arrays) {
    sum +=
      a instanceof Float32Array
        ? sumFloat32(a)
        : a instanceof Uint8Array
          ? sumUint8(a)
          : sumFloat64(a);
  }
  return sum;
}

function sumFloat32(a: Float32Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i];
  return sum;
}

function sumUint8(a: Uint8Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i];
  return sum;
}

function sumFloat64(a: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i];
  return sum;
}

const only = process.env.BENCH_METRICS?.split(',').map((w) => w.trim().toLowerCase());
const selected = entries.filter(
  (e) => only === undefined || only.some((w) => e.name.toLowerCase().includes(w)),
);

function main(): void {
  const dir = mkdtempSync(join(tmpdir(), 'tfjs-multilabel-bench-'));
  try {
    const data = generate();
    writeFileSync(join(dir, 'y.u8'), data.yTrue.data);
    writeFileSync(join(dir, 'p.u8'), data.yPred.data);
    writeFileSync(join(dir, 's.f32'), data.yScore.data);
    writeFileSync(join(dir, 'propensities.f64'), data.propensities);
    const scoreMB = (ROWS * COLS * 4) / 2 ** 20;
    let version: string | undefined;
    try {
      execFileSync(PYTHON, ['-c', 'import sklearn'], { stdio: 'ignore' });
      writeFileSync(join(dir, 'bench.py'), PYTHON_SCRIPT);
      version = 'available';
    } catch {
      console.log(
        `note: ${PYTHON} with scikit-learn is not available; printing the library's times only.`,
      );
    }
    const rows: Record<string, string | number>[] = [];
    const speedUps: { kind: Entry['kind']; float32: number; uint8: number }[] = [];
    const floorRatios: { kind: Entry['kind']; ratio: number }[] = [];
    for (const entry of selected) {
      // scikit-learn and the library run back to back, metric by metric, so that both see the
      // same load on a shared machine; ratios use CPU time (wall-time ratios are printed too).
      const theirs =
        version !== undefined && entry.sklearn !== undefined
          ? runPython(dir, entry.sklearn)
          : undefined;
      if (theirs !== undefined) version = theirs.version;
      const ours = runChild(dir, entry.name, 'float32');
      const bytes = runChild(dir, entry.name, 'uint8');
      const ratio = theirs === undefined ? undefined : theirs.cpu / ours.cpu;
      const floorRatio = ours.cpu / ours.floor;
      floorRatios.push({ kind: entry.kind, ratio: floorRatio });
      const ratioUint8 = theirs === undefined ? undefined : theirs.cpu / bytes.cpu;
      if (ratio !== undefined && ratioUint8 !== undefined) {
        speedUps.push({ kind: entry.kind, float32: ratio, uint8: ratioUint8 });
      }
      const agree =
        ours.value !== null && theirs?.value !== undefined && theirs.value !== null
          ? Math.abs(ours.value - theirs.value) <= 1e-9 * Math.max(1, Math.abs(theirs.value))
            ? 'yes'
            : `NO (${ours.value} vs ${theirs.value})`
          : '-';
      rows.push({
        metric: entry.name,
        kind: entry.kind,
        'ours cpu (ms)': ours.cpu.toFixed(1),
        'sklearn cpu (ms)': theirs === undefined ? '-' : theirs.cpu.toFixed(0),
        'speed-up': ratio === undefined ? '-' : `${ratio.toFixed(1)}x`,
        'read-once floor (ms)': ours.floor.toFixed(1),
        'x floor': `${floorRatio.toFixed(1)}x`,
        'ours cpu, uint8 labels (ms)': bytes.cpu.toFixed(1),
        'speed-up, uint8 labels': ratioUint8 === undefined ? '-' : `${ratioUint8.toFixed(1)}x`,
        'wall speed-up': theirs === undefined ? '-' : `${(theirs.wall / ours.wall).toFixed(1)}x`,
        goal: goalText(entry),
        met: goalMet(entry, ratio, floorRatio),
        'same value': agree,
        'peak extra (MB)': ours.peakMB.toFixed(1),
        'x scores': (ours.peakMB / scoreMB).toFixed(2),
      });
    }
    printTable(
      `metrics on ${ROWS} x ${COLS} float32 scores (${scoreMB.toFixed(0)} MB), labels as Float32Array (and as Uint8Array), vs scikit-learn ${version ?? '(not run)'}, CPU time, best of several runs`,
      rows,
    );
    const of = (kind: Entry['kind'], form: LabelForm) =>
      speedUps.filter((s) => s.kind === kind).map((s) => s[form]);
    const summary =
      speedUps.length === 0
        ? undefined
        : {
            shape: [ROWS, COLS],
            sklearn: version,
            labelForm: 'Float32Array',
            countSpeedUp: range(of('count', 'float32')),
            rankingSpeedUp: range(of('ranking', 'float32')),
            countSpeedUpUint8: range(of('count', 'uint8')),
            rankingSpeedUpUint8: range(of('ranking', 'uint8')),
            countFloorRatio: range(
              floorRatios.filter((f) => f.kind === 'count').map((f) => f.ratio),
            ),
            sameValues: rows.every((r) => r['same value'] !== 'NO'),
          };
    // A partial run (BENCH_METRICS) does not replace the recorded full run.
    writeResults(only === undefined ? 'metrics' : 'metrics-partial', rows, summary);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[2] === '--child')
  child(process.argv[3], process.argv[4], process.argv[5] as LabelForm);
else main();

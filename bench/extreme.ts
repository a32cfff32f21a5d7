/**
 * Extreme scale in Node: the top-k metrics from sparse labels (CSR) and top-100 predictions on
 * synthetic data shaped like the Extreme Classification Repository's test sets (rows, labels and
 * true labels per row as published; label frequencies following a power law, as there):
 * EURLex-4K (3,865 x 3,956, 5.30 per row), Wiki10-31K (6,616 x 30,938, 18.64) and Amazon-670K
 * (153,025 x 670,091, 5.45). Propensities: `jainPropensities` (A = 0.6, B = 2.6, Amazon's
 * constants) on the expected label counts of a training set 3.2 times the test set. The
 * predictions find a true label with probability 0.9 for the most frequent labels, falling to
 * about 0.16 for the rarest.
 *
 * Measured per dataset, in a child process of its own so that its peak RSS (`maxRSS`, taken
 * right after the report) counts the data (labels and predictions built there) and nothing
 * else: the wall time of P@k, nDCG@k, PSP@k and PSnDCG@k for k = 1, 3, 5 by one `topKReport`
 * (k = 5, every cut in one pass), by the 12 single-cut functions, and by a plain JavaScript
 * baseline written the direct way (per row: sort its entries with `Array.prototype.sort`, a
 * `Set` of its true labels), in the same child; the report must equal the single-cut values
 * exactly, and the baseline to 1e-9.
 * The child's baseline RSS (Node and tsx, before any data) is printed beside the peak.
 *
 * Goal (Amazon-670K shape, top-100 predictions, data included): the 12 values in at most 2 s
 * and 1 GB peak RSS.
 *
 * Stratification: 5-fold order-1 `iterativeStratification` of CSR labels of the Amazon-670K
 * training shape (490,449 x 670,091, 5.45 per row), in a child process: wall time, peak RSS, and
 * LD on the labels with at least 200 positives against a random split of the same sizes. Goal:
 * at most 20 s and 2 GB, LD no worse than the random split's.
 *
 * Thresholds: `optimizeThresholds` (micro F1: one global threshold, one per label with and
 * without the `minPositives` fallback) from the top-100 predictions and CSR labels of the first half of the Amazon-670K
 * shape's rows, in a child process (wall time, peak RSS); the thresholds applied to the second
 * half, whose micro F1 is printed beside that of the best fixed top-k (k = 1-10 chosen on the
 * first half).
 *
 * Run: `npm run bench -- extreme`.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SeededRandom } from '../src/core/random.js';
import type { SparseLabelMatrix } from '../src/core/sparse-label-matrix.js';
import type { TopKPredictions } from '../src/core/top-k-predictions.js';
import { iterativeStratification, sparseLabelCooccurrence } from '../src/data/index.js';
import {
  f1Score,
  ndcgAtK,
  precisionAtK,
  propensityScoredNdcgAtK,
  propensityScoredPrecisionAtK,
} from '../src/metrics/index.js';
import { optimizeThresholds, topK } from '../src/thresholds/index.js';
import { chromiumArgs, chromiumPath } from '../test/chromium.js';
import { printTable, writeResults } from './harness.js';
import {
  type ExtremeData,
  KS,
  labelSampler,
  report,
  SHAPES,
  type Shape,
  synthetic,
  syntheticLabels,
  TOP,
} from './support/extreme-data.js';

/** The 12 metrics with the library's single-cut functions, one call each. */
function library(data: ExtremeData): number[] {
  const { yTrue, yScore, propensities } = data;
  return KS.flatMap((k) => [
    precisionAtK(yTrue, yScore, { k }),
    ndcgAtK(yTrue, yScore, { k }),
    propensityScoredPrecisionAtK(yTrue, yScore, { k, propensities }),
    propensityScoredNdcgAtK(yTrue, yScore, { k, propensities }),
  ]);
}

/** The 12 metrics the direct way (pyxclib's definitions), as a user would write them. */
function plainBaseline(data: ExtremeData): number[] {
  const { yTrue, yScore, propensities } = data;
  const [rows] = yTrue.shape;
  const out: number[] = [];
  for (const k of KS) {
    let p = 0;
    let n = 0;
    let psp = 0;
    let pspIdeal = 0;
    let psn = 0;
    let psnIdeal = 0;
    for (let r = 0; r < rows; r++) {
      const truth = new Set<number>();
      for (let a = yTrue.indptr[r]; a < yTrue.indptr[r + 1]; a++) truth.add(yTrue.indices[a]);
      const entries = Array.from({ length: yScore.k }, (_, e) => r * yScore.k + e).sort(
        (a, b) => yScore.scores[b] - yScore.scores[a] || yScore.indices[a] - yScore.indices[b],
      );
      const ideal = [...truth].map((l) => 1 / propensities[l]).sort((a, b) => b - a);
      let norm = 0;
      for (let i = 0; i < Math.min(k, truth.size); i++) norm += 1 / Math.log2(i + 2);
      let hits = 0;
      let dcg = 0;
      let gain = 0;
      let discounted = 0;
      for (let i = 0; i < k; i++) {
        const l = yScore.indices[entries[i]];
        if (!truth.has(l)) continue;
        hits++;
        dcg += 1 / Math.log2(i + 2);
        gain += 1 / propensities[l];
        discounted += 1 / propensities[l] / Math.log2(i + 2);
      }
      let best = 0;
      let bestDiscounted = 0;
      for (let i = 0; i < Math.min(k, ideal.length); i++) {
        best += ideal[i];
        bestDiscounted += ideal[i] / Math.log2(i + 2);
      }
      p += hits / k;
      n += truth.size === 0 ? 0 : dcg / norm;
      psp += gain / k;
      pspIdeal += best / k;
      psn += truth.size === 0 ? 0 : discounted / norm;
      psnIdeal += truth.size === 0 ? 0 : bestDiscounted / norm;
    }
    out.push(p / rows, n / rows, psp / pspIdeal, psn / psnIdeal);
  }
  return out;
}

const here = dirname(fileURLToPath(import.meta.url));

/** The training set of Amazon-670K: 490,449 rows. */
const AMAZON_TRAIN: Shape = {
  name: 'Amazon-670K train',
  rows: 490449,
  labels: 670091,
  perRow: 5.45,
};
const FOLDS = 5;
/** Labels with at least this many positives count as frequent in the LD comparison. */
const FREQUENT = 200;

/**
 * Mean over the frequent labels of LD (Sechidis et al. 2011): the mean over folds of
 * |p_lj / (n_j - p_lj) - P_l / (N - P_l)|.
 */
function frequentLabelLd(y: SparseLabelMatrix, folds: Int32Array): { ld: number; labels: number } {
  const [rows, labels] = y.shape;
  const perFold = new Int32Array(labels * FOLDS);
  const support = new Int32Array(labels);
  const sizes = new Int32Array(FOLDS);
  for (let r = 0; r < rows; r++) {
    sizes[folds[r]]++;
    for (let a = y.indptr[r]; a < y.indptr[r + 1]; a++) {
      perFold[y.indices[a] * FOLDS + folds[r]]++;
      support[y.indices[a]]++;
    }
  }
  let sum = 0;
  let n = 0;
  for (let l = 0; l < labels; l++) {
    if (support[l] < FREQUENT) continue;
    const whole = support[l] / (rows - support[l]);
    let gap = 0;
    for (let j = 0; j < FOLDS; j++) {
      const p = perFold[l * FOLDS + j];
      gap += Math.abs(p / (sizes[j] - p) - whole);
    }
    sum += gap / FOLDS;
    n++;
  }
  return { ld: sum / n, labels: n };
}

/** 5-fold order-1 stratification of the Amazon-670K training shape (the child's side). */
function stratifyChild(): void {
  const baseRss = process.memoryUsage().rss;
  const random = new SeededRandom(3);
  const y = syntheticLabels(AMAZON_TRAIN, random, labelSampler(AMAZON_TRAIN.labels, random));
  const start = performance.now();
  const folds = iterativeStratification(y, { nFolds: FOLDS, seed: 1 });
  const ms = performance.now() - start;
  const peak = process.resourceUsage().maxRSS * 1024;
  // A random split of the same sizes: a shuffled KFold.
  const order = new SeededRandom(2).permutation(AMAZON_TRAIN.rows);
  const randomFolds = new Int32Array(AMAZON_TRAIN.rows);
  order.forEach((r, t) => {
    randomFolds[r] = Math.floor((t * FOLDS) / AMAZON_TRAIN.rows);
  });
  const ours = frequentLabelLd(y, folds);
  const baseline = frequentLabelLd(y, randomFolds);
  console.log(
    JSON.stringify({
      baseRss,
      ms,
      peak,
      ld: ours.ld,
      randomLd: baseline.ld,
      frequent: ours.labels,
      positives: y.indices.length,
    }),
  );
}

/** The sparse co-occurrence of the Amazon-670K training shape (the child's side). */
function cooccurrenceChild(): void {
  const baseRss = process.memoryUsage().rss;
  const random = new SeededRandom(3);
  const y = syntheticLabels(AMAZON_TRAIN, random, labelSampler(AMAZON_TRAIN.labels, random));
  const start = performance.now();
  const c = sparseLabelCooccurrence(y, { normalize: 'conditional' });
  const ms = performance.now() - start;
  const peak = process.resourceUsage().maxRSS * 1024;
  console.log(JSON.stringify({ baseRss, ms, peak, pairs: c.indices.length }));
}

/** Rows `from` .. `to` of CSR labels. */
function labelRows(y: SparseLabelMatrix, from: number, to: number): SparseLabelMatrix {
  const indptr = Int32Array.from(
    { length: to - from + 1 },
    (_, r) => (y.indptr[from + r] as number) - (y.indptr[from] as number),
  );
  const indices = (y.indices as Int32Array).slice(y.indptr[from], y.indptr[to]);
  return { indptr, indices, shape: [to - from, y.shape[1]] };
}

/** Rows `from` .. `to` of top-k predictions. */
function predictionRows(p: TopKPredictions, from: number, to: number): TopKPredictions {
  const { k } = p;
  return {
    indices: (p.indices as Int32Array).slice(from * k, to * k),
    scores: (p.scores as Float32Array).slice(from * k, to * k),
    k,
    shape: [to - from, p.shape[1]],
  };
}

/** Labels with fewer positives than this take the global threshold in the bench's fit. */
const MIN_POSITIVES = 10;

/**
 * Thresholds from top-100 predictions on the Amazon-670K shape (the child's side): fitted on
 * the first half of the rows (one global threshold; one per label for micro F1, with labels of
 * fewer than MIN_POSITIVES positives on the global one, and without that fallback), applied to
 * the second half; micro F1 there beside the best fixed top-k (k = 1-10, chosen on the first
 * half).
 */
function thresholdsChild(): void {
  const baseRss = process.memoryUsage().rss;
  const shape = SHAPES.find((s) => s.name === 'Amazon-670K') as Shape;
  const { yTrue, yScore } = synthetic(shape, 1);
  const half = Math.floor(shape.rows / 2);
  const fitY = labelRows(yTrue, 0, half);
  const fitS = predictionRows(yScore, 0, half);
  const testY = labelRows(yTrue, half, shape.rows);
  const testS = predictionRows(yScore, half, shape.rows);
  const fitTimed = (strategy: 'global' | 'micro', minPositives = 0) => {
    const start = performance.now();
    const t = optimizeThresholds(fitY, fitS, { metric: 'f1', strategy, minPositives });
    return { ms: performance.now() - start, t };
  };
  const global = fitTimed('global');
  const micro = fitTimed('micro', MIN_POSITIVES);
  const unpooled = fitTimed('micro');
  const peak = process.resourceUsage().maxRSS * 1024;
  const start = performance.now();
  const sets = micro.t.apply(testS);
  const applyMs = performance.now() - start;
  const heldOut = (pred: SparseLabelMatrix) => f1Score(testY, pred, { average: 'micro' }) as number;
  let kBest = 1;
  let fitBest = Number.NEGATIVE_INFINITY;
  for (let k = 1; k <= 10; k++) {
    const value = f1Score(fitY, topK(fitS, k), { average: 'micro' }) as number;
    if (value > fitBest) {
      fitBest = value;
      kBest = k;
    }
  }
  console.log(
    JSON.stringify({
      baseRss,
      peak,
      globalMs: global.ms,
      microMs: micro.ms,
      unpooledMs: unpooled.ms,
      applyMs,
      f1Global: heldOut(global.t.apply(testS)),
      f1Micro: heldOut(sets),
      f1Unpooled: heldOut(unpooled.t.apply(testS)),
      f1TopK: heldOut(topK(testS, kBest)),
      kBest,
    }),
  );
}

/** Runs one dataset in this process and prints its figures as JSON (the child's side). */
function child(name: string): void {
  const baseRss = process.memoryUsage().rss;
  const shape = SHAPES.find((s) => s.name === name) as Shape;
  const start = performance.now();
  const data = synthetic(shape, 1);
  const built = performance.now() - start;
  const timed = (fn: () => number[]): { ms: number; values: number[] } => {
    const t = performance.now();
    const values = fn();
    return { ms: performance.now() - t, values };
  };
  const ours = timed(() => report(data));
  const peakOurs = process.resourceUsage().maxRSS * 1024;
  const single = timed(() => library(data));
  const plain = timed(() => plainBaseline(data));
  const agree =
    ours.values.every((v, i) => v === single.values[i]) &&
    ours.values.every((v, i) => Math.abs(v - plain.values[i]) <= 1e-9 * Math.max(1, v));
  console.log(
    JSON.stringify({
      baseRss,
      built,
      ms: ours.ms,
      singleMs: single.ms,
      plainMs: plain.ms,
      peak: peakOurs,
      agree,
      values: ours.values,
      positives: data.yTrue.indices.length,
    }),
  );
}

/**
 * Times the report of `shape` in headless Chromium (Debian's, as the browser tests): the page
 * builds the data and runs the report; the peak resident set (VmHWM) of the renderer processes,
 * read from /proc, is its memory with the data included.
 */
async function inChromium(names: string[]) {
  // Loaded here, not at the top: the Node children's memory must not count them.
  const { build } = await import('tsup');
  const { chromium } = await import('playwright');
  const dir = mkdtempSync(join(tmpdir(), 'extreme-page-'));
  try {
    await build({
      entry: { page: join(here, 'support', 'extreme-page.ts') },
      format: ['iife'],
      platform: 'browser',
      outDir: dir,
      silent: true,
      minify: false,
      sourcemap: false,
      dts: false,
    });
    const script = readFileSync(join(dir, 'page.global.js'), 'utf8');
    const out: Record<string, { ms: number; values: number[]; heap: number; peak: number }> = {};
    for (const name of names) {
      // A browser per shape: its renderer's peak memory is that shape's alone.
      const browser = await chromium.launch({
        executablePath: chromiumPath,
        args: [...chromiumArgs, '--enable-precise-memory-info'],
      });
      try {
        const page = await browser.newPage();
        await page.addScriptTag({ content: script });
        const r = await page.evaluate(
          (n) =>
            (
              globalThis as unknown as {
                runExtreme: (n: string) => { ms: number; values: number[]; heap: number };
              }
            ).runExtreme(n),
          name,
        );
        out[name] = { ...r, peak: rendererPeak() };
      } finally {
        await browser.close();
      }
    }
    return out;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The largest peak resident set (VmHWM, bytes) of the running Chromium renderer processes. */
function rendererPeak(): number {
  let peak = 0;
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      if (!cmdline.includes('--type=renderer')) continue;
      const hwm = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
      if (hwm !== null) peak = Math.max(peak, Number(hwm[1]) * 1024);
    } catch {
      // The process ended while being read.
    }
  }
  return peak;
}

/** Runs `args` in a child process of this script and returns the JSON it prints. */
function inChild(args: string[]) {
  const run = spawnSync(
    process.execPath,
    ['--import', 'tsx', fileURLToPath(import.meta.url), ...args],
    { encoding: 'utf8', maxBuffer: 1 << 24 },
  );
  if (run.status !== 0) {
    console.error(run.stderr);
    process.exit(1);
  }
  return JSON.parse(run.stdout.trim().split('\n').pop() as string);
}

if (process.argv[2] === '--child') {
  child(process.argv[3]);
} else if (process.argv[2] === '--stratify') {
  stratifyChild();
} else if (process.argv[2] === '--cooccurrence') {
  cooccurrenceChild();
} else if (process.argv[2] === '--thresholds') {
  thresholdsChild();
} else {
  const mb = (bytes: number) => (bytes / 2 ** 20).toFixed(0);
  const rows: Record<string, string | number>[] = [];
  const summary: Record<string, unknown> = {};
  for (const shape of SHAPES) {
    const r = inChild(['--child', shape.name]);
    rows.push({
      data: `${shape.name} (${shape.rows.toLocaleString('en')} x ${shape.labels.toLocaleString('en')}, ${(r.positives / shape.rows).toFixed(2)}/row)`,
      'top-100 predictions (MiB)': ((shape.rows * TOP * 8) / 2 ** 20).toFixed(0),
      'topKReport k=5 (ms)': r.ms.toFixed(0),
      '12 single-cut calls (ms)': r.singleMs.toFixed(0),
      'plain JS baseline (ms)': r.plainMs.toFixed(0),
      'speed-up': `${(r.plainMs / r.ms).toFixed(1)}x`,
      'peak RSS, data included (MB)': mb(r.peak),
      'of it Node + tsx (MB)': mb(r.baseRss),
      'same values': r.agree ? 'yes' : 'NO',
      'P@5': r.values[8].toFixed(4),
      'PSP@5': r.values[10].toFixed(4),
      values: r.values.map((v: number) => v.toFixed(4)).join(),
    });
    if (shape.name === 'Amazon-670K') {
      summary.amazonMs = Math.round(r.ms);
      summary.amazonPeakMb = Math.round(r.peak / 2 ** 20);
      summary.amazonSpeedUp = Number((r.plainMs / r.ms).toFixed(1));
      summary.goalMet = r.ms <= 2000 && r.peak <= 2 ** 30;
    }
  }
  const browser = await inChromium(SHAPES.map((shape) => shape.name));
  const browserRows = SHAPES.map((shape) => {
    const b = browser[shape.name];
    const node = rows[SHAPES.indexOf(shape)];
    return {
      data: shape.name,
      'topKReport k=5 in Chromium (ms)': b.ms.toFixed(0),
      'renderer peak RSS, data included (MB)': mb(b.peak),
      'JS heap after (MB)': mb(b.heap),
      'same values as Node':
        b.values.map((v) => v.toFixed(4)).join() === node.values ? 'yes' : 'NO',
    };
  });
  const amazon = browser['Amazon-670K'];
  summary.chromiumMs = Math.round(amazon.ms);
  summary.chromiumPeakMb = Math.round(amazon.peak / 2 ** 20);
  summary.chromiumGoalMet = amazon.ms <= 4000 && amazon.peak <= 512 * 2 ** 20;
  const s = inChild(['--stratify']);
  const stratifyRows = [
    {
      data: `${AMAZON_TRAIN.name} (${AMAZON_TRAIN.rows.toLocaleString('en')} x ${AMAZON_TRAIN.labels.toLocaleString('en')}, ${(s.positives / AMAZON_TRAIN.rows).toFixed(2)}/row), CSR`,
      '5-fold order 1 (s)': (s.ms / 1000).toFixed(1),
      'peak RSS, data included (MB)': mb(s.peak),
      'of it Node + tsx (MB)': mb(s.baseRss),
      [`LD e3, labels with >= ${FREQUENT} positives (${s.frequent})`]: (s.ld * 1e3).toFixed(3),
      'LD e3, random split': (s.randomLd * 1e3).toFixed(3),
    },
  ];
  const co = inChild(['--cooccurrence']);
  const cooccurrenceRows = [
    {
      data: `${AMAZON_TRAIN.name}, CSR`,
      'sparseLabelCooccurrence, conditional (s)': (co.ms / 1000).toFixed(1),
      'pairs stored': co.pairs.toLocaleString('en'),
      'peak RSS, data included (MB)': mb(co.peak),
      'dense matrix would need (GiB)': ((AMAZON_TRAIN.labels ** 2 * 8) / 2 ** 30).toFixed(0),
    },
  ];
  const th = inChild(['--thresholds']);
  const thresholdRows = [
    {
      data: `Amazon-670K, top-${TOP}: fitted on ${Math.floor(SHAPES[2].rows / 2).toLocaleString('en')} rows, applied to the rest`,
      'global (ms)': th.globalMs.toFixed(0),
      [`per label, minPositives ${MIN_POSITIVES} (ms)`]: th.microMs.toFixed(0),
      'per label, no fallback (ms)': th.unpooledMs.toFixed(0),
      'apply (ms)': th.applyMs.toFixed(0),
      'peak RSS, data included (MB)': mb(th.peak),
      'held-out micro F1: global / per label (minPositives) / per label (no fallback)': `${th.f1Global.toFixed(4)} / ${th.f1Micro.toFixed(4)} / ${th.f1Unpooled.toFixed(4)}`,
      [`held-out micro F1, best top-k (k = ${th.kBest})`]: th.f1TopK.toFixed(4),
    },
  ];
  summary.thresholdsMicroMs = Math.round(th.microMs);
  summary.thresholdsPeakMb = Math.round(th.peak / 2 ** 20);
  summary.thresholdsHeldOutMicroF1 = Number(th.f1Micro.toFixed(4));
  summary.topKHeldOutMicroF1 = Number(th.f1TopK.toFixed(4));
  summary.cooccurrenceSeconds = Number((co.ms / 1000).toFixed(1));
  summary.cooccurrencePeakMb = Math.round(co.peak / 2 ** 20);
  summary.stratifySeconds = Number((s.ms / 1000).toFixed(1));
  summary.stratifyPeakMb = Math.round(s.peak / 2 ** 20);
  summary.stratifyGoalMet = s.ms <= 20000 && s.peak <= 2 * 2 ** 30 && s.ld <= s.randomLd;
  printTable(
    'Top-k metrics from CSR labels and top-100 predictions (Node, one child process per dataset; goal on Amazon-670K: <= 2 s and <= 1 GB peak RSS)',
    rows.map(({ values: _, ...row }) => row),
  );
  printTable(
    'The same report in headless Chromium (the page builds the data; goal on Amazon-670K: <= 4 s and <= 512 MB)',
    browserRows,
  );
  printTable(
    'Iterative stratification from CSR labels (goal: <= 20 s and <= 2 GB peak RSS, LD on the frequent labels no worse than a random split)',
    stratifyRows,
  );
  printTable(
    'Label co-occurrence from CSR labels (sparse result: only the pairs that occur)',
    cooccurrenceRows,
  );
  printTable(
    'Thresholds from top-k predictions and CSR labels (optimizeThresholds, metric F1; Thresholds#apply gives CSR label sets)',
    thresholdRows,
  );
  writeResults(
    'extreme',
    [
      ...rows.map(({ values: _, ...row }) => row),
      ...browserRows,
      ...stratifyRows,
      ...cooccurrenceRows,
      ...thresholdRows,
    ],
    summary,
  );
}

/**
 * The README's numbers, generated: every figure in README.md sits between
 * `<!-- readme:<name> -->` and `<!-- /readme:<name> -->` markers and is rendered here from what
 * a script measured:
 *
 * - `demo`, `figures`: the summaries of the latest recorded benchmark runs
 *   (`bench/results/<name>.json`, written by `npm run bench -- <name>`) and the number of
 *   scikit-learn golden cases (test/fixtures/metrics-golden.json);
 * - `bundle-sizes`: `npm run size` (scripts/bundle-size.ts) on the current build.
 *
 *   npm run readme             rewrite the blocks of README.md (run `npm run build` first)
 *   npm run readme -- --check  exit 1 when README.md differs from what the scripts give
 *
 * test/package/readme.test.ts fails when README.md drifts, and when a number appears outside
 * the blocks (in prose, not in code).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BundleSize, measureBundles } from './bundle-size.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
export const readmeFile = join(root, 'README.md');

/** A recorded benchmark run: when, where, and the figures the README quotes. */
interface BenchResult<S> {
  date: string;
  machine?: string;
  summary?: S;
}
type Range = [number, number];
interface MetricsSummary {
  shape: [number, number];
  sklearn: string;
  countSpeedUp: Range;
  rankingSpeedUp: Range;
  countSpeedUpUint8: Range;
  rankingSpeedUpUint8: Range;
}
interface LossesSummary {
  timeVsTfjsBce: Range;
  speedUpVsNaive: Range;
  backends: string[];
}
interface StratifySummary {
  folds: number;
  datasets: number;
  order1LabelDistributionAtOrBelowBestPython: number;
  order2LabelPairDistributionAtOrBelowScikitMultilearn: number;
  speed: { data: string; order1Ms: number; order2Ms: number; speedUpVsPlainPort: number }[];
}
interface ThresholdsSummary {
  shape: [number, number];
  perLabelVsAveragePrecision: number;
  datasets: number;
  cells: number;
  crossValidatedAtLeastFixed: number;
  crossValidatedWithinHundredthOfBest: number;
}
interface ExtremeSummary {
  amazonMs: number;
  amazonPeakMb: number;
  amazonSpeedUp: number;
  chromiumMs: number;
  chromiumPeakMb: number;
  stratifySeconds: number;
  stratifyPeakMb: number;
}
interface ParallelSummary {
  rows: number;
  cols: number;
  syncMs: number;
  speedUp1: number;
  speedUp2: number;
}
interface DemoSummary {
  backend: string;
  seconds: number;
  testMap: number;
  macroF1: number;
  macroF1AtHalf: number;
}

/** Everything the README's numbers come from. */
export interface ReadmeSources {
  /** package.json's peer range of tfjs-core (the same as tfjs-layers'). */
  tfjsRange: string;
  bundles: readonly BundleSize[];
  goldenCases: number;
  bench: {
    metrics: BenchResult<MetricsSummary>;
    losses: BenchResult<LossesSummary>;
    stratify: BenchResult<StratifySummary>;
    thresholds: BenchResult<ThresholdsSummary>;
    demo: BenchResult<DemoSummary>;
    extreme: BenchResult<ExtremeSummary>;
    parallel: BenchResult<ParallelSummary>;
  };
}

function readJson<T>(path: string): T {
  return JSON.parse(readFileSync(join(root, path), 'utf8')) as T;
}

function summaryOf<S>(name: string, result: BenchResult<S>): S {
  if (result.summary === undefined) {
    throw new Error(`bench/results/${name}.json has no summary: run \`npm run bench -- ${name}\`.`);
  }
  return result.summary;
}

/** Reads the recorded runs and measures the bundles of the current build. */
export async function readSources(): Promise<ReadmeSources> {
  const bench = (name: string) => readJson<BenchResult<never>>(`bench/results/${name}.json`);
  const pkg = readJson<{ peerDependencies: Record<string, string> }>('package.json');
  return {
    tfjsRange: pkg.peerDependencies['@tensorflow/tfjs-core'],
    bundles: await measureBundles(),
    goldenCases: readJson<{ cases: unknown[] }>('test/fixtures/metrics-golden.json').cases.length,
    bench: {
      metrics: bench('metrics'),
      losses: bench('losses'),
      stratify: bench('stratify'),
      thresholds: bench('thresholds'),
      demo: bench('demo'),
      extreme: bench('extreme'),
      parallel: bench('parallel'),
    },
  };
}

const thousands = (n: number): string => n.toLocaleString('en-US');
const span = ([low, high]: Range, unit = 'x'): string =>
  low === high ? `${low}${unit}` : `${low}–${high}${unit}`;
const day = (result: BenchResult<unknown>): string => result.date.slice(0, 10);
const source = (name: string, result: BenchResult<unknown>): string =>
  `([${name}](bench/README.md), ${day(result)})`;
const machines = (bench: ReadmeSources['bench']): string[] => [
  ...new Set(Object.values(bench).map((result) => result.machine ?? 'not recorded')),
];
const kB = (bytes: number): string => `${(bytes / 1024).toFixed(1)} kB`;

/** The text of each generated block. */
export function renderBlocks(sources: ReadmeSources): Record<string, string> {
  const { bench } = sources;
  const demo = summaryOf('demo', bench.demo);
  const metrics = summaryOf('metrics', bench.metrics);
  const losses = summaryOf('losses', bench.losses);
  const stratify = summaryOf('stratify', bench.stratify);
  const thresholds = summaryOf('thresholds', bench.thresholds);
  const extreme = summaryOf('extreme', bench.extreme);
  const parallel = summaryOf('parallel', bench.parallel);
  const [rows, cols] = metrics.shape;
  const synthetic = stratify.speed[0];
  const oldest = sources.tfjsRange.replace(/^\^/, '');
  return {
    'tfjs-range': `It works with TensorFlow.js ${oldest} and every later ${oldest.split('.')[0]}.x release (peer range \`${sources.tfjsRange}\`; \`npm run test:tfjs-oldest\` runs the cpu and wasm suites on ${oldest}).`,
    demo: `In the last recorded run (\`npm run bench -- demo\`, ${day(bench.demo)}) it took ${demo.seconds} s on the ${demo.backend} backend, with test mAP ${demo.testMap.toFixed(3)} and macro-F1 ${demo.macroF1.toFixed(3)} with the cross-validated thresholds (${demo.macroF1AtHalf.toFixed(3)} at a fixed 0.5).`,
    figures: [
      `Machine${machines(bench).length > 1 ? 's' : ''}: ${machines(bench).join('; ')}.`,
      '',
      `- Metrics agree with scikit-learn ${metrics.sklearn} on ${thousands(sources.goldenCases)} golden cases to 1e-9, and on ${thousands(rows)} x ${thousands(cols)} scores with labels as a \`Float32Array\` (what \`dataSync()\` returns) run ${span(metrics.countSpeedUp)} faster than it for count metrics and ${span(metrics.rankingSpeedUp)} for ranking metrics (from \`Uint8Array\` labels: ${span(metrics.countSpeedUpUint8)} and ${span(metrics.rankingSpeedUpUint8)}) ${source('metrics', bench.metrics)}.`,
      `- Losses (forward + backward, from logits) take ${span(losses.timeVsTfjsBce)} the time of \`tf.losses.sigmoidCrossEntropy\` on ${losses.backends.join(' and ')}, and run ${span(losses.speedUpVsNaive)} faster than the same loss written with autodiff ${source('losses', bench.losses)}.`,
      `- Parallel evaluation: every \`MultilabelMetrics\` value of ${thousands(parallel.rows)} x ${thousands(parallel.cols)} float32 labels and scores (${(parallel.syncMs / 1000).toFixed(1)} s synchronously) ${parallel.speedUp2}x faster with 2 workers, ${parallel.speedUp1}x with 1, equal number for number ${source('parallel', bench.parallel)}.`,
      `- Iterative stratification: a label distribution at least as even as the best Python implementation's on ${stratify.order1LabelDistributionAtOrBelowBestPython} of ${stratify.datasets} MULAN datasets (order 1), label pairs at least as even as scikit-multilearn's on ${stratify.order2LabelPairDistributionAtOrBelowScikitMultilearn} of ${stratify.datasets} (order 2); ${stratify.folds} folds of ${synthetic.data.replace(/, .*$/, '')} labels (\`Float32Array\`) in ${synthetic.order1Ms} ms at order 1 and ${synthetic.order2Ms} ms at order 2, ${synthetic.speedUpVsPlainPort}x faster than a plain JavaScript port of the published algorithm ${source('stratify', bench.stratify)}.`,
      `- Thousands of labels: on the Amazon-670K shape (153,025 x 670,091, CSR labels and top-100 predictions), P@k, nDCG@k, PSP@k and PSnDCG@k at 1, 3 and 5 take ${thousands(extreme.amazonMs)} ms and ${extreme.amazonPeakMb} MB peak RSS in Node, data included (${extreme.amazonSpeedUp}x faster than a plain JavaScript loop), and ${thousands(extreme.chromiumMs)} ms and ${extreme.chromiumPeakMb} MB in headless Chromium; 5-fold stratification of its 490,449-row training shape takes ${extreme.stratifySeconds} s and ${extreme.stratifyPeakMb} MB ${source('extreme', bench.extreme)}.`,
      `- The exact per-label threshold search on ${thousands(thresholds.shape[0])} x ${thousands(thresholds.shape[1])} scores costs ${thresholds.perLabelVsAveragePrecision}x one macro average precision; the cross-validated rule scored at least a fixed 0.5 in ${thresholds.crossValidatedAtLeastFixed} of ${thresholds.cells} cells (${thresholds.datasets} MULAN datasets x micro, macro and samples F1) and came within 0.01 of the best rule in hindsight in ${thresholds.crossValidatedWithinHundredthOfBest} ${source('thresholds', bench.thresholds)}.`,
    ].join('\n'),
    'bundle-sizes': [
      '| import | minified | gzip |',
      '| --- | ---: | ---: |',
      ...sources.bundles.map((b) => `| \`${b.name}\` | ${kB(b.minified)} | ${kB(b.gzip)} |`),
    ].join('\n'),
  };
}

const blockPattern = /<!-- readme:([\w-]+) -->\n(?:[\s\S]*?\n)?<!-- \/readme:\1 -->/g;

/** `readme` with every generated block replaced; throws on a block it cannot render or a missing one. */
export function applyBlocks(readme: string, blocks: Record<string, string>): string {
  const seen = new Set<string>();
  const out = readme.replace(blockPattern, (_, name: string) => {
    if (!(name in blocks)) throw new Error(`README.md has a block "${name}" that nothing renders.`);
    seen.add(name);
    return `<!-- readme:${name} -->\n${blocks[name]}\n<!-- /readme:${name} -->`;
  });
  const missing = Object.keys(blocks).filter((name) => !seen.has(name));
  if (missing.length > 0) throw new Error(`README.md lacks the block(s) ${missing.join(', ')}.`);
  return out;
}

/** README.md as the scripts give it. */
export async function generateReadme(readme = readFileSync(readmeFile, 'utf8')): Promise<string> {
  return applyBlocks(readme, renderBlocks(await readSources()));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const current = readFileSync(readmeFile, 'utf8');
  const generated = await generateReadme(current);
  if (process.argv.includes('--check')) {
    if (generated !== current) {
      console.error('README.md differs from what the scripts give: run `npm run readme`.');
      process.exit(1);
    }
    console.log('README.md is up to date.');
  } else if (generated === current) {
    console.log('README.md is up to date.');
  } else {
    writeFileSync(readmeFile, generated);
    console.log('README.md rewritten.');
  }
}

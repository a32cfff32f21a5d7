/**
 * Reads every ARFF file of the MULAN/MEKA dataset collection with `readArff` and checks it
 * against the collection's `meta.json`: rows, features, labels, label names, cardinality,
 * distinct labelsets, rows without labels and labels without positives, per split; the label
 * matrix against the converted CSV / sparse JSON, cell for cell; the MEKA copies read through
 * their `-C`; and MEKA's Enron against MULAN's enron train + test as a multiset of rows.
 *
 * With `--write-bench-data`, also writes the label matrices (train + test) of the datasets that
 * `bench/stratify.ts` uses to `bench/data/<name>.labels.txt`: a comment line, "rows labels",
 * then one line per row with its positive label indices.
 *
 * Run: `node --import tsx scripts/check-datasets.ts [dataDir] [--write-bench-data]`
 * (dataDir defaults to ../shared/data next to the repository).
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type ArffDataset, labelStatistics, readArff } from '../src/data/index.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const writeBenchData = args.includes('--write-bench-data');
const dataDir = args.find((a) => !a.startsWith('--')) ?? join(root, '..', 'shared', 'data');
if (!existsSync(dataDir)) {
  console.error(`No dataset collection at ${dataDir}; pass its path as the first argument.`);
  process.exit(2);
}

/** The datasets of the stratification benchmark. */
export const BENCH_DATASETS = [
  'yeast',
  'scene',
  'emotions',
  'enron',
  'medical',
  'bibtex',
  'corel5k',
  'tmc2007-500',
  'delicious',
];

interface SplitMeta {
  rows: number;
  cardinality: number;
  distinctLabelsets: number;
  rowsWithoutLabels: number;
  labelsWithoutPositives: number;
  arff?: string;
}
interface Meta {
  name: string;
  nFeatures: number;
  nLabels: number;
  droppedAttributes: string[];
  labelsFromXml: string;
  labelNames: string[];
  splits: Record<string, SplitMeta>;
  meka?: Record<string, SplitMeta & { nFeatures: number; nLabels: number; labelNames: string[] }>;
}

let passed = 0;
let failed = 0;
function check(what: string, ok: boolean, detail: string): void {
  if (ok) passed++;
  else failed++;
  console.log(`${ok ? 'OK ' : 'BAD'} ${what}: ${detail}`);
}

/** Label rows of a dataset as lists of positive label indices. */
function labelLists(d: { labels: ArffDataset['labels'] }): number[][] {
  const [rows, cols] = d.labels.shape;
  return Array.from({ length: rows }, (_, r) => {
    const list: number[] = [];
    for (let c = 0; c < cols; c++) if (d.labels.data[r * cols + c] === 1) list.push(c);
    return list;
  });
}

function statsLine(y: ArffDataset['labels'], expected: SplitMeta): [boolean, string] {
  const s = labelStatistics(y);
  const without = s.labelCounts.filter((c) => c === 0).length;
  const ok =
    s.rows === expected.rows &&
    Math.abs(s.cardinality - expected.cardinality) < 5e-5 &&
    s.distinctLabelsets === expected.distinctLabelsets &&
    s.rowsWithoutLabels === expected.rowsWithoutLabels &&
    without === expected.labelsWithoutPositives;
  return [
    ok,
    `rows ${s.rows} card ${s.cardinality.toFixed(4)} (meta ${expected.cardinality}) distinct ${s.distinctLabelsets} empty rows ${s.rowsWithoutLabels} labels w/o positives ${without}`,
  ];
}

/** Labels of the converted file (CSV or sparse JSON) of a split, as lists. */
function convertedLabels(dir: string, base: string, meta: Meta): number[][] | null {
  const sparse = join(dir, `${base}.sparse.json`);
  if (existsSync(sparse)) return JSON.parse(readFileSync(sparse, 'utf8')).labels as number[][];
  const csv = join(dir, `${base}.csv`);
  if (!existsSync(csv)) return null;
  return readFileSync(csv, 'utf8')
    .trimEnd()
    .split('\n')
    .slice(1)
    .map((line) => {
      const cells = line.split(',');
      const list: number[] = [];
      for (let c = 0; c < meta.nLabels; c++) if (cells[meta.nFeatures + c] === '1') list.push(c);
      return list;
    });
}

/**
 * The value the collection's converters wrote for category `index` of a nominal feature: the
 * number for a numeric category, 1 / 0 for YES / NO, else the index.
 */
function convertedCategory(categories: string[], index: number): number {
  const category = categories[index];
  if (category === 'YES') return 1;
  if (category === 'NO') return 0;
  return category.trim() !== '' && Number.isFinite(Number(category)) ? Number(category) : index;
}

/** Compares the features with the converted file; returns a description of the first difference. */
function compareFeatures(d: ArffDataset, dir: string, base: string, meta: Meta): string | null {
  const [rows, f] = d.features.shape;
  const kept = d.featureNames.flatMap((n, c) => (meta.droppedAttributes.includes(n) ? [] : [c]));
  const value = (r: number, c: number): number => {
    const x = d.features.data[r * f + c];
    const categories = d.featureCategories[c];
    return categories === null || Number.isNaN(x) ? x : convertedCategory(categories, x);
  };
  const sparse = join(dir, `${base}.sparse.json`);
  if (existsSync(sparse)) {
    const lists = JSON.parse(readFileSync(sparse, 'utf8')).features as number[][];
    for (let r = 0; r < rows; r++) {
      const ones = kept.flatMap((c, j) => (value(r, c) === 1 ? [j] : []));
      if (JSON.stringify(ones) !== JSON.stringify(lists[r])) return `row ${r} differs`;
    }
    return null;
  }
  const lines = readFileSync(join(dir, `${base}.csv`), 'utf8')
    .trimEnd()
    .split('\n')
    .slice(1);
  for (let r = 0; r < rows; r++) {
    const cells = lines[r].split(',');
    for (let j = 0; j < kept.length; j++) {
      const expected = cells[j] === '' ? Number.NaN : Number(cells[j]);
      const got = value(r, kept[j]);
      if (!Object.is(got, expected) && !(got === 0 && expected === 0)) {
        return `row ${r} feature ${d.featureNames[kept[j]]}: ${got} vs ${expected}`;
      }
    }
  }
  return null;
}

const benchLabels = new Map<string, { names: string[]; rows: number[][] }>();
for (const name of readdirSync(dataDir).sort()) {
  const dir = join(dataDir, name);
  if (!existsSync(join(dir, 'meta.json'))) continue;
  const meta = JSON.parse(readFileSync(join(dir, 'meta.json'), 'utf8')) as Meta;
  const xml = readFileSync(join(dir, meta.labelsFromXml), 'utf8');
  const parts: Record<string, ArffDataset> = {};
  for (const [split, expected] of Object.entries(meta.splits)) {
    if (expected.arff === undefined) continue;
    const t0 = performance.now();
    const d = readArff(readFileSync(join(dir, expected.arff), 'utf8'), {
      labels: xml,
      dtype: 'float64',
    });
    const ms = performance.now() - t0;
    parts[split] = d;
    const [rows, features] = d.features.shape;
    const shapeOk =
      rows === expected.rows &&
      features === meta.nFeatures + meta.droppedAttributes.length &&
      d.labels.shape[1] === meta.nLabels &&
      JSON.stringify(d.labelNames) === JSON.stringify(meta.labelNames);
    check(
      `${name}/${expected.arff}`,
      shapeOk,
      `${rows} x ${features} features (meta ${meta.nFeatures}${meta.droppedAttributes.length > 0 ? ` + dropped ${meta.droppedAttributes.join(', ')}` : ''}), ${d.labels.shape[1]} labels, names ${shapeOk ? 'equal' : 'differ'} (${ms.toFixed(0)} ms)`,
    );
    const [statsOk, statsText] = statsLine(d.labels, expected);
    check(`${name}/${expected.arff} statistics`, statsOk, statsText);
    const base = split === 'full' ? name : `${name}-${split}`;
    const converted = convertedLabels(dir, base, meta);
    if (converted !== null) {
      const same = JSON.stringify(labelLists(d)) === JSON.stringify(converted);
      check(
        `${name}/${expected.arff} labels`,
        same,
        `cell for cell ${same ? 'equal' : 'different'} to ${base}.(csv|sparse.json)`,
      );
      const mismatch = compareFeatures(d, dir, base, meta);
      check(
        `${name}/${expected.arff} features`,
        mismatch === null,
        mismatch ?? `cell for cell equal to ${base}.(csv|sparse.json)`,
      );
    }
  }
  const whole = meta.splits['train+test'];
  if (whole !== undefined && parts.train !== undefined && parts.test !== undefined) {
    const q = meta.nLabels;
    const data = new Int8Array(whole.rows * q);
    data.set(parts.train.labels.data);
    data.set(parts.test.labels.data, parts.train.labels.data.length);
    const [ok, text] = statsLine({ data, shape: [whole.rows, q] }, whole);
    check(`${name} train+test statistics`, ok, text);
    if (BENCH_DATASETS.includes(name)) {
      const rows = labelLists({ labels: { data, shape: [whole.rows, q] } });
      benchLabels.set(name, { names: meta.labelNames, rows });
    }
  }
  for (const [file, expected] of Object.entries(meta.meka ?? {})) {
    const d = readArff(readFileSync(join(dir, 'meka', file), 'utf8'));
    const ok =
      d.features.shape[0] === expected.rows &&
      d.features.shape[1] === expected.nFeatures &&
      d.labels.shape[1] === expected.nLabels &&
      JSON.stringify(d.labelNames) === JSON.stringify(expected.labelNames);
    check(
      `${name}/meka/${file} (-C in @relation)`,
      ok,
      `${d.features.shape[0]} x ${d.features.shape[1]} features, ${d.labels.shape[1]} labels`,
    );
    const [statsOk, statsText] = statsLine(d.labels, expected);
    check(`${name}/meka/${file} statistics`, statsOk, statsText);
    if (name === 'enron' && parts.train !== undefined && parts.test !== undefined) {
      const rowsOf = (x: ArffDataset): string[] => {
        const [n, f] = x.features.shape;
        const l = x.labels.shape[1];
        return Array.from(
          { length: n },
          (_, r) =>
            `${Array.from(x.features.data.subarray(r * f, (r + 1) * f)).join(',')}|${Array.from(x.labels.data.subarray(r * l, (r + 1) * l)).join(',')}`,
        );
      };
      const meka = rowsOf(d).sort();
      const mulan = [...rowsOf(parts.train), ...rowsOf(parts.test)].sort();
      const same = JSON.stringify(meka) === JSON.stringify(mulan);
      check(
        `enron/meka/${file} vs MULAN train + test`,
        same,
        `same multiset of ${meka.length} rows: ${same}`,
      );
    }
  }
  if (name === 'medical') {
    // The medical files carry a stale MEKA `-C 45`: read through it, the labels are the first
    // 45 attributes (really features); the XML names the right ones.
    const text = readFileSync(join(dir, 'medical-train.arff'), 'utf8');
    const byC = readArff(text);
    const byXml = readArff(text, { labels: xml });
    const ok =
      JSON.stringify(byC.labelNames) !== JSON.stringify(meta.labelNames) &&
      JSON.stringify(byXml.labelNames) === JSON.stringify(meta.labelNames);
    check(
      'medical -C 45 vs XML',
      ok,
      `-C gives ${byC.labelNames.slice(0, 2).join(', ')}, ...; the XML gives ${byXml.labelNames.slice(0, 2).join(', ')}, ...`,
    );
  }
}

console.log(`\n${passed} passed, ${failed} failed`);
if (writeBenchData) {
  const out = join(root, 'bench', 'data');
  mkdirSync(out, { recursive: true });
  for (const name of BENCH_DATASETS) {
    const entry = benchLabels.get(name);
    if (entry === undefined) throw new Error(`dataset ${name} was not read`);
    const file = join(out, `${name}.labels.txt`);
    const body = entry.rows.map((r) => r.join(' ')).join('\n');
    writeFileSync(
      file,
      `# ${name}: labels of the MULAN train + test files, one row per line (the positive label indices), written by scripts/check-datasets.ts\n${entry.rows.length} ${entry.names.length}\n${body}\n`,
    );
    console.log(`wrote ${file}`);
  }
}
if (failed > 0) process.exit(1);

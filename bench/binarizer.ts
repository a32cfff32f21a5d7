/**
 * Label names to CSR at scale: `MultiLabelBinarizer` on 1,000,000 tag lists over 10,000
 * string labels (1 to 9 tags per row, 5 on average, label frequencies following a power law
 * as tags do; a row may list a tag twice), `sparseOutput: true`. Timed: `transform` with the
 * classes fitted, and `fitTransform` (learning and sorting the classes in the same call).
 * Reference, in the same process: a plain JavaScript loop a user would write, one `Map`
 * lookup per tag pushing ids into arrays (no checks, no deduplication, rows unsorted).
 * The three alternate call by call; median wall time of `BENCH_REPEATS` (default 7) rounds
 * after one warm-up round. Goal: both calls under 2 s.
 *
 * Run: `npm run bench -- binarizer`.
 */
import { SeededRandom } from '../src/core/random.js';
import { MultiLabelBinarizer } from '../src/data/index.js';
import { printTable, writeResults } from './harness.js';
import { labelSampler } from './support/extreme-data.js';

const ROWS = 1_000_000;
const LABELS = 10_000;
const GOAL_MS = 2000;
const REPEATS = Number(process.env.BENCH_REPEATS ?? 7);

const names = Array.from({ length: LABELS }, (_, j) => `tag-${j}`);
const random = new SeededRandom(18);
// Power-law frequencies: label j drawn with weight 1 / (j + 10), as the extreme bench draws them.
const drawId = labelSampler(LABELS, random);
const drawLabel = (): string => names[drawId()];
const rows: string[][] = new Array(ROWS);
let listed = 0;
for (let r = 0; r < ROWS; r++) {
  const n = 1 + random.nextInt(9);
  const row = new Array<string>(n);
  for (let i = 0; i < n; i++) row[i] = drawLabel();
  rows[r] = row;
  listed += n;
}

const fitted = new MultiLabelBinarizer({ sparseOutput: true }).fit(rows);
const classes = fitted.classes;

/** The reference: one Map lookup per tag, ids pushed into plain arrays. */
function baseline(): { indptr: number[]; indices: number[] } {
  const index = new Map<string, number>();
  for (let j = 0; j < classes.length; j++) index.set(classes[j] as string, j);
  const indptr = [0];
  const indices: number[] = [];
  for (const row of rows) {
    for (const tag of row) {
      const id = index.get(tag);
      if (id !== undefined) indices.push(id);
    }
    indptr.push(indices.length);
  }
  return { indptr, indices };
}

const runs = {
  transform: () => fitted.transform(rows),
  fitTransform: () => new MultiLabelBinarizer({ sparseOutput: true }).fitTransform(rows),
  baseline,
};
type Name = keyof typeof runs;
const times: Record<Name, number[]> = { transform: [], fitTransform: [], baseline: [] };
for (let round = -1; round < REPEATS; round++) {
  for (const name of Object.keys(runs) as Name[]) {
    const start = performance.now();
    runs[name]();
    const ms = performance.now() - start;
    if (round >= 0) times[name].push(ms);
  }
}
const median = (values: number[]): number =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

// The library's CSR has each row's ids once, ascending: check it against the reference's.
const csr = runs.transform();
const reference = baseline();
for (let r = 0; r < ROWS; r++) {
  const expected = [
    ...new Set(reference.indices.slice(reference.indptr[r], reference.indptr[r + 1])),
  ]
    .sort((a, b) => a - b)
    .join();
  const ids = (csr.indices as Int32Array).subarray(csr.indptr[r], csr.indptr[r + 1]);
  if (Array.from(ids).join() !== expected) {
    throw new Error(`row ${r}: the binarizer's ids differ from the reference's`);
  }
}

const baseMs = median(times.baseline);
const table = (Object.keys(runs) as Name[]).map((name) => {
  const ms = median(times[name]);
  return {
    call: name === 'baseline' ? 'plain JS Map loop (reference)' : name,
    'median (ms)': ms.toFixed(0),
    'min (ms)': Math.min(...times[name]).toFixed(0),
    'x reference': (ms / baseMs).toFixed(2),
    goal: name === 'baseline' ? '-' : `< ${GOAL_MS} ms`,
    met: name === 'baseline' ? '-' : ms < GOAL_MS ? 'yes' : 'NO',
  };
});
printTable(
  `${ROWS.toLocaleString('en')} tag lists (${listed.toLocaleString('en')} tags, ${classes.length.toLocaleString('en')} classes) to CSR, median of ${REPEATS}`,
  table,
);
writeResults('binarizer', table, {
  rows: ROWS,
  labels: classes.length,
  tags: listed,
  goalMs: GOAL_MS,
  transformMs: Math.round(median(times.transform)),
  fitTransformMs: Math.round(median(times.fitTransform)),
  baselineMs: Math.round(baseMs),
});

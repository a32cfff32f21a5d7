/**
 * Compares two benchmark runs: for every `bench/results/<name>.json` found in both folders, the
 * rows with the same identifying cells (the cells that are not numbers) are paired and each time
 * column (a header ending in `(ms)`, or `ms`) is printed as before, after and after / before, as a
 * markdown table. Used for the before/after table of a change that must keep the speed:
 *
 *   npx tsx scripts/bench-compare.ts <results folder before> <results folder after> [name ...]
 *
 * Run both benchmarks on the same machine back to back (or alternating), never against a
 * recorded result from another day.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

type Row = Record<string, string | number>;

const [beforeDir, afterDir, ...names] = process.argv.slice(2);
if (beforeDir === undefined || afterDir === undefined) {
  console.error(
    'usage: tsx scripts/bench-compare.ts <before results folder> <after results folder> [name ...]',
  );
  process.exit(2);
}

const isTimeColumn = (header: string): boolean => header === 'ms' || header.endsWith('(ms)');
const asNumber = (cell: string | number | undefined): number =>
  typeof cell === 'number' ? cell : cell === undefined ? Number.NaN : Number.parseFloat(cell);
// Outcome cells (a goal met or not, a value equal or not) may change between runs: not part of the key.
const isOutcomeColumn = (header: string): boolean => /\b(met|goals?|value)\b/.test(header);
const rowKey = (row: Row): string =>
  Object.entries(row)
    .filter(
      ([header, cell]) =>
        !isTimeColumn(header) && !isOutcomeColumn(header) && Number.isNaN(asNumber(cell)),
    )
    .map(([, cell]) => String(cell))
    .join(' · ');

/** The rows of one result file by key; a key met again gets its occurrence number. */
function keyedRows(rows: Row[]): Map<string, Row> {
  const keyed = new Map<string, Row>();
  for (const row of rows) {
    let key = rowKey(row);
    for (let n = 2; keyed.has(key); n++) key = `${rowKey(row)} #${n}`;
    keyed.set(key, row);
  }
  return keyed;
}

function readRows(dir: string, name: string): Row[] {
  const file = join(dir, `${name}.json`);
  if (!existsSync(file)) return [];
  const rows = (JSON.parse(readFileSync(file, 'utf8')) as { rows?: unknown }).rows;
  return Array.isArray(rows) ? (rows as Row[]) : [];
}

const wanted =
  names.length > 0
    ? names
    : readdirSync(afterDir)
        .filter((file) => file.endsWith('.json') && !file.endsWith('-partial.json'))
        .map((file) => file.slice(0, -'.json'.length));

const ratios: number[] = [];
for (const name of wanted) {
  const before = keyedRows(readRows(beforeDir, name));
  const lines: string[] = [];
  for (const [key, row] of keyedRows(readRows(afterDir, name))) {
    const old = before.get(key);
    if (old === undefined) continue;
    for (const header of Object.keys(row).filter(isTimeColumn)) {
      const [a, b] = [asNumber(old[header]), asNumber(row[header])];
      if (!(a > 0 && b > 0)) continue;
      ratios.push(b / a);
      lines.push(`| ${key} | ${header} | ${a} | ${b} | ${(b / a).toFixed(2)} |`);
    }
  }
  if (lines.length === 0) continue;
  console.log(
    `\n### ${name}\n\n| row | column | before | after | after / before |\n| --- | --- | ---: | ---: | ---: |`,
  );
  console.log(lines.join('\n'));
}
ratios.sort((a, b) => a - b);
if (ratios.length > 0) {
  const median = ratios[Math.floor(ratios.length / 2)];
  console.log(
    `\n${ratios.length} timings: after / before median ${median.toFixed(2)}, range ${ratios[0].toFixed(2)}-${ratios[ratios.length - 1].toFixed(2)}`,
  );
}

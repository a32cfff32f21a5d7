/** Shared helpers of the benchmark scripts: timing, tables and JSON results. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Median wall time of `fn` in milliseconds over `repeats` runs, after two warm-up runs. */
export function timeIt(fn: () => unknown, repeats: number): number {
  fn();
  fn();
  const times: number[] = [];
  for (let i = 0; i < repeats; i++) {
    const start = performance.now();
    fn();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

/** Prints rows as an aligned text table under a title. */
export function printTable(title: string, rows: Record<string, string | number>[]): void {
  const columns = Object.keys(rows[0] ?? {});
  const widths = columns.map((c) => Math.max(c.length, ...rows.map((r) => String(r[c]).length)));
  const line = (cells: string[]): string =>
    cells.map((cell, i) => cell.padStart(widths[i])).join('  ');
  console.log(`\n${title}\n`);
  console.log(line(columns));
  console.log(line(widths.map((w) => '-'.repeat(w))));
  for (const row of rows) console.log(line(columns.map((c) => String(row[c]))));
}

/**
 * Writes rows to bench/results/<name>.json, with an optional `summary`: the few figures the
 * README quotes (scripts/readme.ts renders them; `npm test` fails when the README drifts from
 * them). The results are committed: they are the latest recorded run.
 */
export function writeResults(
  name: string,
  rows: Record<string, string | number>[],
  summary?: Record<string, unknown>,
): void {
  const dir = join(dirname(fileURLToPath(import.meta.url)), 'results');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${name}.json`);
  const machine = `${cpus().length} cores, ${cpus()[0]?.model.trim() ?? 'unknown cpu'}`;
  const result = { date: new Date().toISOString(), node: process.version, machine, summary, rows };
  writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
  console.log(`\nresults: ${file}`);
}

/** The smallest and the largest of `values`, rounded to `digits` decimals. */
export function range(values: readonly number[], digits = 1): [number, number] {
  const round = (v: number): number => Number(v.toFixed(digits));
  return [round(Math.min(...values)), round(Math.max(...values))];
}

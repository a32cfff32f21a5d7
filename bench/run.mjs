#!/usr/bin/env node
// Runs the benchmark scripts named on the command line (default: all of bench/*.ts except the
// harness), passing every `--flag` argument on to each of them (e.g. `stratify --speed`).
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const dir = dirname(fileURLToPath(import.meta.url));
const available = readdirSync(dir)
  .filter((f) => f.endsWith('.ts') && f !== 'harness.ts')
  .map((f) => f.slice(0, -3));
const flags = process.argv.slice(2).filter((arg) => arg.startsWith('--'));
const wanted = process.argv.slice(2).filter((arg) => !arg.startsWith('--'));
const unknown = wanted.filter((name) => !available.includes(name));
if (unknown.length > 0) {
  console.error(`Unknown benchmark(s): ${unknown.join(', ')}. Available: ${available.join(', ')}.`);
  process.exit(2);
}
for (const name of wanted.length > 0 ? wanted : available) {
  const result = spawnSync(
    process.execPath,
    ['--import', 'tsx', join(dir, `${name}.ts`), ...flags],
    {
      stdio: 'inherit',
    },
  );
  if (result.status !== 0) process.exit(result.status ?? 1);
}

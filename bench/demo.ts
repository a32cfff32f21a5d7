/**
 * The main demo as a user runs it (`npm run demo`: wasm backend, the full settings), timed from
 * the command's start to its end, with the quality it reports. The README quotes this run.
 *
 * Run: `npm run bench -- demo` (about a minute on 2 cores).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { printTable, writeResults } from './harness.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = mkdtempSync(join(tmpdir(), 'tfjs-multilabel-demo-bench-'));
try {
  const start = performance.now();
  const run = spawnSync(
    process.execPath,
    ['--import', 'tsx', 'examples/demo/main.ts', '--out', out],
    { cwd: root, encoding: 'utf8', maxBuffer: 1 << 26 },
  );
  const seconds = (performance.now() - start) / 1000;
  if (run.status !== 0) throw new Error(`the demo failed:\n${run.stderr}`);
  const summary = run.stdout.trim().split('\n').at(-1) ?? '';
  // summary (wasm, 37 s): test mAP 0.978, LRAP 0.983, micro-F1 ..., macro-F1 0.931 (0.5: 0.913), ...
  const match =
    /^summary \((\w+), \d+ s\): test mAP ([\d.]+), LRAP ([\d.]+), micro-F1 ([\d.]+), macro-F1 ([\d.]+) \(0\.5: ([\d.]+)\)/.exec(
      summary,
    );
  if (match === null) throw new Error(`unexpected summary line: ${summary}`);
  const [, backend, map, lrap, microF1, macroF1, macroF1AtHalf] = match;
  const result = {
    backend,
    seconds: Math.round(seconds),
    testMap: Number(map),
    lrap: Number(lrap),
    microF1: Number(microF1),
    macroF1: Number(macroF1),
    macroF1AtHalf: Number(macroF1AtHalf),
  };
  const row = Object.fromEntries(Object.entries(result).map(([k, v]) => [k, v]));
  printTable('npm run demo (wall time of the whole command; test-set quality it reports)', [row]);
  writeResults('demo', [row], result);
} finally {
  rmSync(out, { recursive: true, force: true });
}

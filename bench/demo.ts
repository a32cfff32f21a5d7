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
  // calibration: classwise ECE 0.0123 -> 0.0101; recall guarantee (alpha 0.1): test miss rate 0.050, 1.93 labels per image
  const trust =
    /^calibration: classwise ECE ([\d.]+) -> ([\d.]+); recall guarantee \(alpha ([\d.]+)\): test miss rate ([\d.]+), ([\d.]+) labels per image$/m.exec(
      run.stdout,
    );
  // tuned macro-F1 0.936 [0.925, 0.946]; tuned - 0.5: 0.006 [-0.001, 0.013], p = 0.098
  const intervals =
    /^tuned macro-F1 ([\d.]+) \[([\d.]+), ([\d.]+)\]; tuned - 0\.5: (-?[\d.]+) \[(-?[\d.]+), (-?[\d.]+)\], p = ([\d.]+)$/m.exec(
      run.stdout,
    );
  if (trust === null || intervals === null)
    throw new Error('the demo printed no calibration or interval line');
  const result = {
    backend,
    seconds: Math.round(seconds),
    testMap: Number(map),
    lrap: Number(lrap),
    microF1: Number(microF1),
    macroF1: Number(macroF1),
    macroF1AtHalf: Number(macroF1AtHalf),
    eceBefore: Number(trust[1]),
    eceAfter: Number(trust[2]),
    recallGuaranteeAlpha: Number(trust[3]),
    testMissRate: Number(trust[4]),
    labelsPerImage: Number(trust[5]),
    macroF1Interval: `[${intervals[2]}, ${intervals[3]}]`,
    tunedMinusHalf: Number(intervals[4]),
    tunedMinusHalfInterval: `[${intervals[5]}, ${intervals[6]}]`,
    tunedMinusHalfP: Number(intervals[7]),
  };
  const row = Object.fromEntries(Object.entries(result).map(([k, v]) => [k, v]));
  printTable('npm run demo (wall time of the whole command; test-set quality it reports)', [row]);
  writeResults('demo', [row], result);
} finally {
  rmSync(out, { recursive: true, force: true });
}

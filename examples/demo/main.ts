/**
 * `npm run demo`: multi-label image classification end to end on multi-digit MNIST images.
 *
 *   npm run demo                     # wasm backend
 *   npm run demo -- --backend cpu    # pure JavaScript backend
 *   npm run demo -- --fast           # a smoke run of a few seconds (meaningless metrics)
 *
 * Writes demo-output/report.html (its data in report.json), demo-output/model/ and
 * demo-output/thresholds.json.
 */
import { resolve } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import { runDemo } from './demo.js';

function parseArgs(argv: string[]): { backend: 'cpu' | 'wasm'; fast: boolean; out: string } {
  let backend: 'cpu' | 'wasm' = 'wasm';
  let fast = false;
  let out = 'demo-output';
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const [flag, inline] = arg.split('=', 2);
    const value = () => inline ?? argv[++i];
    if (flag === '--backend') {
      const name = value();
      if (name !== 'cpu' && name !== 'wasm')
        throw new Error(`--backend is cpu or wasm, not '${name}'.`);
      backend = name;
    } else if (flag === '--out') out = value();
    else if (flag === '--fast') fast = true;
    else throw new Error(`Unknown argument '${arg}'. Use --backend cpu|wasm, --out <dir>, --fast.`);
  }
  return { backend, fast, out };
}

const args = parseArgs(process.argv.slice(2));
const started = performance.now();
if (!(await tf.setBackend(args.backend)))
  throw new Error(`Backend ${args.backend} failed to start.`);
await tf.ready();
if (args.backend === 'cpu' && !args.fast) {
  console.log(
    'note: the cpu backend runs convolutions in plain JavaScript; training takes about twenty times longer than on wasm (about 18 minutes).',
  );
}
const result = await runDemo({ outDir: args.out, fast: args.fast });
const seconds = (performance.now() - started) / 1000;

const f = (v: number) => v.toFixed(3);
console.log(`\n${result.classificationReport}`);
console.log(
  `macro-F1 at 0.5: ${f(result.atHalf.macroF1)}; with the tuned thresholds: ${f(result.tuned.macroF1)}`,
);
console.log(
  `reloaded model: max |probability difference| ${result.reload.maxAbsDifference.toExponential(1)}, decisions ${result.reload.decisionsMatch ? 'identical' : 'DIFFERENT'}`,
);
console.log(
  `phases: ${Object.entries(result.seconds)
    .map(([k, v]) => `${k} ${v.toFixed(1)} s`)
    .join(', ')}`,
);
console.log(`report: ${resolve(result.reportPath)}`);
console.log(
  `summary (${result.backend}, ${seconds.toFixed(0)} s): test mAP ${f(result.map)}, LRAP ${f(result.lrap)}, micro-F1 ${f(result.tuned.microF1)}, macro-F1 ${f(result.tuned.macroF1)} (0.5: ${f(result.atHalf.macroF1)}), samples-F1 ${f(result.tuned.samplesF1)}, Hamming loss ${f(result.tuned.hammingLoss)}`,
);
if (!result.reload.decisionsMatch) process.exitCode = 1;

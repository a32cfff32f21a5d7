/**
 * `npm run demo`: multi-label image classification end to end on multi-digit MNIST images.
 *
 *   npm run demo                     # wasm backend
 *   npm run demo -- --backend cpu    # pure JavaScript backend
 *   npm run demo -- --fast           # a smoke run of a few seconds (meaningless metrics)
 *   npm run demo -- --help           # the options
 *
 * Writes demo-output/report.html (its data in report.json), demo-output/model/ and
 * demo-output/thresholds.json.
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import { runDemo } from './demo.js';

const usage = `Usage: npm run demo -- [options]

Multi-label image classification end to end on multi-digit MNIST images: stratified split,
a small CNN with a CSRA head, asymmetric loss, cross-validated thresholds, a test report.

Options:
  --backend <cpu|wasm>  the tfjs backend (default: wasm; cpu takes about twenty times longer)
  --out <dir>           where the report, the model and the thresholds go (default: demo-output)
  --fast                a smoke run of a few seconds (meaningless metrics)
  --mix <none|mixup|cutmix>
                        label-mixing augmentation of every training batch (default: none)
  -h, --help            print this help and exit`;

/** The command line, read with node:util's parseArgs; a bad one prints the usage and exits. */
function readArgs(argv: string[]): {
  backend: 'cpu' | 'wasm';
  fast: boolean;
  out: string;
  mix: 'none' | 'mixup' | 'cutmix';
} {
  let values: { backend?: string; out?: string; fast?: boolean; help?: boolean; mix?: string };
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        backend: { type: 'string', default: 'wasm' },
        out: { type: 'string', default: 'demo-output' },
        fast: { type: 'boolean', default: false },
        mix: { type: 'string', default: 'none' },
        help: { type: 'boolean', short: 'h', default: false },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    console.error(`${(error as Error).message}\n\n${usage}`);
    process.exit(2);
  }
  if (values.help) {
    console.log(usage);
    process.exit(0);
  }
  const backend = values.backend;
  if (backend !== 'cpu' && backend !== 'wasm') {
    console.error(`--backend is cpu or wasm, not '${backend}'.\n\n${usage}`);
    process.exit(2);
  }
  const mix = values.mix;
  if (mix !== 'none' && mix !== 'mixup' && mix !== 'cutmix') {
    console.error(`--mix is none, mixup or cutmix, not '${mix}'.\n\n${usage}`);
    process.exit(2);
  }
  return { backend, fast: values.fast === true, out: values.out ?? 'demo-output', mix };
}

const args = readArgs(process.argv.slice(2));
const started = performance.now();
if (!(await tf.setBackend(args.backend)))
  throw new Error(`Backend ${args.backend} failed to start.`);
await tf.ready();
if (args.backend === 'cpu' && !args.fast) {
  console.log(
    'note: the cpu backend runs convolutions in plain JavaScript; training takes about twenty times longer than on wasm (about 18 minutes).',
  );
}
const result = await runDemo({ outDir: args.out, fast: args.fast, settings: { mix: args.mix } });
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

/**
 * `npx tsx examples/tabular/main.ts [--seeds 5] [--datasets yeast,scene,emotions] [--fast]
 *   [--settings '{"epochs": 30}']`:
 * the MLP baseline and the library's pipeline on the MULAN benchmark splits, with a table of
 * test metrics (mean ± sd over seeds) beside the best published values. wasm backend.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';
import type { DatasetName } from './datasets.js';
import { resultsTable, runTabular } from './tabular.js';

const args = process.argv.slice(2);
const value = (flag: string) => {
  const i = args.indexOf(flag);
  return i === -1 ? undefined : args[i + 1];
};
const fast = args.includes('--fast');
const seedCount = Number(value('--seeds') ?? (fast ? 1 : 5));
const datasets = (value('--datasets')?.split(',') ?? [
  'yeast',
  'scene',
  'emotions',
]) as DatasetName[];

await tf.setBackend('wasm');
const started = performance.now();
const results = await runTabular({
  datasets,
  seeds: Array.from({ length: seedCount }, (_, i) => i + 1),
  ...(fast ? { nFolds: 2 } : {}),
  settings: { ...(fast ? { epochs: 2 } : {}), ...JSON.parse(value('--settings') ?? '{}') },
});
console.log(`\n${resultsTable(results)}\n`);
for (const r of results) {
  console.log(`${r.dataset}: ${r.seconds.toFixed(0)} s; rules chosen: ${r.rules.join(', ')}`);
}
console.log(`total ${((performance.now() - started) / 1000).toFixed(0)} s on ${tf.getBackend()}`);

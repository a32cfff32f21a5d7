/**
 * Benchmark of the shared argsort kernel against the baseline a user would write:
 * `Array.prototype.sort` with a comparator on an index array (ties broken by index, so both
 * are stable). Prints one row per key type and size with the speed ratio (baseline / ours).
 *
 * Run: `npm run bench -- sort` (or `node --import tsx bench/sort.ts`).
 */

import { SeededRandom } from '../src/core/random.js';
import { ArgsortWorkspace, argsort } from '../src/core/sort.js';
import { printTable, timeIt, writeResults } from './harness.js';

function baseline(keys: Float32Array | Float64Array, descending: boolean): number[] {
  const index = Array.from({ length: keys.length }, (_, i) => i);
  return index.sort((a, b) => (descending ? keys[b] - keys[a] : keys[a] - keys[b]) || a - b);
}

const rows: Record<string, string | number>[] = [];
const random = new SeededRandom(7);
for (const n of [1e3, 1e5, 1e6]) {
  for (const kind of [
    'float32',
    'float64',
    'float64 (float32 values)',
    'float32 (many ties)',
  ] as const) {
    const keys = kind.startsWith('float32') ? new Float32Array(n) : new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const u = random.nextFloat();
      keys[i] =
        kind === 'float32 (many ties)'
          ? Math.floor(u * 100) / 100
          : kind === 'float64 (float32 values)'
            ? Math.fround(u)
            : u;
    }
    const workspace = new ArgsortWorkspace();
    const out = new Int32Array(n);
    const repeats = n <= 1e3 ? 2000 : n <= 1e5 ? 20 : 5;
    const ours = timeIt(() => argsort(keys, { descending: true, out, workspace }), repeats);
    const reference = timeIt(() => baseline(keys, true), repeats);
    rows.push({
      n,
      keys: kind,
      'ours (ms)': ours.toFixed(3),
      'Array.sort (ms)': reference.toFixed(3),
      'speed-up': `${(reference / ours).toFixed(1)}x`,
    });
  }
}
printTable('argsort (descending, stable) vs Array.prototype.sort with a comparator', rows);
writeResults('sort', rows);

/**
 * The label data of the stratification benchmarks (bench/stratify.ts, bench/grouped.ts): the
 * MULAN datasets as written by scripts/check-datasets.ts, and synthetic labels.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SeededRandom } from '../../src/core/random.js';

const here = dirname(fileURLToPath(import.meta.url));

/** A dense row-major 0/1 label matrix. */
export interface Labels {
  data: Uint8Array | Float32Array;
  shape: [number, number];
}

/** bench/data/<name>.labels.txt as a dense matrix. */
export function loadLabels(name: string): Labels {
  const lines = readFileSync(join(here, '..', 'data', `${name}.labels.txt`), 'utf8').split('\n');
  const [rows, cols] = lines[1].split(' ').map(Number);
  const data = new Uint8Array(rows * cols);
  for (let r = 0; r < rows; r++) {
    const line = lines[r + 2];
    if (line === '') continue;
    for (const c of line.split(' ')) data[r * cols + Number(c)] = 1;
  }
  return { data, shape: [rows, cols] };
}

/** Labels like scikit-learn's make_multilabel_classification: Poisson(n) labels per row drawn by random class priors. */
export function synthetic(rows: number, cols: number, perRow: number, seed: number): Labels {
  const random = new SeededRandom(seed);
  const prior = Array.from({ length: cols }, () => random.nextFloat());
  const total = prior.reduce((s, p) => s + p, 0);
  const cdf = new Float64Array(cols);
  for (let c = 0, acc = 0; c < cols; c++) cdf[c] = acc += prior[c] / total;
  const data = new Uint8Array(rows * cols);
  for (let r = 0; r < rows; r++) {
    let n = 0;
    for (let p = Math.exp(-perRow), s = p, u = random.nextFloat(); u > s && n < cols; ) {
      n++;
      p *= perRow / n;
      s += p;
    }
    for (let got = 0; got < n; ) {
      const u = random.nextFloat();
      let c = 0;
      while (c < cols - 1 && cdf[c] < u) c++;
      if (data[r * cols + c] === 0) {
        data[r * cols + c] = 1;
        got++;
      }
    }
  }
  return { data, shape: [rows, cols] };
}

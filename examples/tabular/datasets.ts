/**
 * The MULAN benchmark splits of yeast, scene and emotions, read from the gzipped CSV copies in
 * `examples/tabular/data/` (see its README for provenance). Columns `x*` are features, `y*`
 * labels.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';

/** The three datasets of the example. */
export type DatasetName = 'yeast' | 'scene' | 'emotions';

/** One split: row-major features and 0/1 labels. */
export interface Split {
  x: Float32Array;
  y: Uint8Array;
  rows: number;
  features: number;
  labels: number;
}

const DATA_DIR = join(import.meta.dirname, 'data');

/** Reads `<name>-<part>.csv.gz`. */
export function readSplit(name: DatasetName, part: 'train' | 'test'): Split {
  const text = gunzipSync(readFileSync(join(DATA_DIR, `${name}-${part}.csv.gz`))).toString('utf8');
  return parseSplit(text, `${name}-${part}`);
}

/** Parses the CSV text of a split: a header of `x*` then `y*` columns, one row a line. */
export function parseSplit(text: string, what: string): Split {
  const lines = text.trim().split('\n');
  const header = lines[0].split(',');
  const features = header.filter((h) => h.startsWith('x')).length;
  const labels = header.length - features;
  if (!header.slice(features).every((h) => h.startsWith('y'))) {
    throw new Error(`${what}: expected the feature columns x* before the label columns y*.`);
  }
  const rows = lines.length - 1;
  const x = new Float32Array(rows * features);
  const y = new Uint8Array(rows * labels);
  for (let r = 0; r < rows; r++) {
    const cells = lines[r + 1].split(',');
    for (let c = 0; c < features; c++) x[r * features + c] = Number(cells[c]);
    for (let c = 0; c < labels; c++) y[r * labels + c] = Number(cells[features + c]);
  }
  return { x, y, rows, features, labels };
}

/** Standardises features with the training split's means and standard deviations, in place. */
export function standardize(train: Split, ...others: Split[]): void {
  const { features } = train;
  const mean = new Float64Array(features);
  const sd = new Float64Array(features);
  for (let r = 0; r < train.rows; r++)
    for (let c = 0; c < features; c++) mean[c] += train.x[r * features + c];
  for (let c = 0; c < features; c++) mean[c] /= train.rows;
  for (let r = 0; r < train.rows; r++)
    for (let c = 0; c < features; c++) sd[c] += (train.x[r * features + c] - mean[c]) ** 2;
  for (let c = 0; c < features; c++) sd[c] = Math.sqrt(sd[c] / train.rows) || 1;
  for (const split of [train, ...others]) {
    for (let r = 0; r < split.rows; r++)
      for (let c = 0; c < features; c++) {
        const i = r * features + c;
        split.x[i] = (split.x[i] - mean[c]) / sd[c];
      }
  }
}

/** The rows `rows` of a split. */
export function subset(split: Split, rows: ArrayLike<number>): Split {
  const { features, labels } = split;
  const x = new Float32Array(rows.length * features);
  const y = new Uint8Array(rows.length * labels);
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i];
    x.set(split.x.subarray(r * features, (r + 1) * features), i * features);
    y.set(split.y.subarray(r * labels, (r + 1) * labels), i * labels);
  }
  return { x, y, rows: rows.length, features, labels };
}

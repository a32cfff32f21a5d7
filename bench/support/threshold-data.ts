/**
 * Reads the compact MULAN datasets of bench/data/thresholds (written by
 * scripts/fixtures/threshold_bench_data.py) and trains the bench's fixed model on them: a
 * one-vs-rest L2 logistic regression (C = 1, scikit-learn's objective: sum of log losses plus
 * ||w||^2 / 2C), fitted by accelerated gradient descent (FISTA) for a fixed number of steps.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { SeededRandom } from '../../src/core/random.js';

const dataDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'data', 'thresholds');

/** Rows of features: dense (row-major) or sparse binary (index lists). */
export interface Features {
  readonly rows: number;
  readonly cols: number;
  readonly dense?: Float64Array;
  readonly sparse?: Int32Array[];
}

export interface Dataset {
  readonly name: string;
  readonly labels: number;
  readonly train: { x: Features; y: Uint8Array };
  readonly test: { x: Features; y: Uint8Array };
}

function readVarints(bytes: Uint8Array, start: number, end: number, rows: number): Int32Array[] {
  const out: Int32Array[] = [];
  let p = start;
  const next = (): number => {
    let value = 0;
    let shift = 0;
    for (;;) {
      const b = bytes[p++];
      value += (b & 0x7f) * 2 ** shift;
      if (b < 0x80) return value;
      shift += 7;
    }
  };
  for (let r = 0; r < rows; r++) {
    const count = next();
    const row = new Int32Array(count);
    let previous = 0;
    for (let i = 0; i < count; i++) {
      previous += next();
      row[i] = previous;
    }
    out.push(row);
  }
  if (p !== end) throw new Error(`bad varint section: ended at ${p}, expected ${end}`);
  return out;
}

export function loadDataset(name: string): Dataset {
  const bytes = gunzipSync(readFileSync(join(dataDir, `${name}.bin.gz`)));
  const newline = bytes.indexOf(10);
  const header = JSON.parse(new TextDecoder().decode(bytes.subarray(0, newline)));
  const rows = header.trainRows + header.testRows;
  const labelStart = newline + 1;
  const featureStart = labelStart + header.labelBytes;
  const labelRows = readVarints(bytes, labelStart, featureStart, rows);
  const L = header.nLabels;
  const d = header.nFeatures;
  const y = new Uint8Array(rows * L);
  labelRows.forEach((row, r) => {
    for (const j of row) y[r * L + j] = 1;
  });
  let all: Features;
  if (header.kind === 'dense') {
    const q = bytes.subarray(featureStart, featureStart + rows * d);
    const dense = new Float64Array(rows * d);
    for (let i = 0; i < dense.length; i++) {
      const j = i % d;
      dense[i] =
        header.featureMin[j] + (q[i] / 255) * (header.featureMax[j] - header.featureMin[j]);
    }
    all = { rows, cols: d, dense };
  } else {
    all = { rows, cols: d, sparse: readVarints(bytes, featureStart, bytes.length, rows) };
  }
  const trainRows = Int32Array.from({ length: header.trainRows }, (_, i) => i);
  const testRows = Int32Array.from({ length: header.testRows }, (_, i) => header.trainRows + i);
  return {
    name,
    labels: L,
    train: { x: takeFeatures(all, trainRows), y: takeLabels(y, L, trainRows) },
    test: { x: takeFeatures(all, testRows), y: takeLabels(y, L, testRows) },
  };
}

export function takeFeatures(x: Features, rows: Int32Array): Features {
  if (x.sparse)
    return {
      rows: rows.length,
      cols: x.cols,
      sparse: Array.from(rows, (r) => x.sparse?.[r] as Int32Array),
    };
  const d = x.cols;
  const dense = new Float64Array(rows.length * d);
  rows.forEach((r, i) => {
    dense.set((x.dense as Float64Array).subarray(r * d, (r + 1) * d), i * d);
  });
  return { rows: rows.length, cols: d, dense };
}

export function takeLabels(y: Uint8Array, L: number, rows: Int32Array): Uint8Array {
  const out = new Uint8Array(rows.length * L);
  rows.forEach((r, i) => {
    out.set(y.subarray(r * L, (r + 1) * L), i * L);
  });
  return out;
}

/** Splits row indices 0..n-1 into a random `fraction` (validation) and the rest, by seed. */
export function holdOut(
  n: number,
  fraction: number,
  seed: number,
): { fit: Int32Array; validation: Int32Array } {
  const random = new SeededRandom(seed);
  const order = Int32Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(random.nextFloat() * (i + 1));
    [order[i], order[j]] = [order[j], order[i]];
  }
  const v = Math.round(n * fraction);
  return {
    validation: order.slice(0, v).sort(),
    fit: order.slice(v).sort(),
  };
}

/** A fitted one-vs-rest logistic regression: weights (d x L), biases, and the scaling it uses. */
export interface Logistic {
  readonly w: Float64Array;
  readonly b: Float64Array;
  readonly mean: Float64Array | undefined;
  readonly scale: Float64Array | undefined;
  readonly labels: number;
}

/** Dense features standardised by (mean, scale); sparse ones as they are. */
function standardised(
  x: Features,
  mean: Float64Array | undefined,
  scale: Float64Array | undefined,
): Features {
  if (!x.dense || !mean || !scale) return x;
  const d = x.cols;
  const dense = x.dense.map((v, i) => (v - mean[i % d]) / scale[i % d]);
  return { rows: x.rows, cols: d, dense };
}

/** Calls `visit(j, v)` for each feature j of row r with its value v (1 for a sparse row). */
function forEachFeature(x: Features, r: number, visit: (j: number, v: number) => void): void {
  if (x.sparse) {
    for (const j of x.sparse[r]) visit(j, 1);
    return;
  }
  const d = x.cols;
  const dense = x.dense as Float64Array;
  for (let j = 0; j < d; j++) visit(j, dense[r * d + j]);
}

/** Z = X W + b. */
function forward(
  x: Features,
  w: Float64Array,
  b: Float64Array,
  L: number,
  out: Float64Array,
): void {
  for (let r = 0; r < x.rows; r++) {
    const o = r * L;
    for (let l = 0; l < L; l++) out[o + l] = b[l];
    forEachFeature(x, r, (j, v) => {
      const base = j * L;
      for (let l = 0; l < L; l++) out[o + l] += v * w[base + l];
    });
  }
}

/** Adds X^T G to `grad` (d x L). */
function backward(x: Features, g: Float64Array, L: number, grad: Float64Array): void {
  for (let r = 0; r < x.rows; r++) {
    const o = r * L;
    forEachFeature(x, r, (j, v) => {
      const base = j * L;
      for (let l = 0; l < L; l++) grad[base + l] += v * g[o + l];
    });
  }
}

/** Trains the model on (x, y) with `steps` FISTA steps of size 1 / (Lipschitz bound). */
export function trainLogistic(raw: Features, y: Uint8Array, L: number, steps: number): Logistic {
  const x0 = raw;
  const d = raw.cols;
  let mean: Float64Array | undefined;
  let scale: Float64Array | undefined;
  if (x0.dense) {
    const x = x0 as Features & { dense: Float64Array };
    mean = new Float64Array(d);
    scale = new Float64Array(d);
    for (let r = 0; r < x.rows; r++)
      for (let j = 0; j < d; j++) mean[j] += x.dense[r * d + j] / x.rows;
    for (let r = 0; r < x.rows; r++)
      for (let j = 0; j < d; j++) scale[j] += (x.dense[r * d + j] - mean[j]) ** 2 / x.rows;
    for (let j = 0; j < d; j++) scale[j] = scale[j] > 0 ? Math.sqrt(scale[j]) : 1;
  }
  const x = standardised(raw, mean, scale);
  // Lipschitz constant of the gradient: ||[X 1]||_2^2 / 4 + 1 / C, by power iteration.
  const n = x.rows;
  let v = new Float64Array(d + 1).fill(1 / Math.sqrt(d + 1));
  let norm2 = 0;
  const z = new Float64Array(n);
  for (let it = 0; it < 30; it++) {
    forward(x, v.subarray(0, d), v.subarray(d), 1, z);
    const g = new Float64Array(d);
    backward(x, z, 1, g);
    let bias = 0;
    for (let r = 0; r < n; r++) bias += z[r];
    const next = new Float64Array(d + 1);
    next.set(g);
    next[d] = bias;
    norm2 = Math.hypot(...next);
    v = next.map((e) => e / norm2);
  }
  const step = 1 / (norm2 / 4 + 1);
  const size = d * L;
  let w = new Float64Array(size);
  let b = new Float64Array(L);
  let wPrev = new Float64Array(size);
  let bPrev = new Float64Array(L);
  let t = 1;
  const zAll = new Float64Array(n * L);
  const grad = new Float64Array(size);
  const gradB = new Float64Array(L);
  for (let it = 0; it < steps; it++) {
    const tNext = (1 + Math.sqrt(1 + 4 * t * t)) / 2;
    const momentum = (t - 1) / tNext;
    // Look-ahead point.
    const wy = w.map((wi, i) => wi + momentum * (wi - wPrev[i]));
    const by = b.map((bi, i) => bi + momentum * (bi - bPrev[i]));
    forward(x, wy, by, L, zAll);
    for (let i = 0; i < zAll.length; i++) zAll[i] = 1 / (1 + Math.exp(-zAll[i])) - y[i];
    grad.fill(0);
    gradB.fill(0);
    backward(x, zAll, L, grad);
    for (let r = 0; r < n; r++) for (let l = 0; l < L; l++) gradB[l] += zAll[r * L + l];
    wPrev = w;
    bPrev = b;
    w = wy.map((wi, i) => wi - step * (grad[i] + wi));
    b = by.map((bi, l) => bi - step * gradB[l]);
    t = tNext;
  }
  return { w, b, mean, scale, labels: L };
}

/** Probabilities of the model on `x`, row-major rows x labels. */
export function predict(m: Logistic, x: Features): Float64Array {
  const z = predictLogits(m, x);
  for (let i = 0; i < z.length; i++) z[i] = 1 / (1 + Math.exp(-z[i]));
  return z;
}

/** The model's logits (before the sigmoid), row-major. */
export function predictLogits(m: Logistic, x: Features): Float64Array {
  const z = new Float64Array(x.rows * m.labels);
  forward(standardised(x, m.mean, m.scale), m.w, m.b, m.labels, z);
  return z;
}

/**
 * The bench's validation split of a dataset: the model trained on 75 % of the standard train
 * rows (`seed` draws them; 80 FISTA steps on sparse features, 150 on dense ones), with the labels
 * and its scores on the other 25 %.
 */
export function validationSplit(
  ds: Dataset,
  seed: number,
): { model: Logistic; rows: number; y: Uint8Array; s: Float64Array } {
  const L = ds.labels;
  const split = holdOut(ds.train.x.rows, 0.25, seed);
  const model = trainLogistic(
    takeFeatures(ds.train.x, split.fit),
    takeLabels(ds.train.y, L, split.fit),
    L,
    ds.train.x.sparse ? 80 : 150,
  );
  const y = takeLabels(ds.train.y, L, split.validation);
  const s = predict(model, takeFeatures(ds.train.x, split.validation));
  return { model, rows: split.validation.length, y, s };
}

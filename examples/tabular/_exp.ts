import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';
import * as tfl from '@tensorflow/tfjs-layers';
import { labelCooccurrence, stratifiedKFold } from 'tfjs-multilabel/data';
import { labelGraphHead } from 'tfjs-multilabel/layers';
import {
  asymmetricLoss,
  binaryFocalCrossentropy,
  weightedBinaryCrossentropy,
} from 'tfjs-multilabel/losses';
import { f1Score, hammingLoss, labelRankingAveragePrecision } from 'tfjs-multilabel/metrics';
import { type DatasetName, readSplit, type Split, standardize, subset } from './datasets.js';

await tf.setBackend('wasm');
const name = process.argv[2] as DatasetName;
const cfg = JSON.parse(process.argv[3] ?? '{}');
const seeds = (cfg.seeds ?? [1, 2, 3]) as number[];
const train = readSplit(name, 'train');
const test = readSplit(name, 'test');
standardize(train, test);
const L = train.labels;
function model(seed: number, logits: boolean, adj?: number[][]) {
  const input = tfl.input({ shape: [train.features] });
  let h = tfl.layers
    .dense({
      units: cfg.hidden ?? 128,
      activation: 'relu',
      kernelInitializer: tfl.initializers.heNormal({ seed }),
      kernelRegularizer: cfg.l2 ? tfl.regularizers.l2({ l2: cfg.l2 }) : undefined,
    })
    .apply(input) as tfl.SymbolicTensor;
  if (cfg.dropout)
    h = tfl.layers.dropout({ rate: cfg.dropout, seed }).apply(h) as tfl.SymbolicTensor;
  const out =
    cfg.head === 'graph' && adj
      ? labelGraphHead({ adjacency: adj, seed }).apply(h)
      : tfl.layers
          .dense({
            units: L,
            activation: logits ? 'linear' : 'sigmoid',
            kernelInitializer: tfl.initializers.glorotUniform({ seed: seed + 1 }),
          })
          .apply(h);
  return tfl.model({ inputs: input, outputs: out as tfl.SymbolicTensor });
}
async function fitPredict(tr: Split, evals: Split[], seed: number, lib: boolean) {
  const adj =
    cfg.head === 'graph'
      ? (labelCooccurrence(
          { data: tr.y, shape: [tr.rows, L] },
          { normalize: 'conditional' },
        ) as any)
      : undefined;
  const m = model(
    seed,
    lib,
    adj
      ? Array.from({ length: L }, (_, i) => Array.from(adj.data.subarray(i * L, (i + 1) * L)))
      : undefined,
  );
  const opt = tf.train.adam(cfg.lr ?? 1e-3);
  const loss = !lib
    ? 'binaryCrossentropy'
    : cfg.loss === 'asl'
      ? asymmetricLoss({ gammaNeg: cfg.gneg ?? 2, gammaPos: 0, clip: cfg.clip ?? 0.05 })
      : cfg.loss === 'focal'
        ? binaryFocalCrossentropy({ gamma: cfg.gamma ?? 1 })
        : weightedBinaryCrossentropy();
  m.compile({ optimizer: opt, loss: loss as any });
  const x = tf.tensor2d(tr.x, [tr.rows, tr.features]);
  const y = tf.tensor2d(Float32Array.from(tr.y), [tr.rows, L]);
  await m.fit(x, y, {
    epochs: cfg.epochs ?? 50,
    batchSize: cfg.batch ?? 32,
    shuffle: true,
    verbose: 0,
  });
  const outs = evals.map((e) => {
    const xe = tf.tensor2d(e.x, [e.rows, e.features]);
    const p = tf.tidy(() => {
      const o = m.predict(xe) as tf.Tensor;
      return lib ? tf.sigmoid(o) : o;
    });
    const d = p.dataSync() as Float32Array;
    tf.dispose([xe, p]);
    return d;
  });
  tf.dispose([x, y]);
  m.dispose();
  opt.dispose();
  return outs;
}
function bestGlobal(y: Uint8Array, p: Float32Array) {
  let best = -1,
    bt = 0.5;
  for (let t = 0.05; t < 0.95; t += 0.01) {
    const f = f1Score(
      { data: y, shape: [y.length / L, L] },
      { data: Uint8Array.from(p, (v) => (v >= t ? 1 : 0)), shape: [y.length / L, L] },
      { average: 'micro' },
    );
    if (f > best) {
      best = f;
      bt = t;
    }
  }
  return bt;
}
const res: Record<string, number[][]> = { base: [], lib: [] };
const yT = { data: test.y, shape: [test.rows, L] as [number, number] };
const evalAt = (p: Float32Array, t: number) => {
  const pred = {
    data: Uint8Array.from(p, (v) => (v >= t ? 1 : 0)),
    shape: [test.rows, L] as [number, number],
  };
  const s = { data: p, shape: [test.rows, L] as [number, number] };
  return [
    f1Score(yT, pred, { average: 'micro' }),
    f1Score(yT, pred, { average: 'macro' }),
    hammingLoss(yT, pred),
    labelRankingAveragePrecision(yT, s),
  ];
};
const t0 = performance.now();
for (const seed of seeds) {
  if (cfg.base !== false) {
    const [p] = await fitPredict(train, [test], seed, false);
    res.base.push(evalAt(p, 0.5));
  }
  const K = cfg.k ?? 5;
  const oof = new Float32Array(train.rows * L);
  const testP = new Float32Array(test.rows * L);
  for (const { train: tri, test: vai } of stratifiedKFold(
    { data: train.y, shape: [train.rows, L] },
    { k: K, seed },
  )) {
    const [pv, pt] = await fitPredict(subset(train, tri), [subset(train, vai), test], seed, true);
    for (let i = 0; i < vai.length; i++) oof.set(pv.subarray(i * L, (i + 1) * L), vai[i] * L);
    for (let i = 0; i < pt.length; i++) testP[i] += pt[i] / K;
  }
  const t = bestGlobal(train.y, oof);
  res.lib.push([...evalAt(testP, t), t]);
}
const mean = (a: number[][], j: number) => a.reduce((s, r) => s + r[j], 0) / a.length;
for (const k of ['base', 'lib'])
  if (res[k].length)
    console.log(
      name,
      k,
      JSON.stringify(cfg),
      'miF1 maF1 HL LRAP',
      [0, 1, 2, 3, 4]
        .filter((j) => res[k][0][j] !== undefined)
        .map((j) => mean(res[k], j).toFixed(4))
        .join(' '),
    );
console.log(((performance.now() - t0) / 1000).toFixed(0), 's');

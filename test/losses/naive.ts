/**
 * Straightforward formulations of the losses with plain tfjs ops and autodiff (no customGrad),
 * as a user would write them from the papers. The gradient tests compare the library with their
 * autodiff gradients; `bench/losses.ts` times them as the "naive" baseline. They handle the
 * options the tests use (weights, smoothing, masking, probabilities), not every edge case:
 * `pow` at 0 with an exponent below 1 has a NaN gradient here, for instance.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { ReferenceOptions } from './reference.js';

type Naive = (yTrue: tf.Tensor, yPred: tf.Tensor) => tf.Tensor;

const EPSILON = 1e-7;

/**
 * tfjs's softplus, or the same function written as relu(x) + log(1 + e^-|x|) on a backend
 * without a Softplus kernel (tfjs-backend-wasm before 4.3).
 */
export function softplus(x: tf.Tensor): tf.Tensor {
  if (tf.getKernel('Softplus', tf.getBackend()) !== undefined) return tf.softplus(x);
  return tf.add(tf.relu(x), tf.log(tf.add(1, tf.exp(tf.neg(tf.abs(x))))));
}

/** Smoothed labels with masked cells set to 0, the mask, and its count. */
function prepare(yTrue: tf.Tensor, o: ReferenceOptions) {
  const ls = o.labelSmoothing ?? 0;
  const mask =
    o.ignoreIndex === undefined
      ? tf.onesLike(yTrue)
      : tf.cast(
          tf.logicalAnd(tf.notEqual(yTrue, o.ignoreIndex), tf.logicalNot(tf.isNaN(yTrue))),
          'float32',
        );
  const clean = tf.where(tf.cast(mask, 'bool'), yTrue, tf.zerosLike(yTrue));
  const t = o.assumeNegative?.smoothing ?? 0;
  const target = tf.add(tf.mul(clean, 1 - t), t);
  const y = tf.add(tf.mul(target, 1 - ls), 0.5 * ls);
  return { y: tf.mul(y, mask), mask };
}

function logits(yPred: tf.Tensor, o: ReferenceOptions): tf.Tensor {
  if (o.fromLogits !== false) return yPred;
  const p = tf.clipByValue(yPred, EPSILON, 1 - EPSILON);
  return tf.log(tf.div(p, tf.sub(1, p)));
}

function reduce(cells: tf.Tensor, count: tf.Tensor, o: ReferenceOptions): tf.Tensor {
  if (o.reduction === 'none') return cells;
  const total = tf.sum(cells);
  return o.reduction === 'sum' ? total : tf.div(total, tf.maximum(count, 1));
}

const perLabel = (v: number | number[] | undefined, fallback: number): tf.Tensor =>
  tf.tensor(v === undefined ? fallback : v);

export function naiveWeightedBce(o: ReferenceOptions): Naive {
  return (yTrue, yPred) => {
    const { y, mask } = prepare(yTrue, o);
    const x = logits(yPred, o);
    const pos = tf.mul(tf.mul(perLabel(o.posWeight, 1), y), softplus(tf.neg(x)));
    const v = o.assumeNegative?.weight ?? 1;
    const neg = tf.mul(tf.mul(tf.sub(1, y), softplus(x)), v);
    const cells = tf.mul(tf.mul(perLabel(o.labelWeights, 1), tf.add(pos, neg)), mask);
    return reduce(cells, tf.sum(mask), o);
  };
}

export function naiveFocal(o: ReferenceOptions): Naive {
  return (yTrue, yPred) => {
    const { y, mask } = prepare(yTrue, o);
    const x = logits(yPred, o);
    const p = tf.sigmoid(x);
    const pt = tf.add(tf.mul(y, p), tf.mul(tf.sub(1, y), tf.sub(1, p)));
    const ce = tf.add(tf.mul(y, softplus(tf.neg(x))), tf.mul(tf.sub(1, y), softplus(x)));
    let cells = tf.mul(tf.pow(tf.sub(1, pt), o.gamma ?? 2), ce);
    const v = o.assumeNegative?.weight ?? 1;
    const balanced = o.applyClassBalancing === true;
    const positiveSide = balanced ? perLabel(o.alpha, 0.25) : tf.scalar(1);
    const negativeSide = balanced ? tf.sub(1, positiveSide) : tf.scalar(1);
    cells = tf.mul(
      cells,
      tf.add(tf.mul(positiveSide, y), tf.mul(tf.mul(negativeSide, v), tf.sub(1, y))),
    );
    return reduce(tf.mul(cells, mask), tf.sum(mask), o);
  };
}

export function naiveAsl(o: ReferenceOptions): Naive {
  return (yTrue, yPred) => {
    const { y, mask } = prepare(yTrue, o);
    const x = logits(yPred, o);
    const p = tf.sigmoid(x);
    const m = o.clip ?? 0.05;
    const pos = tf.mul(tf.pow(tf.sub(1, p), o.gammaPos ?? 1), softplus(tf.neg(x)));
    const pm = tf.relu(tf.sub(p, m));
    const neg =
      m > 0
        ? tf.mul(tf.pow(pm, o.gammaNeg ?? 4), tf.neg(tf.log(tf.sub(1, pm))))
        : tf.mul(tf.pow(p, o.gammaNeg ?? 4), softplus(x));
    const cells = tf.add(tf.mul(y, pos), tf.mul(tf.sub(1, y), neg));
    return reduce(tf.mul(cells, mask), tf.sum(mask), o);
  };
}

/** bert4keras' formulation: mask with +-1e12, append a 0 logit, logSumExp per row. */
export function naiveZlpr(o: ReferenceOptions): Naive {
  return (yTrue, yPred) => {
    const { y, mask } = prepare(yTrue, o);
    const x = logits(yPred, o);
    const big = 1e12;
    const logOrAbsent = (w: tf.Tensor) =>
      tf.where(
        tf.greater(tf.mul(w, mask), 0),
        tf.log(tf.maximum(w, 1e-30)),
        tf.fill(w.shape, -big, 'float32'),
      );
    const zeros = tf.zeros([x.shape[0], 1]);
    const neg = tf.logSumExp(tf.concat([tf.add(x, logOrAbsent(tf.sub(1, y))), zeros], 1), 1);
    const pos = tf.logSumExp(tf.concat([tf.sub(logOrAbsent(y), x), zeros], 1), 1);
    const rowsCounted = tf.sum(tf.cast(tf.greater(tf.sum(mask, 1), 0), 'float32'));
    return reduce(tf.add(neg, pos), rowsCounted, o);
  };
}

export function naiveSoftF1(o: ReferenceOptions): Naive {
  return (yTrue, yPred) => {
    const { y, mask } = prepare(yTrue, o);
    const s = tf.mul(o.fromLogits === false ? yPred : tf.sigmoid(yPred), mask);
    let tp = tf.sum(tf.mul(s, y), 0);
    let fp = tf.sum(tf.mul(s, tf.sub(1, y)), 0);
    let fn = tf.sum(tf.mul(tf.sub(mask, s), y), 0);
    const present = tf.cast(tf.greater(tf.sum(mask, 0), 0), 'float32');
    if (o.average === 'micro') {
      [tp, fp, fn] = [tf.sum(tp), tf.sum(fp), tf.sum(fn)];
    }
    const f1 = tf.div(tf.mul(tp, 2), tf.add(tf.add(tf.add(tf.mul(tp, 2), fp), fn), 1e-16));
    if (o.average === 'micro') return tf.mul(tf.sub(1, f1), tf.max(present));
    return reduce(tf.mul(tf.sub(1, f1), present), tf.sum(present), o);
  };
}

/** Hill as the reference code writes it: the focal weight on the positives, log of sigmoid. */
export function naiveHill(o: ReferenceOptions): Naive {
  return (yTrue, yPred) => {
    const { y, mask } = prepare(yTrue, o);
    const x = logits(yPred, o);
    const m = o.margin ?? 1;
    const lambda = o.lambda ?? 1.5;
    const pm = tf.sigmoid(tf.sub(x, m));
    const p = tf.sigmoid(x);
    const pos = tf.mul(tf.pow(tf.sub(1, pm), o.gamma ?? 2), tf.neg(tf.log(pm)));
    const neg = tf.mul(tf.sub(lambda, p), tf.square(p));
    const cells = tf.add(tf.mul(y, pos), tf.mul(tf.sub(1, y), neg));
    return reduce(tf.mul(cells, mask), tf.sum(mask), o);
  };
}

/** SPLC at epoch 0 (correcting when `changeEpoch` is 0); the pseudo label is read off a copy of x. */
export function naiveSplc(o: ReferenceOptions): Naive {
  return (yTrue, yPred) => {
    const { y, mask } = prepare(yTrue, o);
    const x = logits(yPred, o);
    const m = o.margin ?? 1;
    const gamma = o.gamma ?? 2;
    const cut = Math.log(o.tau ?? 0.6) - Math.log1p(-(o.tau ?? 0.6));
    const focal = (u: tf.Tensor) => tf.mul(tf.pow(tf.sigmoid(u), gamma), softplus(u));
    const corrected =
      (o.changeEpoch ?? 1) === 0
        ? tf.cast(tf.greater(tf.tensor(x.dataSync(), x.shape), cut), 'float32')
        : tf.zerosLike(x);
    const neg = tf.add(tf.mul(corrected, focal(tf.neg(x))), tf.mul(tf.sub(1, corrected), focal(x)));
    const cells = tf.add(tf.mul(y, focal(tf.sub(m, x))), tf.mul(tf.sub(1, y), neg));
    return reduce(tf.mul(cells, mask), tf.sum(mask), o);
  };
}

/**
 * Large-loss rejection at `o.epoch` as the reference code writes it: the binary cross-entropy of
 * every cell, the k-th largest loss of the 0 labels found with `topk` on a copy, and the cells
 * at or above it zeroed (or given the loss of a positive with `correct`).
 */
export function naiveLargeLoss(o: ReferenceOptions): Naive {
  return (yTrue, yPred) => {
    const { y, mask } = prepare(yTrue, o);
    const x = logits(yPred, o);
    const bce = tf.add(tf.mul(y, softplus(tf.neg(x))), tf.mul(tf.sub(1, y), softplus(x)));
    const counted = tf.sum(mask);
    const rate = Math.min((o.epoch ?? 0) * (o.deltaRate ?? 0.002), o.maxRate ?? 1);
    const k = Math.ceil(Number((rate * counted.dataSync()[0]).toPrecision(12)));
    if (k === 0) return reduce(tf.mul(bce, mask), counted, o);
    const zero = tf.mul(tf.sub(1, y), mask);
    const zeroLoss = tf.tensor(tf.mul(zero, tf.add(bce, 1)).dataSync(), x.shape);
    const kth = tf.min(tf.topk(tf.reshape(zeroLoss, [-1]), k).values);
    const rejected = tf.mul(zero, tf.cast(tf.greaterEqual(zeroLoss, kth), 'float32'));
    const kept =
      o.correct === true
        ? tf.add(tf.mul(tf.sub(1, rejected), bce), tf.mul(rejected, softplus(tf.neg(x))))
        : tf.mul(tf.sub(1, rejected), bce);
    return reduce(tf.mul(kept, mask), counted, o);
  };
}

/** The naive formulation of each loss, by the library's name. */
export const naive = {
  weightedBinaryCrossentropy: naiveWeightedBce,
  binaryFocalCrossentropy: naiveFocal,
  asymmetricLoss: naiveAsl,
  multilabelSoftmaxLoss: naiveZlpr,
  softF1Loss: naiveSoftF1,
  hillLoss: naiveHill,
  splcLoss: naiveSplc,
  largeLossRejection: naiveLargeLoss,
};

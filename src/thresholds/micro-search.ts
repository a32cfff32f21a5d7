import type { CountScore } from '../core/kernels/count-averaging.js';
import type { MetricSpec } from './count-metric.js';
import type { CutSource } from './cut-source.js';

/**
 * Per-label thresholds that maximise the pooled (micro-averaged) metric. The labels no longer
 * separate (Pillai, Fumera & Roli 2013), but every built-in metric still has an exact search
 * over the per-label cut lists (each found with one sort per label):
 *
 * - F-beta (precision is F-beta at beta = 0) and Jaccard are ratios N(x) / D(x) of sums over
 *   labels, so Dinkelbach's method (1967) finds the global optimum: for a fixed lambda,
 *   N - lambda * D splits into one independent maximisation per label; setting lambda to the
 *   value reached and repeating stops at the optimum after a few rounds.
 * - Recall pooled is TP / P: each label keeps its cut with the most true positives.
 * - Balanced accuracy pooled is (TP/P + TN/N) / 2, linear in the per-label counts: each label
 *   maximises TP_l/P - FP_l/N on its own.
 * - A custom count function gets coordinate ascent over the labels (Fan & Lin 2007): starting
 *   from `start`, each label in turn takes its best cut with the others fixed, until a full
 *   pass changes nothing. That is a local optimum, not a proven global one.
 *
 * @internal
 * @module
 */

/** Every label's candidate cuts, concatenated. */
interface CutStore {
  /** Cuts of label j are at offset[j] .. offset[j + 1] (float64: the total can pass 2^31). */
  offset: Float64Array;
  tp: Float64Array;
  fp: Float64Array;
  high: Float64Array;
  positives: Float64Array;
  negatives: Float64Array;
  cells: Int32Array;
  /** The positives of every label, pooled (the P of the micro counts). */
  pooledPositives: number;
  /** The negatives of every label, pooled (N). */
  pooledNegatives: number;
}

function collectCuts(source: CutSource, monotone: boolean): CutStore {
  const cols = source.cols;
  const offset = new Float64Array(cols + 1);
  const positives = new Float64Array(cols);
  const negatives = new Float64Array(cols);
  const cells = new Int32Array(cols);
  let tp: Float64Array = new Float64Array(1024);
  let fp: Float64Array = new Float64Array(1024);
  let high: Float64Array = new Float64Array(1024);
  let size = 0;
  source.forEachLabelCuts(monotone, (j, cuts) => {
    if (size + cuts.count > tp.length) {
      const capacity = Math.max(2 * tp.length, size + cuts.count);
      tp = grow(tp, capacity);
      fp = grow(fp, capacity);
      high = grow(high, capacity);
    }
    tp.set(cuts.tp.subarray(0, cuts.count), size);
    fp.set(cuts.fp.subarray(0, cuts.count), size);
    high.set(cuts.high.subarray(0, cuts.count), size);
    size += cuts.count;
    offset[j + 1] = size;
    positives[j] = cuts.positives;
    negatives[j] = cuts.negatives;
    cells[j] = cuts.cells;
  });
  let pooledPositives = 0;
  let pooledNegatives = 0;
  for (let j = 0; j < cols; j++) {
    pooledPositives += positives[j];
    pooledNegatives += negatives[j];
  }
  return { offset, tp, fp, high, positives, negatives, cells, pooledPositives, pooledNegatives };
}

function grow(a: Float64Array, capacity: number): Float64Array {
  const b = new Float64Array(capacity);
  b.set(a);
  return b;
}

/**
 * Chooses per label the cut maximising `a * tp - b * (tp + fp)` (the empty cut scores 0; on a
 * tie the earlier cut, with the higher threshold, wins). Writes the chosen cut indices (-1:
 * empty) into `choice` and returns the pooled TP and FP.
 */
function chooseLinear(store: CutStore, a: number, b: number, choice: Int32Array): [number, number] {
  let tpSum = 0;
  let fpSum = 0;
  const cols = choice.length;
  for (let j = 0; j < cols; j++) {
    let best = 0;
    let index = -1;
    for (let c = store.offset[j]; c < store.offset[j + 1]; c++) {
      const v = a * store.tp[c] - b * (store.tp[c] + store.fp[c]);
      if (v > best) {
        best = v;
        index = c;
      }
    }
    choice[j] = index;
    if (index >= 0) {
      tpSum += store.tp[index];
      fpSum += store.fp[index];
    }
  }
  return [tpSum, fpSum];
}

/**
 * The lowest kept score of each label's chosen cut: +Infinity for the empty cut, NaN for a
 * label without known cells.
 *
 * @internal
 */
export function searchMicro(
  source: CutSource,
  spec: MetricSpec,
  startThreshold: number,
): Float64Array {
  const store = collectCuts(source, spec.monotone);
  const cols = source.cols;
  const { pooledPositives: positives, pooledNegatives: negatives } = store;
  const choice = new Int32Array(cols).fill(-1);
  if (spec.name === 'recall') {
    // Pooled recall is TP / P: each label keeps its cut with the most true positives.
    chooseLinear(store, 1, 0, choice);
  } else if (spec.name === 'balancedAccuracy') {
    // a tp - b (tp + fp) with a = 1/P + 1/N and b = 1/N is tp/P - fp/N.
    const a = (positives > 0 ? 1 / positives : 0) + (negatives > 0 ? 1 / negatives : 0);
    chooseLinear(store, a, negatives > 0 ? 1 / negatives : 0, choice);
  } else if (spec.name === 'custom') {
    coordinateAscent(store, spec.evaluate, startThreshold, choice);
  } else {
    dinkelbach(store, spec, choice);
  }
  const high = new Float64Array(cols);
  for (let j = 0; j < cols; j++) {
    if (store.cells[j] === 0) high[j] = Number.NaN;
    else high[j] = choice[j] < 0 ? Number.POSITIVE_INFINITY : store.high[choice[j]];
  }
  return high;
}

function dinkelbach(store: CutStore, spec: MetricSpec, choice: Int32Array): void {
  const { evaluate } = spec;
  const { pooledPositives: positives, pooledNegatives: negatives } = store;
  // 1 / (1 + b^2), which is 0 (not Infinity / Infinity) once b^2 overflows: F-beta is recall.
  const shrink = 1 / (1 + spec.beta * spec.beta);
  const jaccard = spec.name === 'jaccard';
  const trial = new Int32Array(choice.length);
  // The all-empty choice is the starting point (and stays when nothing beats it).
  let best = evaluate(negatives, 0, positives, 0);
  let lambda = 0;
  for (let round = 0; round < 200; round++) {
    // F-beta = (1 + b^2) TP / (Pred + b^2 P): N - lambda D, divided by 1 + b^2 so that a
    // huge beta cannot overflow, is TP - lambda / (1 + b^2) Pred plus a constant.
    // Jaccard = TP / (Pred + P - TP).
    const [tp, fp] = jaccard
      ? chooseLinear(store, 1 + lambda, lambda, trial)
      : chooseLinear(store, 1, lambda * shrink, trial);
    const value = evaluate(negatives - fp, fp, positives - tp, tp);
    if (value > best) {
      best = value;
      choice.set(trial);
    }
    if (!(value > lambda)) break;
    lambda = value;
  }
}

function coordinateAscent(
  store: CutStore,
  evaluate: CountScore,
  startThreshold: number,
  choice: Int32Array,
): void {
  const { pooledPositives: positives, pooledNegatives: negatives } = store;
  const cols = choice.length;
  let tpSum = 0;
  let fpSum = 0;
  // Start: the cut each label takes at the shared threshold.
  for (let j = 0; j < cols; j++) {
    let index = -1;
    for (let c = store.offset[j]; c < store.offset[j + 1]; c++) {
      if (store.high[c] >= startThreshold) index = c;
    }
    choice[j] = index;
    if (index >= 0) {
      tpSum += store.tp[index];
      fpSum += store.fp[index];
    }
  }
  let current = evaluate(negatives - fpSum, fpSum, positives - tpSum, tpSum);
  for (let pass = 0; pass < 100; pass++) {
    let changed = false;
    for (let j = 0; j < cols; j++) {
      const c0 = choice[j];
      const tpOthers = tpSum - (c0 < 0 ? 0 : store.tp[c0]);
      const fpOthers = fpSum - (c0 < 0 ? 0 : store.fp[c0]);
      let best = current;
      let index = c0;
      const consider = (c: number, tp: number, fp: number): void => {
        const v = evaluate(negatives - fp, fp, positives - tp, tp);
        if (v > best) {
          best = v;
          index = c;
        }
      };
      consider(-1, tpOthers, fpOthers);
      for (let c = store.offset[j]; c < store.offset[j + 1]; c++) {
        consider(c, tpOthers + store.tp[c], fpOthers + store.fp[c]);
      }
      if (index !== c0) {
        choice[j] = index;
        tpSum = tpOthers + (index < 0 ? 0 : store.tp[index]);
        fpSum = fpOthers + (index < 0 ? 0 : store.fp[index]);
        current = best;
        changed = true;
      }
    }
    if (!changed) break;
  }
}

/**
 * Conformal risk control (`conformalThresholds`) on real data: does the false-negative rate stay
 * at most alpha on new rows, and what does exactness buy over a grid?
 *
 * On yeast, scene, emotions, birds, medical, enron and bibtex (MULAN standard splits,
 * bench/data/thresholds), the one-vs-rest logistic regression of the thresholds bench
 * (bench/support/threshold-data.ts, trained on 75 % of the standard train rows) scores the
 * standard test rows. Those rows are split at random into calibration and test halves 1,000
 * times; for alpha = 0.05, 0.1 and 0.2 the thresholds are fitted on the calibration half and
 * applied to the test half. Reported: the mean over splits of the test false-negative rate (the
 * mean over rows of each row's share of true labels left out; with `perLabel`, each label's on
 * its true rows, then the largest of those means over labels with at least 50 true rows per
 * test half, and how many exceed alpha by more than 3 standard errors), the mean set size, and the set size of a 100-point grid version (thresholds k / 100,
 * the highest that passes the same bound), which can only be larger. On the first 10 splits the
 * threshold is checked against the definition evaluated at every score (brute force).
 *
 * Goal (issue: guarantees): mean test FNR <= alpha for every dataset and alpha (the guarantee
 * is on the expectation: a mean beyond alpha by more than 3 standard errors, globally or for
 * any label, would break it); the threshold equal to the brute force; the mean set size no
 * larger than the grid's.
 *
 * Run: npm run bench -- conformal
 */
import { SeededRandom } from '../src/core/random.js';
import { conformalThresholds } from '../src/thresholds/index.js';
import { printTable, writeResults } from './harness.js';
import { loadDataset, predict, validationSplit } from './support/threshold-data.js';

const DATASETS = ['yeast', 'scene', 'emotions', 'birds', 'medical', 'enron', 'bibtex'];
const ALPHAS = [0.05, 0.1, 0.2];
const SPLITS = Number(process.env.CONFORMAL_SPLITS ?? 1000);
const CHECKED_SPLITS = 10;

interface Half {
  readonly rows: number;
  readonly y: Uint8Array;
  readonly s: Float64Array;
}

function take(y: Uint8Array, s: Float64Array, L: number, rows: Int32Array): Half {
  const out = {
    rows: rows.length,
    y: new Uint8Array(rows.length * L),
    s: new Float64Array(rows.length * L),
  };
  rows.forEach((r, i) => {
    out.y.set(y.subarray(r * L, (r + 1) * L), i * L);
    out.s.set(s.subarray(r * L, (r + 1) * L), i * L);
  });
  return out;
}

/** The mean over rows of the share of true labels scoring below their threshold (0 without one). */
function rowMissRate(h: Half, L: number, t: ArrayLike<number>): number {
  let sum = 0;
  for (let r = 0; r < h.rows; r++) {
    let positives = 0;
    let missed = 0;
    for (let j = 0; j < L; j++) {
      if (h.y[r * L + j] !== 1) continue;
      positives++;
      missed += +(h.s[r * L + j] < t[j]);
    }
    if (positives > 0) sum += missed / positives;
  }
  return sum / h.rows;
}

function meanSetSize(h: Half, L: number, t: ArrayLike<number>): number {
  let n = 0;
  for (let r = 0; r < h.rows; r++) for (let j = 0; j < L; j++) n += +(h.s[r * L + j] >= t[j]);
  return n / h.rows;
}

/**
 * The grid version: the highest of k / 100 (k = 100 .. 0, then -Infinity) passing the bound,
 * with the risk at every grid point from one pass over the true cells.
 */
function gridThreshold(h: Half, L: number, alpha: number): number {
  // missedFrom[k]: the loss a true cell adds at every grid point from k up (k / 100 > its score).
  const missedFrom = new Float64Array(102);
  for (let r = 0; r < h.rows; r++) {
    let positives = 0;
    for (let j = 0; j < L; j++) positives += h.y[r * L + j];
    for (let j = 0; j < L; j++) {
      if (h.y[r * L + j] !== 1) continue;
      const v = h.s[r * L + j];
      let k = Math.max(0, Math.min(101, Math.floor(v * 100) + 1));
      while (k > 0 && (k - 1) / 100 > v) k--;
      while (k <= 100 && k / 100 <= v) k++;
      missedFrom[k] += 1 / positives;
    }
  }
  const risk = new Float64Array(101);
  for (let k = 0, sum = 0; k <= 100; k++) {
    sum += missedFrom[k];
    risk[k] = sum / h.rows;
  }
  for (let k = 100; k >= 0; k--) {
    if ((h.rows * risk[k] + 1) / (h.rows + 1) <= alpha) return k / 100;
  }
  return Number.NEGATIVE_INFINITY;
}

/**
 * The definition evaluated directly: the highest of every score of the half (and +/-Infinity)
 * whose risk passes the bound, by bisection (the risk only falls as the threshold falls).
 */
function bruteForce(h: Half, L: number, alpha: number): number {
  const candidates = [Number.POSITIVE_INFINITY, ...new Set(h.s), Number.NEGATIVE_INFINITY].sort(
    (a, b) => b - a,
  );
  const passes = (c: number): boolean =>
    (h.rows * rowMissRate(h, L, new Array<number>(L).fill(c)) + 1) / (h.rows + 1) <=
    alpha * (1 + 1e-12);
  let lo = 0;
  let hi = candidates.length - 1;
  if (!passes(candidates[hi])) return Number.NEGATIVE_INFINITY;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (passes(candidates[mid])) hi = mid;
    else lo = mid + 1;
  }
  return candidates[lo];
}

const rows: Record<string, string | number>[] = [];
const summary: Record<string, unknown>[] = [];
let allHeld = true;
for (const name of DATASETS) {
  const ds = loadDataset(name);
  const L = ds.labels;
  const { model } = validationSplit(ds, 1);
  const s = predict(model, ds.test.x);
  const y = ds.test.y;
  const n = ds.test.x.rows;
  const random = new SeededRandom(11);
  const stats = ALPHAS.map(() => ({
    fnr: 0,
    fnrSquares: 0,
    size: 0,
    gridSize: 0,
    labelFnr: new Float64Array(L),
    labelFnrSquares: new Float64Array(L),
    labelSplits: new Int32Array(L),
    labelTrue: new Int32Array(L),
    perLabelSize: 0,
    bruteMatches: 0,
    bruteChecked: 0,
  }));
  for (let split = 0; split < SPLITS; split++) {
    const order = random.permutation(n);
    const half = Math.floor(n / 2);
    const calibration = take(y, s, L, Int32Array.from(order.slice(0, half)));
    const test = take(y, s, L, Int32Array.from(order.slice(half)));
    const cal = { data: calibration.y, shape: [calibration.rows, L] as [number, number] };
    const calScores = { data: calibration.s, shape: [calibration.rows, L] as [number, number] };
    ALPHAS.forEach((alpha, a) => {
      const st = stats[a];
      const global = conformalThresholds(cal, calScores, { alpha });
      const fnr = rowMissRate(test, L, global.values);
      st.fnr += fnr;
      st.fnrSquares += fnr * fnr;
      st.size += meanSetSize(test, L, global.values);
      st.gridSize += meanSetSize(
        test,
        L,
        new Array<number>(L).fill(gridThreshold(calibration, L, alpha)),
      );
      if (split < CHECKED_SPLITS) {
        st.bruteChecked++;
        st.bruteMatches += +(bruteForce(calibration, L, alpha) === global.values[0]);
      }
      const perLabel = conformalThresholds(cal, calScores, { alpha, perLabel: true });
      st.perLabelSize += meanSetSize(test, L, perLabel.values);
      for (let j = 0; j < L; j++) {
        let positives = 0;
        let missed = 0;
        for (let r = 0; r < test.rows; r++) {
          if (test.y[r * L + j] !== 1) continue;
          positives++;
          missed += +(test.s[r * L + j] < perLabel.values[j]);
        }
        if (positives === 0) continue;
        st.labelFnr[j] += missed / positives;
        st.labelFnrSquares[j] += (missed / positives) ** 2;
        st.labelSplits[j]++;
        st.labelTrue[j] += positives;
      }
    });
  }
  ALPHAS.forEach((alpha, a) => {
    const st = stats[a];
    // Labels with at least 50 true test rows in a test half, on average; a label's mean over
    // splits beyond alpha by more than 3 standard errors would break the guarantee.
    let worst = 0;
    let labels = 0;
    let beyond = 0;
    for (let j = 0; j < L; j++) {
      const m = st.labelSplits[j];
      if (m < 2 || st.labelTrue[j] / SPLITS < 50) continue;
      const mean = st.labelFnr[j] / m;
      const se = Math.sqrt(Math.max(0, st.labelFnrSquares[j] / m - mean * mean) / (m - 1));
      worst = Math.max(worst, mean);
      beyond += +(mean > alpha + 3 * se);
      labels++;
    }
    const fnr = st.fnr / SPLITS;
    const fnrSe = Math.sqrt(Math.max(0, st.fnrSquares / SPLITS - fnr * fnr) / (SPLITS - 1));
    const held =
      fnr <= alpha + 3 * fnrSe &&
      beyond === 0 &&
      st.bruteMatches === st.bruteChecked &&
      st.size <= st.gridSize;
    allHeld &&= held;
    rows.push({
      data: `${name} (${n} test rows, ${L} labels)`,
      alpha,
      'test FNR, one threshold (se)': `${fnr.toFixed(4)} (${fnrSe.toFixed(4)})`,
      'mean <= alpha': fnr <= alpha ? 'yes' : 'no',
      'mean set size': (st.size / SPLITS).toFixed(2),
      '100-point grid set size': (st.gridSize / SPLITS).toFixed(2),
      'threshold = brute force': `${st.bruteMatches}/${st.bruteChecked}`,
      'per label: worst label mean FNR (labels; beyond alpha + 3 se)':
        labels === 0 ? 'none' : `${worst.toFixed(4)} (${labels}; ${beyond})`,
      'per label: mean set size': (st.perLabelSize / SPLITS).toFixed(2),
      'guarantee holds (within 3 se)': held ? 'yes' : 'NO',
    });
    summary.push({
      dataset: name,
      alpha,
      fnr: Number(fnr.toFixed(4)),
      fnrStandardError: Number(fnrSe.toFixed(5)),
      setSize: Number((st.size / SPLITS).toFixed(3)),
      gridSetSize: Number((st.gridSize / SPLITS).toFixed(3)),
      worstLabelFnr: Number(worst.toFixed(4)),
      labelsBeyond: beyond,
      held,
    });
  });
}
printTable(
  `Conformal risk control of the false-negative rate: ${SPLITS} random calibration/test halves of each MULAN test set (logistic regression scores)`,
  rows,
);
writeResults('conformal', rows, { splits: SPLITS, alphas: ALPHAS, allHeld, results: summary });

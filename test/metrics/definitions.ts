/**
 * Plain definitional implementations of every metric, written from the formulas (scikit-learn
 * 1.2's documented semantics, Zhang & Zhou 2014, Jain et al. 2016) with the simplest loops:
 * quadratic pair counts, threshold sweeps that re-count everything, explicit enumeration of
 * tie orders. They share no code with the library. A cell of -1 is missing and is skipped.
 * Averages over rows and labels follow the library's documented rules; weights sum to > 0.
 */

export type Rows = number[][];
export type Average = 'micro' | 'macro' | 'weighted' | 'samples';

const weightOf = (w: number[] | undefined, i: number): number => (w === undefined ? 1 : w[i]);

interface Counts {
  tp: number;
  fp: number;
  fn: number;
  tn: number;
}

function countsOf(cells: [number, number, number][]): Counts {
  const c = { tp: 0, fp: 0, fn: 0, tn: 0 };
  for (const [t, p, w] of cells) {
    if (t === 1 && p === 1) c.tp += w;
    else if (t === 0 && p === 1) c.fp += w;
    else if (t === 1 && p === 0) c.fn += w;
    else c.tn += w;
  }
  return c;
}

function column(y: Rows, p: Rows, w: number[] | undefined, j: number): Counts {
  const cells: [number, number, number][] = [];
  y.forEach((row, i) => {
    if (row[j] !== -1) cells.push([row[j], p[i][j], weightOf(w, i)]);
  });
  return countsOf(cells);
}

function rowCounts(y: Rows, p: Rows, i: number): Counts | undefined {
  const cells: [number, number, number][] = [];
  y[i].forEach((t, j) => {
    if (t !== -1) cells.push([t, p[i][j], 1]);
  });
  return cells.length === 0 ? undefined : countsOf(cells);
}

const div = (a: number, b: number, zd: number): number => (b === 0 ? zd : a / b);

/** A count metric's value from counts (zd 0 or 1, scikit-learn 1.2's F rule). */
export type CountFormula = (c: Counts, zd: number) => number;

export const formulas = {
  precision: (c: Counts, zd: number) => div(c.tp, c.tp + c.fp, zd),
  recall: (c: Counts, zd: number) => div(c.tp, c.tp + c.fn, zd),
  jaccard: (c: Counts, zd: number) => div(c.tp, c.tp + c.fp + c.fn, zd),
  specificity: (c: Counts, zd: number) => div(c.tn, c.tn + c.fp, zd),
  fbeta:
    (beta: number) =>
    (c: Counts, zd: number): number => {
      const p = div(c.tp, c.tp + c.fp, zd);
      const r = div(c.tp, c.tp + c.fn, zd);
      const b2 = beta * beta;
      const d = b2 * p + r;
      return d === 0 ? 0 : ((1 + b2) * p * r) / d;
    },
};

function mean(values: number[], weights?: number[]): number {
  let s = 0;
  let t = 0;
  values.forEach((v, i) => {
    const w = weights === undefined ? 1 : weights[i];
    s += v * w;
    t += w;
  });
  return s / t;
}

/**
 * An averaged count metric. `'weighted'` with no support: `prfs` gives scikit-learn's
 * precision/recall/F special values, otherwise the plain mean (Jaccard's rule).
 */
export function averagedCount(
  y: Rows,
  p: Rows,
  formula: CountFormula,
  average: Average,
  zd: number,
  w?: number[],
  prfs?: 'precision' | 'recall' | 'f',
): number {
  const L = y[0].length;
  const perLabel = Array.from({ length: L }, (_, j) => column(y, p, w, j));
  if (average === 'micro') {
    const total = { tp: 0, fp: 0, fn: 0, tn: 0 };
    for (const c of perLabel) {
      total.tp += c.tp;
      total.fp += c.fp;
      total.fn += c.fn;
      total.tn += c.tn;
    }
    return formula(total, zd);
  }
  if (average === 'macro') return mean(perLabel.map((c) => formula(c, zd)));
  if (average === 'weighted') {
    const support = perLabel.map((c) => c.tp + c.fn);
    if (support.every((s) => s === 0)) {
      if (prfs === undefined) return mean(perLabel.map((c) => formula(c, zd)));
      const predicted = perLabel.reduce((s, c) => s + c.tp + c.fp, 0);
      if (prfs === 'recall') return zd;
      return predicted === 0 ? zd : 0;
    }
    return mean(
      perLabel.map((c) => formula(c, zd)),
      support,
    );
  }
  const values: number[] = [];
  const weights: number[] = [];
  y.forEach((_, i) => {
    const c = rowCounts(y, p, i);
    if (c === undefined) return;
    values.push(formula(c, zd));
    weights.push(weightOf(w, i));
  });
  return mean(values, weights);
}

export function hammingLoss(y: Rows, p: Rows, w?: number[]): number {
  let wrong = 0;
  let known = 0;
  y.forEach((row, i) => {
    row.forEach((t, j) => {
      if (t === -1) return;
      known += weightOf(w, i);
      if (t !== p[i][j]) wrong += weightOf(w, i);
    });
  });
  return wrong / known;
}

export function subsetAccuracy(y: Rows, p: Rows, w?: number[]): number {
  const values: number[] = [];
  const weights: number[] = [];
  y.forEach((row, i) => {
    const known = row.map((t, j) => [t, p[i][j]]).filter(([t]) => t !== -1);
    if (known.length === 0) return;
    values.push(known.every(([t, q]) => t === q) ? 1 : 0);
    weights.push(weightOf(w, i));
  });
  return mean(values, weights);
}

/** Known (label, score, weight) cells of column j, row i, or all. */
function cellsOfColumn(
  y: Rows,
  s: Rows,
  w: number[] | undefined,
  j: number,
): [number, number, number][] {
  const out: [number, number, number][] = [];
  y.forEach((row, i) => {
    if (row[j] !== -1) out.push([row[j], s[i][j], weightOf(w, i)]);
  });
  return out;
}

function cellsOfRow(y: Rows, s: Rows, i: number): [number, number, number][] {
  return y[i].flatMap((t, j) => (t === -1 ? [] : [[t, s[i][j], 1] as [number, number, number]]));
}

function allCells(y: Rows, s: Rows, w?: number[]): [number, number, number][] {
  return y.flatMap((row, i) =>
    row.flatMap((t, j) =>
      t === -1 ? [] : [[t, s[i][j], weightOf(w, i)] as [number, number, number]],
    ),
  );
}

/**
 * Step-wise average precision by re-counting at every distinct threshold: 0 without positives;
 * throws without any cell of positive weight (scikit-learn fails on the empty curve).
 */
export function binaryAp(cells: [number, number, number][]): number {
  const kept = cells.filter(([, , w]) => w !== 0);
  if (kept.length === 0) throw new Error('no cell of positive weight');
  const positives = kept.reduce((a, [t, , w]) => a + (t === 1 ? w : 0), 0);
  if (positives === 0) return 0;
  const thresholds = [...new Set(kept.map(([, s]) => s))].sort((a, b) => b - a);
  let ap = 0;
  let previous = 0;
  for (const threshold of thresholds) {
    let tp = 0;
    let predicted = 0;
    for (const [t, s, w] of kept) {
      if (s >= threshold) {
        predicted += w;
        if (t === 1) tp += w;
      }
    }
    const recall = tp / positives;
    ap += (recall - previous) * (tp / predicted);
    previous = recall;
  }
  return ap;
}

/**
 * ROC AUC by counting weighted pairs, ties one half; throws without any cell of positive
 * weight, NaN when a class weighs nothing (scikit-learn's values).
 */
export function binaryAuc(cells: [number, number, number][]): number {
  if (cells.every(([, , w]) => w === 0)) throw new Error('no cell of positive weight');
  let num = 0;
  let pos = 0;
  let neg = 0;
  for (const [t, , w] of cells) {
    if (t === 1) pos += w;
    else neg += w;
  }
  for (const [tp, sp, wp] of cells) {
    if (tp !== 1) continue;
    for (const [tn, sn, wn] of cells) {
      if (tn !== 0) continue;
      num += wp * wn * (sp > sn ? 1 : sp === sn ? 0.5 : 0);
    }
  }
  return num / (pos * neg);
}

/** Positives' weight of each label (the weights of 'weighted'). */
function positiveWeight(y: Rows, w: number[] | undefined, j: number): number {
  return y.reduce((a, row, i) => a + (row[j] === 1 ? weightOf(w, i) : 0), 0);
}

/** A per-label ranking metric with scikit-learn's averages (ROC: inputs with both classes). */
export function averagedBinary(
  y: Rows,
  s: Rows,
  metric: (cells: [number, number, number][]) => number,
  average: Average,
  w?: number[],
): number {
  const L = y[0].length;
  if (L === 1) return metric(cellsOfColumn(y, s, w, 0));
  if (average === 'micro') return metric(allCells(y, s, w));
  if (average === 'samples') {
    const values: number[] = [];
    const weights: number[] = [];
    y.forEach((_, i) => {
      const cells = cellsOfRow(y, s, i);
      if (cells.length === 0) return;
      const wi = weightOf(w, i);
      values.push(wi === 0 ? 0 : metric(cells));
      weights.push(wi);
    });
    return mean(values, weights);
  }
  // 'weighted' returns 0 before scoring anything when the label weights sum to about 0.
  const weights = Array.from({ length: L }, (_, j) => positiveWeight(y, w, j));
  if (average === 'weighted' && Math.abs(weights.reduce((a, b) => a + b, 0)) <= 1e-8) return 0;
  const values = Array.from({ length: L }, (_, j) => metric(cellsOfColumn(y, s, w, j)));
  if (average === 'macro') return mean(values);
  return mean(
    values.map((v, j) => (weights[j] === 0 ? 0 : v)),
    weights,
  );
}

/** Mean over rows with a known cell of `value(cells of the row)`. */
function rowMean(
  y: Rows,
  s: Rows,
  w: number[] | undefined,
  value: (cells: [number, number][]) => number,
): number {
  const values: number[] = [];
  const weights: number[] = [];
  y.forEach((row, i) => {
    const cells = row.flatMap((t, j) => (t === -1 ? [] : [[t, s[i][j]] as [number, number]]));
    if (cells.length === 0) return;
    values.push(value(cells));
    weights.push(weightOf(w, i));
  });
  return mean(values, weights);
}

export function lrap(y: Rows, s: Rows, w?: number[]): number {
  return rowMean(y, s, w, (cells) => {
    const positives = cells.filter(([t]) => t === 1);
    if (positives.length === 0 || positives.length === cells.length) return 1;
    let sum = 0;
    for (const [, sj] of positives) {
      const rank = cells.filter(([, sk]) => sk >= sj).length;
      const above = positives.filter(([, sk]) => sk >= sj).length;
      sum += above / rank;
    }
    return sum / positives.length;
  });
}

export function coverage(y: Rows, s: Rows, w?: number[]): number {
  return rowMean(y, s, w, (cells) => {
    let worst = 0;
    for (const [t, sj] of cells) {
      if (t === 1) worst = Math.max(worst, cells.filter(([, sk]) => sk >= sj).length);
    }
    return worst;
  });
}

export function rankingLoss(y: Rows, s: Rows, w?: number[]): number {
  return rowMean(y, s, w, (cells) => {
    const pos = cells.filter(([t]) => t === 1);
    const neg = cells.filter(([t]) => t === 0);
    if (pos.length === 0 || neg.length === 0) return 0;
    let wrong = 0;
    for (const [, a] of pos) for (const [, b] of neg) if (a <= b) wrong++;
    return wrong / (pos.length * neg.length);
  });
}

/** Known labels of a row, ranked by score descending then index ascending. */
function rankedRow(row: number[], scores: number[]): [number, number][] {
  return row
    .map((t, j) => [t, scores[j], j])
    .filter(([t]) => t !== -1)
    .sort((a, b) => b[1] - a[1] || a[2] - b[2])
    .map(([t, sc]) => [t, sc]);
}

export function oneError(y: Rows, s: Rows, w?: number[]): number {
  const values: number[] = [];
  const weights: number[] = [];
  y.forEach((row, i) => {
    const ranked = rankedRow(row, s[i]);
    if (ranked.length === 0) return;
    values.push(ranked[0][0] === 1 ? 0 : 1);
    weights.push(weightOf(w, i));
  });
  return mean(values, weights);
}

const discount = (r: number): number => 1 / Math.log2(r + 2);

/** All orders of `items` (small inputs only). */
function permutations<T>(items: T[]): T[][] {
  if (items.length <= 1) return [items];
  return items.flatMap((item, i) =>
    permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [item, ...rest]),
  );
}

/**
 * nDCG with binary gains. Tie-averaged DCG is the mean DCG over every order of the tied labels
 * (McSherry & Najork 2008), computed here by enumerating those orders (rows of <= 6 labels).
 */
export function ndcg(
  y: Rows,
  s: Rows,
  options: { k?: number; ignoreTies?: boolean },
  w?: number[],
): number {
  return rowMean(y, s, w, (cells) => {
    const k = options.k ?? cells.length;
    const positives = cells.filter(([t]) => t === 1).length;
    if (positives === 0) return 0;
    let ideal = 0;
    for (let r = 0; r < Math.min(k, positives); r++) ideal += discount(r);
    const dcgOf = (order: number[]): number =>
      order.reduce((a, t, r) => a + (r < k ? t * discount(r) : 0), 0);
    if (options.ignoreTies === true) {
      const byScoreThenIndex = cells
        .map(([t, sc], j) => [t, sc, j])
        .sort((a, b) => b[1] - a[1] || a[2] - b[2]);
      return dcgOf(byScoreThenIndex.map(([t]) => t)) / ideal;
    }
    // Group by score (descending), enumerate the orders inside each group.
    const values = [...new Set(cells.map(([, sc]) => sc))].sort((a, b) => b - a);
    const groups = values.map((v) => cells.filter(([, sc]) => sc === v).map(([t]) => t));
    let orders: number[][] = [[]];
    for (const group of groups) {
      const perms = permutations(group);
      orders = orders.flatMap((prefix) => perms.map((p) => [...prefix, ...p]));
    }
    return orders.reduce((a, order) => a + dcgOf(order), 0) / orders.length / ideal;
  });
}

/**
 * The mean over rows of `score(top, positives)`: `top` the row's k highest-ranked known cells
 * as [truth, score], `positives` its true labels; a row without a true label scores 0.
 */
function meanAtK(
  y: Rows,
  s: Rows,
  k: number,
  w: number[] | undefined,
  score: (top: [number, number][], positives: number) => number,
): number {
  if (k > y[0].length) return Number.NaN; // k must not exceed the number of labels
  return meanRows(y, s, w, (row, scores) => {
    const positives = row.filter((t) => t === 1).length;
    if (positives === 0) return 0;
    return score(rankedRow(row, scores).slice(0, k), positives);
  });
}

const hits = (top: [number, number][]): number => top.filter(([t]) => t === 1).length;

export function precisionAtK(y: Rows, s: Rows, k: number, w?: number[]): number {
  return meanAtK(y, s, k, w, (top) => hits(top) / k);
}

export function recallAtK(y: Rows, s: Rows, k: number, w?: number[]): number {
  return meanAtK(y, s, k, w, (top, positives) => hits(top) / positives);
}

export function ndcgAtK(y: Rows, s: Rows, k: number, w?: number[]): number {
  return meanAtK(y, s, k, w, (top, positives) => {
    let dcg = 0;
    top.forEach(([t], r) => {
      dcg += t * discount(r);
    });
    let ideal = 0;
    for (let r = 0; r < Math.min(k, positives); r++) ideal += discount(r);
    return dcg / ideal;
  });
}

/** Propensity-scored P@k or nDCG@k, normalised by the best ranking (pyxclib) or raw. */
export function propensityScored(
  y: Rows,
  s: Rows,
  k: number,
  propensities: number[],
  kind: 'precision' | 'ndcg',
  normalize: boolean,
  w?: number[],
): number {
  if (k > y[0].length) return Number.NaN; // k must not exceed the number of labels
  let sum = 0;
  let idealSum = 0;
  let total = 0;
  y.forEach((row, i) => {
    const known = row.map((t, j) => [t, s[i][j], j]).filter(([t]) => t !== -1);
    if (known.length === 0) return;
    const wi = weightOf(w, i);
    total += wi;
    const positives = known.filter(([t]) => t === 1);
    if (positives.length === 0) return;
    const gainAt = (r: number): number => (kind === 'precision' ? 1 / k : discount(r));
    const top = [...known].sort((a, b) => b[1] - a[1] || a[2] - b[2]).slice(0, k);
    let gain = 0;
    top.forEach(([t, , j], r) => {
      if (t === 1) gain += gainAt(r) / propensities[j];
    });
    const best = positives
      .map(([, , j]) => 1 / propensities[j])
      .sort((a, b) => b - a)
      .slice(0, k);
    let ideal = 0;
    best.forEach((v, r) => {
      ideal += v * gainAt(r);
    });
    let norm = 1;
    if (kind === 'ndcg') {
      norm = 0;
      for (let r = 0; r < Math.min(k, positives.length); r++) norm += discount(r);
    }
    sum += (wi * gain) / norm;
    idealSum += (wi * ideal) / norm;
  });
  if (total === 0) return Number.NaN;
  if (!normalize) return sum / total;
  return idealSum === 0 ? 0 : sum / idealSum;
}

function meanRows(
  y: Rows,
  s: Rows,
  w: number[] | undefined,
  value: (row: number[], scores: number[]) => number,
): number {
  const values: number[] = [];
  const weights: number[] = [];
  y.forEach((row, i) => {
    if (row.every((t) => t === -1)) return;
    values.push(value(row, s[i]));
    weights.push(weightOf(w, i));
  });
  return mean(values, weights);
}

/** Every known cell as (label, score, weight) of column j, for the tests of the curve kernels. */
export { allCells, cellsOfColumn };

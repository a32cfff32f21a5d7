/**
 * The registry of metrics that the generic property tests iterate over (scikit-learn's
 * `test_common.py` pattern): how to call each metric, its definitional twin from
 * definitions.ts, its bounds, its value on a perfect prediction, and which of the invariance
 * properties hold for it (`columns`, `swapped`).
 *
 * Two properties hold for every entry and need no mark: scaling every sample weight by one
 * positive factor leaves the value unchanged (weights count only through their ratios), and
 * every input form (number[][], boolean[][], `{data, shape}` of each typed array, a tensor)
 * gives the value of number[][].
 */
import type { MatrixInput } from '../../src/core/index.js';
import * as m from '../../src/metrics/index.js';
import type { Rows } from './definitions.js';
import * as d from './definitions.js';

export interface CallOptions {
  sampleWeight?: number[];
  ignoreIndex?: number;
}

export interface MetricEntry {
  name: string;
  /** `count`: the second matrix holds 0/1 predictions; `ranking`: scores. */
  kind: 'count' | 'ranking';
  run(yTrue: MatrixInput, y: MatrixInput, options: CallOptions): number;
  definition(yTrue: Rows, y: Rows, w?: number[]): number;
  /** Inclusive bounds for a matrix of `cols` labels. */
  bounds(cols: number): [number, number];
  /** The value on a perfect prediction of `yTrue` (every row and label has both classes). */
  best(yTrue: Rows): number;
  /** ROC AUC: undefined unless every label (`label`), row (`row`) or the pool has both classes. */
  needsBothClasses?: 'label' | 'row' | 'pooled';
  /** Scores of a perfect ranking of `yTrue` (default: `yTrue` itself). */
  perfectScores?: (yTrue: Rows) => Rows;
  /**
   * Permuting the label columns (of both matrices) leaves the value unchanged: `'always'`;
   * `'untied'`: only when no row has tied scores, because the metric breaks ties by column
   * index (top-k, one-error, nDCG with `ignoreTies`); `'never'`: see the entry's comment.
   */
  columns: ColumnPermutation;
  /**
   * The entry whose value equals this one's with `yTrue` and `yPred` swapped: this entry's
   * own name when the metric is symmetric, its dual (precision <-> recall) otherwise.
   * Undefined where no entry is: the support-weighted averages (the weights are `yTrue`'s
   * positives), F-beta with beta != 1, specificity (it turns into the negative predictive
   * value) and every ranking metric (scores are not labels).
   */
  swapped?: string;
}

export type ColumnPermutation = 'always' | 'untied' | 'never';

const hasBoth = (labels: number[]): boolean => labels.includes(0) && labels.includes(1);

/**
 * Where scikit-learn raises for ROC AUC (a single class) although the formula returns a number:
 * for an entry (or any metric variant) with `needsBothClasses`, on labels `y` with weights `w`.
 */
export function rocUndefined(
  entry: Pick<MetricEntry, 'name' | 'needsBothClasses'>,
  y: Rows,
  w: number[] | undefined,
): boolean {
  if (entry.needsBothClasses === undefined) return false;
  const need = y[0].length === 1 ? 'label' : entry.needsBothClasses;
  const known = (cells: number[]) => cells.filter((t) => t !== -1);
  if (need === 'pooled') return !hasBoth(known(y.flat()));
  if (need === 'row') return y.some((row) => known(row).length > 0 && !hasBoth(known(row)));
  if (entry.name.endsWith('weighted') && y[0].length > 1) {
    let total = 0;
    y.forEach((row, i) => {
      for (const t of row) if (t === 1) total += w === undefined ? 1 : w[i];
    });
    if (Math.abs(total) <= 1e-8) return false;
  }
  return y[0].some((_, j) => !hasBoth(known(y.map((row) => row[j]))));
}

/** A metric with one value per label (`average: 'none'`), for the column-permutation property. */
export interface PerLabelEntry {
  name: string;
  kind: 'count' | 'ranking';
  run(yTrue: MatrixInput, y: MatrixInput, options: CallOptions): Float64Array;
}

const unit = (): [number, number] => [0, 1];
const averages: d.Average[] = ['micro', 'macro', 'weighted', 'samples'];
const positivesOf = (row: number[]): number => row.filter((t) => t === 1).length;
const meanOver = (y: Rows, f: (row: number[]) => number): number =>
  y.reduce((a, row) => a + f(row), 0) / y.length;

type Run = MetricEntry['run'];
type Definition = MetricEntry['definition'];
/** The marks an entry may change from the defaults of `entry`. */
type Marks = Partial<
  Pick<MetricEntry, 'columns' | 'swapped' | 'bounds' | 'needsBothClasses' | 'perfectScores'>
>;

/**
 * An entry with the defaults most metrics share: values in [0, 1], unchanged by every column
 * permutation; `best` is the value on a perfect prediction (a number, or a function of `yTrue`).
 */
function entry(
  kind: MetricEntry['kind'],
  name: string,
  run: Run,
  definition: Definition,
  best: number | ((yTrue: Rows) => number),
  marks: Marks = {},
): MetricEntry {
  const bestOf = typeof best === 'number' ? () => best : best;
  return { name, kind, columns: 'always', run, definition, bounds: unit, best: bestOf, ...marks };
}
const count = (name: string, run: Run, definition: Definition, best: number, marks?: Marks) =>
  entry('count', name, run, definition, best, marks);
const ranking = (
  name: string,
  run: Run,
  definition: Definition,
  best: number | ((yTrue: Rows) => number),
  marks?: Marks,
) => entry('ranking', name, run, definition, best, marks);
/** Ties between scores are broken by column index: only untied rows permute freely. */
const untied: Marks = { columns: 'untied' };

const countEntries: MetricEntry[] = [
  count('hammingLoss', m.hammingLoss, d.hammingLoss, 0, { swapped: 'hammingLoss' }),
  count('subsetAccuracy', m.subsetAccuracy, d.subsetAccuracy, 1, { swapped: 'subsetAccuracy' }),
  count('zeroOneLoss', m.zeroOneLoss, (y, p, w) => 1 - d.subsetAccuracy(y, p, w), 0, {
    swapped: 'zeroOneLoss',
  }),
];
for (const average of averages) {
  // zeroDivision 1 so that a perfect prediction scores 1 even where 0/0 occurs.
  const zd = 1;
  const counted: [
    string,
    d.CountFormula,
    (y: MatrixInput, p: MatrixInput, o: CallOptions) => number,
    'precision' | 'recall' | 'f' | undefined,
  ][] = [
    [
      'precisionScore',
      d.formulas.precision,
      (y, p, o) => m.precisionScore(y, p, { ...o, average, zeroDivision: zd }),
      'precision',
    ],
    [
      'recallScore',
      d.formulas.recall,
      (y, p, o) => m.recallScore(y, p, { ...o, average, zeroDivision: zd }),
      'recall',
    ],
    [
      'f1Score',
      d.formulas.fbeta(1),
      (y, p, o) => m.f1Score(y, p, { ...o, average, zeroDivision: zd }),
      'f',
    ],
    [
      'fbetaScore beta=2',
      d.formulas.fbeta(2),
      (y, p, o) => m.fbetaScore(y, p, { ...o, beta: 2, average, zeroDivision: zd }),
      'f',
    ],
    [
      'jaccardScore',
      d.formulas.jaccard,
      (y, p, o) => m.jaccardScore(y, p, { ...o, average, zeroDivision: zd }),
      undefined,
    ],
    [
      'specificityScore',
      d.formulas.specificity,
      (y, p, o) => m.specificityScore(y, p, { ...o, average, zeroDivision: zd }),
      undefined,
    ],
  ];
  for (const [name, formula, run, prfs] of counted) {
    const definition: Definition = (y, p, w) =>
      d.averagedCount(y, p, formula, average, zd, w, prfs);
    countEntries.push(
      count(`${name} ${average}`, run, definition, 1, { swapped: swappedCount(name, average) }),
    );
  }
}

/**
 * The count entry equal to `name` on swapped inputs: F1 and Jaccard are symmetric in fp and fn,
 * precision and recall trade places; not for `'weighted'` (the support is `yTrue`'s), F-beta
 * with beta = 2, or specificity (tn / (tn + fn) after the swap).
 */
function swappedCount(name: string, average: d.Average): string | undefined {
  if (average === 'weighted') return undefined;
  const partner: Record<string, string> = {
    f1Score: 'f1Score',
    jaccardScore: 'jaccardScore',
    precisionScore: 'recallScore',
    recallScore: 'precisionScore',
  };
  return partner[name] === undefined ? undefined : `${partner[name]} ${average}`;
}

const rankingEntries: MetricEntry[] = [];
for (const average of averages) {
  rankingEntries.push(
    ranking(
      `averagePrecisionScore ${average}`,
      (y, s, o) => m.averagePrecisionScore(y, s, { ...o, average }),
      (y, s, w) => d.averagedBinary(y, s, d.binaryAp, average, w),
      1,
    ),
    ranking(
      `rocAucScore ${average}`,
      (y, s, o) => m.rocAucScore(y, s, { ...o, average }),
      (y, s, w) => d.averagedBinary(y, s, d.binaryAuc, average, w),
      1,
      {
        needsBothClasses: average === 'micro' ? 'pooled' : average === 'samples' ? 'row' : 'label',
      },
    ),
  );
}
const k2 = { k: 2 } as const;
rankingEntries.push(
  ranking('labelRankingAveragePrecision', m.labelRankingAveragePrecision, d.lrap, 1),
  ranking('coverageError', m.coverageError, d.coverage, (y) => meanOver(y, positivesOf), {
    bounds: (cols) => [0, cols],
  }),
  ranking('labelRankingLoss', m.labelRankingLoss, d.rankingLoss, 0),
  ranking('oneError', m.oneError, d.oneError, 0, untied),
  ranking('ndcgScore', m.ndcgScore, (y, s, w) => d.ndcg(y, s, {}, w), 1),
  ranking(
    'ndcgScore k=2',
    (y, s, o) => m.ndcgScore(y, s, { ...o, ...k2 }),
    (y, s, w) => d.ndcg(y, s, k2, w),
    1,
  ),
  ranking(
    'ndcgScore k=2 ignoreTies',
    (y, s, o) => m.ndcgScore(y, s, { ...o, ...k2, ignoreTies: true }),
    (y, s, w) => d.ndcg(y, s, { ...k2, ignoreTies: true }, w),
    1,
    untied,
  ),
  ranking(
    'precisionAtK k=2',
    (y, s, o) => m.precisionAtK(y, s, { ...o, ...k2 }),
    (y, s, w) => d.precisionAtK(y, s, 2, w),
    (y) => meanOver(y, (row) => Math.min(2, positivesOf(row)) / 2),
    untied,
  ),
  ranking(
    'recallAtK k=2',
    (y, s, o) => m.recallAtK(y, s, { ...o, ...k2 }),
    (y, s, w) => d.recallAtK(y, s, 2, w),
    (y) => meanOver(y, (row) => Math.min(2, positivesOf(row)) / positivesOf(row)),
    untied,
  ),
  ranking(
    'ndcgAtK k=2',
    (y, s, o) => m.ndcgAtK(y, s, { ...o, ...k2 }),
    (y, s, w) => d.ndcgAtK(y, s, 2, w),
    1,
    untied,
  ),
);

/** The number of columns of any matrix form (rows of numbers, `{data, shape}` or a tensor). */
const colsOf = (y: MatrixInput): number =>
  'shape' in y ? (y.shape[1] as number) : (y as readonly (readonly unknown[])[])[0].length;

/** Propensities for `cols` labels (fixed, distinct). */
export const propensitiesFor = (cols: number): number[] =>
  Array.from({ length: cols }, (_, j) => 0.9 / (j + 1));

for (const kind of ['precision', 'ndcg'] as const) {
  const run = kind === 'precision' ? m.propensityScoredPrecisionAtK : m.propensityScoredNdcgAtK;
  rankingEntries.push(
    ranking(
      `propensityScored ${kind} k=2`,
      (y, s, o) => run(y, s, { ...o, ...k2, propensities: propensitiesFor(colsOf(y)) }),
      (y, s, w) => d.propensityScored(y, s, 2, propensitiesFor(y[0].length), kind, true, w),
      1,
      {
        // Each column has its own propensity, which the entry does not move with the column.
        columns: 'never',
        // The best ranking puts the rarest true labels first: score each true label 1 / p.
        perfectScores: (y) => {
          const p = propensitiesFor(y[0].length);
          return y.map((row) => row.map((t, j) => t / p[j]));
        },
      },
    ),
  );
}

export const registry: MetricEntry[] = [...countEntries, ...rankingEntries];

/** The per-label (`average: 'none'`) forms of the averaged metrics. */
export const perLabelRegistry: PerLabelEntry[] = (
  [
    ['precisionScore', 'count', (y, p, o) => m.precisionScore(y, p, { ...o, average: 'none' })],
    ['recallScore', 'count', (y, p, o) => m.recallScore(y, p, { ...o, average: 'none' })],
    ['f1Score', 'count', (y, p, o) => m.f1Score(y, p, { ...o, average: 'none' })],
    [
      'fbetaScore beta=2',
      'count',
      (y, p, o) => m.fbetaScore(y, p, { ...o, beta: 2, average: 'none' }),
    ],
    ['jaccardScore', 'count', (y, p, o) => m.jaccardScore(y, p, { ...o, average: 'none' })],
    ['specificityScore', 'count', (y, p, o) => m.specificityScore(y, p, { ...o, average: 'none' })],
    [
      'averagePrecisionScore',
      'ranking',
      (y, s, o) => m.averagePrecisionScore(y, s, { ...o, average: 'none' }),
    ],
    ['rocAucScore', 'ranking', (y, s, o) => m.rocAucScore(y, s, { ...o, average: 'none' })],
  ] as [string, PerLabelEntry['kind'], PerLabelEntry['run']][]
).map(([name, kind, run]) => ({ name, kind, run }));

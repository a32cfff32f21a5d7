import type { LabelMatrix } from '../core/matrix.js';
import type { SparseLabelMatrix } from '../core/sparse-label-matrix.js';
import { checkBoolean, checkOptionKeys } from '../core/validate.js';
import { type Combinations, labelCombinations } from './combinations.js';
import { PairIndex } from './pair-index.js';
import { readProportions } from './proportions.js';
import { type FoldAssignment, readFolds } from './read-folds.js';
import type { RowMajorMatrix } from './row-major-matrix.js';
import { type SparseLabels, toSparseLabels } from './sparse-labels.js';
import { stratify } from './stratify.js';
import { checkTableSize, formatCount, MAX_TABLE_CELLS } from './table-size.js';

/**
 * Options of {@link splitQuality}.
 *
 * @expand
 * @category Options
 * @example
 * ```ts
 * import { splitQuality, type SplitQualityOptions } from 'tfjs-multilabel/data';
 *
 * // A 75/25 train/test split given as fold 0 (train) and fold 1 (test).
 * const options: SplitQualityOptions = { proportions: [0.75, 0.25] };
 * const y = [[1], [0], [1], [0]];
 * console.log(splitQuality(y, [0, 0, 0, 1], options).exampleDistribution); // 0
 * console.log(splitQuality(y, [0, 0, 1, 1]).exampleDistribution); // 0
 * ```
 */
export interface SplitQualityOptions {
  /**
   * The share of the rows each fold was meant to get, summing to 1.
   * Only the example distribution depends on it. For a train/test split made with
   * `testSize: 0.2`, pass `[0.8, 0.2]` with the folds `[train, test]`.
   *
   * @defaultValue equal shares
   */
  proportions?: ArrayLike<number>;
  /**
   * Also measure the group-free reference: the split {@link iterativeStratification} makes
   * of the same labels with as many folds and the same `proportions` (order 1, seed 0, every
   * row its own group), reported in {@link SplitQuality.groupFreeReference}. Use it to see
   * what keeping groups together costs: a grouped split can only come close to it.
   *
   * @defaultValue `false`
   */
  groupFreeReference?: boolean;
}

/**
 * How well a split keeps the label distribution: the measures of Sechidis, Tsoumakas &
 * Vlahavas (ECML PKDD 2011) and their label-pair versions from Szymański & Kajdanowicz (LIDTA
 * 2017). Lower is better for every number.
 *
 * @summary How well a split keeps the label distribution. Lower is better.
 * @category Results
 * @example
 * ```ts
 * import { splitQuality, type SplitQuality } from 'tfjs-multilabel/data';
 *
 * const y = [[1, 1], [1, 1], [1, 0], [0, 1]];
 * const q: SplitQuality = splitQuality(y, [0, 1, 0, 1]);
 * console.log(Array.from(q.foldSizes), q.positivesPerFold.shape); // [2, 2] [2, 2]
 * console.log(q.foldsWithoutPositives, q.labelFoldsWithoutPositives); // 0 0
 * console.log(q.foldLabelPairsWithoutPositives, q.pairFoldsWithoutPositives); // 0 0
 * ```
 */
export interface SplitQuality {
  /**
   * LD: the mean over labels (those with at least one positive) and folds of
   * |S_j^i / (|S_j| - S_j^i) - D^i / (|D| - D^i)|, the gap between the positive:negative ratio
   * of label i in fold j and in the whole data. `Infinity` when a fold holds only positives of
   * a label that the data also has negatives of; a label positive in every row adds 0.
   */
  readonly labelDistribution: number;
  /** ED: the mean over folds of ||S_j| - c_j|, with c_j = |D| * r_j the desired fold size. */
  readonly exampleDistribution: number;
  /**
   * LPD: the same as LD over the label pairs i < i' that co-occur in the data (positives are
   * rows holding both labels). 0 when no two labels co-occur.
   */
  readonly labelPairDistribution: number;
  /** FZ: folds in which some label of the data has no positive. */
  readonly foldsWithoutPositives: number;
  /** FZLP: folds in which some co-occurring label pair of the data has no row holding both. */
  readonly foldLabelPairsWithoutPositives: number;
  /**
   * FLZ: (label, fold) cells without a positive, for labels with at least one positive. At
   * least sum_i max(0, k - D^i), which a split reaches when every label with at least k
   * positives has one in every fold.
   */
  readonly labelFoldsWithoutPositives: number;
  /** FLPZ: (co-occurring pair, fold) cells without a row holding both labels. */
  readonly pairFoldsWithoutPositives: number;
  /** Rows per fold. */
  readonly foldSizes: Int32Array;
  /** Positives of each label in each fold: `data[label * folds + fold]`, shape `[labels, folds]`. */
  readonly positivesPerFold: RowMajorMatrix<Int32Array>;
  /**
   * With the `groupFreeReference` option: LD, LPD and ED of the group-free iterative split of
   * the same labels, beside this split's; otherwise absent.
   */
  readonly groupFreeReference?: SplitQualityReference;
}

/**
 * The measures of the group-free reference split that {@link splitQuality} reports with its
 * `groupFreeReference` option.
 *
 * @summary LD, LPD and ED of the group-free split of the same labels.
 * @category Results
 * @example
 * ```ts
 * import { splitQuality, type SplitQualityReference } from 'tfjs-multilabel/data';
 *
 * const y = [[1, 0], [1, 0], [0, 1], [0, 1]];
 * // Rows 0-1 and 2-3 are two patients, kept apart: each fold lacks one label.
 * const q = splitQuality(y, [0, 0, 1, 1], { groupFreeReference: true });
 * const reference: SplitQualityReference | undefined = q.groupFreeReference;
 * console.log(q.labelDistribution, reference?.labelDistribution); // Infinity 0
 * ```
 */
export interface SplitQualityReference {
  /** LD of the reference split (see {@link SplitQuality.labelDistribution}). */
  readonly labelDistribution: number;
  /** LPD of the reference split. */
  readonly labelPairDistribution: number;
  /** ED of the reference split. */
  readonly exampleDistribution: number;
}

/** |a - b| of two positive:negative ratios, with x / 0 = Infinity and Infinity - Infinity = 0. */
function ratioGap(positive: number, negative: number, ratio: number): number {
  const r = negative === 0 ? Number.POSITIVE_INFINITY : positive / negative;
  if (r === ratio) return 0;
  return Math.abs(r - ratio);
}

/**
 * Mean over combinations and folds of the ratio gaps; a fold where the combination is unknown
 * in every row (all cells missing) is left out of that combination's mean.
 */
function distribution(
  positives: Int32Array,
  known: Float64Array,
  support: ArrayLike<number>,
  totalKnown: ArrayLike<number>,
  first: number,
  last: number,
  k: number,
): number {
  let sum = 0;
  let n = 0;
  for (let c = first; c < last; c++) {
    if (support[c] === 0) continue;
    const negatives = totalKnown[c] - support[c];
    const ratio = negatives === 0 ? Number.POSITIVE_INFINITY : support[c] / negatives;
    let rowSum = 0;
    let folds = 0;
    for (let j = 0; j < k; j++) {
      const i = c * k + j;
      if (known[i] === 0) continue;
      rowSum += ratioGap(positives[i], known[i] - positives[i], ratio);
      folds++;
    }
    if (folds === 0) continue;
    sum += rowSum / folds;
    n++;
  }
  return n === 0 ? 0 : sum / n;
}

/**
 * Measures how evenly a split spreads the labels, label pairs and rows over its folds, with
 * the measures of Sechidis et al. (2011) and Szymański & Kajdanowicz (2017); see
 * {@link SplitQuality} for the formulas. Use it to compare splitting methods or to check a
 * split before training. Missing cells (`-1` / `NaN`) count neither as positive nor as
 * negative.
 *
 * With `groupFreeReference: true`, it also splits the same labels with
 * {@link iterativeStratification} (same fold count and proportions, order 1, seed 0) and reports
 * that split's LD, LPD and ED in `groupFreeReference`, the yardstick for a grouped split.
 *
 * Cost: linear in the positives plus the co-occurring pairs per row, plus a table of (label or
 * co-occurring pair, fold) cells (and the cost of the reference split when asked).
 *
 * @summary Measures how evenly a split spreads labels and label pairs over its folds.
 * @category Quality
 * @param y Labels, one row per sample (0/1, and `-1` / `NaN` for unknown cells).
 * @param folds The fold of every row, or one array of row indices per fold.
 * @param options `proportions`: the intended share of each fold (default equal);
 *   `groupFreeReference`: also measure the group-free split of the same labels.
 * @returns LD, ED, LPD, FZ, FZLP, the zero-positive cell counts, fold sizes and positives per
 *   fold (and the reference's LD, LPD and ED when asked).
 * @throws {@link MultilabelError} `INVALID_SHAPE`, `EMPTY_INPUT`, `NON_BINARY_LABELS` for bad
 *   labels; `SHAPE_MISMATCH` when `folds` has not one entry per row; `INVALID_ARGUMENT` for a
 *   negative or fractional fold, an empty fold, or parts that do not cover the rows exactly
 *   once, and for inputs whose label pairs or (label or pair, fold) table would exceed 2^25
 *   cells; `INVALID_OPTION` / `UNKNOWN_OPTION` for bad options.
 * @example
 * ```ts
 * import { splitQuality } from 'tfjs-multilabel/data';
 *
 * const y = [[1, 0], [1, 0], [0, 1], [0, 1]];
 * const even = splitQuality(y, [0, 1, 0, 1]);
 * console.log(even.labelDistribution, even.foldsWithoutPositives); // 0 0
 * const skewed = splitQuality(y, [0, 0, 1, 1]);
 * console.log(skewed.labelDistribution, skewed.foldsWithoutPositives); // Infinity 2
 * ```
 */
export function splitQuality(
  y: LabelMatrix | SparseLabelMatrix,
  folds: FoldAssignment,
  options?: SplitQualityOptions,
): SplitQuality {
  checkOptionKeys(options, ['proportions', 'groupFreeReference'], 'splitQuality');
  const withReference = checkBoolean(options?.groupFreeReference, 'groupFreeReference', false);
  const labels = toSparseLabels(y, 'y');
  const { fold, k } = readFolds(folds, 'folds', labels.rows);
  const proportions = readProportions(options?.proportions, 'proportions', k);
  const advice = 'splitQuality measures label pairs too: pass only the label columns you need.';
  const combos = labelCombinations(labels, 2, { advice, code: 'INVALID_ARGUMENT' });
  checkTableSize(
    combos.count * k,
    MAX_TABLE_CELLS,
    `Measuring ${formatCount(combos.count)} labels and co-occurring label pairs over ${formatCount(k)} folds`,
    advice,
  );
  const quality = measure(labels, combos, fold, k, proportions);
  if (!withReference) return quality;
  const reference = measure(
    labels,
    combos,
    stratify(labels, { proportions, order: 1, seed: 0, balance: true }),
    k,
    proportions,
  );
  return {
    ...quality,
    groupFreeReference: {
      labelDistribution: reference.labelDistribution,
      labelPairDistribution: reference.labelPairDistribution,
      exampleDistribution: reference.exampleDistribution,
    },
  };
}

/** The measures of the split `fold` (k folds) of `labels`, whose combinations are `combos`. */
function measure(
  labels: SparseLabels,
  combos: Combinations,
  fold: Int32Array,
  k: number,
  proportions: Float64Array,
): SplitQuality {
  const { rows, cols } = labels;

  const foldSizes = new Int32Array(k);
  for (let r = 0; r < rows; r++) foldSizes[fold[r]]++;
  let exampleDistribution = 0;
  for (let j = 0; j < k; j++) exampleDistribution += Math.abs(foldSizes[j] - rows * proportions[j]);
  exampleDistribution /= k;

  const count = combos.count;
  const positives = new Int32Array(count * k);
  for (let r = 0; r < rows; r++) {
    const j = fold[r];
    for (let a = combos.indptr[r]; a < combos.indptr[r + 1]; a++) {
      positives[combos.indices[a] * k + j]++;
    }
  }

  // Known cells per combination and fold: the fold size minus rows where a label is missing
  // (for a pair: minus rows missing either label, by inclusion-exclusion).
  const known = new Float64Array(count * k);
  for (let c = 0; c < count; c++) known.set(foldSizes, c * k);
  const totalKnown = new Float64Array(count).fill(rows);
  const { missingIndptr, missingIndices } = labels;
  if (missingIndices.length > 0) {
    const missingIn = new Int32Array(cols * k);
    const pairs = new PairIndex(cols);
    const pairIds = new Int32Array(count - cols);
    for (let p = 0; p < pairIds.length; p++) {
      pairIds[p] = pairs.add(combos.pairFirst[p], combos.pairSecond[p]);
    }
    const bothMissing = new Int32Array((count - cols) * k);
    for (let r = 0; r < rows; r++) {
      const j = fold[r];
      for (let a = missingIndptr[r]; a < missingIndptr[r + 1]; a++) {
        const i = missingIndices[a];
        missingIn[i * k + j]++;
        for (let b = a + 1; b < missingIndptr[r + 1]; b++) {
          const p = pairs.get(i, missingIndices[b]);
          if (p >= 0) bothMissing[p * k + j]++;
        }
      }
    }
    for (let c = 0; c < count; c++) {
      let total = 0;
      for (let j = 0; j < k; j++) {
        let m: number;
        if (c < cols) m = missingIn[c * k + j];
        else {
          const p = c - cols;
          m =
            missingIn[combos.pairFirst[p] * k + j] +
            missingIn[combos.pairSecond[p] * k + j] -
            bothMissing[p * k + j];
        }
        known[c * k + j] -= m;
        total += known[c * k + j];
      }
      totalKnown[c] = total;
    }
  }

  const { support } = combos;
  const labelDistribution = distribution(positives, known, support, totalKnown, 0, cols, k);
  const labelPairDistribution = distribution(positives, known, support, totalKnown, cols, count, k);

  let labelFoldsWithoutPositives = 0;
  let pairFoldsWithoutPositives = 0;
  const labelGap = new Uint8Array(k);
  const pairGap = new Uint8Array(k);
  for (let c = 0; c < count; c++) {
    if (support[c] === 0) continue;
    for (let j = 0; j < k; j++) {
      if (positives[c * k + j] !== 0) continue;
      if (c < cols) {
        labelFoldsWithoutPositives++;
        labelGap[j] = 1;
      } else {
        pairFoldsWithoutPositives++;
        pairGap[j] = 1;
      }
    }
  }
  let foldsWithoutPositives = 0;
  let foldLabelPairsWithoutPositives = 0;
  for (let j = 0; j < k; j++) {
    foldsWithoutPositives += labelGap[j];
    foldLabelPairsWithoutPositives += pairGap[j];
  }

  return {
    labelDistribution,
    exampleDistribution,
    labelPairDistribution,
    foldsWithoutPositives,
    foldLabelPairsWithoutPositives,
    labelFoldsWithoutPositives,
    pairFoldsWithoutPositives,
    foldSizes,
    positivesPerFold: { data: positives.slice(0, cols * k), shape: [cols, k] },
  };
}

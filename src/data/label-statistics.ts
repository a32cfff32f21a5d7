import type { LabelMatrix } from '../core/matrix.js';
import type { SparseLabelMatrix } from '../core/sparse-label-matrix.js';
import { toSparseLabels } from './sparse-labels.js';

/**
 * Summary statistics of a label matrix, as defined by Tsoumakas & Katakis (cardinality,
 * density) and Charte et al. (IRLbl, MeanIR: "Addressing imbalance in multilabel
 * classification", Neurocomputing 163, 2015; SCUMBLE: "Concurrence among imbalanced labels
 * and its influence on multilabel resampling algorithms", HAIS 2014).
 *
 * @summary Cardinality, density, imbalance and SCUMBLE of a label matrix.
 * @category Results
 * @example
 * ```ts
 * import { labelStatistics, type LabelStatistics } from 'tfjs-multilabel/data';
 *
 * const stats: LabelStatistics = labelStatistics([[1, 0], [1, 1], [0, 0], [1, 0]]);
 * console.log(stats.rows, stats.labels, stats.cardinality, stats.density); // 4 2 1 0.5
 * console.log(Array.from(stats.labelCounts), stats.rowsWithoutLabels, stats.maxIR); // [3, 1] 1 3
 * ```
 */
export interface LabelStatistics {
  /** Number of rows. */
  readonly rows: number;
  /** Number of labels (columns). */
  readonly labels: number;
  /** Mean number of positive labels per row. */
  readonly cardinality: number;
  /** Cardinality divided by the number of labels. */
  readonly density: number;
  /** Number of distinct labelsets (sets of positive labels, the empty set included) among the rows. */
  readonly distinctLabelsets: number;
  /** Rows without any positive label. */
  readonly rowsWithoutLabels: number;
  /** Positives per label. */
  readonly labelCounts: Int32Array;
  /**
   * Imbalance ratio per label, IRLbl(l) = max_l' count(l') / count(l): 1 for the most frequent
   * label, larger for rarer ones, `Infinity` for a label without positives.
   */
  readonly irlbl: Float64Array;
  /** MeanIR: the mean IRLbl over the labels with at least one positive (`NaN` when there are none). */
  readonly meanIR: number;
  /** The largest IRLbl over the labels with at least one positive (`NaN` when there are none). */
  readonly maxIR: number;
  /**
   * SCUMBLE: the mean over rows of 1 - (geometric mean of the row's IRLbl values) / (their
   * arithmetic mean), 0 for a row without labels. High when rare and frequent labels appear
   * together, which makes resampling hard.
   */
  readonly scumble: number;
}

/**
 * Describes a multi-label dataset: cardinality, density, distinct labelsets, per-label
 * imbalance (IRLbl), MeanIR and SCUMBLE, with the definitions of the `mldr` R package (Charte
 * & Charte, R Journal 2015). Missing cells (`-1` / `NaN`) are not counted as positives.
 *
 * @summary Describes a label matrix: cardinality, imbalance, SCUMBLE...
 * @category Statistics
 * @param y Labels, one row per sample (0/1, `-1` / `NaN` for unknown cells).
 * @returns The statistics; see {@link LabelStatistics}.
 * @throws {@link MultilabelError} `INVALID_SHAPE`, `EMPTY_INPUT`, `NON_BINARY_LABELS` for bad labels.
 * @example
 * ```ts
 * import { labelStatistics } from 'tfjs-multilabel/data';
 *
 * const stats = labelStatistics([[1, 0, 1], [1, 0, 0], [1, 1, 0], [0, 0, 0]]);
 * console.log(stats.cardinality, stats.distinctLabelsets); // 1.25 4
 * console.log(Array.from(stats.irlbl)); // [1, 3, 3]
 * console.log(stats.meanIR.toFixed(4)); // '2.3333'
 * console.log(stats.scumble.toFixed(4)); // '0.0670'
 * ```
 */
export function labelStatistics(y: LabelMatrix | SparseLabelMatrix): LabelStatistics {
  const { rows, cols, indptr, indices, support } = toSparseLabels(y, 'y');
  let most = 0;
  for (let c = 0; c < cols; c++) most = Math.max(most, support[c]);
  const irlbl = new Float64Array(cols);
  let sumIR = 0;
  let maxIR = Number.NaN;
  let present = 0;
  for (let c = 0; c < cols; c++) {
    if (support[c] === 0) {
      irlbl[c] = Number.POSITIVE_INFINITY;
      continue;
    }
    irlbl[c] = most / support[c];
    sumIR += irlbl[c];
    maxIR = present === 0 ? irlbl[c] : Math.max(maxIR, irlbl[c]);
    present++;
  }

  // SCUMBLE per row from logs, so that long rows of large ratios cannot overflow.
  let scumble = 0;
  let rowsWithoutLabels = 0;
  const sets = new Set<string>();
  for (let r = 0; r < rows; r++) {
    const start = indptr[r];
    const end = indptr[r + 1];
    const n = end - start;
    sets.add(indices.subarray(start, end).join(','));
    if (n === 0) {
      rowsWithoutLabels++;
      continue;
    }
    let sum = 0;
    let logSum = 0;
    for (let a = start; a < end; a++) {
      sum += irlbl[indices[a]];
      logSum += Math.log(irlbl[indices[a]]);
    }
    scumble += 1 - Math.exp(logSum / n) / (sum / n);
  }
  const positives = indices.length;
  return {
    rows,
    labels: cols,
    cardinality: positives / rows,
    density: positives / rows / cols,
    distinctLabelsets: sets.size,
    rowsWithoutLabels,
    labelCounts: support.slice(),
    irlbl,
    meanIR: present === 0 ? Number.NaN : sumIR / present,
    maxIR,
    scumble: scumble / rows,
  };
}

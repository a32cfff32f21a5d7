import type { LabelMatrix } from '../core/matrix.js';
import type { SparseLabelMatrix } from '../core/sparse-label-matrix.js';
import { checkEnum, checkOptionKeys } from '../core/validate.js';
import type { RowMajorMatrix } from './row-major-matrix.js';
import { toSparseLabels } from './sparse-labels.js';
import { checkTableSize, formatCount, MAX_OUTPUT_CELLS } from './table-size.js';

/**
 * Options of {@link labelCooccurrence}.
 *
 * @expand
 * @category Options
 * @example
 * ```ts
 * import { labelCooccurrence, type LabelCooccurrenceOptions } from 'tfjs-multilabel/data';
 *
 * const options: LabelCooccurrenceOptions = { normalize: 'jaccard' };
 * const c = labelCooccurrence([[1, 1], [1, 0], [0, 1]], options);
 * console.log(Array.from(c.data).map((v) => v.toFixed(4))); // ['1.0000', '0.3333', '0.3333', '1.0000']
 * ```
 */
export interface LabelCooccurrenceOptions {
  /**
   * - `'none'`: counts, C[i][j] = rows where labels i and j are both positive; the
   *   diagonal holds each label's positives.
   * - `'conditional'`: C[i][j] / C[i][i], the estimate of P(label j | label i) that ML-GCN (Chen
   *   et al., CVPR 2019) builds its label graph from; rows of labels without positives are 0.
   * - `'jaccard'`: C[i][j] / (C[i][i] + C[j][j] - C[i][j]), symmetric; 0 where no row holds
   *   either label.
   *
   * @defaultValue `'none'`
   */
  normalize?: 'none' | 'conditional' | 'jaccard';
}

/**
 * The label co-occurrence matrix of `y`: how often each pair of labels is positive in the same
 * row, as counts, conditional probabilities or Jaccard indices. It is the input a
 * label-graph head needs, and a quick view of which labels travel together. Missing cells
 * (`-1` / `NaN`) are not counted as positives.
 *
 * Cost: O(sum over rows of (positive labels)^2) time plus the labels x labels output, which is
 * limited to 2^28 cells (16,384 labels).
 *
 * @summary How often each pair of labels is positive together.
 * @category Statistics
 * @param y Labels, one row per sample (0/1, `-1` / `NaN` for unknown cells).
 * @param options `normalize`: `'none'` (default), `'conditional'` or `'jaccard'`.
 * @returns A labels x labels matrix, row-major: `data[i * labels + j]`.
 * @throws {@link MultilabelError} `INVALID_SHAPE`, `EMPTY_INPUT`, `NON_BINARY_LABELS` for bad
 *   labels; `INVALID_ARGUMENT` when `y` has more than 16,384 labels (the output would exceed
 *   2^28 cells); `INVALID_OPTION` for an unknown `normalize`; `UNKNOWN_OPTION` for a misspelt option.
 * @example
 * ```ts
 * import { labelCooccurrence } from 'tfjs-multilabel/data';
 *
 * const y = [[1, 1, 0], [1, 0, 0], [1, 1, 1], [0, 0, 1]];
 * console.log(Array.from(labelCooccurrence(y).data)); // [3, 2, 1, 2, 2, 1, 1, 1, 2]
 * // P(label 1 | label 0): 2 of the 3 rows with label 0 also have label 1.
 * const p = labelCooccurrence(y, { normalize: 'conditional' });
 * console.log(p.data[0 * 3 + 1].toFixed(4)); // '0.6667'
 * ```
 */
export function labelCooccurrence(
  y: LabelMatrix | SparseLabelMatrix,
  options?: LabelCooccurrenceOptions,
): RowMajorMatrix<Float64Array> {
  checkOptionKeys(options, ['normalize'], 'labelCooccurrence');
  const normalize = checkEnum(options?.normalize ?? 'none', 'normalize', [
    'none',
    'conditional',
    'jaccard',
  ] as const);
  const { rows, cols, indptr, indices } = toSparseLabels(y, 'y');
  checkTableSize(
    cols * cols,
    MAX_OUTPUT_CELLS,
    `The co-occurrence matrix of ${formatCount(cols)} labels (labels x labels)`,
    'Pass only the label columns you need (for example the most frequent ones).',
  );
  const counts = new Float64Array(cols * cols);
  for (let r = 0; r < rows; r++) {
    const end = indptr[r + 1];
    for (let a = indptr[r]; a < end; a++) {
      const base = indices[a] * cols;
      for (let b = indptr[r]; b < end; b++) counts[base + indices[b]]++;
    }
  }
  if (normalize === 'none') return { data: counts, shape: [cols, cols] };
  // Normalised in place (one labels x labels array), from a copy of the diagonal.
  const diagonal = new Float64Array(cols);
  for (let i = 0; i < cols; i++) diagonal[i] = counts[i * cols + i];
  for (let i = 0; i < cols; i++) {
    const ci = diagonal[i];
    for (let j = 0; j < cols; j++) {
      const cij = counts[i * cols + j];
      if (cij === 0) continue;
      counts[i * cols + j] =
        normalize === 'conditional' ? cij / ci : cij / (ci + diagonal[j] - cij);
    }
  }
  return { data: counts, shape: [cols, cols] };
}

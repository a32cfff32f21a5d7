import { MultilabelError } from './errors.js';
import { TopK } from './kernels/top-k.js';
import type { FloatArray, ScoreMatrix } from './matrix.js';
import { hasKeys, isNumericArrayLike, toFloatMatrix } from './matrix-input.js';
import { readIntegerArray, readSparseShape } from './sparse-label-matrix.js';
import { assertFinite, assertSameShape, checkInteger } from './validate.js';
import { valueText } from './value-text.js';

/**
 * The `k` best-scored labels of every row, as extreme classifiers output them (pyxclib's and
 * AttentionXML's top-k arrays): row `r`'s label ids are `indices[r * k .. (r + 1) * k)` and
 * their scores `scores[r * k .. (r + 1) * k)`, in any order within the row. The labels a row
 * does not list count as scored below all of its listed ones. Memory is `rows x k`, however
 * many labels there are: the top 100 of a 670,000-label test set take 117 MiB.
 *
 * The top-k metrics rank a row's entries by score, equal scores by the lower label id, exactly
 * as they rank a dense row; so they give the dense values whenever `k` covers the metric's `k`.
 * Build one from dense scores with {@link topKPredictions}.
 *
 * @summary The top `k` labels of every row with their scores: `{ indices, scores, k, shape }`.
 * @category Inputs
 * @example
 * ```ts
 * import { precisionAtK, type TopKPredictions } from 'tfjs-multilabel/metrics';
 *
 * // Two rows, the 2 best of 5 labels each.
 * const yScore: TopKPredictions = { indices: [4, 1, 0, 2], scores: [0.9, 0.7, 0.8, 0.6], k: 2, shape: [2, 5] };
 * console.log(precisionAtK([[0, 1, 0, 0, 1], [0, 0, 1, 0, 0]], yScore, { k: 2 })); // 0.75
 * ```
 */
export interface TopKPredictions {
  /** `rows x k` label ids, row after row; no id twice in a row. */
  readonly indices: ArrayLike<number>;
  /** `rows x k` finite scores, aligned with `indices`. */
  readonly scores: ArrayLike<number>;
  /** Entries per row, from 1 to the number of labels. */
  readonly k: number;
  /** `[rows, labels]`: the shape of the dense score matrix these come from. */
  readonly shape: readonly [number, number];
}

/** A checked {@link TopKPredictions}. @internal */
export interface CheckedTopK {
  readonly rows: number;
  readonly cols: number;
  readonly k: number;
  readonly indices: Int32Array;
  readonly scores: FloatArray;
}

/** Whether `value` has the `indices`, `scores` and `k` of {@link TopKPredictions}. @internal */
export function isTopKPredictions(value: unknown): value is TopKPredictions {
  return hasKeys(value, ['indices', 'scores', 'k']);
}

/**
 * {@link readTopKPredictions} of `yScore`, checked to have the shape of the labels `yTrue` they
 * are scored against. @internal
 */
export function readTopKPredictionsFor(
  value: TopKPredictions,
  labels: { readonly rows: number; readonly cols: number },
): CheckedTopK {
  const top = readTopKPredictions(value, 'yScore');
  const { rows, cols } = labels;
  assertSameShape(
    { data: [], rows, cols },
    'yTrue',
    { data: [], rows: top.rows, cols: top.cols },
    'yScore.shape',
  );
  return top;
}

/**
 * Checks {@link TopKPredictions}: lengths `rows x k`, ids in range and not repeated in a row,
 * finite scores (Float32Array and Float64Array scores are used as is; others are copied).
 *
 * @internal
 */
export function readTopKPredictions(value: TopKPredictions, name: string): CheckedTopK {
  const [rows, cols] = readSparseShape(value.shape, name, 'scores');
  const k = checkInteger(value.k, `${name}.k`, { min: 1, max: cols });
  const indices = readIntegerArray(value.indices, `${name}.indices`, 'Give label ids.');
  const raw = value.scores;
  if (!isNumericArrayLike(raw)) {
    throw new MultilabelError(
      'INVALID_ARGUMENT',
      `\`${name}.scores\` must be an array of numbers, but got ${valueText(raw)}.`,
    );
  }
  for (const [what, length] of [
    ['indices', indices.length],
    ['scores', raw.length],
  ] as const) {
    if (length !== rows * k) {
      throw new MultilabelError(
        'INVALID_SHAPE',
        `\`${name}.${what}\` has ${length} entries, but ${rows} rows x k = ${k} need ${rows * k}. List the k best labels of every row.`,
      );
    }
  }
  for (let i = 0; i < raw.length && Array.isArray(raw); i++) {
    if (typeof raw[i] !== 'number') {
      throw new MultilabelError(
        'INVALID_ARGUMENT',
        `\`${name}.scores[${i}]\` is ${valueText(raw[i])}; every score must be a number.`,
      );
    }
  }
  const scores =
    raw instanceof Float32Array || raw instanceof Float64Array
      ? raw
      : Float64Array.from(raw as ArrayLike<number>);
  assertFinite({ data: scores, rows, cols: k }, `${name}.scores`);
  // A repeat within a row is found with a small open-addressing table of the row's ids (2k to
  // 4k slots, stamped with the row number so it is never cleared): it stays in cache however
  // many labels there are, where a table over all labels would miss on every id.
  let bits = 1;
  while (1 << bits < 2 * k) bits++;
  const mask = (1 << bits) - 1;
  const slotRow = new Int32Array(mask + 1);
  const slotId = new Int32Array(mask + 1);
  for (let r = 0, i = 0; r < rows; r++) {
    for (let e = 0; e < k; e++, i++) {
      const l = indices[i];
      if (l < 0 || l >= cols) {
        throw new MultilabelError(
          'INVALID_ARGUMENT',
          `Row ${r} of \`${name}\` lists label ${l}, outside [0, ${cols}) (\`shape[1]\` is the number of labels).`,
        );
      }
      // Fibonacci hashing: the top bits of l times 2^32 / golden ratio.
      let slot = Math.imul(l, 0x9e3779b1) >>> (32 - bits);
      while (slotRow[slot] === r + 1) {
        if (slotId[slot] === l) {
          throw new MultilabelError(
            'INVALID_ARGUMENT',
            `Row ${r} of \`${name}\` lists label ${l} twice; list k different labels per row.`,
          );
        }
        slot = (slot + 1) & mask;
      }
      slotRow[slot] = r + 1;
      slotId[slot] = l;
    }
  }
  return { rows, cols, k, indices, scores };
}

/**
 * The `k` best-scored labels of every row of a dense score matrix, best first, equal scores by
 * the lower label id (the order the top-k metrics use): what to keep of a model's scores when
 * the labels are too many to store every score. On a tensor, `tf.topk` (which also puts the
 * lower index first among equal values) gives the same ids and scores on the device.
 *
 * @summary The top `k` labels and scores of each row of a dense score matrix.
 * @category Sparse inputs
 * @param scores Scores, one row per sample (any dense form; finite).
 * @param k Entries to keep per row, from 1 to the number of labels.
 * @returns {@link TopKPredictions} whose scores are a `Float32Array` for float32 input, else a
 *   `Float64Array`.
 * @throws {@link MultilabelError} `EMPTY_INPUT`, `NON_FINITE_VALUES` for NaN or infinite scores,
 *   `INVALID_OPTION` for `k` out of range.
 * @example
 * ```ts
 * import { topKPredictions } from 'tfjs-multilabel';
 *
 * const top = topKPredictions([[0.1, 0.9, 0.5], [0.7, 0.2, 0.7]], 2);
 * console.log(Array.from(top.indices), Array.from(top.scores)); // [1, 2, 0, 2] [0.9, 0.5, 0.7, 0.7]
 * ```
 */
export function topKPredictions(scores: ScoreMatrix, k: number): TopKPredictions {
  const matrix = toFloatMatrix(scores, 'scores');
  const { rows, cols, data } = matrix;
  assertFinite(matrix, 'scores');
  checkInteger(k, 'k', { min: 1, max: cols });
  const indices = new Int32Array(rows * k);
  const out =
    data instanceof Float32Array ? new Float32Array(rows * k) : new Float64Array(rows * k);
  const top = new TopK(k);
  const known = new Int8Array(cols);
  for (let r = 0; r < rows; r++) {
    top.load(known, data, r * cols, cols, 0);
    indices.set(top.index, r * k);
    out.set(top.score, r * k);
  }
  return { indices, scores: out, k, shape: [rows, cols] };
}

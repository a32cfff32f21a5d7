import { MultilabelError } from '../core/errors.js';
import { toLabelMatrix } from '../core/label-matrix.js';
import { sigmoid } from '../core/logistic.js';
import type { DenseMatrix, LabelMatrix, ScoreMatrix } from '../core/matrix.js';
import { toFloatMatrix } from '../core/matrix-input.js';
import { checkPerLabel, perLabelValues } from '../core/per-label.js';
import { checkSeed } from '../core/random.js';
import { readIgnoreIndex } from '../core/readers.js';
import { argsort } from '../core/sort.js';
import {
  assertFinite,
  assertSameShape,
  checkInteger,
  checkNumber,
  checkOptionKeys,
} from '../core/validate.js';
import { valueText } from '../core/value-text.js';
import { iterativeStratification } from './iterative-stratification.js';
import { cooccurrenceCounts } from './label-cooccurrence.js';
import {
  fitPenalizedLogistic,
  type LogisticDesign,
  linearPredictor,
  logisticDesign,
} from './penalized-logistic-fit.js';
import { type FoldAssignment, readFolds } from './read-folds.js';
import type { RowMajorMatrix } from './row-major-matrix.js';
import { IntList, type SparseLabels, sparseLabelsOf } from './sparse-labels.js';

/**
 * Options of {@link markLikelyMissing}.
 *
 * @expand
 * @category Options
 * @example
 * ```ts
 * import type { MarkLikelyMissingOptions } from 'tfjs-multilabel/data';
 *
 * // Annotators tagged about 40% of what the images show; mark the rest for `ignoreIndex: -1`.
 * const options: MarkLikelyMissingOptions = { keepRate: 0.4, marker: -1, nFolds: 5, seed: 1 };
 * console.log(options.keepRate); // 0.4
 * ```
 */
export interface MarkLikelyMissingOptions {
  /**
   * The share of each label's true positives that the annotators tagged (`c` of the
   * "selected completely at random" setting, Elkan & Noto 2008): one number in (0, 1] for
   * every label, or one per label. A label with `p` tagged positives is taken to miss
   * `round(p (1 - c) / c)` of them, and that many of its 0 cells are marked. Estimate it on
   * a few rows annotated completely; 1 marks nothing. Required.
   */
  keepRate: number | ArrayLike<number>;
  /**
   * The marker of cells of `yTrue` already unknown (they are neither learned from nor marked):
   * cells equal to it, and `NaN` cells.
   *
   * @defaultValue none: every cell must be 0 or 1
   */
  ignoreIndex?: number;
  /**
   * The value written into the marked cells, and into the cells unknown on input: a number
   * outside [0, 1] or `NaN`. Pass the same value as the loss' `ignoreIndex`.
   *
   * @defaultValue `ignoreIndex`, else `-1`
   */
  marker?: number;
  /**
   * How many folds the cross-fitting uses: each label's model scores the rows of a fold after
   * learning from the other folds. The folds are stratified (`iterativeStratification` with
   * `seed`), so that every fold holds each label's positives where it can.
   *
   * @defaultValue `5` (one per row with fewer rows)
   */
  nFolds?: number;
  /**
   * The folds themselves instead of `nFolds`: the fold of every row (such as
   * `iterativeStratification`'s result) or a list of row-index arrays.
   *
   * @defaultValue none: `nFolds` stratified folds
   */
  folds?: FoldAssignment;
  /**
   * The seed of the stratified folds (not with `folds`).
   *
   * @defaultValue `0`
   */
  seed?: number;
  /**
   * The L2 penalty of the per-label logistic regressions (the weights' squared norm times
   * `l2 / 2`, the intercept unpenalised): scikit-learn's `LogisticRegression(C = 1 / l2)`.
   *
   * @defaultValue `1`
   */
  l2?: number;
  /**
   * How many other labels each label's model reads, at most. With at most that many other
   * labels, a label reads them all (one that never shares a row with it still says something:
   * its presence argues against the label). With more, a label reads the ones it shares most
   * tagged rows with (ties to the lower label), only labels that share at least one.
   *
   * @defaultValue `16`
   */
  contextLabels?: number;
}

/**
 * What {@link markLikelyMissing} returns.
 *
 * @category Results
 * @example
 * ```ts
 * import { markLikelyMissing, type LikelyMissingLabels } from 'tfjs-multilabel/data';
 *
 * const y = [[1, 0], [1, 0], [0, 1], [0, 1], [1, 0], [0, 0]];
 * const logits = [[3, -2], [2, -1], [-2, 2], [-3, 1], [4, -2], [1, -3]];
 * const result: LikelyMissingLabels = markLikelyMissing(y, logits, { keepRate: 0.75, nFolds: 2 });
 * console.log(Array.from(result.markedPerLabel)); // [1, 1]
 * ```
 */
export interface LikelyMissingLabels {
  /**
   * `yTrue` as float32 cells, with the marked cells (and cells unknown on input) holding the
   * marker: ready for `tf.tensor2d(labels.data, labels.shape)` and a loss with `ignoreIndex`.
   */
  readonly labels: RowMajorMatrix<Float32Array>;
  /**
   * For every cell that was 0: the cross-fitted probability, from its label's model, that the
   * cell is a positive; `NaN` for positive and unknown cells. The marked cells are each label's
   * highest.
   */
  readonly missingProbability: RowMajorMatrix<Float64Array>;
  /** How many cells of each label were marked. */
  readonly markedPerLabel: Int32Array;
}

const OPTION_KEYS = [
  'keepRate',
  'ignoreIndex',
  'marker',
  'nFolds',
  'folds',
  'seed',
  'l2',
  'contextLabels',
] as const;

/**
 * Finds the 0 cells of incomplete labels that are most likely unmarked positives, and marks
 * them unknown, so that a loss with `ignoreIndex` neither learns them as negatives nor as
 * positives.
 *
 * Per label, a logistic regression (L2-penalised, by Newton's method) learns whether the cell
 * is tagged from the model's score of the label and from which other labels the row has
 * tagged: a row tagged "beach" and "sea" whose "sky" is 0 is more likely missing "sky" than its
 * score alone says. It is cross-fitted: each fold's cells are scored by models that did not see
 * them. Each label's 0 cells with the highest probabilities are marked, as many as `keepRate`
 * says are missing.
 *
 * The scores must be out of fold: a network's scores on rows it trained on have learned their
 * 0 cells as negatives. Train it `k` times on `k - 1` folds (`stratifiedKFold`) and score the
 * held-out fold each time, then train the final model on the marked labels. On yeast with 60%
 * of the positives dropped, marking with the scores of five such networks, then training with
 * `largeLossRejection({ ignoreIndex: -1 })`, recovers a third of the mAP that the drop costs
 * (the incomplete-labels guide has the table).
 *
 * Cost: per label and fold, about ten Newton steps of O(rows x (2 + tagged context labels)^2).
 *
 * @summary Marks the 0 cells most likely to be unmarked positives as unknown.
 * @category Incomplete labels
 * @param yTrue The incomplete labels, one row per sample (0/1; with `ignoreIndex`, cells already
 *   unknown, which are neither learned from nor marked).
 * @param yScore Out-of-fold scores of the same shape, best as logits: each label's model is
 *   linear in its score.
 * @param options `keepRate` (required), `ignoreIndex`, `marker`, `nFolds` or `folds`, `seed`, `l2`,
 *   `contextLabels`.
 * @returns The marked labels, each 0 cell's probability of being a missing positive, and the
 *   marks per label.
 * @throws {@link MultilabelError} `INVALID_SHAPE`, `EMPTY_INPUT`, `NON_BINARY_LABELS`,
 *   `SHAPE_MISMATCH`, `NON_FINITE_VALUES` for bad inputs (`SHAPE_MISMATCH` also for a `keepRate`
 *   array whose length is not the label count); `INVALID_OPTION` for a missing or
 *   out-of-range `keepRate`, an `ignoreIndex` or `marker` that is (or rounds in float32) inside
 *   [0, 1], an `nFolds` outside [2, rows], an `l2` not above 0, a negative `contextLabels`, a bad
 *   `seed`, fewer than 2 `folds`, or `folds` together with `nFolds` or `seed`;
 *   `INVALID_ARGUMENT` for a single row, malformed `folds` (`SHAPE_MISMATCH` for the wrong
 *   length), options that are not an object, or more co-occurring label pairs than
 *   `sparseLabelCooccurrence` stores; `UNKNOWN_OPTION` for a misspelt option.
 * @example
 * ```ts
 * import { markLikelyMissing } from 'tfjs-multilabel/data';
 *
 * // Label 1 goes with label 0, but rows 4 and 5 have label 0 without it.
 * const y = [
 *   [1, 1], [1, 1], [1, 1], [0, 0], [1, 0], [1, 0],
 *   [0, 0], [1, 1], [0, 0], [0, 0], [1, 1], [0, 0],
 * ];
 * const logits = y.map(([a, b], i) => [2 * a - 1, b === 1 || i === 4 ? 1 : -1]);
 * // Label 0 is complete; about a fifth of label 1's positives are missing.
 * const result = markLikelyMissing(y, logits, { keepRate: [1, 0.8], nFolds: 3 });
 * console.log(Array.from(result.markedPerLabel)); // [0, 1]
 * // Row 4 most likely misses label 1: its cell is marked.
 * console.log(result.missingProbability.data[4 * 2 + 1].toFixed(2)); // '0.77'
 * console.log(result.labels.data[4 * 2 + 1]); // -1
 * ```
 */
export function markLikelyMissing(
  yTrue: LabelMatrix,
  yScore: ScoreMatrix,
  options: MarkLikelyMissingOptions,
): LikelyMissingLabels {
  checkOptionKeys(options, OPTION_KEYS, 'markLikelyMissing');
  const ignoreIndex = readIgnoreIndex(options?.ignoreIndex);
  const truth = toLabelMatrix(yTrue, 'yTrue', { ignoreIndex });
  const scores = toFloatMatrix(yScore, 'yScore');
  assertSameShape(truth, 'yTrue', scores, 'yScore');
  assertFinite(scores, 'yScore');
  const { rows, cols } = truth;
  const keepRate = readKeepRate(options?.keepRate, cols);
  const marker = readMarker(options.marker, ignoreIndex);
  const fold = readCrossFitFolds(options, truth);
  const l2 = checkNumber(options.l2 ?? 1, 'l2', { min: 0, minExclusive: true });
  const contextLabels = checkInteger(options.contextLabels ?? 16, 'contextLabels', { min: 0 });

  const labels = sparseLabelsOf(truth);
  const context = contextOf(labels, contextLabels);
  const split = foldRows(fold);
  const probability = new Float64Array(rows * cols).fill(Number.NaN);
  const markedPerLabel = new Int32Array(cols);
  const out = new Float32Array(rows * cols);
  for (let i = 0; i < out.length; i++) out[i] = truth.data[i] < 0 ? marker : truth.data[i];
  const column = new Int8Array(rows);
  const columnProbability = new Float64Array(rows);
  for (let j = 0; j < cols; j++) {
    for (let r = 0; r < rows; r++) column[r] = truth.data[r * cols + j];
    const design = designOf(labels, scores.data, j, context[j]);
    scoreZeros(column, design, split, labels.known[j] === rows, l2, columnProbability);
    // The label's 0 cells, best first (ties to the lower row), the first `missing` marked.
    const zeroRows = new IntList(rows);
    for (let r = 0; r < rows; r++) {
      if (column[r] !== 0) continue;
      zeroRows.push(r);
      probability[r * cols + j] = columnProbability[r];
    }
    const zeros = zeroRows.toArray();
    const keys = new Float64Array(zeros.length);
    for (let t = 0; t < zeros.length; t++) keys[t] = columnProbability[zeros[t]];
    const order = argsort(keys, { descending: true });
    const c = keepRate[j];
    const missing = Math.min(zeros.length, Math.round((labels.support[j] * (1 - c)) / c));
    for (let t = 0; t < missing; t++) out[zeros[order[t]] * cols + j] = marker;
    markedPerLabel[j] = missing;
  }
  return {
    labels: { data: out, shape: [rows, cols] },
    missingProbability: { data: probability, shape: [rows, cols] },
    markedPerLabel,
  };
}

/** Each fold's rows, and the rows of the other folds (its training rows), ascending. */
interface FoldRows {
  readonly held: Int32Array[];
  readonly training: Int32Array[];
}

function foldRows({ fold, k }: { fold: Int32Array; k: number }): FoldRows {
  const held = Array.from({ length: k }, () => new IntList(16));
  const training = Array.from({ length: k }, () => new IntList(fold.length));
  for (let r = 0; r < fold.length; r++) {
    held[fold[r]].push(r);
    for (let f = 0; f < k; f++) if (f !== fold[r]) training[f].push(r);
  }
  return { held: held.map((l) => l.toArray()), training: training.map((l) => l.toArray()) };
}

/**
 * Writes into `probability[r]` the cross-fitted probability of every 0 cell of one label's
 * `column` (0, 1, -1 unknown): per fold, the model fitted on the label's known cells in the
 * other folds. A fold whose training cells hold one value only gets that value (0 or 1), the
 * limit of the fit.
 */
function scoreZeros(
  column: Int8Array,
  design: LogisticDesign,
  split: FoldRows,
  allKnown: boolean,
  l2: number,
  probability: Float64Array,
): void {
  const targets = Uint8Array.from(column, (v) => (v === 1 ? 1 : 0));
  let previous: Float64Array | undefined;
  split.held.forEach((held, f) => {
    const training = allKnown ? split.training[f] : split.training[f].filter((r) => column[r] >= 0);
    let positives = 0;
    for (let t = 0; t < training.length; t++) positives += targets[training[t]];
    // Each fold's fit starts from the last one: the folds share most of their rows, so the
    // optimum is a few Newton steps away.
    const theta =
      positives > 0 && positives < training.length
        ? fitPenalizedLogistic(design, targets, training, l2, previous)
        : undefined;
    previous = theta ?? previous;
    for (let t = 0; t < held.length; t++) {
      const r = held[t];
      if (column[r] !== 0) continue;
      probability[r] =
        theta === undefined ? (positives > 0 ? 1 : 0) : sigmoid(linearPredictor(design, theta, r));
    }
  });
}

/**
 * The other labels each label's model reads: all of them when there are at most
 * `contextLabels`, else the `contextLabels` sharing most rows with it (ties to the lower label).
 */
function contextOf(labels: SparseLabels, contextLabels: number): Int32Array[] {
  const { cols } = labels;
  if (cols - 1 <= contextLabels) {
    return Array.from({ length: cols }, (_, j) =>
      Int32Array.from({ length: cols - 1 }, (_, t) => (t < j ? t : t + 1)),
    );
  }
  const counts = cooccurrenceCounts(labels, 'yTrue');
  return Array.from({ length: cols }, (_, j) => {
    const entries: number[] = [];
    for (let t = counts.indptr[j]; t < counts.indptr[j + 1]; t++) {
      if (counts.indices[t] !== j) entries.push(t);
    }
    // Most shared rows first; the columns ascend within a row, so ties keep the lower label.
    entries.sort((a, b) => counts.values[b] - counts.values[a] || a - b);
    return Int32Array.from(entries.slice(0, contextLabels), (t) => counts.indices[t]);
  });
}

/** The design of label `j`'s model: its scores and, per row, which of `context` it has tagged. */
function designOf(
  labels: SparseLabels,
  scores: ArrayLike<number>,
  j: number,
  context: Int32Array,
): LogisticDesign {
  const { rows, cols, indptr, indices } = labels;
  const featureOf = new Int32Array(cols).fill(-1);
  context.forEach((label, feature) => {
    featureOf[label] = feature;
  });
  const value = new Float64Array(rows);
  const start = new Int32Array(rows + 1);
  const index = new IntList(indptr[rows]);
  for (let r = 0; r < rows; r++) {
    value[r] = scores[r * cols + j];
    for (let t = indptr[r]; t < indptr[r + 1]; t++) {
      const feature = featureOf[indices[t]];
      if (feature >= 0) index.push(feature);
    }
    start[r + 1] = index.length;
  }
  return logisticDesign(value, start, index.toArray(), context.length);
}

function readKeepRate(value: unknown, cols: number): Float64Array {
  if (value === undefined) {
    throw new MultilabelError(
      'INVALID_OPTION',
      '`keepRate` of `markLikelyMissing` is required: the share of each label’s true positives that were tagged, in (0, 1], such as 0.4 (a number, or one per label).',
    );
  }
  const bounds = { min: 0, minExclusive: true, max: 1 };
  return perLabelValues(checkPerLabel(value, 'keepRate', bounds), cols, 'keepRate');
}

/**
 * The marker as the float32 output holds it: a value that rounds into [0, 1] or to an infinity
 * there (say 1 + 1e-9, -1e-50 or 1e40) would turn marked cells into labels, so it is refused.
 */
function readMarker(value: unknown, ignoreIndex: number | undefined): number {
  const marker = value ?? ignoreIndex ?? -1;
  const stored = typeof marker === 'number' ? Math.fround(marker) : Number.NaN;
  if (
    typeof marker === 'number' &&
    (Number.isNaN(marker) || (Number.isFinite(stored) && (stored < 0 || stored > 1)))
  ) {
    return stored;
  }
  const what =
    value === undefined
      ? `\`ignoreIndex\` (${valueText(marker)}), the default \`marker\`,`
      : '`marker`';
  throw new MultilabelError(
    'INVALID_OPTION',
    `${what} must be a number outside [0, 1] or NaN that stays so in float32 (the marked labels are float32), but got ${valueText(marker)}${typeof marker === 'number' && !Number.isNaN(marker) ? `, ${valueText(stored)} in float32` : ''}. Use -1, and the same value as the loss' \`ignoreIndex\`.`,
  );
}

/** The fold of every row: `nFolds` stratified folds, or the caller's `folds`. */
function readCrossFitFolds(
  options: MarkLikelyMissingOptions,
  truth: DenseMatrix<Int8Array>,
): { fold: Int32Array; k: number } {
  const { rows, cols } = truth;
  if (rows < 2) {
    throw new MultilabelError(
      'INVALID_ARGUMENT',
      `\`yTrue\` has 1 row, but cross-fitting needs at least 2: each fold's cells are scored by a model fitted on the other folds. Pass more rows.`,
    );
  }
  const seed = options.seed === undefined ? 0 : checkSeed(options.seed);
  if (options.folds === undefined) {
    const k = checkInteger(options.nFolds ?? Math.min(5, rows), 'nFolds', { min: 2, max: rows });
    // Unknown cells are read as -1, the data functions' missing label.
    const y = { data: truth.data, shape: [rows, cols] as [number, number] };
    return { fold: iterativeStratification(y, { nFolds: k, seed }), k };
  }
  if (options.nFolds !== undefined || options.seed !== undefined) {
    throw new MultilabelError(
      'INVALID_OPTION',
      `Pass either \`nFolds\` and \`seed\` (stratified folds made here) or \`folds\` (your own), not both: \`${options.nFolds !== undefined ? 'nFolds' : 'seed'}\` has no effect with \`folds\`.`,
    );
  }
  const read = readFolds(options.folds, 'folds', rows, 'yTrue');
  if (read.k < 2) {
    throw new MultilabelError(
      'INVALID_OPTION',
      `\`folds\` holds ${read.k} fold, but cross-fitting needs at least 2: each fold's cells are scored by a model fitted on the others.`,
    );
  }
  return read;
}

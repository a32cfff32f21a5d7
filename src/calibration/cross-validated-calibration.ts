import { MultilabelError } from '../core/errors.js';
import type { LabelMatrix, ScoreMatrix } from '../core/matrix.js';
import { checkSeed } from '../core/random.js';
import { checkEnum, checkInteger } from '../core/validate.js';
import { stratifiedKFoldOfLabels } from '../data/stratified-k-fold.js';
import {
  type CalibrationMethod,
  Calibrator,
  type LabelCalibration,
  mapValue,
} from './calibrator.js';
import {
  assertCells,
  type CalibrationInputs,
  cellsOf,
  readCalibrationInputs,
  weightExponentOf,
} from './inputs.js';
import { fitLabelMap } from './label-maps.js';
import type { CalibrationOptions } from './options.js';

/**
 * Options of {@link crossValidatedCalibration}.
 *
 * @expand
 * @category Options
 * @example
 * ```ts
 * import type { CrossValidatedCalibrationOptions } from 'tfjs-multilabel/calibration';
 *
 * const options: CrossValidatedCalibrationOptions = { methods: ['temperature', 'platt'], nFolds: 3, seed: 7 };
 * console.log(options.methods); // ['temperature', 'platt']
 * ```
 */
export interface CrossValidatedCalibrationOptions extends CalibrationOptions {
  /**
   * The methods to compare, in order of preference on equal losses. Add `'temperature'` only
   * for logits (it reads scores as logits). `'sigmoid'` is the model's own probabilities, the
   * plain sigmoid of a logit (a temperature of 1, nothing fitted): with it, a label keeps them
   * unless a fitted map does better out of fold (for logits only, as `'temperature'`).
   *
   * @defaultValue `['platt', 'isotonic']` (scikit-learn's two)
   */
  methods?: readonly (CalibrationMethod | 'sigmoid')[];
  /**
   * Number of stratified folds, at least 2.
   *
   * @defaultValue `5`
   */
  nFolds?: number;
  /**
   * 1: stratify single labels; 2: label pairs as well (see `stratifiedKFold`).
   *
   * @defaultValue `1`
   */
  order?: 1 | 2;
  /**
   * Seed of the fold assignment.
   *
   * @defaultValue `0`
   */
  seed?: number;
  /**
   * The fewest known cells of each class (of positive weight) a label needs for isotonic to be
   * chosen for it; its out-of-fold loss is reported either way. An isotonic map fitted to a
   * handful of positives gives probabilities of exactly 0 or 1 over wide score ranges, which
   * few held-out rows rarely contradict but new rows do, at an unbounded log loss (scikit-learn
   * advises against isotonic below about a thousand rows). When no other method of `methods`
   * can be fitted, isotonic is chosen whatever the count.
   *
   * @defaultValue `20`
   */
  isotonicMinCount?: number;
  /**
   * How each label's method is chosen: `'lowest'`, the lowest out-of-fold log loss;
   * `'oneStandardError'`, the first method of `methods` whose loss is within one standard error
   * of the lowest (the standard error of the mean per-cell difference of the two methods' losses
   * on the same held-out cells), the one-standard-error rule of Breiman et al. (1984): list
   * `methods` from the simplest (`'sigmoid'`, nothing fitted) to the most flexible, and a label
   * moves to a more flexible map only when its gain out of fold is more than noise.
   *
   * @defaultValue `'lowest'`
   */
  selection?: 'lowest' | 'oneStandardError';
}

/**
 * What {@link crossValidatedCalibration} returns: the calibrator (each label's chosen method,
 * refitted on every row) and the out-of-fold log loss of every method compared.
 *
 * @summary The chosen per-label maps and each method's out-of-fold log loss.
 * @category Results
 * @example
 * ```ts
 * import { crossValidatedCalibration, type CrossValidatedCalibration } from 'tfjs-multilabel/calibration';
 *
 * const yTrue = [[1], [0], [1], [0], [1], [0], [1], [1]];
 * const yScore = [[2], [-1], [1], [0.5], [0.2], [-2], [1.5], [-0.5]];
 * const cv: CrossValidatedCalibration = crossValidatedCalibration(yTrue, yScore, { nFolds: 2 });
 * console.log(Object.keys(cv.losses)); // ['platt', 'isotonic']
 * ```
 */
export interface CrossValidatedCalibration {
  /** One map per label, of the method with the lowest out-of-fold log loss, fitted on every row. */
  readonly calibrator: Calibrator;
  /**
   * For each method compared, the out-of-fold log loss of each label: the weighted mean of
   * `-[y log p + (1 - y) log(1 - p)]` over its held-out known cells, with `p` clipped to
   * [1e-15, 1 - 1e-15] as scikit-learn 1.2's `log_loss` does; `Infinity` where the method could
   * not be fitted on some training folds (no known cell, separated logits; one class only, for
   * isotonic).
   */
  readonly losses: Readonly<Partial<Record<CalibrationMethod | 'sigmoid', Float64Array>>>;
}

/** A method of `methods`: a fitted map, or `'sigmoid'` (the logit's own probability). */
type Candidate = CalibrationMethod | 'sigmoid';

const METHODS: readonly Candidate[] = ['isotonic', 'platt', 'temperature', 'sigmoid'];

/** `'sigmoid'` as a map: a temperature of 1. */
const SIGMOID: LabelCalibration = { method: 'temperature', temperature: 1 };

const OPTION_KEYS = ['methods', 'nFolds', 'order', 'seed', 'isotonicMinCount', 'selection'];

/** scikit-learn 1.2's `log_loss` clips probabilities to [eps, 1 - eps] with this eps. */
const EPS = 1e-15;

function readMethods(value: unknown): Candidate[] {
  if (value === undefined) return ['platt', 'isotonic'];
  if (!Array.isArray(value) || value.length === 0) {
    throw new MultilabelError(
      'INVALID_OPTION',
      "`methods` must be a non-empty array of 'isotonic', 'platt', 'temperature' and 'sigmoid'.",
    );
  }
  const methods = value.map((m: unknown, i: number) => checkEnum(m, `methods[${i}]`, METHODS));
  if (new Set(methods).size !== methods.length) {
    throw new MultilabelError('INVALID_OPTION', '`methods` lists a method twice; list each once.');
  }
  return methods;
}

/**
 * Whether the weighted mean of `candidate - best` over the same cells is at most its standard
 * error (the weighted mean's: sqrt(sum w^2 (d - mean)^2) / sum w). Missing losses (a fold that
 * could not be fitted) never qualify.
 */
function withinOneStandardError(
  candidate: readonly number[],
  best: readonly number[],
  weights: readonly number[],
): boolean {
  if (candidate.length !== weights.length || best.length !== weights.length) return false;
  let total = 0;
  let sum = 0;
  for (let i = 0; i < weights.length; i++) {
    total += weights[i];
    sum += weights[i] * (candidate[i] - best[i]);
  }
  if (!(total > 0)) return false;
  const mean = sum / total;
  let squares = 0;
  for (let i = 0; i < weights.length; i++) {
    squares += (weights[i] * (candidate[i] - best[i] - mean)) ** 2;
  }
  return mean <= Math.sqrt(squares) / total;
}

/** The number of cells of the rarer class among `cells`. */
function smallerClass(cells: { readonly labels: Float64Array; readonly n: number }): number {
  let positives = 0;
  for (let i = 0; i < cells.n; i++) positives += cells.labels[i];
  return Math.min(positives, cells.n - positives);
}

/** Whether `labels` hold a 0 and a 1. */
function bothClasses(labels: Float64Array): boolean {
  let positives = 0;
  for (let i = 0; i < labels.length; i++) positives += labels[i];
  return positives > 0 && positives < labels.length;
}

/**
 * The map of `method` fitted to label `j` on `rows`, or undefined when it cannot be fitted (or,
 * for isotonic, when the rows hold one class: its map is then the constant 0 or 1, perfect out
 * of fold on that class and infinitely wrong on the first row of the other).
 */
function tryFit(
  inputs: CalibrationInputs,
  method: Candidate,
  j: number,
  rows: Int32Array | undefined,
): LabelCalibration | undefined {
  if (method === 'sigmoid') return SIGMOID;
  const cells = cellsOf(inputs, [j], rows);
  if (cells.n === 0) return undefined;
  if (method === 'isotonic' && !bothClasses(cells.labels)) return undefined;
  try {
    return fitLabelMap(method, cells, weightExponentOf(inputs), `label ${j}`);
  } catch (error) {
    if (error instanceof MultilabelError && error.code === 'UNDEFINED_METRIC') return undefined;
    throw error;
  }
}

/** Orders methods `a` and `b` by their loss on label `j` (Infinity last), then by their order. */
function compareLosses(
  losses: Partial<Record<Candidate, Float64Array>>,
  methods: readonly Candidate[],
  j: number,
  a: number,
  b: number,
): number {
  const la = (losses[methods[a]] as Float64Array)[j];
  const lb = (losses[methods[b]] as Float64Array)[j];
  return la < lb ? -1 : la > lb ? 1 : a - b;
}

/**
 * Chooses, label by label, the calibration method with the lowest out-of-fold log loss: the rows
 * are split into stratified folds (`stratifiedKFold`), each method is fitted to each label on
 * the other folds and scored on the held-out fold, and each label's best method (the earlier in
 * `methods` on equal losses) is then refitted on every row. Isotonic is chosen only for labels
 * with at least `isotonicMinCount` cells of each class (default 20). Log loss rewards probabilities that
 * mean what they say, so an isotonic map that overfits a label with few rows loses to Platt
 * scaling there, and wins where the rows are many and the distortion is not sigmoid-shaped.
 * Fit it on held-out scores (a validation set, or out-of-fold scores of the model): the training
 * scores of a model are overconfident in a way new scores are not.
 *
 * @summary Chooses each label's calibration method by out-of-fold log loss.
 * @category Calibrators
 * @param yTrue True labels, 0/1 (and, with `ignoreIndex`, that marker or NaN for a missing label), one row per sample.
 * @param yScore Scores of the same shape (logits, if `methods` holds `'temperature'`).
 * @param options `methods` (default Platt and isotonic), `nFolds` (default 5), `order`, `seed`,
 *   `isotonicMinCount` (default 20), `sampleWeight`, `ignoreIndex`.
 * @returns The calibrator and each method's out-of-fold log loss per label.
 * @throws {@link MultilabelError} for bad inputs as {@link plattScaling}; `INVALID_OPTION` for
 *   an empty or repeated `methods`, or `nFolds` above the rows; `UNDEFINED_METRIC` for a label
 *   without a known cell of positive weight, or one no method can be fitted to.
 * @example
 * ```ts
 * import { crossValidatedCalibration } from 'tfjs-multilabel/calibration';
 *
 * const yTrue = [[1, 0], [0, 1], [1, 1], [0, 0], [1, 0], [0, 1], [1, 1], [0, 0]];
 * const yScore = [[3, -2], [-1, 2], [2, 1], [-2, -1], [1, -3], [-3, 3], [0.5, 0.5], [1, -0.5]];
 * const { calibrator, losses } = crossValidatedCalibration(yTrue, yScore, { nFolds: 2 });
 * // Label 0: isotonic steps overfit 4 rows. Label 1: isotonic has the lower loss, but 4 cells
 * // of a class are too few to trust its steps (isotonicMinCount, default 20).
 * console.log(calibrator.labels.map((map) => map.method)); // ['platt', 'platt']
 * console.log(losses.platt?.[0].toFixed(3), losses.isotonic?.[0].toFixed(3)); // '0.464' '4.468'
 * console.log(losses.platt?.[1].toFixed(3), losses.isotonic?.[1].toFixed(3)); // '0.294' '0.189'
 * ```
 */
export function crossValidatedCalibration(
  yTrue: LabelMatrix,
  yScore: ScoreMatrix,
  options?: CrossValidatedCalibrationOptions,
): CrossValidatedCalibration {
  const inputs = readCalibrationInputs(
    yTrue,
    yScore,
    options,
    OPTION_KEYS,
    'crossValidatedCalibration',
  );
  const o = options ?? {};
  const methods = readMethods(o.methods);
  const nFolds = checkInteger(o.nFolds ?? 5, 'nFolds', { min: 2 });
  const seed = checkSeed(o.seed ?? 0);
  const isotonicMinCount = checkInteger(o.isotonicMinCount ?? 20, 'isotonicMinCount', { min: 0 });
  const selection = checkEnum(o.selection ?? 'lowest', 'selection', [
    'lowest',
    'oneStandardError',
  ] as const);
  const { truth } = inputs;
  const cols = truth.cols;
  for (let j = 0; j < cols; j++) assertCells(cellsOf(inputs, [j]), j, 'crossValidatedCalibration');
  const sums = methods.map(() => new Float64Array(cols));
  // Each held-out cell's loss per method, kept only for the one-standard-error rule.
  const keepCells = selection === 'oneStandardError';
  const cellLosses = methods.map(() => Array.from({ length: cols }, (): number[] => []));
  const cellWeights = Array.from({ length: cols }, (): number[] => []);
  const totals = new Float64Array(cols);
  for (const { train, test } of stratifiedKFoldOfLabels(truth, { nFolds, order: o.order, seed })) {
    for (let j = 0; j < cols; j++) {
      const held = cellsOf(inputs, [j], test);
      if (held.n === 0) continue;
      for (let i = 0; i < held.n; i++) {
        const w = held.weights === undefined ? 1 : held.weights[i];
        totals[j] += w;
        if (keepCells) cellWeights[j].push(w);
      }
      methods.forEach((method, m) => {
        const map = tryFit(inputs, method, j, train);
        if (map === undefined) {
          sums[m][j] = Number.POSITIVE_INFINITY;
          return;
        }
        const value = mapValue(map);
        let loss = 0;
        for (let i = 0; i < held.n; i++) {
          const p = Math.min(Math.max(value(held.scores[i]), EPS), 1 - EPS);
          const w = held.weights === undefined ? 1 : held.weights[i];
          const cell = -(held.labels[i] === 1 ? Math.log(p) : Math.log1p(-p));
          loss += w * cell;
          if (keepCells) cellLosses[m][j].push(cell);
        }
        sums[m][j] += loss;
      });
    }
  }
  const losses: Partial<Record<Candidate, Float64Array>> = {};
  methods.forEach((method, m) => {
    losses[method] = sums[m].map((sum, j) =>
      totals[j] > 0 ? sum / totals[j] : Number.POSITIVE_INFINITY,
    );
  });
  const maps: LabelCalibration[] = [];
  for (let j = 0; j < cols; j++) {
    // The methods by loss (stable: the earlier on equal losses); the first that fits every row,
    // isotonic last when a class of the label has fewer than `isotonicMinCount` cells.
    const fewRows = smallerClass(cellsOf(inputs, [j])) < isotonicMinCount;
    const allowed = methods.map((_, m) => m).filter((m) => !(fewRows && methods[m] === 'isotonic'));
    const order = methods
      .map((_, m) => m)
      .sort(
        (a, b) =>
          (fewRows ? +(methods[a] === 'isotonic') - +(methods[b] === 'isotonic') : 0) ||
          compareLosses(losses, methods, j, a, b),
      );
    if (selection === 'oneStandardError' && allowed.length > 0) {
      // The first method (in `methods` order) within one standard error of the best allowed.
      const best = order[0];
      const within = allowed.find(
        (m) =>
          m === best ||
          withinOneStandardError(cellLosses[m][j], cellLosses[best][j], cellWeights[j]),
      );
      if (within !== undefined && within !== best) {
        order.splice(order.indexOf(within), 1);
        order.unshift(within);
      }
    }
    let map: LabelCalibration | undefined;
    for (const m of order) {
      map = tryFit(inputs, methods[m], j, undefined);
      if (map !== undefined) break;
    }
    if (map === undefined) {
      throw new MultilabelError(
        'UNDEFINED_METRIC',
        `No method of \`methods\` (${methods.join(', ')}) can be fitted to label ${j} of \`yTrue\`; add 'platt', which always can.`,
      );
    }
    maps.push(map);
  }
  return { calibrator: new Calibrator(maps), losses };
}

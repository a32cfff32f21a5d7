import { MultilabelError } from '../core/errors.js';
import type { LabelMatrix, ScoreMatrix } from '../core/matrix.js';
import type { SparseLabelMatrix } from '../core/sparse-label-matrix.js';
import { isTopKPredictions, type TopKPredictions } from '../core/top-k-predictions.js';
import { checkNumber, checkOptionKeys } from '../core/validate.js';
import { type MetricSpec, readMetric, type ThresholdMetric } from './count-metric.js';
import { bestConstrainedCut, type CutConstraint, readConstraint } from './cut-constraint.js';
import { type CutSource, denseCutSource } from './cut-source.js';
import { readProblem } from './inputs.js';
import { searchMicro } from './micro-search.js';
import { readThresholdAverage, type ThresholdAverage } from './objective.js';
import { searchPerLabel } from './per-label-search.js';
import { readRuleName, THRESHOLD_STRATEGIES, type ThresholdStrategy } from './rule-names.js';
import { Thresholds } from './thresholds.js';
import { topKCutSource } from './top-k-cut-source.js';
import { readTopKProblem } from './top-k-problem.js';

/**
 * Options of {@link optimizeThresholds}.
 *
 * @expand
 * @category Options
 * @example
 * ```ts
 * import type { OptimizeThresholdsOptions } from 'tfjs-multilabel/thresholds';
 *
 * const options: OptimizeThresholdsOptions = { metric: 'fbeta', beta: 2, strategy: 'perLabel', minPositives: 5 };
 * console.log(options.beta); // 2
 * ```
 */
export interface OptimizeThresholdsOptions {
  /**
   * The metric to maximise: a built-in name or a function of the counts.
   *
   * @defaultValue `'f1'`
   */
  metric?: ThresholdMetric;
  /**
   * F-beta's beta, required with `metric: 'fbeta'` (finite, `> 0`); not allowed otherwise.
   *
   * @defaultValue none: required with `metric: 'fbeta'`
   */
  beta?: number;
  /**
   * What is tuned: one threshold for every label (`'global'`), one per label for its own metric
   * (`'perLabel'`), or one per label for the micro-averaged metric (`'micro'`); see
   * {@link ThresholdStrategy}. `'per-label'`, the former spelling of `'perLabel'`, is accepted
   * until 0.3.0.
   *
   * @defaultValue `'global'`
   */
  strategy?: ThresholdStrategy | 'per-label';
  /**
   * With `strategy: 'global'` only: how the metric is combined.
   *
   * @defaultValue `'micro'`
   */
  average?: ThresholdAverage;
  /**
   * The value of a 0/0 metric (precision with no prediction...): 0 or 1.
   *
   * @defaultValue `0`
   */
  zeroDivision?: 0 | 1;
  /**
   * One weight `>= 0` per row; counts are weighted sums.
   *
   * @defaultValue none: every row weighs 1
   */
  sampleWeight?: ArrayLike<number>;
  /**
   * The marker of a missing label: a finite number outside [0, 1] (such as `-1` or `-100`) or
   * `NaN`. Cells of `yTrue` equal to it, and `NaN` cells, are unknown and left out of every
   * count.
   *
   * @defaultValue none: every label must be 0 or 1 (anything else throws `NON_BINARY_LABELS`)
   */
  ignoreIndex?: number;
  /**
   * With `'perLabel'` or `'micro'`: a label with fewer known positives than this takes the
   * global (micro) threshold instead of its own.
   *
   * @defaultValue `0`: never
   */
  minPositives?: number;
  /**
   * With `'perLabel'` or `'micro'`: pulls each label's threshold toward the global one,
   * `t = (n t_label + s t_global) / (n + s)` with `n` the label's known positives and
   * `s = shrinkage`. Labels with few positives move most.
   *
   * @defaultValue `0`: no pull
   */
  shrinkage?: number;
  /**
   * An operating point: only thresholds whose precision is at least this (in [0, 1]) are
   * considered, e.g. `{ metric: 'recall', minPrecision: 0.9 }` for the best recall at precision
   * 0.9 or more. With `'perLabel'` each label meets it on its own counts; with `'global'`
   * (average `'micro'`) the pooled counts meet it. A label where no threshold meets it gets
   * `Infinity` (never predicted) and is listed in {@link Thresholds.unmetLabels}.
   *
   * @defaultValue none: no floor
   */
  minPrecision?: number;
  /**
   * An operating point: only thresholds whose recall is at least this (in [0, 1]) are
   * considered, e.g. `{ metric: 'precision', minRecall: 0.95 }`; as `minPrecision` otherwise.
   *
   * @defaultValue none: no floor
   */
  minRecall?: number;
}

const OPTION_KEYS = [
  'metric',
  'beta',
  'strategy',
  'average',
  'zeroDivision',
  'sampleWeight',
  'ignoreIndex',
  'minPositives',
  'shrinkage',
  'minPrecision',
  'minRecall',
];

/**
 * Finds the thresholds that maximise a metric of the decisions `score >= threshold` on
 * `(yTrue, yScore)`. Exact: each label's scores are sorted once and every distinct cut point
 * is scored, so the result attains the best value over all thresholds (for `'micro'` with a
 * custom metric function, the best a coordinate ascent over labels reaches). A threshold sits
 * midway between the lowest kept score and the next lower score, so new scores that fall
 * in the gap are decided sensibly; ties always fall on the same side.
 *
 * `minPositives` and `shrinkage` trade the exact optimum on the fitting data for thresholds
 * that generalise on labels with few positives; `score` then reports the value actually
 * reached.
 *
 * `minPrecision` and `minRecall` set an operating point: the best value of the metric among
 * the thresholds whose precision (recall) reaches the floor, exactly, per label or pooled; the
 * labels where no threshold reaches it are never predicted and listed in
 * {@link Thresholds.unmetLabels}.
 *
 * With thousands of labels, give each row's top-k predictions instead of the dense scores
 * ({@link TopKPredictions}, from `topKPredictions` or a tensor's `topk`) and the labels as a
 * {@link SparseLabelMatrix} or dense: a cell that a row does not list counts as scored below
 * every threshold considered (never predicted), so the search costs what the `rows x k` listed
 * cells cost. A label that no row lists takes the global threshold. Apply the result with
 * {@link Thresholds.apply} to top-k predictions of new rows.
 *
 * @summary Finds the thresholds that maximise a metric, exactly.
 * @category Optimizers
 * @param yTrue Labels, 0/1 (and, with `ignoreIndex`, that marker or NaN for a missing label), or a
 *   {@link SparseLabelMatrix}.
 * @param yScore Scores of the same shape (probabilities or logits; only their order matters), or
 *   each row's top-k predictions ({@link TopKPredictions}, `shape` the labels' shape).
 * @param options See {@link OptimizeThresholdsOptions}.
 * @returns The {@link Thresholds}, whose `score` is the metric value they reach on this data
 *   (micro or `average` for `'global'`, the macro mean for `'perLabel'`, micro for `'micro'`).
 * @throws {@link MultilabelError} `SHAPE_MISMATCH`, `INVALID_SHAPE`, `EMPTY_INPUT`,
 *   `NON_BINARY_LABELS`, `NON_FINITE_VALUES` for bad inputs; `INVALID_OPTION` for an unknown
 *   metric name, `beta <= 0`, a floor outside [0, 1], or an option that does not apply (a floor
 *   with `strategy: 'micro'`, with a `'global'` average other than `'micro'`, or with
 *   `shrinkage`); `UNKNOWN_OPTION`.
 * @example
 * ```ts
 * import { optimizeThresholds } from 'tfjs-multilabel/thresholds';
 *
 * const yTrue = [[1, 0], [1, 1], [0, 1], [0, 0]];
 * const yScore = [[0.9, 0.2], [0.4, 0.7], [0.3, 0.6], [0.1, 0.5]];
 * const t = optimizeThresholds(yTrue, yScore, { strategy: 'perLabel' });
 * console.log(Array.from(t.values)); // [0.35, 0.55]
 * console.log(t.score); // 1
 *
 * // An operating point: the best recall at precision >= 0.9, per label.
 * const y = [[1, 0], [1, 0], [0, 1], [1, 0], [0, 0]];
 * const s = [[0.9, 0.9], [0.8, 0.8], [0.7, 0.1], [0.6, 0.5], [0.1, 0.4]];
 * const op = optimizeThresholds(y, s, { metric: 'recall', minPrecision: 0.9, strategy: 'perLabel' });
 * console.log(Array.from(op.values), Array.from(op.unmetLabels ?? [])); // [0.75, Infinity] [1]
 *
 * // From the top 2 predictions of each row of 1,000 labels, with CSR labels.
 * const labels = { indptr: [0, 1, 3], indices: [7, 3, 9], shape: [2, 1000] as [number, number] };
 * const top = { indices: [7, 5, 3, 9], scores: [0.9, 0.4, 0.8, 0.7], k: 2, shape: [2, 1000] as [number, number] };
 * const g = optimizeThresholds(labels, top, { metric: 'f1' });
 * console.log(g.values[0], g.score); // 0.55 1
 * ```
 */
export function optimizeThresholds(
  yTrue: LabelMatrix | SparseLabelMatrix,
  yScore: ScoreMatrix | TopKPredictions,
  options?: OptimizeThresholdsOptions,
): Thresholds {
  checkOptionKeys(options, OPTION_KEYS, 'optimizeThresholds');
  const o = options ?? {};
  const spec = readMetric(o);
  const strategy = readRuleName(o.strategy ?? 'global', 'strategy', THRESHOLD_STRATEGIES);
  if (strategy !== 'global' && o.average !== undefined) {
    throw notWith(
      'average',
      strategy,
      "the strategy fixes the average ('perLabel': macro, 'micro': micro)",
    );
  }
  const average = readThresholdAverage(o.average, 'micro');
  const minPositives = checkNumber(o.minPositives ?? 0, 'minPositives', { min: 0 });
  const shrinkage = checkNumber(o.shrinkage ?? 0, 'shrinkage', { min: 0 });
  if (strategy === 'global' && (minPositives > 0 || shrinkage > 0)) {
    throw notWith(
      minPositives > 0 ? 'minPositives' : 'shrinkage',
      strategy,
      'one shared threshold has nothing to shrink',
    );
  }
  const constraint = readConstraint(o, spec.zeroDivision);
  if (constraint !== undefined) checkConstrainedFit(o, strategy, average, shrinkage);
  const source = isTopKPredictions(yScore)
    ? topKCutSource(readTopKProblem(yTrue, yScore, o))
    : denseCutSource(readProblem(yTrue, yScore, o));
  if (constraint !== undefined) {
    const fit = fitConstrainedThresholds(
      source,
      spec,
      strategy as 'global' | 'perLabel',
      constraint,
      minPositives,
    );
    const objective = strategy === 'global' ? 'micro' : 'macro';
    const score = fit.score ?? source.scoreThresholds(fit.values, spec.evaluate, objective);
    return new Thresholds(fit.values, score, fit.unmet);
  }
  const fit = fitThresholds(source, spec, strategy, average, minPositives, shrinkage);
  const objective: ThresholdAverage =
    strategy === 'global' ? average : strategy === 'perLabel' ? 'macro' : 'micro';
  const score = fit.score ?? source.scoreThresholds(fit.values, spec.evaluate, objective);
  return new Thresholds(fit.values, score);
}

/**
 * The thresholds of one strategy on a validated problem (used by cross-validation too), and
 * their metric value when the search knows it exactly (the per-label optimum without
 * fallbacks; otherwise undefined: apply the thresholds to score them).
 *
 * @internal
 */
export function fitThresholds(
  source: CutSource,
  spec: MetricSpec,
  strategy: ThresholdStrategy,
  average: ThresholdAverage,
  minPositives: number,
  shrinkage: number,
): { values: Float64Array; score: number | undefined } {
  const cols = source.cols;
  if (strategy === 'global') {
    const { threshold } = source.searchGlobal(spec, average);
    return { values: new Float64Array(cols).fill(threshold), score: undefined };
  }
  // The shared micro threshold: the fallback, the pull of `shrinkage`, the start of the ascent.
  let globalValue: number | undefined;
  const global = (): number => {
    globalValue ??= source.searchGlobal(spec, 'micro').threshold;
    return globalValue;
  };
  let high: Float64Array;
  let score: number | undefined;
  if (strategy === 'perLabel') {
    const choice = searchPerLabel(source, spec);
    high = choice.high;
    // Each label's cut value is computed on exactly the counts its threshold gives.
    let sum = 0;
    let known = 0;
    for (let j = 0; j < cols; j++) {
      if (Number.isNaN(choice.values[j])) continue;
      sum += choice.values[j];
      known++;
    }
    score = known === 0 ? undefined : sum / known;
  } else {
    high = searchMicro(source, spec, spec.name === 'custom' ? global() : 0);
  }
  const values = source.thresholdsOfCuts(high);
  const positives = minPositives > 0 || shrinkage > 0 ? source.positivesPerLabel() : undefined;
  for (let j = 0; j < cols; j++) {
    // Labels without a known cell, or with too few positives, share the global threshold.
    if (Number.isNaN(values[j])) values[j] = global();
    else if (positives === undefined) continue;
    else if (positives[j] < minPositives) {
      values[j] = global();
      score = undefined;
    } else if (shrinkage > 0) {
      values[j] = (positives[j] * values[j] + shrinkage * global()) / (positives[j] + shrinkage);
      score = undefined;
    }
  }
  return { values, score };
}

/**
 * The thresholds of a constrained fit (`minPrecision`, `minRecall`): with `'global'`, the best
 * shared cut whose pooled counts meet the floors; with `'perLabel'`, each label's best cut that
 * meets them on its own counts. A label (or, for `'global'`, the matrix) where no cut meets
 * them gets +Infinity and is listed in `unmet`; a label without a known cell, or with fewer
 * positives than `minPositives`, takes the shared constrained threshold.
 *
 * @internal
 */
export function fitConstrainedThresholds(
  source: CutSource,
  spec: MetricSpec,
  strategy: 'global' | 'perLabel',
  constraint: CutConstraint,
  minPositives: number,
): { values: Float64Array; score: number | undefined; unmet: number[] } {
  const cols = source.cols;
  let shared: { threshold: number; value: number | undefined } | undefined;
  const global = () => {
    if (shared !== undefined) return shared;
    const pooled = source.pooledCuts(spec.monotone);
    const best = bestConstrainedCut(pooled.cuts, spec.evaluate, constraint);
    shared =
      best === undefined
        ? { threshold: Number.POSITIVE_INFINITY, value: undefined }
        : {
            threshold: pooled.threshold(
              best.index < 0 ? Number.POSITIVE_INFINITY : pooled.cuts.high[best.index],
            ),
            value: best.value,
          };
    return shared;
  };
  const unmet: number[] = [];
  if (strategy === 'global') {
    const { threshold, value } = global();
    if (value === undefined) for (let j = 0; j < cols; j++) unmet.push(j);
    return { values: new Float64Array(cols).fill(threshold), score: value, unmet };
  }
  const high = new Float64Array(cols).fill(Number.NaN);
  const infeasible = new Uint8Array(cols);
  source.forEachLabelCuts(spec.monotone, (j, cuts) => {
    if (cuts.cells === 0) return;
    const best = bestConstrainedCut(cuts, spec.evaluate, constraint);
    infeasible[j] = +(best === undefined);
    high[j] =
      best === undefined || best.index < 0 ? Number.POSITIVE_INFINITY : cuts.high[best.index];
  });
  const values = source.thresholdsOfCuts(high);
  const positives = minPositives > 0 ? source.positivesPerLabel() : undefined;
  for (let j = 0; j < cols; j++) {
    const fallback =
      Number.isNaN(values[j]) || (positives !== undefined && positives[j] < minPositives);
    if (fallback) {
      values[j] = global().threshold;
      if (global().value === undefined) unmet.push(j);
    } else if (infeasible[j] === 1) {
      values[j] = Number.POSITIVE_INFINITY;
      unmet.push(j);
    }
  }
  return { values, score: undefined, unmet };
}

/** The strategies an operating point applies to: each label's own counts, or the pooled ones. */
function checkConstrainedFit(
  o: OptimizeThresholdsOptions,
  strategy: ThresholdStrategy,
  average: ThresholdAverage,
  shrinkage: number,
): void {
  const option = o.minPrecision !== undefined ? 'minPrecision' : 'minRecall';
  if (strategy === 'micro') {
    throw notWith(
      option,
      strategy,
      "per-label thresholds under one pooled floor are a knapsack problem with no exact search here; use 'perLabel' (each label's floor) or 'global' (one threshold, pooled floor)",
    );
  }
  if (strategy === 'global' && average !== 'micro') {
    throw new MultilabelError(
      'INVALID_OPTION',
      `\`${option}\` with \`strategy: 'global'\` applies to the pooled counts (\`average: 'micro'\`), not to \`average: '${average}'\`; remove \`average\` or use \`strategy: 'perLabel'\`.`,
    );
  }
  if (shrinkage > 0) {
    throw new MultilabelError(
      'INVALID_OPTION',
      `\`shrinkage\` does not apply with \`${option}\`: a threshold pulled toward another no longer meets the floor. Remove it (\`minPositives\` still applies).`,
    );
  }
}

function notWith(option: string, strategy: string, why: string): MultilabelError {
  return new MultilabelError(
    'INVALID_OPTION',
    `\`${option}\` does not apply to \`strategy: '${strategy}'\` (${why}); remove it or change the strategy.`,
  );
}

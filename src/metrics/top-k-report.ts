import { MultilabelError } from '../core/errors.js';
import { assertPositiveTotal } from '../core/kernels/count-averaging.js';
import type { LabelMatrix, ScoreMatrix } from '../core/matrix.js';
import { isNumericArrayLike } from '../core/matrix-input.js';
import type { SparseLabelMatrix } from '../core/sparse-label-matrix.js';
import type { TopKPredictions } from '../core/top-k-predictions.js';
import { checkBoolean, checkInteger } from '../core/validate.js';
import { valueText } from '../core/value-text.js';
import { ldexp } from '../core/weights.js';
import { readK } from './at-k.js';
import type { SampleOptions } from './options.js';
import {
  propensityScoredValue,
  type ReadPropensities,
  readPropensities,
} from './propensity-scored.js';
import { readTopKInputs } from './top-k-rows.js';
import {
  type GroupSums,
  meanOverRows,
  type PropensitySums,
  type TopKSums,
  topKSums,
} from './top-k-sums.js';

/**
 * Options of {@link topKReport}.
 *
 * @expand
 * @summary Options of {@link topKReport}: the largest cut, propensities, label groups.
 * @category Options
 * @example
 * ```ts
 * import { topKReport, type TopKReportOptions } from 'tfjs-multilabel/metrics';
 *
 * const options: TopKReportOptions = { k: 2, propensities: [0.5, 0.25, 1] };
 * console.log(topKReport([[0, 1, 0]], [[0.2, 0.9, 0.5]], options).propensityScoredPrecision); // Float64Array(2) [1, 1]
 * ```
 */
export interface TopKReportOptions extends SampleOptions {
  /** The largest cut: the report holds every cut from 1 to `k`. */
  k: number;
  /**
   * One propensity per label, in (0, 1] (see {@link jainPropensities}): adds the
   * propensity-scored metrics.
   *
   * @defaultValue none: no propensity-scored metric
   */
  propensities?: ArrayLike<number>;
  /**
   * As in {@link PropensityScoredOptions}: divide the propensity-scored metrics by their value
   * on the best possible ranking. Only with `propensities`.
   *
   * @defaultValue `true`
   */
  normalize?: boolean;
  /**
   * A group id per label, integers from 0 (such as {@link labelFrequencyGroups}' deciles of
   * the training frequencies): adds `byGroup`, each group's share of every metric at cut `k`.
   *
   * @defaultValue none: no breakdown
   */
  labelGroups?: ArrayLike<number>;
}

/**
 * Each label group's share of the metrics at cut `k` in {@link TopKReport}: the part of each
 * value that the hits on the group's labels make (a row's value is a sum over its hits, so the
 * shares of all groups add up to the value, up to rounding). How the tail labels fare: with
 * frequency deciles, the shares of the rare deciles.
 *
 * @summary Each label group's share of the top-k metrics at cut `k`.
 * @category Results
 * @example
 * ```ts
 * import { topKReport } from 'tfjs-multilabel/metrics';
 *
 * // Labels 0 and 1 in group 0 (frequent), label 2 in group 1 (rare).
 * const report = topKReport([[1, 0, 1]], [[0.9, 0.1, 0.8]], { k: 2, labelGroups: [0, 0, 1] });
 * console.log(Array.from(report.byGroup?.precision ?? [])); // [0.5, 0.5]
 * ```
 */
export interface TopKGroupShares {
  /** Labels in each group. */
  readonly labels: Int32Array;
  /** Shares of P@k, one per group. */
  readonly precision: Float64Array;
  /** Shares of R@k. */
  readonly recall: Float64Array;
  /** Shares of nDCG@k. */
  readonly ndcg: Float64Array;
  /** Shares of PSP@k (normalised by the whole best ranking when `normalize`); undefined without `propensities`. */
  readonly propensityScoredPrecision: Float64Array | undefined;
  /** Shares of PSnDCG@k; undefined without `propensities`. */
  readonly propensityScoredNdcg: Float64Array | undefined;
}

/**
 * What {@link topKReport} returns: each metric at every cut, index `j - 1` holding the value at
 * `j`.
 *
 * @summary Every top-k metric at every cut from 1 to `k`.
 * @category Results
 * @example
 * ```ts
 * import { topKReport, type TopKReport } from 'tfjs-multilabel/metrics';
 *
 * const report: TopKReport = topKReport([[1, 0, 1]], [[0.9, 0.8, 0.7]], { k: 3 });
 * console.log(Array.from(report.precision)); // [1, 0.5, 0.6666666666666666]
 * ```
 */
export interface TopKReport {
  /** The largest cut. */
  readonly k: number;
  /** {@link precisionAtK} at cuts 1 to `k`. */
  readonly precision: Float64Array;
  /** {@link recallAtK} at cuts 1 to `k`. */
  readonly recall: Float64Array;
  /** {@link ndcgAtK} at cuts 1 to `k`. */
  readonly ndcg: Float64Array;
  /** {@link propensityScoredPrecisionAtK} at cuts 1 to `k`; undefined without `propensities`. */
  readonly propensityScoredPrecision: Float64Array | undefined;
  /** {@link propensityScoredNdcgAtK} at cuts 1 to `k`; undefined without `propensities`. */
  readonly propensityScoredNdcg: Float64Array | undefined;
  /** With `labelGroups`: each group's share of the values at cut `k`; otherwise undefined. */
  readonly byGroup: TopKGroupShares | undefined;
}

/**
 * Every top-k metric at every cut from 1 to `k` in one pass, as pyxclib reports them: P@j,
 * R@j, nDCG@j and, with `propensities`, PSP@j and PSnDCG@j. Each row's top `k` is selected once
 * and the inputs are checked once, so the whole report costs about one metric call; every value
 * is exactly what the single-cut function gives (same ranking, same sums in the same order).
 * Takes every form the top-k metrics take: dense or {@link SparseLabelMatrix} labels, dense
 * scores or {@link TopKPredictions}.
 *
 * Missing labels (`ignoreIndex`): as {@link precisionAtK}.
 *
 * @summary P@j, R@j, nDCG@j (and PSP@j, PSnDCG@j) for every j up to k, in one pass.
 * @category Top-k metrics
 * @param yTrue True labels, 0/1 (and, with `ignoreIndex`, that marker or NaN for a missing label), one row per sample, or a {@link SparseLabelMatrix}.
 * @param yScore Scores, the same shape, or {@link TopKPredictions} listing at least `k` labels per row.
 * @param options `k` (required), `propensities`, `normalize`, `sampleWeight`, `ignoreIndex`.
 * @returns The values at every cut.
 * @throws {@link MultilabelError} as {@link precisionAtK} and, with `propensities`, as
 *   {@link propensityScoredPrecisionAtK}; `INVALID_OPTION` for `normalize` without `propensities`.
 * @example
 * ```ts
 * import { topKReport } from 'tfjs-multilabel/metrics';
 *
 * const report = topKReport([[1, 0, 1, 0]], [[0.9, 0.8, 0.7, 0.1]], { k: 3 });
 * console.log(Array.from(report.precision)); // [1, 0.5, 0.6666666666666666]
 * console.log(Array.from(report.recall)); // [0.5, 0.5, 1]
 * ```
 */
export function topKReport(
  yTrue: LabelMatrix | SparseLabelMatrix,
  yScore: ScoreMatrix | TopKPredictions,
  options: TopKReportOptions,
): TopKReport {
  const caller = 'topKReport';
  const { rows, sampleWeight } = readTopKInputs(
    yTrue,
    yScore,
    options,
    ['k', 'propensities', 'normalize', 'labelGroups'],
    caller,
  );
  const settings = readTopKReportSettings(options, rows.cols);
  const sums = topKSums(rows, sampleWeight, settings.k, {
    inverse: settings.propensities?.inverse,
    allCuts: true,
    groups: settings.groups,
  });
  return finishTopKReport(sums, settings, caller);
}

/** The options of a {@link TopKReport} as read: the cut, propensities and groups. @internal */
export interface TopKReportSettings {
  readonly k: number;
  readonly propensities: ReadPropensities | undefined;
  readonly normalize: boolean;
  readonly groups: { readonly of: Int32Array; readonly count: number } | undefined;
}

/**
 * Reads `k`, `propensities`, `normalize` and `labelGroups` for `cols` labels (`undefined`: not
 * known yet, then `k` is checked against nothing but 1 and the arrays against each other).
 *
 * @internal
 */
export function readTopKReportSettings(
  options: { k?: unknown; propensities?: unknown; normalize?: unknown; labelGroups?: unknown },
  cols: number | undefined,
): TopKReportSettings {
  const k = cols === undefined ? checkInteger(options.k, 'k', { min: 1 }) : readK(options.k, cols);
  // Labels not known yet: each array is read at its own length (and must be an array).
  const labels = (value: unknown, name: string) => {
    if (cols !== undefined) return cols;
    if (!isNumericArrayLike(value) || value.length === 0) {
      throw new MultilabelError(
        'INVALID_OPTION',
        `\`${name}\` must be an array with one value per label, but got ${valueText(value)}.`,
      );
    }
    return value.length;
  };
  const propensities =
    options.propensities === undefined
      ? undefined
      : readPropensities(options.propensities, labels(options.propensities, 'propensities'));
  if (propensities === undefined && options.normalize !== undefined) {
    throw new MultilabelError(
      'INVALID_OPTION',
      '`normalize` applies to the propensity-scored metrics: pass `propensities` too, or leave `normalize` out.',
    );
  }
  const normalize = checkBoolean(options.normalize, 'normalize', true);
  const groups =
    options.labelGroups === undefined
      ? undefined
      : readLabelGroups(
          options.labelGroups,
          propensities?.inverse.length ?? labels(options.labelGroups, 'labelGroups'),
        );
  return { k, propensities, normalize, groups };
}

/**
 * The report from the sums of every cut (`sums.total` the weight of the rows counted); throws
 * as the metrics do when no row of positive weight was counted.
 *
 * @internal
 */
export function finishTopKReport(
  sums: TopKSums,
  settings: TopKReportSettings,
  caller: string,
): TopKReport {
  const { k, propensities, normalize, groups } = settings;
  assertPositiveTotal(sums.total, caller);
  const means = (values: Float64Array, what: string) =>
    values.map((sum) => meanOverRows(sum, sums.total, what));
  const scored = (pair: PropensitySums | undefined, what: string) =>
    propensities === undefined
      ? undefined
      : (pair as PropensitySums).sum.map((sum, i) =>
          propensityScoredValue(
            sum,
            (pair as PropensitySums).idealSum[i],
            sums.total,
            propensities,
            normalize,
            what,
          ),
        );
  return {
    k,
    precision: means(sums.precision, 'precision at k'),
    recall: means(sums.recall, 'recall at k'),
    ndcg: means(sums.ndcg, 'nDCG at k'),
    propensityScoredPrecision: scored(sums.psp, 'propensityScoredPrecisionAtK'),
    propensityScoredNdcg: scored(sums.psndcg, 'propensityScoredNdcgAtK'),
    byGroup:
      groups === undefined ? undefined : groupShares(sums, groups, k, propensities, normalize),
  };
}

/** Reads `labelGroups`: one integer >= 0 per label; the groups are 0 to the largest. */
function readLabelGroups(value: unknown, cols: number): { of: Int32Array; count: number } {
  if (!isNumericArrayLike(value) || value.length !== cols) {
    throw new MultilabelError(
      'INVALID_OPTION',
      `\`labelGroups\` must be an array of ${cols} group ids (one per label), e.g. from labelFrequencyGroups.`,
    );
  }
  const of = new Int32Array(cols);
  let count = 0;
  for (let l = 0; l < cols; l++) {
    const g = value[l];
    if (typeof g !== 'number' || !Number.isInteger(g) || g < 0 || g >= cols) {
      throw new MultilabelError(
        'INVALID_OPTION',
        `\`labelGroups[${l}]\` is ${valueText(g)}; group ids are integers from 0 to ${cols - 1} (the number of labels - 1).`,
      );
    }
    of[l] = g;
    if (g + 1 > count) count = g + 1;
  }
  return { of, count };
}

/** The groups' shares at cut `k`, finished as the whole values are. */
function groupShares(
  sums: TopKSums,
  groups: { of: Int32Array; count: number },
  k: number,
  propensities: ReadPropensities | undefined,
  normalize: boolean,
): TopKGroupShares {
  const g = sums.byGroup as GroupSums;
  const labels = new Int32Array(groups.count);
  for (const c of groups.of) labels[c]++;
  const scored = (shares: Float64Array | undefined, whole: PropensitySums | undefined) => {
    if (shares === undefined || whole === undefined || propensities === undefined) return undefined;
    const idealSum = whole.idealSum[k - 1];
    return shares.map((sum) =>
      normalize
        ? idealSum === 0
          ? 0
          : sum / idealSum
        : ldexp(sum / sums.total, propensities.shift),
    );
  };
  return {
    labels,
    precision: g.precision.map((sum) => sum / sums.total),
    recall: g.recall.map((sum) => sum / sums.total),
    ndcg: g.ndcg.map((sum) => sum / sums.total),
    propensityScoredPrecision: scored(g.psp, sums.psp),
    propensityScoredNdcg: scored(g.psndcg, sums.psndcg),
  };
}

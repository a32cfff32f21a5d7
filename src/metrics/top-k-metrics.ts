import { MultilabelError } from '../core/errors.js';
import type { LabelMatrix, ScoreMatrix } from '../core/matrix.js';
import { readIgnoreIndex } from '../core/readers.js';
import type { SparseLabelMatrix } from '../core/sparse-label-matrix.js';
import type { TopKPredictions } from '../core/top-k-predictions.js';
import { checkOptionKeys, withOptionsPath } from '../core/validate.js';
import { ldexp, WeightUnit } from '../core/weights.js';
import { markerToJSON } from './multilabel-metrics-json.js';
import {
  readTopKMetricsState,
  TOP_K_METRICS_FORMAT,
  TOP_K_METRICS_VERSION,
  type TopKMetricsJSON,
  topKSumsToJSON,
} from './top-k-metrics-json.js';
import {
  finishTopKReport,
  readTopKReportSettings,
  type TopKReport,
  type TopKReportSettings,
} from './top-k-report.js';
import { readTopKInputs } from './top-k-rows.js';
import { emptyTopKSums, type TopKSums, topKSums } from './top-k-sums.js';

export type { TopKMetricsJSON } from './top-k-metrics-json.js';

/**
 * Options of {@link TopKMetrics}: those of {@link topKReport} that fix the report, and the
 * missing-label marker. Sample weights go with each batch.
 *
 * @expand
 * @summary Options of {@link TopKMetrics}: the largest cut, propensities, groups, marker.
 * @category Options
 * @example
 * ```ts
 * import { TopKMetrics, type TopKMetricsOptions } from 'tfjs-multilabel/metrics';
 *
 * const options: TopKMetricsOptions = { k: 2, propensities: [0.5, 0.25, 1] };
 * const metrics = new TopKMetrics(options).update([[0, 1, 0]], [[0.2, 0.9, 0.5]]);
 * console.log(metrics.compute().propensityScoredPrecision); // Float64Array(2) [1, 1]
 * ```
 */
export interface TopKMetricsOptions {
  /** The largest cut: the report holds every cut from 1 to `k`. */
  k: number;
  /**
   * One propensity per label, in (0, 1] (see {@link jainPropensities}): adds the
   * propensity-scored metrics. Fixes the number of labels of every batch.
   *
   * @defaultValue none: no propensity-scored metric
   */
  propensities?: ArrayLike<number>;
  /**
   * Divide the propensity-scored metrics by their value on the best possible ranking. Only with
   * `propensities`.
   *
   * @defaultValue `true`
   */
  normalize?: boolean;
  /**
   * A group id per label, integers from 0: adds `byGroup`, each group's share of every metric at
   * cut `k`. Fixes the number of labels of every batch.
   *
   * @defaultValue none: no breakdown
   */
  labelGroups?: ArrayLike<number>;
  /**
   * The marker of a missing label in dense `yTrue` (cells equal to it, or NaN): as the top-k
   * metrics, missing cells are dropped from their row, and a row with no known cell is skipped.
   *
   * @defaultValue none: every cell must be 0 or 1
   */
  ignoreIndex?: number;
}

/** The options as given, kept to re-read once the number of labels is known. */
interface GivenOptions {
  readonly k: number;
  readonly propensities: Float64Array | undefined;
  readonly normalize: boolean | undefined;
  readonly labelGroups: Int32Array | undefined;
  readonly ignoreIndex: number | undefined;
}

const OPTION_KEYS = ['k', 'propensities', 'normalize', 'labelGroups', 'ignoreIndex'] as const;

/**
 * Streaming top-k metrics for extreme label counts: every value of {@link topKReport} (P@j,
 * R@j, nDCG@j and, with `propensities`, PSP@j and PSnDCG@j for j = 1..k, and with
 * `labelGroups` each group's shares) from batches fed one at a time, without ever holding more
 * than one batch. The state is O(k + groups) numbers: the weighted sums behind each value.
 *
 * Batches added one after another give {@link topKReport}'s values on all their rows bit for
 * bit (the sums add the same terms in the same order, and sample weights are kept in one
 * power-of-two unit, as the array functions keep them); accumulators merged with
 * {@link TopKMetrics.merge} give them up to float rounding (~1e-15). Each batch takes every
 * form {@link topKReport} takes: dense or {@link SparseLabelMatrix} labels, dense scores or
 * {@link TopKPredictions} listing at least `k` labels per row.
 *
 * @summary Streaming, mergeable P@k, nDCG@k, PSP@k and PSnDCG@k at every cut.
 * @category Streaming
 * @example
 * ```ts
 * import { sparseLabelMatrix, TopKMetrics, topKPredictions } from 'tfjs-multilabel/metrics';
 *
 * const metrics = new TopKMetrics({ k: 2 });
 * // Batch by batch: CSR labels and each row's top-k predictions.
 * metrics.update(sparseLabelMatrix([[0, 2]], 4), topKPredictions([[0.9, 0.1, 0.8, 0.3]], 2));
 * metrics.update(sparseLabelMatrix([[1]], 4), topKPredictions([[0.2, 0.4, 0.1, 0.7]], 2));
 * const report = metrics.compute();
 * console.log(Array.from(report.precision)); // [0.5, 0.75]
 * ```
 */
export class TopKMetrics {
  private readonly given: GivenOptions;
  /** The options as read; re-read with the number of labels at the first batch. */
  private settings: TopKReportSettings;
  /** The number of labels: from `propensities` or `labelGroups`, or the first batch. */
  private labels: number | undefined;
  /** The weighted sums, from the first batch on. */
  private sums: TopKSums | undefined;
  /** The unit of every weighted sum kept. */
  private readonly unit = new WeightUnit((shift) => this.rescale(shift));

  /**
   * @param options `k` (required), `propensities`, `normalize`, `labelGroups`, `ignoreIndex`.
   * @throws {@link MultilabelError} (`INVALID_OPTION`) on an unknown option or a value out of
   *   range, as {@link topKReport}; `SHAPE_MISMATCH` when `propensities` and `labelGroups`
   *   differ in length.
   */
  constructor(options: TopKMetricsOptions) {
    checkOptionKeys(options, OPTION_KEYS, 'TopKMetrics');
    const o = (options ?? {}) as Partial<TopKMetricsOptions>;
    const ignoreIndex = readIgnoreIndex(o.ignoreIndex);
    this.settings = readTopKReportSettings(o, undefined);
    const { k, propensities, groups } = this.settings;
    // The arrays as given: read again (the same checks) against each batch's labels.
    this.given = {
      k,
      propensities:
        propensities === undefined ? undefined : Float64Array.from(o.propensities ?? []),
      normalize: o.normalize,
      labelGroups: groups?.of,
      ignoreIndex,
    };
    this.labels = propensities?.inverse.length ?? groups?.of.length;
  }

  /**
   * Adds a batch of rows.
   *
   * @param yTrue True labels of the batch, dense 0/1 (and the `ignoreIndex` marker or NaN for a missing label) or a {@link SparseLabelMatrix}.
   * @param yScore Scores of the batch, the same shape, or {@link TopKPredictions} listing at least `k` labels per row.
   * @param options `sampleWeight`: one weight per row of this batch.
   * @returns This accumulator.
   * @throws {@link MultilabelError} as {@link topKReport} on bad input, and `SHAPE_MISMATCH`
   *   when the batch has another number of labels than the earlier ones (or the options).
   */
  update(
    yTrue: LabelMatrix | SparseLabelMatrix,
    yScore: ScoreMatrix | TopKPredictions,
    options: { sampleWeight?: ArrayLike<number> } = {},
  ): this {
    const caller = 'TopKMetrics.update';
    checkOptionKeys(options, ['sampleWeight'], caller);
    const { k, ignoreIndex } = this.given;
    const { rows, sampleWeight, weightExponent } = readTopKInputs(
      yTrue,
      yScore,
      {
        k,
        ...(options?.sampleWeight === undefined ? {} : { sampleWeight: options.sampleWeight }),
        ...(ignoreIndex === undefined ? {} : { ignoreIndex }),
      },
      ['k'],
      caller,
    );
    const sums = this.sumsFor(rows.cols, 'the batch');
    const weights = this.unit.adopt(
      sampleWeight === undefined ? undefined : { weights: sampleWeight, exponent: weightExponent },
      rows.rows,
    );
    const { propensities, groups } = this.settings;
    topKSums(rows, weights, k, { inverse: propensities?.inverse, allCuts: true, groups }, sums);
    return this;
  }

  /**
   * Adds the rows of another accumulator (a shard, another worker's state read with
   * {@link TopKMetrics.fromJSON}).
   *
   * @param other An accumulator with the same options, left unchanged.
   * @returns This accumulator.
   * @throws {@link MultilabelError} (`INVALID_ARGUMENT`) when `other` is not a TopKMetrics or
   *   was created with other options; `SHAPE_MISMATCH` when it saw another number of labels.
   */
  merge(other: TopKMetrics): this {
    if (!(other instanceof TopKMetrics)) {
      throw new MultilabelError('INVALID_ARGUMENT', '`other` must be a TopKMetrics.');
    }
    if (!sameOptions(this.given, other.given)) {
      throw new MultilabelError(
        'INVALID_ARGUMENT',
        '`other` was created with different options (k, propensities, normalize, labelGroups or ignoreIndex); only accumulators with the same options merge.',
      );
    }
    if (other.sums === undefined) return this;
    const sums = this.sumsFor(other.labels as number, '`other`');
    const shift = this.unit.shiftFrom(other.unit.exponent);
    const add = (to: Float64Array | undefined, from: Float64Array | undefined) => {
      if (to === undefined || from === undefined) return;
      for (let i = 0; i < to.length; i++) to[i] += ldexp(from[i], shift);
    };
    eachSum(sums, other.sums, add);
    sums.total += ldexp(other.sums.total, shift);
    return this;
  }

  /**
   * The report on every row seen so far: {@link topKReport}'s values on all of them.
   *
   * @returns The values at every cut from 1 to `k`.
   * @throws {@link MultilabelError}: `EMPTY_INPUT` before the first batch; `UNDEFINED_METRIC`
   *   when no row with a known label has a positive weight.
   */
  compute(): TopKReport {
    if (this.sums === undefined) {
      throw new MultilabelError(
        'EMPTY_INPUT',
        'TopKMetrics has no rows yet: add batches with update() (or merge() shards) before compute().',
      );
    }
    return finishTopKReport(this.sums, this.settings, 'TopKMetrics');
  }

  /**
   * Forgets every row (the options stay).
   *
   * @returns This accumulator.
   */
  reset(): this {
    this.sums = undefined;
    this.unit.exponent = undefined;
    const { propensities, labelGroups } = this.given;
    this.labels = propensities?.length ?? labelGroups?.length;
    return this;
  }

  /**
   * The state as plain JSON (used by `JSON.stringify`): the options and the O(k + groups)
   * weighted sums, to merge on another worker or machine with {@link TopKMetrics.fromJSON}.
   *
   * @returns A new plain object, detached from the accumulator.
   * @example
   * ```ts
   * import { TopKMetrics } from 'tfjs-multilabel/metrics';
   *
   * const metrics = new TopKMetrics({ k: 1 }).update([[1, 0]], [[0.9, 0.3]]);
   * const copy = TopKMetrics.fromJSON(JSON.stringify(metrics));
   * console.log(copy.compute().precision, copy.toJSON().sums?.total); // Float64Array(1) [1] 1
   * ```
   */
  toJSON(): TopKMetricsJSON {
    const { k, propensities, normalize, labelGroups, ignoreIndex } = this.given;
    return {
      format: TOP_K_METRICS_FORMAT,
      version: TOP_K_METRICS_VERSION,
      options: {
        k,
        propensities: propensities === undefined ? null : Array.from(propensities),
        normalize: normalize ?? null,
        labelGroups: labelGroups === undefined ? null : Array.from(labelGroups),
        ignoreIndex: markerToJSON(ignoreIndex),
      },
      labels: this.sums === undefined ? null : (this.labels as number),
      weightExponent: this.unit.exponent ?? null,
      sums: this.sums === undefined ? null : topKSumsToJSON(this.sums),
    };
  }

  /**
   * Rebuilds an accumulator from the state {@link TopKMetrics.toJSON} wrote (the object or its
   * JSON string). The state is untrusted input: every field is checked (format and version,
   * option values, each array's length against `k` and the groups, sums that are finite, >= 0
   * and no larger than the rows' total weight allows) before it is used.
   *
   * @param json The state, or the string `JSON.stringify` wrote.
   * @returns A new accumulator with the state's options and rows, ready to update or merge.
   * @throws {@link MultilabelError} naming the field at fault: `PARSE_ERROR` for a string that
   *   is not JSON; `INVALID_ARGUMENT` for another format or version or a missing, extra,
   *   mistyped or contradictory field; `INVALID_OPTION` for an option value out of range;
   *   `INVALID_SHAPE` for an array of the wrong length; `NON_FINITE_VALUES` for a NaN or
   *   infinite number.
   * @example
   * ```ts
   * import { TopKMetrics } from 'tfjs-multilabel/metrics';
   *
   * // Each worker sends its shard's state as text; the coordinator merges them.
   * const sent = [
   *   JSON.stringify(new TopKMetrics({ k: 1 }).update([[1, 0, 0]], [[0.9, 0.3, 0.1]])),
   *   JSON.stringify(new TopKMetrics({ k: 1 }).update([[0, 0, 1]], [[0.9, 0.3, 0.1]])),
   * ];
   * const [first, ...rest] = sent.map((text) => TopKMetrics.fromJSON(text));
   * for (const other of rest) first.merge(other);
   * console.log(first.compute().precision); // Float64Array(1) [0.5]
   * ```
   */
  static fromJSON(json: unknown): TopKMetrics {
    const { options, read } = readTopKMetricsState(json);
    // Errors name the field of the state, not the constructor's option.
    const metrics = withOptionsPath(() => new TopKMetrics(options), 'json.options');
    const state = read(metrics.settings, metrics.labels);
    if (state === undefined) return metrics;
    metrics.sums = metrics.sumsFor(state.labels, '`json.labels`');
    eachSum(metrics.sums, state.sums, (to, from) => {
      if (to !== undefined && from !== undefined) to.set(from);
    });
    metrics.sums.total = state.sums.total;
    metrics.unit.exponent = state.weightExponent;
    return metrics;
  }

  /** The sums for batches of `cols` labels, made (and the options read against them) once. */
  private sumsFor(cols: number, what: string): TopKSums {
    if (this.labels !== undefined && cols !== this.labels) {
      const source =
        this.sums === undefined
          ? 'the options (`propensities` or `labelGroups`)'
          : 'the earlier batches';
      throw new MultilabelError(
        'SHAPE_MISMATCH',
        `${what} has ${cols} labels, but ${source} have ${this.labels}; every batch of one accumulator has the same labels.`,
      );
    }
    if (this.sums !== undefined) return this.sums;
    const { k, propensities, normalize, labelGroups } = this.given;
    this.settings = readTopKReportSettings({ k, propensities, normalize, labelGroups }, cols);
    this.labels = cols;
    this.sums = emptyTopKSums(k, propensities !== undefined, this.settings.groups?.count);
    return this.sums;
  }

  /** Multiplies every weighted sum by `2^shift` (a change of unit). */
  private rescale(shift: number): void {
    const sums = this.sums;
    if (sums === undefined) return;
    const scale = (to: Float64Array | undefined) => {
      if (to !== undefined) for (let i = 0; i < to.length; i++) to[i] = ldexp(to[i], shift);
    };
    eachSum(sums, sums, scale);
    sums.total = ldexp(sums.total, shift);
  }
}

/** Calls `visit` on each pair of matching arrays of two sums of the same shape. */
function eachSum(
  a: TopKSums,
  b: TopKSums,
  visit: (a: Float64Array | undefined, b: Float64Array | undefined) => void,
): void {
  visit(a.precision, b.precision);
  visit(a.recall, b.recall);
  visit(a.ndcg, b.ndcg);
  visit(a.psp?.sum, b.psp?.sum);
  visit(a.psp?.idealSum, b.psp?.idealSum);
  visit(a.psndcg?.sum, b.psndcg?.sum);
  visit(a.psndcg?.idealSum, b.psndcg?.idealSum);
  visit(a.byGroup?.precision, b.byGroup?.precision);
  visit(a.byGroup?.recall, b.byGroup?.recall);
  visit(a.byGroup?.ndcg, b.byGroup?.ndcg);
  visit(a.byGroup?.psp, b.byGroup?.psp);
  visit(a.byGroup?.psndcg, b.byGroup?.psndcg);
}

/** Whether two accumulators were created with the same options. */
function sameOptions(a: GivenOptions, b: GivenOptions): boolean {
  const same = (x: ArrayLike<number> | undefined, y: ArrayLike<number> | undefined) =>
    x === undefined || y === undefined
      ? x === y
      : x.length === y.length &&
        Array.prototype.every.call(x, (v: number, i: number) => v === y[i]);
  return (
    a.k === b.k &&
    same(a.propensities, b.propensities) &&
    a.normalize === b.normalize &&
    same(a.labelGroups, b.labelGroups) &&
    // The same marker (NaN equals NaN here; a marker is never 0, so Object.is is ===).
    Object.is(a.ignoreIndex, b.ignoreIndex)
  );
}

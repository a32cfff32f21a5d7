import * as field from './multilabel-metrics-json-fields.js';
import { readWeightExponent } from './multilabel-metrics-json-state.js';
import type { TopKReportSettings } from './top-k-report.js';
import type { TopKSums } from './top-k-sums.js';

/**
 * The serial form of a {@link TopKMetrics} state (`toJSON` / `fromJSON`): the JSON types, and
 * the reader that checks every field of an untrusted state before it is used.
 *
 * @internal
 * @module
 */

/** The `format` field of every serial TopKMetrics state. @internal */
export const TOP_K_METRICS_FORMAT = 'tfjs-multilabel.TopKMetrics';

/** The version of the serial form that this release writes and reads. @internal */
export const TOP_K_METRICS_VERSION = 1;

/**
 * The weighted sums of a {@link TopKMetricsJSON} state, in the unit `2^weightExponent`: each
 * array holds one sum per cut (index `j - 1`), or one per group in `byGroup`.
 *
 * @summary The weighted sums of a {@link TopKMetricsJSON} state.
 * @category Results
 * @example
 * ```ts
 * import { TopKMetrics, type TopKSumsJSON } from 'tfjs-multilabel/metrics';
 *
 * const sums: TopKSumsJSON | null = new TopKMetrics({ k: 2 }).update([[1, 0, 1]], [[0.9, 0.8, 0.1]]).toJSON().sums;
 * console.log(sums?.total, sums?.precision); // 1 [1, 0.5]
 * ```
 */
export interface TopKSumsJSON {
  /** The weight of the rows with a known label. */
  readonly total: number;
  /** Sum over rows of `w * hits_j / j`. */
  readonly precision: number[];
  /** Sum over rows of `w * hits_j / |y|`. */
  readonly recall: number[];
  /** Sum over rows of `w * nDCG_j`. */
  readonly ndcg: number[];
  /** The PSP sums and those of the best rankings; null without propensities. */
  readonly propensityScoredPrecision: PropensitySumsJSON | null;
  /** The PSnDCG sums and those of the best rankings; null without propensities. */
  readonly propensityScoredNdcg: PropensitySumsJSON | null;
  /** Each group's share of the sums at cut `k`; null without label groups. */
  readonly byGroup: {
    /** Shares of the P@k sum, one per group. */
    precision: number[];
    /** Shares of the R@k sum. */
    recall: number[];
    /** Shares of the nDCG@k sum. */
    ndcg: number[];
    /** Shares of the PSP@k sum; null without propensities. */
    propensityScoredPrecision: number[] | null;
    /** Shares of the PSnDCG@k sum; null without propensities. */
    propensityScoredNdcg: number[] | null;
  } | null;
}

/**
 * A propensity-scored metric's sums in a {@link TopKSumsJSON}: the model's and the best
 * ranking's, one per cut.
 *
 * @summary The sums of a propensity-scored metric in a {@link TopKSumsJSON}.
 * @category Results
 * @example
 * ```ts
 * import { TopKMetrics, type PropensitySumsJSON } from 'tfjs-multilabel/metrics';
 *
 * const metrics = new TopKMetrics({ k: 1, propensities: [0.5, 1] }).update([[1, 1]], [[0.2, 0.9]]);
 * const sums: PropensitySumsJSON | null | undefined = metrics.toJSON().sums?.propensityScoredPrecision;
 * console.log(sums?.sum, sums?.idealSum); // [1] [2]
 * ```
 */
export interface PropensitySumsJSON {
  /** Sum over rows of the weighted gains of the model's ranking at each cut. */
  sum: number[];
  /** The same for the best possible ranking of each row. */
  idealSum: number[];
}

/**
 * The plain-JSON state of a {@link TopKMetrics}: `JSON.stringify(metrics)` writes it and
 * {@link TopKMetrics.fromJSON} reads it back (as an object or as its JSON string), so an
 * accumulator filled on another worker or machine can be merged here. Its size is O(k + groups)
 * whatever the rows seen; float64 values round-trip exactly through JSON.
 *
 * @summary The plain-JSON state of a {@link TopKMetrics}, for merging across processes.
 * @category Results
 * @example
 * ```ts
 * import { TopKMetrics, type TopKMetricsJSON } from 'tfjs-multilabel/metrics';
 *
 * const json: TopKMetricsJSON = new TopKMetrics({ k: 1 }).update([[0, 1]], [[0.2, 0.9]]).toJSON();
 * console.log(json.format, json.labels, json.sums?.precision); // 'tfjs-multilabel.TopKMetrics' 2 [1]
 * ```
 */
export interface TopKMetricsJSON {
  /** Always `'tfjs-multilabel.TopKMetrics'`. */
  readonly format: 'tfjs-multilabel.TopKMetrics';
  /** The version of this form, `1`; a reader refuses versions it does not know. */
  readonly version: 1;
  /** The options of the accumulator; only states with equal options merge. */
  readonly options: {
    /** The largest cut. */
    readonly k: number;
    /** One propensity per label, or `null` for none. */
    readonly propensities: number[] | null;
    /** `null` when not given (the default, `true`, with propensities). */
    readonly normalize: boolean | null;
    /** A group id per label, or `null` for none. */
    readonly labelGroups: number[] | null;
    /** The missing-label marker: a number, `'NaN'`, or `null` for none. */
    readonly ignoreIndex: number | 'NaN' | null;
  };
  /** The number of labels of the batches seen; null before the first. */
  readonly labels: number | null;
  /** The sums are in the unit `2^weightExponent`; null before a row of positive weight. */
  readonly weightExponent: number | null;
  /** The weighted sums; null before the first batch. */
  readonly sums: TopKSumsJSON | null;
}

/** The JSON of a state's sums. @internal */
export function topKSumsToJSON(sums: TopKSums): TopKSumsJSON {
  const list = (a: Float64Array) => Array.from(a);
  const orNull = (a: Float64Array | undefined) => (a === undefined ? null : list(a));
  const pair = (p: TopKSums['psp']) =>
    p === undefined ? null : { sum: list(p.sum), idealSum: list(p.idealSum) };
  const g = sums.byGroup;
  return {
    total: sums.total,
    precision: list(sums.precision),
    recall: list(sums.recall),
    ndcg: list(sums.ndcg),
    propensityScoredPrecision: pair(sums.psp),
    propensityScoredNdcg: pair(sums.psndcg),
    byGroup:
      g === undefined
        ? null
        : {
            precision: list(g.precision),
            recall: list(g.recall),
            ndcg: list(g.ndcg),
            propensityScoredPrecision: orNull(g.psp),
            propensityScoredNdcg: orNull(g.psndcg),
          },
  };
}

const WRITER = 'TopKMetrics';
const TOP_KEYS = ['format', 'version', 'options', 'labels', 'weightExponent', 'sums'] as const;
const OPTION_KEYS = ['k', 'propensities', 'normalize', 'labelGroups', 'ignoreIndex'] as const;
const SUM_KEYS = [
  'total',
  'precision',
  'recall',
  'ndcg',
  'propensityScoredPrecision',
  'propensityScoredNdcg',
  'byGroup',
] as const;
const GROUP_KEYS = [
  'precision',
  'recall',
  'ndcg',
  'propensityScoredPrecision',
  'propensityScoredNdcg',
] as const;

/** A state's sums as read, with the labels and the unit they belong to. @internal */
export interface ReadTopKState {
  readonly labels: number;
  readonly weightExponent: number | undefined;
  readonly sums: TopKSums;
}

/**
 * Reads the header and options of a serial state; `read` then reads the rest against the
 * options as the constructor read them (`labels` when they fix the number of labels), or gives
 * undefined for a state without rows.
 *
 * @internal
 */
export function readTopKMetricsState(json: unknown): {
  options: {
    k: number;
    propensities?: number[];
    normalize?: boolean;
    labelGroups?: number[];
    ignoreIndex?: number;
  };
  read(settings: TopKReportSettings, labels: number | undefined): ReadTopKState | undefined;
} {
  const value = field.readStateHeader(json, TOP_K_METRICS_FORMAT, TOP_K_METRICS_VERSION, WRITER);
  const record = field.readRecord(value, 'json', TOP_KEYS, WRITER);
  const o = field.readRecord(record.options, 'json.options', OPTION_KEYS, WRITER);
  const marker = o.ignoreIndex;
  if (marker !== null && marker !== 'NaN' && typeof marker !== 'number') {
    field.fail(
      'INVALID_ARGUMENT',
      `\`json.options.ignoreIndex\` must be a number outside [0, 1], 'NaN' or null, but got ${field.describe(marker)}.`,
    );
  }
  // Null is "not given"; any other value goes to the constructor, which checks it.
  const given = <T>(v: unknown): T | undefined => (v === null ? undefined : (v as T));
  const options = {
    k: o.k as number,
    propensities: given<number[]>(o.propensities),
    normalize: given<boolean>(o.normalize),
    labelGroups: given<number[]>(o.labelGroups),
    ignoreIndex: marker === 'NaN' ? Number.NaN : given<number>(marker),
  };
  const read = (settings: TopKReportSettings, fixed: number | undefined) => {
    if (record.labels === null || record.sums === null) {
      if (record.labels !== null || record.sums !== null || record.weightExponent !== null) {
        field.fail(
          'INVALID_ARGUMENT',
          '`json.labels`, `json.weightExponent` and `json.sums` must all be null in a state without rows.',
        );
      }
      return undefined;
    }
    const labels = field.readCount(record.labels, 'json.labels');
    if (labels === 0 || (fixed !== undefined && labels !== fixed)) {
      field.fail(
        'INVALID_ARGUMENT',
        `\`json.labels\` is ${labels}, but the options call for ${fixed ?? 'at least 1'} labels.`,
      );
    }
    const weightExponent = readWeightExponent(record.weightExponent, labels);
    const sums = readSums(record.sums, settings);
    if (sums.total > 0 && weightExponent === undefined) {
      field.fail(
        'INVALID_ARGUMENT',
        '`json.weightExponent` is null but `json.sums.total` is positive: a state with weighted rows has a unit.',
      );
    }
    return { labels, weightExponent, sums };
  };
  return { options, read };
}

/** Reads the sums, their lengths from the settings, and checks that they fit their total. */
function readSums(value: unknown, settings: TopKReportSettings): TopKSums {
  const { k, propensities, groups } = settings;
  const s = field.readRecord(value, 'json.sums', SUM_KEYS, WRITER);
  const nonNegative = (v: unknown, at: string) => field.readFinite(v, at, 0);
  const cuts = (v: unknown, path: string) =>
    field.readArray(v, path, k, `a state with k = ${k}`, field.float64, nonNegative);
  const present = (v: unknown, path: string, wanted: boolean, what: string) => {
    if ((v === null) === wanted) {
      field.fail(
        'INVALID_ARGUMENT',
        `\`${path}\` must be ${wanted ? 'present' : 'null'} in a state ${wanted ? 'with' : 'without'} ${what}.`,
      );
    }
    return v !== null;
  };
  const pair = (v: unknown, path: string) => {
    if (!present(v, path, propensities !== undefined, '`propensities`')) return undefined;
    const p = field.readRecord(v, path, ['sum', 'idealSum'], WRITER);
    const sum = cuts(p.sum, `${path}.sum`);
    const idealSum = cuts(p.idealSum, `${path}.idealSum`);
    // The best ranking of a row scores at least as much as any ranking of it.
    for (let i = 0; i < k; i++) {
      atMost(sum[i], idealSum[i], `${path}.sum[${i}]`, `${path}.idealSum[${i}]`);
    }
    return { sum, idealSum };
  };
  const total = field.readFinite(s.total, 'json.sums.total', 0);
  const sums: TopKSums = {
    total,
    precision: cuts(s.precision, 'json.sums.precision'),
    recall: cuts(s.recall, 'json.sums.recall'),
    ndcg: cuts(s.ndcg, 'json.sums.ndcg'),
    psp: pair(s.propensityScoredPrecision, 'json.sums.propensityScoredPrecision'),
    psndcg: pair(s.propensityScoredNdcg, 'json.sums.propensityScoredNdcg'),
    byGroup: undefined,
  };
  // Each row adds at most its weight to a plain sum.
  for (const name of ['precision', 'recall', 'ndcg'] as const) {
    for (let i = 0; i < k; i++) {
      atMost(sums[name][i], total, `json.sums.${name}[${i}]`, 'json.sums.total');
    }
  }
  if (present(s.byGroup, 'json.sums.byGroup', groups !== undefined, '`labelGroups`')) {
    const count = (groups as { count: number }).count;
    const path = 'json.sums.byGroup';
    const g = field.readRecord(s.byGroup, path, GROUP_KEYS, WRITER);
    const shares = (v: unknown, at: string) =>
      field.readArray(v, at, count, `${count} label groups`, field.float64, nonNegative);
    const scored = (v: unknown, at: string) =>
      present(v, at, propensities !== undefined, '`propensities`') ? shares(v, at) : undefined;
    return {
      ...sums,
      byGroup: {
        precision: shares(g.precision, `${path}.precision`),
        recall: shares(g.recall, `${path}.recall`),
        ndcg: shares(g.ndcg, `${path}.ndcg`),
        psp: scored(g.propensityScoredPrecision, `${path}.propensityScoredPrecision`),
        psndcg: scored(g.propensityScoredNdcg, `${path}.propensityScoredNdcg`),
      },
    };
  }
  return sums;
}

/** Refuses `value` above `limit` (beyond float rounding). */
function atMost(value: number, limit: number, path: string, limitPath: string): void {
  if (value > limit * (1 + 1e-9)) {
    field.fail(
      'INVALID_ARGUMENT',
      `\`${path}\` is ${value}, more than \`${limitPath}\` (${limit}) allows: the state contradicts itself.`,
    );
  }
}

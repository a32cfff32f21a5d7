import { MultilabelError } from '../core/errors.js';
import { normalQuantile } from '../core/normal-distribution.js';
import { checkSeed, SeededRandom } from '../core/random.js';
import { checkEnum, checkOptionKeys } from '../core/validate.js';
import { valueText } from '../core/value-text.js';
import {
  type BootstrapMethod,
  boundLevels,
  intervalPValue,
  jackknifeAcceleration,
  quantileOfSorted,
  shareBelow,
  standardDeviation,
} from './bootstrap-bounds.js';
import { outputsOf, type ResampledStatistic } from './bootstrap-statistic.js';

/**
 * The resampling behind {@link bootstrapInterval} and {@link pairedBootstrap}: the shared
 * options, the resamples (multinomial row counts from a seeded generator), the jackknife that
 * BCa needs, and the bounds of each output.
 *
 * @internal
 * @module
 */

/** The jackknife leaves out one row at a time up to this many rows, else one of this many groups. */
const JACKKNIFE_GROUPS = 1000;

/** The bootstrap options, read and checked. @internal */
export interface BootstrapSettings {
  readonly nResamples: number;
  readonly confidence: number;
  readonly method: BootstrapMethod;
  readonly seed: number;
  readonly metricOptions: object;
}

/** Reads the options {@link bootstrapInterval} and {@link pairedBootstrap} share. @internal */
export function readBootstrapSettings(options: unknown, where: string): BootstrapSettings {
  if (options === null || typeof options !== 'object') {
    throw new MultilabelError(
      'INVALID_ARGUMENT',
      `\`options\` of ${where} must be an object, but got ${valueText(options)}.`,
    );
  }
  const o = options as Record<string, unknown>;
  checkOptionKeys(o, ['metricOptions', 'nResamples', 'confidence', 'method', 'seed'], where);
  const nResamples = o.nResamples ?? 1000;
  if (typeof nResamples !== 'number' || !Number.isInteger(nResamples) || nResamples < 2) {
    throw new MultilabelError(
      'INVALID_OPTION',
      `\`nResamples\` must be an integer >= 2 (1,000 or more for a 95% interval), but got ${valueText(nResamples)}.`,
    );
  }
  const confidence = o.confidence ?? 0.95;
  if (typeof confidence !== 'number' || !(confidence > 0 && confidence < 1)) {
    throw new MultilabelError(
      'INVALID_OPTION',
      `\`confidence\` must be a number strictly between 0 and 1, such as 0.95, but got ${valueText(confidence)}.`,
    );
  }
  const method = checkEnum(o.method ?? 'bca', 'method', ['bca', 'percentile'] as const);
  const seed = checkSeed(o.seed ?? 0);
  const metricOptions = o.metricOptions ?? {};
  if (metricOptions === null || typeof metricOptions !== 'object' || Array.isArray(metricOptions)) {
    throw new MultilabelError(
      'INVALID_OPTION',
      `\`metricOptions\` must be the metric's options object, such as { average: 'macro' }, but got ${valueText(metricOptions)}.`,
    );
  }
  return { nResamples, confidence, method, seed, metricOptions };
}

/** The values of statistics on the resamples and, for BCa, on the jackknife deletions. @internal */
export interface Resamples {
  /** Per statistic, `nResamples` x outputs values (NaN where undefined). */
  readonly replicates: Float64Array[];
  /** Per statistic, groups x outputs jackknife values; empty for the percentile method. */
  readonly jackknife: Float64Array[];
}

/**
 * Evaluates every statistic on the same `nResamples` resamples (each a multinomial draw of the
 * rows: row `r` counted as often as it is drawn in `rows` uniform draws) and, for BCa, on the
 * same jackknife deletions: each row alone when there are at most 1,000 rows, else each of
 * 1,000 random groups of rows in turn (the delete-a-group jackknife).
 *
 * @internal
 */
export function resample(
  statistics: readonly ResampledStatistic[],
  settings: BootstrapSettings,
): Resamples {
  const rows = statistics[0].rows;
  const random = new SeededRandom(settings.seed);
  const multiplicity = new Float64Array(rows);
  const replicates = statistics.map(
    (s) => new Float64Array(settings.nResamples * outputsOf(s.estimate)),
  );
  for (let b = 0; b < settings.nResamples; b++) {
    multiplicity.fill(0);
    for (let i = 0; i < rows; i++) multiplicity[random.nextInt(rows)]++;
    statistics.forEach((s, k) => {
      const outputs = outputsOf(s.estimate);
      s.resample(multiplicity, replicates[k].subarray(b * outputs, (b + 1) * outputs));
    });
  }
  if (settings.method === 'percentile') return { replicates, jackknife: [] };
  const groups = Math.min(rows, JACKKNIFE_GROUPS);
  const order = rows <= JACKKNIFE_GROUPS ? undefined : random.permutation(rows);
  const jackknife = statistics.map((s) => new Float64Array(groups * outputsOf(s.estimate)));
  const single = new Int32Array(1);
  for (let g = 0; g < groups; g++) {
    let left: ArrayLike<number> = single;
    if (order === undefined) single[0] = g;
    else
      left = order.subarray(Math.floor((g * rows) / groups), Math.floor(((g + 1) * rows) / groups));
    statistics.forEach((s, k) => {
      const outputs = outputsOf(s.estimate);
      s.without(left, jackknife[k].subarray(g * outputs, (g + 1) * outputs));
    });
  }
  return { replicates, jackknife };
}

/** The defined values of output `k` of `values` (`outputs` per replicate), sorted. @internal */
export function definedColumn(values: Float64Array, outputs: number, k: number): Float64Array {
  const out = new Float64Array(values.length / outputs);
  let n = 0;
  for (let i = k; i < values.length; i += outputs) {
    const v = values[i];
    if (!Number.isNaN(v)) out[n++] = v;
  }
  return out.subarray(0, n).sort();
}

/** The interval of one output, and its p-value of "the value is 0". @internal */
export interface OutputInterval {
  readonly low: number;
  readonly high: number;
  readonly standardError: number;
  readonly pValue: number;
  readonly undefinedResamples: number;
}

/**
 * The interval of output `k` of an estimate from its replicates (and jackknife values for BCa).
 * Undefined replicates are left out; fewer than two defined throws `UNDEFINED_METRIC`.
 *
 * @internal
 */
export function outputInterval(
  estimate: number,
  replicates: Float64Array,
  jackknife: Float64Array | undefined,
  outputs: number,
  k: number,
  settings: BootstrapSettings,
  what: string,
): OutputInterval {
  const sorted = definedColumn(replicates, outputs, k);
  const undefinedResamples = settings.nResamples - sorted.length;
  if (sorted.length < 2 || Number.isNaN(estimate)) {
    if (Number.isNaN(estimate)) {
      const nan = Number.NaN;
      return { low: nan, high: nan, standardError: nan, pValue: nan, undefinedResamples };
    }
    throw new MultilabelError(
      'UNDEFINED_METRIC',
      `The ${what} is undefined on ${undefinedResamples} of ${settings.nResamples} resamples, which leaves no interval. Resampled rows can miss a rare label's only positives: bootstrap a metric that is defined there (e.g. zeroDivision: 0), or give more rows.`,
    );
  }
  const { method, confidence } = settings;
  const z0 = method === 'bca' ? normalQuantile(shareBelow(sorted, estimate)) : 0;
  const acceleration =
    jackknife === undefined ? 0 : jackknifeAcceleration(definedColumn(jackknife, outputs, k));
  const [lowLevel, highLevel] = boundLevels(method, confidence, z0, acceleration);
  return {
    low: quantileOfSorted(sorted, lowLevel),
    high: quantileOfSorted(sorted, highLevel),
    standardError: standardDeviation(sorted),
    pValue: intervalPValue(sorted, method, z0, acceleration),
    undefinedResamples,
  };
}

/**
 * Per-output intervals as numbers (one output) or `Float64Array`s (per label).
 *
 * @internal
 */
export function shapeIntervals(
  intervals: readonly OutputInterval[],
  perLabel: boolean,
  field: keyof OutputInterval,
): number | Float64Array {
  if (!perLabel) return intervals[0][field];
  return Float64Array.from(intervals, (i) => i[field]);
}

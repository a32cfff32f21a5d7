/**
 * `MultilabelMetrics` (and the error guard of every subpath): each method with generated input,
 * the computed metrics against the definitions of test/metrics/definitions.ts on the
 * thresholded predictions and the raw scores.
 */
import { expect } from 'vitest';
import { isMultilabelError, MultilabelError } from '../../../src/core/index.js';
import {
  MultilabelMetrics,
  type MultilabelMetricsOptions,
  type MultilabelMetricsResult,
} from '../../../src/metrics/index.js';
import { evaluateInParallel } from '../../../src/parallel/index.js';
import * as d from '../../metrics/definitions.js';
import { expectSameNumbers } from '../../parallel/same-result.js';
import { serialStateCases } from '../arbitraries.js';
import { isMissing, type PairCase, pairCases } from '../families.js';
import { type AnyEntry, type Case, close, describeValue, type Entry, fc } from '../harness.js';
import {
  boolean,
  either,
  ignoreIndex,
  integer,
  number,
  oneOf,
  printable,
  sampleWeight,
  vector,
} from '../options.js';

const constructorOptions = {
  threshold: either(
    number(),
    vector((c) => c.cols, Number.isFinite),
  ),
  fromLogits: boolean,
  zeroDivision: oneOf(0, 1, 'nan'),
  beta: (v: unknown) => typeof v === 'number' && v >= 0,
  bins: integer(2, 1 << 20),
  ignoreIndex,
};

interface MetricsCase extends PairCase {
  readonly options: MultilabelMetricsOptions;
}

function metricsCases(): fc.Arbitrary<MetricsCase> {
  return fc
    .record({
      threshold: fc.constantFrom(undefined, 0.5, 0.25, 0, 1, -1e308),
      fromLogits: fc.constantFrom(undefined, true, false),
      zeroDivision: fc.constantFrom(undefined, 0, 1),
      bins: fc.constantFrom(undefined, undefined, 2, 100),
    })
    .map(
      (o) =>
        Object.fromEntries(
          Object.entries(o).filter(([, v]) => v !== undefined),
        ) as MultilabelMetricsOptions,
    )
    .chain((options) =>
      pairCases(
        // Binned metrics on probabilities need [0, 1]; logits and exact metrics take any finite score.
        {
          second:
            options.bins !== undefined && options.fromLogits !== true ? 'probabilities' : 'scores',
          ignoreIndex: true,
          weights: true,
          // A binned state holds labels x bins x 2 sums: 100 bins on 200,000 labels is 320 MB
          // (documented), too much for the per-call budget on shared cores.
          large: options.bins !== undefined && options.bins > 2 ? 'tall' : 'any',
        },
        { sampleWeight },
        () => ({}),
      ).map((c) => ({
        ...binnedMissing(c, options),
        options,
        tags: [...c.tags, `options ${describeValue(options)}`],
      })),
    );
}

/**
 * Binned metrics read a probability only where the label is known: one outside [0, 1] in a
 * missing cell is no error there (the cell is skipped, as every metric skips it).
 */
function binnedMissing(c: PairCase, options: MultilabelMetricsOptions): PairCase {
  if (
    c.expect !== 'error' ||
    options.bins === undefined ||
    c.yTrue.values === undefined ||
    c.y.values === undefined
  )
    return c;
  if (c.yTrue.rows !== c.y.rows || c.yTrue.cols !== c.y.cols || c.tampered !== undefined) return c;
  const labels = c.yTrue.values;
  const badAtKnown = c.y.values.some(
    (v, i) => !(typeof v === 'number' && v >= 0 && v <= 1) && !isMissing(labels[i], c.ignoreIndex),
  );
  const finite = c.y.values.every((v) => typeof v === 'number' && Number.isFinite(v));
  return !badAtKnown && finite && /probabilities hold/.test(c.why)
    ? { ...c, expect: 'either', why: 'an out-of-range probability in a missing cell' }
    : c;
}

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

/** Checks the exact metrics of `result` against the definitions. */
function checkResult(c: MetricsCase, result: MultilabelMetricsResult): void {
  const clean = c.clean;
  if (clean === undefined) return;
  expect(result.rows).toBeGreaterThanOrEqual(0);
  if (
    clean.large ||
    (clean.weightKind !== undefined &&
      /overflow|subnormal|huge|MAX_VALUE|tiny/.test(clean.weightKind))
  )
    return;
  const threshold = (c.options.threshold as number | undefined) ?? 0.5;
  const probabilities = clean.second.map((row) =>
    row.map((s) => (c.options.fromLogits === true ? sigmoid(s) : s)),
  );
  const predictions = probabilities.map((row) => row.map((p) => (p >= threshold ? 1 : 0)));
  const w = clean.weights;
  const zd = (c.options.zeroDivision as number | undefined) ?? 0;
  const pairs: [string, number, () => number][] = [
    ['hammingLoss', result.hammingLoss, () => d.hammingLoss(clean.labels, predictions, w)],
    ['subsetAccuracy', result.subsetAccuracy, () => d.subsetAccuracy(clean.labels, predictions, w)],
    [
      'f1.micro',
      result.f1.micro,
      () => d.averagedCount(clean.labels, predictions, d.formulas.fbeta(1), 'micro', zd, w, 'f'),
    ],
    [
      'precision.macro',
      result.precision.macro,
      () =>
        d.averagedCount(
          clean.labels,
          predictions,
          d.formulas.precision,
          'macro',
          zd,
          w,
          'precision',
        ),
    ],
    [
      'jaccard.samples',
      result.jaccard.samples,
      () => d.averagedCount(clean.labels, predictions, d.formulas.jaccard, 'samples', zd, w),
    ],
  ];
  if (c.options.bins === undefined) {
    pairs.push(
      [
        'labelRankingAveragePrecision',
        result.labelRankingAveragePrecision,
        () => d.lrap(clean.labels, clean.second, w),
      ],
      ['coverageError', result.coverageError, () => d.coverage(clean.labels, clean.second, w)],
      [
        'labelRankingLoss',
        result.labelRankingLoss,
        () => d.rankingLoss(clean.labels, clean.second, w),
      ],
      ['oneError', result.oneError, () => d.oneError(clean.labels, clean.second, w)],
    );
  }
  for (const [name, got, reference] of pairs) {
    let expected: number;
    try {
      expected = reference();
    } catch {
      expected = Number.NaN;
    }
    // An undefined metric shows as NaN in compute().
    if (Number.isFinite(expected) ? !close(got, expected) : !Number.isNaN(got)) {
      expect.fail(`compute().${name} is ${got}, the reference is ${expected}`);
    }
  }
}

function fresh(c: MetricsCase): MultilabelMetrics {
  return new MultilabelMetrics({
    ...c.options,
    ...(c.ignoreIndex === undefined ? {} : { ignoreIndex: c.ignoreIndex }),
  });
}

function update(m: MultilabelMetrics, c: MetricsCase): MultilabelMetrics {
  return m.update(
    c.yTrue.input as never,
    c.y.input as never,
    (c.tampered !== undefined
      ? c.tampered.options
      : c.sampleWeight === undefined
        ? {}
        : { sampleWeight: c.sampleWeight.input }) as never,
  );
}

/** A valid update that may still be undefined everywhere is fine: compute() reports NaN. */
function relaxedUpdate(c: MetricsCase): MetricsCase {
  if (c.expect !== 'value' || c.clean === undefined) return c;
  const weights = c.clean.weightKind;
  if (c.clean.large || (weights !== undefined && /overflow|MAX_VALUE/.test(weights)))
    return { ...c, expect: 'either', why: 'large or extreme input' };
  return c;
}

const metricsUpdate: Entry<MetricsCase> = {
  name: 'MultilabelMetrics#update',
  export: 'MultilabelMetrics',
  cases: metricsCases().map(relaxedUpdate),
  run: (c) => update(fresh(c), c),
  check: (_c, value) => {
    expect(value).toBeInstanceOf(MultilabelMetrics);
  },
};

const metricsCompute: Entry<MetricsCase> = {
  name: 'MultilabelMetrics#compute',
  export: 'MultilabelMetrics',
  cases: metricsCases()
    .filter((c) => c.expect === 'value')
    .map((c) => {
      const clean = c.clean;
      // Rows whose labels are all missing are skipped: with none left, compute() has no rows.
      const rows = clean?.labels.some((row) => row.some((t) => t !== -1)) ?? true;
      return rows
        ? relaxedUpdate(c)
        : { ...c, expect: 'either' as const, why: 'no row with a known label' };
    }),
  run: (c) => {
    let filled: ReturnType<typeof update>;
    try {
      filled = update(fresh(c), c);
    } catch (error) {
      // The update's own contract is the update entry's business.
      if (isMultilabelError(error)) return undefined;
      throw error;
    }
    return filled.compute();
  },
  check: (c, value) => {
    if (value !== undefined) checkResult(c, value as MultilabelMetricsResult);
  },
};

const parallelEvaluation: Entry<MetricsCase> = {
  name: 'evaluateInParallel',
  export: 'evaluateInParallel',
  // Each call starts workers (from the sources, each loads the TypeScript): few, small cases.
  numRuns: 8,
  cases: metricsCases()
    .filter((c) => c.tampered === undefined && (c.clean === undefined || !c.clean.large))
    .map((c) => {
      if (c.expect !== 'value') return c;
      const rows = c.clean?.labels.some((row) => row.some((t) => t !== -1)) ?? true;
      return rows
        ? relaxedUpdate(c)
        : { ...c, expect: 'either' as const, why: 'no row with a known label' };
    }),
  run: (c) =>
    evaluateInParallel(c.yTrue.input as never, c.y.input as never, {
      ...c.options,
      ...(c.ignoreIndex === undefined ? {} : { ignoreIndex: c.ignoreIndex }),
      ...(c.sampleWeight === undefined
        ? {}
        : { sampleWeight: c.sampleWeight.input as ArrayLike<number> }),
      workers: 2,
    }),
  check: (c, value) => {
    checkResult(c, value as MultilabelMetricsResult);
    // The synchronous accumulator's result, number for number.
    expectSameNumbers(value, update(fresh(c), c).compute());
  },
};

interface MergeCase extends Case {
  readonly split: number;
  readonly c: MetricsCase;
  readonly other: unknown;
}

const metricsMerge: Entry<MergeCase> = {
  name: 'MultilabelMetrics#merge',
  export: 'MultilabelMetrics',
  cases: metricsCases()
    .map(relaxedUpdate)
    .filter((c) => c.expect !== 'error' && c.clean !== undefined && !c.clean.large)
    .chain((c) =>
      fc
        .record({
          split: fc.nat(c.context.rows),
          other: fc.constantFrom(
            'shard',
            'shard',
            'empty',
            'different options',
            'not a MultilabelMetrics',
            'a plain object',
            'null',
          ),
        })
        .map(({ split, other }) => {
          const tags = [...c.tags, `merge with ${other}, rows split at ${split}`];
          const ok = other === 'shard' || other === 'empty';
          return {
            tags,
            split,
            c,
            other,
            expect: ok ? c.expect : ('error' as const),
            why: ok ? 'two shards of one problem' : `merge with ${other}`,
          };
        }),
    ),
  run: (m) => {
    const { c } = m;
    const clean = c.clean as NonNullable<PairCase['clean']>;
    const first = fresh(c);
    // The clean labels hold -1 for a missing cell: give it back as the case's marker.
    const marker = c.ignoreIndex ?? -1;
    const rowsOf = (from: number, to: number) => ({
      yTrue: clean.labels.slice(from, to).map((row) => row.map((v) => (v === -1 ? marker : v))),
      y: clean.second.slice(from, to),
      sampleWeight: clean.weights?.slice(from, to),
    });
    const feed = (acc: MultilabelMetrics, from: number, to: number) => {
      if (to <= from) return acc;
      const part = rowsOf(from, to);
      return acc.update(
        part.yTrue,
        part.y,
        part.sampleWeight === undefined ? {} : { sampleWeight: part.sampleWeight },
      );
    };
    feed(first, 0, m.split);
    let other: unknown;
    if (m.other === 'shard') other = feed(fresh(c), m.split, clean.rows);
    else if (m.other === 'empty') other = fresh(c);
    else if (m.other === 'different options') other = new MultilabelMetrics({ threshold: 0.123 });
    else if (m.other === 'a plain object') other = { labels: 2 };
    else if (m.other === 'null') other = null;
    else other = new Error('not metrics');
    if (m.other === 'empty') feed(first, m.split, clean.rows);
    return first.merge(other as MultilabelMetrics);
  },
  check: (m, value) => {
    const merged = value as MultilabelMetrics;
    let result: MultilabelMetricsResult;
    try {
      result = merged.compute();
    } catch (error) {
      if (isMultilabelError(error)) return;
      throw error;
    }
    checkResult(m.c, result);
  },
};

const metricsReset: Entry<MetricsCase> = {
  name: 'MultilabelMetrics#reset',
  export: 'MultilabelMetrics',
  numRuns: 10,
  cases: metricsCases()
    .filter((c) => c.expect === 'value')
    .map((c) => ({ ...c, expect: 'value' as const, why: 'reset after an update' })),
  run: (c) => {
    const m = fresh(c);
    try {
      update(m, c);
    } catch {
      // reset must work after a failed update too
    }
    return m.reset();
  },
  check: (_c, value) => {
    const m = value as MultilabelMetrics;
    expect(() => m.compute(), 'compute() after reset() has no rows').toThrow(MultilabelError);
  },
};

interface ConstructCase extends Case {
  readonly options: unknown;
}

const newMetrics: Entry<ConstructCase> = {
  name: 'new MultilabelMetrics',
  export: 'MultilabelMetrics',
  cases: fc
    .record({
      threshold: fc.constantFrom(
        undefined,
        0.5,
        [0.2, 0.8],
        -0,
        Number.NaN,
        '0.5',
        Number.POSITIVE_INFINITY,
        [Number.NaN],
        1e308,
      ),
      bins: fc.constantFrom(undefined, 2, 1, 0, 1 << 20, (1 << 20) + 1, 2.5, Number.NaN, 2n),
      beta: fc.constantFrom(undefined, 1, 0, -1, Number.POSITIVE_INFINITY, 1e200, Number.NaN),
      zeroDivision: fc.constantFrom(undefined, 0, 1, 'nan', 2, 'warn'),
      extra: fc.constantFrom(undefined, 'averge', 'sampleWeight'),
    })
    .map(({ extra, ...o }) => {
      const options: Record<string, unknown> = Object.fromEntries(
        Object.entries(o).filter(([, v]) => v !== undefined),
      );
      if (extra !== undefined) options[extra] = 1;
      const context = { rows: 1, cols: 2 };
      const valid =
        extra === undefined &&
        Object.entries(options).every(([k, v]) =>
          (constructorOptions as Record<string, (v: unknown, c: typeof context) => boolean>)[k](
            v,
            context,
          ),
        );
      return {
        tags: Object.entries(options).map(([k, v]) => `option ${k} = ${printable(v)}`),
        options,
        expect: valid ? ('value' as const) : ('error' as const),
        why: valid ? 'valid options' : 'a bad option',
      };
    }),
  run: (c) => new MultilabelMetrics(c.options as MultilabelMetricsOptions),
  check: (_c, value) => expect(value).toBeInstanceOf(MultilabelMetrics),
};

interface GuardCase extends Case {
  readonly value: unknown;
  readonly is: boolean;
}

const isMultilabelErrorEntry: Entry<GuardCase> = {
  name: 'isMultilabelError',
  export: 'isMultilabelError',
  cases: fc
    .oneof(
      fc.constantFrom<[unknown, boolean, string]>(
        [new MultilabelError('EMPTY_INPUT', 'x'), true, 'a MultilabelError'],
        [
          Object.assign(new MultilabelError('PARSE_ERROR', 'x'), { code: 'other' }),
          true,
          'a MultilabelError with another code',
        ],
        [new Error('x'), false, 'an Error'],
        [new RangeError('x'), false, 'a RangeError'],
        [
          { name: 'MultilabelError', code: 'EMPTY_INPUT', message: 'x' },
          false,
          'a look-alike object',
        ],
        [
          Object.create(MultilabelError.prototype),
          false,
          'an object with the prototype but no brand',
        ],
        [
          { [Symbol.for('tfjs-multilabel.MultilabelError')]: true },
          true,
          'an object with the brand (another copy of the library)',
        ],
        [null, false, 'null'],
        [undefined, false, 'undefined'],
        ['MultilabelError', false, 'a string'],
        [0, false, 'a number'],
        [Symbol('x'), false, 'a symbol'],
        [1n, false, 'a BigInt'],
        [() => 1, false, 'a function'],
        [Object.create(null), false, 'an object without prototype'],
      ),
      fc
        .anything()
        .map((v): [unknown, boolean, string] => [v, false, `anything: ${describeValue(v)}`]),
    )
    .map(([value, is, what]) => ({
      tags: [what],
      value,
      is,
      expect: 'value' as const,
      why: 'any value',
    })),
  run: (c) => isMultilabelError(c.value),
  check: (c, value) => expect(value).toBe(c.is),
};

export const streamingEntries: AnyEntry[] = [
  newMetrics,
  metricsUpdate,
  metricsCompute,
  metricsMerge,
  metricsReset,
  parallelEvaluation,
  // The serial form, once the class has one (see below).
  ...serialEntries(),
];
export const coreEntries: AnyEntry[] = [isMultilabelErrorEntry];

// ----------------------------------------------------------------------------- serial form

/**
 * `MultilabelMetrics#toJSON` and `MultilabelMetrics.fromJSON`, when the class has them: a state
 * that goes through `JSON.stringify` and back computes the same metrics, and tampered JSON
 * gives a MultilabelError (garbage at the root) or a state (a changed value may still be valid),
 * never another error.
 */
type Serializable = typeof MultilabelMetrics & { fromJSON?: (json: unknown) => MultilabelMetrics };

interface JsonCase extends Case {
  readonly c: MetricsCase;
  readonly json: unknown;
  readonly intact: boolean;
}

function sameResult(a: MultilabelMetricsResult, b: MultilabelMetricsResult): void {
  const flat = (r: MultilabelMetricsResult) =>
    JSON.parse(
      JSON.stringify(r, (_k, v) =>
        ArrayBuffer.isView(v)
          ? Array.from(v as Float64Array)
          : typeof v === 'number' && Number.isNaN(v)
            ? 'NaN'
            : v,
      ),
    );
  expect(flat(b)).toEqual(flat(a));
}

export function serialEntries(): AnyEntry[] {
  const Metrics = MultilabelMetrics as Serializable;
  const fromJSON = Metrics.fromJSON;
  if (
    typeof fromJSON !== 'function' ||
    typeof (MultilabelMetrics.prototype as { toJSON?: unknown }).toJSON !== 'function'
  )
    return [];
  const states = metricsCases()
    .map(relaxedUpdate)
    .filter((c) => c.expect === 'value' && c.clean !== undefined && !c.clean.large);
  const toJson: Entry<MetricsCase> = {
    name: 'MultilabelMetrics#toJSON',
    export: 'MultilabelMetrics',
    numRuns: 20,
    cases: states,
    run: (c) => JSON.parse(JSON.stringify(update(fresh(c), c))),
    check: (c, json) => {
      const back = fromJSON(json);
      let expected: MultilabelMetricsResult;
      try {
        expected = update(fresh(c), c).compute();
      } catch (error) {
        if (isMultilabelError(error)) return;
        throw error;
      }
      sameResult(expected, back.compute());
    },
  };
  const fromJson: Entry<JsonCase> = {
    name: 'MultilabelMetrics.fromJSON',
    export: 'MultilabelMetrics',
    numRuns: 30,
    cases: states.chain((c) =>
      serialStateCases(c, c.tags, JSON.parse(JSON.stringify(update(fresh(c), c)))),
    ),
    run: (j) => fromJSON(j.json),
    check: (j, value) => {
      expect(value).toBeInstanceOf(MultilabelMetrics);
      if (j.intact) {
        try {
          sameResult(update(fresh(j.c), j.c).compute(), (value as MultilabelMetrics).compute());
        } catch (error) {
          if (!isMultilabelError(error)) throw error;
        }
      }
    },
  };
  return [toJson, fromJson];
}

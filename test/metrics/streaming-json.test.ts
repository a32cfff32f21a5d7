/**
 * MultilabelMetrics' serial form: shards sent through `JSON.stringify` / `fromJSON` merge to the
 * same values as the shards merged in process (bit for bit) and as one accumulator fed every row;
 * every field of a tampered state is rejected with a MultilabelError naming it.
 */
import { test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { isMultilabelError } from '../../src/core/index.js';
import * as m from '../../src/metrics/index.js';
import { fc, type MetricProblem, metricProblem } from '../fc.js';

type Json = Record<string, unknown>;

/** The code of the MultilabelError `fn` throws (or a description of what else happened). */
function thrown(fn: () => unknown): { code: string; message: string } | undefined {
  try {
    fn();
  } catch (error) {
    if (isMultilabelError(error)) return { code: error.code, message: error.message };
    return { code: `not a MultilabelError: ${String(error)}`, message: '' };
  }
  return undefined;
}

/** Every number of a result, by path (typed arrays element by element). */
function leaves(value: unknown, path = 'result', out = new Map<string, number>()) {
  if (typeof value === 'number') out.set(path, value);
  else if (value instanceof Float64Array)
    value.forEach((v, i) => {
      out.set(`${path}[${i}]`, v);
    });
  else if (value !== undefined && value !== null && typeof value === 'object') {
    for (const [key, v] of Object.entries(value)) leaves(v, `${path}.${key}`, out);
  }
  return out;
}

const close = (a: number, b: number): boolean =>
  Object.is(a, b) ||
  (Number.isNaN(a) && Number.isNaN(b)) ||
  Math.abs(a - b) <= 1e-12 * Math.max(1, Math.abs(b));

/** Options, a problem that fits them, a partition of its rows into shards, batch dtypes. */
const sharded = (mode: 'exact' | 'binned') =>
  fc
    .record({
      missing: fc.boolean(),
      weights: fc.constantFrom<'none' | 'fractional' | 'integer'>('none', 'fractional', 'integer'),
    })
    .chain(({ missing, weights }) =>
      metricProblem({
        minRows: 1,
        maxRows: 12,
        minCols: 1,
        maxCols: 4,
        second: 'scores',
        ties: mode === 'binned',
        missing,
        weights,
      }).chain((p) => {
        const cols = p.yTrue[0].length;
        return fc.record({
          p: fc.constant(p),
          options: fc.record({
            threshold: fc.oneof(
              fc.double({ min: 0, max: 1, noNaN: true }),
              fc.array(fc.double({ min: 0, max: 1, noNaN: true }), {
                minLength: cols,
                maxLength: cols,
              }),
            ),
            // Binned metrics need probabilities: the tied cells lie in [-1, 1], so read logits.
            fromLogits: mode === 'binned' ? fc.constant(true) : fc.boolean(),
            zeroDivision: fc.constantFrom<m.ZeroDivision>(0, 1, 'nan'),
            beta: fc.oneof(
              fc.constant(Number.POSITIVE_INFINITY),
              fc.double({ min: 0, max: 5, noNaN: true }),
            ),
            ignoreIndex: missing ? fc.constantFrom(-1, -100, Number.NaN) : fc.constant(undefined),
            bins: mode === 'binned' ? fc.integer({ min: 2, max: 12 }) : fc.constant(undefined),
          }),
          shardOf: fc.array(fc.integer({ min: 0, max: 3 }), {
            minLength: p.yTrue.length,
            maxLength: p.yTrue.length,
          }),
          float32: fc.array(fc.boolean(), { minLength: 4, maxLength: 4 }),
          mergeOrder: fc.shuffledSubarray([0, 1, 2, 3], { minLength: 4 }),
        });
      }),
    )
    .map(withMarker);

/** The problem's missing cells (-1) written as the `ignoreIndex` marker of the options. */
function withMarker<S extends { p: MetricProblem; options: m.MultilabelMetricsOptions }>(s: S): S {
  const marker = s.options.ignoreIndex;
  if (marker === undefined || marker === -1) return s;
  const yTrue = s.p.yTrue.map((row) => row.map((v) => (v === -1 ? marker : v)));
  return { ...s, p: { ...s.p, yTrue } };
}

type Sharded = {
  p: MetricProblem;
  options: m.MultilabelMetricsOptions;
  shardOf: number[];
  float32: boolean[];
  mergeOrder: number[];
};

/** One accumulator per shard, fed in batches of at most two rows (float32 scores where asked). */
function shards({ p, options, shardOf, float32 }: Sharded): m.MultilabelMetrics[] {
  return float32.map((f32, s) => {
    const metrics = new m.MultilabelMetrics(options);
    const rows = p.yTrue.map((_, i) => i).filter((i) => shardOf[i] === s);
    const cols = p.yTrue[0].length;
    for (let b = 0; b < rows.length; b += 2) {
      const batch = rows.slice(b, b + 2);
      const flat = batch.flatMap((i) => p.y[i]);
      const scores = {
        data: f32 ? Float32Array.from(flat) : Float64Array.from(flat),
        shape: [batch.length, cols] as [number, number],
      };
      metrics.update(
        batch.map((i) => p.yTrue[i]),
        scores,
        p.sampleWeight === undefined
          ? {}
          : { sampleWeight: batch.map((i) => (p.sampleWeight as number[])[i]) },
      );
    }
    return metrics;
  });
}

function mergeAll(list: m.MultilabelMetrics[], order: number[]): m.MultilabelMetrics {
  const [first, ...rest] = order.map((s) => list[s]);
  for (const other of rest) first.merge(other);
  return first;
}

/** The shards' rows, in shard order, fed to one accumulator in one batch. */
function oneShot({ p, options, shardOf, float32, mergeOrder }: Sharded): m.MultilabelMetrics {
  const rows = mergeOrder.flatMap((s) => p.yTrue.map((_, i) => i).filter((i) => shardOf[i] === s));
  const cols = p.yTrue[0].length;
  const allFloat32 = mergeOrder.every((s) => float32[s] || !shardOf.includes(s));
  // The scores each shard saw: float32 shards rounded them.
  const flat = rows.flatMap((i) => p.y[i].map((v) => (float32[shardOf[i]] ? Math.fround(v) : v)));
  return new m.MultilabelMetrics(options).update(
    rows.map((i) => p.yTrue[i]),
    {
      data: allFloat32 ? Float32Array.from(flat) : Float64Array.from(flat),
      shape: [rows.length, cols],
    },
    p.sampleWeight === undefined
      ? {}
      : { sampleWeight: rows.map((i) => (p.sampleWeight as number[])[i]) },
  );
}

const computed = (metrics: m.MultilabelMetrics) => {
  const error = thrown(() => metrics.compute());
  return error === undefined ? metrics.compute() : error;
};

function checkRoundTrip(s: Sharded): void {
  const inProcess = mergeAll(shards(s), s.mergeOrder);
  const sent = shards(s).map((shard) =>
    m.MultilabelMetrics.fromJSON(JSON.parse(JSON.stringify(shard))),
  );
  const received = mergeAll(sent, s.mergeOrder);
  // The state itself survives the trip, and computes bit for bit the in-process value.
  expect(received.toJSON()).toEqual(JSON.parse(JSON.stringify(inProcess)));
  const got = computed(received);
  expect(got).toEqual(computed(inProcess));
  // Equal to one accumulator fed every row, up to the rounding of sums taken in another order.
  const want = computed(oneShot(s));
  if ('code' in want || 'code' in got) {
    expect(got).toEqual(want);
    return;
  }
  const expected = leaves(want);
  for (const [path, value] of leaves(got)) {
    expect(
      close(value, expected.get(path) as number),
      `${path}: ${value} vs ${expected.get(path)}`,
    ).toBe(true);
  }
  expect([...leaves(got).keys()]).toEqual([...expected.keys()]);
  // Whole-number weights make every count and histogram an exact sum: equal bit for bit.
  if (s.p.sampleWeight === undefined || s.p.sampleWeight.every(Number.isInteger)) {
    const a = received.toJSON();
    const b = oneShot(s).toJSON();
    expect([a.rows, a.counts, a.classCounts, a.histograms]).toEqual([
      b.rows,
      b.counts,
      b.classCounts,
      b.histograms,
    ]);
    for (const name of ['f1', 'precision', 'recall', 'jaccard', 'specificity', 'fbeta'] as const) {
      const g = got[name];
      const w = want[name];
      expect([g.micro, g.macro, g.weighted, g.perLabel]).toEqual([
        w.micro,
        w.macro,
        w.weighted,
        w.perLabel,
      ]);
    }
    expect(got.hammingLoss).toBe(want.hammingLoss);
    if (s.options.bins !== undefined) {
      for (const name of ['averagePrecision', 'rocAuc'] as const) {
        expect([got[name].micro, got[name].macro, got[name].perLabel]).toEqual([
          want[name].micro,
          want[name].macro,
          want[name].perLabel,
        ]);
      }
    }
  }
}

describe('MultilabelMetrics states sent through JSON merge to the one-shot values', () => {
  test.prop([sharded('exact')], { numRuns: 150 })(
    'exact: weights, missing labels, float32 and float64 batches, every option',
    (s) => checkRoundTrip(s),
  );

  test.prop([sharded('binned')], { numRuns: 150 })(
    'binned: the histograms merge to the binned one-shot values',
    (s) => checkRoundTrip(s),
  );

  it('writes a state JSON.stringify can hold and fromJSON reads from text', () => {
    const metrics = new m.MultilabelMetrics({
      ignoreIndex: Number.NaN,
      beta: Number.POSITIVE_INFINITY,
    });
    metrics.update(
      [[1, Number.NaN, 0]],
      { data: new Float32Array([0.1, 0.7, 0.3]), shape: [1, 3] },
      {
        sampleWeight: [0.25],
      },
    );
    const text = JSON.stringify(metrics);
    const json = JSON.parse(text) as m.MultilabelMetricsJSON;
    expect(json.format).toBe('tfjs-multilabel.MultilabelMetrics');
    expect(json.version).toBe(1);
    expect(json.options).toEqual({
      threshold: 0.5,
      fromLogits: false,
      zeroDivision: 0,
      beta: 'Infinity',
      bins: null,
      // JSON has no NaN: the marker NaN is written as a string.
      ignoreIndex: 'NaN',
    });
    expect(json.batches).toEqual([
      {
        rows: 1,
        labels: [1, -1, 0],
        scores: [Math.fround(0.1), Math.fround(0.7), Math.fround(0.3)],
        dtype: 'float32',
        sampleWeight: [0.25],
      },
    ]);
    // Weighted sums are kept in the unit 2^weightExponent: the weight 0.25 is 1 in 2^-2.
    expect(json.weightExponent).toBe(-2);
    expect(json.counts).toEqual([0, 0, 1, 0, 0, 0, 0, 0, 1, 0, 0, 0]);
    expect(json.classCounts).toEqual([0, 1, 0, 0, 1, 0]);
    const copy = m.MultilabelMetrics.fromJSON(text);
    expect(JSON.stringify(copy)).toBe(text);
    expect(copy.compute()).toEqual(metrics.compute());
    // The copy keeps the marker NaN: it merges with NaN (NaN equals NaN here), not with -1.
    const other = (ignoreIndex: number) =>
      new m.MultilabelMetrics({ ignoreIndex, beta: Number.POSITIVE_INFINITY }).update(
        [[0, 1, 1]],
        [[0.2, 0.9, 0.8]],
      );
    expect(thrown(() => copy.merge(other(-1)))?.code).toBe('INVALID_ARGUMENT');
    copy.merge(other(Number.NaN));
    expect(copy.compute().rows).toBe(2);
  });

  it('writes any marker, and reads the states of earlier releases (-1 or null)', () => {
    const update = (metrics: m.MultilabelMetrics, marker: number) =>
      metrics.update([[1, marker, 0]], [[0.9, 0.4, 0.2]]);
    for (const marker of [-1, -100, 2.5, Number.NaN]) {
      const metrics = update(new m.MultilabelMetrics({ ignoreIndex: marker }), marker);
      const json = JSON.parse(JSON.stringify(metrics)) as m.MultilabelMetricsJSON;
      expect(json.options.ignoreIndex).toBe(Number.isNaN(marker) ? 'NaN' : marker);
      // The stored labels keep -1 for a missing cell, whatever the marker.
      expect(json.batches?.[0].labels).toEqual([1, -1, 0]);
      const copy = m.MultilabelMetrics.fromJSON(json);
      expect(copy.toJSON()).toEqual(json);
      // The copy reads new batches with the same marker, and merges with the original.
      update(copy, marker).merge(update(new m.MultilabelMetrics({ ignoreIndex: marker }), marker));
      expect(copy.compute().rows).toBe(3);
      expect(copy.compute().recall.micro).toBe(1);
    }
    // A state written before markers other than -1: `-1` (for -1 and NaN alike) or `null`.
    const old = JSON.parse(
      JSON.stringify(new m.MultilabelMetrics({ ignoreIndex: -1 }).update([[1, -1]], [[0.9, 0.3]])),
    ) as Json;
    const read = m.MultilabelMetrics.fromJSON(old);
    expect(read.toJSON().options.ignoreIndex).toBe(-1);
    read.update([[Number.NaN, 1]], [[0.1, 0.8]]);
    expect(read.compute().rows).toBe(2);
    for (const [value, code] of [
      ['nan', 'INVALID_ARGUMENT'],
      ['-1', 'INVALID_ARGUMENT'],
      [0.5, 'INVALID_OPTION'],
      [1, 'INVALID_OPTION'],
    ] as const) {
      const error = thrown(() =>
        m.MultilabelMetrics.fromJSON({
          ...old,
          options: { ...(old.options as Json), ignoreIndex: value },
        }),
      );
      expect(error?.code, String(value)).toBe(code);
      expect(error?.message).toContain('`json.options.ignoreIndex`');
    }
  });

  it('round-trips an empty accumulator, which then updates and merges', () => {
    for (const options of [{}, { bins: 8 }]) {
      const empty = m.MultilabelMetrics.fromJSON(JSON.stringify(new m.MultilabelMetrics(options)));
      expect(thrown(() => empty.compute())?.code).toBe('EMPTY_INPUT');
      empty.update([[1, 0]], [[0.9, 0.2]]);
      const direct = new m.MultilabelMetrics(options).update([[1, 0]], [[0.9, 0.2]]);
      expect(empty.compute()).toEqual(direct.compute());
    }
  });

  it('keeps updating after the trip, and refuses to merge states of other options', () => {
    const a = new m.MultilabelMetrics({ bins: 10 }).update([[1, 0]], [[0.9, 0.2]]);
    const copy = m.MultilabelMetrics.fromJSON(JSON.stringify(a));
    copy.update([[0, 1]], [[0.35, 0.6]]);
    a.update([[0, 1]], [[0.35, 0.6]]);
    expect(copy.toJSON()).toEqual(a.toJSON());
    expect(thrown(() => copy.update([[1]], [[0.5]]))?.code).toBe('SHAPE_MISMATCH');
    const other = m.MultilabelMetrics.fromJSON(
      JSON.stringify(new m.MultilabelMetrics({ bins: 20 }).update([[1, 0]], [[0.9, 0.2]])),
    );
    expect(thrown(() => copy.merge(other))?.code).toBe('INVALID_ARGUMENT');
  });

  it('writes an overflowed weighted sum as the string Infinity and reads it back', () => {
    const json = JSON.parse(
      JSON.stringify(new m.MultilabelMetrics().update([[1, 0]], [[0.9, 0.2]])),
    ) as Json;
    (json.counts as unknown[])[3] = 'Infinity';
    (json.means as Record<string, Json>).f1.weight = 'Infinity';
    const metrics = m.MultilabelMetrics.fromJSON(json);
    expect(metrics.toJSON().counts[3]).toBe('Infinity');
    expect(metrics.toJSON().means.f1.weight).toBe('Infinity');
    expect(JSON.stringify(metrics)).toContain('"Infinity"');
  });
});

/** A valid state of each kind, as plain JSON, to tamper with. */
function exactState(): Json {
  const metrics = new m.MultilabelMetrics({ ignoreIndex: -1, threshold: [0.5, 0.4, 0.6] });
  metrics.update(
    [
      [1, 0, -1],
      [0, 1, 1],
    ],
    [
      [0.9, 0.2, 0.6],
      [0.1, 0.3, 0.8],
    ],
    { sampleWeight: [1, 0.5] },
  );
  metrics.update([[-1, -1, 1]], { data: new Float32Array([0.25, 0.5, 0.75]), shape: [1, 3] });
  return JSON.parse(JSON.stringify(metrics)) as Json;
}

function binnedState(): Json {
  const metrics = new m.MultilabelMetrics({ bins: 4 });
  metrics.update(
    [
      [1, 0],
      [1, 0],
    ],
    [
      [0.9, 0.2],
      [0.6, 0.1],
    ],
  );
  return JSON.parse(JSON.stringify(metrics)) as Json;
}

/** Sets the value at `path` (dot and bracket steps) of a copy of `state`; `undefined` deletes it. */
function tamper(state: Json, path: string, value: unknown): Json {
  const copy = structuredClone(state);
  const steps = path.split(/\.|\[|\]/).filter(Boolean);
  let node = copy as Record<string, unknown>;
  for (const step of steps.slice(0, -1)) node = node[step] as Record<string, unknown>;
  const last = steps[steps.length - 1];
  if (value === undefined) delete node[last];
  else node[last] = value;
  return copy;
}

/** [state, path, new value (undefined: delete the key), code, text the message names]. */
type Case = [() => Json, string, unknown, string, string];

const E = exactState;
const B = binnedState;
/** States before the first batch. */
const Z = () => JSON.parse(JSON.stringify(new m.MultilabelMetrics())) as Json;
const ZB = () => JSON.parse(JSON.stringify(new m.MultilabelMetrics({ bins: 4 }))) as Json;
const cases: Case[] = [
  // Header.
  [E, 'format', 'MultilabelMetrics', 'INVALID_ARGUMENT', '`json.format`'],
  [E, 'format', undefined, 'INVALID_ARGUMENT', '`json.format`'],
  [E, 'version', 2, 'INVALID_ARGUMENT', 'newer release'],
  [E, 'version', 0, 'INVALID_ARGUMENT', '`json.version`'],
  [E, 'version', '1', 'INVALID_ARGUMENT', '`json.version`'],
  [E, 'version', undefined, 'INVALID_ARGUMENT', '`json.version`'],
  // Missing and extra keys, at every level.
  ...[
    'options',
    'labels',
    'rows',
    'weightExponent',
    'counts',
    'classCounts',
    'means',
    'batches',
    'histograms',
  ].map((key): Case => [E, key, undefined, 'INVALID_ARGUMENT', `\`json\` has no \`${key}\``]),
  [E, 'extra', 1, 'INVALID_ARGUMENT', 'unknown field `extra`'],
  [E, 'options.threshold', undefined, 'INVALID_ARGUMENT', '`json.options` has no `threshold`'],
  [E, 'options.bins', undefined, 'INVALID_ARGUMENT', '`json.options` has no `bins`'],
  [E, 'options.seed', 1, 'INVALID_ARGUMENT', 'unknown field `seed`'],
  [E, 'means.ndcg', undefined, 'INVALID_ARGUMENT', '`json.means` has no `ndcg`'],
  [
    E,
    'means.accuracy',
    { sum: 0, weight: 0, plainSum: 0, defined: 0 },
    'INVALID_ARGUMENT',
    'unknown field `accuracy`',
  ],
  [E, 'means.f1.defined', undefined, 'INVALID_ARGUMENT', '`json.means.f1` has no `defined`'],
  [E, 'means.f1.extra', 0, 'INVALID_ARGUMENT', 'unknown field `extra`'],
  [E, 'batches[0].dtype', undefined, 'INVALID_ARGUMENT', '`json.batches[0]` has no `dtype`'],
  [E, 'batches[0].weights', [1, 1], 'INVALID_ARGUMENT', 'unknown field `weights`'],
  [B, 'histograms.positives', undefined, 'INVALID_ARGUMENT', '`json.histograms` has no'],
  // Options.
  [E, 'options', null, 'INVALID_ARGUMENT', '`json.options` must be an object'],
  [E, 'options.threshold', Number.NaN, 'INVALID_OPTION', '`json.options.threshold`'],
  [E, 'options.threshold', '0.5', 'INVALID_ARGUMENT', '`json.options.threshold`'],
  [E, 'options.threshold[1]', 'x', 'INVALID_OPTION', '`json.options.threshold[1]`'],
  [E, 'options.threshold', [0.5, 0.5], 'INVALID_SHAPE', '`json.options.threshold` has 2'],
  [E, 'options.fromLogits', 'yes', 'INVALID_OPTION', '`json.options.fromLogits`'],
  [E, 'options.zeroDivision', 2, 'INVALID_OPTION', '`json.options.zeroDivision`'],
  [E, 'options.beta', -1, 'INVALID_OPTION', '`json.options.beta`'],
  [E, 'options.beta', 'inf', 'INVALID_ARGUMENT', '`json.options.beta`'],
  [E, 'options.bins', 1, 'INVALID_OPTION', '`json.options.bins`'],
  [E, 'options.bins', 2.5, 'INVALID_OPTION', '`json.options.bins`'],
  [E, 'options.bins', 2 ** 21, 'INVALID_OPTION', '`json.options.bins`'],
  [E, 'options.ignoreIndex', 0, 'INVALID_OPTION', '`json.options.ignoreIndex`'],
  [E, 'options.ignoreIndex', 'NaN?', 'INVALID_ARGUMENT', '`json.options.ignoreIndex`'],
  [E, 'options.ignoreIndex', null, 'NON_BINARY_LABELS', '`json.batches[0].labels[2]`'],
  // Shape and counts.
  [E, 'labels', 0, 'INVALID_ARGUMENT', '`json.labels`'],
  [E, 'labels', -1, 'INVALID_ARGUMENT', '`json.labels`'],
  [E, 'labels', 2.5, 'INVALID_ARGUMENT', '`json.labels`'],
  [E, 'labels', '3', 'INVALID_ARGUMENT', '`json.labels`'],
  [E, 'labels', 2 ** 60, 'INVALID_ARGUMENT', '`json.labels`'],
  [E, 'labels', null, 'INVALID_SHAPE', '`json.counts` has 12 values, but 4 * labels needs 0'],
  // A hole in the batch list (an array element deleted) is a missing batch, not a skipped one.
  [E, 'batches[0]', undefined, 'INVALID_ARGUMENT', '`json.batches[0]`'],
  [E, 'weightExponent', 0.5, 'INVALID_ARGUMENT', '`json.weightExponent`'],
  [E, 'weightExponent', 2000, 'INVALID_ARGUMENT', '`json.weightExponent`'],
  [E, 'weightExponent', '0', 'INVALID_ARGUMENT', '`json.weightExponent`'],
  [Z, 'weightExponent', 0, 'INVALID_ARGUMENT', '`json.weightExponent` must be null'],
  [E, 'rows', -1, 'INVALID_ARGUMENT', '`json.rows`'],
  [E, 'rows', 1.5, 'INVALID_ARGUMENT', '`json.rows`'],
  [E, 'rows', Number.NaN, 'INVALID_ARGUMENT', '`json.rows`'],
  [E, 'rows', Number.POSITIVE_INFINITY, 'INVALID_ARGUMENT', '`json.rows`'],
  [E, 'rows', 2 ** 53, 'INVALID_ARGUMENT', '`json.rows`'],
  [E, 'rows', 4, 'INVALID_ARGUMENT', '`json.rows` is 4, but `json.batches` hold 3'],
  [E, 'counts', [0, 0, 0], 'INVALID_SHAPE', '`json.counts` has 3 values'],
  [E, 'counts', 'none', 'INVALID_ARGUMENT', '`json.counts` must be an array'],
  [E, 'counts[0]', -1, 'INVALID_ARGUMENT', '`json.counts[0]`'],
  [E, 'counts[0]', Number.NaN, 'NON_FINITE_VALUES', '`json.counts[0]`'],
  [E, 'counts[0]', Number.NEGATIVE_INFINITY, 'NON_FINITE_VALUES', '`json.counts[0]`'],
  [E, 'counts[0]', '-Infinity', 'INVALID_ARGUMENT', '`json.counts[0]`'],
  [E, 'counts[0]', null, 'INVALID_ARGUMENT', '`json.counts[0]`'],
  [E, 'classCounts[1]', 1.5, 'INVALID_ARGUMENT', '`json.classCounts[1]`'],
  [E, 'classCounts[1]', -1, 'INVALID_ARGUMENT', '`json.classCounts[1]`'],
  [E, 'classCounts[1]', 3, 'INVALID_ARGUMENT', '`json.classCounts[1]` is 3, but'],
  [E, 'classCounts', [1, 1], 'INVALID_SHAPE', '`json.classCounts` has 2 values'],
  // Means.
  [E, 'means', [], 'INVALID_ARGUMENT', '`json.means` must be an object'],
  [E, 'means.f1.sum', Number.NaN, 'NON_FINITE_VALUES', '`json.means.f1.sum`'],
  [E, 'means.f1.sum', -0.5, 'INVALID_ARGUMENT', '`json.means.f1.sum`'],
  [E, 'means.f1.weight', '1', 'INVALID_ARGUMENT', '`json.means.f1.weight`'],
  [E, 'means.f1.plainSum', 'Infinity', 'INVALID_ARGUMENT', '`json.means.f1.plainSum`'],
  [E, 'means.f1.defined', 4, 'INVALID_ARGUMENT', '`json.means.f1.defined`'],
  [E, 'means.f1.defined', 1.5, 'INVALID_ARGUMENT', '`json.means.f1.defined`'],
  [E, 'means.f1.defined', 0, 'INVALID_ARGUMENT', '`json.means.f1` has sums'],
  // Batches.
  [E, 'batches', null, 'INVALID_ARGUMENT', '`json.batches` must be an array'],
  [E, 'batches', [], 'INVALID_ARGUMENT', '`json.batches` has 0 batches, but `json.labels` is 3'],
  [E, 'batches[0]', 7, 'INVALID_ARGUMENT', '`json.batches[0]` must be an object'],
  [E, 'batches[0].rows', 0, 'INVALID_ARGUMENT', '`json.batches[0].rows`'],
  [E, 'batches[0].rows', 3, 'INVALID_SHAPE', '`json.batches[0].labels` has 6 values'],
  [E, 'batches[0].rows', 1e15, 'INVALID_SHAPE', '`json.batches[0].labels` has 6 values'],
  [E, 'batches[0].labels[0]', 2, 'NON_BINARY_LABELS', '`json.batches[0].labels[0]`'],
  [E, 'batches[0].labels[0]', true, 'NON_BINARY_LABELS', '`json.batches[0].labels[0]`'],
  [E, 'batches[0].labels[0]', -1, 'INVALID_ARGUMENT', '`json.classCounts[1]` is 1, but'],
  [
    E,
    'batches[1].labels[2]',
    -1,
    'INVALID_ARGUMENT',
    '`json.rows` is 3, but `json.batches` hold 2',
  ],
  [E, 'batches[0].labels', [1, 0, 1], 'INVALID_SHAPE', '`json.batches[0].labels` has 3'],
  [E, 'batches[0].scores[1]', Number.NaN, 'NON_FINITE_VALUES', '`json.batches[0].scores[1]`'],
  [
    E,
    'batches[0].scores[1]',
    Number.POSITIVE_INFINITY,
    'NON_FINITE_VALUES',
    '`json.batches[0].scores[1]`',
  ],
  [E, 'batches[0].scores[1]', '0.2', 'INVALID_ARGUMENT', '`json.batches[0].scores[1]`'],
  [E, 'batches[0].scores', [0.9], 'INVALID_SHAPE', '`json.batches[0].scores` has 1'],
  [E, 'batches[0].dtype', 'int32', 'INVALID_ARGUMENT', '`json.batches[0].dtype`'],
  [E, 'batches[1].scores[0]', 0.1, 'INVALID_ARGUMENT', '`json.batches[1].scores[0]` is 0.1'],
  [E, 'batches[0].sampleWeight', [1], 'INVALID_SHAPE', '`json.batches[0].sampleWeight` has 1'],
  [E, 'batches[0].sampleWeight[1]', -0.5, 'INVALID_ARGUMENT', '`json.batches[0].sampleWeight[1]`'],
  [
    E,
    'batches[0].sampleWeight[1]',
    Number.NaN,
    'NON_FINITE_VALUES',
    '`json.batches[0].sampleWeight[1]`',
  ],
  [E, 'batches[0].sampleWeight', 'all', 'INVALID_ARGUMENT', '`json.batches[0].sampleWeight`'],
  [
    E,
    'histograms',
    { positives: [], negatives: [] },
    'INVALID_ARGUMENT',
    '`json.histograms` must be null',
  ],
  // Binned states.
  [B, 'histograms', null, 'INVALID_ARGUMENT', '`json.histograms` must be an object'],
  [B, 'batches', [], 'INVALID_ARGUMENT', '`json.batches` must be null'],
  [B, 'options.bins', null, 'INVALID_ARGUMENT', '`json.histograms` must be null'],
  [B, 'options.bins', 5, 'INVALID_SHAPE', '`json.histograms.positives` has 8 values'],
  [B, 'histograms.positives', [1], 'INVALID_SHAPE', '`json.histograms.positives` has 1'],
  [B, 'histograms.negatives[0]', -1, 'INVALID_ARGUMENT', '`json.histograms.negatives[0]`'],
  [B, 'histograms.negatives[0]', Number.NaN, 'NON_FINITE_VALUES', '`json.histograms.negatives[0]`'],
  [B, 'histograms.positives[5]', 1, 'INVALID_ARGUMENT', '`json.histograms.positives[5]`'],
  [B, 'classCounts[1]', 3, 'INVALID_ARGUMENT', 'more than `json.rows`'],
  [B, 'rows', 5, 'INVALID_ARGUMENT', '`json.rows` is 5, but `json.classCounts` hold only 4'],
  [B, 'counts[0]', 1, 'INVALID_ARGUMENT', 'label 0 weighted negatives'],
  [B, 'counts[6]', 1, 'INVALID_ARGUMENT', 'label 1 weighted positives'],
  // Empty states: nothing may be accumulated before the first batch.
  [Z, 'rows', 1, 'INVALID_ARGUMENT', '`json.rows` is 1, but `json.batches` hold 0'],
  [ZB, 'rows', 1, 'INVALID_ARGUMENT', '`json.rows` is 1, but `json.classCounts` hold only 0'],
  [Z, 'counts', [0, 0, 0, 0], 'INVALID_SHAPE', '`json.counts` has 4 values'],
  [
    Z,
    'batches',
    E().batches,
    'INVALID_ARGUMENT',
    '`json.batches` has 2 batches, but `json.labels` is null',
  ],
  [Z, 'batches', null, 'INVALID_ARGUMENT', '`json.batches` must be an array'],
  [ZB, 'histograms', B().histograms, 'INVALID_ARGUMENT', '`json.histograms` must be null'],
  [Z, 'means.f1.sum', 1, 'INVALID_ARGUMENT', '`json.means.f1` has sums'],
  [
    Z,
    'means.f1.defined',
    1,
    'INVALID_ARGUMENT',
    '`json.means.f1.defined` must be an integer from 0 to 0',
  ],
];

const names = new Map([
  [E, 'exact'],
  [B, 'binned'],
  [Z, 'empty exact'],
  [ZB, 'empty binned'],
]);

describe('MultilabelMetrics.fromJSON rejects a tampered state', () => {
  it.each(
    cases.map(([state, path, value, code, text]) => ({
      name: `${names.get(state)} ${path} = ${value === undefined ? '(deleted)' : String(JSON.stringify(value) ?? value)}`,
      state,
      path,
      value,
      code,
      text,
    })),
  )('$name', ({ state, path, value, code, text }) => {
    const tampered = tamper(state(), path, value);
    const error = thrown(() => m.MultilabelMetrics.fromJSON(tampered));
    expect(error?.code).toBe(code);
    expect(error?.message).toContain(text);
    // The same from text, where JSON can carry the value (it writes NaN, Infinity and a hole
    // left by a deleted array element as null).
    const hole = value === undefined && path.endsWith(']');
    if (!(typeof value === 'number' && !Number.isFinite(value)) && !hole) {
      const again = thrown(() => m.MultilabelMetrics.fromJSON(JSON.stringify(tampered)));
      expect(again).toEqual(error);
    }
  });

  it('accepts both untampered states', () => {
    expect(m.MultilabelMetrics.fromJSON(E()).compute().rows).toBe(3);
    expect(m.MultilabelMetrics.fromJSON(B()).compute().rows).toBe(2);
  });

  it('rejects what is not a state: text that is not JSON, null, numbers, arrays', () => {
    expect(thrown(() => m.MultilabelMetrics.fromJSON('{"format":'))?.code).toBe('PARSE_ERROR');
    for (const value of [null, undefined, 42, [], 'null', '[1]', true]) {
      const error = thrown(() => m.MultilabelMetrics.fromJSON(value));
      expect(error?.code, JSON.stringify(value)).toBe('INVALID_ARGUMENT');
      expect(error?.message).toContain('`json');
    }
  });

  it('refuses huge declared sizes from their lengths, before allocating', () => {
    // 2^20 bins times 2^30 labels would be 8 PiB of histograms.
    const state = tamper(tamper(B(), 'labels', 2 ** 30), 'options.bins', 2 ** 20);
    expect(thrown(() => m.MultilabelMetrics.fromJSON(state))).toEqual({
      code: 'INVALID_SHAPE',
      message: '`json.counts` has 8 values, but 4 * labels needs 4294967296.',
    });
    const histograms = tamper(tamper(B(), 'histograms.positives', [0]), 'options.bins', 2 ** 20);
    expect(thrown(() => m.MultilabelMetrics.fromJSON(histograms))?.code).toBe('INVALID_SHAPE');
    const rows = tamper(E(), 'batches[0].rows', 2 ** 52);
    expect(thrown(() => m.MultilabelMetrics.fromJSON(rows))?.code).toBe('INVALID_SHAPE');
  });

  test.prop(
    [
      fc.constantFrom(E, B, Z, ZB).chain((state) => {
        const json = state();
        const paths: string[] = [];
        const walk = (node: unknown, path: string) => {
          if (path) paths.push(path);
          if (Array.isArray(node))
            node.forEach((v, i) => {
              walk(v, `${path}[${i}]`);
            });
          else if (node !== null && typeof node === 'object') {
            for (const [k, v] of Object.entries(node)) walk(v, path ? `${path}.${k}` : k);
          }
        };
        walk(json, '');
        return fc.record({
          json: fc.constant(json),
          path: fc.constantFrom(...paths),
          value: fc.oneof(fc.anything(), fc.double(), fc.integer({ min: -3, max: 10 })),
        });
      }),
    ],
    { numRuns: 300 },
  )(
    'any single-field change is rejected with a MultilabelError or gives a usable accumulator',
    ({ json, path, value }) => {
      const tampered = tamper(json, path, value);
      let metrics: m.MultilabelMetrics;
      try {
        metrics = m.MultilabelMetrics.fromJSON(tampered);
      } catch (error) {
        expect(isMultilabelError(error), String(error)).toBe(true);
        return;
      }
      // Accepted: the change kept the state valid; it must compute, merge and serialize.
      const result = thrown(() => metrics.compute());
      expect(result === undefined || !result.code.startsWith('not a')).toBe(true);
      const again = m.MultilabelMetrics.fromJSON(JSON.stringify(metrics));
      expect(again.toJSON()).toEqual(JSON.parse(JSON.stringify(metrics.toJSON())));
      expect(thrown(() => again.merge(metrics))?.code).toBeUndefined();
    },
  );
});

/**
 * Entries of the bootstrap (`bootstrapInterval`, `pairedBootstrap`): labels and predictions or
 * scores in every form, missing cells, weights, tampered options. The reference is the metric
 * itself: the bootstrap must throw what it throws on the data, and otherwise return its value
 * as the estimate with bounds in order; a model paired with itself differs by exactly 0.
 */
import { expect } from 'vitest';
import * as m from '../../../src/metrics/index.js';
import { type PairCase, pairCases, weightAndMarker } from '../families.js';
import { type AnyEntry, type Entry, fc } from '../harness.js';
import {
  ignoreIndex,
  integer,
  number,
  type OptionRule,
  type OptionSpec,
  oneOf,
  sampleWeight,
  validOptions,
} from '../options.js';

const AVERAGES = ['micro', 'macro', 'weighted', 'samples', 'none'] as const;

/** The bootstrap's own options; the metric's are checked by the metric. */
function bootstrapSpec(metricSpec: OptionSpec): OptionSpec {
  const metricOptions: OptionRule = (v, c) =>
    typeof v === 'object' && v !== null && !Array.isArray(v) && validOptions(v, metricSpec, c);
  return {
    metricOptions,
    nResamples: integer(2, 1_000_000),
    confidence: number(0, 1, { min: true, max: true }),
    method: oneOf('bca', 'percentile'),
    seed: integer(0),
  };
}

interface BootstrapCase extends PairCase {
  readonly average: (typeof AVERAGES)[number];
  readonly method: 'bca' | 'percentile';
}

/** The metric's options of a clean case: its average, the case's weights and marker. */
function metricOptionsOf(c: BootstrapCase): Record<string, unknown> {
  return { average: c.average, ...weightAndMarker(c) };
}

function optionsOf(c: BootstrapCase): unknown {
  if (c.tampered !== undefined) return c.tampered.options;
  return { metricOptions: metricOptionsOf(c), nResamples: 25, method: c.method, seed: 3 };
}

/**
 * Cases for a metric: clean ones expect what the metric does on the data (its error, or a
 * value; `'either'` when resamples may leave it undefined: weights or missing cells).
 */
function bootstrapCases(
  second: 'predictions' | 'scores',
  metric: (yTrue: never, y: never, options: never) => unknown,
): fc.Arbitrary<BootstrapCase> {
  const metricSpec: OptionSpec = { average: oneOf(...AVERAGES), sampleWeight, ignoreIndex };
  return fc
    .record({
      average: fc.constantFrom(...AVERAGES),
      method: fc.constantFrom('bca' as const, 'percentile' as const),
    })
    .chain(({ average, method }) =>
      pairCases(
        { second, ignoreIndex: true, weights: true, maxRows: 10, maxCols: 4 },
        bootstrapSpec(metricSpec),
        () => ({ metricOptions: { average }, nResamples: 25, method, seed: 3 }),
      ).map((c): BootstrapCase => {
        const base = { ...c, average, method, tags: [...c.tags, `${average}, ${method}`] };
        if (c.clean === undefined || c.tampered !== undefined) return base;
        try {
          metric(c.yTrue.input as never, c.y.input as never, metricOptionsOf(base) as never);
        } catch {
          return { ...base, expect: 'error', why: 'the metric throws on the data' };
        }
        if (c.sampleWeight !== undefined || c.ignoreIndex !== undefined) {
          return { ...base, expect: 'either', why: 'resamples may leave the metric undefined' };
        }
        return base;
      }),
    );
}

function checkInterval(low: unknown, high: unknown): void {
  const lows = typeof low === 'number' ? [low] : Array.from(low as Float64Array);
  const highs = typeof high === 'number' ? [high] : Array.from(high as Float64Array);
  lows.forEach((l, i) => {
    if (Number.isNaN(l) !== Number.isNaN(highs[i]) || l > highs[i]) {
      expect.fail(`bound ${i}: low ${l} above high ${highs[i]}`);
    }
  });
}

const bootstrapInterval: Entry<BootstrapCase> = {
  name: 'bootstrapInterval',
  export: 'bootstrapInterval',
  cases: bootstrapCases('predictions', m.f1Score as never),
  run: (c) =>
    m.bootstrapInterval(
      m.f1Score,
      c.yTrue.input as m.LabelMatrix,
      c.y.input as m.LabelMatrix,
      optionsOf(c) as never,
    ),
  check: (c, value) => {
    const result = value as m.BootstrapInterval<number | Float64Array>;
    checkInterval(result.low, result.high);
    const estimate = m.f1Score(
      c.yTrue.input as m.LabelMatrix,
      c.y.input as m.LabelMatrix,
      metricOptionsOf(c) as never,
    );
    expect(result.estimate).toEqual(estimate);
  },
};

const pairedBootstrap: Entry<BootstrapCase> = {
  name: 'pairedBootstrap',
  export: 'pairedBootstrap',
  cases: bootstrapCases('scores', m.averagePrecisionScore as never),
  run: (c) =>
    m.pairedBootstrap(
      m.averagePrecisionScore,
      c.yTrue.input as m.LabelMatrix,
      c.y.input as m.ScoreMatrix,
      c.y.input as m.ScoreMatrix,
      optionsOf(c) as never,
    ),
  check: (_c, value) => {
    const result = value as m.PairedBootstrap<number | Float64Array>;
    const flat = (v: number | Float64Array) => (typeof v === 'number' ? [v] : Array.from(v));
    for (const d of [...flat(result.difference), ...flat(result.low), ...flat(result.high)]) {
      if (d !== 0 && !Number.isNaN(d)) expect.fail(`a model differs from itself by ${d}`);
    }
  },
};

export const bootstrapEntries: AnyEntry[] = [bootstrapInterval, pairedBootstrap];

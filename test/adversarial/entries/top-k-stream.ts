/**
 * `TopKMetrics`: each method with the top-k report's generated input (every form, missing
 * labels, weights, tampered options), the result against the same references as `topKReport`;
 * merged halves, reset, and states through JSON (intact or tampered).
 */
import { expect } from 'vitest';
import { isMultilabelError } from '../../../src/core/index.js';
import * as m from '../../../src/metrics/index.js';
import { propensitiesFor } from '../../metrics/registry.js';
import { type SerialStateCase, serialStateCases } from '../arbitraries.js';
import { type AnyEntry, type Case, type Entry, fc } from '../harness.js';
import { printable } from '../options.js';
import { checkReport, type ReportCase, reportCases } from './sparse.js';

/** The accumulator's options and the batch's options of a case (tampered ones as given). */
function split(c: ReportCase): { options: unknown; batch: unknown } {
  if (c.tampered !== undefined) {
    const given = c.tampered.options;
    if (typeof given !== 'object' || given === null || Array.isArray(given)) {
      return { options: given, batch: {} };
    }
    // sampleWeight goes with the batch; every other key (valid or not) to the constructor.
    const { sampleWeight, ...rest } = given as Record<string, unknown>;
    return { options: rest, batch: sampleWeight === undefined ? {} : { sampleWeight } };
  }
  return {
    options: {
      k: c.k,
      normalize: c.normalize,
      propensities: propensitiesFor(c.context.cols),
      ...(c.ignoreIndex === undefined ? {} : { ignoreIndex: c.ignoreIndex }),
    },
    batch: c.sampleWeight === undefined ? {} : { sampleWeight: c.sampleWeight.input },
  };
}

function filled(c: ReportCase): m.TopKMetrics {
  const { options, batch } = split(c);
  return new m.TopKMetrics(options as m.TopKMetricsOptions).update(
    c.yTrue.input as m.LabelMatrix,
    c.y.input as m.ScoreMatrix,
    batch as { sampleWeight?: number[] },
  );
}

const update: Entry<ReportCase> = {
  name: 'TopKMetrics#update',
  export: 'TopKMetrics',
  // A valid batch may still leave every metric undefined (no row of positive weight).
  cases: reportCases.map((c) =>
    c.expect === 'error' && c.why === 'no row of positive weight'
      ? { ...c, expect: 'value' as const, why: 'a batch of zero weight' }
      : c,
  ),
  run: filled,
  check: (_c, value) => expect(value).toBeInstanceOf(m.TopKMetrics),
};

const compute: Entry<ReportCase> = {
  name: 'TopKMetrics#compute',
  export: 'TopKMetrics',
  cases: reportCases,
  run: (c) => filled(c).compute(),
  check: checkReport,
};

interface MergeCase extends ReportCase {
  readonly at: number;
  readonly other: string;
}

const merge: Entry<MergeCase> = {
  name: 'TopKMetrics#merge',
  export: 'TopKMetrics',
  cases: reportCases
    .filter((c) => c.clean !== undefined && !c.clean.large && c.expect !== 'error')
    .chain((c) =>
      fc
        .record({
          at: fc.nat(c.context.rows),
          other: fc.constantFrom('shard', 'shard', 'empty', 'other k', 'a plain object', 'null'),
        })
        .map(({ at, other }) => {
          const ok = other === 'shard' || other === 'empty';
          return {
            ...c,
            at,
            other,
            tags: [...c.tags, `merge with ${other}, rows split at ${at}`],
            expect: ok ? c.expect : ('error' as const),
            why: ok ? 'two shards of one problem' : `merge with ${other}`,
          };
        }),
    ),
  run: (c) => {
    const clean = c.clean as NonNullable<ReportCase['clean']>;
    const { options } = split(c);
    const marker = c.ignoreIndex ?? -1;
    const feed = (acc: m.TopKMetrics, from: number, to: number) => {
      if (to <= from) return acc;
      const labels = clean.labels
        .slice(from, to)
        .map((row) => row.map((v) => (v === -1 ? marker : v)));
      const w = clean.weights?.slice(from, to);
      return acc.update(
        labels,
        clean.second.slice(from, to),
        w === undefined ? {} : { sampleWeight: w },
      );
    };
    const fresh = () => new m.TopKMetrics(options as m.TopKMetricsOptions);
    const first = feed(fresh(), 0, c.at);
    let other: unknown;
    if (c.other === 'shard') other = feed(fresh(), c.at, clean.rows);
    else if (c.other === 'empty') {
      other = fresh();
      feed(first, c.at, clean.rows);
    } else if (c.other === 'other k') other = new m.TopKMetrics({ k: c.k + 1 });
    else if (c.other === 'a plain object') other = { labels: 2 };
    else other = null;
    const merged = first.merge(other as m.TopKMetrics);
    try {
      return merged.compute();
    } catch (error) {
      // No row of positive weight in either shard: compute's own contract.
      if (isMultilabelError(error) && error.code === 'UNDEFINED_METRIC') return undefined;
      throw error;
    }
  },
  check: (c, value) => {
    if (value !== undefined) checkReport(c, value);
  },
};

const reset: Entry<ReportCase> = {
  name: 'TopKMetrics#reset',
  export: 'TopKMetrics',
  numRuns: 10,
  cases: reportCases
    .filter((c) => c.tampered === undefined)
    .map((c) => ({ ...c, expect: 'value' as const, why: 'reset after an update' })),
  run: (c) => {
    const { options } = split(c);
    const metrics = new m.TopKMetrics(options as m.TopKMetricsOptions);
    try {
      metrics.update(c.yTrue.input as m.LabelMatrix, c.y.input as m.ScoreMatrix);
    } catch {
      // reset must work after a failed update too
    }
    return metrics.reset();
  },
  check: (_c, value) => {
    const metrics = value as m.TopKMetrics;
    expect(() => metrics.compute(), 'compute() after reset() has no rows').toThrow(
      expect.objectContaining({ code: 'EMPTY_INPUT' }),
    );
  },
};

interface ConstructCase extends Case {
  readonly options: unknown;
}

const construct: Entry<ConstructCase> = {
  name: 'new TopKMetrics',
  export: 'TopKMetrics',
  cases: fc
    .record({
      k: fc.constantFrom(1, 3, 0, -1, 2.5, Number.NaN, '2', undefined),
      propensities: fc.constantFrom(undefined, [0.5, 1, 0.25], [0.5, 0], [1, Number.NaN], 0.5, []),
      normalize: fc.constantFrom(undefined, true, false, 'yes'),
      labelGroups: fc.constantFrom(undefined, [0, 1, 1], [0, -1, 0], [0, 1]),
      ignoreIndex: fc.constantFrom(undefined, -1, Number.NaN, 0.5, 1),
      extra: fc.constantFrom(undefined, 'sampleWeight', 'kk'),
    })
    .map(({ extra, ...o }) => {
      const options: Record<string, unknown> = Object.fromEntries(
        Object.entries(o).filter(([, v]) => v !== undefined),
      );
      if (extra !== undefined) options[extra] = 1;
      const p = options.propensities;
      const g = options.labelGroups;
      const validP =
        p === undefined ||
        (Array.isArray(p) &&
          p.length > 0 &&
          p.every((x) => typeof x === 'number' && x > 0 && x <= 1));
      const validG =
        g === undefined ||
        (Array.isArray(g) &&
          g.length > 0 &&
          g.every((x) => Number.isInteger(x) && x >= 0 && x < g.length) &&
          (!Array.isArray(p) || p.length === g.length));
      const valid =
        extra === undefined &&
        typeof options.k === 'number' &&
        Number.isInteger(options.k) &&
        options.k >= 1 &&
        validP &&
        validG &&
        (options.normalize === undefined ||
          (typeof options.normalize === 'boolean' && p !== undefined)) &&
        (options.ignoreIndex === undefined ||
          Number.isNaN(options.ignoreIndex) ||
          (options.ignoreIndex as number) < 0 ||
          (options.ignoreIndex as number) > 1);
      return {
        tags: [`options ${printable(options)}`],
        options,
        expect: valid ? ('value' as const) : ('error' as const),
        why: valid ? 'valid options' : 'an option out of range, unknown or contradictory',
      };
    }),
  run: (c) => new m.TopKMetrics(c.options as m.TopKMetricsOptions),
  check: (_c, value) => expect(value).toBeInstanceOf(m.TopKMetrics),
};

type JsonCase = SerialStateCase<ReportCase>;

const states = reportCases.filter(
  (c) => c.expect === 'value' && c.clean !== undefined && !c.clean.large,
);

const toJson: Entry<ReportCase> = {
  name: 'TopKMetrics#toJSON',
  export: 'TopKMetrics',
  numRuns: 20,
  cases: states,
  run: (c) => JSON.parse(JSON.stringify(filled(c))),
  check: (c, json) => {
    const back = m.TopKMetrics.fromJSON(json);
    expect(back.toJSON()).toEqual(json);
    checkReport(c, back.compute());
  },
};

const fromJson: Entry<JsonCase> = {
  name: 'TopKMetrics.fromJSON',
  export: 'TopKMetrics',
  numRuns: 30,
  cases: states.chain((c) => serialStateCases(c, c.tags, JSON.parse(JSON.stringify(filled(c))))),
  run: (j) => m.TopKMetrics.fromJSON(j.json),
  check: (j, value) => {
    expect(value).toBeInstanceOf(m.TopKMetrics);
    const metrics = value as m.TopKMetrics;
    if (j.intact) {
      checkReport(j.c, metrics.compute());
      return;
    }
    // A changed value that still reads is a state: its report is numbers or a MultilabelError.
    try {
      const r = metrics.compute();
      for (const v of r.precision) expect(Number.isNaN(v)).toBe(false);
    } catch (error) {
      if (!isMultilabelError(error)) throw error;
    }
  },
};

/** The entries of the streaming top-k accumulator. */
export const topKStreamEntries: AnyEntry[] = [
  construct,
  update,
  compute,
  merge,
  reset,
  toJson,
  fromJson,
];

/**
 * Entries of the sparse input forms and the top-k report: `sparseLabelMatrix` (per-row label
 * lists), `topKPredictions` (dense scores, brute-force sort as the reference) and `topKReport`
 * (every cut against the definitional twins of the single-cut metrics).
 */

import { expect } from 'vitest';
import * as data from '../../../src/data/index.js';
import * as m from '../../../src/metrics/index.js';
import * as d from '../../metrics/definitions.js';
import { propensitiesFor } from '../../metrics/registry.js';
import { extremeWeights, normalized, type PairCase, pairCases, pairOptions } from '../families.js';
import { type AnyEntry, type Case, close, describeValue, type Entry, fc } from '../harness.js';
import { boolean, ignoreIndex, integer, printable, sampleWeight, vector } from '../options.js';
import { mustThrow, referenceOutcome } from '../outcomes.js';

/** A label id, valid or not. */
const labelId = fc.oneof(
  { weight: 12, arbitrary: fc.nat(6) },
  {
    weight: 1,
    arbitrary: fc.constantFrom(-1, 1.5, Number.NaN, 2 ** 31, '1' as unknown as number),
  },
);

interface ListsCase extends Case {
  readonly lists: unknown;
  readonly labels: unknown;
  readonly expected: { indptr: number[]; indices: number[] } | undefined;
}

const sparseLabelMatrix: Entry<ListsCase> = {
  name: 'sparseLabelMatrix',
  export: 'sparseLabelMatrix',
  cases: fc
    .record({
      lists: fc.oneof(
        { weight: 12, arbitrary: fc.array(fc.array(labelId, { maxLength: 4 }), { maxLength: 5 }) },
        {
          weight: 1,
          arbitrary: fc.constantFrom(null, 3, [1, 2], [[0], 'x']) as fc.Arbitrary<unknown>,
        },
      ),
      labels: fc.oneof(
        { weight: 12, arbitrary: fc.integer({ min: 1, max: 8 }) },
        { weight: 1, arbitrary: fc.constantFrom(0, -2, 2.5, Number.NaN, '4' as unknown as number) },
      ),
    })
    .map(({ lists, labels }) => {
      const tags = [`lists ${describeValue(lists)}`, `labels ${printable(labels)}`];
      const validLabels = typeof labels === 'number' && Number.isSafeInteger(labels) && labels >= 1;
      const validLists =
        Array.isArray(lists) &&
        lists.length > 0 &&
        lists.every(
          (row) =>
            Array.isArray(row) &&
            new Set(row).size === row.length &&
            row.every(
              (l) =>
                typeof l === 'number' && Number.isInteger(l) && l >= 0 && l < (labels as number),
            ),
        );
      if (!(validLabels && validLists)) {
        return {
          tags,
          lists,
          labels,
          ...mustThrow('a bad list or label count, or no row'),
        };
      }
      const rows = lists as number[][];
      const indptr = [0];
      for (const row of rows) indptr.push(indptr[indptr.length - 1] + row.length);
      const expected = { indptr, indices: rows.flat() };
      return { tags, lists, labels, ...referenceOutcome(expected, true, 'valid lists', '') };
    }),
  run: (c) => m.sparseLabelMatrix(c.lists as number[][], c.labels as number),
  check: (c, value) => {
    const y = value as m.SparseLabelMatrix;
    expect(Array.from(y.indptr)).toEqual(c.expected?.indptr);
    expect(Array.from(y.indices)).toEqual(c.expected?.indices);
    expect(y.shape).toEqual([(c.lists as unknown[]).length, c.labels]);
  },
};

interface TopCase extends Case {
  readonly scores: unknown;
  readonly k: unknown;
  readonly expected: { indices: number[]; scores: number[] } | undefined;
}

const topKPredictions: Entry<TopCase> = {
  name: 'topKPredictions',
  export: 'topKPredictions',
  cases: fc
    .record({ rows: fc.integer({ min: 1, max: 5 }), cols: fc.integer({ min: 1, max: 6 }) })
    .chain(({ rows, cols }) =>
      fc.record({
        rows: fc.constant(rows),
        cols: fc.constant(cols),
        cells: fc.array(
          fc.oneof(
            { weight: 30, arbitrary: fc.constantFrom(-1, 0, -0, 0.5, 1, 2) },
            { weight: 1, arbitrary: fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY) },
          ),
          { minLength: rows * cols, maxLength: rows * cols },
        ),
        k: fc.oneof(
          { weight: 12, arbitrary: fc.integer({ min: 1, max: cols }) },
          { weight: 1, arbitrary: fc.constantFrom(0, cols + 1, 1.5, Number.NaN) },
        ),
      }),
    )
    .map(({ rows, cols, cells, k }) => {
      const scores = { data: cells, shape: [rows, cols] };
      const tags = [`scores ${rows}x${cols} ${describeValue(cells)}`, `k ${printable(k)}`];
      const valid = cells.every(Number.isFinite) && Number.isInteger(k) && k >= 1 && k <= cols;
      if (!valid) return { tags, scores, k, ...mustThrow('a bad score or k') };
      const indices: number[] = [];
      const values: number[] = [];
      for (let r = 0; r < rows; r++) {
        const row = cells.slice(r * cols, (r + 1) * cols);
        const order = row.map((_, l) => l).sort((a, b) => row[b] - row[a] || a - b);
        for (const l of order.slice(0, k)) {
          indices.push(l);
          values.push(row[l]);
        }
      }
      const expected = { indices, scores: values };
      return { tags, scores, k, ...referenceOutcome(expected, true, 'valid input', '') };
    }),
  run: (c) => m.topKPredictions(c.scores as m.MatrixData, c.k as number),
  check: (c, value) => {
    const top = value as m.TopKPredictions;
    expect(Array.from(top.indices)).toEqual(c.expected?.indices);
    // -0 and 0 tie, either may come first among equals: compare as numbers.
    expect(Array.from(top.scores).map((v) => v + 0)).toEqual(c.expected?.scores.map((v) => v + 0));
  },
};

export interface ReportCase extends PairCase {
  readonly k: number;
  readonly normalize: boolean;
  readonly candidates: number[][];
}

/** The report's values at every cut, flattened metric by metric, from the definitions. */
function reportReference(
  y: number[][],
  s: number[][],
  k: number,
  normalize: boolean,
  w: number[] | undefined,
): number[] {
  const p = propensitiesFor(y[0].length);
  const cuts = Array.from({ length: k }, (_, i) => i + 1);
  return [
    ...cuts.map((j) => d.precisionAtK(y, s, j, w)),
    ...cuts.map((j) => d.recallAtK(y, s, j, w)),
    ...cuts.map((j) => d.ndcgAtK(y, s, j, w)),
    ...cuts.map((j) => d.propensityScored(y, s, j, p, 'precision', normalize, w)),
    ...cuts.map((j) => d.propensityScored(y, s, j, p, 'ndcg', normalize, w)),
  ];
}

const reportOptions = {
  sampleWeight,
  ignoreIndex,
  k: integer(1, (c) => c.cols),
  propensities: vector(
    (c) => c.cols,
    (p) => p > 0 && p <= 1,
  ),
  normalize: boolean,
};

/** Cases of the top-k report: a problem, `k`, `normalize`, and the references at every cut. */
export const reportCases: fc.Arbitrary<ReportCase> = fc
  .record({ k: fc.integer({ min: 1, max: 5 }), normalize: fc.boolean() })
  .chain(({ k, normalize }) =>
    pairCases(
      { second: 'scores', ignoreIndex: true, weights: true, minCols: k, large: 'any' },
      reportOptions,
      (context) => ({ k, normalize, propensities: propensitiesFor(context.cols) }),
    ).map((c): ReportCase => {
      const clean = c.clean;
      if (clean === undefined) return { ...c, k, normalize, candidates: [] };
      if (clean.large) {
        return { ...c, k, normalize, candidates: [], expect: 'either', why: 'large input' };
      }
      const weights = [clean.weights, normalized(clean.weights)].slice(
        0,
        clean.weights === undefined ? 1 : 2,
      );
      const candidates = weights
        .map((w) => reportReference(clean.labels, clean.second, k, normalize, w))
        .filter((values) => values.every(Number.isFinite));
      if (candidates.length === 0) {
        const extreme = extremeWeights(clean.weightKind);
        return {
          ...c,
          k,
          normalize,
          candidates,
          expect: extreme ? 'either' : 'error',
          why: extreme ? 'extreme weights, no reference' : 'no row of positive weight',
        };
      }
      const partly = candidates.length < weights.length || extremeWeights(clean.weightKind);
      return {
        ...c,
        k,
        normalize,
        candidates,
        expect: partly ? 'either' : 'value',
        why: partly ? 'extreme weights' : 'valid input',
      };
    }),
  );

/** Checks a report against the references of its case (none: only that nothing is NaN). */
export function checkReport(c: ReportCase, value: unknown): void {
  const r = value as m.TopKReport;
  const got = [
    r.precision,
    r.recall,
    r.ndcg,
    r.propensityScoredPrecision ?? [],
    r.propensityScoredNdcg ?? [],
  ].flatMap((a) => Array.from(a));
  for (const v of got) if (Number.isNaN(v)) expect.fail(`topKReport returned NaN: ${got}`);
  if (c.candidates.length === 0) return;
  const matches = c.candidates.some(
    (expected) => expected.length === got.length && expected.every((e, i) => close(got[i], e)),
  );
  if (!matches)
    expect.fail(`topKReport gave ${got}, the references are ${JSON.stringify(c.candidates)}`);
}

const topKReport: Entry<ReportCase> = {
  name: 'topKReport',
  export: 'topKReport',
  cases: reportCases,
  run: (c) => {
    const options = pairOptions(c, {
      k: c.k,
      normalize: c.normalize,
      propensities: propensitiesFor(c.context.cols),
    });
    return m.topKReport(
      c.yTrue.input as m.LabelMatrix,
      c.y.input as m.ScoreMatrix,
      options as m.TopKReportOptions,
    );
  },
  check: checkReport,
};

interface GroupsCase extends Case {
  readonly counts: unknown;
  readonly groups: unknown;
  readonly expected: number[] | undefined;
}

const labelFrequencyGroups: Entry<GroupsCase> = {
  name: 'labelFrequencyGroups',
  export: 'labelFrequencyGroups',
  cases: fc
    .record({
      counts: fc.oneof(
        {
          weight: 12,
          arbitrary: fc.array(
            fc.oneof(fc.nat(50), fc.double({ min: 0, max: 1e300, noNaN: true })),
            {
              minLength: 1,
              maxLength: 12,
            },
          ),
        },
        {
          weight: 1,
          arbitrary: fc.constantFrom<unknown>(
            [],
            [1, -1],
            [Number.NaN],
            [Number.POSITIVE_INFINITY],
            null,
            'x',
          ),
        },
      ),
      groups: fc.oneof(
        { weight: 12, arbitrary: fc.integer({ min: 1, max: 12 }) },
        { weight: 1, arbitrary: fc.constantFrom<unknown>(0, 1.5, Number.NaN, undefined) },
      ),
    })
    .map(({ counts, groups }) => {
      const tags = [`labelCounts ${describeValue(counts)}`, `groups ${printable(groups)}`];
      const validCounts =
        Array.isArray(counts) &&
        counts.length > 0 &&
        counts.every((c) => typeof c === 'number' && Number.isFinite(c) && c >= 0);
      const g = groups === undefined ? 10 : groups;
      const validGroups =
        validCounts &&
        typeof g === 'number' &&
        Number.isInteger(g) &&
        g >= 1 &&
        g <= (counts as number[]).length;
      if (!validGroups) return { tags, counts, groups, ...mustThrow('bad counts or groups') };
      const c = counts as number[];
      const order = c.map((_, l) => l).sort((a, b) => c[b] - c[a] || a - b);
      const expected = new Array<number>(c.length);
      order.forEach((l, p) => {
        expected[l] = Math.floor((p * (g as number)) / c.length);
      });
      return { tags, counts, groups, ...referenceOutcome(expected, true, 'valid input', '') };
    }),
  run: (c) => m.labelFrequencyGroups(c.counts as number[], c.groups as number | undefined),
  check: (c, value) => {
    expect(Array.from(value as Int32Array)).toEqual(c.expected);
  },
};

interface TextCase extends Case {
  readonly text: string;
  readonly expected: { labels: number[]; features: number[] } | undefined;
}

/** XC-format text of random rows; sometimes one character replaced by a random one. */
const readSparseText: Entry<TextCase> = {
  name: 'readSparseText',
  export: 'readSparseText',
  cases: fc
    .record({
      rows: fc.array(
        fc.record({
          labels: fc.uniqueArray(fc.nat(4), { maxLength: 3 }),
          features: fc.uniqueArray(fc.nat(3), { maxLength: 3 }),
        }),
        { minLength: 1, maxLength: 5 },
      ),
      corrupt: fc.option(
        fc.tuple(fc.nat(), fc.constantFrom(',', ':', ' ', 'x', '9', '-', '\n', 'é')),
      ),
    })
    .map(({ rows, corrupt }) => {
      const lines = rows.map((r) =>
        [r.labels.join(','), ...r.features.map((f) => `${f}:0.5`)].join(' '),
      );
      let text = `${rows.length} 4 5\n${lines.join('\n')}\n`;
      const tags = [`rows ${describeValue(rows)}`];
      if (corrupt !== null) {
        const at = corrupt[0] % text.length;
        text = text.slice(0, at) + corrupt[1] + text.slice(at + 1);
        tags.push(`character ${at} replaced by ${JSON.stringify(corrupt[1])}`);
        return {
          tags,
          text,
          expected: undefined,
          expect: 'either' as const,
          why: 'a changed character',
        };
      }
      const expected = {
        labels: rows.flatMap((r) => r.labels),
        features: rows.flatMap((r) => r.features),
      };
      return { tags, text, ...referenceOutcome(expected, true, 'valid text', '') };
    }),
  run: (c) => data.readSparseText(c.text),
  check: (c, value) => {
    const d = value as data.SparseTextDataset;
    if (c.expected === undefined) return;
    expect(Array.from(d.labels.indices)).toEqual(c.expected.labels);
    expect(Array.from(d.features.indices)).toEqual(c.expected.features);
  },
};

/** The entries of the sparse input forms and the top-k report. */
export const sparseEntries: AnyEntry[] = [
  sparseLabelMatrix,
  topKPredictions,
  topKReport,
  labelFrequencyGroups,
  readSparseText,
];

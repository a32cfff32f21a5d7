/**
 * Entries of the threshold functions on top-k predictions: `optimizeThresholds` (CSR or dense
 * labels, micro F1 against the exhaustive search over the listed cut points), `topK` (RCut of
 * the listed entries against a sort) and `Thresholds#apply` (the listed entries at or above
 * their threshold). The predictions are valid or broken one way at a time: a repeated or
 * out-of-range id, a non-finite score, a wrong length, a bad `k`, a shape that differs from the
 * labels'.
 */
import { expect } from 'vitest';
import * as t from '../../../src/thresholds/index.js';
import { type AnyEntry, type Case, close, describeValue, type Entry, fc } from '../harness.js';
import { mustThrow } from '../outcomes.js';

/** Generated predictions, and how they break the contract (undefined: valid). */
interface Listed {
  readonly rows: number;
  readonly cols: number;
  readonly k: number;
  readonly indices: number[];
  readonly scores: number[];
  readonly input: unknown;
  readonly broken: string | undefined;
}

const BREAKS = [
  'repeated id',
  'id out of range',
  'fractional id',
  'NaN score',
  'infinite score',
  'short indices',
  'k above the labels',
  'k = 0',
  'scores not numbers',
  'null',
] as const;

const listed: fc.Arbitrary<Listed> = fc
  .record({ rows: fc.integer({ min: 1, max: 4 }), cols: fc.integer({ min: 1, max: 6 }) })
  .chain(({ rows, cols }) =>
    fc.record({
      rows: fc.constant(rows),
      cols: fc.constant(cols),
      k: fc.integer({ min: 1, max: cols }),
      orders: fc.array(fc.shuffledSubarray([...Array(cols).keys()], { minLength: cols }), {
        minLength: rows,
        maxLength: rows,
      }),
      values: fc.array(fc.constantFrom<number>(-1, -0, 0, 0.25, 0.5, 0.75, 1, 3), {
        minLength: rows * cols,
        maxLength: rows * cols,
      }),
      broken: fc.oneof(
        { weight: 10, arbitrary: fc.constant(undefined) },
        { weight: 1, arbitrary: fc.constantFrom(...BREAKS) },
      ),
    }),
  )
  .map(({ rows, cols, k, orders, values, broken }) => {
    const indices = orders.flatMap((order) => order.slice(0, k));
    const scores = values.slice(0, rows * k);
    const input: Record<string, unknown> = { indices, scores, k, shape: [rows, cols] };
    let why: string | undefined = broken;
    switch (broken) {
      case 'repeated id':
        if (k < 2) why = undefined;
        else indices[1] = indices[0];
        break;
      case 'id out of range':
        indices[0] = cols;
        break;
      case 'fractional id':
        indices[0] = 0.5;
        break;
      case 'NaN score':
        scores[0] = Number.NaN;
        break;
      case 'infinite score':
        scores[scores.length - 1] = Number.POSITIVE_INFINITY;
        break;
      case 'short indices':
        input.indices = indices.slice(1);
        break;
      case 'k above the labels':
        input.k = cols + 1;
        break;
      case 'k = 0':
        input.k = 0;
        break;
      case 'scores not numbers':
        input.scores = scores.map(String);
        break;
      case 'null':
        return { rows, cols, k, indices, scores, input: null, broken: 'null' };
    }
    return { rows, cols, k, indices, scores, input, broken: why };
  });

const tagsOf = (p: Listed): string[] => [
  `predictions ${p.rows}x${p.cols} k ${p.k}: ids ${describeValue(p.indices)} scores ${describeValue(p.scores)}`,
  ...(p.broken === undefined ? [] : [`broken: ${p.broken}`]),
];

/** The listed entries of row r, best first (the lower id on a tie). */
function ranked(p: Listed, r: number): number[] {
  const entries = Array.from({ length: p.k }, (_, e) => r * p.k + e);
  entries.sort((a, b) => p.scores[b] - p.scores[a] || p.indices[a] - p.indices[b]);
  return entries;
}

const sets = (value: unknown): number[][] => {
  const m = value as t.SparseLabelMatrix;
  return Array.from({ length: m.shape[0] }, (_, r) =>
    Array.from(m.indices).slice(m.indptr[r], m.indptr[r + 1]),
  );
};

interface TopKCase extends Case {
  readonly p: Listed;
  readonly keep: unknown;
  readonly expected: number[][] | undefined;
}

const topK: Entry<TopKCase> = {
  name: 'topK (top-k predictions)',
  export: 'topK',
  cases: fc
    .tuple(
      listed,
      fc.oneof(
        { weight: 8, arbitrary: fc.nat(6) },
        { weight: 1, arbitrary: fc.constantFrom<unknown>(-1, 1.5, Number.NaN, '1', null) },
      ),
    )
    .map(([p, keep]) => {
      const tags = [...tagsOf(p), `k ${describeValue(keep)}`];
      if (p.broken !== undefined) return { tags, p, keep, ...mustThrow(p.broken) };
      if (!(typeof keep === 'number' && Number.isInteger(keep) && keep >= 0 && keep <= p.k)) {
        return { tags, p, keep, ...mustThrow(`k = ${describeValue(keep)}`) };
      }
      const expected = Array.from({ length: p.rows }, (_, r) =>
        ranked(p, r)
          .slice(0, keep)
          .map((i) => p.indices[i]),
      );
      return { tags, p, keep, expected, expect: 'value' as const, why: 'valid predictions' };
    }),
  run: (c) => t.topK(c.p.input as t.TopKPredictions, c.keep as number),
  check: (c, value) => expect(sets(value)).toEqual(c.expected),
};

interface ApplyCase extends Case {
  readonly p: Listed;
  readonly values: number[];
  readonly force: boolean;
  readonly expected: number[][] | undefined;
}

const apply: Entry<ApplyCase> = {
  name: 'Thresholds#apply (top-k predictions)',
  export: 'Thresholds',
  cases: listed.chain((p) =>
    fc
      .record({
        extra: fc.oneof(
          { weight: 8, arbitrary: fc.constant(0) },
          { weight: 1, arbitrary: fc.constant(1) },
        ),
        values: fc.array(fc.constantFrom(-1, 0, 0.5, 1, Number.POSITIVE_INFINITY), {
          minLength: p.cols + 1,
          maxLength: p.cols + 1,
        }),
        force: fc.boolean(),
      })
      .map(({ extra, values, force }) => {
        const th = values.slice(0, p.cols + extra);
        const tags = [...tagsOf(p), `thresholds ${describeValue(th)}`, `force ${force}`];
        if (p.broken !== undefined) return { tags, p, values: th, force, ...mustThrow(p.broken) };
        if (extra > 0) {
          return { tags, p, values: th, force, ...mustThrow('one threshold more than labels') };
        }
        const expected = Array.from({ length: p.rows }, (_, r) => {
          const row = Array.from({ length: p.k }, (_, e) => r * p.k + e);
          const kept = row.filter((i) => p.scores[i] >= th[p.indices[i]]).map((i) => p.indices[i]);
          return force && kept.length === 0 ? [p.indices[ranked(p, r)[0]]] : kept;
        });
        return { tags, p, values: th, force, expected, expect: 'value' as const, why: 'valid' };
      }),
  ),
  run: (c) =>
    new t.Thresholds(c.values).apply(c.p.input as t.TopKPredictions, {
      forceAtLeastOne: c.force,
    }),
  check: (c, value) => expect(sets(value)).toEqual(c.expected),
};

interface OptimizeCase extends Case {
  readonly p: Listed;
  readonly labels: unknown;
  readonly best: number | undefined;
}

/** The best micro F1 over the listed cut points (unlisted positives are false negatives). */
function bestMicroF1(p: Listed, truth: number[][]): number | undefined {
  const cells: { score: number; positive: boolean }[] = [];
  let positives = 0;
  let known = false;
  for (let r = 0; r < p.rows; r++) {
    for (const v of truth[r]) {
      if (v >= 0) known = true;
      if (v === 1) positives++;
    }
    for (let e = 0; e < p.k; e++) {
      const i = r * p.k + e;
      const v = truth[r][p.indices[i]];
      if (v >= 0) cells.push({ score: p.scores[i], positive: v === 1 });
    }
  }
  if (!known || cells.length === 0) return undefined;
  let best = 0;
  for (const cut of cells.map((c) => c.score)) {
    const kept = cells.filter((c) => c.score >= cut);
    const tp = kept.filter((c) => c.positive).length;
    const f1 = tp === 0 ? 0 : (2 * tp) / (kept.length + positives);
    best = Math.max(best, f1);
  }
  return best;
}

const optimize: Entry<OptimizeCase> = {
  name: 'optimizeThresholds (top-k predictions)',
  export: 'optimizeThresholds',
  cases: listed.chain((p) =>
    fc
      .record({
        truth: fc.array(
          fc.array(fc.constantFrom(0, 1, 1, -1), { minLength: p.cols, maxLength: p.cols }),
          { minLength: p.rows, maxLength: p.rows },
        ),
        sparse: fc.boolean(),
        extraRow: fc.oneof(
          { weight: 8, arbitrary: fc.constant(0) },
          { weight: 1, arbitrary: fc.constant(1) },
        ),
      })
      .map(({ truth, sparse, extraRow }) => {
        // CSR labels have no missing cell.
        const y = sparse ? truth.map((row) => row.map((v) => +(v === 1))) : truth;
        const rows = [...y, ...(extraRow > 0 ? [y[0]] : [])];
        const labels = sparse
          ? {
              indptr: [
                0,
                ...rows.map(
                  (_, r) =>
                    rows
                      .slice(0, r + 1)
                      .flat()
                      .filter((v) => v === 1).length,
                ),
              ],
              indices: rows.flatMap((row) => row.flatMap((v, j) => (v === 1 ? [j] : []))),
              shape: [rows.length, p.cols],
            }
          : { data: rows.flat(), shape: [rows.length, p.cols] };
        const tags = [...tagsOf(p), `yTrue ${sparse ? 'CSR' : 'dense'} ${describeValue(rows)}`];
        if (p.broken !== undefined)
          return { tags, p, labels, best: undefined, ...mustThrow(p.broken) };
        if (extraRow > 0) {
          return {
            tags,
            p,
            labels,
            best: undefined,
            ...mustThrow('one row more than the predictions'),
          };
        }
        const best = bestMicroF1(p, y);
        if (best === undefined) {
          return { tags, p, labels, best, ...mustThrow('no listed cell with a known label') };
        }
        return { tags, p, labels, best, expect: 'value' as const, why: 'valid input' };
      }),
  ),
  run: (c) =>
    t.optimizeThresholds(c.labels as t.SparseLabelMatrix, c.p.input as t.TopKPredictions, {
      metric: 'f1',
      ignoreIndex: -1,
    }),
  check: (c, value) => {
    const score = (value as t.Thresholds).score as number;
    if (!close(score, c.best as number)) expect.fail(`score ${score}, brute force ${c.best}`);
  },
};

export const topKThresholdEntries: AnyEntry[] = [topK, apply, optimize];

/**
 * Entries of `tfjs-multilabel/thresholds`: the optimizers against exhaustive search over cut
 * points (test/thresholds/reference.ts), the decision rules against their definitions written
 * cell by cell, the `Thresholds` class against its documented round trip.
 */
import { expect } from 'vitest';
import * as t from '../../../src/thresholds/index.js';
import type { TestMatrix } from '../../fc.js';
import {
  averaged,
  balancedAccuracy,
  candidateThresholds,
  conformalBruteForce,
  countsOf,
  decide,
  descendingCandidates,
  f1,
  fbeta,
  jaccard,
  type MetricFn,
  rowMissRate,
} from '../../thresholds/reference.js';
import {
  type CellValue,
  EXTREME_NUMBERS,
  type MatrixArg,
  malformedMatrix,
  malformedVector,
  matrixArg,
  NON_FINITE,
  tamperJson,
  type VectorArg,
  vectorArg,
} from '../arbitraries.js';
import {
  callOnPair,
  extremeWeights,
  type PairCase,
  pairCases,
  type SingleCase,
  singleCases,
} from '../families.js';
import { type AnyEntry, type Case, close, describeValue, type Entry, fc } from '../harness.js';
import {
  boolean,
  either,
  ignoreIndex,
  integer,
  number,
  type OptionSpec,
  oneOf,
  printable,
  sampleWeight,
  vector,
} from '../options.js';

const asTest = (rows: number, cols: number, values: number[][]): TestMatrix => ({
  rows,
  cols,
  data: values.flat(),
});

const metricRule = either(
  oneOf('f1', 'fbeta', 'jaccard', 'balancedAccuracy', 'precision', 'recall'),
  (v) => typeof v === 'function',
);
const fitOptions: OptionSpec = {
  metric: metricRule,
  beta: number(0, Number.POSITIVE_INFINITY, { min: true }),
  zeroDivision: oneOf(0, 1),
  sampleWeight,
  ignoreIndex,
};

/** A metric option of the optimizers and its brute-force definition. */
interface MetricChoice {
  readonly name: string;
  readonly options: Record<string, unknown>;
  readonly fn: MetricFn | undefined;
}

const accuracyMinusSize = ({
  tp,
  fp,
  fn,
  tn,
}: {
  tp: number;
  fp: number;
  fn: number;
  tn: number;
}) => (tp + tn === 0 ? 0 : (tp + tn) / (tp + fp + fn + tn) - 0.1 * Math.sqrt(tp + fp));

const METRICS: readonly MetricChoice[] = [
  { name: 'f1', options: { metric: 'f1' }, fn: f1(0) },
  { name: 'f1 zeroDivision 1', options: { metric: 'f1', zeroDivision: 1 }, fn: f1(1) },
  { name: 'fbeta 2', options: { metric: 'fbeta', beta: 2 }, fn: fbeta(2) },
  { name: 'jaccard', options: { metric: 'jaccard' }, fn: jaccard },
  { name: 'balancedAccuracy', options: { metric: 'balancedAccuracy' }, fn: balancedAccuracy },
  { name: 'custom count function', options: { metric: accuracyMinusSize }, fn: accuracyMinusSize },
  // F-beta with betas whose square underflows or overflows: no exact reference, the contract.
  { name: 'fbeta beta=1e-200', options: { metric: 'fbeta', beta: 1e-200 }, fn: undefined },
  { name: 'fbeta beta=1e200', options: { metric: 'fbeta', beta: 1e200 }, fn: undefined },
];

/** Whether some known cell has a positive weight (the optimizers need one). */
function anyKnownWeighted(c: PairCase): boolean {
  const clean = c.clean;
  if (clean === undefined) return false;
  return clean.labels.some(
    (row, i) => row.some((v) => v !== -1) && (clean.weights === undefined || clean.weights[i] > 0),
  );
}

/** A fitting case: no known weighted cell, large or extreme weights leave a MultilabelError open. */
function fittingExpectation<C extends PairCase>(c: C): C {
  if (c.clean === undefined || c.expect !== 'value') return c;
  if (!anyKnownWeighted(c))
    return { ...c, expect: 'either', why: 'no known cell with a positive weight' };
  if (c.clean.large || extremeWeights(c.clean.weightKind))
    return { ...c, expect: 'either', why: 'large or extreme input' };
  return c;
}

interface OptimizeCase extends PairCase {
  readonly metric: MetricChoice;
  readonly strategy: t.ThresholdStrategy;
  readonly average: 'micro' | 'macro' | 'samples';
}

function referenceAllowed(c: PairCase): boolean {
  return c.clean !== undefined && !c.clean.large && !extremeWeights(c.clean.weightKind);
}

const optimizeThresholds: Entry<OptimizeCase> = {
  name: 'optimizeThresholds',
  export: 'optimizeThresholds',
  cases: fc
    .record({
      metric: fc.constantFrom(...METRICS),
      strategy: fc.constantFrom(...t.THRESHOLD_STRATEGIES),
      average: fc.constantFrom('micro' as const, 'macro' as const, 'samples' as const),
    })
    .chain(({ metric, strategy, average }) =>
      pairCases(
        {
          second: 'scores',
          ignoreIndex: true,
          weights: true,
          maxCols: strategy === 'micro' ? 3 : 4,
          large: 'tall',
        },
        {
          ...fitOptions,
          strategy: oneOf(...t.THRESHOLD_STRATEGIES, 'per-label'),
          average: oneOf('micro', 'macro', 'samples'),
          minPositives: number(0),
          shrinkage: number(0),
        },
        () => ({ ...metric.options, strategy, ...(strategy === 'global' ? { average } : {}) }),
      ).map((c) => ({
        ...fittingExpectation(c),
        tags: [...c.tags, `metric ${metric.name}, strategy ${strategy}, average ${average}`],
        metric,
        strategy,
        average,
      })),
    ),
  run: (c) =>
    callOnPair(t.optimizeThresholds, c, {
      ...c.metric.options,
      strategy: c.strategy,
      ...(c.strategy === 'global' ? { average: c.average } : {}),
    }),
  check: (c, value) => {
    const result = value as t.Thresholds;
    expect(result).toBeInstanceOf(t.Thresholds);
    const clean = c.clean;
    if (clean === undefined) return;
    expect(result.values.length).toBe(clean.cols);
    if (typeof result.score !== 'number' || Number.isNaN(result.score))
      expect.fail(`score is ${result.score}`);
    for (const v of result.values) if (Number.isNaN(v)) expect.fail('a threshold is NaN');
    const fn = c.metric.fn;
    if (fn === undefined || !referenceAllowed(c)) return;
    const y = asTest(clean.rows, clean.cols, clean.labels);
    const s = asTest(clean.rows, clean.cols, clean.second);
    const w = clean.weights;
    const pred = decide(s, result.values);
    // The objective of each strategy, evaluated on the thresholds' own decisions.
    const objective = (p: number[]): number =>
      c.strategy === 'micro'
        ? fn(countsOf(y, p, w))
        : averaged(y, p, fn, c.strategy === 'perLabel' ? 'macro' : c.average, w);
    const reached = objective(pred);
    if (!close(result.score, reached))
      expect.fail(`score ${result.score}, but its decisions reach ${reached}`);
    if (c.strategy === 'global') {
      let best = Number.NEGATIVE_INFINITY;
      for (const cut of candidateThresholds(y, s))
        best = Math.max(best, objective(decide(s, new Array(clean.cols).fill(cut))));
      if (!close(reached, best))
        expect.fail(`the global threshold reaches ${reached}, a cut point reaches ${best}`);
    }
    if (c.strategy === 'perLabel') {
      for (let j = 0; j < clean.cols; j++) {
        if (!clean.labels.some((row) => row[j] !== -1)) continue;
        let best = Number.NEGATIVE_INFINITY;
        for (const cut of candidateThresholds(y, s, j))
          best = Math.max(best, fn(countsOf(y, decide(s, new Array(clean.cols).fill(cut)), w, j)));
        const own: number = fn(countsOf(y, pred, w, j));
        if (!close(own, best))
          expect.fail(`label ${j} reaches ${own}, a cut point reaches ${best}`);
      }
    }
  },
};

interface OperatingPointCase extends PairCase {
  readonly floors: { minPrecision?: number; minRecall?: number };
  readonly objective: 'precision' | 'recall';
  readonly strategy: 'global' | 'perLabel';
}

/** Whether counts meet the floors (0/0 precision or recall is 0, the default zeroDivision). */
function meetsFloors(
  c: OperatingPointCase['floors'],
  counts: ReturnType<typeof countsOf>,
): boolean {
  const p = counts.tp + counts.fp === 0 ? 0 : counts.tp / (counts.tp + counts.fp);
  const r = counts.tp + counts.fn === 0 ? 0 : counts.tp / (counts.tp + counts.fn);
  return (
    (c.minPrecision === undefined || p >= c.minPrecision) &&
    (c.minRecall === undefined || r >= c.minRecall)
  );
}

/** `optimizeThresholds` with `minPrecision` / `minRecall`, against the constrained exhaustive search. */
const operatingPoint: Entry<OperatingPointCase> = {
  name: 'optimizeThresholds (operating point)',
  export: 'optimizeThresholds',
  cases: fc
    .record({
      floors: fc.oneof(
        fc.record({ minPrecision: fc.constantFrom(0, 0.5, 0.75, 0.9, 1) }),
        fc.record({ minRecall: fc.constantFrom(0, 0.5, 0.75, 1) }),
      ),
      objective: fc.constantFrom('precision' as const, 'recall' as const),
      strategy: fc.constantFrom('global' as const, 'perLabel' as const),
    })
    .chain(({ floors, objective, strategy }) =>
      pairCases(
        { second: 'scores', ignoreIndex: true, weights: true, maxCols: 4, large: 'tall' },
        {
          ...fitOptions,
          strategy: oneOf('global', 'perLabel'),
          minPositives: number(0),
          minPrecision: number(0, 1),
          minRecall: number(0, 1),
        },
        () => ({ metric: objective, strategy, ...floors }),
      ).map((c) => ({
        ...fittingExpectation(c),
        tags: [...c.tags, `metric ${objective}, strategy ${strategy}, ${JSON.stringify(floors)}`],
        floors,
        objective,
        strategy,
      })),
    ),
  run: (c) =>
    callOnPair(t.optimizeThresholds, c, { metric: c.objective, strategy: c.strategy, ...c.floors }),
  check: (c, value) => {
    const result = value as t.Thresholds;
    expect(result).toBeInstanceOf(t.Thresholds);
    const clean = c.clean;
    if (clean === undefined || !referenceAllowed(c)) return;
    const y = asTest(clean.rows, clean.cols, clean.labels);
    const s = asTest(clean.rows, clean.cols, clean.second);
    const w = clean.weights;
    const fn = (counts: ReturnType<typeof countsOf>): number =>
      c.objective === 'precision'
        ? counts.tp + counts.fp === 0
          ? 0
          : counts.tp / (counts.tp + counts.fp)
        : counts.tp + counts.fn === 0
          ? 0
          : counts.tp / (counts.tp + counts.fn);
    const unmet = new Set(result.unmetLabels ?? []);
    const labels = c.strategy === 'global' ? [undefined] : [...Array(clean.cols).keys()];
    for (const j of labels) {
      if (j !== undefined && !clean.labels.some((row) => row[j] !== -1)) continue;
      let best: number | undefined;
      for (const cut of candidateThresholds(y, s, j)) {
        const counts = countsOf(y, decide(s, new Array(clean.cols).fill(cut)), w, j);
        if (meetsFloors(c.floors, counts))
          best = Math.max(best ?? Number.NEGATIVE_INFINITY, fn(counts));
      }
      const own = countsOf(y, decide(s, result.values), w, j);
      if (best === undefined) {
        if (!unmet.has(j ?? 0))
          expect.fail(`label ${j ?? 'pooled'}: no cut meets the floors, none reported`);
        continue;
      }
      if (!meetsFloors(c.floors, own)) expect.fail(`label ${j ?? 'pooled'} misses its floors`);
      if (!close(fn(own), best))
        expect.fail(`label ${j ?? 'pooled'} reaches ${fn(own)}, a cut reaches ${best}`);
    }
  },
};

interface ConformalCase extends PairCase {
  readonly alpha: number;
  readonly perLabel: boolean;
}

/** `conformalThresholds`, against conformal risk control written out (test/thresholds/reference.ts). */
const conformal: Entry<ConformalCase> = {
  name: 'conformalThresholds',
  export: 'conformalThresholds',
  cases: fc
    .record({ alpha: fc.constantFrom(0.05, 0.1, 0.2, 0.5), perLabel: fc.boolean() })
    .chain(({ alpha, perLabel }) =>
      pairCases(
        { second: 'scores', ignoreIndex: true, weights: false, maxCols: 4, large: 'tall' },
        {
          alpha: number(0, 1, { min: true, max: true }),
          risk: oneOf('fnr'),
          perLabel: boolean,
          ignoreIndex,
        },
        () => ({ alpha, perLabel }),
      ).map((c) => ({
        ...c,
        tags: [...c.tags, `alpha ${alpha}, perLabel ${perLabel}`],
        alpha,
        perLabel,
      })),
    ),
  run: (c) => callOnPair(t.conformalThresholds, c, { alpha: c.alpha, perLabel: c.perLabel }),
  check: (c, value) => {
    const result = value as t.Thresholds;
    expect(result).toBeInstanceOf(t.Thresholds);
    const clean = c.clean;
    if (clean === undefined) return;
    for (const v of result.values) if (Number.isNaN(v)) expect.fail('a threshold is NaN');
    if (clean.large) return;
    const y = asTest(clean.rows, clean.cols, clean.labels);
    const s = asTest(clean.rows, clean.cols, clean.second);
    if (!c.perLabel) {
      const expected = conformalBruteForce(descendingCandidates(s.data), y.rows, c.alpha, (cut) =>
        rowMissRate(y, s, cut),
      );
      if (result.values[0] !== expected)
        expect.fail(`threshold ${result.values[0]}, expected ${expected}`);
      return;
    }
    for (let j = 0; j < clean.cols; j++) {
      const positives = clean.labels.flatMap((row, r) =>
        row[j] === 1 ? [clean.second[r][j]] : [],
      );
      const risk = (cut: number) =>
        positives.length === 0 ? 0 : positives.filter((v) => !(v >= cut)).length / positives.length;
      const expected = conformalBruteForce(
        descendingCandidates(positives),
        positives.length,
        c.alpha,
        risk,
      );
      if (result.values[j] !== expected)
        expect.fail(`label ${j}: ${result.values[j]}, expected ${expected}`);
    }
  },
};

interface RuleCase extends PairCase {
  readonly options: Record<string, unknown>;
}

const rankCut: Entry<RuleCase> = {
  name: 'rankCut',
  export: 'rankCut',
  cases: fc
    .record({
      metric: fc.constantFrom(...METRICS.slice(0, 5)),
      average: fc.constantFrom('micro', 'macro', 'samples'),
      forceAtLeastOne: fc.boolean(),
    })
    .chain(({ metric, average, forceAtLeastOne }) => {
      const o = { ...metric.options, average, forceAtLeastOne };
      return pairCases(
        { second: 'scores', ignoreIndex: true, weights: true, large: 'tall' },
        { ...fitOptions, average: oneOf('micro', 'macro', 'samples'), forceAtLeastOne: boolean },
        () => o,
      ).map((c) => ({
        ...fittingExpectation(c),
        options: o,
        tags: [...c.tags, `options ${describeValue(o)}`],
      }));
    }),
  run: (c) => callOnPair(t.rankCut, c, c.options),
  check: (c, value) => {
    const rule = value as t.RankCut;
    const clean = c.clean;
    if (clean === undefined) return;
    expect(Number.isInteger(rule.k) && rule.k >= 0 && rule.k <= clean.cols, `k = ${rule.k}`).toBe(
      true,
    );
    if (!referenceAllowed(c)) return;
    const fn = (METRICS.find(
      (m) =>
        m.options.metric === c.options.metric &&
        m.options.beta === c.options.beta &&
        m.options.zeroDivision === c.options.zeroDivision,
    )?.fn ?? f1(0)) as MetricFn;
    const y = asTest(clean.rows, clean.cols, clean.labels);
    const average = c.options.average as 'micro' | 'macro' | 'samples';
    let best = Number.NEGATIVE_INFINITY;
    for (let k = c.options.forceAtLeastOne === true ? 1 : 0; k <= clean.cols; k++) {
      best = Math.max(best, averaged(y, bruteTopK(clean.second, k), fn, average, clean.weights));
    }
    const reached = averaged(y, bruteTopK(clean.second, rule.k), fn, average, clean.weights);
    if (!close(reached, best))
      expect.fail(`k = ${rule.k} reaches ${reached}, the best k reaches ${best}`);
    if (!close(rule.score, reached))
      expect.fail(`score ${rule.score}, but k = ${rule.k} reaches ${reached}`);
    const applied = rule.apply({ data: clean.second.flat(), shape: [clean.rows, clean.cols] });
    expect(Array.from(applied.data)).toEqual(bruteTopK(clean.second, rule.k));
  },
};

/** Top-k of every row by definition: score descending, then column ascending. */
function bruteTopK(rows: number[][], k: number): number[] {
  return rows.flatMap((row) => {
    const order = row.map((_, j) => j).sort((a, b) => row[b] - row[a] || a - b);
    const out = new Array<number>(row.length).fill(0);
    for (const j of order.slice(0, k)) out[j] = 1;
    return out;
  });
}

/** Adds, in each row without a decision, its highest score (first column on a tie). */
function forced(rows: number[][], decisions: number[]): number[] {
  const out = decisions.slice();
  const cols = rows[0].length;
  rows.forEach((row, r) => {
    if (out.slice(r * cols, (r + 1) * cols).some((v) => v === 1)) return;
    let best = 0;
    row.forEach((v, j) => {
      if (v > row[best]) best = j;
    });
    out[r * cols + best] = 1;
  });
  return out;
}

function expectDecisions(value: unknown, rows: number, cols: number, expected?: number[]): void {
  const d = value as t.DecisionMatrix;
  expect(d.data).toBeInstanceOf(Uint8Array);
  expect(Array.from(d.shape)).toEqual([rows, cols]);
  for (const v of d.data) if (v !== 0 && v !== 1) expect.fail(`a decision is ${v}`);
  if (expected !== undefined) expect(Array.from(d.data)).toEqual(expected);
}

const scoreOnly = (c: SingleCase) => c.m.input as t.ScoreMatrix;

const topK: Entry<SingleCase & { k: unknown }> = {
  name: 'topK',
  export: 'topK',
  cases: singleCases({ cell: 'scores', large: 'any' }, {}, () => ({})).chain((c) =>
    fc
      .oneof(
        fc.nat(6),
        fc.constantFrom(
          -1,
          0.5,
          Number.NaN,
          Number.POSITIVE_INFINITY,
          2 ** 53,
          '1',
          null,
          undefined,
          1n,
        ),
      )
      .map((k) => {
        const cols = c.clean?.cols ?? 0;
        const valid = typeof k === 'number' && Number.isSafeInteger(k) && k >= 0 && k <= cols;
        const tags = [...c.tags, `argument k = ${printable(k)}`];
        if (c.expect === 'value' && !valid)
          return { ...c, tags, k, expect: 'error' as const, why: `k = ${describeValue(k)}` };
        return { ...c, tags, k };
      }),
  ),
  run: (c) => t.topK(scoreOnly(c), c.k as number),
  check: (c, value) => {
    const clean = c.clean;
    if (clean === undefined) return;
    expectDecisions(
      value,
      clean.rows,
      clean.cols,
      clean.large ? undefined : bruteTopK(clean.values, c.k as number),
    );
  },
};

const mCut: Entry<SingleCase> = {
  name: 'mCut',
  export: 'mCut',
  cases: singleCases({ cell: 'scores', large: 'any' }, {}, () => ({})).map((c) =>
    c.clean !== undefined && c.clean.cols < 2
      ? { ...c, expect: 'error', why: 'mCut needs two labels' }
      : c,
  ),
  run: (c) => t.mCut(scoreOnly(c)),
  check: (c, value) => {
    const clean = c.clean;
    if (clean === undefined) return;
    if (clean.large) return expectDecisions(value, clean.rows, clean.cols);
    const expected = clean.values.flatMap((row) => {
      const sorted = [...row].sort((a, b) => b - a);
      let gap = -1;
      let cut = Number.NEGATIVE_INFINITY;
      for (let i = 0; i + 1 < sorted.length; i++) {
        // The gap between two huge scores of opposite sign overflows to Infinity: still the largest.
        const g = sorted[i] - sorted[i + 1];
        if (g > gap) {
          gap = g;
          cut = g > 0 ? sorted[i] : Number.NEGATIVE_INFINITY;
        }
      }
      return row.map((v) => (v >= cut ? 1 : 0));
    });
    expectDecisions(value, clean.rows, clean.cols, expected);
  },
};

interface PriorCase extends SingleCase {
  readonly priors: VectorArg;
  readonly options: unknown;
}

const proportionalCut: Entry<PriorCase> = {
  name: 'proportionalCut',
  export: 'proportionalCut',
  cases: singleCases(
    { cell: 'scores', large: 'tall' },
    { scale: number(0, Number.POSITIVE_INFINITY, { min: true }), forceAtLeastOne: boolean },
    () => ({}),
  ).chain((c) => {
    const cols = c.context.cols;
    return fc
      .record({
        priors: fc.oneof(
          {
            weight: 6,
            arbitrary: fc
              .array(
                fc.oneof(
                  fc.double({ min: 0, max: 1, noNaN: true }),
                  fc.constantFrom(0, 1, 5e-324, 1 - 2 ** -53),
                ),
                { minLength: cols, maxLength: cols },
              )
              .chain((p) => vectorArg(p)),
          },
          {
            weight: 1,
            arbitrary: fc
              .array(fc.constantFrom(...NON_FINITE, -0.5, 1.5, 2), {
                minLength: cols,
                maxLength: cols,
              })
              .chain((p) => vectorArg(p)),
          },
          { weight: 1, arbitrary: vectorArg(new Array(cols + 1).fill(0.5)) },
          { weight: 1, arbitrary: malformedVector() },
        ),
        scale: fc.oneof(
          fc.constantFrom(undefined, 1, 0.5, 2, 1e-300, 1e300, Number.MAX_VALUE),
          fc.constantFrom(0, -1, Number.NaN, Number.POSITIVE_INFINITY, '1'),
        ),
        forceAtLeastOne: fc.boolean(),
      })
      .map(({ priors, scale, forceAtLeastOne }) => {
        const o =
          c.tampered !== undefined
            ? c.tampered.options
            : { ...(scale === undefined ? {} : { scale }), forceAtLeastOne };
        const tags = [
          ...c.tags,
          `priors: ${priors.form} ${describeValue(priors.values)}`,
          `options ${describeValue(o)}`,
        ];
        if (c.expect !== 'value') return { ...c, tags, priors, options: o };
        // An array-like object is an ArrayLike<number>, as the type of `priors` says.
        const p =
          priors.form === 'an array-like object'
            ? Array.from(priors.input as ArrayLike<unknown>)
            : priors.values;
        const priorsOk =
          p !== undefined &&
          p.length === cols &&
          p.every((v) => typeof v === 'number' && v >= 0 && v <= 1);
        const scaleOk =
          scale === undefined || (typeof scale === 'number' && Number.isFinite(scale) && scale > 0);
        if (!priorsOk || !scaleOk)
          return {
            ...c,
            tags,
            priors,
            options: o,
            expect: 'error' as const,
            why: 'bad priors or scale',
          };
        // An array-like object may also be refused with a MultilabelError (not an array).
        if (priors.form === 'an array-like object')
          return {
            ...c,
            tags,
            priors,
            options: o,
            expect: 'either' as const,
            why: 'array-like priors',
          };
        return { ...c, tags, priors, options: o };
      });
  }),
  run: (c) =>
    t.proportionalCut(
      scoreOnly(c),
      c.priors.input as number[],
      c.options as t.ProportionalCutOptions,
    ),
  check: (c, value) => {
    const clean = c.clean;
    if (clean === undefined) return;
    if (clean.large) return expectDecisions(value, clean.rows, clean.cols);
    const o = c.options as { scale?: number; forceAtLeastOne: boolean };
    const scale = o.scale ?? 1;
    const priors = (c.priors.values ?? Array.from(c.priors.input as ArrayLike<number>)) as number[];
    const out = new Array<number>(clean.rows * clean.cols).fill(0);
    for (let j = 0; j < clean.cols; j++) {
      const column = clean.values.map((row) => row[j]);
      const want = Math.min(clean.rows, Math.round(scale * priors[j] * clean.rows));
      const order = column.map((_, r) => r).sort((a, b) => column[b] - column[a] || a - b);
      for (const r of order.slice(0, want)) out[r * clean.cols + j] = 1;
    }
    expectDecisions(
      value,
      clean.rows,
      clean.cols,
      o.forceAtLeastOne ? forced(clean.values, out) : out,
    );
  },
};

/** Expected F1 of predicting `set` under independent marginals (F1(empty, empty) = 1). */
function expectedF1(p: number[], set: number[]): number {
  let total = 0;
  for (let y = 0; y < 1 << p.length; y++) {
    let probability = 1;
    let hits = 0;
    let truths = 0;
    let predicted = 0;
    p.forEach((pj, j) => {
      const truth = (y >> j) & 1;
      probability *= truth === 1 ? pj : 1 - pj;
      truths += truth;
      predicted += set[j];
      hits += truth & set[j];
    });
    total += probability * (truths + predicted === 0 ? 1 : (2 * hits) / (truths + predicted));
  }
  return total;
}

const expectedF1Decision: Entry<SingleCase & { force: boolean }> = {
  name: 'expectedF1Decision',
  export: 'expectedF1Decision',
  cases: fc
    .boolean()
    .chain((force) =>
      singleCases(
        { cell: 'probabilities', maxCols: 6, large: 'any' },
        { forceAtLeastOne: boolean },
        () => ({ forceAtLeastOne: force }),
      ).map((c) => ({ ...c, force, tags: [...c.tags, `forceAtLeastOne ${force}`] })),
    ),
  run: (c) =>
    t.expectedF1Decision(
      scoreOnly(c),
      (c.tampered !== undefined
        ? c.tampered.options
        : { forceAtLeastOne: c.force }) as t.ExpectedF1Options,
    ),
  check: (c, value) => {
    const clean = c.clean;
    if (clean === undefined) return;
    expectDecisions(value, clean.rows, clean.cols);
    if (clean.large) return;
    const d = (value as t.DecisionMatrix).data;
    clean.values.forEach((p, r) => {
      const chosen = Array.from(d.slice(r * clean.cols, (r + 1) * clean.cols));
      if (c.force && !chosen.includes(1))
        expect.fail(`row ${r}: no label although forceAtLeastOne`);
      let best = Number.NEGATIVE_INFINITY;
      for (let s = c.force ? 1 : 0; s < 1 << p.length; s++) {
        best = Math.max(
          best,
          expectedF1(
            p,
            p.map((_, j) => (s >> j) & 1),
          ),
        );
      }
      const got = expectedF1(p, chosen);
      if (!close(got, best, 1e-12))
        expect.fail(`row ${r}: expected F1 ${got}, the best set reaches ${best}`);
    });
  },
};

interface CvCase extends PairCase {
  readonly options: Record<string, unknown>;
}

const crossValidatedThresholds: Entry<CvCase> = {
  name: 'crossValidatedThresholds',
  export: 'crossValidatedThresholds',
  numRuns: 25,
  cases: fc
    .record({
      average: fc.constantFrom('micro', 'macro', 'samples'),
      nFolds: fc.constantFrom(2, 3),
      seed: fc.oneof(fc.nat(1000), fc.constantFrom(0, 2 ** 32, Number.MAX_SAFE_INTEGER)),
      repeats: fc.constantFrom(1, 2),
      metric: fc.constantFrom('f1', 'jaccard'),
    })
    .chain((o) =>
      pairCases(
        { second: 'scores', ignoreIndex: true, weights: true, maxCols: 3, large: undefined },
        {
          ...fitOptions,
          nFolds: integer(2),
          folds: integer(2),
          average: oneOf('micro', 'macro', 'samples'),
          candidates: (v) => Array.isArray(v) && v.length > 0,
          priors: vector(
            (c) => c.cols,
            (p) => p >= 0 && p <= 1,
          ),
          fixedThreshold: number(),
          forceAtLeastOne: boolean,
          order: oneOf(1, 2),
          seed: integer(0),
          repeats: integer(1),
        },
        () => o,
      ).map((c) => {
        const tags = [...c.tags, `options ${describeValue(o)}`];
        const base = fittingExpectation(c);
        // Fewer (labelled) rows than folds: the stratified split is impossible.
        const labelled = c.clean?.labels.filter((row) => row.includes(1)).length ?? 0;
        // A training fold may hold only rows of weight 0: the fit is then refused.
        const zeroWeights = c.clean?.weights?.some((w) => w === 0) ?? false;
        if (base.expect === 'value' && (labelled < o.nFolds || zeroWeights)) {
          return {
            ...base,
            tags,
            options: o,
            expect: 'either' as const,
            why: 'fewer rows with a positive label than folds, or rows of weight 0',
          };
        }
        return { ...base, tags, options: o };
      }),
    ),
  run: (c) => callOnPair(t.crossValidatedThresholds, c, c.options),
  check: (c, value) => {
    const rule = value as t.CrossValidatedRule;
    const clean = c.clean;
    if (clean === undefined) return;
    const scores = Object.values(rule.scores as Record<string, number>);
    if (scores.length === 0) expect.fail('no candidate was scored');
    for (const s of scores)
      if (Number.isNaN(s)) expect.fail(`a candidate scored NaN: ${describeValue(rule.scores)}`);
    const best = Math.max(...scores);
    const chosen = (rule.scores as Record<string, number>)[rule.rule];
    if (chosen !== best)
      expect.fail(`chose ${rule.rule} (${chosen}) over a candidate scoring ${best}`);
    expectDecisions(rule.apply(c.y.input as t.ScoreMatrix), clean.rows, clean.cols);
  },
};

interface NewThresholdsCase extends Case {
  readonly values: VectorArg;
  readonly score: unknown;
}

const thresholdValue = fc.oneof(
  fc.double({ min: -10, max: 10, noNaN: true }),
  fc.constantFrom(...EXTREME_NUMBERS, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY),
);

const newThresholds: Entry<NewThresholdsCase> = {
  name: 'new Thresholds',
  export: 'Thresholds',
  cases: fc
    .record({
      values: fc.oneof(
        {
          weight: 6,
          arbitrary: fc
            .array(thresholdValue, { minLength: 1, maxLength: 6 })
            .chain((v) => vectorArg(v)),
        },
        {
          weight: 1,
          arbitrary: fc
            .array(fc.oneof(thresholdValue, fc.constant(Number.NaN)), {
              minLength: 0,
              maxLength: 4,
            })
            .chain((v) => vectorArg(v)),
        },
        { weight: 1, arbitrary: malformedVector() },
        {
          weight: 1,
          arbitrary: fc.constantFrom(
            {
              input: { length: -1 },
              form: 'an object of length -1',
              values: undefined,
              malformed: 'length -1',
            },
            {
              input: { length: 2 ** 32 },
              form: 'an object of length 2^32',
              values: undefined,
              malformed: 'length 2^32',
            },
            {
              input: { length: 1e300 },
              form: 'an object of length 1e300',
              values: undefined,
              malformed: 'length 1e300',
            },
          ),
        },
      ),
      score: fc.oneof(
        fc.constant(undefined),
        fc.double({ noNaN: true, noDefaultInfinity: true }),
        fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, '1', null),
      ),
    })
    .map(({ values, score }) => {
      const tags = [
        `values: ${values.form} ${describeValue(values.values)}`,
        `score ${describeValue(score)}`,
      ];
      // An array-like object with numeric elements is an ArrayLike<number>, as the type says.
      const v =
        values.form === 'an array-like object'
          ? Array.from(values.input as ArrayLike<unknown>)
          : values.values;
      const valuesOk =
        v !== undefined &&
        v.length > 0 &&
        v.every((x) => typeof x === 'number' && !Number.isNaN(x));
      const scoreOk = score === undefined || (typeof score === 'number' && Number.isFinite(score));
      // An array-like object may also be refused with a MultilabelError (not an array).
      const expectation =
        values.form === 'an array-like object' ? ('either' as const) : ('value' as const);
      return valuesOk && scoreOk
        ? { tags, values, score, expect: expectation, why: 'valid thresholds' }
        : { tags, values, score, expect: 'error' as const, why: 'bad values or score' };
    }),
  run: (c) => new t.Thresholds(c.values.input as number[], c.score as number),
  check: (c, value) => {
    const th = value as t.Thresholds;
    expect(Array.from(th.values)).toEqual(
      Array.from((c.values.values ?? Array.from(c.values.input as ArrayLike<number>)) as number[]),
    );
    expect(th.score).toBe(c.score);
  },
};

interface ApplyCase extends SingleCase {
  readonly thresholds: number[];
  readonly force: unknown;
}

const thresholdsApply: Entry<ApplyCase> = {
  name: 'Thresholds#apply',
  export: 'Thresholds',
  cases: singleCases(
    { cell: 'scores', large: 'any' },
    { forceAtLeastOne: boolean },
    () => ({}),
  ).chain((c) =>
    fc
      .record({
        thresholds: fc.array(thresholdValue, {
          minLength: c.context.cols,
          maxLength: c.context.cols,
        }),
        force: fc.oneof(fc.boolean(), fc.constantFrom(undefined, 1, 'true')),
      })
      .map(({ thresholds, force }) => {
        const tags = [
          ...c.tags,
          `thresholds ${describeValue(thresholds)}`,
          `forceAtLeastOne ${describeValue(force)}`,
        ];
        const forceOk = force === undefined || typeof force === 'boolean';
        if (c.expect === 'value' && !forceOk)
          return {
            ...c,
            tags,
            thresholds,
            force,
            expect: 'error' as const,
            why: 'forceAtLeastOne not a boolean',
          };
        return { ...c, tags, thresholds, force };
      }),
  ),
  run: (c) =>
    new t.Thresholds(c.thresholds).apply(
      scoreOnly(c),
      (c.tampered !== undefined
        ? c.tampered.options
        : c.force === undefined
          ? undefined
          : { forceAtLeastOne: c.force }) as { forceAtLeastOne?: boolean },
    ),
  check: (c, value) => {
    const clean = c.clean;
    if (clean === undefined) return;
    if (clean.large) return expectDecisions(value, clean.rows, clean.cols);
    const plain = decide(asTest(clean.rows, clean.cols, clean.values), c.thresholds);
    expectDecisions(
      value,
      clean.rows,
      clean.cols,
      c.force === true ? forced(clean.values, plain) : plain,
    );
  },
};

/** Thresholds over a mismatched score matrix must throw too. */
const thresholdsApplyMismatch: Entry<Case & { th: number[]; m: MatrixArg }> = {
  name: 'Thresholds#apply (column count)',
  export: 'Thresholds',
  cases: fc
    .record({
      n: fc.integer({ min: 1, max: 4 }),
      rows: fc.integer({ min: 1, max: 4 }),
      cols: fc.integer({ min: 1, max: 5 }),
    })
    .filter(({ n, cols }) => n !== cols)
    .chain(({ n, rows, cols }) =>
      fc.record({
        th: fc.constant(new Array(n).fill(0.5)),
        m: fc.oneof(matrixArg(rows, cols, new Array(rows * cols).fill(0.25)), malformedMatrix()),
      }),
    )
    .map(({ th, m }) => ({
      tags: [`${th.length} thresholds`, `scores: ${m.form} ${m.rows}x${m.cols}`],
      th,
      m,
      expect: 'error' as const,
      why: 'the column count differs from the thresholds',
    })),
  run: (c) => new t.Thresholds(c.th).apply(c.m.input as t.ScoreMatrix),
};

const thresholdsToJson: Entry<Case & { values: number[]; score: number | undefined }> = {
  name: 'Thresholds#toJSON',
  export: 'Thresholds',
  cases: fc
    .record({
      values: fc.array(thresholdValue, { minLength: 1, maxLength: 6 }),
      score: fc.option(fc.double({ noNaN: true, noDefaultInfinity: true }), { nil: undefined }),
    })
    .map(({ values, score }) => ({
      tags: [`values ${describeValue(values)}`, `score ${describeValue(score)}`],
      values,
      score,
      expect: 'value' as const,
      why: 'valid thresholds',
    })),
  run: (c) => new t.Thresholds(c.values, c.score).toJSON(),
  check: (c, value) => {
    const json = JSON.parse(JSON.stringify(value));
    const back = t.Thresholds.fromJSON(json);
    expect(Array.from(back.values)).toEqual(c.values.map((v) => (Object.is(v, -0) ? 0 : v)));
    expect(back.score).toBe(
      c.score === undefined ? undefined : Object.is(c.score, -0) ? 0 : c.score,
    );
  },
};

/** Whether `json` is a valid ThresholdsJSON. */
function validThresholdsJson(json: unknown): boolean {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return false;
  const { values, score } = json as { values?: unknown; score?: unknown };
  if (!Array.isArray(values) || values.length === 0) return false;
  for (let j = 0; j < values.length; j++) {
    const v = values[j];
    if (!(j in values)) return false;
    if (!((typeof v === 'number' && !Number.isNaN(v)) || v === 'Infinity' || v === '-Infinity'))
      return false;
  }
  return score === undefined || (typeof score === 'number' && Number.isFinite(score));
}

const thresholdsFromJson: Entry<Case & { json: unknown }> = {
  name: 'Thresholds.fromJSON',
  export: 'Thresholds',
  cases: fc
    .record({
      values: fc.array(thresholdValue, { minLength: 1, maxLength: 4 }),
      score: fc.option(fc.double({ min: -1, max: 1, noNaN: true }), { nil: undefined }),
    })
    .chain(({ values, score }) => {
      const json = JSON.parse(JSON.stringify(new t.Thresholds(values, score)));
      return fc.oneof(fc.constant({ json, how: 'as written by toJSON' }), tamperJson(json));
    })
    .map(({ json, how }) => {
      const valid = validThresholdsJson(json);
      return {
        tags: [`json ${how}: ${describeValue(json)}`],
        json,
        expect: valid ? ('value' as const) : ('error' as const),
        why: valid ? 'valid JSON' : 'tampered JSON',
      };
    }),
  run: (c) => t.Thresholds.fromJSON(c.json),
  check: (c, value) => {
    const th = value as t.Thresholds;
    const { values, score } = c.json as { values: (number | string)[]; score?: number };
    expect(Array.from(th.values)).toEqual(
      values.map((v) =>
        v === 'Infinity'
          ? Number.POSITIVE_INFINITY
          : v === '-Infinity'
            ? Number.NEGATIVE_INFINITY
            : v,
      ),
    );
    expect(th.score).toBe(score);
  },
};

export const thresholdEntries: AnyEntry[] = [
  operatingPoint,
  conformal,
  optimizeThresholds,
  rankCut,
  topK,
  mCut,
  proportionalCut,
  expectedF1Decision,
  crossValidatedThresholds,
  newThresholds,
  thresholdsApply,
  thresholdsApplyMismatch,
  thresholdsToJson,
  thresholdsFromJson,
];

export type { CellValue };

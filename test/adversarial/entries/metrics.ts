/**
 * Entries of `tfjs-multilabel/metrics`. The averaged metrics reuse the metric registry of the
 * property tests (test/metrics/registry.ts): each variant there (an average, a `k`, ...) brings
 * its definitional twin from test/metrics/definitions.ts, which is the reference here; the
 * remaining functions are checked against brute-force counts written below, or their contract.
 */

import { expect } from 'vitest';
import * as m from '../../../src/metrics/index.js';
import * as d from '../../metrics/definitions.js';
import {
  registry as metricRegistry,
  propensitiesFor,
  rocUndefined,
} from '../../metrics/registry.js';
import type { CellValue } from '../arbitraries.js';
import {
  extremeWeights,
  normalized,
  type PairCase,
  type PairSpec,
  pairCases,
  pairOptions,
  scaledUp,
} from '../families.js';
import { type AnyEntry, type Case, close, describeValue, type Entry, fc } from '../harness.js';
import { COUNT_METRICS, RANKING_METRICS } from '../names.js';
import {
  boolean,
  ignoreIndex,
  integer,
  number,
  type OptionContext,
  type OptionSpec,
  oneOf,
  printable,
  sampleWeight,
  vector,
} from '../options.js';
import { mustThrow, referenceOutcome } from '../outcomes.js';

type Rows = number[][];

/** A way of calling one export with valid options, and its reference. */
interface Variant {
  readonly name: string;
  options(context: OptionContext): Record<string, unknown>;
  /** The reference value (NaN or a throw: undefined, the library must throw). */
  reference(yTrue: Rows, y: Rows, w: number[] | undefined): number | number[];
  /** ROC AUC's extra undefined cases (a label, row or pool with one class). */
  readonly needsBothClasses?: 'label' | 'row' | 'pooled';
  readonly minCols?: number;
  /** No exact reference (extreme options): a number or a MultilabelError, never NaN. */
  readonly open?: boolean;
}

const AVERAGES = ['micro', 'macro', 'weighted', 'samples', 'none'] as const;
const sampleOptions: OptionSpec = { sampleWeight, ignoreIndex };
const countOptions: OptionSpec = {
  ...sampleOptions,
  average: oneOf(...AVERAGES),
  zeroDivision: oneOf(0, 1, 'nan'),
};
const betaRule = (v: unknown) => typeof v === 'number' && v >= 0;
const kRule = integer(1, (c) => c.cols);
const propensityRule = vector(
  (c) => c.cols,
  (p) => p > 0 && p <= 1,
);

/** Options of each export. */
const OPTION_SPECS: Readonly<Record<string, OptionSpec>> = {
  hammingLoss: sampleOptions,
  subsetAccuracy: { ...sampleOptions, normalize: boolean },
  zeroOneLoss: { ...sampleOptions, normalize: boolean },
  precisionScore: countOptions,
  recallScore: countOptions,
  f1Score: countOptions,
  fbetaScore: { ...countOptions, beta: betaRule },
  jaccardScore: countOptions,
  specificityScore: countOptions,
  precisionRecallFscoreSupport: { ...countOptions, beta: betaRule },
  multilabelConfusionMatrix: { ...sampleOptions, samplewise: boolean },
  classificationReport: {
    ...sampleOptions,
    labelNames: (v, c) =>
      Array.isArray(v) && v.length === c.cols && v.every((n) => typeof n === 'string'),
    digits: integer(0, 20),
    zeroDivision: oneOf(0, 1, 'nan'),
    outputDict: boolean,
  },
  averagePrecisionScore: { ...sampleOptions, average: oneOf(...AVERAGES) },
  rocAucScore: {
    ...sampleOptions,
    average: oneOf(...AVERAGES),
    maxFpr: number(0, 1, { min: true }),
  },
  labelRankingAveragePrecision: sampleOptions,
  coverageError: sampleOptions,
  labelRankingLoss: sampleOptions,
  oneError: sampleOptions,
  ndcgScore: { ...sampleOptions, k: integer(1), ignoreTies: boolean },
  precisionAtK: { ...sampleOptions, k: kRule },
  recallAtK: { ...sampleOptions, k: kRule },
  ndcgAtK: { ...sampleOptions, k: kRule },
  propensityScoredPrecisionAtK: {
    ...sampleOptions,
    k: kRule,
    propensities: propensityRule,
    normalize: boolean,
  },
  propensityScoredNdcgAtK: {
    ...sampleOptions,
    k: kRule,
    propensities: propensityRule,
    normalize: boolean,
  },
  precisionRecallCurve: { ...sampleOptions, dropIntermediate: boolean },
  rocCurve: { ...sampleOptions, dropIntermediate: boolean },
};

/** The valid options of a variant of the metric registry, from its name (`'f1Score micro'`). */
function registryOptions(name: string, context: OptionContext): Record<string, unknown> {
  const [fn, ...rest] = name.split(' ');
  const options: Record<string, unknown> = {};
  for (const part of rest) {
    if (AVERAGES.includes(part as (typeof AVERAGES)[number])) options.average = part;
    else if (part.startsWith('k=')) options.k = Number(part.slice(2));
    else if (part.startsWith('beta=')) options.beta = Number(part.slice(5));
    else if (part === 'ignoreTies') options.ignoreTies = true;
    else if (part !== 'precision' && part !== 'ndcg')
      throw new Error(`unknown variant part ${part} in ${name}`);
  }
  if (/^(precision|recall|f1|fbeta|jaccard|specificity)Score$/.test(fn)) options.zeroDivision = 1;
  if (fn === 'propensityScored') options.propensities = propensitiesFor(context.cols);
  return options;
}

/** The export a variant of the metric registry calls. */
function registryExport(name: string): string {
  const [fn, kind] = name.split(' ');
  if (fn !== 'propensityScored') return fn;
  return kind === 'precision' ? 'propensityScoredPrecisionAtK' : 'propensityScoredNdcgAtK';
}

type Counts = { tp: number; fp: number; fn: number; tn: number };

/** Adds cell (i, j) of weight `w[i]` (1 without weights) to the counts, unless it is missing. */
function addCell(c: Counts, y: Rows, p: Rows, w: number[] | undefined, i: number, j: number) {
  const t = y[i][j];
  if (t === -1) return;
  const weight = w === undefined ? 1 : w[i];
  if (t === 1 && p[i][j] === 1) c.tp += weight;
  else if (t === 0 && p[i][j] === 1) c.fp += weight;
  else if (t === 1) c.fn += weight;
  else c.tn += weight;
}

/** Counts of one label (column j) under weights, skipping missing cells. */
function labelCounts(y: Rows, p: Rows, w: number[] | undefined, j: number): Counts {
  const c = { tp: 0, fp: 0, fn: 0, tn: 0 };
  for (let i = 0; i < y.length; i++) addCell(c, y, p, w, i, j);
  return c;
}

/** F-beta from counts that stays right for betas whose square overflows (the limit is recall). */
function fbetaStable(beta: number): d.CountFormula {
  return (c, zd) => {
    const p = c.tp + c.fp === 0 ? zd : c.tp / (c.tp + c.fp);
    const r = c.tp + c.fn === 0 ? zd : c.tp / (c.tp + c.fn);
    const b2 = beta * beta;
    // scikit-learn: beta = Infinity gives recall. A finite beta whose square overflows takes the
    // limit of the finite formula below (recall where precision > 0, else 0).
    if (beta === Number.POSITIVE_INFINITY) return r;
    if (b2 <= 1) {
      const den = b2 * p + r;
      return den === 0 ? 0 : ((1 + b2) * p * r) / den;
    }
    const den = p + r / b2;
    return den === 0 ? 0 : (p * r * (1 + 1 / b2)) / den;
  };
}

const PER_LABEL: Readonly<Record<string, d.CountFormula>> = {
  precisionScore: d.formulas.precision,
  recallScore: d.formulas.recall,
  f1Score: d.formulas.fbeta(1),
  jaccardScore: d.formulas.jaccard,
  specificityScore: d.formulas.specificity,
};

/** Every variant: those of the metric registry, plus `average: 'none'` and extreme betas. */
function variantsOf(exportName: string): Variant[] {
  const out: Variant[] = metricRegistry
    .filter((entry) => registryExport(entry.name) === exportName)
    .map((entry) => ({
      name: entry.name,
      options: (context) => registryOptions(entry.name, context),
      reference: entry.definition,
      needsBothClasses: entry.needsBothClasses,
      minCols: /k=2/.test(entry.name) ? 2 : undefined,
    }));
  const formula = PER_LABEL[exportName];
  if (formula !== undefined) {
    out.push({
      name: `${exportName} none`,
      options: () => ({ average: 'none', zeroDivision: 1 }),
      reference: (y, p, w) => y[0].map((_, j) => formula(labelCounts(y, p, w, j), 1)),
    });
  }
  if (exportName === 'propensityScoredPrecisionAtK' || exportName === 'propensityScoredNdcgAtK') {
    // Propensities whose inverse overflows (subnormal) or nearly does.
    for (const extreme of [5e-324, 1e-300, 2.2250738585072014e-308]) {
      out.push({
        name: `${exportName} k=1 propensities with ${extreme}`,
        options: (context) => ({
          k: 1,
          propensities: Array.from({ length: context.cols }, (_, j) => (j === 0 ? extreme : 0.5)),
        }),
        reference: () => Number.NaN,
        open: true,
      });
    }
  }
  if (exportName === 'fbetaScore') {
    for (const beta of [
      0,
      5e-324,
      1e-200,
      0.5,
      1e154,
      1e200,
      Number.MAX_VALUE,
      Number.POSITIVE_INFINITY,
    ]) {
      for (const average of ['micro', 'macro', 'samples'] as const) {
        out.push({
          name: `fbetaScore beta=${beta} ${average}`,
          options: () => ({ beta, average, zeroDivision: 1 }),
          reference: (y, p, w) => d.averagedCount(y, p, fbetaStable(beta), average, 1, w, 'f'),
        });
      }
    }
  }
  return out;
}

interface MetricCase extends PairCase {
  readonly variant: Variant;
  /** The acceptable values when the call returns (the reference with raw and scaled weights). */
  readonly candidates: readonly (number | number[])[];
}

const defined = (v: number | number[]): boolean =>
  typeof v === 'number' ? Number.isFinite(v) : v.every((x) => Number.isFinite(x));

/**
 * The reference with the weights as given and with the weights divided by their largest (and,
 * for extreme weights, multiplied up until the largest is near 2^500). A metric is invariant
 * to a common factor of the weights, so a scaled value is right too; they differ where float64
 * overflows or underflows in the reference (weights near MAX_VALUE or subnormal) and for
 * scikit-learn's absolute `isclose(total, 0)` test of `'weighted'`. A value equal to any is
 * accepted; a case where only some are defined may also throw.
 */
export function dualReference(
  clean: NonNullable<PairCase['clean']>,
  reference: (w: number[] | undefined) => number | number[],
): (number | number[])[] {
  const safe = (w: number[] | undefined): number | number[] => {
    try {
      return reference(w);
    } catch {
      return Number.NaN;
    }
  };
  const raw = safe(clean.weights);
  if (clean.weights === undefined) return [raw];
  const scaled = [raw, safe(normalized(clean.weights))];
  return extremeWeights(clean.weightKind) ? [...scaled, safe(scaledUp(clean.weights))] : scaled;
}

/** The weights of the simpler references: scaled when extreme, else as given. */
function referenceWeights(clean: NonNullable<PairCase['clean']>): number[] | undefined {
  return extremeWeights(clean.weightKind) ? normalized(clean.weights) : clean.weights;
}

/** The expectation of a metric case, from the reference. */
function withReference(v: Variant, c: PairCase): MetricCase {
  const tags = [...c.tags, `variant ${v.name}`];
  const clean = c.clean;
  if (clean === undefined) return { ...c, tags, variant: v, candidates: [] };
  if (clean.large)
    return { ...c, tags, variant: v, candidates: [], expect: 'either', why: 'large input' };
  if (v.open === true)
    return {
      ...c,
      tags,
      variant: v,
      candidates: [],
      expect: 'either',
      why: 'extreme options: no reference',
    };
  const rocUndefinedHere = rocUndefined(v, clean.labels, clean.weights);
  const candidates = rocUndefinedHere
    ? []
    : dualReference(clean, (w) => v.reference(clean.labels, clean.second, w)).filter(defined);
  const all = clean.weights === undefined ? 1 : 2;
  if (candidates.length === 0) {
    // Extreme weights can overflow or underflow the reference itself: then only the contract.
    const extreme = extremeWeights(clean.weightKind);
    return {
      ...c,
      tags,
      variant: v,
      candidates,
      expect: extreme ? 'either' : 'error',
      why: extreme
        ? 'extreme weights and no reference value'
        : 'the metric is undefined here (the reference has no value)',
    };
  }
  const partly = candidates.length < all || extremeWeights(clean.weightKind);
  return {
    ...c,
    tags,
    variant: v,
    candidates,
    expect: partly ? 'either' : 'value',
    why: partly
      ? 'extreme weights: a value equal to a reference, or a MultilabelError'
      : 'valid input',
  };
}

function metricCases(exportName: string, second: PairSpec['second']): fc.Arbitrary<MetricCase> {
  const spec = OPTION_SPECS[exportName];
  return fc
    .constantFrom(...variantsOf(exportName))
    .chain((v) =>
      pairCases(
        { second, ignoreIndex: true, weights: true, minCols: v.minCols, large: 'any' },
        spec,
        (context) => v.options(context),
      ).map((c) => withReference(v, c)),
    );
}

type MetricFn = (yTrue: unknown, y: unknown, options?: unknown) => unknown;
const fn = (name: string): MetricFn => (m as unknown as Record<string, MetricFn>)[name];

function callMetric(exportName: string, c: MetricCase): unknown {
  return fn(exportName)(c.yTrue.input, c.y.input, pairOptions(c, c.variant.options(c.context)));
}

/** Expects `value` to equal one of `candidates` (or, without candidates, to be a number). */
function expectOneOf(
  what: string,
  value: unknown,
  candidates: readonly (number | number[])[],
): void {
  if (candidates.length <= 1) {
    expectNumberLike(what, value, candidates[0]);
    return;
  }
  const failures: string[] = [];
  for (const candidate of candidates) {
    try {
      expectNumberLike(what, value, candidate);
      return;
    } catch (error) {
      failures.push((error as Error).message);
    }
  }
  expect.fail(failures.join(' / '));
}

function expectNumberLike(
  what: string,
  value: unknown,
  expected: number | number[] | undefined,
): void {
  if (expected === undefined) {
    // No reference (large or extreme input): the contract only.
    const values = typeof value === 'number' ? [value] : Array.from(value as ArrayLike<number>);
    for (const v of values) {
      if (typeof v !== 'number' || Number.isNaN(v))
        expect.fail(`${what}: returned ${describeValue(value)}, not a number`);
    }
    return;
  }
  if (typeof expected === 'number') {
    if (typeof value !== 'number' || !close(value, expected)) {
      expect.fail(`${what}: returned ${describeValue(value)}, the reference is ${expected}`);
    }
    return;
  }
  if (!(value instanceof Float64Array) || value.length !== expected.length) {
    expect.fail(
      `${what}: returned ${describeValue(value)}, the reference is [${expected.join(', ')}]`,
    );
  }
  expected.forEach((e, j) => {
    if (!close((value as Float64Array)[j], e)) {
      expect.fail(`${what}: label ${j} is ${(value as Float64Array)[j]}, the reference is ${e}`);
    }
  });
}

/** An averaged metric, compared with its definition. */
function averagedMetric(exportName: string, second: 'predictions' | 'scores'): Entry<MetricCase> {
  return {
    name: exportName,
    export: exportName,
    cases: metricCases(exportName, second),
    run: (c) => callMetric(exportName, c),
    check: (c, value) => expectOneOf(`${exportName} (${c.variant.name})`, value, c.candidates),
  };
}

/** A case of the functions without a registry variant: the pair plus the options used. */
interface PlainCase extends PairCase {
  readonly options: Record<string, unknown>;
}

function plainCases(
  exportName: string,
  second: PairSpec['second'],
  options: fc.Arbitrary<Record<string, unknown>>,
  large: PairSpec['large'] = 'any',
): fc.Arbitrary<PlainCase> {
  return options.chain((o) =>
    pairCases(
      { second, ignoreIndex: true, weights: true, large },
      OPTION_SPECS[exportName],
      () => o,
    ).map((c) => ({ ...c, options: o, tags: [...c.tags, `options ${describeValue(o)}`] })),
  );
}

function callPlain(exportName: string, c: PlainCase): unknown {
  return fn(exportName)(c.yTrue.input, c.y.input, pairOptions(c, c.options));
}

/** Whether some row with a known label has a positive weight. */
function anyWeightedKnownRow(clean: NonNullable<PairCase['clean']>): boolean {
  return clean.labels.some(
    (row, i) => row.some((t) => t !== -1) && (clean.weights === undefined || clean.weights[i] > 0),
  );
}

/** `either` for extreme weights, as for the averaged metrics. */
function relaxed<C extends PairCase>(c: C): C {
  if (c.clean === undefined || c.expect !== 'value') return c;
  if (c.clean.large || extremeWeights(c.clean.weightKind))
    return { ...c, expect: 'either', why: 'large or extreme input' };
  return c;
}

/** The per-label counts [tn, fp, fn, tp] (or per row with `samplewise`). */
function confusionReference(
  y: Rows,
  p: Rows,
  w: number[] | undefined,
  samplewise: boolean,
): number[] {
  const out: number[] = [];
  if (samplewise) {
    y.forEach((row, i) => {
      const c = { tp: 0, fp: 0, fn: 0, tn: 0 };
      for (let j = 0; j < row.length; j++) addCell(c, y, p, w, i, j);
      out.push(c.tn, c.fp, c.fn, c.tp);
    });
    return out;
  }
  for (let j = 0; j < y[0].length; j++) {
    const c = labelCounts(y, p, w, j);
    out.push(c.tn, c.fp, c.fn, c.tp);
  }
  return out;
}

const multilabelConfusionMatrix: Entry<PlainCase> = {
  name: 'multilabelConfusionMatrix',
  export: 'multilabelConfusionMatrix',
  cases: plainCases(
    'multilabelConfusionMatrix',
    'predictions',
    fc.record({ samplewise: fc.boolean() }),
  ).map(relaxed),
  run: (c) => callPlain('multilabelConfusionMatrix', c),
  check: (c, value) => {
    const r = value as m.ConfusionMatrices;
    const clean = c.clean;
    if (clean === undefined) return;
    const count = c.options.samplewise === true ? clean.rows : clean.cols;
    expect(Array.from(r.shape), 'shape').toEqual([count, 2, 2]);
    if (clean.large || extremeWeights(clean.weightKind)) {
      for (const v of r.data) if (!(v >= 0)) expect.fail(`a count is ${v}`);
      return;
    }
    const expected = confusionReference(
      clean.labels,
      clean.second,
      clean.weights,
      c.options.samplewise === true,
    );
    expected.forEach((e, i) => {
      if (!close(r.data[i], e)) expect.fail(`count ${i} is ${r.data[i]}, the reference is ${e}`);
    });
  },
};

const precisionRecallFscoreSupport: Entry<PlainCase> = {
  name: 'precisionRecallFscoreSupport',
  export: 'precisionRecallFscoreSupport',
  cases: plainCases(
    'precisionRecallFscoreSupport',
    'predictions',
    fc.record({
      average: fc.constantFrom('none', 'micro'),
      beta: fc.constantFrom(1, 2, 0.5),
      zeroDivision: fc.constant(1),
    }),
  ).map((c) => {
    if (c.clean === undefined || c.clean.large) return relaxed(c);
    // 'micro' over no known cell is undefined.
    const known =
      c.clean.labels.flat().some((t) => t !== -1) && (c.clean.weights ?? [1]).some((w) => w > 0);
    return known ? relaxed(c) : { ...c, expect: 'either', why: 'no known cell with weight' };
  }),
  run: (c) => callPlain('precisionRecallFscoreSupport', c),
  check: (c, value) => {
    const clean = c.clean;
    if (clean === undefined) return;
    const r = value as { precision: unknown; recall: unknown; fScore: unknown; support: unknown };
    if (clean.large || extremeWeights(clean.weightKind)) {
      for (const k of ['precision', 'recall', 'fScore', 'support'] as const)
        expectNumberLike(k, r[k], undefined);
      return;
    }
    const beta = c.options.beta as number;
    const w = referenceWeights(clean);
    const formulas = {
      precision: d.formulas.precision,
      recall: d.formulas.recall,
      fScore: d.formulas.fbeta(beta),
    };
    const scale =
      w === clean.weights || clean.weights === undefined ? 1 : Math.max(...clean.weights);
    for (const key of ['precision', 'recall', 'fScore'] as const) {
      const formula = formulas[key];
      const expected =
        c.options.average === 'none'
          ? clean.labels[0].map((_, j) => formula(labelCounts(clean.labels, clean.second, w, j), 1))
          : d.averagedCount(
              clean.labels,
              clean.second,
              formula,
              'micro',
              1,
              w,
              key === 'fScore' ? 'f' : key,
            );
      expectNumberLike(`precisionRecallFscoreSupport ${key}`, r[key], expected);
    }
    const support = clean.labels[0].map((_, j) => {
      const counts = labelCounts(clean.labels, clean.second, w, j);
      return (counts.tp + counts.fn) * (scale > 0 ? scale : 1);
    });
    const expectedSupport =
      c.options.average === 'none' ? support : support.reduce((a, b) => a + b, 0);
    expectNumberLike('precisionRecallFscoreSupport support', r.support, expectedSupport);
  },
};

const classificationReport: Entry<PlainCase> = {
  name: 'classificationReport',
  export: 'classificationReport',
  cases: plainCases(
    'classificationReport',
    'predictions',
    fc.record({ outputDict: fc.boolean(), digits: fc.constantFrom(0, 2, 20) }),
    // One line (or object) per label: 200,000 labels are checked once, in extremes.test.ts.
    'tall',
  ).map((c) =>
    c.clean !== undefined && !c.clean.large && !anyWeightedKnownRow(c.clean)
      ? {
          ...c,
          expect: 'either',
          why: 'no known row with weight: the samples average is undefined',
        }
      : relaxed(c),
  ),
  run: (c) => callPlain('classificationReport', c),
  check: (c, value) => {
    const clean = c.clean;
    if (clean === undefined) return;
    if (c.options.outputDict !== true) {
      expect(typeof value, 'the text form').toBe('string');
      expect((value as string).split('\n').length).toBeGreaterThan(clean.cols);
      return;
    }
    const report = value as m.ClassificationReport;
    expect(report.labels.length).toBe(clean.cols);
    if (clean.large || extremeWeights(clean.weightKind)) return;
    const w = referenceWeights(clean);
    report.labels.forEach((row, j) => {
      const counts = labelCounts(clean.labels, clean.second, w, j);
      expectNumberLike(`precision of label ${j}`, row.precision, d.formulas.precision(counts, 0));
      expectNumberLike(`recall of label ${j}`, row.recall, d.formulas.recall(counts, 0));
    });
  },
};

/** Area under a piecewise-linear curve. */
function trapezoid(x: ArrayLike<number>, y: ArrayLike<number>): number {
  let area = 0;
  for (let i = 1; i < x.length; i++) area += ((x[i] - x[i - 1]) * (y[i] + y[i - 1])) / 2;
  return area;
}

/** Labels of column j with both classes among known cells of positive weight. */
function columnCells(clean: NonNullable<PairCase['clean']>, j: number, w: number[] | undefined) {
  const cells = d
    .cellsOfColumn(clean.labels, clean.second, w, j)
    .filter(([, , weight]) => weight > 0);
  // Scaled per label, so that products of two weights cannot underflow in the reference.
  const max = Math.max(0, ...cells.map(([, , weight]) => weight));
  return cells.map(([t, s, weight]): [number, number, number] => [
    t,
    s,
    max > 0 ? weight / max : weight,
  ]);
}

/**
 * A per-label curve function: one curve per label, checked label by label against the
 * reference through `checkLabel(curve, cells)` (cells scaled so the reference cannot underflow;
 * curves do not change when every weight is scaled). Only many rows as large input: a
 * 200,000-label row makes 200,000 curve objects.
 */
function curveEntry<T>(
  name: 'rocCurve' | 'precisionRecallCurve',
  checkLabel: (curve: T, cells: [number, number, number][], j: number) => void,
): Entry<PlainCase> {
  return {
    name,
    export: name,
    cases: plainCases(name, 'scores', fc.record({ dropIntermediate: fc.boolean() }), 'tall').map(
      (c) => {
        if (c.clean === undefined || c.clean.large) return relaxed(c);
        // A label without a known cell of positive weight has no curve.
        const clean = c.clean;
        const empty = clean.labels[0].some(
          (_, j) => columnCells(clean, j, clean.weights).length === 0,
        );
        return empty
          ? { ...c, expect: 'either', why: 'a label has no known cell of positive weight' }
          : relaxed(c);
      },
    ),
    run: (c) => callPlain(name, c),
    check: (c, value) => {
      const clean = c.clean;
      if (clean === undefined) return;
      const curves = value as T[];
      expect(curves.length).toBe(clean.cols);
      if (clean.large || extremeWeights(clean.weightKind)) return;
      const w = normalized(clean.weights);
      curves.forEach((curve, j) => {
        checkLabel(curve, columnCells(clean, j, w), j);
      });
    },
  };
}

const rocCurve = curveEntry<m.RocCurve>('rocCurve', (curve, cells, j) => {
  if (new Set(cells.map(([t]) => t)).size < 2) return;
  for (let i = 1; i < curve.thresholds.length; i++) {
    // Non-increasing: the first is max + 1, which rounds to max for huge scores.
    if (!(curve.thresholds[i] <= curve.thresholds[i - 1])) {
      expect.fail(`label ${j}: thresholds increase at ${i}: ${describeValue(curve.thresholds)}`);
    }
  }
  expectNumberLike(
    `area under the ROC curve of label ${j}`,
    trapezoid(curve.fpr, curve.tpr),
    d.binaryAuc(cells),
  );
});

const precisionRecallCurve = curveEntry<m.PrecisionRecallCurve>(
  'precisionRecallCurve',
  (curve, cells, j) => {
    if (!cells.some(([t]) => t === 1)) return;
    // Average precision as the step sum over the curve: sum (r[i] - r[i + 1]) p[i].
    let ap = 0;
    for (let i = 0; i + 1 < curve.recall.length; i++)
      ap += (curve.recall[i] - curve.recall[i + 1]) * curve.precision[i];
    expectNumberLike(`average precision from the curve of label ${j}`, ap, d.binaryAp(cells));
  },
);

interface JainCase extends Case {
  readonly counts: unknown;
  readonly n: unknown;
  readonly options: unknown;
  readonly expected: number[] | undefined;
}

const jainPropensities: Entry<JainCase> = {
  name: 'jainPropensities',
  export: 'jainPropensities',
  cases: fc
    .record({
      n: fc.oneof(
        fc.integer({ min: 3, max: 1000 }),
        fc.constantFrom(
          3,
          2 ** 53 - 1,
          2 ** 31,
          2,
          0,
          -1,
          3.5,
          Number.NaN,
          1e308,
          '10' as unknown as number,
          2n as unknown as number,
        ),
      ),
      counts: fc.array(fc.oneof(fc.nat(1000), fc.constantFrom(0, -1, 0.5, Number.NaN, 1e308)), {
        minLength: 0,
        maxLength: 6,
      }),
      A: fc.option(
        fc.constantFrom(
          0.55,
          1e-300,
          5e-324,
          1,
          1e308,
          0,
          -1,
          Number.NaN,
          Number.POSITIVE_INFINITY,
        ),
        { nil: undefined },
      ),
      B: fc.option(
        fc.constantFrom(1.5, 0, 1e308, 5e-324, -1, Number.NaN, Number.POSITIVE_INFINITY),
        { nil: undefined },
      ),
    })
    .map(({ n, counts, A, B }) => {
      const options = { ...(A === undefined ? {} : { A }), ...(B === undefined ? {} : { B }) };
      const tags = [
        `argument n = ${printable(n)}`,
        `labelCounts ${describeValue(counts)}`,
        `options ${describeValue(options)}`,
      ];
      const validA = A === undefined || (Number.isFinite(A) && A > 0);
      const validB = B === undefined || (Number.isFinite(B) && B >= 0);
      const validN = typeof n === 'number' && Number.isSafeInteger(n) && n >= 3;
      const validCounts = counts.every((k) => Number.isInteger(k) && k >= 0 && k <= (n as number));
      if (!(validA && validB && validN && validCounts)) {
        return { tags, counts, n, options, ...mustThrow('a bad n, count, A or B') };
      }
      const a = A ?? 0.55;
      const b = B ?? 1.5;
      const C = (Math.log(n as number) - 1) * (b + 1) ** a;
      const expected = counts.map((k) => 1 / (1 + C * (k + b) ** -a));
      // Where the float64 formula breaks down (overflow), only the contract holds.
      const exact = expected.every((p) => Number.isFinite(p) && p > 0 && p < 1);
      return {
        tags,
        counts,
        n,
        options,
        ...referenceOutcome(expected, exact, 'valid input', 'extreme A or B'),
      };
    }),
  run: (c) =>
    m.jainPropensities(c.counts as number[], c.n as number, c.options as m.JainPropensityOptions),
  check: (c, value) => {
    const p = value as Float64Array;
    for (const v of p) if (!(v > 0 && v <= 1)) expect.fail(`a propensity is ${v}, outside (0, 1]`);
    if (c.expected !== undefined) expectNumberLike('jainPropensities', p, c.expected);
  },
};

/** Every entry of the metrics subpath except MultilabelMetrics (see streaming.ts). */
export const metricEntries: AnyEntry[] = [
  ...COUNT_METRICS.map((name) => averagedMetric(name, 'predictions')),
  ...RANKING_METRICS.map((name) => averagedMetric(name, 'scores')),
  multilabelConfusionMatrix,
  precisionRecallFscoreSupport,
  classificationReport,
  rocCurve,
  precisionRecallCurve,
  jainPropensities,
];

export type { CellValue };

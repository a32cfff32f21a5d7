/**
 * Entries of the calibration metrics (`brierScore`, `expectedCalibrationError`,
 * `calibrationCurve`): labels and probabilities in every form, missing cells, weights, tampered
 * options; values against definitions written here (per label, the known cells of positive
 * weight), or a MultilabelError where a label has no such cell.
 */
import { expect } from 'vitest';
import * as m from '../../../src/metrics/index.js';
import { extremeWeights, normalized, type PairCase, pairCases, pairOptions } from '../families.js';
import { type AnyEntry, close, type Entry, fc } from '../harness.js';
import { ignoreIndex, integer, type OptionRule, oneOf, sampleWeight } from '../options.js';

/** The known cells of positive weight of label `j` (or of all labels): [label, p, weight]. */
function cellsOf(
  c: NonNullable<PairCase['clean']>,
  j: number | undefined,
  w: number[] | undefined,
) {
  const out: [number, number, number][] = [];
  c.labels.forEach((row, r) => {
    row.forEach((t, l) => {
      const weight = w === undefined ? 1 : w[r];
      if ((j === undefined || l === j) && t !== -1 && weight > 0)
        out.push([t, c.second[r][l], weight]);
    });
  });
  return out;
}

const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);

/** The Brier score of cells by its definition. */
const brier = (cells: [number, number, number][]) =>
  sum(cells.map(([t, p, w]) => w * (p - t) ** 2)) / sum(cells.map(([, , w]) => w));

/**
 * The ECE of cells over `nBins` uniform bins: a probability goes to the bin of the first
 * interior edge `i / nBins` at or above it (scikit-learn's `searchsorted`).
 */
function ece(cells: [number, number, number][], nBins: number): number {
  const interior = Array.from({ length: nBins - 1 }, (_, i) => (i + 1) * (1 / nBins));
  const binOf = (p: number) => interior.filter((edge) => edge < p).length;
  const total = sum(cells.map(([, , w]) => w));
  let gap = 0;
  for (let b = 0; b < nBins; b++) {
    const inBin = cells.filter(([, p]) => binOf(p) === b);
    gap += Math.abs(sum(inBin.map(([t, , w]) => t * w)) - sum(inBin.map(([, p, w]) => p * w)));
  }
  return gap / total;
}

interface CalibrationCase extends PairCase {
  readonly nBins: number;
  readonly average: string;
}

/** Cases whose every label has a known cell of positive weight (else: an error). */
function calibrationCases(
  averages: readonly string[],
  binned: boolean,
): fc.Arbitrary<CalibrationCase> {
  const bins: Record<string, OptionRule> = binned
    ? { nBins: integer(1, 1 << 20), strategy: oneOf('uniform', 'quantile') }
    : {};
  return fc
    .record({ nBins: fc.constantFrom(1, 2, 5, 10), average: fc.constantFrom(...averages) })
    .chain(({ nBins, average }) =>
      pairCases(
        { second: 'probabilities', ignoreIndex: true, weights: true, large: 'tall' },
        { sampleWeight, ignoreIndex, average: oneOf(...averages), ...bins },
        () => (binned ? { nBins, average } : { average }),
      ).map((c): CalibrationCase => {
        const clean = c.clean;
        const base = { ...c, nBins, average };
        if (clean === undefined) return base;
        if (clean.large || extremeWeights(clean.weightKind)) {
          return { ...base, expect: 'either', why: 'large input or extreme weights' };
        }
        const why = undefinedBecause(clean, average);
        return why === undefined ? base : { ...base, expect: 'error', why };
      }),
    );
}

/**
 * Why the metric is undefined on clean input with `average` (undefined: it is defined), by the
 * averaging rules: the labels scored must each have a known cell of positive weight.
 */
function undefinedBecause(c: NonNullable<PairCase['clean']>, average: string): string | undefined {
  const w = c.weights;
  const emptyLabel = c.labels[0].some((_, j) => cellsOf(c, j, w).length === 0);
  if (c.cols === 1 || average === 'macro' || average === 'none') {
    return emptyLabel ? 'a label has no known cell of positive weight' : undefined;
  }
  if (average === 'micro') {
    return cellsOf(c, undefined, w).length === 0 ? 'no known cell of positive weight' : undefined;
  }
  if (average === 'weighted') {
    // No positive weight at all: scikit-learn's rule returns 0 before scoring a label.
    const positives = sum(cellsOf(c, undefined, w).map(([t, , weight]) => t * weight));
    return positives > 0 && emptyLabel ? 'a label has no known cell of positive weight' : undefined;
  }
  // 'samples': the rows with a known cell, averaged with their weights.
  const kept = c.labels.filter((row) => row.some((t) => t !== -1)).length;
  const weight = sum(
    c.labels.map((row, r) => (row.some((t) => t !== -1) ? (w === undefined ? 1 : w[r]) : 0)),
  );
  return kept === 0 || !(weight > 0) ? 'no row with a known cell of positive weight' : undefined;
}

function optionsOf(c: CalibrationCase, binned: boolean): unknown {
  return pairOptions(c, { ...(binned ? { nBins: c.nBins } : {}), average: c.average });
}

/** The reference value of a per-label metric, with the library's averaging of it. */
function averaged(
  c: CalibrationCase,
  metric: (cells: [number, number, number][]) => number,
): number | number[] {
  const clean = c.clean as NonNullable<PairCase['clean']>;
  const w = normalized(clean.weights);
  const labels = clean.labels[0].map((_, j) => metric(cellsOf(clean, j, w)));
  // One column is one binary problem whatever the average (scikit-learn's reading).
  if (clean.cols === 1) return c.average === 'none' ? labels : labels[0];
  if (c.average === 'none') return labels;
  if (c.average === 'micro') return metric(cellsOf(clean, undefined, w));
  if (c.average === 'weighted') {
    const positives = clean.labels[0].map((_, j) =>
      sum(cellsOf(clean, j, w).map(([t, , weight]) => t * weight)),
    );
    const total = sum(positives);
    return total === 0 ? 0 : sum(labels.map((v, j) => v * positives[j])) / total;
  }
  if (c.average === 'samples') {
    const rows = clean.labels.map((row, r) =>
      row.flatMap((t, l): [number, number, number][] =>
        t === -1 ? [] : [[t, clean.second[r][l], 1]],
      ),
    );
    const weights = clean.labels.map((_, r) => (w === undefined ? 1 : w[r]));
    const kept = rows
      .map((cells, r) => [cells, weights[r]] as const)
      .filter(([cells]) => cells.length > 0);
    return (
      sum(kept.map(([cells, weight]) => (weight === 0 ? 0 : metric(cells) * weight))) /
      sum(kept.map(([, weight]) => weight))
    );
  }
  return sum(labels) / labels.length;
}

/** Whether the case's call is the valid one of clean, ordinary input (with a reference). */
const referenced = (c: CalibrationCase): boolean =>
  c.tampered === undefined &&
  c.clean !== undefined &&
  !c.clean.large &&
  !extremeWeights(c.clean.weightKind);

function checkAgainst(value: unknown, want: number | number[]): void {
  const got = typeof value === 'number' ? [value] : Array.from(value as Float64Array);
  const expected = typeof want === 'number' ? [want] : want;
  expect(got.length).toBe(expected.length);
  got.forEach((v, i) => {
    if (!close(v, expected[i]))
      expect.fail(`value ${i} is ${v}, the definition gives ${expected[i]}`);
  });
}

const brierScore: Entry<CalibrationCase> = {
  name: 'brierScore',
  export: 'brierScore',
  cases: calibrationCases(['micro', 'macro', 'weighted', 'samples', 'none'], false),
  run: (c) =>
    m.brierScore(
      c.yTrue.input as m.LabelMatrix,
      c.y.input as m.ScoreMatrix,
      optionsOf(c, false) as m.BrierScoreOptions<m.Average>,
    ),
  check: (c, value) => {
    if (!referenced(c)) return;
    checkAgainst(value, averaged(c, brier));
  },
};

const expectedCalibrationError: Entry<CalibrationCase> = {
  name: 'expectedCalibrationError',
  export: 'expectedCalibrationError',
  cases: calibrationCases(['micro', 'macro', 'weighted', 'none'], true),
  run: (c) =>
    m.expectedCalibrationError(
      c.yTrue.input as m.LabelMatrix,
      c.y.input as m.ScoreMatrix,
      optionsOf(c, true) as m.ExpectedCalibrationErrorOptions<'macro'>,
    ),
  check: (c, value) => {
    if (!referenced(c)) return;
    checkAgainst(
      value,
      averaged(c, (cells) => ece(cells, c.nBins)),
    );
  },
};

const calibrationCurve: Entry<CalibrationCase> = {
  name: 'calibrationCurve',
  export: 'calibrationCurve',
  numRuns: 30,
  cases: calibrationCases(['micro', 'none'], true),
  run: (c) =>
    m.calibrationCurve(
      c.yTrue.input as m.LabelMatrix,
      c.y.input as m.ScoreMatrix,
      optionsOf(c, true) as m.CalibrationCurveOptions<'micro'>,
    ),
  check: (c, value) => {
    const curves = (Array.isArray(value) ? value : [value]) as m.CalibrationCurve[];
    for (const curve of curves) {
      expect(curve.edges.length).toBe(c.tampered === undefined ? c.nBins + 1 : curve.edges.length);
      for (const v of [...curve.probTrue, ...curve.probPred]) {
        if (!(v >= 0 && v <= 1 + 1e-12)) expect.fail(`a curve value is ${v}, outside [0, 1]`);
      }
    }
    if (!referenced(c)) return;
    // The ECE is the weighted distance of the curve from the diagonal.
    const distance = (curve: m.CalibrationCurve) => {
      const total = sum(Array.from(curve.counts));
      return sum(
        Array.from(
          curve.counts,
          (n, b) => (n / total) * Math.abs(curve.probTrue[b] - curve.probPred[b]),
        ),
      );
    };
    const want = averaged(c, (cells) => ece(cells, c.nBins));
    checkAgainst(c.average === 'none' ? curves.map(distance) : distance(curves[0]), want);
  },
};

/** The entries of the calibration metrics. */
export const calibrationEntries: AnyEntry[] = [
  brierScore,
  expectedCalibrationError,
  calibrationCurve,
];

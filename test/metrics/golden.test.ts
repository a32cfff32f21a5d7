/**
 * Every metric against scikit-learn 1.2.1 on the inputs of test/fixtures/metrics-golden.json
 * (made by scripts/fixtures/metrics_golden.py): values agree to 1e-9 (relative above 1), text
 * reports character for character, and where scikit-learn raises (or returns NaN with a
 * warning) the library throws a MultilabelError.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { isMultilabelError, type MatrixInput } from '../../src/core/index.js';
import * as m from '../../src/metrics/index.js';

type Json = number | string | Json[];
interface Input {
  tag: string;
  yTrue: number[][];
  yPred: number[][];
  yScore: number[][];
  sampleWeight: number[] | null;
  float32: boolean;
}
interface Case {
  input: number;
  fn: string;
  options: Record<string, unknown>;
  value?: Json;
  error?: string;
}

const fixture = JSON.parse(
  readFileSync(new URL('../fixtures/metrics-golden.json', import.meta.url), 'utf8'),
) as { sklearn: string; inputs: Input[]; cases: Case[] };

function scoresOf(input: Input): MatrixInput {
  if (!input.float32) return input.yScore;
  return {
    data: Float32Array.from(input.yScore.flat()),
    shape: [input.yScore.length, input.yScore[0].length],
  };
}

/** The matrices of one fixture input, as the library reads them. */
interface Matrices {
  yTrue: number[][];
  yPred: number[][];
  yScore: MatrixInput;
}
type Options = Record<string, unknown>;
type Metric = (yTrue: MatrixInput, y: MatrixInput, options: Options) => unknown;

/** A metric of the labels and the 0/1 predictions. */
const onPredictions =
  (metric: Metric) =>
  ({ yTrue, yPred }: Matrices, options: Options): unknown =>
    metric(yTrue, yPred, options);
/** A metric of the labels and the scores. */
const onScores =
  (metric: Metric) =>
  ({ yTrue, yScore }: Matrices, options: Options): unknown =>
    metric(yTrue, yScore, options);

/** How each function a case names is called, and the part of its result the fixture holds. */
const dispatch: Record<string, (x: Matrices, options: Options) => unknown> = {
  hammingLoss: onPredictions(m.hammingLoss),
  subsetAccuracy: onPredictions(m.subsetAccuracy),
  zeroOneLoss: onPredictions(m.zeroOneLoss),
  precisionScore: onPredictions(m.precisionScore),
  recallScore: onPredictions(m.recallScore),
  f1Score: onPredictions(m.f1Score),
  fbetaScore: onPredictions(m.fbetaScore as unknown as Metric),
  jaccardScore: onPredictions(m.jaccardScore),
  specificityScore: onPredictions(m.specificityScore),
  precisionRecallFscoreSupport: ({ yTrue, yPred }, options) => {
    const r = m.precisionRecallFscoreSupport(yTrue, yPred, options);
    return [r.precision, r.recall, r.fScore];
  },
  multilabelConfusionMatrix: ({ yTrue, yPred }, options) =>
    m.multilabelConfusionMatrix(yTrue, yPred, options).data,
  classificationReport: onPredictions(m.classificationReport),
  classificationReportDict: ({ yTrue, yPred }, options) => {
    const r = m.classificationReport(yTrue, yPred, { ...options, outputDict: true });
    return [...r.labels, r.micro, r.macro, r.weighted, r.samples].map((row) => [
      row.precision,
      row.recall,
      row.f1Score,
      row.support,
    ]);
  },
  averagePrecisionScore: onScores(m.averagePrecisionScore),
  rocAucScore: onScores(m.rocAucScore),
  labelRankingAveragePrecision: onScores(m.labelRankingAveragePrecision),
  coverageError: onScores(m.coverageError),
  labelRankingLoss: onScores(m.labelRankingLoss),
  ndcgScore: onScores(m.ndcgScore),
  ndcgAtK: onScores(m.ndcgAtK as unknown as Metric),
  rocCurve: ({ yTrue, yScore }, options) =>
    m.rocCurve(yTrue, yScore, options).map((c) => [c.fpr, c.tpr, c.thresholds]),
  precisionRecallCurve: ({ yTrue, yScore }, options) =>
    m
      .precisionRecallCurve(yTrue, yScore, options)
      .map((c) => [c.precision, c.recall, c.thresholds]),
};

/** Calls the library function a case names, with the case's options. */
function call(c: Case): unknown {
  const input = fixture.inputs[c.input];
  const { sampleWeight: useWeights, beta, ...rest } = c.options;
  const options: Options = { ...rest };
  if (useWeights === true) options.sampleWeight = input.sampleWeight;
  if (beta !== undefined) options.beta = beta === 'Infinity' ? Number.POSITIVE_INFINITY : beta;
  const run = dispatch[c.fn];
  if (run === undefined) throw new Error(`no dispatch for ${c.fn}`);
  return run({ yTrue: input.yTrue, yPred: input.yPred, yScore: scoresOf(input) }, options);
}

/** Compares recursively; returns a description of the first difference, or '' when equal. */
function difference(actual: unknown, expected: Json, path: string): string {
  if (typeof expected === 'string' && expected !== 'nan') {
    return actual === expected
      ? ''
      : `${path}: ${JSON.stringify(actual)} != ${JSON.stringify(expected)}`;
  }
  if (Array.isArray(expected)) {
    const list = actual as ArrayLike<unknown>;
    if (list === null || typeof list !== 'object' || list.length !== expected.length) {
      return `${path}: length ${(list as { length?: number })?.length} != ${expected.length}`;
    }
    for (let i = 0; i < expected.length; i++) {
      const d = difference(list[i], expected[i], `${path}[${i}]`);
      if (d) return d;
    }
    return '';
  }
  // scikit-learn returns a scalar for a single label column; the library a one-entry array.
  if (actual instanceof Float64Array && actual.length === 1) actual = actual[0];
  const want = expected === 'nan' ? Number.NaN : (expected as number);
  if (typeof actual !== 'number') return `${path}: ${String(actual)} is not a number`;
  if (Number.isNaN(want)) return Number.isNaN(actual) ? '' : `${path}: ${actual} != NaN`;
  const tolerance = 1e-9 * Math.max(1, Math.abs(want));
  return Math.abs(actual - want) <= tolerance ? '' : `${path}: ${actual} != ${want}`;
}

describe(`golden values from scikit-learn ${fixture.sklearn}`, () => {
  it('covers every metric with at least 500 cases', () => {
    expect(fixture.cases.length).toBeGreaterThanOrEqual(500);
    const names = new Set(fixture.cases.map((c) => c.fn));
    for (const fn of Object.keys(dispatch)) {
      expect(names.has(fn), fn).toBe(true);
    }
  });

  const byFn = new Map<string, Case[]>();
  for (const c of fixture.cases) byFn.set(c.fn, [...(byFn.get(c.fn) ?? []), c]);
  for (const [fn, cases] of byFn) {
    it(`${fn}: ${cases.length} cases agree`, () => {
      const failures: string[] = [];
      for (const c of cases) {
        const where = `${fn} on ${fixture.inputs[c.input].tag} with ${JSON.stringify(c.options)}`;
        if (c.error !== undefined) {
          try {
            const got = call(c);
            failures.push(
              `${where}: expected a MultilabelError (scikit-learn: ${c.error}), got ${String(got)}`,
            );
          } catch (error) {
            if (!isMultilabelError(error)) failures.push(`${where}: threw ${String(error)}`);
          }
          continue;
        }
        try {
          const d = difference(call(c), c.value as Json, '');
          if (d) failures.push(`${where}: ${d}`);
        } catch (error) {
          failures.push(`${where}: threw ${String(error)}`);
        }
      }
      expect(failures.slice(0, 5), `${failures.length} of ${cases.length} failed`).toEqual([]);
    });
  }
});

/**
 * The threshold objectives and the array metrics average counts with one kernel: on random
 * labels, decisions and row weights, the objective's value of every built-in metric (and of
 * custom count metrics) equals the array metric's value for every average the objectives offer.
 * The one difference, labels without a known cell left out of `'macro'`, is pinned by dropping
 * those columns before calling the array metric.
 */
import { test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { toLabelMatrix } from '../../src/core/label-matrix.js';
import * as m from '../../src/metrics/index.js';
import { type CountMetric, readMetric } from '../../src/thresholds/count-metric.js';
import { scoreDecisions, type ThresholdAverage } from '../../src/thresholds/objective.js';
import { fc, metricProblem } from '../fc.js';

const AVERAGES: readonly ThresholdAverage[] = ['micro', 'macro', 'samples'];

type Rows = number[][];
type ArrayMetric = (yTrue: Rows, yPred: Rows, options: Record<string, unknown>) => number;

/** Each threshold metric with the array metric that computes the same formula. */
const PAIRS: readonly {
  name: string;
  metric: Record<string, unknown>;
  array: ArrayMetric;
}[] = [
  { name: 'f1', metric: { metric: 'f1' }, array: (t, p, o) => m.f1Score(t, p, o) as number },
  {
    name: 'fbeta',
    metric: { metric: 'fbeta', beta: 2 },
    array: (t, p, o) => m.fbetaScore(t, p, { ...o, beta: 2 }) as number,
  },
  {
    name: 'jaccard',
    metric: { metric: 'jaccard' },
    array: (t, p, o) => m.jaccardScore(t, p, o) as number,
  },
  {
    name: 'custom precision',
    metric: { metric: (({ tp, fp }) => (tp + fp === 0 ? 0 : tp / (tp + fp))) as CountMetric },
    array: (t, p, o) => m.precisionScore(t, p, { ...o, zeroDivision: 0 }) as number,
  },
  {
    name: 'custom recall',
    metric: { metric: (({ tp, fn }) => (tp + fn === 0 ? 0 : tp / (tp + fn))) as CountMetric },
    array: (t, p, o) => m.recallScore(t, p, { ...o, zeroDivision: 0 }) as number,
  },
  {
    name: 'custom specificity',
    metric: { metric: (({ tn, fp }) => (tn + fp === 0 ? 0 : tn / (tn + fp))) as CountMetric },
    array: (t, p, o) => m.specificityScore(t, p, { ...o, zeroDivision: 0 }) as number,
  },
];

/** The columns of `rows` where `keep` holds. */
function columns(rows: Rows, keep: readonly boolean[]): Rows {
  return rows.map((row) => row.filter((_, j) => keep[j]));
}

/** Runs `fn`; its value, or `'throws'`. */
function outcome(fn: () => number): number | 'throws' {
  try {
    return fn();
  } catch {
    return 'throws';
  }
}

describe('threshold objectives against the array metrics', () => {
  test.prop([
    metricProblem({ second: 'predictions', missing: true, weights: 'fractional' }),
    fc.constantFrom(0, 1),
  ])(
    'the objective of every metric and average equals the array metric on the same counts',
    ({ yTrue, y, sampleWeight }, zeroDivision) => {
      const truth = toLabelMatrix(yTrue, 'yTrue', { ignoreIndex: -1 });
      const pred = Int8Array.from(y.flat());
      const weights = sampleWeight === undefined ? undefined : Float64Array.from(sampleWeight);
      const known = yTrue[0].map((_, j) => yTrue.some((row) => row[j] >= 0));
      for (const { name, metric, array } of PAIRS) {
        const custom = typeof metric.metric === 'function';
        const spec = readMetric(custom ? metric : { ...metric, zeroDivision });
        for (const average of AVERAGES) {
          const objective = outcome(() =>
            scoreDecisions(truth, pred, spec.evaluate, average, weights),
          );
          const t = average === 'macro' ? columns(yTrue, known) : yTrue;
          const p = average === 'macro' ? columns(y, known) : y;
          const expected = outcome(() =>
            array(t, p, {
              average,
              ignoreIndex: -1,
              ...(custom ? {} : { zeroDivision }),
              ...(sampleWeight === undefined ? {} : { sampleWeight }),
            }),
          );
          expect(objective, `${name}, average ${average}`).toBe(expected);
        }
      }
    },
  );

  test.prop([metricProblem({ second: 'predictions', missing: true, weights: 'integer' })])(
    "balancedAccuracy's objective is the brute-force mean of its per-label and per-row values",
    ({ yTrue, y, sampleWeight }) => {
      const truth = toLabelMatrix(yTrue, 'yTrue', { ignoreIndex: -1 });
      const pred = Int8Array.from(y.flat());
      const weights = sampleWeight === undefined ? undefined : Float64Array.from(sampleWeight);
      const spec = readMetric({ metric: 'balancedAccuracy' });
      const w = (r: number) => (sampleWeight === undefined ? 1 : sampleWeight[r]);
      const balanced = (cells: readonly [number, number, number][]): number | undefined => {
        // cells: [truth, prediction, weight]; the rate of each class present, averaged.
        const rate = (c: number) => {
          const own = cells.filter(([t]) => t === c);
          const total = own.reduce((s, [, , v]) => s + v, 0);
          const right = own.filter(([, p]) => p === c).reduce((s, [, , v]) => s + v, 0);
          return total === 0 ? undefined : right / total;
        };
        const rates = [rate(1), rate(0)].filter((r) => r !== undefined) as number[];
        return rates.length === 0 ? 0 : rates.reduce((s, r) => s + r, 0) / rates.length;
      };
      const cols = yTrue[0].length;
      const cell = (r: number, j: number, weight: number): [number, number, number][] =>
        yTrue[r][j] < 0 ? [] : [[yTrue[r][j], y[r][j], weight]];
      const all = yTrue.flatMap((_, r) => yTrue[r].flatMap((_c, j) => cell(r, j, w(r))));
      const micro = balanced(all) as number;
      let macroSum = 0;
      let macroN = 0;
      for (let j = 0; j < cols; j++) {
        const own = yTrue.flatMap((_, r) => cell(r, j, w(r)));
        if (yTrue.every((row) => row[j] < 0)) continue;
        macroSum += balanced(own) as number;
        macroN++;
      }
      let rowSum = 0;
      let rowTotal = 0;
      for (let r = 0; r < yTrue.length; r++) {
        const own = yTrue[r].flatMap((_c, j) => cell(r, j, 1));
        if (own.length === 0) continue;
        rowSum += w(r) * (balanced(own) as number);
        rowTotal += w(r);
      }
      const close = (a: number | 'throws', b: number | 'throws') =>
        a === 'throws' || b === 'throws' ? expect(a).toBe(b) : expect(a).toBeCloseTo(b, 12);
      close(
        outcome(() => scoreDecisions(truth, pred, spec.evaluate, 'micro', weights)),
        micro,
      );
      close(
        outcome(() => scoreDecisions(truth, pred, spec.evaluate, 'macro', weights)),
        macroN === 0 ? 'throws' : macroSum / macroN,
      );
      close(
        outcome(() => scoreDecisions(truth, pred, spec.evaluate, 'samples', weights)),
        rowTotal === 0 ? 'throws' : rowSum / rowTotal,
      );
    },
  );
});

/**
 * The float32 fast path of per-label average precision and ROC AUC (labels and scores as
 * `Float32Array`, checked and class-split from their bits in one copy) against the exact path on
 * the same values (plain arrays of the same numbers): random shapes, densities (all-positive and
 * all-negative labels among them), tied scores, `ignoreIndex` markers and odd cells (-0, NaN,
 * markers, 0.5 and 2 in the labels; NaN and infinities in the scores): the same values, or the
 * same error code and message naming the same cell.
 */
import { test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { isMultilabelError } from '../../src/core/errors.js';
import * as m from '../../src/metrics/index.js';
import { fc } from '../fc.js';
import { cellsOf, oddPlace, shapeAndTruth } from './flat-cells.js';

const ODD_LABELS = [-0, Number.NaN, -1, 0.5, 2] as const;
const ODD_SCORES = [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY] as const;

interface Problem {
  rows: number;
  cols: number;
  truth: number[];
  score: number[];
  ignoreIndex: number | undefined;
  sampleWeight: number[] | undefined;
}

const problem: fc.Arbitrary<Problem> = fc
  .record({
    rows: fc.integer({ min: 1, max: 40 }),
    // Past 32: a float32 copy's block of columns.
    cols: fc.integer({ min: 1, max: 40 }),
    density: fc.integer({ min: 0, max: 10 }),
    levels: fc.constantFrom(2, 4, 0),
  })
  .chain(({ rows, cols, density, levels }) => {
    const n = rows * cols;
    const score =
      levels === 0
        ? fc.double({ min: -5, max: 5, noNaN: true })
        : fc.integer({ min: 0, max: levels }).map((v) => v / levels);
    const odd = fc.record({
      ...oddPlace(n),
      label: fc.constantFrom(...ODD_LABELS),
      score: fc.constantFrom(...ODD_SCORES),
    });
    return fc.record({
      ...shapeAndTruth(rows, cols, density),
      score: cellsOf(score, n),
      odd: fc.array(odd, { maxLength: 2 }),
      ignoreIndex: fc.constantFrom(undefined, -1, Number.NaN),
      sampleWeight: fc.option(
        fc.array(fc.double({ min: 0.5, max: 2, noNaN: true }), {
          minLength: rows,
          maxLength: rows,
        }),
        { nil: undefined, freq: 4 },
      ),
    });
  })
  .map(({ odd, ...p }) => {
    for (const o of odd) {
      if (o.inTruth) p.truth[o.index] = o.label;
      else p.score[o.index] = o.score;
    }
    return p;
  });

type Input = { data: Float32Array | number[]; shape: [number, number] };
type Options = { ignoreIndex?: number; sampleWeight?: number[]; average?: m.Average };

const METRICS: [string, (y: Input, s: Input, o: Options) => unknown][] = [
  ...([undefined, 'macro', 'none', 'micro', 'weighted', 'samples'] as const).flatMap(
    (average): [string, (y: Input, s: Input, o: Options) => unknown][] => [
      [
        `averagePrecisionScore ${average}`,
        (y, s, o) => m.averagePrecisionScore(y, s, { ...o, average }),
      ],
      [`rocAucScore ${average}`, (y, s, o) => m.rocAucScore(y, s, { ...o, average })],
    ],
  ),
  ['rocAucScore maxFpr', (y, s, o) => m.rocAucScore(y, s, { ...o, maxFpr: 0.5 })],
];

/** What a call gives: its value (typed arrays as arrays), or the code and message it throws. */
function outcome(fn: () => unknown): unknown {
  try {
    const v = fn();
    return { value: ArrayBuffer.isView(v) ? Array.from(v as Float64Array) : v };
  } catch (error) {
    if (isMultilabelError(error)) return { code: error.code, message: error.message };
    throw error;
  }
}

describe('per-label ranking metrics on float32 labels and scores', () => {
  test.prop([problem], { numRuns: 300 })(
    'give what the exact path gives on the same values (or throw the same error)',
    ({ rows, cols, truth, score, ignoreIndex, sampleWeight }) => {
      const shape: [number, number] = [rows, cols];
      const f32Truth = Float32Array.from(truth);
      const f32Score = Float32Array.from(score);
      const options: Options = {};
      if (ignoreIndex !== undefined) options.ignoreIndex = ignoreIndex;
      if (sampleWeight !== undefined) options.sampleWeight = sampleWeight;
      for (const [name, metric] of METRICS) {
        const fast = outcome(() =>
          metric({ data: f32Truth, shape }, { data: f32Score, shape }, options),
        );
        const exact = outcome(() =>
          metric(
            { data: Array.from(f32Truth), shape },
            { data: Array.from(f32Score), shape },
            options,
          ),
        );
        expect(fast, name).toEqual(exact);
      }
    },
  );

  it('names the first bad label before a bad score, a bad average or an undefined label', () => {
    const shape: [number, number] = [2, 2];
    const labels = { data: new Float32Array([1, 0.5, 1, 0]), shape };
    const scores = { data: new Float32Array([0.2, Number.NaN, 0.1, 0.3]), shape };
    expect(outcome(() => m.rocAucScore(labels, scores))).toMatchObject({
      code: 'NON_BINARY_LABELS',
      message: expect.stringContaining('`yTrue[0][1]` is 0.5'),
    });
    const good = { data: new Float32Array([1, 0, 1, 0]), shape };
    expect(outcome(() => m.averagePrecisionScore(good, scores))).toMatchObject({
      code: 'NON_FINITE_VALUES',
      message: expect.stringContaining('yScore'),
    });
    const bogus = { average: 'bogus' } as unknown as { average: 'macro' };
    expect(outcome(() => m.averagePrecisionScore(labels, scores, bogus))).toMatchObject({
      code: 'NON_BINARY_LABELS',
    });
    // Label 0 has no negative (label 1 no positive): ROC AUC is undefined for it, and says so
    // once every cell has been checked.
    const finite = { data: new Float32Array([0.2, 0.4, 0.1, 0.3]), shape };
    expect(outcome(() => m.rocAucScore(good, finite))).toMatchObject({
      code: 'UNDEFINED_METRIC',
      message: expect.stringContaining('label 0'),
    });
    // The same undefined label with a bad cell in a later block of columns: the bad cell wins.
    const wide: [number, number] = [3, 40];
    const wideLabels = Float32Array.from({ length: 120 }, (_, i) =>
      i % 40 === 0 || i % 3 === 0 ? 1 : 0,
    );
    wideLabels[40 + 37] = 0.5;
    const wideScores = Float32Array.from({ length: 120 }, (_, i) => (i % 7) / 7);
    expect(
      outcome(() =>
        m.rocAucScore({ data: wideLabels, shape: wide }, { data: wideScores, shape: wide }),
      ),
    ).toMatchObject({
      code: 'NON_BINARY_LABELS',
      message: expect.stringContaining('`yTrue[1][37]`'),
    });
    expect(outcome(() => m.averagePrecisionScore(good, finite, { average: 'none' }))).toEqual({
      value: [1, 0],
    });
  });
});

/**
 * The float32 fast paths of the count metrics against the exact path on the same values:
 * labels and predictions as `Float32Array` (counted straight from their bits) and as plain
 * arrays of the same numbers (read cell by cell), with random shapes, densities, weights,
 * `ignoreIndex` markers and odd cells (-0, NaN, markers, subnormals, 1.0000001, 2, 0.5): the
 * same values, or the same error code and message naming the same cell. Also the label reader
 * on float32 and float64 bits, and the kernel on views that start anywhere in their buffer.
 */
import { test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { isMultilabelError } from '../../src/core/errors.js';
import {
  countConfusion,
  countConfusionOfFloat32,
} from '../../src/core/kernels/confusion-counts.js';
import { toLabelMatrix } from '../../src/core/label-matrix.js';
import * as m from '../../src/metrics/index.js';
import { fc } from '../fc.js';
import { binaryCell, cellsOf, oddPlace, shapeAndTruth } from './flat-cells.js';

/** Cells that are not a plain 0/1 float32 word: each must leave the fast paths. */
const ODD = [
  -0,
  Number.NaN,
  -1,
  2 ** -149, // the smallest float32 subnormal
  2 ** -126 - 2 ** -149, // the largest float32 subnormal
  Math.fround(1.0000001),
  1 - 2 ** -24, // the float32 just below 1
  2,
  0.5,
  Number.POSITIVE_INFINITY,
] as const;

interface Problem {
  rows: number;
  cols: number;
  truth: number[];
  pred: number[];
  sampleWeight: number[] | undefined;
  ignoreIndex: number | undefined;
  /** Where the float32 data starts in its buffer (in floats), to test unaligned-looking views. */
  offset: number;
}

const problem: fc.Arbitrary<Problem> = fc
  .record({
    rows: fc.integer({ min: 1, max: 7 }),
    cols: fc.integer({ min: 1, max: 6 }),
    density: fc.integer({ min: 0, max: 10 }),
  })
  .chain(({ rows, cols, density }) => {
    const n = rows * cols;
    const odd = fc.record({ ...oddPlace(n), value: fc.constantFrom(...ODD) });
    return fc.record({
      ...shapeAndTruth(rows, cols, density),
      pred: cellsOf(binaryCell(density), n),
      odd: fc.array(odd, { maxLength: 2 }),
      sampleWeight: fc.option(
        fc.array(fc.oneof(fc.constant(0), fc.double({ min: 0.1, max: 5, noNaN: true })), {
          minLength: rows,
          maxLength: rows,
        }),
        { nil: undefined },
      ),
      ignoreIndex: fc.constantFrom(undefined, -1, Number.NaN),
      offset: fc.integer({ min: 0, max: 3 }),
    });
  })
  .map(({ odd, ...p }) => {
    for (const { inTruth, index, value } of odd) (inTruth ? p.truth : p.pred)[index] = value;
    return p;
  });

/** `values` as a Float32Array starting `offset` floats into a larger buffer. */
function float32At(values: readonly number[], offset: number): Float32Array {
  const data = new Float32Array(values.length + offset + 1).fill(7).subarray(offset);
  data.set(values);
  return data.subarray(0, values.length);
}

type Input = { data: Float32Array | number[]; shape: [number, number] };
type Options = { sampleWeight?: number[]; ignoreIndex?: number };

/** Every count metric, in every average and output form. */
const METRICS: [string, (y: Input, p: Input, o: Options) => unknown][] = [
  ['hammingLoss', (y, p, o) => m.hammingLoss(y, p, o)],
  ['subsetAccuracy', (y, p, o) => m.subsetAccuracy(y, p, o)],
  ['zeroOneLoss', (y, p, o) => m.zeroOneLoss(y, p, o)],
  ['subsetAccuracy unnormalized', (y, p, o) => m.subsetAccuracy(y, p, { ...o, normalize: false })],
  ...(['micro', 'macro', 'weighted', 'samples', 'none'] as const).flatMap(
    (average): [string, (y: Input, p: Input, o: Options) => unknown][] => [
      [`f1Score ${average}`, (y, p, o) => m.f1Score(y, p, { ...o, average })],
      [`precisionScore ${average}`, (y, p, o) => m.precisionScore(y, p, { ...o, average })],
      [`recallScore ${average}`, (y, p, o) => m.recallScore(y, p, { ...o, average })],
      [`jaccardScore ${average}`, (y, p, o) => m.jaccardScore(y, p, { ...o, average })],
      [
        `precisionRecallFscoreSupport ${average}`,
        (y, p, o) => m.precisionRecallFscoreSupport(y, p, { ...o, average }),
      ],
    ],
  ),
  ['multilabelConfusionMatrix', (y, p, o) => m.multilabelConfusionMatrix(y, p, o)],
  [
    'multilabelConfusionMatrix samplewise',
    (y, p, o) => m.multilabelConfusionMatrix(y, p, { ...o, samplewise: true }),
  ],
  ['classificationReport', (y, p, o) => m.classificationReport(y, p, o)],
  [
    'classificationReport outputDict',
    (y, p, o) => m.classificationReport(y, p, { ...o, outputDict: true }),
  ],
];

/** What a call gives: its value (typed arrays as arrays), or the code and message it throws. */
function outcome(fn: () => unknown): unknown {
  try {
    return { value: JSON.parse(JSON.stringify(fn(), plain)) };
  } catch (error) {
    if (isMultilabelError(error)) return { code: error.code, message: error.message };
    throw error;
  }
}

/** JSON of typed arrays and of the numbers JSON has no text for, exactly. */
function plain(_key: string, v: unknown): unknown {
  if (ArrayBuffer.isView(v))
    return Array.from(v as Float64Array, (x) => (Object.is(x, -0) ? '-0' : x));
  if (typeof v === 'number' && (!Number.isFinite(v) || Object.is(v, -0))) return String(v);
  return v;
}

describe('count metrics on float32 labels and predictions', () => {
  test.prop([problem], { numRuns: 300 })(
    'give what the exact path gives on the same values (or throw the same error)',
    ({ rows, cols, truth, pred, sampleWeight, ignoreIndex, offset }) => {
      const shape: [number, number] = [rows, cols];
      const f32Truth = float32At(truth, offset);
      const f32Pred = float32At(pred, 3 - offset);
      // The exact path reads plain arrays of the very same (float32) numbers.
      const exactTruth = { data: Array.from(f32Truth), shape };
      const exactPred = { data: Array.from(f32Pred), shape };
      const options: Options = {};
      if (sampleWeight !== undefined) options.sampleWeight = sampleWeight;
      if (ignoreIndex !== undefined) options.ignoreIndex = ignoreIndex;
      for (const [, metric] of METRICS) {
        const fast = outcome(() =>
          metric({ data: f32Truth, shape }, { data: f32Pred, shape }, options),
        );
        const exact = outcome(() => metric(exactTruth, exactPred, options));
        expect(fast).toEqual(exact);
      }
    },
  );

  it('name the first bad cell of yTrue before any problem of yPred or sampleWeight', () => {
    const shape: [number, number] = [2, 2];
    const y = { data: new Float32Array([0, 1, 0.5, 0]), shape };
    const badShape = { data: new Float32Array([0, 1, 2]), shape: [1, 3] as [number, number] };
    expect(outcome(() => m.hammingLoss(y, badShape, { sampleWeight: [1] }))).toEqual({
      code: 'NON_BINARY_LABELS',
      message: expect.stringContaining('`yTrue[1][0]` is 0.5'),
    });
    const p = { data: new Float32Array([0, 1, 1, Number.NaN]), shape };
    const good = { data: new Float32Array([0, 1, 1, 0]), shape };
    expect(outcome(() => m.f1Score(good, p, { sampleWeight: [1, -1] }))).toMatchObject({
      code: 'NON_BINARY_LABELS',
      message: expect.stringContaining('`yPred[1][1]` is NaN'),
    });
    expect(outcome(() => m.f1Score(good, good, { sampleWeight: [1, -1] }))).toMatchObject({
      code: 'INVALID_ARGUMENT',
    });
  });
});

describe('countConfusionOfFloat32', () => {
  test.prop([problem])(
    'equals countConfusion on 0/1 cells, and gives up on any other cell',
    ({ rows, cols, truth, pred, sampleWeight, offset }) => {
      const f32Truth = float32At(truth, offset);
      const f32Pred = float32At(pred, 3 - offset);
      const weights = sampleWeight === undefined ? undefined : Float64Array.from(sampleWeight);
      for (const perRow of [false, true]) {
        const fast = countConfusionOfFloat32(f32Truth, f32Pred, rows, cols, {
          sampleWeight: weights,
          perRow,
        });
        const binary = (v: number): boolean => Object.is(v, 0) || v === 1;
        if (!truth.every(binary) || !pred.every(binary)) {
          expect(fast).toBeUndefined();
          continue;
        }
        const shape: [number, number] = [rows, cols];
        const exact = countConfusion(
          toLabelMatrix({ data: truth, shape }, 'yTrue'),
          toLabelMatrix({ data: pred, shape }, 'yPred'),
          { sampleWeight: weights, perRow },
        );
        expect(fast).toEqual(exact);
      }
    },
  );

  it('counts a large sparse matrix exactly', () => {
    const rows = 3000;
    const cols = 7;
    const truth = Array.from({ length: rows * cols }, (_, i) => (i % 11 === 0 ? 1 : 0));
    const pred = Array.from({ length: rows * cols }, (_, i) => (i % 5 === 0 ? 1 : 0));
    const counts = countConfusionOfFloat32(
      Float32Array.from(truth),
      Float32Array.from(pred),
      rows,
      cols,
      { perRow: true },
    );
    const shape: [number, number] = [rows, cols];
    const exact = countConfusion(
      toLabelMatrix({ data: truth, shape }, 'yTrue'),
      toLabelMatrix({ data: pred, shape }, 'yPred'),
      { perRow: true },
    );
    expect(counts).toEqual(exact);
    // Label 0: rows 0, 55, 110, ... (every 55th cell is 0 mod 11 and mod 5) are true positives.
    expect(counts?.perLabel[3]).toBe(Math.ceil(rows / 55));
  });
});

describe('toLabelMatrix on float bits', () => {
  test.prop([problem])(
    'reads Float32Array and Float64Array labels as it reads the same numbers in an array',
    ({ rows, cols, truth, ignoreIndex, offset }) => {
      const shape: [number, number] = [rows, cols];
      const f32 = float32At(truth, offset);
      const f64 = new Float64Array(truth.length + offset).subarray(offset);
      f64.set(truth);
      const read = (data: ArrayLike<number>) =>
        outcome(() => toLabelMatrix({ data, shape } as Input, 'yTrue', { ignoreIndex }).data);
      expect(read(f32)).toEqual(read(Array.from(f32)));
      expect(read(f64)).toEqual(read(Array.from(f64)));
    },
  );
});

describe('float32 count path falling back to the exact reader', () => {
  it('reads a tensor-like yPred once, and counts what the exact path counts', () => {
    // A missing-label marker in yTrue makes the fused float32 pass give up after reading yPred.
    const yTrue = new Float32Array([1, 0, -1, 0, 1, 1]);
    const predictions = new Float32Array([1, 1, 0, 0, 1, 0]);
    let reads = 0;
    const yPred = {
      shape: [2, 3],
      dtype: 'float32',
      dataSync: () => {
        reads++;
        return predictions;
      },
    };
    const value = m.hammingLoss({ data: yTrue, shape: [2, 3] }, yPred, { ignoreIndex: -1 });
    expect(reads).toBe(1);
    // Known cells: (0,0) right, (0,1) wrong, (1,0) right, (1,1) right, (1,2) wrong.
    expect(value).toBe(2 / 5);
  });
});

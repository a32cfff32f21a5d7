/**
 * applyCalibrationTensor: the probabilities of Calibrator#transform (to float32 precision) for
 * fitted and hand-made maps of every method, mixed across labels, on rank-2 and rank-3 tensors
 * and int32 scores; scores below, on and above the isotonic points; no leak; bad input.
 */
import { test } from '@fast-check/vitest';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import {
  Calibrator,
  isotonicCalibration,
  type LabelCalibration,
} from '../../src/calibration/index.js';
import { pointsAtOrBelow } from '../../src/training/apply-calibration-tensor.js';
import { applyCalibrationTensor } from '../../src/training/index.js';
import { codeOf } from '../error-code.js';
import { fc } from '../fc.js';
import { expectNoLeakedTensors } from '../leak.js';

/** Scores float32 holds exactly (multiples of 1/8 in [-8, 8]). */
const score = fc.integer({ min: -64, max: 64 }).map((k) => k / 8);

const isotonicMap: fc.Arbitrary<LabelCalibration> = fc
  .uniqueArray(score, { minLength: 1, maxLength: 7 })
  .chain((xs) =>
    fc
      .array(fc.integer({ min: 0, max: 16 }), { minLength: xs.length, maxLength: xs.length })
      .map((ys) => ({
        method: 'isotonic' as const,
        xThresholds: Float64Array.from(xs.sort((a, b) => a - b)),
        yThresholds: Float64Array.from(
          ys.sort((a, b) => a - b),
          (v) => v / 16,
        ),
      })),
  );
const plattMap: fc.Arbitrary<LabelCalibration> = fc
  .record({ a: fc.integer({ min: -24, max: 24 }), b: fc.integer({ min: -16, max: 16 }) })
  .map(({ a, b }) => ({ method: 'platt' as const, a: a / 8, b: b / 8 }));
const temperatureMap: fc.Arbitrary<LabelCalibration> = fc
  .constantFrom(0.25, 0.5, 1, 2, 8, Number.POSITIVE_INFINITY)
  .map((temperature) => ({ method: 'temperature' as const, temperature }));

const problem = fc
  .array(fc.oneof(isotonicMap, plattMap, temperatureMap), { minLength: 1, maxLength: 5 })
  .chain((maps) =>
    fc.record({
      maps: fc.constant(maps),
      rows: fc.array(fc.array(score, { minLength: maps.length, maxLength: maps.length }), {
        minLength: 1,
        maxLength: 9,
      }),
    }),
  );

function expectCloseTo(got: ArrayLike<number>, want: ArrayLike<number>): void {
  expect(got.length).toBe(want.length);
  for (let i = 0; i < want.length; i++) {
    expect(Math.abs(got[i] - want[i]), `cell ${i}: ${got[i]} vs ${want[i]}`).toBeLessThanOrEqual(
      2e-6,
    );
  }
}

describe(`applyCalibrationTensor (${process.env.TFJS_BACKEND})`, () => {
  test.prop([problem], { numRuns: 40 })(
    'gives what Calibrator#transform gives',
    ({ maps, rows }) => {
      const calibrator = new Calibrator(maps);
      const want = calibrator.transform(rows).data;
      const t = tf.tensor2d(rows);
      const out = applyCalibrationTensor(t, calibrator);
      expect(out.dtype).toBe('float32');
      expect(out.shape).toEqual(t.shape);
      expectCloseTo(out.dataSync(), want);
      tf.dispose([t, out]);
    },
  );

  it('applies a fitted isotonic map below, on, between and above its points', () => {
    const calibrator = isotonicCalibration(
      [[0], [0], [1], [0], [1], [1]],
      [[0.1], [0.3], [0.35], [0.6], [0.8], [0.9]],
    );
    const rows = [[-5], [0.1], [0.2], [0.35], [0.5], [0.7], [0.9], [7]];
    const t = tf.tensor2d(rows);
    const out = applyCalibrationTensor(t, calibrator);
    expectCloseTo(out.dataSync(), calibrator.transform(rows).data);
    tf.dispose([t, out]);
  });

  it('gives a score below points that float32 merges the first value, not the last', () => {
    // Four thresholds closer to 0 than float32 resolves: all of them are 0 in float32. Below
    // them the map is 0.2, above them 0.8, as the float64 map says.
    const calibrator = new Calibrator([
      {
        method: 'isotonic',
        xThresholds: Float64Array.of(-8.9e-64, -1.7e-274, -2.4e-287, 1e-151),
        yThresholds: Float64Array.of(0.2, 0.4, 0.6, 0.8),
      },
    ]);
    const t = tf.tensor2d([[-1], [1]]);
    const out = applyCalibrationTensor(t, calibrator);
    expectCloseTo(out.dataSync(), [0.2, 0.8]);
    tf.dispose([t, out]);
  });

  it('keeps the shape of a rank-3 tensor and takes int32 scores', () => {
    const calibrator = new Calibrator([
      { method: 'platt', a: -1, b: 0.5 },
      {
        method: 'isotonic',
        xThresholds: Float64Array.of(-1, 2),
        yThresholds: Float64Array.of(0, 1),
      },
    ]);
    const values = [[[1, 0]], [[-2, 3]]];
    const t = tf.tensor3d(values, undefined, 'int32');
    const out = applyCalibrationTensor(t, calibrator);
    expect(out.shape).toEqual([2, 1, 2]);
    expectCloseTo(
      out.dataSync(),
      calibrator.transform([
        [1, 0],
        [-2, 3],
      ]).data,
    );
    tf.dispose([t, out]);
  });

  it('leaves no tensor behind', async () => {
    const t = tf.tensor2d([[0.2, 0.7]]);
    const calibrator = new Calibrator([
      { method: 'temperature', temperature: 2 },
      {
        method: 'isotonic',
        xThresholds: Float64Array.of(0, 1),
        yThresholds: Float64Array.of(0, 1),
      },
    ]);
    await expectNoLeakedTensors(() => applyCalibrationTensor(t, calibrator));
    t.dispose();
  });

  it('refuses bad input with the argument named', () => {
    const calibrator = new Calibrator([{ method: 'temperature', temperature: 1 }]);
    const t = tf.tensor2d([[0.2, 0.7]]);
    expect(codeOf(() => applyCalibrationTensor(t, calibrator))).toBe('SHAPE_MISMATCH');
    expect(codeOf(() => applyCalibrationTensor(t, { labels: [] } as never))).toBe(
      'INVALID_ARGUMENT',
    );
    expect(codeOf(() => applyCalibrationTensor([[0.2]] as never, calibrator))).toBe(
      'INVALID_ARGUMENT',
    );
    const b = tf.tensor2d([[true]], undefined, 'bool');
    expect(codeOf(() => applyCalibrationTensor(b, calibrator))).toBe('INVALID_ARGUMENT');
    const s = tf.scalar(1);
    expect(codeOf(() => applyCalibrationTensor(s, calibrator))).toBe('SHAPE_MISMATCH');
    tf.dispose([t, b, s]);
    expect(codeOf(() => applyCalibrationTensor(t, calibrator))).toBe('INVALID_ARGUMENT');
  });
});

describe(`the isotonic segment search (${process.env.TFJS_BACKEND})`, () => {
  test.prop([
    fc.integer({ min: 1, max: 4 }).chain((labels) =>
      fc.record({
        points: fc.array(
          fc.uniqueArray(score, { minLength: 1, maxLength: 6 }).map((v) => v.sort((a, b) => a - b)),
          { minLength: labels, maxLength: labels },
        ),
        scores: fc.array(fc.array(score, { minLength: 5, maxLength: 5 }), {
          minLength: labels,
          maxLength: labels,
        }),
      }),
    ),
  ])('counts the same points by search and by comparison, ties included', ({ points, scores }) => {
    const width = Math.max(...points.map((p) => p.length)) + 1;
    const padded = points.map((p) => [...p, ...Array(width - p.length).fill(3e38)]);
    tf.tidy(() => {
      const sorted = tf.tensor2d(padded);
      const s = tf.tensor2d(scores);
      const want = scores.map((row, j) => row.map((v) => padded[j].filter((x) => x <= v).length));
      expect(pointsAtOrBelow(sorted, s, false).arraySync()).toEqual(want);
      if (tf.getKernel('SearchSorted', tf.getBackend()) !== undefined) {
        expect(pointsAtOrBelow(sorted, s, true).arraySync()).toEqual(want);
      }
    });
  });
});

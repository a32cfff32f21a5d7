/**
 * The calibration metrics and TopKMetrics on tensors: the same values as from number[][] (labels
 * as float32, int32 and bool tensors, probabilities as float32), and no tensor left behind.
 */
import { test } from '@fast-check/vitest';
import { describe } from 'vitest';
import * as m from '../../src/metrics/index.js';
import { fc, matrixOf, shape, toRows } from '../fc.js';
import { expectSameOnTensors } from '../label-tensors.js';

// Probabilities that float32 holds exactly, so both forms read the same numbers.
const problem = shape({ maxRows: 8, maxCols: 5 }).chain((s) =>
  fc.record({
    labels: matrixOf(s, fc.constantFrom(0, 1)),
    probabilities: matrixOf(s, fc.constantFrom(0, 0.125, 0.25, 0.5, 0.75, 1)),
  }),
);

describe(`calibration metrics and TopKMetrics on tensors (${process.env.TFJS_BACKEND})`, () => {
  test.prop([problem], { numRuns: 20 })('give the values of number[][]', async (p) => {
    const yTrue = toRows(p.labels);
    const yProb = toRows(p.probabilities);
    const k = Math.min(2, p.labels.cols);
    const all = (t: m.LabelMatrix, s: m.ScoreMatrix) => [
      m.brierScore(t, s, { average: 'micro' }),
      m.expectedCalibrationError(t, s, { average: 'micro', nBins: 4 }),
      ...m.calibrationCurve(t, s, { nBins: 3 }).probTrue,
      ...new m.TopKMetrics({ k }).update(t, s).compute().ndcg,
    ];
    await expectSameOnTensors(yTrue, yProb, all);
  });
});

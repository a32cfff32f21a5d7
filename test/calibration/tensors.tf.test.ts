/**
 * The calibration fits and Calibrator#transform on tensors: the same maps and probabilities as
 * from number[][] (labels as float32, int32 and bool tensors, scores as float32), and no tensor
 * left behind.
 */
import { test } from '@fast-check/vitest';
import { describe } from 'vitest';
import * as c from '../../src/calibration/index.js';
import { fc, matrixOf, shape, toRows } from '../fc.js';
import { expectSameOnTensors } from '../label-tensors.js';

// Scores that float32 holds exactly, so both forms read the same numbers; one wrong-signed
// cell per label keeps the logits from separating the labels.
const problem = shape({ minRows: 3, maxRows: 8, maxCols: 3 }).chain((s) =>
  fc.record({
    labels: matrixOf(s, fc.constantFrom(0, 1)),
    scores: matrixOf(s, fc.constantFrom(-2, -0.5, 0.25, 0.5, 1.5, 3)),
  }),
);

describe(`calibration on tensors (${process.env.TFJS_BACKEND})`, () => {
  test.prop([problem], { numRuns: 15 })('gives the values of number[][]', async (p) => {
    const yTrue = toRows(p.labels);
    const yScore = toRows(p.scores);
    for (let j = 0; j < p.labels.cols; j++) {
      yTrue[0][j] = 1;
      yScore[0][j] = -2;
      yTrue[1][j] = 0;
      yScore[1][j] = 3;
    }
    const all = (t: c.LabelMatrix, s: c.ScoreMatrix) =>
      [
        c.isotonicCalibration(t, s),
        c.plattScaling(t, s),
        c.temperatureScaling(t, s, { perLabel: true }),
        c.crossValidatedCalibration(t, s, { nFolds: 2 }).calibrator,
      ].map((calibrator) => Array.from(calibrator.transform(s).data));
    await expectSameOnTensors(yTrue, yScore, all);
  });
});

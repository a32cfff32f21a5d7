/**
 * trainingMetrics on webgl, where reading the labels back would stall every training step: the
 * label check runs on the device and an invalid batch gives NaN, with no read at all.
 */
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import * as m from '../../src/metrics/index.js';
import {
  isMultilabelError,
  type TrainingMetric,
  trainingMetrics,
} from '../../src/training/index.js';
import { allTrainingMetrics } from '../training/all-metrics.js';
import { countingReads } from './reads.js';

/** 16 x 16 = 256 cells: above webgl's size for running small ops on the CPU. */
const ROWS = 16;
const COLS = 16;

function batch(seed: number): { labels: number[][]; scores: number[][] } {
  let state = seed >>> 0;
  const next = () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
  const labels = Array.from({ length: ROWS }, () =>
    Array.from({ length: COLS }, () => (next() < 0.3 ? 1 : 0)),
  );
  const scores = Array.from({ length: ROWS }, () => Array.from({ length: COLS }, next));
  return { labels, scores };
}

/** The metric's value on a batch, and how many reads the backend served during the call. */
function callCountingReads(
  metric: TrainingMetric,
  labels: number[][],
  scores: number[][],
): { value: number; reads: number } {
  const yTrue = tf.tensor2d(labels);
  const yPred = tf.tensor2d(scores);
  // Upload both first, as model.fit's tensors are, so that the call runs on the GPU.
  tf.tidy(() => tf.add(yTrue, yPred).dataSync());
  const { value: result, reads } = countingReads(() => metric(yTrue, yPred));
  const value = result.dataSync()[0];
  tf.dispose([yTrue, yPred, result]);
  return { value, reads };
}

describe('trainingMetrics on webgl', () => {
  it('runs on webgl', () => {
    expect(tf.getBackend()).toBe('webgl');
  });

  it('give the array metrics value on valid batches, reading nothing', () => {
    const { labels, scores } = batch(1);
    const predicted = scores.map((row) => row.map((s) => (s >= 0.5 ? 1 : 0)));
    const { value, reads } = callCountingReads(trainingMetrics.f1Micro(), labels, scores);
    expect(reads).toBe(0);
    expect(value).toBeCloseTo(m.f1Score(labels, predicted, { average: 'micro' }), 5);
    const hamming = callCountingReads(trainingMetrics.hammingScore(), labels, scores);
    expect(hamming.value).toBeCloseTo(1 - m.hammingLoss(labels, predicted), 5);
  });

  it('give NaN, without a read, for a batch with a label other than 0 and 1', () => {
    const metrics = allTrainingMetrics();
    for (const bad of [2, 0.5, -1, Number.NaN, 1e30, 1 + 2 ** -23]) {
      const { labels, scores } = batch(2);
      labels[5][7] = bad;
      for (const metric of metrics) {
        const { value, reads } = callCountingReads(metric, labels, scores);
        expect(reads, metric.name).toBe(0);
        expect(value, `${metric.name} with a label ${bad}`).toBeNaN();
      }
    }
  });

  it('with ignoreIndex, count -1 and NaN as missing and still flag other values', () => {
    const masked = trainingMetrics.f1Micro({ ignoreIndex: -1 });
    const { labels, scores } = batch(3);
    labels[0][0] = -1;
    labels[1][1] = Number.NaN;
    const asMinusOne = labels.map((row) => row.map((v) => (Number.isNaN(v) ? -1 : v)));
    const predicted = scores.map((row) => row.map((s) => (s >= 0.5 ? 1 : 0)));
    const ok = callCountingReads(masked, labels, scores);
    expect(ok.value).toBeCloseTo(
      m.f1Score(asMinusOne, predicted, { average: 'micro', ignoreIndex: -1 }),
      5,
    );
    labels[2][2] = -2;
    expect(callCountingReads(masked, labels, scores).value).toBeNaN();
  });

  it('with another marker, count its cells and NaN as missing, and flag a -1 cell', () => {
    const { labels, scores } = batch(3);
    labels[1][1] = Number.NaN;
    const predicted = scores.map((row) => row.map((s) => (s >= 0.5 ? 1 : 0)));
    for (const marker of [-100, 2, Number.NaN]) {
      const withMarker = labels.map((row) => row.slice());
      withMarker[0][0] = marker;
      const asMinusOne = withMarker.map((row) =>
        row.map((v) => (Number.isNaN(v) || v === marker ? -1 : v)),
      );
      const metric = trainingMetrics.f1Micro({ ignoreIndex: marker });
      expect(callCountingReads(metric, withMarker, scores).value, `marker ${marker}`).toBeCloseTo(
        m.f1Score(asMinusOne, predicted, { average: 'micro', ignoreIndex: -1 }),
        5,
      );
      // -1 marks a missing cell only under ignoreIndex -1: on the device, an invalid batch.
      withMarker[2][2] = -1;
      expect(callCountingReads(metric, withMarker, scores).value, `-1 under ${marker}`).toBeNaN();
    }
  });

  it('give NaN for a NaN or infinite prediction', () => {
    for (const bad of [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]) {
      const { labels, scores } = batch(4);
      scores[3][3] = bad;
      expect(callCountingReads(trainingMetrics.f1Micro(), labels, scores).value).toBeNaN();
    }
  });

  it('still reject shapes that differ, from the shapes alone', () => {
    const f1 = trainingMetrics.f1Micro();
    let code: string | undefined;
    try {
      tf.tidy(() => f1(tf.ones([4, 3]), tf.ones([4, 1])));
    } catch (error) {
      code = isMultilabelError(error) ? error.code : String(error);
    }
    expect(code).toBe('SHAPE_MISMATCH');
  });
});

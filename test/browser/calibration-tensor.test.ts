/**
 * applyCalibrationTensor on webgl: the probabilities of Calibrator#transform (to float32
 * precision), computed on the device with no read of the scores, and no tensor left behind.
 */
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { Calibrator, isotonicCalibration } from '../../src/calibration/index.js';
import { applyCalibrationTensor } from '../../src/training/index.js';
import { countingReads } from './reads.js';

/** 16 x 16 = 256 cells: above webgl's size for running small ops on the CPU. */
const ROWS = 16;
const COLS = 16;

describe('applyCalibrationTensor on webgl', () => {
  it('gives what Calibrator#transform gives, without reading the scores back', () => {
    expect(tf.getBackend()).toBe('webgl');
    const scores = Array.from({ length: ROWS }, (_, r) =>
      Array.from({ length: COLS }, (_, j) => ((r * 7 + j * 3) % 17) / 4 - 2),
    );
    const isotonic = isotonicCalibration(
      [[0], [0], [1], [0], [1], [1]],
      [[-1.5], [-0.5], [0], [0.25], [1], [1.5]],
    ).labels[0];
    const maps = Array.from({ length: COLS }, (_, j) =>
      j % 3 === 0
        ? isotonic
        : j % 3 === 1
          ? { method: 'platt' as const, a: -1 - j / 8, b: j / 16 }
          : { method: 'temperature' as const, temperature: 0.5 + j / 4 },
    );
    const calibrator = new Calibrator(maps);
    const want = calibrator.transform(scores).data;
    const t = tf.tensor2d(scores);
    tf.tidy(() => tf.add(t, 0).dataSync());
    const before = tf.memory().numTensors;
    const { value: out, reads } = countingReads(() => applyCalibrationTensor(t, calibrator));
    expect(reads).toBe(0);
    expect(tf.memory().numTensors - before).toBe(1);
    const got = out.dataSync();
    for (let i = 0; i < want.length; i++) {
      expect(Math.abs(got[i] - want[i]), `cell ${i}`).toBeLessThanOrEqual(1e-5);
    }
    tf.dispose([t, out]);
  });
});

/**
 * The bootstrap on tensors: labels and predictions or scores as tensors give the intervals of
 * number[][] (the counted path for f1Score, the weighted path for averagePrecisionScore), and
 * no tensor is left behind.
 */
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import * as m from '../../src/metrics/index.js';
import { labelTensors } from '../label-tensors.js';
import { expectNoLeakedTensors } from '../leak.js';
import { LABELS, MODEL_A, SCORES } from './bootstrap-data.js';

const [yTrue, yPred, yScore] = [LABELS, MODEL_A, SCORES];
const options = { nResamples: 60, seed: 4 };

describe(`bootstrap on tensors (${process.env.TFJS_BACKEND})`, () => {
  it('gives the intervals of number[][], counted and weighted, without leaking', async () => {
    const counted = m.bootstrapInterval(m.f1Score, yTrue, yPred, {
      ...options,
      metricOptions: { average: 'none' },
    });
    const weighted = m.pairedBootstrap(m.averagePrecisionScore, yTrue, yScore, yPred, {
      ...options,
      metricOptions: { average: 'macro' },
    });
    const predictions = tf.tensor2d(yPred);
    const scores = tf.tensor2d(yScore);
    const labelForms = labelTensors(yTrue);
    try {
      for (const labels of labelForms) {
        const onTensors = () =>
          m.bootstrapInterval(m.f1Score, labels, predictions, {
            ...options,
            metricOptions: { average: 'none' },
          });
        expect(onTensors()).toEqual(counted);
        const paired = () =>
          m.pairedBootstrap(m.averagePrecisionScore, labels, scores, predictions, {
            ...options,
            metricOptions: { average: 'macro' },
          });
        expect(paired()).toEqual(weighted);
        await expectNoLeakedTensors(onTensors);
        await expectNoLeakedTensors(paired);
      }
    } finally {
      for (const t of labelForms) t.dispose();
      predictions.dispose();
      scores.dispose();
    }
  });
});

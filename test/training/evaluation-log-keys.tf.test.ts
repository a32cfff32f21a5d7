/**
 * The log keys of MultilabelEvaluationCallback: every key reads its own field (and average) of
 * the metrics result, and the unknown-metric message lists every key, in the documented order.
 */
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { isMultilabelError } from '../../src/core/errors.js';
import type { MultilabelMetricsResult } from '../../src/metrics/index.js';
import { type EvaluationMetric, MultilabelEvaluationCallback } from '../../src/training/index.js';

const AVERAGES = ['micro', 'macro', 'weighted', 'samples'] as const;

/** The key of each field of the result, written out here independently of the source. */
const SCALARS: Record<string, number> = {
  hamming_loss: 1,
  subset_accuracy: 2,
  label_ranking_average_precision: 3,
  coverage_error: 4,
  label_ranking_loss: 5,
  one_error: 6,
  ndcg: 7,
};
/** The field of each averaged metric's log-key stem. */
const STEMS: Record<string, string> = {
  precision: 'precision',
  recall: 'recall',
  f1: 'f1',
  fbeta: 'fbeta',
  jaccard: 'jaccard',
  specificity: 'specificity',
  average_precision: 'averagePrecision',
  roc_auc: 'rocAuc',
};

/** A result whose every value is distinct: scalars 1-7, stem i average a is 100 (i + 1) + a. */
function fakeResult(): MultilabelMetricsResult {
  const averaged = Object.values(STEMS).map((field, i) => [
    field,
    Object.fromEntries(AVERAGES.map((a, k) => [a, 100 * (i + 1) + k])),
  ]);
  return {
    rows: 2,
    hammingLoss: 1,
    subsetAccuracy: 2,
    labelRankingAveragePrecision: 3,
    coverageError: 4,
    labelRankingLoss: 5,
    oneError: 6,
    ndcg: 7,
    ...Object.fromEntries(averaged),
  } as unknown as MultilabelMetricsResult;
}

const expected: [string, number][] = [
  ...Object.entries(SCALARS),
  ...Object.keys(STEMS).flatMap((stem, i) =>
    AVERAGES.filter((a) => stem !== 'roc_auc' || a !== 'samples').map((a): [string, number] => [
      `${stem}_${a}`,
      100 * (i + 1) + AVERAGES.indexOf(a),
    ]),
  ),
];

describe('MultilabelEvaluationCallback log keys', () => {
  it('logs each key from its own field and average of the result', async () => {
    const x = tf.tensor2d([
      [1, 2],
      [3, 4],
    ]);
    const callback = new MultilabelEvaluationCallback({
      validationData: [
        x,
        [
          [1, 0],
          [0, 1],
        ],
      ],
      metrics: expected.map(([key]) => key as EvaluationMetric),
      prefix: 'v_',
    });
    callback.evaluate = async () => fakeResult();
    const logs: Record<string, unknown> = {};
    await callback.onEpochEnd(0, logs);
    x.dispose();
    expect(logs).toEqual(Object.fromEntries(expected.map(([key, v]) => [`v_${key}`, v])));
  });

  it('names every known key, in order, for an unknown one', () => {
    const x = tf.tensor2d([[1, 2]]);
    let message = '';
    try {
      new MultilabelEvaluationCallback({
        validationData: [x, [[1, 0]]],
        metrics: ['f1_mean' as EvaluationMetric],
      });
    } catch (error) {
      if (isMultilabelError(error)) message = error.message;
    }
    x.dispose();
    expect(message).toBe(
      `\`metrics\` has an unknown metric "f1_mean". Known: ${expected.map(([key]) => key).join(', ')}.`,
    );
  });
});

/** Every trainingMetrics factory with its default options, for tests that cover them all. */
import { type TrainingMetric, trainingMetrics } from '../../src/training/index.js';

export function allTrainingMetrics(): TrainingMetric[] {
  return [
    trainingMetrics.subsetAccuracy(),
    trainingMetrics.hammingScore(),
    trainingMetrics.f1Micro(),
    trainingMetrics.f1Macro(),
    trainingMetrics.precisionMicro(),
    trainingMetrics.recallMicro(),
  ];
}

/**
 * The registry of the adversarial suite: one entry per public callable (function, constructor,
 * method, static method, member of an exported object), grouped by the files that define
 * them. `arrayEntries` need no tfjs backend; the tensor entries are in registry-tf.ts.
 */

import { binarizerEntries } from './entries/binarizer.js';
import { bootstrapEntries } from './entries/bootstrap.js';
import { calibrationEntries } from './entries/calibration.js';
import { calibratorEntries } from './entries/calibrators.js';
import { dataEntries } from './entries/data.js';
import { lossWeightEntries } from './entries/loss-weights.js';
import { metricEntries } from './entries/metrics.js';
import { sparseEntries } from './entries/sparse.js';
import { coreEntries, streamingEntries } from './entries/streaming.js';
import { thresholdEntries } from './entries/thresholds.js';
import { topKStreamEntries } from './entries/top-k-stream.js';
import { topKThresholdEntries } from './entries/top-k-thresholds.js';
import type { AnyEntry } from './harness.js';

export const arrayEntries: AnyEntry[] = [
  ...coreEntries,
  ...metricEntries,
  ...calibrationEntries,
  ...bootstrapEntries,
  ...calibratorEntries,
  ...sparseEntries,
  ...streamingEntries,
  ...topKStreamEntries,
  ...thresholdEntries,
  ...topKThresholdEntries,
  ...dataEntries,
  ...binarizerEntries,
  ...lossWeightEntries,
];

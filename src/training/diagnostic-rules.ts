import { MISSING_LABEL } from '../core/matrix.js';
import { averagePrecisionScore } from '../metrics/average-precision-score.js';
import type { ValidationData } from './validation-data.js';

/**
 * The rules of {@link MultilabelDiagnosticsCallback} and their messages: collapse (too few
 * positive decisions, or every label ranked at chance) and a softmax output, each decided on
 * one epoch's validation outputs.
 *
 * @internal
 * @module
 */

/**
 * Collapse: the share of positive decisions under `1 / COLLAPSE_DIVISOR` of the labels'
 * positive rate. An integer, so that the rule is decided on counts, exactly. @internal
 */
export const COLLAPSE_DIVISOR = 10;

/**
 * A label's AP is at chance when it is within this of the label's positive rate. A constant
 * output (the usual collapse: dead ReLU units, an output saturated or stuck at one value) scores
 * the positive rate exactly, since equal scores form one threshold. A random ranking scores
 * about the positive rate too, but spreads by several hundredths on validation sets of a few
 * hundred rows, so no tolerance separates it from a weak healthy model; this one keeps the
 * check to outputs that carry no ranking at all, and the positive-decision check catches the
 * models that rank but predict nothing. Every label with both classes must be at chance.
 *
 * @internal
 */
export const CHANCE_TOLERANCE = 0.01;

/**
 * A row sums to 1 when within this of it: float32 softmax rows are within a few 1e-7 of 1 (a
 * few ulps per label); independent sigmoids land this close on every row only by accident.
 *
 * @internal
 */
export const ROW_SUM_TOLERANCE = 1e-3;

/** A share as a percentage with three significant digits. */
const percent = (share: number) => `${Number((100 * share).toPrecision(3))}%`;

/** The softmax message, when every row of the outputs sums to 1; else undefined. @internal */
export function softmaxMessage(
  scores: Float32Array,
  [rows, cols]: [number, number],
  lowest: number,
  highest: number,
): string | undefined {
  if (cols < 2 || rows === 0 || lowest < 0 || highest > 1) return undefined;
  for (let r = 0; r < rows; r++) {
    let sum = 0;
    for (let c = r * cols; c < (r + 1) * cols; c++) sum += scores[c];
    if (Math.abs(sum - 1) > ROW_SUM_TOLERANCE) return undefined;
  }
  return (
    `tfjs-multilabel: every row of the model's output sums to 1 (${rows} validation rows of ` +
    `${cols} labels): it looks like a softmax, which makes the labels compete, so that one row ` +
    'cannot have two likely labels. For multi-label classification, give the last layer no ' +
    'activation and train with a loss of tfjs-multilabel/losses (they take logits), or end in a ' +
    "sigmoid (activation: 'sigmoid') with 'binaryCrossentropy' or a loss given `fromLogits: false`."
  );
}

/**
 * The collapse message, when under 1 / {@link COLLAPSE_DIVISOR} of the labels' positive rate is
 * predicted positive, or every label that has both classes ranks at chance; else undefined.
 *
 * @internal
 */
export function collapseMessage(
  scores: Float32Array,
  labels: ValidationData['labels'],
  logits: boolean,
  epoch: number,
): string | undefined {
  const { data, shape } = labels;
  const [rows, cols] = shape;
  const cut = logits ? 0 : 0.5;
  let known = 0;
  let positives = 0;
  let predicted = 0;
  const columnPositives = new Int32Array(cols);
  const columnKnown = new Int32Array(cols);
  for (let i = 0; i < data.length; i++) {
    if (data[i] === MISSING_LABEL) continue;
    known++;
    columnKnown[i % cols]++;
    if (data[i] === 1) {
      positives++;
      columnPositives[i % cols]++;
    }
    if (scores[i] >= cut) predicted++;
  }
  if (positives === 0) return undefined;
  const rate = predicted / known;
  const prior = positives / known;
  const after = `after epoch ${epoch + 1}`;
  const at = logits ? 'logit 0 (probability 0.5)' : 'probability 0.5';
  // rate < prior / 10 on the counts: predicted / known < positives / (10 known), with no
  // rounding to flip a tie (1 decision against 10 positives is not a collapse).
  if (predicted * COLLAPSE_DIVISOR < positives) {
    return (
      `tfjs-multilabel: the model has collapsed to predicting (almost) no label: ${after}, ` +
      `${percent(rate)} of the validation cells are positive at ${at}, against ` +
      `${percent(prior)} of the labels (under a tenth). Label-wise accuracy looks high this way, ` +
      'but the model finds nothing. If training has just begun, give it more epochs first (a ' +
      'model often predicts no label while it learns how rare the labels are); if it stays so, ' +
      'weight the positives in the loss (weightedBinaryCrossentropy ' +
      'with `posWeight` from inverseFrequencyWeights, or asymmetricLoss / ' +
      'binaryFocalCrossentropy), check the learning rate and that the output bias starts near 0, ' +
      'and choose the decision thresholds on validation scores (optimizeThresholds) instead of 0.5.'
    );
  }
  // Every label with both classes ranks at chance: the outputs carry no information.
  const both: number[] = [];
  for (let c = 0; c < cols; c++) {
    if (columnPositives[c] > 0 && columnPositives[c] < columnKnown[c]) both.push(c);
  }
  if (both.length === 0) return undefined;
  const k = both.length;
  const truth = new Int8Array(rows * k);
  const ranked = new Float32Array(rows * k);
  for (let r = 0; r < rows; r++) {
    both.forEach((c, j) => {
      truth[r * k + j] = data[r * cols + c];
      ranked[r * k + j] = scores[r * cols + c];
    });
  }
  const ap = averagePrecisionScore(
    { data: truth, shape: [rows, k] },
    { data: ranked, shape: [rows, k] },
    { average: 'none', ignoreIndex: MISSING_LABEL },
  );
  const atChance = both.every(
    (c, j) => ap[j] - columnPositives[c] / columnKnown[c] <= CHANCE_TOLERANCE,
  );
  if (!atChance) return undefined;
  return (
    `tfjs-multilabel: the model ranks no label better than chance: ${after}, the average ` +
    `precision of each of the ${k} labels on the validation data is within ${CHANCE_TOLERANCE} ` +
    "of its positive rate (a constant output's), so the outputs say nothing about the labels. " +
    'Check that the labels line up with the inputs and that the inputs are scaled (standardised ' +
    'features, pixels in [0, 1]), then the learning rate: too high a rate kills ReLU units, too ' +
    'low a rate leaves the weights where they started.'
  );
}

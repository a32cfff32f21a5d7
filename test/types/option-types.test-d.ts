/**
 * Type tests of the public options, checked by `npm run typecheck` (tsc) and again by
 * `option-keys.test.ts`; nothing here runs. A `@ts-expect-error` line must be a compile error
 * (tsc fails on one that is not), and each `expectTypeOf` states what a call returns.
 */
import type * as tf from '@tensorflow/tfjs-core';
import {
  iterativeStratification,
  type StratifiedKFoldOptions,
  stratifiedKFold,
  type TrainTestIndices,
} from 'tfjs-multilabel/data';
import { csraHead, LabelGraphHead, labelGraphHead } from 'tfjs-multilabel/layers';
import {
  type AsymmetricLossOptions,
  asymmetricLoss,
  binaryFocalCrossentropy,
  type LossOutput,
  type LossReduction,
  type MultilabelLoss,
  multilabelSoftmaxLoss,
  softF1Loss,
  weightedBinaryCrossentropy,
} from 'tfjs-multilabel/losses';
import {
  type Average,
  averagePrecisionScore,
  type ClassificationReport,
  classificationReport,
  f1Score,
  fbetaScore,
  jaccardScore,
  MultilabelMetrics,
  type PrecisionRecallFscoreSupport,
  precisionRecallFscoreSupport,
  precisionScore,
  recallScore,
  rocAucScore,
  specificityScore,
} from 'tfjs-multilabel/metrics';
import {
  type CrossValidatedThresholdsOptions,
  crossValidatedThresholds,
  optimizeThresholds,
  Thresholds,
} from 'tfjs-multilabel/thresholds';
import { MultilabelEvaluationCallback, trainingMetrics } from 'tfjs-multilabel/training';
import { expectTypeOf } from 'vitest';

declare const y: number[][];
declare const scores: number[][];
declare const x: tf.Tensor;
declare const reduction: LossReduction;
declare const average: Average;
declare const outputDict: boolean;

// The misspellings of the issue that prompted these tests: both compiled before.
// @ts-expect-error gamaPos: did you mean gammaPos?
asymmetricLoss({ gammaNeg: 4, gamaPos: 1 });
// @ts-expect-error fromLogit: did you mean fromLogits?
binaryFocalCrossentropy({ gamma: 2, fromLogit: false });

// Every loss factory, with and without a reduction.
// @ts-expect-error posWeigth
weightedBinaryCrossentropy({ posWeigth: 2, reduction: 'none' });
// @ts-expect-error reduce
multilabelSoftmaxLoss({ reduce: 'sum' });
// @ts-expect-error averge
softF1Loss({ averge: 'macro', fromLogits: true });
// @ts-expect-error a Python spelling
asymmetricLoss({ gamma_neg: 2, reduction: 'sum' });

// What the factories return: a scalar loss unless the reduction may be 'none'.
expectTypeOf(asymmetricLoss()).toEqualTypeOf<MultilabelLoss<tf.Scalar>>();
expectTypeOf(asymmetricLoss({ gammaNeg: 2 })).toEqualTypeOf<MultilabelLoss<tf.Scalar>>();
expectTypeOf(asymmetricLoss({ reduction: 'sum' })).toEqualTypeOf<MultilabelLoss<tf.Scalar>>();
expectTypeOf(asymmetricLoss({ reduction: 'mean' })).toEqualTypeOf<MultilabelLoss<tf.Scalar>>();
expectTypeOf(asymmetricLoss({ reduction: 'none' })).toEqualTypeOf<MultilabelLoss<tf.Tensor>>();
expectTypeOf(asymmetricLoss({ reduction })).toEqualTypeOf<MultilabelLoss<tf.Tensor>>();
declare const aslOptions: AsymmetricLossOptions;
expectTypeOf(asymmetricLoss(aslOptions)).toEqualTypeOf<MultilabelLoss<tf.Tensor>>();
const perCellOptions = { reduction: 'none', clip: 0 } as const;
expectTypeOf(asymmetricLoss(perCellOptions)).toEqualTypeOf<MultilabelLoss<tf.Tensor>>();
// LossOutput names the same rule for a given options type.
expectTypeOf(asymmetricLoss({ reduction: 'none' })).toEqualTypeOf<
  MultilabelLoss<LossOutput<{ reduction: 'none' }>>
>();
expectTypeOf(asymmetricLoss({ clip: 0 })).toEqualTypeOf<MultilabelLoss<LossOutput<{ clip: 0 }>>>();
expectTypeOf(asymmetricLoss(aslOptions)).toEqualTypeOf<
  MultilabelLoss<LossOutput<AsymmetricLossOptions>>
>();
expectTypeOf(asymmetricLoss({ reduction: 'none' })(x, x)).toEqualTypeOf<tf.Tensor>();
expectTypeOf(asymmetricLoss()(x, x)).toEqualTypeOf<tf.Scalar>();
expectTypeOf(binaryFocalCrossentropy({ gamma: 2 })).toEqualTypeOf<MultilabelLoss<tf.Scalar>>();
expectTypeOf(binaryFocalCrossentropy({ reduction: 'none' })).toEqualTypeOf<
  MultilabelLoss<tf.Tensor>
>();
expectTypeOf(weightedBinaryCrossentropy()).toEqualTypeOf<MultilabelLoss<tf.Scalar>>();
expectTypeOf(weightedBinaryCrossentropy({ reduction: 'none' })).toEqualTypeOf<
  MultilabelLoss<tf.Tensor>
>();
expectTypeOf(multilabelSoftmaxLoss({ reduction: 'sum' })).toEqualTypeOf<
  MultilabelLoss<tf.Scalar>
>();
expectTypeOf(multilabelSoftmaxLoss({ reduction })).toEqualTypeOf<MultilabelLoss<tf.Tensor>>();
expectTypeOf(softF1Loss({ average: 'micro' })).toEqualTypeOf<MultilabelLoss<tf.Scalar>>();
expectTypeOf(softF1Loss({ reduction: 'none' })).toEqualTypeOf<MultilabelLoss<tf.Tensor>>();

// Metrics: a misspelt key fails, `average` picks number or Float64Array.
// @ts-expect-error averag
f1Score(y, y, { averag: 'micro' });
// @ts-expect-error zeroDivison
precisionScore(y, y, { average: 'none', zeroDivison: 1 });
// @ts-expect-error outputDic
classificationReport(y, y, { outputDic: true, digits: 3 });
// @ts-expect-error maxFPR
rocAucScore(y, scores, { maxFPR: 0.5 });
// @ts-expect-error bin
new MultilabelMetrics({ bin: 10 });
// @ts-expect-error sampleWeights
new MultilabelMetrics().update(y, scores, { sampleWeights: [1] });

expectTypeOf(f1Score(y, y)).toEqualTypeOf<number>();
expectTypeOf(f1Score(y, y, { average: 'micro' })).toEqualTypeOf<number>();
expectTypeOf(f1Score(y, y, { average: 'none' })).toEqualTypeOf<Float64Array>();
expectTypeOf(f1Score(y, y, { average })).toEqualTypeOf<number | Float64Array>();
expectTypeOf(precisionScore(y, y, { average: 'none' })).toEqualTypeOf<Float64Array>();
expectTypeOf(recallScore(y, y, { average: 'none' })).toEqualTypeOf<Float64Array>();
expectTypeOf(fbetaScore(y, y, { beta: 2, average: 'none' })).toEqualTypeOf<Float64Array>();
expectTypeOf(jaccardScore(y, y, { average: 'none' })).toEqualTypeOf<Float64Array>();
expectTypeOf(specificityScore(y, y, { average: 'samples' })).toEqualTypeOf<number>();
expectTypeOf(rocAucScore(y, scores, { average: 'none' })).toEqualTypeOf<Float64Array>();
expectTypeOf(averagePrecisionScore(y, scores)).toEqualTypeOf<number>();
expectTypeOf(averagePrecisionScore(y, scores, { average: 'none' })).toEqualTypeOf<Float64Array>();
expectTypeOf(precisionRecallFscoreSupport(y, y)).toEqualTypeOf<
  PrecisionRecallFscoreSupport<'none'>
>();
expectTypeOf(precisionRecallFscoreSupport(y, y).precision).toEqualTypeOf<Float64Array>();
expectTypeOf(
  precisionRecallFscoreSupport(y, y, { average: 'micro' }).recall,
).toEqualTypeOf<number>();
expectTypeOf(classificationReport(y, y)).toEqualTypeOf<string>();
expectTypeOf(classificationReport(y, y, { digits: 4 })).toEqualTypeOf<string>();
expectTypeOf(
  classificationReport(y, y, { outputDict: true }),
).toEqualTypeOf<ClassificationReport>();
expectTypeOf(classificationReport(y, y, { outputDict })).toEqualTypeOf<
  string | ClassificationReport
>();

// Data, thresholds, layers, training.
// @ts-expect-error nFold
stratifiedKFold(y, { nFold: 3 });
// @ts-expect-error sed
iterativeStratification(y, { nFolds: 3, sed: 1 });
// @ts-expect-error repeat
crossValidatedThresholds(y, scores, { nFolds: 3, repeat: 2 });
// @ts-expect-error stategy
optimizeThresholds(y, scores, { stategy: 'perLabel' });
// @ts-expect-error forceAtleastOne
new Thresholds([0.5]).apply(scores, { forceAtleastOne: true });
// @ts-expect-error unit
labelGraphHead({ unit: 3, adjacency: y, labelEmbeddings: y });
// @ts-expect-error adjacancy
new LabelGraphHead({ units: 3, adjacancy: y, labelEmbeddings: y });
// @ts-expect-error unit
csraHead({ unit: 3 });
// @ts-expect-error treshold
trainingMetrics.f1Micro({ treshold: 0.4 });
// @ts-expect-error prefx
new MultilabelEvaluationCallback({ validationData: [x, y], prefx: 'v_' });

// The fold count is `nFolds` everywhere; `k` and `folds` remain, deprecated, until 0.3.0.
expectTypeOf(stratifiedKFold(y, { nFolds: 3 })).toEqualTypeOf<TrainTestIndices[]>();
expectTypeOf(stratifiedKFold(y, { k: 3 })).toEqualTypeOf<TrainTestIndices[]>();
expectTypeOf<StratifiedKFoldOptions['nFolds']>().toEqualTypeOf<number | undefined>();
expectTypeOf<CrossValidatedThresholdsOptions['nFolds']>().toEqualTypeOf<number | undefined>();
expectTypeOf<CrossValidatedThresholdsOptions['folds']>().toEqualTypeOf<number | undefined>();

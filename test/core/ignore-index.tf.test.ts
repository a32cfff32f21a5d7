/**
 * `ignoreIndex` has one meaning in every function that takes it (metrics, thresholds, losses,
 * trainingMetrics, MultilabelMetrics and the evaluation callback): a finite number outside
 * [0, 1] or NaN; cells equal to it, and NaN cells, are missing; a value in [0, 1] is refused
 * with INVALID_OPTION; a cell holding another marker value is NON_BINARY_LABELS.
 */
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { describe, expect, it } from 'vitest';
import * as losses from '../../src/losses/index.js';
import * as m from '../../src/metrics/index.js';
import * as th from '../../src/thresholds/index.js';
import { MultilabelEvaluationCallback, trainingMetrics } from '../../src/training/index.js';
import { bitRows } from '../bits.js';
import { codeOf } from '../error-code.js';

/** Where the problem's missing cells are. */
const MISSING: readonly [number, number][] = [
  [0, 2],
  [3, 0],
  [5, 1],
];

/** 8 rows, 3 labels: every label and row has both classes among its known cells. */
const LABELS = bitRows('100 011 110 101 011 100 001 110');
const SCORES = [
  [0.9, 0.2, 0.7],
  [0.3, 0.8, 0.6],
  [0.6, 0.4, 0.1],
  [0.15, 0.35, 0.55],
  [0.45, 0.65, 0.85],
  [0.7, 0.25, 0.2],
  [0.1, 0.3, 0.95],
  [0.8, 0.75, 0.4],
];

/** The labels with the missing cells set to `cell` (the marker, or NaN). */
function labelsWith(cell: number, overrides: [number, number, number][] = []): number[][] {
  const y = LABELS.map((row) => row.slice());
  for (const [r, c] of MISSING) y[r][c] = cell;
  for (const [r, c, v] of overrides) y[r][c] = v;
  return y;
}

/** The scores with every missing cell's score moved far (a missing cell must not count). */
function scoresMoved(): number[][] {
  const s = SCORES.map((row) => row.slice());
  for (const [r, c] of MISSING) s[r][c] = s[r][c] >= 0.5 ? 0.02 : 0.98;
  return s;
}

const predictions = (scores: number[][]): number[][] =>
  scores.map((row) => row.map((v) => (v >= 0.5 ? 1 : 0)));

/** Typed arrays to arrays, functions dropped: a value `toEqual` compares. */
function plain(value: unknown): unknown {
  if (ArrayBuffer.isView(value)) return Array.from(value as unknown as ArrayLike<number>);
  if (Array.isArray(value)) return value.map(plain);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([, v]) => typeof v !== 'function')
        .map(([k, v]) => [k, plain(v)]),
    );
  }
  return value;
}

type Run = (yTrue: number[][], scores: number[][], ignoreIndex: unknown) => unknown;

const o = (ignoreIndex: unknown) => ({ ignoreIndex }) as { ignoreIndex: number };
const lossValue =
  (factory: (options?: object) => (yTrue: tf.Tensor, yPred: tf.Tensor) => tf.Tensor): Run =>
  (yTrue, scores, ignoreIndex) => {
    const loss = factory({ fromLogits: false, ignoreIndex });
    return tf.tidy(() => loss(tf.tensor2d(yTrue), tf.tensor2d(scores)).dataSync()[0]);
  };
const trainingValue =
  (factory: (options?: object) => (yTrue: tf.Tensor, yPred: tf.Tensor) => tf.Tensor): Run =>
  (yTrue, scores, ignoreIndex) => {
    const metric = factory({ ignoreIndex });
    return tf.tidy(() => metric(tf.tensor2d(yTrue), tf.tensor2d(scores)).dataSync()[0]);
  };

/** Every function that takes `ignoreIndex`, called on labels and scores (or their predictions). */
const ENTRIES: Record<string, Run> = {
  hammingLoss: (y, s, i) => m.hammingLoss(y, predictions(s), o(i)),
  subsetAccuracy: (y, s, i) => m.subsetAccuracy(y, predictions(s), o(i)),
  zeroOneLoss: (y, s, i) => m.zeroOneLoss(y, predictions(s), o(i)),
  precisionScore: (y, s, i) => m.precisionScore(y, predictions(s), { ...o(i), average: 'none' }),
  recallScore: (y, s, i) => m.recallScore(y, predictions(s), { ...o(i), average: 'samples' }),
  f1Score: (y, s, i) => m.f1Score(y, predictions(s), { ...o(i), average: 'micro' }),
  fbetaScore: (y, s, i) => m.fbetaScore(y, predictions(s), { ...o(i), beta: 2 }),
  jaccardScore: (y, s, i) => m.jaccardScore(y, predictions(s), { ...o(i), average: 'weighted' }),
  specificityScore: (y, s, i) => m.specificityScore(y, predictions(s), o(i)),
  precisionRecallFscoreSupport: (y, s, i) =>
    m.precisionRecallFscoreSupport(y, predictions(s), o(i)),
  classificationReport: (y, s, i) =>
    m.classificationReport(y, predictions(s), { ...o(i), outputDict: true }),
  multilabelConfusionMatrix: (y, s, i) => m.multilabelConfusionMatrix(y, predictions(s), o(i)),
  averagePrecisionScore: (y, s, i) => m.averagePrecisionScore(y, s, o(i)),
  rocAucScore: (y, s, i) => m.rocAucScore(y, s, { ...o(i), average: 'micro' }),
  rocCurve: (y, s, i) => m.rocCurve(y, s, o(i)),
  precisionRecallCurve: (y, s, i) => m.precisionRecallCurve(y, s, o(i)),
  labelRankingAveragePrecision: (y, s, i) => m.labelRankingAveragePrecision(y, s, o(i)),
  coverageError: (y, s, i) => m.coverageError(y, s, o(i)),
  labelRankingLoss: (y, s, i) => m.labelRankingLoss(y, s, o(i)),
  oneError: (y, s, i) => m.oneError(y, s, o(i)),
  ndcgScore: (y, s, i) => m.ndcgScore(y, s, o(i)),
  precisionAtK: (y, s, i) => m.precisionAtK(y, s, { ...o(i), k: 2 }),
  recallAtK: (y, s, i) => m.recallAtK(y, s, { ...o(i), k: 2 }),
  ndcgAtK: (y, s, i) => m.ndcgAtK(y, s, { ...o(i), k: 2 }),
  propensityScoredPrecisionAtK: (y, s, i) =>
    m.propensityScoredPrecisionAtK(y, s, { ...o(i), k: 2, propensities: [0.5, 0.25, 0.8] }),
  propensityScoredNdcgAtK: (y, s, i) =>
    m.propensityScoredNdcgAtK(y, s, { ...o(i), k: 2, propensities: [0.5, 0.25, 0.8] }),
  MultilabelMetrics: (y, s, i) => {
    const metrics = new m.MultilabelMetrics(o(i)).update(y.slice(0, 4), s.slice(0, 4));
    const other = new m.MultilabelMetrics(o(i)).update(y.slice(4), s.slice(4));
    const copy = m.MultilabelMetrics.fromJSON(JSON.stringify(metrics.merge(other)));
    return copy.compute();
  },
  'MultilabelMetrics bins': (y, s, i) =>
    new m.MultilabelMetrics({ ...o(i), bins: 16 }).update(y, s).compute(),
  optimizeThresholds: (y, s, i) => th.optimizeThresholds(y, s, o(i)),
  'optimizeThresholds per-label': (y, s, i) =>
    th.optimizeThresholds(y, s, { ...o(i), strategy: 'per-label' }),
  rankCut: (y, s, i) => th.rankCut(y, s, o(i)),
  crossValidatedThresholds: (y, s, i) =>
    th.crossValidatedThresholds(y, s, { ...o(i), nFolds: 2, candidates: ['global', 'rankCut'] }),
  weightedBinaryCrossentropy: lossValue(losses.weightedBinaryCrossentropy),
  binaryFocalCrossentropy: lossValue(losses.binaryFocalCrossentropy),
  asymmetricLoss: lossValue(losses.asymmetricLoss),
  multilabelSoftmaxLoss: lossValue(losses.multilabelSoftmaxLoss),
  softF1Loss: lossValue(losses.softF1Loss),
  'trainingMetrics.subsetAccuracy': trainingValue(trainingMetrics.subsetAccuracy),
  'trainingMetrics.hammingScore': trainingValue(trainingMetrics.hammingScore),
  'trainingMetrics.f1Micro': trainingValue(trainingMetrics.f1Micro),
  'trainingMetrics.f1Macro': trainingValue(trainingMetrics.f1Macro),
  'trainingMetrics.precisionMicro': trainingValue(trainingMetrics.precisionMicro),
  'trainingMetrics.recallMicro': trainingValue(trainingMetrics.recallMicro),
};

const value = (run: Run, yTrue: number[][], scores: number[][], ignoreIndex: unknown) =>
  plain(run(yTrue, scores, ignoreIndex));

describe('ignoreIndex means the same in every function that takes it', () => {
  for (const [name, run] of Object.entries(ENTRIES)) {
    it(`${name}: cells equal to the marker (-1, -100, 2 or NaN) and NaN cells are missing`, () => {
      const want = value(run, labelsWith(-1), SCORES, -1);
      // A missing cell does not count: its score (or prediction) does not matter.
      expect(value(run, labelsWith(-1), scoresMoved(), -1)).toEqual(want);
      for (const marker of [-1, -100, 2, Number.NaN]) {
        expect(value(run, labelsWith(marker), SCORES, marker), `marker ${marker}`).toEqual(want);
        // A NaN cell is missing under any marker.
        const mixed = labelsWith(marker, [[0, 2, Number.NaN]]);
        expect(value(run, mixed, SCORES, marker), `NaN under ${marker}`).toEqual(want);
      }
    });

    it(`${name}: a cell holding another marker is NON_BINARY_LABELS, a marker in [0, 1] INVALID_OPTION`, () => {
      // A -1 cell is missing only under the marker -1.
      for (const marker of [-100, Number.NaN]) {
        let message = '';
        try {
          run(labelsWith(marker, [[3, 0, -1]]), SCORES, marker);
        } catch (error) {
          expect((error as { code?: string }).code, `-1 under ${marker}`).toBe('NON_BINARY_LABELS');
          message = (error as Error).message;
        }
        // The message names the fix.
        expect(message).toContain('ignoreIndex: -1');
      }
      // Without the option, a marker cell is no label either.
      expect(codeOf(() => run(labelsWith(-1), SCORES, undefined))).toBe('NON_BINARY_LABELS');
      for (const bad of [0, 0.5, 1, Number.POSITIVE_INFINITY, '-1', null]) {
        expect(
          codeOf(() => run(LABELS, SCORES, bad)),
          `ignoreIndex ${String(bad)}`,
        ).toBe('INVALID_OPTION');
      }
    });
  }
});

describe('MultilabelEvaluationCallback reads missing labels with any marker', () => {
  /** A model whose output is its input: the callback then scores `SCORES`. */
  function identity(): tfl.LayersModel {
    return tfl.sequential({
      layers: [
        tfl.layers.dense({
          units: 3,
          inputShape: [3],
          useBias: false,
          kernelInitializer: 'identity',
        }),
      ],
    });
  }

  it('logs the values MultilabelMetrics gives with the marker -1', async () => {
    const model = identity();
    const x = tf.tensor2d(SCORES);
    const want = new m.MultilabelMetrics({ ignoreIndex: -1 }).update(labelsWith(-1), SCORES);
    for (const marker of [-1, -100, 2, Number.NaN]) {
      const y = tf.tensor2d(labelsWith(marker, [[0, 2, Number.NaN]]));
      const callback = new MultilabelEvaluationCallback({
        validationData: [x, y],
        ignoreIndex: marker,
        batchSize: 3,
      });
      callback.setModel(model);
      const got = await callback.evaluate();
      expect(plain(got), `marker ${marker}`).toEqual(plain(want.compute()));
      y.dispose();
    }
    const minusOne = tf.tensor2d(labelsWith(-1));
    for (const [marker, code] of [
      [-100, 'NON_BINARY_LABELS'],
      [Number.NaN, 'NON_BINARY_LABELS'],
      [0.5, 'INVALID_OPTION'],
    ] as const) {
      expect(
        codeOf(
          () =>
            new MultilabelEvaluationCallback({
              validationData: [x, minusOne],
              ignoreIndex: marker,
            }),
        ),
        `marker ${marker}`,
      ).toBe(code);
    }
    tf.dispose([x, minusOne]);
    model.dispose();
  });
});

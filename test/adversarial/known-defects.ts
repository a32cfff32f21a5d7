/**
 * Defects the suite has found: inputs on which an entry gave a wrong answer, a wrong error type
 * or a hang, each with its reproduction. While one is open, the properties skip a case that
 * matches it before calling (so a known hang costs no time), and known-defects.test.ts
 * (known-defects.tf.test.ts for those that need tfjs) checks that it still reproduces: a fix
 * makes that test fail until the defect is marked `fixed`, so the list cannot go stale. A fixed
 * defect stays listed as a regression test: its reproduction must then come out false, and the
 * properties check its inputs again.
 *
 * `item` is the number of the defect in the reliability report the suite was built from, or
 * `'new'` for one the suite found beyond it.
 */
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import * as lib from '../../src/index.js';
import { bitRows } from '../bits.js';
import type { Case, Entry } from './harness.js';
import { COUNT_METRICS, RANKING_METRICS } from './names.js';

export interface KnownDefect {
  /** The entries it affects, by entry name or export name; `'*'` for every entry. */
  readonly exports: readonly string[];
  /** The input that triggers it, in words. */
  readonly input: string;
  /** Matches a tag of a generated case that triggers it. */
  readonly tag: RegExp;
  /** The item of the reliability report it belongs to, or 'new'. */
  readonly item: number | 'new';
  /** Whether it is fixed: the reproduction must then be false, and no case is skipped for it. */
  readonly fixed?: boolean;
  /** True while the defect reproduces (the report's example, or the smallest case found). */
  reproduce(): boolean | Promise<boolean>;
  /** Whether `reproduce` needs a tfjs backend (it then runs in the tensor test file). */
  readonly tensors?: boolean;
}

/** Whether `run` misbehaves: throws anything but a MultilabelError, or returns a wrong value. */
export function misbehaves(run: () => unknown, right: (value: unknown) => boolean): boolean {
  let value: unknown;
  try {
    value = run();
  } catch (error) {
    return !lib.isMultilabelError(error);
  }
  return !right(value);
}

/** Whether `run` fails to return a right value (a throw of any kind counts as failing). */
export function fails(run: () => unknown, right: (value: unknown) => boolean): boolean {
  try {
    return !right(run());
  } catch {
    return true;
  }
}

/** Whether `run` throws something other than a MultilabelError. */
export function throwsForeign(run: () => unknown): boolean {
  return misbehaves(run, () => true);
}

/** Whether `run` returns instead of throwing a MultilabelError (or throws another error). */
export function accepts(run: () => unknown): boolean {
  return misbehaves(run, () => false);
}

const near = (expected: number) => (v: unknown) =>
  typeof v === 'number' && Math.abs(v - expected) < 1e-9;

/** The median time of `run` over three calls, in ms. */
function medianMs(run: () => unknown): number {
  const times = [0, 1, 2].map(() => timeMs(run));
  return times.sort((a, b) => a - b)[1];
}

function timeMs(run: () => unknown): number {
  const start = performance.now();
  run();
  return performance.now() - start;
}

/**
 * Whether `slow` takes over `factor` times the median of `fast` (plus 50 ms). `slow` runs once:
 * while the defect lasts it is slow every time, and once fixed a spurious slow run only keeps
 * the entry listed a little longer.
 */
function slower(slow: () => unknown, fast: () => unknown, factor: number): boolean {
  return timeMs(slow) > factor * medianMs(fast) + 50;
}

/** How many MultilabelErrors `run` builds (thrown and caught ones included). */
function errorsBuilt(run: () => unknown): number {
  const brand = Symbol.for('tfjs-multilabel.MultilabelError');
  const define = Object.defineProperty;
  let count = 0;
  Object.defineProperty = ((target: object, key: PropertyKey, descriptor: PropertyDescriptor) => {
    if (key === brand) count++;
    return define(target, key, descriptor);
  }) as typeof Object.defineProperty;
  try {
    run();
  } finally {
    Object.defineProperty = define;
  }
  return count;
}

/** One row of `n` labels (every third positive), with all scores tied or all distinct. */
function oneWideRow(n: number) {
  const shape: [number, number] = [1, n];
  return {
    labels: { data: Uint8Array.from({ length: n }, (_, i) => (i % 3 === 0 ? 1 : 0)), shape },
    tied: { data: new Float64Array(n), shape },
    distinct: { data: Float64Array.from({ length: n }, (_, i) => (i * 7919) % n), shape },
  };
}

/** Every metric that averages over rows or labels with sample weights. */
const WEIGHTED_METRICS = [
  'optimizeThresholds',
  'rankCut',
  'crossValidatedThresholds',
  ...COUNT_METRICS,
  ...RANKING_METRICS,
  'precisionRecallFscoreSupport',
  'classificationReport',
  'precisionRecallCurve',
  'rocCurve',
];

/** A defect the suite found beyond the report ('new'), now fixed. */
const foundAndFixed = (defect: Omit<KnownDefect, 'item' | 'fixed'>): KnownDefect => ({
  ...defect,
  item: 'new',
  fixed: true,
});

/** By item of the report, then the new ones. */
export const knownDefects: readonly KnownDefect[] = [
  {
    exports: ['readArff'],
    input: 'MULAN labels XML with a commented-out label: the comment is read as a label',
    tag: /labels by xml with a comment/,
    item: 1,
    fixed: true,
    reproduce: () =>
      fails(
        () =>
          lib.readArff('@relation r\n@attribute y {0,1}\n@attribute old numeric\n@data\n1,0.5\n', {
            labels: '<labels><label name="y"/><!-- <label name="old"/> --></labels>',
          }),
        (d) => (d as lib.ArffDataset).labelNames.join() === 'y',
      ),
  },
  {
    exports: ['trainingMetrics'],
    input:
      'labels that are not 0/1, or yPred of another shape that broadcasts ([rows, 1] against [rows, cols]): a value instead of a MultilabelError',
    tag: /^(non-binary label|shape mismatch: yPred)/,
    item: 2,
    fixed: true,
    tensors: true,
    reproduce: () =>
      accepts(() =>
        tf.tidy(() =>
          lib.trainingMetrics
            .precisionMicro()(tf.tensor2d([[2, 0, 1]]), tf.tensor2d([[0.9, 0.2, 0.4]]))
            .dataSync(),
        ),
      ) ||
      accepts(() =>
        tf.tidy(() =>
          lib.trainingMetrics
            .f1Micro()(tf.ones([4, 3]), tf.ones([4, 1]))
            .dataSync(),
        ),
      ),
  },
  {
    exports: ['multilabelSoftmaxLoss'],
    input:
      'logits of magnitude 1e29 or more (the -1e30 masking placeholder): wrong losses, e.g. log 2 for a row whose cells are all ignored',
    tag: /^logits of magnitude >= 1e29$/,
    item: 3,
    fixed: true,
    tensors: true,
    reproduce: () =>
      fails(
        () =>
          tf.tidy(
            () =>
              lib
                .multilabelSoftmaxLoss()(tf.tensor2d([[1, 0, 0]]), tf.tensor2d([[1e30, -1e30, 0]]))
                .dataSync()[0],
          ),
        (v) => Math.abs((v as number) - Math.log(2)) < 1e-4,
      ),
  },
  {
    exports: WEIGHTED_METRICS,
    input:
      'sample weights whose sum overflows (1e308, MAX_VALUE): NaN, or 0 where the ratio is tp / Infinity',
    tag: /sampleWeight: .*\((weights whose sum overflows|weights from subnormal to MAX_VALUE)\)/,
    item: 4,
    fixed: true,
    reproduce: () =>
      misbehaves(
        () =>
          lib.f1Score(
            [
              [1, 0],
              [0, 1],
            ],
            [
              [1, 0],
              [0, 1],
            ],
            { average: 'micro', sampleWeight: [1e308, 1e308] },
          ),
        near(1),
      ),
  },
  {
    exports: ['fbetaScore', 'optimizeThresholds', 'rankCut', 'crossValidatedThresholds'],
    input:
      'a beta whose square overflows (1e200, MAX_VALUE): NaN (fbetaScore) or INVALID_ARGUMENT naming `score` (the optimizers) instead of the beta = Infinity value (recall)',
    tag: /beta=(1e\+?200|1\.7976931348623157e\+308)\b/,
    item: 5,
    fixed: true,
    reproduce: () =>
      misbehaves(
        () => lib.fbetaScore([[1, 0]], [[1, 1]], { beta: 1e200, average: 'micro' }),
        near(1),
      ) ||
      misbehaves(
        () =>
          lib.optimizeThresholds(
            [
              [1, 0],
              [0, 1],
            ],
            [
              [0.9, 0.2],
              [0.3, 0.8],
            ],
            {
              metric: 'fbeta',
              beta: 1e200,
            },
          ),
        (t) => t instanceof lib.Thresholds,
      ),
  },
  {
    exports: ['readArff'],
    input: 'hexadecimal numbers (0x10 read as 16, a sparse index {0x0 1})',
    tag: /^mutation: hex (number|sparse index)$/,
    item: 6,
    fixed: true,
    reproduce: () =>
      accepts(() =>
        lib.readArff('@relation r\n@attribute x numeric\n@attribute y {0,1}\n@data\n0x10,1\n', {
          labels: ['y'],
        }),
      ),
  },
  {
    exports: ['jainPropensities', 'propensityScoredPrecisionAtK', 'propensityScoredNdcgAtK'],
    input:
      'a subnormal or smallest-normal propensity (5e-324, 2.2e-308): NaN; jainPropensities with A = 1e308 (NaN) or B = 1e308 (0, outside (0, 1])',
    tag: /"[AB]":1e\+308|propensities with (5e-324|2\.2250738585072014e-308|1e-300)/,
    item: 7,
    fixed: true,
    reproduce: () =>
      misbehaves(
        () => lib.jainPropensities([1], 10, { A: 1e308 })[0],
        (p) => typeof p === 'number' && p > 0 && p <= 1,
      ) ||
      misbehaves(
        () =>
          lib.propensityScoredPrecisionAtK([[1, 0]], [[0.9, 0.1]], {
            k: 1,
            propensities: [5e-324, 0.5],
          }),
        (v) => typeof v === 'number' && !Number.isNaN(v),
      ),
  },
  {
    exports: ['ClassSpecificResidualAttention', 'LabelAttentionHead'],
    input:
      'an input with an empty spatial extent ([1, 0, 0, 4], or zero tokens): bias-only logits instead of a MultilabelError',
    tag: /\(an empty spatial input\)/,
    item: 8,
    fixed: true,
    tensors: true,
    reproduce: () => {
      const head = lib.csraHead({ units: 2 });
      try {
        return accepts(() =>
          tf.tidy(() => (head.apply(tf.zeros([1, 0, 0, 4])) as tf.Tensor).dataSync()),
        );
      } finally {
        if (head.built) head.dispose();
      }
    },
  },
  {
    exports: [
      'iterativeStratification',
      'stratifiedKFold',
      'trainTestSplit',
      'splitQuality',
      'labelStatistics',
      'labelCooccurrence',
      'crossValidatedThresholds',
    ],
    input:
      'labels as a Uint8Array or Int8Array view whose byte offset is not a multiple of 4: RangeError "start offset of Int32Array should be a multiple of 4"',
    tag: /(Int8Array|Uint8Array) view at byte offset [13]\b/,
    item: 9,
    fixed: true,
    reproduce: () =>
      throwsForeign(() =>
        lib.stratifiedKFold({ data: new Uint8Array(9).subarray(1), shape: [4, 2] }, { nFolds: 2 }),
      ),
  },
  {
    exports: ['labelRankingAveragePrecision', 'labelRankingLoss', 'ndcgScore', 'MultilabelMetrics'],
    input: 'a row with many tied scores (quadratic in the ties: 1 x 200,000 tied takes over 10 s)',
    tag: /many tied scores in a row/,
    item: 10,
    fixed: true,
    reproduce: () => {
      const { labels, tied, distinct } = oneWideRow(20_000);
      return [lib.labelRankingAveragePrecision, lib.labelRankingLoss, lib.ndcgScore].some(
        (metric) =>
          slower(
            () => metric(labels, tied),
            () => metric(labels, distinct),
            10,
          ),
      );
    },
  },
  {
    exports: ['labelCooccurrence', 'expectedF1Decision', 'splitQuality'],
    input:
      'a very large label space (1 x 200,000, 4 x 50,000): RangeError "Invalid typed array length" (an L x L or L^2 / 2 allocation) instead of a MultilabelError saying what is too large',
    tag: /^large (1 x 200000|4 x 50000) /,
    item: 11,
    fixed: true,
    reproduce: () =>
      throwsForeign(() =>
        lib.labelCooccurrence({ data: new Uint8Array(100_000), shape: [1, 100_000] }),
      ) ||
      throwsForeign(() =>
        lib.expectedF1Decision({ data: new Float64Array(100_000), shape: [1, 100_000] }),
      ),
  },
  {
    exports: ['iterativeStratification', 'stratifiedKFold'],
    input:
      'order 2 on rows with thousands of positives (4 x 50,000): the label pairs of a row overflow an Int32 counter, or run for minutes and out of memory',
    tag: /^order 2 on a large matrix$/,
    item: 11,
    fixed: true,
    reproduce: () =>
      // 3 rows of 70,000 positives: 2.4e9 pairs per row, past an Int32 counter (fails fast).
      throwsForeign(() =>
        lib.iterativeStratification(
          { data: new Uint8Array(3 * 70_000).fill(1), shape: [3, 70_000] },
          { nFolds: 2, order: 2 },
        ),
      ),
  },
  {
    exports: ['iterativeStratification', 'stratifiedKFold'],
    input:
      'one fold per row: the time grows with the fold count (10,000 x 5 with 10,000 folds: 0.9 s, with 2 folds: 0.01 s; 100,000 rows: over a minute)',
    tag: /^one fold per row/,
    item: 12,
    fixed: true,
    reproduce: () => {
      const y = {
        data: Uint8Array.from({ length: 50_000 }, (_, i) => (i % 3 === 0 ? 1 : 0)),
        shape: [10_000, 5] as [number, number],
      };
      return slower(
        () => lib.iterativeStratification(y, { nFolds: 10_000 }),
        () => lib.iterativeStratification(y, { nFolds: 2 }),
        10,
      );
    },
  },
  {
    exports: ['trainingMetrics', 'applyThresholdsTensor'],
    input:
      'trainingMetrics with yPred of another shape or rank (a plain tfjs broadcast error), applyThresholdsTensor on a disposed tensor (TypeError)',
    tag: /^(yPred: (a rank-|a tensor of shape|an empty tensor|a disposed|a number\[\]|null|a string))|^a disposed tensor$/,
    item: 13,
    fixed: true,
    tensors: true,
    reproduce: () => {
      const t = tf.tensor2d([[0.2, 0.9]]);
      t.dispose();
      return (
        throwsForeign(() => lib.applyThresholdsTensor(t, new lib.Thresholds([0.5, 0.5]))) ||
        throwsForeign(() =>
          tf.tidy(() => lib.trainingMetrics.f1Micro()(tf.zeros([2, 3]), tf.zeros([2, 4]))),
        )
      );
    },
  },
  {
    exports: ['new Thresholds'],
    input:
      'values given as an object whose length is no array length: RangeError for { length: -1 }, a 32 GB allocation (seconds) for { length: 2^32 }',
    tag: /^values: an object (of length|claiming 2\^32 elements)/,
    item: 13,
    fixed: true,
    reproduce: () => throwsForeign(() => new lib.Thresholds({ length: -1 } as ArrayLike<number>)),
  },
  {
    exports: ['crossValidatedThresholds'],
    input:
      'seed Number.MAX_SAFE_INTEGER with repeats 2: INVALID_OPTION citing seed 9007199254740992, which the user never gave',
    tag: /"seed":9007199254740991,"repeats":2/,
    item: 14,
    fixed: true,
    reproduce: () => {
      const run = () =>
        lib.crossValidatedThresholds(
          bitRows('10 01 11 00'),
          [
            [0.9, 0.2],
            [0.1, 0.8],
            [0.7, 0.6],
            [0.2, 0.3],
          ],
          { nFolds: 2, seed: Number.MAX_SAFE_INTEGER, repeats: 2 },
        );
      try {
        run();
        return false;
      } catch (error) {
        // A foreign error, or a message citing the seed + 1 that the user never gave.
        return !lib.isMultilabelError(error) || error.message.includes('9007199254740992');
      }
    },
  },
  {
    exports: ['readArff'],
    input: 'an ARFF file with CR-only line endings: PARSE_ERROR "line 1: no @data"',
    tag: /newline "\\r",/,
    item: 14,
    fixed: true,
    reproduce: () =>
      fails(
        () => lib.readArff('@relation r\r@attribute a {0,1}\r@data\r1\r', { labels: ['a'] }),
        (d) => (d as lib.ArffDataset).labels.data.length === 1,
      ),
  },
  foundAndFixed({
    exports: ['splitQuality'],
    input:
      'a fold id far above the row count: an array with one slot per fold id is allocated before the empty folds are found (GBs for 2^31, RangeError "Invalid typed array length" from 2^32 on; ids from 2^31 also wrap in the Int32Array)',
    tag: /^folds: a fold of (2147483648|4294967296|1000000000000) /,
    reproduce: () => throwsForeign(() => lib.splitQuality(bitRows('10 01 11'), [0, 1, 2 ** 32])),
  }),
  foundAndFixed({
    exports: ['jainPropensities'],
    input:
      'B = 0 with a label of count 0: propensity 0 (documented range (0, 1)), which propensityScoredPrecisionAtK then rejects',
    tag: /"B":0[,}]/,
    reproduce: () =>
      misbehaves(
        () => lib.jainPropensities([0, 2], 3, { B: 0 })[0],
        (p) => (p as number) > 0,
      ),
  }),
  foundAndFixed({
    exports: ['inverseFrequencyWeights'],
    input:
      'a total near MAX_VALUE with a count below 1: the weight (total - n) / n overflows to Infinity',
    tag: /^option total = 1e\+308$/,
    reproduce: () =>
      misbehaves(
        () => lib.inverseFrequencyWeights([0.5], { total: 1e308 })[0],
        (w) => Number.isFinite(w as number),
      ),
  }),
  foundAndFixed({
    exports: ['MultilabelMetrics'],
    input:
      'compute() with very many labels that each have one class (1 x 200,000 takes 3.5 s, 15-40 times averagePrecisionScore with average none on the same rows): every such label throws and catches an UNDEFINED_METRIC error in labelScores',
    tag: /^large 1 x 200000 /,
    reproduce: () => {
      const n = 20_000;
      const row = Uint8Array.from({ length: n }, (_, i) => (i % 3 === 0 ? 1 : 0));
      const scores = Float64Array.from({ length: n }, (_, i) => ((i * 7919) % n) / n);
      const accumulated = new lib.MultilabelMetrics().update(
        { data: row, shape: [1, n] },
        { data: scores, shape: [1, n] },
      );
      // Counted rather than timed: one error built per label is the cost, whatever the load.
      return errorsBuilt(() => accumulated.compute()) >= n;
    },
  }),
  foundAndFixed({
    exports: ['averagePrecisionScore', 'rocAucScore'],
    input:
      "average: 'samples' on a row with many tied scores: quadratic in the ties (1 x 40,000 tied: 400 ms, distinct: 5 ms; 1 x 200,000 tied: 16-32 s), the cause of item 10 in the per-row curves",
    tag: /many tied scores in a row/,
    reproduce: () => {
      const { labels, tied, distinct } = oneWideRow(20_000);
      return [lib.averagePrecisionScore, lib.rocAucScore].some((metric) =>
        slower(
          () => metric(labels, tied, { average: 'samples' }),
          () => metric(labels, distinct, { average: 'samples' }),
          10,
        ),
      );
    },
  }),
  foundAndFixed({
    exports: ['readArff'],
    input:
      'two attributes with the same name: accepted (Weka rejects them: "Attribute names are not unique"), the columns cannot be told apart by name',
    tag: /^mutation: duplicate attribute$/,
    reproduce: () =>
      accepts(() =>
        lib.readArff(
          '@relation r\n@attribute a numeric\n@attribute a numeric\n@attribute y {0,1}\n@data\n1,2,0\n',
          {
            labels: ['y'],
          },
        ),
      ),
  }),
  foundAndFixed({
    exports: ['asymmetricLoss'],
    input:
      'logits of magnitude 1e30 or more: the gradient grows with |x| (-181 at x = -1e37 for a positive label, Infinity at 3e38 with clip 0) where the derivative is about 1, as documented ("keeps a gradient of 1")',
    tag: /^logits of magnitude >= 1e29$/,
    tensors: true,
    reproduce: () =>
      tf.tidy(() => {
        const loss = lib.asymmetricLoss({ fromLogits: true });
        const y = tf.tensor2d([[1]]);
        const g = tf
          .grad((x: tf.Tensor) => loss(y, x) as tf.Scalar)(tf.tensor2d([[-1e37]]))
          .dataSync()[0];
        return !(Math.abs(g) <= 2);
      }),
  }),
  foundAndFixed({
    exports: [
      'weightedBinaryCrossentropy',
      'binaryFocalCrossentropy',
      'asymmetricLoss',
      'multilabelSoftmaxLoss',
    ],
    input:
      "logits near the float32 maximum (3e38): the 'mean' reduction sums in float32 first, so the loss is Infinity although the mean (3e38) is representable",
    tag: /^logits near the float32 maximum$/,
    tensors: true,
    reproduce: () =>
      tf.tidy(() => {
        const v = lib.weightedBinaryCrossentropy({ fromLogits: true })(
          tf.tensor2d([[0, 0]]),
          tf.tensor2d([[3e38, 3e38]]),
        );
        return !Number.isFinite(v.dataSync()[0]);
      }),
  }),
  foundAndFixed({
    exports: ['new MultilabelEvaluationCallback'],
    input:
      'a `metrics` option that is neither an array nor a string (a number, an object, a function): TypeError "this.metrics is not iterable"',
    tag: /^option metrics = (?!"|\[|null$)/,
    tensors: true,
    reproduce: () => {
      const x = tf.zeros([2, 1]);
      try {
        return throwsForeign(
          () =>
            new lib.MultilabelEvaluationCallback({
              validationData: [x, [[1], [0]]],
              metrics: 5 as unknown as lib.EvaluationMetric[],
            }),
        );
      } finally {
        x.dispose();
      }
    },
  }),
  foundAndFixed({
    // Options read as `options.x ?? default` take null for "unset", while the metrics (and the
    // other options of the same functions) reject null with INVALID_OPTION.
    exports: [
      'optimizeThresholds',
      'rankCut',
      'crossValidatedThresholds',
      'proportionalCut',
      'iterativeStratification',
      'stratifiedKFold',
      'trainTestSplit',
      'labelCooccurrence',
      'readArff',
      'classBalancedWeights',
      'weightedBinaryCrossentropy',
      'binaryFocalCrossentropy',
      'asymmetricLoss',
      'multilabelSoftmaxLoss',
      'softF1Loss',
    ],
    input:
      'an option set to null (e.g. { labelSmoothing: null }, { seed: null }, { strategy: null }): silently read as the default',
    tag: /^option \w+ = null$/,
    reproduce: () =>
      accepts(() =>
        lib.weightedBinaryCrossentropy({ labelSmoothing: null as unknown as number }),
      ) ||
      accepts(() =>
        lib.iterativeStratification([[1], [0]], { nFolds: 2, seed: null as unknown as number }),
      ),
  }),
  foundAndFixed({
    exports: ['*'],
    input:
      'an option value that JSON.stringify cannot print (a BigInt such as 2n, a cyclic object): the error message itself throws a TypeError',
    tag: /^(option|argument) \w+ = (\d+n|a cyclic object)$/,
    reproduce: () =>
      throwsForeign(() =>
        lib.oneError([[1, 0]], [[0.9, 0.1]], { ignoreIndex: 2n as unknown as number }),
      ) ||
      throwsForeign(() =>
        lib.f1Score([[1, 0]], [[1, 0]], { average: cyclicValue() as unknown as 'micro' }),
      ),
  }),
  foundAndFixed({
    exports: ['*'],
    input:
      'a user-built TensorLike2D whose dataSync() length does not match its shape (no check: a RangeError for a huge shape, values read past the end for a short one)',
    tag: /tensor-like (whose data is (shorter|longer) than its shape|of shape \[1e9, 1e9\])/,
    reproduce: () =>
      throwsForeign(() =>
        lib.coverageError(
          { shape: [1e9, 1e9], dtype: 'float32', dataSync: () => new Float32Array(2) },
          [[0.5]],
        ),
      ) ||
      accepts(() =>
        lib.hammingLoss({ shape: [2, 2], dtype: 'float32', dataSync: () => new Float32Array(1) }, [
          [0, 0],
          [0, 0],
        ]),
      ),
  }),
  foundAndFixed({
    exports: ['classificationReport'],
    input:
      'very many labels (1 x 200,000): RangeError "Maximum call stack size exceeded" from a spread of the label names',
    tag: /^large 1 x 200000/,
    reproduce: () => {
      const n = 200_000;
      return throwsForeign(() =>
        lib.classificationReport(
          { data: new Uint8Array(n), shape: [1, n] },
          { data: new Uint8Array(n), shape: [1, n] },
        ),
      );
    },
  }),
  foundAndFixed({
    exports: ['softF1Loss'],
    input:
      'probabilities with a subnormal prediction on a label without positives (1.4e-45): NaN gradient, as D^2 underflows to 0 (0 / 0)',
    tag: /^subnormal prediction$/,
    tensors: true,
    reproduce: () =>
      tf.tidy(() => {
        const loss = lib.softF1Loss({ fromLogits: false });
        const y = tf.tensor2d([[0, 0, 0, 0]]);
        const g = tf
          .grad((p: tf.Tensor) => loss(y, p) as tf.Scalar)(tf.tensor2d([[0, 0, 0, 1.4e-45]]))
          .dataSync();
        return !Array.from(g).every(Number.isFinite);
      }),
  }),
];

function cyclicValue(): object {
  const o: Record<string, unknown> = {};
  o.self = o;
  return o;
}

/**
 * One test per defect: an open one must still reproduce (so a fix fails here until the defect
 * is marked `fixed`), and a fixed one must not.
 */
export function reproductionTests(title: string, defects: readonly KnownDefect[]): void {
  const named = defects.map(
    (d) =>
      [
        `${d.item === 'new' ? 'new' : `item ${d.item}`}: ${d.exports.join(', ')}: ${d.input}`,
        d,
      ] as const,
  );
  describe(title, () => {
    const open = named.filter(([, d]) => d.fixed !== true);
    const fixed = named.filter(([, d]) => d.fixed === true);
    if (open.length > 0) {
      it.each(open)('%s still reproduces', async (_name, defect) => {
        expect(
          await defect.reproduce(),
          'it no longer reproduces: mark it `fixed: true` in known-defects.ts',
        ).toBe(true);
      });
    }
    if (fixed.length > 0) {
      it.each(fixed)('%s is fixed', async (_name, defect) => {
        expect(await defect.reproduce(), 'a fixed defect reproduces again').toBe(false);
      });
    }
  });
}

/** The known defect a case of `entry` triggers, if any. */
export function knownDefectOf(entry: Entry<Case>, c: Case): KnownDefect | undefined {
  return knownDefects.find(
    (defect) =>
      defect.fixed !== true &&
      (defect.exports.includes('*') ||
        defect.exports.includes(entry.name) ||
        defect.exports.includes(entry.export)) &&
      c.tags.some((tag) => defect.tag.test(tag)),
  );
}

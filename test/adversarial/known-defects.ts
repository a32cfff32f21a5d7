/**
 * Known defects: inputs on which an entry still gives a wrong answer, a wrong error type or a
 * hang. The properties skip a case that matches one before calling (so a known hang costs no
 * time), and known-defects.test.ts (known-defects.tf.test.ts for those that need tfjs) checks
 * that each one still reproduces: a fixed defect makes that test fail until it is taken off this
 * list, so the list cannot go stale.
 *
 * `item` is the number of the defect in the reliability report the suite was built from, or
 * `'new'` for one the suite found beyond it.
 */
import * as lib from '../../src/index.js';
import type { Case, Entry } from './harness.js';

export interface KnownDefect {
  /** The entries it affects, by entry name or export name; `'*'` for every entry. */
  readonly exports: readonly string[];
  /** The input that triggers it, in words. */
  readonly input: string;
  /** Matches a tag of a generated case that triggers it. */
  readonly tag: RegExp;
  /** The item of the reliability report it belongs to, or 'new'. */
  readonly item: number | 'new';
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
  const times = [0, 1, 2].map(() => {
    const start = performance.now();
    run();
    return performance.now() - start;
  });
  return times.sort((a, b) => a - b)[1];
}

/** Every metric that averages over rows or labels with sample weights. */
const WEIGHTED_METRICS = [
  'hammingLoss',
  'subsetAccuracy',
  'zeroOneLoss',
  'precisionScore',
  'recallScore',
  'f1Score',
  'fbetaScore',
  'jaccardScore',
  'specificityScore',
  'precisionRecallFscoreSupport',
  'classificationReport',
  'averagePrecisionScore',
  'rocAucScore',
  'labelRankingAveragePrecision',
  'coverageError',
  'labelRankingLoss',
  'oneError',
  'ndcgScore',
  'precisionAtK',
  'recallAtK',
  'ndcgAtK',
  'propensityScoredPrecisionAtK',
  'propensityScoredNdcgAtK',
  'precisionRecallCurve',
  'rocCurve',
];

export const knownDefects: readonly KnownDefect[] = [
  {
    exports: ['readArff'],
    input: 'MULAN labels XML with a commented-out label: the comment is read as a label',
    tag: /labels by xml with a comment/,
    item: 1,
    reproduce: () =>
      misbehaves(
        () =>
          lib.readArff('@relation r\n@attribute y {0,1}\n@attribute old numeric\n@data\n1,0.5\n', {
            labels: '<labels><label name="y"/><!-- <label name="old"/> --></labels>',
          }),
        (d) => (d as lib.ArffDataset).labelNames.join() === 'y',
      ),
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
    reproduce: () =>
      throwsForeign(() =>
        lib.stratifiedKFold({ data: new Uint8Array(9).subarray(1), shape: [4, 2] }, { nFolds: 2 }),
      ),
  },
  {
    exports: ['readArff'],
    input: 'an ARFF file with CR-only line endings: PARSE_ERROR "line 1: no @data"',
    tag: /newline "\\r",/,
    item: 14,
    reproduce: () =>
      misbehaves(
        () => lib.readArff('@relation r\r@attribute a {0,1}\r@data\r1\r', { labels: ['a'] }),
        (d) => (d as lib.ArffDataset).labels.data.length === 1,
      ),
  },
  {
    exports: ['fbetaScore', 'optimizeThresholds', 'rankCut', 'crossValidatedThresholds'],
    input:
      'a beta whose square overflows (1e200, MAX_VALUE): NaN (fbetaScore) or INVALID_ARGUMENT naming `score` (the optimizers) instead of the beta = Infinity value (recall)',
    tag: /beta=(1e\+?200|1\.7976931348623157e\+308)\b/,
    item: 5,
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
    exports: ['new Thresholds'],
    input:
      'values given as an object whose length is no array length ({ length: -1 }, 2^32): RangeError',
    tag: /^values: an object of length/,
    item: 13,
    reproduce: () => throwsForeign(() => new lib.Thresholds({ length: -1 } as ArrayLike<number>)),
  },
  {
    exports: WEIGHTED_METRICS,
    input:
      'sample weights whose sum overflows (1e308, MAX_VALUE): NaN, or 0 where the ratio is tp / Infinity',
    tag: /sampleWeight: .*\((weights whose sum overflows|weights from subnormal to MAX_VALUE)\)/,
    item: 4,
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
    exports: ['labelRankingAveragePrecision', 'labelRankingLoss', 'ndcgScore'],
    input: 'a row with many tied scores (quadratic in the ties: 1 x 200,000 tied takes over 10 s)',
    tag: /many tied scores in a row/,
    item: 10,
    reproduce: () => {
      const n = 20_000;
      const labels = {
        data: Uint8Array.from({ length: n }, (_, i) => (i % 3 === 0 ? 1 : 0)),
        shape: [1, n] as [number, number],
      };
      const tied = { data: new Float64Array(n), shape: [1, n] as [number, number] };
      const distinct = {
        data: Float64Array.from({ length: n }, (_, i) => (i * 7919) % n),
        shape: [1, n] as [number, number],
      };
      return [lib.labelRankingAveragePrecision, lib.labelRankingLoss, lib.ndcgScore].some(
        (metric) =>
          medianMs(() => metric(labels, tied)) > 10 * medianMs(() => metric(labels, distinct)) + 50,
      );
    },
  },
  {
    exports: ['*'],
    input:
      'an option value that JSON.stringify cannot print (a BigInt such as 2n, a cyclic object): the error message itself throws a TypeError',
    tag: /^(option|argument) \w+ = (\d+n|a cyclic object)$/,
    item: 'new',
    reproduce: () =>
      throwsForeign(() =>
        lib.oneError([[1, 0]], [[0.9, 0.1]], { ignoreIndex: 2n as unknown as number }),
      ) ||
      throwsForeign(() =>
        lib.f1Score([[1, 0]], [[1, 0]], { average: cyclicValue() as unknown as 'micro' }),
      ),
  },
  {
    exports: ['*'],
    input:
      'a user-built TensorLike2D whose dataSync() length does not match its shape (no check: a RangeError for a huge shape, values read past the end for a short one)',
    tag: /tensor-like (whose data is (shorter|longer) than its shape|of shape \[1e9, 1e9\])/,
    item: 'new',
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
  },
  {
    exports: ['classificationReport'],
    input:
      'very many labels (1 x 200,000): RangeError "Maximum call stack size exceeded" from a spread of the label names',
    tag: /^large 1 x 200000/,
    item: 'new',
    reproduce: () => {
      const n = 200_000;
      return throwsForeign(() =>
        lib.classificationReport(
          { data: new Uint8Array(n), shape: [1, n] },
          { data: new Uint8Array(n), shape: [1, n] },
        ),
      );
    },
  },
];

function cyclicValue(): object {
  const o: Record<string, unknown> = {};
  o.self = o;
  return o;
}

/** The known defect a case of `entry` triggers, if any. */
export function knownDefectOf(entry: Entry<Case>, c: Case): KnownDefect | undefined {
  return knownDefects.find(
    (defect) =>
      (defect.exports.includes('*') ||
        defect.exports.includes(entry.name) ||
        defect.exports.includes(entry.export)) &&
      c.tags.some((tag) => defect.tag.test(tag)),
  );
}

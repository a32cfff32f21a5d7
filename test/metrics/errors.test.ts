/**
 * Bad input throws a MultilabelError whose code tells the problem and whose message names the
 * argument, for every metric: shape mismatch, non-binary labels, NaN or infinite scores, empty
 * input, unknown or out-of-range options, bad weights, and metrics that are undefined where
 * scikit-learn raises.
 */
import { describe, expect, it } from 'vitest';
import { isMultilabelError, type MultilabelErrorCode } from '../../src/core/index.js';
import * as m from '../../src/metrics/index.js';
import { COUNT_METRICS, RANKING_METRICS } from '../adversarial/names.js';
import { bitRows, scoreRows } from '../bits.js';

function expectError(fn: () => unknown, code: MultilabelErrorCode, mentions: string): void {
  let caught: unknown;
  try {
    fn();
  } catch (error) {
    caught = error;
  }
  expect(isMultilabelError(caught), `expected a MultilabelError, got ${String(caught)}`).toBe(true);
  const error = caught as m.MultilabelError;
  expect(error.code).toBe(code);
  expect(error.message).toContain(mentions);
}

type Call = (yTrue: unknown, y: unknown, options?: Record<string, unknown>) => unknown;

/** The options a metric cannot go without, given before a test's own. */
const required: Record<string, Record<string, unknown>> = {
  fbetaScore: { beta: 1 },
  precisionAtK: { k: 1 },
  recallAtK: { k: 1 },
  ndcgAtK: { k: 1 },
  propensityScoredPrecisionAtK: { k: 1, propensities: [0.5, 0.5] },
  propensityScoredNdcgAtK: { k: 1, propensities: [0.5, 0.5] },
};

/** The metric export `name`, called with its required options. */
function callOf(name: string): [string, Call] {
  const fn = (m as unknown as Record<string, Call>)[name];
  const base = required[name];
  return [name, base === undefined ? fn : (y, s, o) => fn(y, s, { ...base, ...o })];
}

const countFunctions = [
  ...COUNT_METRICS,
  'precisionRecallFscoreSupport',
  'multilabelConfusionMatrix',
  'classificationReport',
].map(callOf);
const rankingFunctions = [...RANKING_METRICS, 'precisionRecallCurve', 'rocCurve'].map(callOf);

const yTrue = bitRows('10 01');
const yPred = bitRows('11 01');
const yScore = scoreRows('0.9 0.2, 0.3 0.8');

/** A copy of `matrix` whose cell (i, j) holds `value`: one bad cell in a valid input. */
const withCell = (matrix: number[][], i: number, j: number, value: number): number[][] =>
  matrix.map((row, r) => (r === i ? row.map((v, c) => (c === j ? value : v)) : [...row]));

describe.each(countFunctions)('%s rejects bad input', (_name, fn) => {
  it('a shape mismatch, naming yPred', () => {
    expectError(() => fn(yTrue, [[1, 0, 1]]), 'SHAPE_MISMATCH', '`yPred`');
  });
  it('non-binary labels and predictions, naming the cell', () => {
    expectError(() => fn(withCell(yTrue, 0, 1, 2), yPred), 'NON_BINARY_LABELS', '`yTrue[0][1]`');
    expectError(() => fn(yTrue, withCell(yPred, 0, 1, 0.5)), 'NON_BINARY_LABELS', '`yPred[0][1]`');
  });
  it('missing labels unless ignoreIndex is set, and never in predictions', () => {
    expectError(() => fn(withCell(yTrue, 0, 1, -1), yPred), 'NON_BINARY_LABELS', '`ignoreIndex`');
    expectError(
      () => fn(yTrue, withCell(yPred, 0, 1, -1), { ignoreIndex: -1 }),
      'NON_BINARY_LABELS',
      '`yPred[0][1]`',
    );
    expectError(() => fn(yTrue, yPred, { ignoreIndex: 0 }), 'INVALID_OPTION', '`ignoreIndex`');
  });
  it('an empty matrix', () => {
    expectError(() => fn([], []), 'EMPTY_INPUT', '`yTrue`');
    expectError(() => fn([[]], [[]]), 'EMPTY_INPUT', '`yTrue`');
  });
  it('an unknown option, suggesting the right name', () => {
    expectError(
      () => fn(yTrue, yPred, { sampleWeights: [1, 1] }),
      'UNKNOWN_OPTION',
      '`sampleWeight`',
    );
  });
  it('bad sample weights', () => {
    expectError(() => fn(yTrue, yPred, { sampleWeight: [1] }), 'SHAPE_MISMATCH', '`sampleWeight`');
    expectError(
      () => fn(yTrue, yPred, { sampleWeight: [1, -1] }),
      'INVALID_ARGUMENT',
      '`sampleWeight[1]`',
    );
    expectError(
      () => fn(yTrue, yPred, { sampleWeight: [1, Number.NaN] }),
      'NON_FINITE_VALUES',
      '`sampleWeight[1]`',
    );
  });
});

describe.each(rankingFunctions)('%s rejects bad input', (_name, fn) => {
  it('a shape mismatch, naming yScore', () => {
    expectError(() => fn(yTrue, [[0.1, 0.2, 0.3]]), 'SHAPE_MISMATCH', '`yScore`');
  });
  it('non-binary labels', () => {
    expectError(() => fn(withCell(yTrue, 0, 1, 0.5), yScore), 'NON_BINARY_LABELS', '`yTrue[0][1]`');
  });
  it('NaN and infinite scores, naming the cell', () => {
    const nan = withCell(yScore, 0, 1, Number.NaN);
    expectError(() => fn(yTrue, nan), 'NON_FINITE_VALUES', '`yScore[0][1]`');
    const infinite = withCell(yScore, 1, 0, Number.POSITIVE_INFINITY);
    expectError(() => fn(yTrue, infinite), 'NON_FINITE_VALUES', '`yScore[1][0]`');
    expectError(
      () =>
        fn(yTrue, {
          data: new Float32Array([0.9, 0.2, 0.3, Number.NEGATIVE_INFINITY]),
          shape: [2, 2],
        }),
      'NON_FINITE_VALUES',
      '`yScore[1][1]`',
    );
  });
  it('an empty matrix', () => {
    expectError(
      () => fn({ data: [], shape: [0, 2] }, { data: [], shape: [0, 2] }),
      'EMPTY_INPUT',
      '`yTrue`',
    );
  });
  it('an unknown option', () => {
    expectError(() => fn(yTrue, yScore, { averge: 'macro' }), 'UNKNOWN_OPTION', 'averge');
  });
  it('options that are not an object (the float32 fast path reads them first)', () => {
    const raw = (m as unknown as Record<string, Call>)[_name];
    const float32 = { data: new Float32Array([1, 0, 0, 1]), shape: [2, 2] };
    const scores = { data: new Float32Array([0.5, 0.2, 0.3, 0.9]), shape: [2, 2] };
    for (const options of [null, 0, 'macro']) {
      expectError(
        () => raw(float32, scores, options as never),
        'INVALID_ARGUMENT',
        'must be an object',
      );
    }
  });
  it('bad sample weights', () => {
    expectError(
      () => fn(yTrue, yScore, { sampleWeight: [1, 2, 3] }),
      'SHAPE_MISMATCH',
      '`sampleWeight`',
    );
  });
});

describe('option values', () => {
  it('an unknown average names the choices', () => {
    for (const fn of [m.f1Score, m.precisionScore, m.jaccardScore, m.specificityScore] as Call[]) {
      expectError(
        () => fn(yTrue, yPred, { average: 'binary' }),
        'INVALID_OPTION',
        '`average` must be one of',
      );
    }
    for (const fn of [m.averagePrecisionScore, m.rocAucScore] as Call[]) {
      expectError(() => fn(yTrue, yScore, { average: 'mikro' }), 'INVALID_OPTION', '"micro"');
    }
  });
  it('zeroDivision, beta, normalize, samplewise, digits and labelNames are checked', () => {
    expectError(
      () => m.f1Score(yTrue, yPred, { zeroDivision: 'warn' as unknown as 0 }),
      'INVALID_OPTION',
      '`zeroDivision`',
    );
    expectError(() => m.fbetaScore(yTrue, yPred, { beta: -1 }), 'INVALID_OPTION', '`beta`');
    expectError(() => m.fbetaScore(yTrue, yPred, {} as m.FbetaOptions), 'INVALID_OPTION', '`beta`');
    expectError(
      () => m.f1Score(yTrue, yPred, { beta: 2 } as m.CountMetricOptions),
      'UNKNOWN_OPTION',
      '`beta`',
    );
    expectError(
      () => m.subsetAccuracy(yTrue, yPred, { normalize: 1 as unknown as boolean }),
      'INVALID_OPTION',
      '`normalize`',
    );
    expectError(
      () => m.multilabelConfusionMatrix(yTrue, yPred, { samplewise: 'yes' as unknown as boolean }),
      'INVALID_OPTION',
      '`samplewise`',
    );
    expectError(
      () => m.classificationReport(yTrue, yPred, { digits: -1 }),
      'INVALID_OPTION',
      '`digits`',
    );
    expectError(
      () => m.classificationReport(yTrue, yPred, { labelNames: ['a'] }),
      'INVALID_OPTION',
      '`labelNames`',
    );
  });
  it('k out of range', () => {
    for (const fn of [m.precisionAtK, m.recallAtK, m.ndcgAtK]) {
      expectError(
        () => fn(yTrue, yScore, { k: 0 }),
        'INVALID_OPTION',
        '`k` must be an integer >= 1 and <= 2',
      );
      expectError(() => fn(yTrue, yScore, { k: 3 }), 'INVALID_OPTION', '`k`');
      expectError(() => fn(yTrue, yScore, { k: 1.5 }), 'INVALID_OPTION', '`k`');
    }
    expectError(() => m.ndcgScore(yTrue, yScore, { k: 0 }), 'INVALID_OPTION', '`k`');
    expect(m.ndcgScore(yTrue, yScore, { k: 10 })).toBe(m.ndcgScore(yTrue, yScore));
    // 2^53 is an integer >= 1 but not a safe one: the message gives the whole range.
    expectError(
      () => m.ndcgScore(yTrue, yScore, { k: 2 ** 53 }),
      'INVALID_OPTION',
      '`k` must be an integer >= 1 and <= 9007199254740991 (Number.MAX_SAFE_INTEGER), but got 9007199254740992.',
    );
    expect(m.ndcgScore(yTrue, yScore, { k: Number.MAX_SAFE_INTEGER })).toBe(
      m.ndcgScore(yTrue, yScore),
    );
  });
  it('maxFpr outside (0, 1]', () => {
    expectError(() => m.rocAucScore(yTrue, yScore, { maxFpr: 0 }), 'INVALID_OPTION', '`maxFpr`');
    expectError(() => m.rocAucScore(yTrue, yScore, { maxFpr: 1.5 }), 'INVALID_OPTION', '`maxFpr`');
  });
  it('propensities of the wrong length or outside (0, 1]', () => {
    expectError(
      () => m.propensityScoredPrecisionAtK(yTrue, yScore, { k: 1, propensities: [0.5] }),
      'INVALID_OPTION',
      '`propensities`',
    );
    expectError(
      () => m.propensityScoredNdcgAtK(yTrue, yScore, { k: 1, propensities: [0.5, 0] }),
      'INVALID_OPTION',
      '`propensities[1]`',
    );
  });
  it('jainPropensities checks its counts, n and constants', () => {
    expectError(() => m.jainPropensities([1, -1], 10), 'INVALID_ARGUMENT', '`labelCounts[1]`');
    expectError(() => m.jainPropensities([1, 11], 10), 'INVALID_ARGUMENT', '`labelCounts[1]`');
    expectError(() => m.jainPropensities([1], 2), 'INVALID_OPTION', '`n`');
    expectError(() => m.jainPropensities([1], 10, { A: 0 }), 'INVALID_OPTION', '`A`');
    expectError(
      () => m.jainPropensities([1], 10, { C: 1 } as m.JainPropensityOptions),
      'UNKNOWN_OPTION',
      '`C`',
    );
    expectError(
      () => m.jainPropensities(5 as unknown as number[], 10),
      'INVALID_ARGUMENT',
      '`labelCounts`',
    );
  });
});

describe('undefined metrics throw UNDEFINED_METRIC where scikit-learn raises', () => {
  it('ROC AUC of a label with one class names the label (except micro)', () => {
    const y = bitRows('11 01');
    expectError(() => m.rocAucScore(y, yScore), 'UNDEFINED_METRIC', 'label 1');
    expectError(() => m.rocAucScore(y, yScore, { average: 'none' }), 'UNDEFINED_METRIC', 'label 1');
    expectError(
      () => m.rocAucScore(y, yScore, { average: 'samples' }),
      'UNDEFINED_METRIC',
      'row 0',
    );
    expect(m.rocAucScore(y, yScore, { average: 'micro' })).toBeCloseTo(2 / 3, 12);
  });
  it('weights that sum to zero', () => {
    const zero = { sampleWeight: [0, 0] };
    const undefinedCalls: [() => unknown, string][] = [
      [() => m.hammingLoss(yTrue, yPred, zero), 'sampleWeight'],
      [() => m.subsetAccuracy(yTrue, yPred, zero), 'sampleWeight'],
      [() => m.f1Score(yTrue, yPred, { average: 'samples', ...zero }), 'sampleWeight'],
      [() => m.coverageError(yTrue, yScore, zero), 'sampleWeight'],
      [() => m.averagePrecisionScore(yTrue, yScore, zero), 'label 0'],
    ];
    for (const [call, mentions] of undefinedCalls) expectError(call, 'UNDEFINED_METRIC', mentions);
    // scikit-learn computes micro counts with zero weights: every count is 0, so zeroDivision.
    expect(
      m.f1Score(yTrue, yPred, { average: 'micro', sampleWeight: [0, 0], zeroDivision: 1 }),
    ).toBe(1);
  });
  it('a metric whose every cell is missing', () => {
    expectError(
      () => m.f1Score([[-1, -1]], [[1, 0]], { average: 'samples', ignoreIndex: -1 }),
      'UNDEFINED_METRIC',
      'missing',
    );
    expectError(
      () => m.labelRankingLoss([[-1, -1]], [[1, 0]], { ignoreIndex: -1 }),
      'UNDEFINED_METRIC',
      'ranking loss',
    );
  });
});

/**
 * Closed-form and hand-computed values: the cases of scikit-learn's documentation and of the
 * reference notes, the scikit-learn 1.3+ zeroDivision 'nan' rules, F-beta limits, the extreme
 * classification metrics, Python's number formatting, and documented differences from
 * scikit-learn (tie order with ignoreTies).
 */
import { describe, expect, it } from 'vitest';
import * as m from '../../src/metrics/index.js';
import { numpySum, pythonFixed, pythonFloatRepr } from '../../src/metrics/python-compat.js';
import { bitRows, scoreRows } from '../bits.js';

const list = (v: number | Float64Array): number[] => Array.from(v as Float64Array);
const rounded = (v: number | Float64Array, digits = 3): number[] =>
  list(v).map((x) => Number(x.toFixed(digits)));

describe('precision, recall and F on scikit-learn 1.2 reference cases', () => {
  // Y and P of the reference table (measured in scikit-learn 1.2.1).
  const Y = bitRows('100 010 000 110');
  const P = bitRows('100 000 000 110');

  it('per label with zeroDivision 0', () => {
    const r = m.precisionRecallFscoreSupport(Y, P, { zeroDivision: 0 });
    expect(list(r.precision)).toEqual([1, 1, 0]);
    expect(list(r.recall)).toEqual([1, 0.5, 0]);
    expect(rounded(r.fScore)).toEqual([1, 0.667, 0]);
    expect(list(r.support)).toEqual([2, 2, 0]);
  });

  it('samples-averaged with zeroDivision 0 and 1, macro with 1', () => {
    for (const [zeroDivision, want] of [
      [0, [0.5, 0.5, 0.5]],
      [1, [1, 0.75, 0.75]],
    ] as const) {
      const r = m.precisionRecallFscoreSupport(Y, P, { average: 'samples', zeroDivision });
      expect([r.precision, r.recall, r.fScore]).toEqual(want);
    }
    const macro = m.precisionRecallFscoreSupport(Y, P, { average: 'macro', zeroDivision: 1 });
    expect([macro.precision, macro.recall, macro.fScore].map((v) => Number(v.toFixed(3)))).toEqual([
      1, 0.833, 0.889,
    ]);
    expect(m.jaccardScore(Y, P, { average: 'samples', zeroDivision: 1 })).toBe(0.75);
  });

  it("zeroDivision 'nan' follows scikit-learn 1.3+: undefined entries are NaN and left out of means", () => {
    const precision = m.precisionScore(Y, P, { average: 'none', zeroDivision: 'nan' });
    expect(list(precision).map(String)).toEqual(['1', '1', 'NaN']);
    expect(m.precisionScore(Y, P, { average: 'macro', zeroDivision: 'nan' })).toBe(1);
    // Row 3 has no true and no predicted label: its F is NaN and the mean skips it.
    expect(m.f1Score(Y, P, { average: 'samples', zeroDivision: 'nan' })).toBeCloseTo(2 / 3, 12);
    // F from counts (scikit-learn 1.4+): tp = 0 with fp or fn > 0 is 0, not NaN.
    expect(list(m.f1Score([[1, 0]], [[0, 1]], { average: 'none', zeroDivision: 'nan' }))).toEqual([
      0, 0,
    ]);
    expect(
      Number.isNaN(m.f1Score([[0, 0]], [[0, 0]], { average: 'micro', zeroDivision: 'nan' })),
    ).toBe(true);
    // A weighted mean with no support falls back to the plain mean of the defined values.
    expect(
      m.recallScore([[0, 0]], [[1, 0]], { average: 'weighted', zeroDivision: 'nan' }),
    ).toBeNaN();
    expect(m.precisionScore([[0, 0]], [[1, 0]], { average: 'weighted', zeroDivision: 'nan' })).toBe(
      0,
    );
  });

  it('the weighted average without any true label (scikit-learn 1.2)', () => {
    const nothingTrue = [[0, 0]];
    const r = m.precisionRecallFscoreSupport(nothingTrue, [[1, 0]], {
      average: 'weighted',
      zeroDivision: 1,
    });
    expect([r.precision, r.recall, r.fScore]).toEqual([0, 1, 0]);
    const none = m.precisionRecallFscoreSupport(nothingTrue, [[0, 0]], {
      average: 'weighted',
      zeroDivision: 1,
    });
    expect([none.precision, none.recall, none.fScore]).toEqual([1, 1, 1]);
    expect(m.jaccardScore(nothingTrue, [[1, 0]], { average: 'weighted', zeroDivision: 1 })).toBe(
      0.5,
    );
  });

  it('F-beta: beta = 0 gives precision, Infinity gives recall, 2 weighs recall', () => {
    const y = [[1, 1, 1, 0]];
    const p = [[1, 0, 0, 1]];
    expect(m.fbetaScore(y, p, { beta: 0, average: 'micro' })).toBe(0.5);
    expect(m.fbetaScore(y, p, { beta: Number.POSITIVE_INFINITY, average: 'micro' })).toBeCloseTo(
      1 / 3,
      15,
    );
    // (1 + 4) * 0.5 * (1/3) / (4 * 0.5 + 1/3)
    expect(m.fbetaScore(y, p, { beta: 2, average: 'micro' })).toBeCloseTo(5 / 6 / (7 / 3), 15);
  });

  it('Hamming loss, subset accuracy and zero-one loss, with and without normalising', () => {
    const y = bitRows('101 010 111');
    const p = bitRows('101 000 000');
    expect(m.hammingLoss(y, p)).toBeCloseTo(4 / 9, 15);
    expect(m.subsetAccuracy(y, p)).toBeCloseTo(1 / 3, 15);
    expect(m.subsetAccuracy(y, p, { normalize: false, sampleWeight: [2, 1, 1] })).toBe(2);
    expect(m.zeroOneLoss(y, p, { normalize: false, sampleWeight: [2, 1, 1] })).toBe(2);
    expect(m.hammingLoss(y, p, { sampleWeight: [2, 1, 1] })).toBeCloseTo(4 / 12, 15);
  });

  it('samplewise confusion matrices are the row counts times the row weight', () => {
    const { data, shape } = m.multilabelConfusionMatrix([[1, 0, 1]], [[1, 1, 0]], {
      samplewise: true,
      sampleWeight: [2],
    });
    expect(shape).toEqual([1, 2, 2]);
    expect(list(data)).toEqual([0, 2, 2, 2]);
  });
});

describe('ranking metrics on reference cases', () => {
  it('all-tied scores: AP is the prevalence, ROC AUC 0.5', () => {
    const y = [[1], [0], [1], [0], [1]];
    const s = [[0.5], [0.5], [0.5], [0.5], [0.5]];
    expect(m.averagePrecisionScore(y, s)).toBeCloseTo(0.6, 15);
    expect(m.rocAucScore(y, s)).toBe(0.5);
  });

  it('a label with no positive scores AP 0 (scikit-learn: -0.0 with a warning) and counts in the mean', () => {
    const y = bitRows('10 00');
    const s = scoreRows('0.9 0.3, 0.1 0.6');
    expect(list(m.averagePrecisionScore(y, s, { average: 'none' }))).toEqual([1, 0]);
    expect(m.averagePrecisionScore(y, s)).toBe(0.5);
    expect(m.averagePrecisionScore(y, s, { average: 'weighted' })).toBe(1);
  });

  it('the scikit-learn documentation examples', () => {
    const y = [[0], [0], [1], [1]];
    const s = [[0.1], [0.4], [0.35], [0.8]];
    expect(m.rocAucScore(y, s)).toBe(0.75);
    expect(m.averagePrecisionScore(y, s)).toBeCloseTo(0.8333333333333333, 15);
    // label_ranking_average_precision_score and coverage_error docstring examples.
    const labels = bitRows('100 001');
    const scores = scoreRows('0.75 0.5 1, 1 0.2 0.1');
    expect(m.labelRankingAveragePrecision(labels, scores)).toBeCloseTo(0.416666, 5);
    expect(m.coverageError(labels, bitRows('100 011'))).toBe(1.5);
    expect(m.labelRankingLoss(labels, scores)).toBe(0.75);
  });

  it('partial AUC: McClish-standardised, 0.5 for a random-like ranking, 1 for a perfect one', () => {
    const y = [[1], [0], [1], [0]];
    expect(m.rocAucScore(y, [[0.9], [0.1], [0.8], [0.2]], { maxFpr: 0.5 })).toBe(1);
    // Perfectly inverted ranking: the lowest value of the standardised scale.
    expect(m.rocAucScore(y, [[0.1], [0.9], [0.2], [0.8]], { maxFpr: 0.5 })).toBeCloseTo(
      0.5 * (1 + (0 - 0.125) / (0.5 - 0.125)),
      15,
    );
  });

  it('nDCG averages tied gains; ignoreTies ranks ties by lower label index', () => {
    const y = [[1, 0, 0]];
    const s = [[0.5, 0.5, 0.1]];
    expect(m.ndcgScore(y, s, { k: 1 })).toBe(0.5);
    // scikit-learn's ignore_ties leaves tie order unspecified (it put label 1 first in 1.2);
    // this library documents lower index first.
    expect(m.ndcgScore(y, s, { k: 1, ignoreTies: true })).toBe(1);
    expect(
      m.ndcgScore(bitRows('000 010'), [
        [0.1, 0.2, 0.3],
        [0.1, 0.2, 0.3],
      ]),
    ).toBeCloseTo(0.5 * (1 / Math.log2(3)), 15);
  });

  it('curves: dropping intermediate points keeps the corners, and the area', () => {
    const y = [[1], [1], [0], [1], [0], [0]];
    const s = [[0.9], [0.8], [0.7], [0.6], [0.5], [0.4]];
    const [full] = m.rocCurve(y, s, { dropIntermediate: false });
    const [dropped] = m.rocCurve(y, s);
    expect(list(full.tpr).map((v) => Number(v.toFixed(4)))).toEqual([
      0, 0.3333, 0.6667, 0.6667, 1, 1, 1,
    ]);
    // As scikit-learn 1.2: collinear points are dropped before (0, 0) is prepended.
    expect(list(dropped.fpr)).toEqual([0, 0, 0, 1 / 3, 1 / 3, 1]);
    expect(list(dropped.thresholds)).toEqual([1.9, 0.9, 0.8, 0.7, 0.6, 0.4]);
    const [pr] = m.precisionRecallCurve(y, s, { dropIntermediate: true });
    expect(list(pr.thresholds)).toEqual([0.4, 0.6, 0.7, 0.8, 0.9]);
    const [prFull] = m.precisionRecallCurve(y, s);
    expect(list(prFull.thresholds)).toEqual([0.4, 0.5, 0.6, 0.7, 0.8, 0.9]);
    expect(list(prFull.recall).at(-1)).toBe(0);
    expect(list(prFull.precision).at(-1)).toBe(1);
  });

  it('a float32 ROC curve starts at the float32 max + 1 (scikit-learn 1.2)', () => {
    const [curve] = m.rocCurve(
      { data: [1, 0], shape: [2, 1] },
      { data: new Float32Array([0.7, 0.2]), shape: [2, 1] },
    );
    expect(curve.thresholds[0]).toBe(Math.fround(Math.fround(0.7) + 1));
  });
});

describe('extreme-classification metrics', () => {
  const y = bitRows('1010 0000 0101');
  const s = scoreRows('0.9 0.8 0.1 0.2, 0.5 0.4 0.3 0.2, 0.6 0.7 0.6 0.1');

  it('P@k divides by k and R@k by the true labels; empty rows count 0', () => {
    expect(m.precisionAtK(y, s, { k: 2 })).toBeCloseTo((1 / 2 + 0 + 1 / 2) / 3, 15);
    expect(m.recallAtK(y, s, { k: 2 })).toBeCloseTo((1 / 2 + 0 + 1 / 2) / 3, 15);
    // Row 3: labels 0 and 2 tie at 0.6; the lower index (0, false) ranks first.
    expect(m.precisionAtK(y, s, { k: 3 })).toBeCloseTo((1 / 3 + 0 + 1 / 3) / 3, 15);
    // Row 2 has no true label: an error by the strict definition.
    expect(m.oneError(y, s)).toBeCloseTo(1 / 3, 15);
    expect(1 - m.precisionAtK(y, s, { k: 1 })).toBeCloseTo(m.oneError(y, s), 15);
  });

  it('nDCG@k normalises by the ideal DCG of min(k, |y|) labels', () => {
    const row1 = 1 / 1; // label 0 ranks first
    const row3 = 1 / Math.log2(2); // label 1 ranks first
    expect(m.ndcgAtK(y, s, { k: 1 })).toBeCloseTo((row1 + 0 + row3) / 3, 15);
    const ideal2 = 1 + 1 / Math.log2(3);
    expect(m.ndcgAtK(y, s, { k: 2 })).toBeCloseTo((1 / ideal2 + 0 + 1 / ideal2) / 3, 15);
  });

  it("propensity-scored metrics reward rare labels and normalise by the best ranking (pyxclib's definition)", () => {
    const propensities = [0.8, 0.5, 0.2, 0.1];
    const raw = m.propensityScoredPrecisionAtK(y, s, { k: 1, propensities, normalize: false });
    // Hits: row 1 label 0 (1 / 0.8), row 3 label 1 (1 / 0.5); each over k = 1, mean over 3 rows.
    expect(raw).toBeCloseTo((1.25 + 0 + 2) / 3, 15);
    // Best top-1: row 1 label 2 (1 / 0.2 = 5), row 3 label 3 (1 / 0.1 = 10).
    expect(m.propensityScoredPrecisionAtK(y, s, { k: 1, propensities })).toBeCloseTo(3.25 / 15, 15);
    expect(m.propensityScoredNdcgAtK(y, s, { k: 1, propensities })).toBeCloseTo(3.25 / 15, 15);
  });

  it('jainPropensities is 1 / (1 + (ln N - 1)(B + 1)^A (N_l + B)^-A)', () => {
    const counts = [0, 1, 10, 100, 1000];
    const N = 5000;
    const got = m.jainPropensities(counts, N, { A: 0.6, B: 2.6 });
    const C = (Math.log(N) - 1) * 3.6 ** 0.6;
    counts.forEach((c, l) => {
      expect(got[l]).toBeCloseTo(1 / (1 + C * (c + 2.6) ** -0.6), 15);
    });
    // Rarer labels have smaller propensities.
    expect([...got].every((v, l) => l === 0 || v > got[l - 1])).toBe(true);
    // A subnormal B with count 0: (B + 1) / B overflows, the propensity itself does not.
    const tiny = m.jainPropensities([0], 3, { B: 5e-324 })[0];
    const expected = 1 / (1 + (Math.log(3) - 1) * Math.exp(0.55 * -Math.log(5e-324)));
    expect(tiny / expected).toBeCloseTo(1, 12);
  });
});

describe('classification report', () => {
  it("prints scikit-learn's layout", () => {
    const text = m.classificationReport(bitRows('10 11 01'), bitRows('10 01 00'), {
      labelNames: ['cat', 'dog'],
    });
    expect(text).toBe(
      [
        '              precision    recall  f1-score   support',
        '',
        '         cat       1.00      0.50      0.67         2',
        '         dog       1.00      0.50      0.67         2',
        '',
        '   micro avg       1.00      0.50      0.67         4',
        '   macro avg       1.00      0.50      0.67         4',
        'weighted avg       1.00      0.50      0.67         4',
        ' samples avg       0.67      0.50      0.56         4',
        '',
      ].join('\n'),
    );
  });
});

describe('Python number formatting', () => {
  it("'{:.nf}' rounds exact ties half to even", () => {
    const cases: [number, number, string][] = [
      [0.125, 2, '0.12'],
      [0.375, 2, '0.38'],
      [2.5, 0, '2'],
      [0.5, 0, '0'],
      [1.005, 2, '1.00'],
      [0.845, 2, '0.84'],
      [0.6666666666666666, 2, '0.67'],
      [Number.NaN, 2, 'nan'],
      [0, 3, '0.000'],
    ];
    for (const [x, digits, want] of cases) expect(pythonFixed(x, digits), `${x}`).toBe(want);
  });

  it('repr(float) switches to exponents below 1e-4 and from 1e16', () => {
    const cases: [number, string][] = [
      [2, '2.0'],
      [1e-5, '1e-05'],
      [0.0001, '0.0001'],
      [1e16, '1e+16'],
      [123456789.123, '123456789.123'],
      [1.5e300, '1.5e+300'],
      [-0, '-0.0'],
      [0.30000000000000004, '0.30000000000000004'],
      [1234567890123456.8, '1234567890123456.8'],
      [5e-324, '5e-324'],
    ];
    for (const [x, want] of cases) expect(pythonFloatRepr(x), `${x}`).toBe(want);
  });

  it("np.sum's pairwise order", () => {
    const a = [1e16, 1, -1e16, 1, 0.1, 0.2, 0.3, 1e-3, 7, 1e15, -1e15, 0.7, 3.3, 1e-8, 2];
    const cases: [number, number][] = [
      [3, 0],
      [7, 1.6],
      [8, 0.601],
      [9, 7.601],
      [15, 13.62500001],
    ];
    for (const [n, want] of cases) expect(numpySum(a.slice(0, n)), `n = ${n}`).toBe(want);
    const b = Array.from({ length: 300 }, (_, i) => 0.1 * i + 1e-3 * (i % 7));
    expect(numpySum(b)).toBe(4485.897000000001);
  });
});

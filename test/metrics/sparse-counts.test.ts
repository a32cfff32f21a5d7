/**
 * The count metrics from CSR labels and CSR decisions (and a CSR side paired with a dense one)
 * give the dense values: exactly without weights or with integer weights, to the last bits of
 * the true negatives with fractional weights (a difference of sums instead of a sum).
 */
import { test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { sparseLabelMatrix } from '../../src/core/sparse-label-matrix.js';
import * as m from '../../src/metrics/index.js';
import { fc, matrixOf, shape, type TestMatrix, toRows } from '../fc.js';
import { thrown } from '../thrown.js';

type Labels = Parameters<typeof m.hammingLoss>[0];

/** Every count metric, each average, as one record of plain values. */
function all(yTrue: Labels, yPred: Labels, sampleWeight: number[] | undefined): unknown {
  const o = { sampleWeight, zeroDivision: 1 as const };
  const out: Record<string, unknown> = {
    hamming: m.hammingLoss(yTrue, yPred, { sampleWeight }),
    subset: m.subsetAccuracy(yTrue, yPred, { sampleWeight }),
    zeroOne: m.zeroOneLoss(yTrue, yPred, { sampleWeight, normalize: false }),
    confusion: Array.from(m.multilabelConfusionMatrix(yTrue, yPred, { sampleWeight }).data),
    report: m.classificationReport(yTrue, yPred, { sampleWeight, outputDict: true }),
    samplewise: Array.from(
      m.multilabelConfusionMatrix(yTrue, yPred, { sampleWeight, samplewise: true }).data,
    ),
  };
  for (const average of ['micro', 'macro', 'weighted', 'samples', 'none'] as const) {
    const plain = (v: number | Float64Array) => (typeof v === 'number' ? v : Array.from(v));
    out[`precision ${average}`] = plain(m.precisionScore(yTrue, yPred, { ...o, average }));
    out[`recall ${average}`] = plain(m.recallScore(yTrue, yPred, { ...o, average }));
    out[`f1 ${average}`] = plain(m.f1Score(yTrue, yPred, { ...o, average }));
    out[`fbeta ${average}`] = plain(m.fbetaScore(yTrue, yPred, { ...o, average, beta: 2 }));
    out[`jaccard ${average}`] = plain(m.jaccardScore(yTrue, yPred, { ...o, average }));
    out[`specificity ${average}`] = plain(m.specificityScore(yTrue, yPred, { ...o, average }));
  }
  return out;
}

const csr = (t: TestMatrix) =>
  sparseLabelMatrix(
    toRows(t).map((row) => row.flatMap((v, l) => (v === 1 ? [l] : [])).reverse()),
    t.cols,
  );

const problem = shape({ maxRows: 12, maxCols: 7 }).chain(([rows, cols]) =>
  fc.record({
    yTrue: matrixOf([rows, cols], fc.constantFrom(0, 0, 1)),
    yPred: matrixOf([rows, cols], fc.constantFrom(0, 0, 1)),
    weights: fc.option(
      fc.array(fc.integer({ min: 0, max: 4 }), { minLength: rows, maxLength: rows }),
    ),
  }),
);

describe('count metrics from CSR labels and decisions', () => {
  test.prop([problem])('equal the dense values exactly (no weights, integer weights)', (p) => {
    const w = p.weights ?? undefined;
    if (w?.every((x) => x === 0)) return; // refused alike
    const expected = all(toRows(p.yTrue), toRows(p.yPred), w);
    expect(all(csr(p.yTrue), csr(p.yPred), w)).toEqual(expected);
    expect(all(csr(p.yTrue), toRows(p.yPred), w)).toEqual(expected);
    expect(all(toRows(p.yTrue), csr(p.yPred), w)).toEqual(expected);
  });

  test.prop([
    problem,
    fc.array(fc.double({ min: 0.01, max: 3, noNaN: true }), { minLength: 12, maxLength: 12 }),
  ])('equal them to 1e-12 with fractional weights', (p, weights) => {
    const w = weights.slice(0, p.yTrue.rows);
    const a = all(toRows(p.yTrue), toRows(p.yPred), w) as Record<string, number | number[]>;
    const b = all(csr(p.yTrue), csr(p.yPred), w) as Record<string, number | number[]>;
    // The report is compared exactly in the test above; here the numbers of every other result.
    for (const key of Object.keys(a).filter((k) => k !== 'report')) {
      const x = [a[key]].flat();
      const y = [b[key]].flat();
      x.forEach((v, i) => {
        if (Number.isNaN(v)) expect(y[i]).toBeNaN();
        else expect(Math.abs(v - y[i])).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(v)));
      });
    }
  });

  it('refuses a CSR shape mismatch and names the bad row', () => {
    const yTrue = { indptr: [0, 1, 2], indices: [0, 1], shape: [2, 3] as [number, number] };
    expect(
      thrown(() => m.f1Score(yTrue, { indptr: [0, 1], indices: [0], shape: [1, 3] })).code,
    ).toBe('SHAPE_MISMATCH');
    expect(
      thrown(() => m.hammingLoss(yTrue, { indptr: [0, 1, 3], indices: [0, 2, 2], shape: [2, 3] }))
        .message,
    ).toContain('Row 1 of `yPred` lists label 2 twice');
  });
});

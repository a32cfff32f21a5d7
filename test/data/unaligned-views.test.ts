/**
 * Label matrices given as typed-array views that start anywhere in their buffer (what
 * `subarray` of a row gives): every data function reads them exactly as the same labels given
 * as arrays of rows.
 */
import { test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { isMultilabelError } from '../../src/core/errors.js';
import {
  iterativeStratification,
  labelCooccurrence,
  labelStatistics,
  readArff,
  splitQuality,
  stratifiedKFold,
  trainTestSplit,
} from '../../src/data/index.js';
import { toSparseLabels } from '../../src/data/sparse-labels.js';
import { crossValidatedThresholds } from '../../src/thresholds/index.js';
import { fc, labelMatrix, type TestMatrix, toRows } from '../fc.js';

type ViewType =
  | Uint8ArrayConstructor
  | Int8ArrayConstructor
  | Int16ArrayConstructor
  | Float32ArrayConstructor
  | Float64ArrayConstructor;
const TYPES: ViewType[] = [Uint8Array, Int8Array, Int16Array, Float32Array, Float64Array];

/** `values` copied into a view that starts `offset` elements into a larger buffer. */
function view(type: ViewType, values: ArrayLike<number>, offset: number): ArrayLike<number> {
  const whole = new type(values.length + offset + 3);
  whole.set(values, offset);
  return whole.subarray(offset, offset + values.length);
}

/** Every data function on `y`, as plain values (typed arrays become arrays). */
function everything(y: Parameters<typeof labelStatistics>[0], rows: number): unknown {
  const k = Math.min(3, rows);
  const plain = (x: unknown): unknown =>
    JSON.parse(
      JSON.stringify(x, (_, v) => (ArrayBuffer.isView(v) ? Array.from(v as Int32Array) : v)),
    );
  const folds = iterativeStratification(y, { nFolds: Math.max(2, k), seed: 3 });
  return plain({
    folds,
    folds2: iterativeStratification(y, { nFolds: Math.max(2, k), order: 2, seed: 1 }),
    kfold: stratifiedKFold(y, { nFolds: Math.max(2, k), seed: 2 }),
    split: trainTestSplit(y, { testSize: 1, seed: 4 }),
    quality: splitQuality(y, folds),
    stats: labelStatistics(y),
    cooccurrence: labelCooccurrence(y, { normalize: 'jaccard' }),
  });
}

describe('unaligned typed-array views of labels', () => {
  it('stratifiedKFold reads a Uint8Array view at byte offset 1 (the reproduction)', () => {
    const splits = stratifiedKFold(
      { data: new Uint8Array(9).subarray(1), shape: [4, 2] },
      { nFolds: 2 },
    );
    expect(splits.map((s) => s.test.length)).toEqual([2, 2]);
    const all = splits.flatMap((s) => Array.from(s.test)).sort();
    expect(all).toEqual([0, 1, 2, 3]);
  });

  test.prop(
    [
      labelMatrix({ minRows: 2, maxRows: 25, maxCols: 9 }),
      fc.constantFrom(...TYPES),
      fc.integer({ min: 0, max: 7 }),
    ],
    { numRuns: 60 },
  )('every data function gives the same result as for arrays of rows', (m, type, offset) => {
    const expected = everything(toRows(m), m.rows);
    const data = view(type, m.data, offset);
    expect(everything({ data, shape: [m.rows, m.cols] }, m.rows)).toEqual(expected);
  });

  test.prop(
    [
      labelMatrix({ minRows: 1, maxRows: 12, maxCols: 9, missing: true }),
      fc.constantFrom(Int8Array, Int16Array, Float32Array, Float64Array),
      fc.integer({ min: 0, max: 7 }),
    ],
    { numRuns: 60 },
  )('missing cells (-1) are read at any offset', (m: TestMatrix, type, offset) => {
    const s = toSparseLabels({ data: view(type, m.data, offset), shape: [m.rows, m.cols] }, 'y');
    const r = toSparseLabels(toRows(m), 'y');
    expect(s).toEqual(r);
  });

  test.prop(
    [
      labelMatrix({ minRows: 1, maxRows: 6, maxCols: 9 }),
      fc.constantFrom(Uint8Array, Int8Array),
      fc.integer({ min: 0, max: 7 }),
      fc.nat(),
      fc.constantFrom(2, 7, 100),
    ],
    { numRuns: 80 },
  )('an invalid byte is reported at its cell whatever the offset', (m, type, offset, at, bad) => {
    const values = m.data.slice();
    const i = at % values.length;
    values[i] = bad;
    const data = view(type, values, offset);
    try {
      labelStatistics({ data, shape: [m.rows, m.cols] });
      expect.unreachable('labels with a non-binary cell were accepted');
    } catch (error) {
      expect(isMultilabelError(error) && error.code).toBe('NON_BINARY_LABELS');
      const r = Math.floor(i / m.cols);
      const c = i % m.cols;
      expect((error as Error).message).toContain(`\`y[${r}][${c}]\``);
    }
  });

  it('readArff labels are read again through a view of one row onwards', () => {
    const d = readArff(
      '@relation r\n@attribute x numeric\n@attribute a {0,1}\n@attribute b {0,1}\n@data\n1,1,0\n2,0,1\n3,1,1\n4,1,0\n5,0,1\n',
      { labels: -2 },
    );
    const rest = d.labels.data.subarray(2);
    expect(rest.byteOffset % 4).toBe(2);
    const stats = labelStatistics({ data: rest, shape: [4, 2] });
    expect(Array.from(stats.labelCounts)).toEqual([2, 3]);
  });

  it('crossValidatedThresholds reads an unaligned view of labels', () => {
    const rows = 12;
    const labels = new Uint8Array(2 * rows + 1);
    const scores = new Float64Array(2 * rows);
    for (let r = 0; r < rows; r++) {
      labels[1 + 2 * r] = r % 2;
      labels[2 + 2 * r] = r % 3 === 0 ? 1 : 0;
      scores[2 * r] = ((r * 7) % 10) / 10;
      scores[2 * r + 1] = ((r * 3) % 10) / 10;
    }
    const yTrue = { data: labels.subarray(1), shape: [rows, 2] as [number, number] };
    const copy = { data: labels.slice(1), shape: [rows, 2] as [number, number] };
    const yScore = { data: scores, shape: [rows, 2] as [number, number] };
    const a = crossValidatedThresholds(yTrue, yScore, { nFolds: 3, seed: 1 });
    const b = crossValidatedThresholds(copy, yScore, { nFolds: 3, seed: 1 });
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
  });
});

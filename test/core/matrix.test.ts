import { test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { toLabelMatrix } from '../../src/core/label-matrix.js';
import { MISSING_LABEL, readColumn, toRows } from '../../src/core/matrix.js';
import { isTensorLike, toFloatMatrix } from '../../src/core/matrix-input.js';
import { labelMatrix, scores, type TestMatrix, toRows as testRows } from '../fc.js';

/** Every non-tensor input form of the same matrix (tensors: matrix.tf.test.ts). */
function forms(m: TestMatrix, binary: boolean) {
  const rows = testRows(m);
  const shape: [number, number] = [m.rows, m.cols];
  const list: [string, Parameters<typeof toFloatMatrix>[0]][] = [
    ['number[][]', rows],
    ['{ data: number[], shape }', { data: m.data, shape }],
    ['{ data: Float64Array, shape }', { data: Float64Array.from(m.data), shape }],
    ['{ data: Float32Array, shape }', { data: Float32Array.from(m.data), shape }],
  ];
  if (binary) {
    list.push(['boolean[][]', rows.map((r) => r.map((v) => v === 1))]);
    list.push(['{ data: Uint8Array, shape }', { data: Uint8Array.from(m.data), shape }]);
    list.push(['{ data: Int32Array, shape }', { data: Int32Array.from(m.data), shape }]);
  }
  return list;
}

const expectError = (fn: () => unknown, code: string, text: RegExp | string) =>
  expect(fn).toThrow(
    expect.objectContaining({
      name: 'MultilabelError',
      code,
      message:
        typeof text === 'string' ? expect.stringContaining(text) : expect.stringMatching(text),
    }),
  );

describe('toFloatMatrix', () => {
  test.prop([scores()])('round-trips every input form', (m) => {
    for (const [label, input] of forms(m, false)) {
      const matrix = toFloatMatrix(input, 'yScore');
      expect([matrix.rows, matrix.cols], label).toEqual([m.rows, m.cols]);
      const expected = label.includes('Float32') ? m.data.map(Math.fround) : m.data;
      expect(Array.from(matrix.data), label).toEqual(expected);
      expect(toRows(matrix), label).toEqual(testRows({ ...m, data: expected }));
    }
  });

  test.prop([labelMatrix()])('reads binary forms (booleans, integer typed arrays) as 0/1', (m) => {
    for (const [label, input] of forms(m, true)) {
      expect(Array.from(toFloatMatrix(input, 'yPred').data), label).toEqual(m.data);
    }
  });

  it('uses Float32Array and Float64Array storage without copying', () => {
    const f32 = new Float32Array([1, 2, 3, 4]);
    const f64 = new Float64Array([1, 2, 3, 4]);
    expect(toFloatMatrix({ data: f32, shape: [2, 2] }, 'x').data).toBe(f32);
    expect(toFloatMatrix({ data: f64, shape: [1, 4] }, 'x').data).toBe(f64);
  });

  it('never changes the caller’s data', () => {
    const rows = [
      [1, 2],
      [3, 4],
    ];
    const data = new Float32Array([1, 2, 3, 4]);
    toFloatMatrix(rows, 'x');
    toFloatMatrix({ data, shape: [2, 2] }, 'x');
    expect(rows).toEqual([
      [1, 2],
      [3, 4],
    ]);
    expect(Array.from(data)).toEqual([1, 2, 3, 4]);
  });

  it('rejects empty matrices unless allowed', () => {
    expectError(
      () => toFloatMatrix([], 'yScore'),
      'EMPTY_INPUT',
      '`yScore` is empty (shape [0, 0])',
    );
    expectError(() => toFloatMatrix([[], []], 'yScore'), 'EMPTY_INPUT', 'shape [2, 0]');
    expectError(
      () => toFloatMatrix({ data: [], shape: [0, 3] }, 'yScore'),
      'EMPTY_INPUT',
      'shape [0, 3]',
    );
    expect(toFloatMatrix([], 'yScore', { allowEmpty: true })).toMatchObject({ rows: 0, cols: 0 });
  });

  it('rejects ragged rows, naming the row', () => {
    expectError(
      () => toFloatMatrix([[1, 2], [3]], 'yScore'),
      'INVALID_SHAPE',
      'row 0 has 2 values but row 1 has 1',
    );
  });

  it('rejects a row that is not an array', () => {
    expectError(
      () => toFloatMatrix([[1, 2], 3 as unknown as number[]], 'yScore'),
      'INVALID_SHAPE',
      '`yScore[1]` is number 3',
    );
  });

  it('says how to make a flat array 2-D', () => {
    expectError(
      () => toLabelMatrix([1, 0, 1] as unknown as number[][], 'yTrue'),
      'INVALID_SHAPE',
      '`yTrue` looks 1-D: for one label per sample pass a column ([[1], [0], ...])',
    );
  });

  it('rejects a data length that does not match the shape', () => {
    expectError(
      () => toFloatMatrix({ data: [1, 2, 3], shape: [2, 2] }, 'yScore'),
      'INVALID_SHAPE',
      '`yScore.data` has 3 values but `yScore.shape` [2, 2] needs 4',
    );
  });

  it.each([[[2]], [[2, -1]], [[2, 1.5]], [[2, 2, 1]], ['2x2']])('rejects the shape %j', (shape) => {
    expectError(
      () => toFloatMatrix({ data: [1, 2, 3, 4], shape: shape as unknown as [number, number] }, 'y'),
      'INVALID_SHAPE',
      '`y.shape` must be [rows, cols]',
    );
  });

  it.each([
    ['a string', 'abc'],
    ['a number', 3],
    ['null', null],
    ['a flat array', [1, 2, 3]],
    ['an object without data', { shape: [1, 1] }],
  ])('rejects %s', (_, input) => {
    expect(() => toFloatMatrix(input as never, 'yScore')).toThrow(
      expect.objectContaining({ message: expect.stringContaining('`yScore') }),
    );
  });

  it('rejects non-numeric cells, naming the cell', () => {
    expectError(
      () => toFloatMatrix([[1, '2' as unknown as number]], 'yScore'),
      'INVALID_ARGUMENT',
      '`yScore[0][1]` is string 2',
    );
    expectError(
      () => toFloatMatrix({ data: [0, null as unknown as number], shape: [1, 2] }, 'w'),
      'INVALID_ARGUMENT',
      '`w.data[0][1]` is null',
    );
  });

  it('rejects BigInt arrays and DataViews as data', () => {
    expectError(
      () =>
        toFloatMatrix({ data: new BigInt64Array(2) as unknown as number[], shape: [1, 2] }, 'y'),
      'INVALID_ARGUMENT',
      '`y.data` must be an array',
    );
    expectError(
      () =>
        toFloatMatrix(
          { data: new DataView(new ArrayBuffer(8)) as unknown as number[], shape: [1, 2] },
          'y',
        ),
      'INVALID_ARGUMENT',
      '`y.data`',
    );
  });
});

describe('hand-built tensor-likes', () => {
  const tensorLike = (shape: number[], values: unknown) => ({
    shape,
    dtype: 'float32',
    dataSync: () => values as Float32Array,
  });

  it('reads one whose dataSync() fits its shape', () => {
    const m = toFloatMatrix(tensorLike([1, 2], new Float32Array([0.25, 0.5])), 'yScore');
    expect(Array.from(m.data)).toEqual([0.25, 0.5]);
  });

  it('refuses one whose dataSync() is shorter, longer or not numbers, naming the sizes', () => {
    for (const [shape, values, text] of [
      [
        [2, 2],
        new Float32Array(1),
        '`yScore.dataSync()` gave 1 values but `yScore.shape` [2, 2] needs 4 numbers',
      ],
      [
        [1e9, 1e9],
        new Float32Array(2),
        'gave 2 values but `yScore.shape` [1000000000, 1000000000] needs 1000000000000000000',
      ],
      [[1, 1], 'x', 'gave string x'],
    ] as const) {
      let caught: unknown;
      try {
        toFloatMatrix(tensorLike([...shape], values), 'yScore');
      } catch (e) {
        caught = e;
      }
      expect(caught).toMatchObject({ name: 'MultilabelError', code: 'INVALID_SHAPE' });
      expect((caught as Error).message).toContain(text);
    }
  });
});

describe('toLabelMatrix', () => {
  test.prop([labelMatrix({ missing: true })])(
    'round-trips every form, with -1 and NaN as missing',
    (m) => {
      for (const [label, input] of forms(m, false)) {
        const matrix = toLabelMatrix(input, 'yTrue', { ignoreIndex: -1 });
        expect(matrix.data, label).toBeInstanceOf(Int8Array);
        expect(Array.from(matrix.data), label).toEqual(m.data);
      }
      const withNaN = m.data.map((v) => (v === -1 ? Number.NaN : v));
      const matrix = toLabelMatrix({ data: withNaN, shape: [m.rows, m.cols] }, 'yTrue', {
        ignoreIndex: -1,
      });
      expect(Array.from(matrix.data)).toEqual(m.data.map((v) => (v === -1 ? MISSING_LABEL : v)));
    },
  );

  test.prop([labelMatrix()])('round-trips boolean and integer forms', (m) => {
    for (const [label, input] of forms(m, true)) {
      expect(Array.from(toLabelMatrix(input, 'yTrue').data), label).toEqual(m.data);
    }
  });

  it('rejects values other than 0 and 1, naming the cell and the fix', () => {
    expectError(
      () =>
        toLabelMatrix(
          [
            [0, 1],
            [0.7, 1],
          ],
          'yTrue',
        ),
      'NON_BINARY_LABELS',
      '`yTrue[1][0]` is 0.7, but labels must be 0 or 1',
    );
    expectError(() => toLabelMatrix([[0, 2]], 'yTrue'), 'NON_BINARY_LABELS', 'use `ignoreIndex`');
    expectError(
      () => toLabelMatrix({ data: [0, 1, 1, 2], shape: [2, 2] }, 'yTrue'),
      'NON_BINARY_LABELS',
      '`yTrue[1][1]` is 2',
    );
  });

  it('treats -1 and NaN as errors unless missing labels are allowed', () => {
    expectError(
      () => toLabelMatrix([[0, -1]], 'yTrue'),
      'NON_BINARY_LABELS',
      '`yTrue[0][1]` is -1',
    );
    expectError(
      () => toLabelMatrix([[Number.NaN, 1]], 'yTrue'),
      'NON_BINARY_LABELS',
      '`yTrue[0][0]` is NaN',
    );
    expectError(
      () => toLabelMatrix([[0, -2]], 'yTrue', { ignoreIndex: -1 }),
      'NON_BINARY_LABELS',
      '(or -1 / NaN for a missing label)',
    );
  });

  it('rejects non-numeric cells', () => {
    expectError(
      () => toLabelMatrix([[0, 'x' as unknown as number]], 'yTrue'),
      'INVALID_ARGUMENT',
      '`yTrue[0][1]` is string x',
    );
  });
});

describe('helpers', () => {
  it('isTensorLike recognises tensors structurally and nothing else', () => {
    expect(isTensorLike({ shape: [1, 1], dtype: 'float32', dataSync: () => [1] })).toBe(true);
    expect(isTensorLike({ data: [1], shape: [1, 1] })).toBe(false);
    expect(isTensorLike([[1]])).toBe(false);
    expect(isTensorLike(null)).toBe(false);
  });

  it('readColumn copies one label column', () => {
    const m = toFloatMatrix(
      [
        [1, 2, 3],
        [4, 5, 6],
      ],
      'x',
    );
    expect(Array.from(readColumn(m, 1, new Float64Array(2)))).toEqual([2, 5]);
  });
});

/**
 * Float32 label matrices (a tensor's `dataSync()`) are read straight from their bits when every
 * cell is +0 or 1, and by the exact reader otherwise: both give the same sparse labels, and bad
 * cells the same errors, as the same values in every other form.
 */
import { test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { isMultilabelError } from '../../src/core/errors.js';
import { toLabelMatrix } from '../../src/core/label-matrix.js';
import { sparseLabelsOf, toSparseLabels } from '../../src/data/sparse-labels.js';
import { fc, matrixOf, shape, type TestMatrix, toRows } from '../fc.js';
import { thrown } from '../thrown.js';

/** Cells mostly 0/1 (the fast path), sometimes -0, missing, or bad (the exact path). */
function cells(odd: boolean): fc.Arbitrary<number> {
  const binary = fc.constantFrom(0, 0, 0, 1);
  return odd
    ? fc.oneof(
        { weight: 20, arbitrary: binary },
        { weight: 1, arbitrary: fc.constantFrom(-0, -1, Number.NaN, 0.5, 2, -2, 1e-45) },
      )
    : binary;
}

const problem = fc
  .tuple(shape({ maxRows: 25, maxCols: 12 }), fc.boolean(), fc.integer({ min: 0, max: 3 }))
  .chain(([s, odd, offset]) => matrixOf(s, cells(odd)).map((m) => ({ m, offset })));

/** `values` as a Float32Array view starting `offset` elements into a larger buffer. */
function float32View(values: ArrayLike<number>, offset: number): Float32Array {
  const whole = new Float32Array(values.length + offset + 2);
  whole.set(values, offset);
  return whole.subarray(offset, offset + values.length);
}

type Input = Parameters<typeof toLabelMatrix>[0];

/** What `read` gives for `input`: its result as plain arrays, or the code and message it throws. */
function outcome(read: (input: Input) => object, input: Input): unknown {
  try {
    return plain(read(input));
  } catch (error) {
    if (!isMultilabelError(error)) throw error;
    return { code: error.code, message: error.message };
  }
}
const exact = (input: Input): unknown =>
  outcome((y) => sparseLabelsOf(toLabelMatrix(y, 'y', { ignoreIndex: -1 })), input);
const fast = (input: Input): unknown => outcome((y) => toSparseLabels(y, 'y'), input);

const plain = (s: object): unknown =>
  Object.fromEntries(
    Object.entries(s).map(([k, v]) => [k, ArrayBuffer.isView(v) ? Array.from(v as Int32Array) : v]),
  );

describe('toSparseLabels from float32 labels', () => {
  test.prop([problem])('equals the exact reader, values and errors', ({ m, offset }) => {
    const data = float32View(m.data, offset);
    const shape: [number, number] = [m.rows, m.cols];
    const expected = exact({ data: Float64Array.from(data), shape });
    expect(fast({ data, shape })).toEqual(expected);
    expect(fast({ data: Float64Array.from(data), shape })).toEqual(expected);
    expect(fast(toRows({ ...m, data: Array.from(data) } as TestMatrix))).toEqual(expected);
    if (m.data.every((v) => v === 0 || v === 1)) {
      expect(fast({ data: Uint8Array.from(data), shape })).toEqual(expected);
    }
  });

  it('hands -0, missing and bad cells to the exact reader', () => {
    const y = (v: number) => ({
      data: Float32Array.of(1, 0, 0, v, 1, 0),
      shape: [2, 3] as [number, number],
    });
    expect(Array.from(toSparseLabels(y(-0), 'y').indices)).toEqual([0, 1]);
    const missing = toSparseLabels(y(-1), 'y');
    expect(Array.from(missing.missingIndices)).toEqual([0]);
    expect(Array.from(missing.known)).toEqual([1, 2, 2]);
    expect(Array.from(toSparseLabels(y(Number.NaN), 'y').missingIndptr)).toEqual([0, 0, 1]);
    expect(thrown(() => toSparseLabels(y(0.5), 'y'))).toEqual(
      thrown(() => toLabelMatrix(y(0.5), 'y', { ignoreIndex: -1 })),
    );
    expect(thrown(() => toSparseLabels(y(0.5), 'y')).message).toContain('`y[1][0]` is 0.5');
  });
});

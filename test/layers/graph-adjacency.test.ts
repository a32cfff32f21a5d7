import { test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { isMultilabelError } from '../../src/core/errors.js';
import { graphPropagationMatrix, readAdjacency } from '../../src/layers/graph-adjacency.js';
import { fc } from '../fc.js';

function expectCode(fn: () => unknown, code: string, message: RegExp): void {
  try {
    fn();
  } catch (error) {
    expect(isMultilabelError(error)).toBe(true);
    expect((error as { code: string }).code).toBe(code);
    expect((error as Error).message).toMatch(message);
    return;
  }
  throw new Error('expected a MultilabelError');
}

describe('graphPropagationMatrix (ML-GCN Eqs. 7-8)', () => {
  it('binarises at tau, gives 1 - p to the label itself and p shared among its neighbours', () => {
    const p = [
      [1, 0.8, 0.1],
      [0.5, 1, 0],
      [0.2, 0.45, 1],
    ];
    const a = graphPropagationMatrix(Float64Array.from(p.flat()), 3, 0.4, 0.2);
    const expected = [
      [0.8, 0.2, 0],
      [0.2, 0.8, 0],
      [0, 0.2, 0.8],
    ];
    expect(Array.from(a)).toEqual(expected.flat().map((v) => expect.closeTo(v, 15)));
  });

  it('splits p evenly over several neighbours and keeps an isolated label to itself', () => {
    const p = [
      [0, 0.5, 0.9, 0.4],
      [0.1, 0, 0.1, 0.1],
      [0, 0, 0, 0],
      [0.39, 0.4, 0, 0],
    ];
    const a = graphPropagationMatrix(Float64Array.from(p.flat()), 4, 0.4, 0.3);
    const expected = [
      [0.7, 0.1, 0.1, 0.1],
      [0, 1, 0, 0],
      [0, 0, 1, 0],
      [0, 0.3, 0, 0.7],
    ];
    expect(Array.from(a)).toEqual(expected.flat().map((v) => expect.closeTo(v, 15)));
  });

  it('with p = 0 keeps every label to itself (no label correlation)', () => {
    const a = graphPropagationMatrix(Float64Array.from([1, 1, 1, 1]), 2, 0.4, 0);
    expect(Array.from(a)).toEqual([1, 0, 0, 1]);
  });

  test.prop(
    [
      fc.integer({ min: 1, max: 7 }).chain((l) =>
        fc.tuple(
          fc.constant(l),
          fc.array(fc.double({ min: 0, max: 1, noNaN: true }), {
            minLength: l * l,
            maxLength: l * l,
          }),
          fc.double({ min: 0.01, max: 1, noNaN: true }),
          fc.double({ min: 0, max: 1, noNaN: true }),
        ),
      ),
    ],
    { numRuns: 200 },
  )(
    'agrees with a brute-force D^-1/2 A D^-1/2 and ignores the input diagonal',
    ([l, values, tau, p]) => {
      const conditional = Float64Array.from(values);
      const result = graphPropagationMatrix(conditional, l, tau, p);
      // Brute force: build A from the definition, then normalise with its row sums.
      const a: number[][] = [];
      for (let i = 0; i < l; i++) {
        const edges = values.slice(i * l, i * l + l).map((v, j) => (j !== i && v >= tau ? 1 : 0));
        const count = edges.reduce((s: number, v) => s + v, 0);
        a.push(edges.map((e, j) => (j === i ? (count === 0 ? 1 : 1 - p) : (p * e) / (count || 1))));
      }
      const d = a.map((row) => row.reduce((s, v) => s + v, 0));
      for (let i = 0; i < l; i++) {
        for (let j = 0; j < l; j++) {
          const expected = a[i][j] / Math.sqrt(d[i]) / Math.sqrt(d[j]);
          expect(result[i * l + j]).toBeCloseTo(expected, 12);
        }
        expect(result.slice(i * l, i * l + l).reduce((s, v) => s + v, 0)).toBeCloseTo(1, 12);
      }
      const otherDiagonal = Float64Array.from(conditional);
      for (let i = 0; i < l; i++) otherDiagonal[i * l + i] = 1 - otherDiagonal[i * l + i];
      expect(Array.from(graphPropagationMatrix(otherDiagonal, l, tau, p))).toEqual(
        Array.from(result),
      );
    },
  );
});

describe('readAdjacency', () => {
  it('reads every matrix form into a copy', () => {
    const data = new Float64Array([1, 0.5, 0.25, 1]);
    const read = readAdjacency({ data, shape: [2, 2] }, 'adjacency');
    expect(Array.from(read)).toEqual([1, 0.5, 0.25, 1]);
    expect(read).not.toBe(data);
    expect(
      Array.from(
        readAdjacency(
          [
            [1, 0],
            [0.3, 1],
          ],
          'adjacency',
        ),
      ),
    ).toEqual([1, 0, 0.3, 1]);
  });

  it('rejects a matrix that is not L x L', () => {
    expectCode(
      () => readAdjacency([[1, 0.5, 0]], 'adjacency'),
      'INVALID_SHAPE',
      /square L x L.*\[1, 3\]/,
    );
  });

  it('rejects NaN and infinite values, naming the cell', () => {
    expectCode(
      () =>
        readAdjacency(
          [
            [1, Number.NaN],
            [0, 1],
          ],
          'adjacency',
        ),
      'NON_FINITE_VALUES',
      /`adjacency\[0\]\[1\]` is NaN, but the adjacency holds conditional probabilities.*labelCooccurrence/,
    );
    expectCode(
      () =>
        readAdjacency(
          [
            [1, 0],
            [Number.POSITIVE_INFINITY, 1],
          ],
          'adjacency',
        ),
      'NON_FINITE_VALUES',
      /`adjacency\[1\]\[0\]` is Infinity/,
    );
  });

  it('rejects counts and negative values, pointing to conditional probabilities', () => {
    expectCode(
      () =>
        readAdjacency(
          [
            [3, 2],
            [2, 5],
          ],
          'adjacency',
        ),
      'INVALID_ARGUMENT',
      /conditional probabilities in \[0, 1\].*labelCooccurrence\(y, \{ normalize: 'conditional' \}\)/,
    );
    expectCode(
      () =>
        readAdjacency(
          [
            [1, -0.1],
            [0, 1],
          ],
          'adjacency',
        ),
      'INVALID_ARGUMENT',
      /-0\.1/,
    );
  });

  it('rejects an empty matrix', () => {
    expectCode(() => readAdjacency([], 'adjacency'), 'EMPTY_INPUT', /adjacency/);
  });
});

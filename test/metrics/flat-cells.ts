import { fc } from '../fc.js';

/** A label cell: 1 with probability `density` / 10, else 0. */
export const binaryCell = (density: number): fc.Arbitrary<number> =>
  fc.integer({ min: 0, max: 9 }).map((v): number => (v < density ? 1 : 0));

/** `n` cells drawn from `cell`: a matrix in row-major order. */
export const cellsOf = <T>(cell: fc.Arbitrary<T>, n: number): fc.Arbitrary<T[]> =>
  fc.array(cell, { minLength: n, maxLength: n });

/** The shape and the true labels (row-major) of a `rows` x `cols` problem, for `fc.record`. */
export const shapeAndTruth = (rows: number, cols: number, density: number) => ({
  rows: fc.constant(rows),
  cols: fc.constant(cols),
  truth: cellsOf(binaryCell(density), rows * cols),
});

/** Where an odd cell goes, for `fc.record`: the truth or the other matrix, and a cell below `n`. */
export const oddPlace = (n: number) => ({ inTruth: fc.boolean(), index: fc.nat({ max: n - 1 }) });

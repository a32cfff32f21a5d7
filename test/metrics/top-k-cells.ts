import { fc, matrixOf } from '../fc.js';

/**
 * The cells of a top-k problem of `rows` x `cols`, for `fc.record`: labels (a third positive),
 * the cells to leave missing (a quarter), scores (round values that tie, and any double in
 * [-3, 3]) and a cut `k` in 1..cols.
 */
export const topKCells = (rows: number, cols: number) => ({
  labels: matrixOf([rows, cols], fc.constantFrom(0, 0, 1)),
  missing: matrixOf([rows, cols], fc.constantFrom(0, 0, 0, 1)),
  scores: matrixOf(
    [rows, cols],
    fc.oneof(fc.constantFrom(-1, 0, 0.25, 0.5, 1), fc.double({ min: -3, max: 3, noNaN: true })),
  ),
  k: fc.integer({ min: 1, max: cols }),
});

/**
 * The project's fast-check arbitraries, in one place. Matrices are generated shape first, then
 * as one flat array of exactly rows * cols values, which shrinks well. Scores use `fc.double`
 * (64-bit), never 32-bit `fc.float`, unless a test asks for float32 on purpose.
 */
import fc from 'fast-check';

export { fc };

/** A row-major matrix as the tests build it: flat values plus both dimensions. */
export interface TestMatrix {
  readonly rows: number;
  readonly cols: number;
  readonly data: number[];
}

/** Bounds on the generated shapes. */
export interface ShapeBounds {
  minRows?: number;
  maxRows?: number;
  minCols?: number;
  maxCols?: number;
}

/** `[rows, cols]` within `bounds` (defaults: 1-30 rows, 1-8 columns). */
export function shape(bounds: ShapeBounds = {}): fc.Arbitrary<[number, number]> {
  return fc.tuple(
    fc.integer({ min: bounds.minRows ?? 1, max: bounds.maxRows ?? 30 }),
    fc.integer({ min: bounds.minCols ?? 1, max: bounds.maxCols ?? 8 }),
  );
}

/** A matrix of the given shape whose cells come from `cell`. */
export function matrixOf(
  [rows, cols]: [number, number],
  cell: fc.Arbitrary<number>,
): fc.Arbitrary<TestMatrix> {
  return fc
    .array(cell, { minLength: rows * cols, maxLength: rows * cols })
    .map((data) => ({ rows, cols, data }));
}

/**
 * A record drawn after its sizes: `sizes` first, then the fields that `fields` builds for them.
 * The value holds the sizes and the fields.
 */
export function sized<S extends object, R extends object>(
  sizes: fc.Arbitrary<S>,
  fields: (sizes: S) => { [K in keyof R]: fc.Arbitrary<R[K]> },
): fc.Arbitrary<S & R> {
  return sizes.chain((s) => fc.record(fields(s)).map((r) => ({ ...s, ...r })));
}

/** Options of {@link labelMatrix}. */
export interface LabelMatrixOptions extends ShapeBounds {
  /** Also generate `-1` cells (missing labels). Default false. */
  missing?: boolean;
}

/** A 0/1 label matrix (with `-1` missing cells when `missing`). */
export function labelMatrix(options: LabelMatrixOptions = {}): fc.Arbitrary<TestMatrix> {
  return shape(options).chain((s) => matrixOf(s, labelCell(options.missing === true)));
}

function labelCell(missing: boolean): fc.Arbitrary<number> {
  return missing ? fc.constantFrom(0, 1, -1) : fc.constantFrom(0, 1);
}

/** Finite scores in [min, max] (default [-10, 10]); `-0` included. */
export function scoreCell(min = -10, max = 10): fc.Arbitrary<number> {
  return fc.double({ min, max, noNaN: true, noDefaultInfinity: true });
}

/** Scores drawn from a handful of values, so that ties are common. */
export function tiedScoreCell(): fc.Arbitrary<number> {
  return fc.constantFrom(-1, -0.5, 0, 0.25, 0.5, 0.75, 1);
}

/** A score matrix of the given shape or of a random shape. */
export function scores(
  s?: [number, number],
  options: { ties?: boolean } = {},
): fc.Arbitrary<TestMatrix> {
  const cell = options.ties === true ? tiedScoreCell() : scoreCell();
  return s === undefined ? shape().chain((sh) => matrixOf(sh, cell)) : matrixOf(s, cell);
}

/** A score matrix with many ties. */
export function tiedScores(s?: [number, number]): fc.Arbitrary<TestMatrix> {
  return scores(s, { ties: true });
}

/** Labels and scores of one shape. */
export function labelsAndScores(
  options: LabelMatrixOptions & { ties?: boolean } = {},
): fc.Arbitrary<{ yTrue: TestMatrix; yScore: TestMatrix }> {
  return shape(options).chain((s) =>
    fc.record({
      yTrue: matrixOf(s, labelCell(options.missing === true)),
      yScore: scores(s, { ties: options.ties === true }),
    }),
  );
}

/** `n` non-negative weights; `integer` gives small whole numbers (for weight-as-repetition tests). */
export function weights(n: number, options: { integer?: boolean } = {}): fc.Arbitrary<number[]> {
  const cell =
    options.integer === true
      ? fc.integer({ min: 0, max: 4 })
      : fc.double({ min: 0, max: 10, noNaN: true, noDefaultInfinity: true });
  return fc.array(cell, { minLength: n, maxLength: n });
}

/** The matrix as an array of rows. */
export function toRows(m: TestMatrix): number[][] {
  return Array.from({ length: m.rows }, (_, r) => m.data.slice(r * m.cols, (r + 1) * m.cols));
}

/** Options of {@link metricProblem}. */
export interface MetricProblemOptions extends ShapeBounds {
  /** The second matrix: 0/1 predictions (`'predictions'`) or scores (`'scores'`). */
  second: 'predictions' | 'scores';
  /** Also generate `-1` label cells. */
  missing?: boolean;
  /** Draw scores from a few values, so that ties are common. */
  ties?: boolean;
  /** Row weights: none, fractional (some 0), or small integers 1-3. */
  weights?: 'none' | 'fractional' | 'integer';
}

/** A metric input drawn shape first: labels, predictions or scores, and optional row weights. */
export interface MetricProblem {
  readonly yTrue: number[][];
  readonly y: number[][];
  readonly sampleWeight: number[] | undefined;
}

/** Labels, a second matrix of the same shape, and row weights, for the metric property tests. */
export function metricProblem(options: MetricProblemOptions): fc.Arbitrary<MetricProblem> {
  return shape(options).chain(([rows, cols]) => {
    const second =
      options.second === 'predictions'
        ? labelCell(false)
        : options.ties === true
          ? tiedScoreCell()
          : scoreCell(-5, 5);
    const weightCell =
      options.weights === 'fractional'
        ? fc.oneof(fc.constant(0), fc.double({ min: 0.1, max: 5, noNaN: true }))
        : fc.integer({ min: 1, max: 3 });
    return fc.record({
      yTrue: matrixOf([rows, cols], labelCell(options.missing === true)).map(toRows),
      y: matrixOf([rows, cols], second).map(toRows),
      sampleWeight:
        options.weights === undefined || options.weights === 'none'
          ? fc.constant(undefined)
          : fc.array(weightCell, { minLength: rows, maxLength: rows }),
    });
  });
}

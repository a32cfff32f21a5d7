/**
 * Input families shared by many entries: a label matrix with a second matrix of the same shape
 * (predictions, scores or probabilities), row weights and options — the arguments of every
 * metric and threshold optimizer — and a single matrix with options (data functions, decision
 * rules). Each case is generated clean, then at most one argument is broken (a bad cell, a
 * shape mismatch, a malformed matrix, a bad weight, tampered options), then every argument is
 * handed over in a random form. The expectation is derived from what the library reads.
 */
import type { LabelMatrix, ScoreMatrix } from '../../src/core/matrix.js';
import { fc } from '../fc.js';
import {
  badWeightValue,
  type CellValue,
  extremeProbability,
  extremeScore,
  type MatrixArg,
  malformedMatrix,
  malformedVector,
  matrixArg,
  NON_BINARY_LABELS,
  NON_FINITE,
  type VectorArg,
  vectorArg,
  weightValues,
} from './arbitraries.js';
import type { Case } from './harness.js';
import {
  type OptionContext,
  type OptionSpec,
  type TamperedOptions,
  tamperedOptions,
} from './options.js';

/** What the second matrix holds. */
export type SecondKind = 'predictions' | 'scores' | 'probabilities';

/** Bounds and capabilities of a pair family. */
export interface PairSpec {
  readonly second: SecondKind;
  /** The function takes `ignoreIndex` (labels may then hold the marker or NaN). */
  readonly ignoreIndex: boolean;
  /** The function takes `sampleWeight`. */
  readonly weights: boolean;
  readonly minCols?: number;
  readonly maxCols?: number;
  readonly maxRows?: number;
  /**
   * Sometimes generate one large problem to test the budget: `'any'` a wide row (200,000
   * labels) or many rows, `'tall'` many rows only (for functions whose output has one object
   * per label).
   */
  readonly large?: 'any' | 'tall';
}

/**
 * A generated case's expectation: an error where the input breaks a rule (`problem`), else a
 * value, with the input as the library reads it (`clean`, made for valid input only).
 */
function judged<B extends object, C>(base: B, problem: string | undefined, clean: () => C) {
  return problem !== undefined
    ? { ...base, expect: 'error' as const, why: problem, clean: undefined }
    : { ...base, expect: 'value' as const, why: 'valid input', clean: clean() };
}

/** Clean inputs as the library reads them: labels with -1 for missing, numbers for the rest. */
export interface CleanPair {
  readonly rows: number;
  readonly cols: number;
  readonly labels: number[][];
  readonly second: number[][];
  readonly weights: number[] | undefined;
  /** How the weights were made (`'weights whose sum overflows'`, ...), if any. */
  readonly weightKind: string | undefined;
  readonly large: boolean;
}

export interface PairCase extends Case {
  readonly yTrue: MatrixArg;
  readonly y: MatrixArg;
  readonly sampleWeight: VectorArg | undefined;
  readonly ignoreIndex: number | undefined;
  /** Options broken in one way, passed instead of the entry's valid options. */
  readonly tampered: TamperedOptions | undefined;
  /** The data's shape, for the entry's options. */
  readonly context: OptionContext;
  /** Set when every argument is valid. */
  readonly clean: CleanPair | undefined;
}

/** A pair case's `sampleWeight` and `ignoreIndex`, where it has them. */
export function weightAndMarker(c: PairCase): { sampleWeight?: unknown; ignoreIndex?: number } {
  return {
    ...(c.sampleWeight === undefined ? {} : { sampleWeight: c.sampleWeight.input }),
    ...(c.ignoreIndex === undefined ? {} : { ignoreIndex: c.ignoreIndex }),
  };
}

/** The options a pair case passes: its tampered options, else `valid` with its weights and marker. */
export function pairOptions(c: PairCase, valid: object): unknown {
  return c.tampered !== undefined ? c.tampered.options : { ...valid, ...weightAndMarker(c) };
}

/** Calls `fn` with a pair case's labels, second matrix and options (`valid` unless tampered). */
export function callOnPair<R>(
  fn: (yTrue: LabelMatrix, y: ScoreMatrix, options: never) => R,
  c: PairCase,
  valid: object = {},
): R {
  return fn(c.yTrue.input as LabelMatrix, c.y.input as ScoreMatrix, pairOptions(c, valid) as never);
}

/** Whether `v` is missing under the marker `ignoreIndex` (undefined: none): equal to it, or NaN. */
export const isMissing = (v: CellValue, ignoreIndex: number | undefined): boolean =>
  ignoreIndex !== undefined && typeof v === 'number' && (v === ignoreIndex || Number.isNaN(v));

export const isLabel = (v: CellValue, ignoreIndex: number | undefined): boolean =>
  v === 0 || v === 1 || v === true || v === false || isMissing(v, ignoreIndex);

export function secondValid(v: CellValue, kind: SecondKind): boolean {
  if (kind === 'predictions') return isLabel(v, undefined);
  if (typeof v !== 'number' || !Number.isFinite(v)) return false;
  return kind === 'scores' || (v >= 0 && v <= 1);
}

const asNumber = (v: CellValue): number => (v === true ? 1 : v === false ? 0 : (v as number));
/** A valid label cell as read: -1 for a missing one. */
const asLabel =
  (ignoreIndex: number | undefined) =>
  (v: CellValue): number =>
    isMissing(v, ignoreIndex) ? -1 : asNumber(v);

export function toRows(
  values: readonly CellValue[],
  rows: number,
  cols: number,
  cell = asNumber,
): number[][] {
  return Array.from({ length: rows }, (_, r) => values.slice(r * cols, (r + 1) * cols).map(cell));
}

function secondCell(kind: SecondKind): fc.Arbitrary<number> {
  if (kind === 'predictions') return fc.constantFrom(0, 1);
  return kind === 'scores' ? extremeScore() : extremeProbability();
}

function badSecondCell(kind: SecondKind): fc.Arbitrary<number> {
  if (kind === 'predictions') return fc.constantFrom(...NON_BINARY_LABELS);
  if (kind === 'scores') return fc.constantFrom(...NON_FINITE);
  return fc.constantFrom(...NON_FINITE, -0.5, 1.5, -5e-324, 1 + 2 ** -52, 2);
}

/** The first reason an argument list is invalid, or undefined. */
function pairProblem(
  spec: PairSpec,
  yTrue: MatrixArg,
  y: MatrixArg,
  weights: VectorArg | undefined,
  ignoreIndex: number | undefined,
): string | undefined {
  if (yTrue.values === undefined) return `yTrue is ${yTrue.malformed}`;
  if (y.values === undefined) return `the second matrix is ${y.malformed}`;
  const badLabel = yTrue.values.findIndex((v) => !isLabel(v, ignoreIndex));
  if (badLabel >= 0) return `yTrue holds ${String(yTrue.values[badLabel])}`;
  if (yTrue.rows !== y.rows || yTrue.cols !== y.cols) return 'the shapes differ';
  const bad = y.values.findIndex((v) => !secondValid(v, spec.second));
  if (bad >= 0) return `the ${spec.second} hold ${String(y.values[bad])}`;
  if (weights !== undefined) {
    if (weights.values === undefined) return `sampleWeight is ${weights.malformed}`;
    if (weights.values.length !== yTrue.rows) return 'sampleWeight has the wrong length';
    const w = weights.values.find((v) => typeof v !== 'number' || !(v >= 0) || !Number.isFinite(v));
    if (weights.values.some((v) => typeof v !== 'number' || !(v >= 0) || !Number.isFinite(v)))
      return `sampleWeight holds ${String(w)}`;
  }
  return undefined;
}

type Corruption =
  | { kind: 'none' }
  | { kind: 'label'; at: number; value: number }
  | { kind: 'second'; at: number; value: number }
  | { kind: 'shape'; which: 'rows' | 'cols' | 'transpose' }
  | { kind: 'malformed yTrue' | 'malformed y'; arg: MatrixArg }
  | { kind: 'weight'; at: number; value: number }
  | { kind: 'weight length' }
  | { kind: 'malformed weights'; arg: VectorArg }
  | { kind: 'options' };

function corruption(
  spec: PairSpec,
  rows: number,
  cols: number,
  ignoreIndex: number | undefined,
): fc.Arbitrary<Corruption> {
  const cell = fc.nat(rows * cols - 1);
  const badLabels = NON_BINARY_LABELS.filter((v) => !isMissing(v, ignoreIndex));
  const options: fc.WeightedArbitrary<Corruption>[] = [
    { weight: 10, arbitrary: fc.constant({ kind: 'none' }) },
    {
      weight: 1,
      arbitrary: fc.record({
        kind: fc.constant('label'),
        at: cell,
        value: fc.constantFrom(...badLabels),
      }),
    },
    {
      weight: 1,
      arbitrary: fc.record({
        kind: fc.constant('second'),
        at: cell,
        value: badSecondCell(spec.second),
      }),
    },
    {
      weight: 1,
      arbitrary: fc.record({
        kind: fc.constant('shape'),
        which: fc.constantFrom('rows', 'cols', 'transpose'),
      }),
    },
    {
      weight: 1,
      arbitrary: fc.record({
        kind: fc.constantFrom('malformed yTrue', 'malformed y'),
        arg: malformedMatrix(),
      }) as fc.Arbitrary<Corruption>,
    },
    { weight: 1, arbitrary: fc.constant({ kind: 'options' }) },
  ];
  if (spec.weights) {
    options.push(
      {
        weight: 1,
        arbitrary: fc.record({
          kind: fc.constant('weight'),
          at: fc.nat(rows - 1),
          value: badWeightValue(),
        }),
      },
      { weight: 1, arbitrary: fc.constant({ kind: 'weight length' }) },
      {
        weight: 1,
        arbitrary: fc.record({ kind: fc.constant('malformed weights'), arg: malformedVector() }),
      },
    );
  }
  return fc.oneof(...(options as fc.WeightedArbitrary<Corruption>[]));
}

/** Label cells: mostly 0/1, with marker and NaN cells under an `ignoreIndex` marker. */
function labelCell(ignoreIndex: number | undefined): fc.Arbitrary<number> {
  return ignoreIndex === undefined
    ? fc.constantFrom(0, 1)
    : fc.constantFrom(0, 1, 0, 1, ignoreIndex, Number.NaN);
}

/** One large problem: a wide row of tied or distinct scores, or many rows. */
function largeShape(
  kind: 'any' | 'tall',
): fc.Arbitrary<{ rows: number; cols: number; tied: boolean }> {
  const tall = [
    { rows: 20_000, cols: 5, tied: false },
    { rows: 20_000, cols: 5, tied: true },
  ];
  if (kind === 'tall') return fc.constantFrom(...tall);
  return fc.constantFrom(
    { rows: 1, cols: 200_000, tied: true },
    { rows: 1, cols: 200_000, tied: false },
    { rows: 4, cols: 50_000, tied: true },
    ...tall,
  );
}

/** A large clean problem (no reference: the contract is checked, and the time). */
function largePair(spec: PairSpec, kind: 'any' | 'tall'): fc.Arbitrary<PairCase> {
  return fc
    .tuple(largeShape(kind), fc.integer({ min: 1, max: 0xffff }))
    .map(([{ rows, cols, tied }, seed]) => {
      const n = rows * cols;
      const labels = new Uint8Array(n);
      const second = new Float64Array(n);
      let state = seed;
      const next = () => {
        state = (Math.imul(state, 1103515245) + 12345) >>> 0;
        return state / 2 ** 32;
      };
      for (let i = 0; i < n; i++) {
        labels[i] = next() < 0.3 ? 1 : 0;
        // Make sure every row and column has both classes where possible.
        if (i % cols === 0) labels[i] = 1;
        if (i % cols === 1) labels[i] = 0;
        second[i] =
          spec.second === 'predictions'
            ? next() < 0.5
              ? 1
              : 0
            : tied
              ? 0
              : spec.second === 'scores'
                ? next() * 10 - 5
                : next();
      }
      const secondInput =
        spec.second === 'predictions'
          ? { data: Uint8Array.from(second), shape: [rows, cols] }
          : { data: second, shape: [rows, cols] };
      const what = `${rows} x ${cols} ${tied ? 'all tied' : 'distinct'}`;
      const valuesOf = (a: ArrayLike<number>) => Array.from(a) as CellValue[];
      return {
        tags: [`large ${what}`, tied ? 'many tied scores in a row' : 'large input'],
        expect: 'value',
        why: `a valid ${what} problem`,
        yTrue: {
          input: { data: labels, shape: [rows, cols] },
          form: 'Uint8Array',
          rows,
          cols,
          values: valuesOf(labels),
        },
        y: { input: secondInput, form: 'Float64Array', rows, cols, values: valuesOf(second) },
        sampleWeight: undefined,
        ignoreIndex: undefined,
        tampered: undefined,
        context: { rows, cols },
        clean: {
          rows,
          cols,
          labels: [],
          second: [],
          weights: undefined,
          weightKind: undefined,
          large: true,
        },
      } satisfies PairCase;
    });
}

/** The size of a small matrix within `spec`'s bounds: 1 (or `minRows`) to 8 rows, 1 to 5 columns. */
export function smallShape(spec: {
  readonly minRows?: number;
  readonly maxRows?: number;
  readonly minCols?: number;
  readonly maxCols?: number;
}): fc.Arbitrary<{ rows: number; cols: number }> {
  return fc.record({
    rows: fc.integer({ min: spec.minRows ?? 1, max: spec.maxRows ?? 8 }),
    cols: fc.integer({ min: spec.minCols ?? 1, max: spec.maxCols ?? 5 }),
  });
}

/**
 * Labels, a second matrix, weights and options for one function, at most one of them broken,
 * each in a random form. `optionSpec` and `baseOptions` describe the function's options (for
 * tampering); the valid call is the entry's business.
 */
export function pairCases(
  spec: PairSpec,
  optionSpec: OptionSpec,
  baseOptions: (context: OptionContext) => Record<string, unknown>,
): fc.Arbitrary<PairCase> {
  const small = fc
    .tuple(
      smallShape(spec),
      spec.ignoreIndex ? fc.boolean() : fc.constant(false),
      // PyTorch's -100, and 2, a marker above 1 (NaN cells are missing under any marker).
      fc.constantFrom(-1, -100, 2, Number.NaN),
    )
    .map(([shape, missing, marker]) => ({ ...shape, ignoreIndex: missing ? marker : undefined }))
    .chain(({ rows, cols, ignoreIndex }) =>
      fc
        .record({
          labels: fc.array(labelCell(ignoreIndex), {
            minLength: rows * cols,
            maxLength: rows * cols,
          }),
          // Enough cells for a second matrix with one more row and column.
          second: fc.array(secondCell(spec.second), {
            minLength: (rows + 1) * (cols + 1),
            maxLength: (rows + 1) * (cols + 1),
          }),
          weights: spec.weights ? fc.option(weightValues(rows), { freq: 2 }) : fc.constant(null),
          corruption: corruption(spec, rows, cols, ignoreIndex),
          tampered: tamperedOptions(baseOptions({ rows, cols }), optionSpec, { rows, cols }),
        })
        .chain((g) => build(spec, rows, cols, ignoreIndex, g)),
    );
  if (spec.large === undefined) return small;
  return fc.oneof(
    { weight: 30, arbitrary: small },
    { weight: 1, arbitrary: largePair(spec, spec.large) },
  );
}

function build(
  spec: PairSpec,
  rows: number,
  cols: number,
  ignoreIndex: number | undefined,
  g: {
    labels: number[];
    second: number[];
    weights: { values: number[]; kind: string } | null;
    corruption: Corruption;
    tampered: TamperedOptions;
  },
): fc.Arbitrary<PairCase> {
  const c = g.corruption;
  const labels = g.labels.slice();
  if (c.kind === 'label') labels[c.at] = c.value;
  let [yRows, yCols] = [rows, cols];
  if (c.kind === 'shape') {
    if (c.which === 'rows') yRows++;
    else if (c.which === 'cols') yCols++;
    else [yRows, yCols] = rows === cols ? [rows + 1, cols] : [cols, rows];
  }
  const second = g.second.slice(0, yRows * yCols);
  if (c.kind === 'second') second[c.at] = c.value;
  let weights = g.weights?.values.slice();
  if (weights !== undefined && c.kind === 'weight') weights[c.at] = c.value;
  if (c.kind === 'weight length') weights = [...(weights ?? Array(rows).fill(1)), 1];
  const forms = fc.record({
    yTrue:
      c.kind === 'malformed yTrue'
        ? fc.constant(c.arg)
        : matrixArg(rows, cols, labels, { booleans: true, holes: true }),
    y:
      c.kind === 'malformed y'
        ? fc.constant(c.arg)
        : matrixArg(yRows, yCols, second, { booleans: spec.second === 'predictions', holes: true }),
    sampleWeight:
      c.kind === 'malformed weights'
        ? fc.constant(c.arg as VectorArg | undefined)
        : weights === undefined
          ? fc.constant(undefined)
          : vectorArg(weights),
  });
  return forms.map(({ yTrue, y, sampleWeight }) => {
    const tags = [
      `yTrue: ${yTrue.form}${yTrue.values ? ` ${yTrue.rows}x${yTrue.cols}` : ''}`,
      `${spec.second}: ${y.form}${y.values ? ` ${y.rows}x${y.cols}` : ''}`,
    ];
    if (sampleWeight !== undefined)
      tags.push(`sampleWeight: ${sampleWeight.form} (${g.weights?.kind ?? 'none'})`);
    if (ignoreIndex !== undefined) tags.push(`ignoreIndex ${ignoreIndex}`);
    const tampered = c.kind === 'options' ? g.tampered : undefined;
    if (tampered !== undefined) tags.push(tampered.how);
    const problem = tampered?.how ?? pairProblem(spec, yTrue, y, sampleWeight, ignoreIndex);
    const base = {
      tags,
      yTrue,
      y,
      sampleWeight,
      ignoreIndex,
      tampered,
      context: { rows, cols },
    };
    return judged(base, problem, () => ({
      rows,
      cols,
      labels: toRows(yTrue.values as CellValue[], rows, cols, asLabel(ignoreIndex)),
      second: toRows(y.values as CellValue[], rows, cols),
      weights: sampleWeight?.values as number[] | undefined,
      weightKind: g.weights?.kind,
      large: false,
    })) satisfies PairCase;
  });
}

/** Weights divided by their largest (results are invariant to a common factor). */
export function normalized(weights: readonly number[] | undefined): number[] | undefined {
  if (weights === undefined) return undefined;
  const max = Math.max(...weights);
  if (!(max > 0)) return weights.slice();
  // Scale in two steps so that subnormal maxima do not overflow 1 / max.
  return weights.map((w) => (w / max) * 1);
}

/**
 * Weights multiplied by a power of two that brings their largest near 2^500 (a product of two
 * still fits in a double): the smallest ones leave the subnormal range, where a reference's
 * products of two weights underflow (a kernel that halves late keeps them; a reference that
 * multiplies early loses them).
 */
export function scaledUp(weights: readonly number[] | undefined): number[] | undefined {
  if (weights === undefined) return undefined;
  const max = Math.max(...weights);
  if (!(max > 0) || !Number.isFinite(max)) return weights.slice();
  const shift = 500 - Math.floor(Math.log2(max));
  // In two factors: 2^shift alone overflows when the largest weight is subnormal.
  const half = 2 ** Math.floor(shift / 2);
  const rest = 2 ** (shift - Math.floor(shift / 2));
  return weights.map((w) => w * half * rest);
}

/** Whether the weights are extreme enough that the documentation leaves the outcome open. */
export function extremeWeights(kind: string | undefined): boolean {
  return kind !== undefined && /overflow|subnormal|huge|tiny|MAX_VALUE/.test(kind);
}

/** Bounds and cells of a single-matrix family (data functions, decision rules). */
export interface SingleSpec {
  /**
   * `'labels'`: 0/1 (and -1 / NaN when `missing`, as the data functions read missing labels);
   * `'scores'`: finite; `'probabilities'`: [0, 1].
   */
  readonly cell: 'labels' | SecondKind;
  readonly missing?: boolean;
  readonly minRows?: number;
  readonly maxRows?: number;
  readonly minCols?: number;
  readonly maxCols?: number;
  /** Sometimes one large matrix (see {@link PairSpec.large}). */
  readonly large?: 'any' | 'tall';
}

export interface SingleCase extends Case {
  readonly m: MatrixArg;
  readonly tampered: TamperedOptions | undefined;
  readonly context: OptionContext;
  /** The matrix as read (labels: -1 for missing), when valid. */
  readonly clean:
    | {
        readonly rows: number;
        readonly cols: number;
        readonly values: number[][];
        readonly large: boolean;
      }
    | undefined;
}

/** The marker of a single-matrix family's missing labels: -1 (and NaN) when `missing`. */
const singleMarker = (spec: SingleSpec): number | undefined =>
  spec.missing === true ? -1 : undefined;

function singleCell(spec: SingleSpec): fc.Arbitrary<number> {
  return spec.cell === 'labels' ? labelCell(singleMarker(spec)) : secondCell(spec.cell);
}

function badSingleCell(spec: SingleSpec): fc.Arbitrary<number> {
  if (spec.cell !== 'labels') return badSecondCell(spec.cell);
  return fc.constantFrom(...NON_BINARY_LABELS.filter((v) => !isMissing(v, singleMarker(spec))));
}

function singleValid(v: CellValue, spec: SingleSpec): boolean {
  return spec.cell === 'labels' ? isLabel(v, singleMarker(spec)) : secondValid(v, spec.cell);
}

/** One large valid matrix. */
function largeSingle(spec: SingleSpec, kind: 'any' | 'tall'): fc.Arbitrary<SingleCase> {
  return largePair(
    {
      second: spec.cell === 'labels' ? 'predictions' : spec.cell,
      ignoreIndex: false,
      weights: false,
    },
    kind,
  ).map((p) => {
    const m = spec.cell === 'labels' ? p.yTrue : p.y;
    // A function whose output or work grows past the input (L x L, label pairs) may refuse a
    // large input with a MultilabelError saying what is too large.
    return {
      tags: p.tags,
      expect: 'either',
      why: `${p.why}: a value, or a MultilabelError saying what is too large`,
      m,
      tampered: undefined,
      context: p.context,
      clean: { rows: m.rows, cols: m.cols, values: [], large: true },
    } satisfies SingleCase;
  });
}

/** A matrix and options for one function, at most one of them broken, in a random form. */
export function singleCases(
  spec: SingleSpec,
  optionSpec: OptionSpec,
  baseOptions: (context: OptionContext) => Record<string, unknown>,
): fc.Arbitrary<SingleCase> {
  const small = smallShape(spec).chain(({ rows, cols }) =>
    fc
      .record({
        cells: fc.array(singleCell(spec), { minLength: rows * cols, maxLength: rows * cols }),
        corruption: fc.oneof(
          { weight: 10, arbitrary: fc.constant({ kind: 'none' as const }) },
          {
            weight: 1,
            arbitrary: fc.record({
              kind: fc.constant('cell' as const),
              at: fc.nat(rows * cols - 1),
              value: badSingleCell(spec),
            }),
          },
          {
            weight: 1,
            arbitrary: fc.record({
              kind: fc.constant('malformed' as const),
              arg: malformedMatrix(),
            }),
          },
          // Only functions that take options get tampered ones.
          {
            weight: Object.keys(optionSpec).length > 0 ? 1 : 0,
            arbitrary: fc.constant({ kind: 'options' as const }),
          },
        ),
        tampered: tamperedOptions(baseOptions({ rows, cols }), optionSpec, { rows, cols }),
      })
      .chain(({ cells, corruption, tampered }) => {
        const values = cells.slice();
        if (corruption.kind === 'cell') values[corruption.at] = corruption.value;
        const form =
          corruption.kind === 'malformed'
            ? fc.constant(corruption.arg)
            : matrixArg(rows, cols, values, { booleans: spec.cell === 'labels', holes: true });
        return form.map((m) => {
          const tags = [`${spec.cell}: ${m.form}${m.values ? ` ${m.rows}x${m.cols}` : ''}`];
          const broken = corruption.kind === 'options' ? tampered : undefined;
          if (broken !== undefined) tags.push(broken.how);
          const bad = m.values?.find((v) => !singleValid(v, spec));
          const problem =
            broken?.how ??
            (m.values === undefined
              ? `the matrix is ${m.malformed}`
              : m.values.some((v) => !singleValid(v, spec))
                ? `a cell holds ${String(bad)}`
                : undefined);
          const base = { tags, m, tampered: broken, context: { rows, cols } };
          return judged(base, problem, () => ({
            rows,
            cols,
            values: toRows(
              m.values as CellValue[],
              rows,
              cols,
              spec.cell === 'labels' ? asLabel(singleMarker(spec)) : asNumber,
            ),
            large: false,
          })) satisfies SingleCase;
        });
      }),
  );
  if (spec.large === undefined) return small;
  return fc.oneof(
    { weight: 30, arbitrary: small },
    { weight: 1, arbitrary: largeSingle(spec, spec.large) },
  );
}

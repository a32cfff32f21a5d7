/**
 * Entries of the tensor subpaths (`losses`, `layers`, `training`). Cases are plain
 * descriptions; each call builds its tensors, runs the library, reads the result back and
 * disposes everything, then checks that no tensor was left behind (on the error path too).
 * Losses are compared with the float64 reference of test/losses/reference.ts, the training
 * metrics with test/metrics/definitions.ts, applyThresholdsTensor with the comparison cell by
 * cell; the heads with their contract (output shape, finite logits, rows independent of each
 * other, a config that survives JSON).
 */
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { expect } from 'vitest';
import { mapValue } from '../../../src/calibration/calibrator.js';
import { Calibrator, type LabelCalibration } from '../../../src/calibration/index.js';
import * as data from '../../../src/data/index.js';
import * as layers from '../../../src/layers/index.js';
import * as losses from '../../../src/losses/index.js';
import * as metrics from '../../../src/metrics/index.js';
import { nextFloat32Up } from '../../../src/thresholds/cut-points.js';
import {
  optimizeThresholds as optimizeThresholdsFn,
  Thresholds,
} from '../../../src/thresholds/index.js';
import * as training from '../../../src/training/index.js';
import { type ReferenceOptions, referenceLoss } from '../../losses/reference.js';
import * as d from '../../metrics/definitions.js';
import { EXTREME_NUMBERS, NON_FINITE } from '../arbitraries.js';
import { isMissing, smallShape } from '../families.js';
import { type AnyEntry, type Case, close, describeValue, type Entry, fc } from '../harness.js';
import {
  boolean,
  either,
  ignoreIndex,
  integer,
  number,
  type OptionRule,
  type OptionSpec,
  oneOf,
  type TamperedOptions,
  tamperedOptions,
  validOptions,
  vector,
} from '../options.js';

/** A tensor argument: built at call time from this description. */
export interface TensorArg {
  readonly shape: number[];
  readonly values: number[];
  readonly dtype: 'float32' | 'int32' | 'bool';
  /** Not a tensor: this value is passed instead. */
  readonly plain?: unknown;
  /** Disposed before the call. */
  readonly disposed?: boolean;
  /** Built by this function at call time instead (a string tensor, for instance). */
  readonly lazy?: () => unknown;
  readonly form: string;
}

function build(arg: TensorArg): unknown {
  if (arg.lazy !== undefined) return arg.lazy();
  if (arg.plain !== undefined) return arg.plain;
  const t = tf.tensor(arg.values, arg.shape, arg.dtype);
  if (arg.disposed === true) t.dispose();
  return t;
}

/**
 * Builds the tensors, calls `fn` with them, disposes them and whatever tensors `fn` returned
 * (after `read` took the values), and fails on any tensor left behind.
 */
function withTensors<T>(
  args: TensorArg[],
  fn: (...tensors: unknown[]) => unknown,
  read: (out: unknown) => T,
  checkLeaks = true,
): T {
  const before = tf.memory().numTensors;
  const built = args.map(build);
  let out: unknown;
  try {
    out = fn(...built);
    return read(out);
  } finally {
    for (const t of built) if (t instanceof tf.Tensor && !t.isDisposed) t.dispose();
    tf.dispose(out as tf.TensorContainer);
    const leaked = tf.memory().numTensors - before;
    if (checkLeaks && leaked !== 0) expect.fail(`${leaked} tensor(s) left alive by the call`);
  }
}

const f32 = (v: number) => Math.fround(v);

function tensorArg(
  shape: number[],
  values: number[],
  dtype: TensorArg['dtype'] = 'float32',
): TensorArg {
  const stored =
    dtype === 'float32'
      ? values.map(f32)
      : dtype === 'int32'
        ? values.map((v) => Math.trunc(v) | 0)
        : values.map((v) => (v ? 1 : 0));
  return { shape, values: stored, dtype, form: `${dtype} [${shape.join(', ')}]` };
}

/** Structurally wrong tensor arguments for a function that wants `[rows, cols]` tensors. */
function malformedTensor(rows: number, cols: number): fc.Arbitrary<TensorArg> {
  return fc.constantFrom<TensorArg>(
    { ...tensorArg([rows * cols], new Array(rows * cols).fill(0)), form: 'a rank-1 tensor' },
    { ...tensorArg([1, rows, cols], new Array(rows * cols).fill(0)), form: 'a rank-3 tensor' },
    { ...tensorArg([0, cols], []), form: `an empty tensor [0, ${cols}]` },
    { ...tensorArg([rows, 0], []), form: `an empty tensor [${rows}, 0]` },
    {
      ...tensorArg([rows, cols], new Array(rows * cols).fill(0)),
      disposed: true,
      form: 'a disposed tensor',
    },
    {
      shape: [],
      values: [],
      dtype: 'float32',
      plain: new Array(rows).fill(new Array(cols).fill(0)),
      form: 'a number[][] instead of a tensor',
    },
    { shape: [], values: [], dtype: 'float32', plain: null, form: 'null instead of a tensor' },
    { shape: [], values: [], dtype: 'float32', plain: 'x', form: 'a string instead of a tensor' },
  );
}

function shapeMismatch(rows: number, cols: number): fc.Arbitrary<TensorArg> {
  return fc
    .constantFrom(
      [rows + 1, cols],
      [rows, cols + 1],
      [1, 1].join() === [rows, cols].join() ? [2, 1] : [1, 1],
    )
    .map((s) => ({
      ...tensorArg([...s], new Array(s[0] * s[1]).fill(0.5)),
      form: `a tensor of shape [${s.join(', ')}] (the labels are [${rows}, ${cols}])`,
    }));
}

// ----------------------------------------------------------------------------- losses

type LossName =
  | 'weightedBinaryCrossentropy'
  | 'binaryFocalCrossentropy'
  | 'asymmetricLoss'
  | 'multilabelSoftmaxLoss'
  | 'softF1Loss'
  | 'hillLoss'
  | 'splcLoss'
  | 'largeLossRejection';
type LossFactory = (options?: object) => (yTrue: tf.Tensor, yPred: tf.Tensor) => tf.Tensor;
const LOSS_FACTORIES: Record<LossName, unknown> = {
  weightedBinaryCrossentropy: losses.weightedBinaryCrossentropy,
  binaryFocalCrossentropy: losses.binaryFocalCrossentropy,
  asymmetricLoss: losses.asymmetricLoss,
  multilabelSoftmaxLoss: losses.multilabelSoftmaxLoss,
  softF1Loss: losses.softF1Loss,
  hillLoss: losses.hillLoss,
  splcLoss: losses.splcLoss,
  largeLossRejection: losses.largeLossRejection,
};
const lossFactory = (name: LossName) => LOSS_FACTORIES[name] as LossFactory;

const commonLossOptions: OptionSpec = {
  fromLogits: boolean,
  reduction: oneOf('mean', 'sum', 'none'),
  labelSmoothing: number(0, 1),
  ignoreIndex,
  name: (v) => typeof v === 'string' && v.length > 0,
};
const perLabel = (min: number, max = Number.POSITIVE_INFINITY) =>
  either(
    number(min, max),
    vector(
      (c) => c.cols,
      (x) => x >= min && x <= max,
    ),
  );

/** `{ smoothing?, weight? }` with smoothing in [0, 1) and weight >= 0. */
const assumeNegative: OptionRule = (v, c) =>
  validOptions(v, { smoothing: number(0, 1, { max: true }), weight: number(0) }, c);

const LOSS_OPTIONS: Record<LossName, OptionSpec> = {
  weightedBinaryCrossentropy: {
    ...commonLossOptions,
    posWeight: perLabel(0),
    labelWeights: perLabel(0),
    assumeNegative,
  },
  binaryFocalCrossentropy: {
    ...commonLossOptions,
    alpha: perLabel(0, 1),
    gamma: number(0),
    applyClassBalancing: boolean,
    assumeNegative,
  },
  asymmetricLoss: {
    ...commonLossOptions,
    gammaNeg: number(0),
    gammaPos: number(0),
    clip: number(0, 1, { max: true }),
    detachFocusingWeight: boolean,
  },
  multilabelSoftmaxLoss: commonLossOptions,
  softF1Loss: { ...commonLossOptions, average: oneOf('macro', 'micro') },
  hillLoss: { ...commonLossOptions, lambda: number(1), margin: number(0), gamma: number(0) },
  splcLoss: {
    ...commonLossOptions,
    tau: number(0, 1, { min: true, max: true }),
    changeEpoch: integer(0),
    margin: number(0),
    gamma: number(0),
  },
  largeLossRejection: {
    ...commonLossOptions,
    deltaRate: number(0, 1),
    maxRate: number(0, 1),
    correct: boolean,
  },
};

/** A valid `assumeNegative` option. */
const assumeNegativeValue = fc.record(
  {
    smoothing: fc.constantFrom(0, 0.1, 0.999),
    weight: fc.constantFrom(0, 0.1, 1, 1e6),
  },
  { requiredKeys: [] },
);

/** Valid own options of each loss, drawn for `cols` labels. */
function ownLossOptions(name: LossName, cols: number): fc.Arbitrary<Record<string, unknown>> {
  const perLabelValue = (max: number) =>
    fc.oneof(
      fc.double({ min: 0, max, noNaN: true }),
      fc.array(fc.double({ min: 0, max, noNaN: true }), { minLength: cols, maxLength: cols }),
    );
  switch (name) {
    case 'weightedBinaryCrossentropy':
      return fc.record(
        {
          posWeight: perLabelValue(5),
          labelWeights: perLabelValue(5),
          assumeNegative: assumeNegativeValue,
        },
        { requiredKeys: [] },
      );
    case 'binaryFocalCrossentropy':
      return fc.record(
        {
          alpha: perLabelValue(1),
          gamma: fc.constantFrom(0, 0.5, 2, 5),
          applyClassBalancing: fc.boolean(),
          assumeNegative: assumeNegativeValue,
        },
        { requiredKeys: [] },
      );
    case 'hillLoss':
      return fc.record(
        {
          lambda: fc.constantFrom(1, 1.5, 4),
          margin: fc.constantFrom(0, 0.5, 1, 3),
          gamma: fc.constantFrom(0, 0.5, 2, 5),
        },
        { requiredKeys: [] },
      );
    case 'splcLoss':
      return fc.record(
        {
          tau: fc.constantFrom(0.05, 0.6, 0.95),
          changeEpoch: fc.constantFrom(0, 1, 7),
          margin: fc.constantFrom(0, 0.5, 1, 3),
          gamma: fc.constantFrom(0, 0.5, 2, 5),
        },
        { requiredKeys: [] },
      );
    case 'largeLossRejection':
      return fc.record(
        {
          deltaRate: fc.constantFrom(0, 0.002, 0.5, 1),
          maxRate: fc.constantFrom(0, 0.2, 1),
          correct: fc.boolean(),
        },
        { requiredKeys: [] },
      );
    case 'asymmetricLoss':
      return fc.record(
        {
          gammaNeg: fc.constantFrom(0, 1, 4),
          gammaPos: fc.constantFrom(0, 1),
          clip: fc.constantFrom(0, 0.05, 0.5),
        },
        { requiredKeys: [] },
      );
    case 'softF1Loss':
      return fc.record({ average: fc.constantFrom('macro', 'micro') }, { requiredKeys: [] });
    default:
      return fc.constant({});
  }
}

/** A logit as stored in float32: ordinary, huge (up to the float32 maximum), or non-finite. */
const logit = fc.oneof(
  { weight: 6, arbitrary: fc.double({ min: -20, max: 20, noNaN: true }) },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      ...EXTREME_NUMBERS.filter((v) => Math.abs(v) <= 3.4028234663852886e38),
    ),
  },
  { weight: 1, arbitrary: fc.constantFrom(...NON_FINITE) },
);

interface LossCase extends Case {
  readonly loss: LossName;
  readonly options: unknown;
  readonly yTrue: TensorArg;
  readonly yPred: TensorArg;
  /** The float64 reference of the reduced value and whether gradients must be finite. */
  readonly reference: number | undefined;
  readonly finite: boolean;
}

/** The size of a small matrix: 1 to 4 rows of 1 to 4 columns. */
const smallSize = smallShape({ maxRows: 4, maxCols: 4 });

function lossCases(name: LossName): fc.Arbitrary<LossCase> {
  return smallSize.chain(({ rows, cols }) =>
    fc
      .record({
        common: fc.record(
          {
            fromLogits: fc.boolean(),
            reduction: fc.constantFrom('mean', 'sum', 'none'),
            labelSmoothing: fc.constantFrom(0, 0.1, 1),
            ignoreIndex: fc.constantFrom(-1, -100, Number.NaN),
          },
          { requiredKeys: ['fromLogits'] },
        ),
        own: ownLossOptions(name, cols),
        labels: fc.array(
          fc.oneof(
            { weight: 8, arbitrary: fc.constantFrom(0, 1) },
            { weight: 1, arbitrary: fc.constantFrom(0.25, 0.75) },
            { weight: 1, arbitrary: fc.constantFrom(-1, -100) },
          ),
          { minLength: rows * cols, maxLength: rows * cols },
        ),
        logits: fc.oneof(
          {
            weight: 3,
            arbitrary: fc.array(logit, { minLength: rows * cols, maxLength: rows * cols }),
          },
          // Every logit huge: where a masking constant or an overflow would show.
          {
            weight: 1,
            arbitrary: fc.array(
              fc.constantFrom(1e29, -1e29, 1e30, -1e30, 3.4e38, -3.4e38, 0, 30, -30),
              {
                minLength: rows * cols,
                maxLength: rows * cols,
              },
            ),
          },
        ),
        probabilities: fc.array(
          fc.oneof(fc.double({ min: 0, max: 1, noNaN: true }), fc.constantFrom(0, 1, 1e-45)),
          { minLength: rows * cols, maxLength: rows * cols },
        ),
        labelDtype: fc.constantFrom('float32', 'float32', 'int32', 'bool') as fc.Arbitrary<
          TensorArg['dtype']
        >,
        corruption: fc.oneof(
          { weight: 8, arbitrary: fc.constant({ kind: 'none' as const }) },
          {
            weight: 1,
            arbitrary: fc.record({
              kind: fc.constant('label' as const),
              value: fc.constantFrom(2, -0.5, 1.5, Number.NaN, Number.POSITIVE_INFINITY),
            }),
          },
          {
            weight: 1,
            arbitrary: fc.record({
              kind: fc.constant('malformed yTrue' as const),
              arg: malformedTensor(rows, cols),
            }),
          },
          {
            weight: 1,
            arbitrary: fc.record({
              kind: fc.constant('malformed yPred' as const),
              arg: fc.oneof(malformedTensor(rows, cols), shapeMismatch(rows, cols)),
            }),
          },
          { weight: 1, arbitrary: fc.constant({ kind: 'int32 yPred' as const }) },
          { weight: 1, arbitrary: fc.constant({ kind: 'options' as const }) },
        ),
      })
      .chain((g) =>
        tamperedOptions({ ...g.common, ...g.own }, LOSS_OPTIONS[name], { rows, cols }).map(
          (tampered) => ({ ...g, tampered }),
        ),
      )
      .map((g) => lossCase(name, rows, cols, g)),
  );
}

function lossCase(
  name: LossName,
  rows: number,
  cols: number,
  g: {
    common: Record<string, unknown>;
    own: Record<string, unknown>;
    labels: number[];
    logits: number[];
    probabilities: number[];
    labelDtype: TensorArg['dtype'];
    corruption: { kind: string; value?: number; arg?: TensorArg };
    tampered: TamperedOptions;
  },
): LossCase {
  const options = { ...g.common, ...g.own };
  const fromLogits = options.fromLogits === true;
  const labels = g.labels.map((v) =>
    v < 0 && options.ignoreIndex !== undefined ? (options.ignoreIndex as number) : v,
  );
  if (g.corruption.kind === 'label') labels[0] = g.corruption.value as number;
  const hard = labels.every(
    (v) =>
      v === 0 ||
      v === 1 ||
      (options.ignoreIndex !== undefined && isMissing(v, options.ignoreIndex as number)),
  );
  // bool and int32 labels hold 0/1 only.
  const dtype = hard && labels.every((v) => v === 0 || v === 1) ? g.labelDtype : 'float32';
  let yTrue = tensorArg([rows, cols], labels, dtype);
  let yPred = tensorArg([rows, cols], fromLogits ? g.logits : g.probabilities);
  if (g.corruption.kind === 'malformed yTrue') yTrue = g.corruption.arg as TensorArg;
  if (g.corruption.kind === 'malformed yPred') yPred = g.corruption.arg as TensorArg;
  if (g.corruption.kind === 'int32 yPred') yPred = tensorArg([rows, cols], yPred.values, 'int32');
  const tampered = g.corruption.kind === 'options' ? g.tampered : undefined;
  const tags = [
    `loss ${name}`,
    `options ${describeValue(options)}`,
    `yTrue: ${yTrue.form} ${describeValue(yTrue.values)}`,
    `yPred: ${yPred.form} ${describeValue(yPred.values)}`,
  ];
  if (tampered) tags.push(tampered.how);
  if (fromLogits && yPred.values.some((v) => Math.abs(v) >= 1e29 && Number.isFinite(v)))
    tags.push('logits of magnitude >= 1e29');
  if (fromLogits && yPred.values.some((v) => Math.abs(v) >= 1e38 && Number.isFinite(v)))
    tags.push('logits near the float32 maximum');
  if (fromLogits && yPred.values.some((v) => Math.abs(v) === Number.POSITIVE_INFINITY))
    tags.push('infinite logits');
  const base = {
    tags,
    loss: name,
    options: tampered !== undefined ? tampered.options : options,
    yTrue,
    yPred,
    reference: undefined,
    finite: false,
  };
  // largeLossRejection picks 0 labels: it takes hard labels only.
  const labelValid = (v: number) =>
    (name === 'largeLossRejection' ? v === 0 || v === 1 : v >= 0 && v <= 1) ||
    isMissing(v, options.ignoreIndex as number | undefined);
  const problem =
    tampered?.how ??
    lossOptionsProblem(name, options) ??
    (yTrue.plain !== undefined ||
    yTrue.disposed ||
    yTrue.shape.length !== 2 ||
    yTrue.shape.includes(0)
      ? `yTrue is ${yTrue.form}`
      : yPred.plain !== undefined ||
          yPred.disposed ||
          yPred.shape.length !== 2 ||
          yPred.shape.includes(0)
        ? `yPred is ${yPred.form}`
        : yPred.shape.join() !== yTrue.shape.join()
          ? 'the shapes differ'
          : yPred.dtype !== 'float32'
            ? 'yPred is not float32'
            : !yTrue.values.every(labelValid)
              ? `a label is ${yTrue.values.find((v) => !labelValid(v))}`
              : undefined);
  if (problem !== undefined) return { ...base, expect: 'error', why: problem };
  // Losses are not asked to reject non-finite or out-of-range predictions (a GPU check would
  // stall training): a value is all that is required there, or a MultilabelError.
  const finiteInput = yPred.values.every(Number.isFinite);
  const inRange = fromLogits || yPred.values.every((p) => p >= 0 && p <= 1);
  if (!finiteInput || !inRange)
    return { ...base, expect: 'either', why: 'non-finite or out-of-range predictions' };
  const rowsOf = (v: number[]) =>
    Array.from({ length: rows }, (_, r) => v.slice(r * cols, (r + 1) * cols));
  let reference: number | undefined;
  if (options.reduction !== 'none') {
    reference = referenceLoss(
      name,
      rowsOf(yTrue.values),
      rowsOf(yPred.values),
      options as ReferenceOptions,
    );
  }
  return { ...base, reference, finite: true, expect: 'value', why: 'valid input' };
}

/** A combination of valid options that the loss documents as invalid. */
function lossOptionsProblem(name: LossName, options: Record<string, unknown>): string | undefined {
  if (name === 'softF1Loss' && options.average === 'micro' && options.reduction === 'none')
    return "reduction 'none' with average 'micro' (one value for the whole batch)";
  if (name === 'largeLossRejection' && (options.labelSmoothing ?? 0) !== 0)
    return 'labelSmoothing above 0 (rejection picks 0 labels)';
  return undefined;
}

interface LossResult {
  readonly value: Float32Array;
  readonly gradient: Float32Array | undefined;
  readonly name: string;
}

function runLossCase(c: LossCase): LossResult {
  const loss = lossFactory(c.loss)(c.options as object);
  return withTensors(
    [c.yTrue, c.yPred],
    (yTrue, yPred) => {
      const value = loss(yTrue as tf.Tensor, yPred as tf.Tensor);
      const gradient = c.finite
        ? tf.grad((p: tf.Tensor) => tf.sum(loss(yTrue as tf.Tensor, p)) as tf.Scalar)(
            yPred as tf.Tensor,
          )
        : undefined;
      return [value, gradient];
    },
    (out) => {
      const [value, gradient] = out as [tf.Tensor, tf.Tensor | undefined];
      return {
        value: value.dataSync() as Float32Array,
        gradient: gradient?.dataSync() as Float32Array | undefined,
        name: (loss as { name: string }).name,
      };
    },
  );
}

function lossEntry(name: LossName): Entry<LossCase> {
  return {
    name: `${name}()(yTrue, yPred)`,
    export: name,
    numRuns: 25,
    cases: lossCases(name),
    run: runLossCase,
    check: (c, value) => {
      const r = value as LossResult;
      if (c.expect === 'either') return;
      const bound = gradientBound(c);
      if (r.gradient !== undefined) {
        for (const g of r.gradient) {
          if (!Number.isFinite(g)) expect.fail(`a gradient is ${g} for finite predictions`);
          if (bound !== undefined && Math.abs(g) > bound) {
            expect.fail(`a gradient is ${g}, beyond the bound ${bound} of this loss's derivative`);
          }
        }
      }
      const reference = c.reference;
      if (reference === undefined) {
        // 'none': per-unit values, finite while the logits stay below the float32 range.
        const small = c.yPred.values.every((x) => Math.abs(x) < 1e37);
        for (const v of r.value)
          if (small && !Number.isFinite(v)) expect.fail(`a loss value is ${v}`);
        return;
      }
      expect(r.value.length).toBe(1);
      // A reference beyond float32's range rounds to Infinity; below it the loss must match.
      if (Math.abs(reference) > F32_MAX) return;
      if (!close(r.value[0], reference, 2e-4)) {
        expect.fail(`the loss is ${r.value[0]}, the float64 reference is ${reference}`);
      }
    },
  };
}

const F32_MAX = 3.4028234663852886e38;

/**
 * A bound on |d loss / d logit| of one cell, where the loss has one: a weighted softplus has a
 * slope of at most its weight, a focusing factor p^gamma adds at most gamma times
 * max_x sigmoid(-x) softplus(x) (< 0.3), the ZLPR softmax weights are at most 1. The mean
 * divides by a count of at least 1.
 */
function gradientBound(c: LossCase): number | undefined {
  const o = c.options as Record<string, unknown>;
  if (o.fromLogits !== true) return undefined;
  const max = (v: unknown, fallback: number) =>
    v === undefined ? fallback : typeof v === 'number' ? v : Math.max(...(v as number[]));
  // The assumeNegative weight scales the negatives' side.
  const negative = Math.max(1, (o.assumeNegative as { weight?: number } | undefined)?.weight ?? 1);
  switch (c.loss) {
    case 'weightedBinaryCrossentropy':
      return Math.max(negative, max(o.posWeight, 1)) * max(o.labelWeights, 1) * (1 + 1e-3);
    case 'binaryFocalCrossentropy':
      return negative * (1 + 0.3 * max(o.gamma, 2) + 1e-3);
    case 'asymmetricLoss':
      return 1 + 0.3 * Math.max(max(o.gammaNeg, 4), max(o.gammaPos, 1)) + 1e-3;
    case 'multilabelSoftmaxLoss':
    case 'largeLossRejection':
      return 1 + 1e-3;
    case 'splcLoss':
      return 1 + 0.3 * max(o.gamma, 2) + 1e-3;
    case 'hillLoss':
      // The negatives' slope p^2 (1 - p)(2 lambda - 3p) is at most 8 lambda / 27.
      return Math.max(1 + 0.3 * max(o.gamma, 2), (8 * max(o.lambda, 1.5)) / 27) + 1e-3;
    default:
      return undefined;
  }
}

interface FactoryCase extends Case {
  readonly options: unknown;
}

/** A factory alone: valid options give a named function, broken ones a MultilabelError. */
function lossFactoryEntry(name: LossName): Entry<FactoryCase> {
  return {
    name,
    export: name,
    cases: fc
      .record({
        common: fc.record(
          {
            fromLogits: fc.boolean(),
            reduction: fc.constantFrom('mean', 'sum', 'none'),
            name: fc.constantFrom('loss', 'x y'),
          },
          { requiredKeys: [] },
        ),
        own: ownLossOptions(name, 3),
        broken: fc.boolean(),
      })
      .chain(({ common, own, broken }): fc.Arbitrary<FactoryCase> => {
        const options = { ...common, ...own };
        if (!broken) {
          const problem = lossOptionsProblem(name, options);
          return fc.constant({
            tags: [`options ${describeValue(options)}`],
            options,
            expect: problem === undefined ? ('value' as const) : ('error' as const),
            why: problem ?? 'valid options',
          });
        }
        return (
          tamperedOptions(options, LOSS_OPTIONS[name], { rows: 2, cols: 3 })
            // Per-label arrays are checked against the labels only when called.
            .filter((t) => !/^option (alpha|posWeight|labelWeights) = \[/.test(t.how))
            .map((t) => ({
              tags: [t.how],
              options: t.options,
              expect: 'error' as const,
              why: t.how,
            }))
        );
      }),
    run: (c) => lossFactory(name)(c.options as object),
    check: (c, value) => {
      expect(typeof value).toBe('function');
      const given = (c.options as { name?: string }).name;
      expect((value as { name: string }).name).toBe(given ?? name);
    },
  };
}

// ----------------------------------------------------------------------------- heads

type HeadName = 'ClassSpecificResidualAttention' | 'LabelAttentionHead' | 'LabelGraphHead';
type HeadLayer = tfl.layers.Layer;

const HEAD_CLASSES: Record<HeadName, unknown> = {
  ClassSpecificResidualAttention: layers.ClassSpecificResidualAttention,
  LabelAttentionHead: layers.LabelAttentionHead,
  LabelGraphHead: layers.LabelGraphHead,
};
const HEAD_FACTORIES: Record<HeadSpec['factory'], unknown> = {
  csraHead: layers.csraHead,
  labelAttentionHead: layers.labelAttentionHead,
  labelGraphHead: layers.labelGraphHead,
};

interface HeadSpec {
  readonly className: HeadName;
  readonly factory: 'csraHead' | 'labelAttentionHead' | 'labelGraphHead';
  /** Valid arguments and the number of labels they give. */
  readonly args: fc.Arbitrary<Record<string, unknown>>;
  readonly argSpec: OptionSpec;
  /** Input shapes (batch first) and whether the layer must accept them. */
  readonly inputs: fc.Arbitrary<{ shape: number[]; expect: Case['expect']; why: string }>;
  readonly unitsOf: (args: Record<string, unknown>) => number;
}

/** The heads check their own arguments and `dtype`; tfjs-layers reads `name`, `trainable`, shapes. */
const anything = () => true;
const layerArgSpec: OptionSpec = {
  name: anything,
  trainable: anything,
  inputShape: anything,
  batchInputShape: anything,
  batchSize: anything,
  dtype: oneOf('float32'),
  seed: integer(0),
};

/**
 * The heads take null for an optional argument: it is how a saved config says "unset" (the
 * constructor reads configs too). Every key but `required` accepts null.
 */
function nullable(spec: OptionSpec, required: readonly string[]): OptionSpec {
  return Object.fromEntries(
    Object.entries(spec).map(([key, rule]) => [
      key,
      required.includes(key)
        ? rule
        : (v: unknown, c: { rows: number; cols: number }) => v === null || rule(v, c),
    ]),
  );
}

const seedArb = fc.constantFrom(undefined, 1, 42, 2 ** 31 - 1);

/** An L x L co-occurrence-like matrix with 1 on the diagonal. */
const adjacency = fc.integer({ min: 1, max: 3 }).chain((L) =>
  fc
    .array(fc.constantFrom(0, 0.1, 0.5, 1), { minLength: L * L, maxLength: L * L })
    .map((v) => v.map((x, i) => (i % (L + 1) === 0 ? 1 : x)))
    .map((data) => ({ data, shape: [L, L] })),
);

function spatial(
  rank: 3 | 4 | 'both',
): fc.Arbitrary<{ shape: number[]; expect: Case['expect']; why: string }> {
  const dims = fc.record({
    b: fc.integer({ min: 1, max: 3 }),
    h: fc.integer({ min: 0, max: 3 }),
    w: fc.integer({ min: 0, max: 3 }),
    c: fc.integer({ min: 1, max: 4 }),
  });
  return dims.chain(({ b, h, w, c }) =>
    fc
      .constantFrom<{ shape: number[]; bad?: string }>(
        ...(rank === 3 ? [] : [{ shape: [b, h, w, c] }]),
        ...(rank === 4 ? [] : [{ shape: [b, h * w, c] }]),
        { shape: [b, c], bad: 'a rank-2 input' },
        { shape: [b, 1, 1, 1, c], bad: 'a rank-5 input' },
        { shape: [b, h + 1, w + 1, 0], bad: 'no channels' },
      )
      .map((s: { shape: number[]; bad?: string }) => {
        if (s.bad !== undefined) return { shape: s.shape, expect: 'error' as const, why: s.bad };
        const empty = s.shape.slice(1, -1).some((x) => x === 0);
        return empty
          ? { shape: s.shape, expect: 'error' as const, why: 'an empty spatial input' }
          : { shape: s.shape, expect: 'value' as const, why: 'a valid input' };
      }),
  );
}

/**
 * Generated arguments of a head with `units` (required, 1 to 4), the head's `own` arguments,
 * `useBias` and `seed`, in that order.
 */
function unitsHeadArgs(own: Record<string, fc.Arbitrary<unknown>>) {
  return fc.record(
    { units: fc.integer({ min: 1, max: 4 }), ...own, useBias: fc.boolean(), seed: seedArb },
    { requiredKeys: ['units'] },
  );
}

/** The argument rules of such a head: the layer's, `units` (required), its own, `useBias`. */
function unitsHeadArgSpec(own: OptionSpec) {
  return nullable({ ...layerArgSpec, units: integer(1), ...own, useBias: boolean }, ['units']);
}

const HEADS: readonly HeadSpec[] = [
  {
    className: 'ClassSpecificResidualAttention',
    factory: 'csraHead',
    args: unitsHeadArgs({
      lambda: fc.constantFrom(0, 0.1, 1, 1e30),
      temperatures: fc.constantFrom(
        [1],
        [1, 2, 4, Number.POSITIVE_INFINITY],
        ['max'],
        [1e-30],
        [99],
      ),
    }),
    argSpec: unitsHeadArgSpec({
      lambda: number(0),
      temperatures: (v) =>
        Array.isArray(v) &&
        v.length > 0 &&
        v.every(
          (t) =>
            t === 'max' ||
            t === Number.POSITIVE_INFINITY ||
            (typeof t === 'number' && Number.isFinite(t) && t > 0),
        ),
    }),
    inputs: spatial(4),
    unitsOf: (a) => a.units as number,
  },
  {
    className: 'LabelAttentionHead',
    factory: 'labelAttentionHead',
    args: unitsHeadArgs({
      numHeads: fc.constantFrom(1, 2),
      keyDim: fc.constantFrom(2, 4),
      selfAttention: fc.boolean(),
    }),
    argSpec: unitsHeadArgSpec({
      queries: integer(1),
      numHeads: integer(1),
      keyDim: integer(1),
      selfAttention: boolean,
    }),
    inputs: spatial('both'),
    unitsOf: (a) => a.units as number,
  },
  {
    className: 'LabelGraphHead',
    factory: 'labelGraphHead',
    args: fc.record(
      {
        adjacency,
        embeddingDim: fc.constantFrom(2, 4),
        hiddenUnits: fc.constantFrom([], [3], [2, 2]),
        tau: fc.constantFrom(0.4, 1, 1e-300),
        p: fc.constantFrom(0, 0.2, 1),
        activation: fc.constantFrom('leakyRelu', 'relu', 'elu', 'tanh', 'linear'),
        useBias: fc.boolean(),
        seed: seedArb,
      },
      { requiredKeys: ['adjacency'] },
    ),
    argSpec: nullable(
      {
        ...layerArgSpec,
        adjacency: (v) => typeof v === 'object' && v !== null,
        units: integer(1),
        labelEmbeddings: (v) => typeof v === 'object' && v !== null,
        trainableEmbeddings: boolean,
        embeddingDim: integer(1),
        hiddenUnits: (v) => Array.isArray(v) && v.every((h) => Number.isSafeInteger(h) && h >= 1),
        tau: number(0, 1, { min: true }),
        p: number(0, 1),
        activation: oneOf('leakyRelu', 'relu', 'elu', 'tanh', 'linear'),
        useBias: boolean,
      },
      ['adjacency'],
    ),
    inputs: fc
      .record({ b: fc.integer({ min: 1, max: 3 }), f: fc.integer({ min: 1, max: 4 }) })
      .chain(({ b, f }) =>
        fc.constantFrom(
          { shape: [b, f], expect: 'value' as const, why: 'a valid input' },
          { shape: [b, 2, f], expect: 'error' as const, why: 'a rank-3 input' },
          { shape: [b, 0], expect: 'error' as const, why: 'no features' },
        ),
      ),
    unitsOf: (a) => (a.adjacency as { shape: number[] }).shape[0],
  },
];

interface HeadCase extends Case {
  readonly head: HeadSpec;
  readonly args: unknown;
  readonly input: TensorArg;
  readonly units: number;
}

/** Valid or broken head arguments with an input of a valid or broken shape. */
function headCases(head: HeadSpec, inputs = true): fc.Arbitrary<HeadCase> {
  return head.args.chain((args) =>
    fc
      .record({
        broken: fc.oneof(
          { weight: 4, arbitrary: fc.constant(undefined) },
          {
            weight: 1,
            arbitrary: tamperedOptions(args, head.argSpec, { rows: 1, cols: head.unitsOf(args) }),
          },
        ),
        input: head.inputs,
        values: fc.oneof(
          { weight: 4, arbitrary: fc.constant('ordinary') },
          { weight: 1, arbitrary: fc.constantFrom('huge', 'non-finite') },
        ),
      })
      .map(({ broken, input, values }) => {
        const size = input.shape.reduce((a, b) => a * b, 1);
        const fill = (i: number) =>
          values === 'huge'
            ? i % 2 === 0
              ? 3e38
              : -3e38
            : values === 'non-finite' && i === 0
              ? Number.NaN
              : Math.sin(i + 1) * 3;
        const tensor = tensorArg(
          input.shape,
          Array.from({ length: size }, (_, i) => fill(i)),
        );
        const tags =
          broken !== undefined
            ? [head.factory, broken.how]
            : [`${head.factory} args ${describeValue(args)}`];
        if (inputs) tags.push(`input [${input.shape.join(', ')}] (${input.why}), ${values} values`);
        const expectation: Case['expect'] =
          broken !== undefined
            ? 'error'
            : !inputs
              ? 'value'
              : input.expect === 'error'
                ? 'error'
                : values === 'ordinary'
                  ? 'value'
                  : 'either';
        const why = broken?.how ?? (inputs ? input.why : 'valid arguments');
        return {
          tags,
          head,
          args: broken !== undefined ? broken.options : args,
          input: tensor,
          units: head.unitsOf(args),
          expect: expectation,
          why,
        };
      }),
  );
}

function makeHead(c: HeadCase, how: 'factory' | 'constructor'): HeadLayer {
  if (how === 'factory')
    return (HEAD_FACTORIES[c.head.factory] as (a: unknown) => HeadLayer)(c.args);
  const Ctor = HEAD_CLASSES[c.head.className] as unknown as new (a: unknown) => HeadLayer;
  return new Ctor(c.args);
}

/**
 * Frees a head's weights: `dispose()` after `apply`, or the weights themselves when `build` was
 * called directly (tfjs-layers counts references from `apply` only).
 */
function disposeLayer(layer: HeadLayer): void {
  if ((layer as unknown as { _refCount: number | null })._refCount !== null) layer.dispose();
  else (layer as unknown as { disposeWeights(): number }).disposeWeights();
}

/** Builds the head, runs `use` on it, disposes the head (its weights) in any case. */
function withHead<T>(c: HeadCase, how: 'factory' | 'constructor', use: (layer: HeadLayer) => T): T {
  const before = tf.memory().numTensors;
  const layer = makeHead(c, how);
  try {
    return use(layer);
  } finally {
    disposeLayer(layer);
    const leaked = tf.memory().numTensors - before;
    if (leaked !== 0) expect.fail(`${leaked} tensor(s) left alive`);
  }
}

function logitsOf(
  c: HeadCase,
  layer: HeadLayer,
  x: tf.Tensor,
  via: 'apply' | 'call',
): Float32Array {
  let out: tf.Tensor;
  if (via === 'apply') out = layer.apply(x) as tf.Tensor;
  else {
    if (!layer.built) layer.build(x.shape);
    out = layer.call(x, {}) as tf.Tensor;
  }
  try {
    expect(out.shape, 'output shape').toEqual([x.shape[0], c.units]);
    return out.dataSync() as Float32Array;
  } finally {
    out.dispose();
  }
}

function checkLogits(c: HeadCase, value: unknown): void {
  const { logits, firstRow } = value as { logits: Float32Array; firstRow: Float32Array };
  if (c.expect !== 'value') return;
  for (const v of logits)
    if (!Number.isFinite(v)) expect.fail(`a logit is ${v} for a finite input`);
  // The first row alone gives the first row of the batch.
  firstRow.forEach((v, j) => {
    if (!close(v, logits[j], 1e-4))
      expect.fail(`row 0 alone gives ${v} for label ${j}, in the batch ${logits[j]}`);
  });
}

function headApply(head: HeadSpec, via: 'apply' | 'call'): Entry<HeadCase> {
  return {
    name: `${head.className}#${via}`,
    export: head.className,
    numRuns: 15,
    cases: headCases(head),
    run: (c) =>
      withHead(c, via === 'apply' ? 'factory' : 'constructor', (layer) =>
        withTensors(
          [c.input],
          (x) => {
            const t = x as tf.Tensor;
            const logits = logitsOf(c, layer, t, via);
            const first = tf.slice(t, [0], [1]);
            try {
              return { logits, firstRow: logitsOf(c, layer, first, via) };
            } finally {
              first.dispose();
            }
          },
          (r) => r,
          // The layer's weights are created by the first call: withHead counts after disposing them.
          false,
        ),
      ),
    check: checkLogits,
  };
}

function headConstruct(head: HeadSpec, how: 'factory' | 'constructor'): Entry<HeadCase> {
  return {
    name: how === 'factory' ? head.factory : `new ${head.className}`,
    export: how === 'factory' ? head.factory : head.className,
    numRuns: 25,
    cases: headCases(head, false),
    run: (c) =>
      withHead(c, how, (layer) => ({
        className: (layer.constructor as { className?: string }).className,
        units: (layer as unknown as { units: number }).units,
      })),
    check: (c, value) => {
      const v = value as { className: string; units: number };
      expect(v.className).toBe(`TfjsMultilabel${c.head.className}`);
      expect(v.units).toBe(c.units);
    },
  };
}

/** build / computeOutputShape with generated shapes, including malformed ones. */
function headShapeMethod(
  head: HeadSpec,
  method: 'build' | 'computeOutputShape',
): Entry<HeadCase & { shapeArg: unknown }> {
  return {
    name: `${head.className}#${method}`,
    export: head.className,
    numRuns: 20,
    cases: headCases(head)
      .filter((c) => c.expect !== 'error' || !/args|option/.test(c.why))
      .chain((c) =>
        fc
          .oneof(
            {
              weight: 4,
              arbitrary: fc.constant({
                arg: c.input.shape.map((x, i) => (i === 0 ? null : x)) as unknown,
                bad: undefined as string | undefined,
              }),
            },
            {
              weight: 1,
              arbitrary: fc.constantFrom(
                {
                  arg: [
                    [null, 3],
                    [null, 3],
                  ],
                  bad: 'two inputs',
                },
                { arg: [null, null], bad: 'an unknown feature size' },
                { arg: 'x', bad: 'a string' },
                { arg: null, bad: 'null' },
                { arg: [null, 2.5], bad: 'a fractional size' },
                { arg: [null, -1], bad: 'a negative size' },
              ),
            },
          )
          .map(({ arg, bad }) => ({
            ...c,
            shapeArg: arg,
            tags: [...c.tags, `${method}(${describeValue(arg)})`],
            // An empty spatial extent is a problem of the input, not of its shape's rank.
            expect:
              bad !== undefined
                ? ('error' as const)
                : c.expect === 'error' && c.why !== 'an empty spatial input'
                  ? ('error' as const)
                  : c.expect === 'error'
                    ? ('either' as const)
                    : ('value' as const),
            why: bad ?? c.why,
          })),
      ),
    run: (c) =>
      withHead(c, 'factory', (layer) => {
        const out =
          method === 'build'
            ? layer.build(c.shapeArg as number[])
            : layer.computeOutputShape(c.shapeArg as number[]);
        return method === 'build' ? layer.weights.length : out;
      }),
    check: (c, value) => {
      if (method === 'computeOutputShape') expect(value).toEqual([null, c.units]);
      else expect(value as number).toBeGreaterThan(0);
    },
  };
}

/** getConfig, and the config through JSON and fromConfig back to the same config. */
function headConfig(head: HeadSpec): Entry<HeadCase> {
  return {
    name: `${head.className}#getConfig`,
    export: head.className,
    numRuns: 15,
    cases: headCases(head, false),
    run: (c) =>
      withHead(c, 'factory', (layer) => {
        const config = layer.getConfig();
        const Ctor = HEAD_CLASSES[head.className] as unknown as typeof tfl.layers.Layer & {
          fromConfig: (cls: unknown, config: unknown) => HeadLayer;
        };
        const copy = Ctor.fromConfig(Ctor, JSON.parse(JSON.stringify(config)));
        try {
          return { config, again: copy.getConfig() };
        } finally {
          disposeLayer(copy);
        }
      }),
    check: (_c, value) => {
      const { config, again } = value as { config: object; again: object };
      const strip = (o: object) => JSON.parse(JSON.stringify({ ...o, name: undefined }));
      expect(strip(again)).toEqual(strip(config));
    },
  };
}

/** fromConfig with a saved config, tampered or not. */
function headFromConfig(head: HeadSpec): Entry<Case & { config: unknown; valid: boolean }> {
  return {
    name: `${head.className}.fromConfig`,
    export: head.className,
    numRuns: 20,
    cases: headCases(head, false)
      .filter((c) => c.expect === 'value')
      .chain((c) => {
        const layer = makeHead(c, 'factory');
        const config = JSON.parse(JSON.stringify(layer.getConfig()));
        return fc.oneof(
          { weight: 2, arbitrary: fc.constant({ config, how: 'as saved', valid: true }) },
          {
            weight: 3,
            arbitrary: fc
              .constantFrom(
                ...Object.keys(config).filter(
                  (k) =>
                    k in head.argSpec &&
                    k !== 'name' &&
                    k !== 'trainable' &&
                    k !== 'dtype' &&
                    k !== 'batchInputShape',
                ),
              )
              .chain((key) =>
                fc
                  .constantFrom(
                    // null is how a saved config says "unset": not tampering.
                    ...[-1, 0.5, 'x', [], {}, true, 1e308].filter(
                      (v) => !head.argSpec[key](v, { rows: 1, cols: c.units }),
                    ),
                  )
                  .map((v) => ({
                    config: { ...config, [key]: v },
                    how: `${key} replaced by ${describeValue(v)}`,
                    valid: false,
                  })),
              ),
          },
          {
            weight: 1,
            arbitrary: fc.constant({
              config: { ...config, bogus: 1 },
              how: 'an unknown key',
              valid: false,
            }),
          },
        );
      })
      .map(({ config, how, valid }) => ({
        tags: [`config ${how}: ${describeValue(config)}`],
        config,
        valid,
        expect: valid ? ('value' as const) : ('error' as const),
        why: valid ? 'a saved config' : `tampered config (${how})`,
      })),
    run: (c) => {
      const Ctor = HEAD_CLASSES[head.className] as unknown as {
        fromConfig: (cls: unknown, config: unknown) => HeadLayer;
      };
      const layer = Ctor.fromConfig(Ctor, c.config);
      const className = (layer.constructor as { className?: string }).className;
      disposeLayer(layer);
      return className;
    },
    check: (_c, value) => expect(value).toBe(`TfjsMultilabel${head.className}`),
  };
}

// ----------------------------------------------------------------------------- training

type MetricName = keyof typeof training.trainingMetrics;
const METRIC_NAMES = Object.keys(training.trainingMetrics) as MetricName[];

const trainingMetricOptions: OptionSpec = {
  threshold: number(),
  fromLogits: boolean,
  name: (v) => typeof v === 'string' && v.length > 0,
  ignoreIndex,
  zeroDivision: oneOf(0, 1),
};

interface TrainingCase extends Case {
  readonly metric: MetricName;
  readonly options: Record<string, unknown>;
  readonly yTrue: TensorArg;
  readonly yPred: TensorArg;
  readonly expected: number | undefined;
}

/** The reference of each training metric from thresholded predictions (test/metrics/definitions.ts). */
function trainingReference(metric: MetricName, y: number[][], p: number[][], zd: number): number {
  switch (metric) {
    case 'subsetAccuracy':
      return d.subsetAccuracy(y, p);
    case 'hammingScore':
      return 1 - d.hammingLoss(y, p);
    case 'f1Micro':
    case 'microF1':
      return d.averagedCount(y, p, d.formulas.fbeta(1), 'micro', zd, undefined, 'f');
    case 'f1Macro':
    case 'macroF1':
      return d.averagedCount(y, p, d.formulas.fbeta(1), 'macro', zd, undefined, 'f');
    case 'precisionMicro':
    case 'microPrecision':
      return d.averagedCount(y, p, d.formulas.precision, 'micro', zd, undefined, 'precision');
    case 'recallMicro':
    case 'microRecall':
      return d.averagedCount(y, p, d.formulas.recall, 'micro', zd, undefined, 'recall');
  }
}

function trainingCases(metric: MetricName): fc.Arbitrary<TrainingCase> {
  return smallSize.chain(({ rows, cols }) =>
    fc
      .record({
        options: fc.record(
          {
            threshold: fc.constantFrom(0.5, 0, 0.3),
            fromLogits: fc.boolean(),
            zeroDivision: fc.constantFrom(0, 1),
            ignoreIndex: fc.constantFrom(-1, -100, 2, Number.NaN),
          },
          { requiredKeys: [] },
        ),
        // -1 stands for a missing cell: the marker with `ignoreIndex`, else 0.
        labels: fc.array(fc.constantFrom(0, 1, 0, 1, -1), {
          minLength: rows * cols,
          maxLength: rows * cols,
        }),
        scores: fc.array(
          fc.oneof(fc.double({ min: -3, max: 3, noNaN: true }), fc.constantFrom(0.5, 0, 1)),
          { minLength: rows * cols, maxLength: rows * cols },
        ),
        corruption: fc.oneof(
          { weight: 6, arbitrary: fc.constant({ kind: 'none' }) },
          {
            weight: 1,
            arbitrary: fc.record({
              kind: fc.constant('non-binary label'),
              value: fc.constantFrom(2, 0.5, -2, Number.NaN),
            }),
          },
          {
            weight: 1,
            arbitrary: fc.record({
              kind: fc.constant('malformed'),
              arg: fc.oneof(malformedTensor(rows, cols), shapeMismatch(rows, cols)),
            }),
          },
          { weight: 1, arbitrary: fc.constant({ kind: 'broadcast' }) },
        ),
      })
      .map(({ options, labels, scores, corruption }) => {
        const marker = options.ignoreIndex;
        const values: number[] = labels.map((v) =>
          v === -1 ? (marker === undefined ? 0 : marker) : v,
        );
        if (corruption.kind === 'non-binary label')
          values[0] = (corruption as { value: number }).value;
        const yTrue = tensorArg([rows, cols], values);
        let yPred = tensorArg([rows, cols], scores);
        let tag = '';
        if (corruption.kind === 'malformed') {
          yPred = (corruption as unknown as { arg: TensorArg }).arg;
          tag = `yPred: ${yPred.form}`;
        }
        if (corruption.kind === 'broadcast' && cols > 1) {
          yPred = tensorArg([rows, 1], scores.slice(0, rows));
          tag = `shape mismatch: yPred [${rows}, 1] broadcasts against yTrue [${rows}, ${cols}]`;
        }
        const tags = [
          `trainingMetrics.${metric}(${describeValue(options)})`,
          `yTrue ${describeValue(values)} [${rows}, ${cols}]`,
          `yPred ${describeValue(yPred.values)}`,
        ];
        if (corruption.kind === 'non-binary label') tags.push(`non-binary label ${values[0]}`);
        if (tag) tags.push(tag);
        const base = { tags, metric, options, yTrue, yPred };
        const structural =
          yPred.plain !== undefined ||
          yPred.disposed ||
          yPred.shape.length !== 2 ||
          yPred.shape.join() !== yTrue.shape.join() ||
          yPred.shape.includes(0);
        const labelOk = values.every((v) => v === 0 || v === 1 || isMissing(v, marker));
        if (structural || !labelOk) {
          return {
            ...base,
            expected: undefined,
            expect: 'error' as const,
            why: structural ? `yPred is ${yPred.form}` : `a label is ${values[0]}`,
          };
        }
        const threshold = (options.threshold as number | undefined) ?? 0.5;
        const probability = (s: number) =>
          options.fromLogits === true ? 1 / (1 + Math.exp(-Math.fround(s))) : Math.fround(s);
        const y = Array.from({ length: rows }, (_, r) =>
          values.slice(r * cols, (r + 1) * cols).map((v) => (isMissing(v, marker) ? -1 : v)),
        );
        const p = Array.from({ length: rows }, (_, r) =>
          yPred.values
            .slice(r * cols, (r + 1) * cols)
            .map((s) => (probability(s) >= threshold ? 1 : 0)),
        );
        let expected: number;
        try {
          expected = trainingReference(
            metric,
            y,
            p,
            (options.zeroDivision as number | undefined) ?? 0,
          );
        } catch {
          expected = Number.NaN;
        }
        // Near the threshold float32 sigmoid and float64 may decide differently: no reference.
        const borderline = yPred.values.some((s) => Math.abs(probability(s) - threshold) < 1e-6);
        return {
          ...base,
          expected: borderline || !Number.isFinite(expected) ? undefined : expected,
          expect: 'value' as const,
          why: 'valid input',
        };
      }),
  );
}

function trainingMetricCall(metric: MetricName): Entry<TrainingCase> {
  return {
    name: `trainingMetrics.${metric}()(yTrue, yPred)`,
    export: 'trainingMetrics',
    numRuns: 25,
    cases: trainingCases(metric),
    run: (c) => {
      const fn = training.trainingMetrics[metric](c.options);
      return withTensors(
        [c.yTrue, c.yPred],
        (a, b) => fn(a as tf.Tensor, b as tf.Tensor),
        (out) => {
          const t = out as tf.Tensor;
          expect(t.rank, 'a scalar').toBe(0);
          return t.dataSync()[0];
        },
      );
    },
    check: (c, value) => {
      if (c.expected === undefined) return;
      if (!close(value as number, c.expected, 1e-6))
        expect.fail(`returned ${value}, the reference is ${c.expected}`);
    },
  };
}

function trainingMetricFactory(metric: MetricName): Entry<FactoryCase> {
  return {
    name: `trainingMetrics.${metric}`,
    export: 'trainingMetrics',
    cases: fc
      .record({
        options: fc.record(
          {
            threshold: fc.double({ min: -5, max: 5, noNaN: true }),
            fromLogits: fc.boolean(),
            name: fc.constantFrom('m', 'val f1'),
            zeroDivision: fc.constantFrom(0, 1),
            ignoreIndex: fc.constantFrom(-1, -100, Number.NaN),
          },
          { requiredKeys: [] },
        ),
        broken: fc.boolean(),
      })
      .chain(
        ({ options, broken }): fc.Arbitrary<FactoryCase> =>
          broken
            ? tamperedOptions(options, trainingMetricOptions, { rows: 1, cols: 1 }).map((t) => ({
                tags: [t.how],
                options: t.options,
                expect: 'error' as const,
                why: t.how,
              }))
            : fc.constant({
                tags: [`options ${describeValue(options)}`],
                options: options as unknown,
                expect: 'value' as const,
                why: 'valid options',
              }),
      ),
    run: (c) => training.trainingMetrics[metric](c.options as training.TrainingMetricOptions),
    check: (c, value) => {
      expect(typeof value).toBe('function');
      const given = (c.options as { name?: string }).name;
      if (given !== undefined) expect((value as { name: string }).name).toBe(given);
    },
  };
}

interface ApplyTensorCase extends Case {
  readonly scores: TensorArg;
  readonly thresholds: unknown;
  readonly values: number[] | undefined;
}

/** Calls a tensor-side function on the built score tensor; its output's shape and values. */
function onScoreTensor(
  scores: TensorArg,
  fn: (t: tf.Tensor) => tf.Tensor,
): { shape: number[]; data: number[] } {
  return withTensors(
    [scores],
    (t) => fn(t as tf.Tensor),
    (out) => {
      const o = out as tf.Tensor;
      return { shape: o.shape, data: Array.from(o.dataSync()) };
    },
  );
}

/** The output of {@link onScoreTensor}, checked to have the scores' shape. */
function sameShape(scores: TensorArg, value: unknown): { shape: number[]; data: number[] } {
  const r = value as { shape: number[]; data: number[] };
  expect(r.shape).toEqual(scores.shape);
  return r;
}

const applyThresholdsTensor: Entry<ApplyTensorCase> = {
  name: 'applyThresholdsTensor',
  export: 'applyThresholdsTensor',
  numRuns: 30,
  cases: fc
    .record({
      lead: fc.constantFrom([2], [1, 3], [], [0], [2, 0]),
      cols: fc.integer({ min: 1, max: 4 }),
    })
    .chain(({ lead, cols }) =>
      fc.record({
        lead: fc.constant(lead),
        cols: fc.constant(cols),
        scores: fc.array(
          fc.oneof(
            fc.double({ min: -2, max: 2, noNaN: true }),
            fc.constantFrom(...EXTREME_NUMBERS.filter((v) => Math.abs(v) < 3e38), ...NON_FINITE),
          ),
          { minLength: 12 * cols, maxLength: 12 * cols },
        ),
        thresholds: fc.oneof(
          {
            weight: 6,
            arbitrary: fc
              .array(
                fc.oneof(
                  fc.double({ min: -2, max: 2, noNaN: true }),
                  fc.constantFrom(
                    -0,
                    0.1,
                    1e-46,
                    -1e-46,
                    3.5e38,
                    -3.5e38,
                    Number.POSITIVE_INFINITY,
                    Number.NEGATIVE_INFINITY,
                    0.30000000000000004,
                  ),
                ),
                { minLength: cols, maxLength: cols },
              )
              .map((v) => ({
                th: new Thresholds(v) as unknown,
                values: v as number[] | undefined,
                how: `thresholds ${describeValue(v)}`,
              })),
          },
          {
            weight: 1,
            arbitrary: fc.constantFrom<{ th: unknown; values: number[] | undefined; how: string }>(
              {
                th: new Thresholds([0.5, 0.5, 0.5, 0.5, 0.5, 0.5]),
                values: undefined,
                how: 'six thresholds',
              },
              { th: { values: [0.5] }, values: undefined, how: 'a look-alike object' },
              { th: null, values: undefined, how: 'null' },
              { th: [0.5], values: undefined, how: 'an array' },
            ),
          },
        ),
        form: fc.constantFrom('tensor', 'tensor', 'tensor', 'disposed tensor', 'array'),
      }),
    )
    .map(({ lead, cols, scores, thresholds, form }) => {
      const shape = [...lead, cols];
      const size = shape.reduce((a, b) => a * b, 1);
      const values = scores.slice(0, size);
      const t: TensorArg =
        form === 'array'
          ? { shape, values, dtype: 'float32', plain: values, form: 'an array instead of a tensor' }
          : {
              ...tensorArg(shape, values),
              disposed: form === 'disposed tensor',
              form: `${form} [${shape.join(', ')}]`,
            };
      const tags = [`t: ${t.form} ${describeValue(t.values)}`, thresholds.how];
      const bad =
        t.plain !== undefined
          ? 'not a tensor'
          : t.disposed
            ? 'a disposed tensor'
            : thresholds.values === undefined
              ? `thresholds: ${thresholds.how}`
              : thresholds.values.length !== cols
                ? 'a label count mismatch'
                : undefined;
      if (form === 'disposed tensor') tags.push('a disposed tensor');
      return {
        tags,
        scores: t,
        thresholds: thresholds.th,
        values: thresholds.values,
        expect: bad === undefined ? ('value' as const) : ('error' as const),
        why: bad ?? 'valid input',
      };
    }),
  run: (c) =>
    onScoreTensor(c.scores, (t) => training.applyThresholdsTensor(t, c.thresholds as Thresholds)),
  check: (c, value) => {
    const r = sameShape(c.scores, value);
    const th = c.values as number[];
    const expected = c.scores.values.map((s, i) => (s >= th[i % th.length] ? 1 : 0));
    expect(r.data).toEqual(expected);
  },
};

// ----------------------------------------------------------------------------- applyCalibrationTensor

interface CalibrationTensorCase extends Case {
  readonly scores: TensorArg;
  readonly calibrator: unknown;
  readonly maps: readonly LabelCalibration[] | undefined;
}

const labelMap: fc.Arbitrary<LabelCalibration> = fc.oneof(
  fc
    .uniqueArray(fc.double({ min: -3, max: 3, noNaN: true }), { minLength: 1, maxLength: 5 })
    .map((xs) => ({
      method: 'isotonic' as const,
      xThresholds: Float64Array.from(xs.sort((a, b) => a - b)),
      yThresholds: Float64Array.from(xs, (_, i) => (i + 1) / (xs.length + 1)),
    })),
  fc
    .record({
      a: fc.double({ min: -4, max: 4, noNaN: true }),
      b: fc.double({ min: -2, max: 2, noNaN: true }),
    })
    .map(({ a, b }) => ({ method: 'platt' as const, a, b })),
  fc
    .constantFrom(0.5, 1, 3, Number.POSITIVE_INFINITY)
    .map((temperature) => ({ method: 'temperature' as const, temperature })),
);

/** `applyCalibrationTensor`, against `mapValue` of each finite cell (float32 precision). */
const applyCalibrationTensor: Entry<CalibrationTensorCase> = {
  name: 'applyCalibrationTensor',
  export: 'applyCalibrationTensor',
  numRuns: 30,
  cases: fc
    .record({
      lead: fc.constantFrom([2], [1, 3], [], [0], [2, 0]),
      maps: fc.array(labelMap, { minLength: 1, maxLength: 4 }),
      wrongCount: fc.boolean(),
      form: fc.constantFrom(
        'tensor',
        'tensor',
        'tensor',
        'int32 tensor',
        'disposed tensor',
        'array',
      ),
      other: fc.constantFrom('calibrator', 'calibrator', 'calibrator', 'look-alike', 'null'),
    })
    .chain(({ lead, maps, wrongCount, form, other }) =>
      fc
        .array(
          fc.oneof(
            fc.double({ min: -5, max: 5, noNaN: true }),
            fc.constantFrom(...EXTREME_NUMBERS.filter((v) => Math.abs(v) < 3e38), ...NON_FINITE),
          ),
          { minLength: 12 * (maps.length + 1), maxLength: 12 * (maps.length + 1) },
        )
        .map((cells): CalibrationTensorCase => {
          const cols = maps.length + (wrongCount ? 1 : 0);
          const shape = [...lead, cols];
          const values = cells.slice(
            0,
            shape.reduce((a, b) => a * b, 1),
          );
          const dtype = form === 'int32 tensor' ? 'int32' : 'float32';
          const t: TensorArg =
            form === 'array'
              ? { shape, values, dtype, plain: values, form: 'an array instead of a tensor' }
              : { ...tensorArg(shape, values, dtype), disposed: form === 'disposed tensor' };
          const calibrator =
            other === 'calibrator'
              ? new Calibrator(maps)
              : other === 'null'
                ? null
                : { labels: maps };
          const bad =
            t.plain !== undefined
              ? 'not a tensor'
              : t.disposed === true
                ? 'a disposed tensor'
                : other !== 'calibrator'
                  ? `calibrator: ${other}`
                  : wrongCount
                    ? 'a label count mismatch'
                    : undefined;
          return {
            tags: [
              `t: ${form} [${shape.join(', ')}] ${describeValue(values)}`,
              `calibrator: ${other} (${maps.map((m) => m.method).join(', ')})`,
            ],
            scores: t,
            calibrator,
            maps,
            expect: bad === undefined ? 'value' : 'error',
            why: bad ?? 'valid input',
          };
        }),
    ),
  run: (c) =>
    onScoreTensor(c.scores, (t) => training.applyCalibrationTensor(t, c.calibrator as Calibrator)),
  check: (c, value) => {
    const r = sameShape(c.scores, value);
    const maps = c.maps as LabelCalibration[];
    // Each map is non-decreasing: within float32 precision of the score, the value lies between
    // the map at the float32 neighbours of the score (isotonic points closer than that merge).
    c.scores.values.forEach((s, i) => {
      if (!Number.isFinite(s)) return;
      const map = mapValue(maps[i % maps.length]);
      const [below, above] = [map(-nextFloat32Up(-s)), map(nextFloat32Up(s))].sort((a, b) => a - b);
      if (!(r.data[i] >= below - 2e-6 && r.data[i] <= above + 2e-6)) {
        expect.fail(`cell ${i}: ${r.data[i]}, the map gives ${map(s)} at ${s}`);
      }
    });
  },
};

// ----------------------------------------------------------------------------- mixup, cutmix

interface MixCase extends Case {
  readonly x: TensorArg;
  readonly y: TensorArg;
  readonly options: unknown;
}

/** `mixup` or `cutmix`: the labels mixed by the weight and pairing reported, shapes kept. */
function mixEntry(name: 'mixup' | 'cutmix'): Entry<MixCase> {
  const imageRank = name === 'cutmix';
  return {
    name,
    export: name,
    numRuns: 30,
    cases: fc
      .record({
        rows: fc.constantFrom(0, 1, 3),
        yRows: fc.constantFrom(0, 1, 3),
        lead: fc.constantFrom<number[]>([2, 2, 1], [3], [2, 3, 2, 1], []),
        labels: fc.integer({ min: 1, max: 3 }),
        options: fc.constantFrom<unknown>(
          { seed: 1 },
          { alpha: 0.3, seed: 2 },
          {},
          { alpha: 0 },
          { alpha: Number.NaN },
          { seed: -1 },
          { gamma: 1 },
          'fast',
        ),
        form: fc.constantFrom('tensor', 'tensor', 'disposed tensor', 'array'),
        cells: fc.array(
          fc.oneof(fc.double({ min: -2, max: 2, noNaN: true }), fc.constantFrom(0, 1)),
          {
            minLength: 40,
            maxLength: 40,
          },
        ),
      })
      .map(({ rows, yRows, lead, labels, options, form, cells }): MixCase => {
        const xShape = [rows, ...lead];
        const size = xShape.reduce((a, b) => a * b, 1);
        const x: TensorArg =
          form === 'array'
            ? { shape: xShape, values: [], dtype: 'float32', plain: [[1]], form: 'an array' }
            : {
                ...tensorArg(
                  xShape,
                  Array.from({ length: size }, (_, i) => cells[i % 40]),
                ),
                disposed: form === 'disposed tensor',
              };
        const y = tensorArg(
          [yRows, labels],
          Array.from({ length: yRows * labels }, (_, i) => (cells[(i * 7) % 40] > 0 ? 1 : 0)),
        );
        const optionsOk =
          options !== null &&
          typeof options === 'object' &&
          Object.keys(options).every((k) => k === 'alpha' || k === 'seed') &&
          !('alpha' in options && !((options as { alpha: number }).alpha > 0)) &&
          !('seed' in options && (options as { seed: number }).seed < 0);
        const bad =
          form !== 'tensor'
            ? `x: ${form}`
            : imageRank
              ? xShape.length !== 4
                ? 'not a batch of images'
                : undefined
              : xShape.length < 2
                ? 'no batch dimension'
                : undefined;
        const why =
          bad ??
          (yRows !== rows
            ? 'rows of x and y differ'
            : rows === 0
              ? 'an empty batch'
              : !optionsOk
                ? `options ${describeValue(options)}`
                : undefined);
        return {
          tags: [
            `x [${xShape.join(', ')}] (${form})`,
            `y [${yRows}, ${labels}]`,
            `options ${describeValue(options)}`,
          ],
          x,
          y,
          options,
          expect: why === undefined ? 'value' : 'error',
          why: why ?? 'valid input',
        };
      }),
    run: (c) =>
      withTensors(
        [c.x, c.y],
        (x, y) => {
          const fn = name === 'mixup' ? training.mixup : training.cutmix;
          const m = fn(x as tf.Tensor, y as tf.Tensor, c.options as training.MixOptions);
          const out = {
            x: m.x.shape,
            y: Array.from(m.y.dataSync()),
            lambda: m.lambda,
            partner: Array.from(m.partner),
          };
          tf.dispose([m.x, m.y]);
          return out;
        },
        (out) => out,
      ),
    check: (c, value) => {
      const r = value as { x: number[]; y: number[]; lambda: number; partner: number[] };
      expect(r.x).toEqual(c.x.shape);
      const [rows, labels] = c.y.shape;
      const y = c.y.values;
      r.y.forEach((v, i) => {
        const row = Math.floor(i / labels);
        const want = r.lambda * y[i] + (1 - r.lambda) * y[r.partner[row] * labels + (i % labels)];
        if (!(Math.abs(v - want) <= 1e-6))
          expect.fail(`label cell ${i}: ${v}, the weights give ${want}`);
      });
      expect([...r.partner].sort((a, b) => a - b)).toEqual(
        Array.from({ length: rows }, (_, i) => i),
      );
    },
  };
}

// ----------------------------------------------------------------------------- evaluation callback

interface CallbackCase extends FitCallbackCase {
  readonly rows: number;
  readonly cols: number;
  readonly features: number;
}

const callbackOptions: OptionSpec = {
  validationData: (v) => Array.isArray(v) && v.length === 2,
  metrics: (v) => Array.isArray(v),
  batchSize: integer(1),
  prefix: (v) => typeof v === 'string',
  every: integer(1),
  threshold: number(),
  fromLogits: boolean,
  zeroDivision: oneOf(0, 1, 'nan'),
  beta: (v) => typeof v === 'number' && v >= 0,
  bins: integer(2, 1 << 20),
  ignoreIndex,
};

/** What the cases of a fit callback share: the validation data and the options. */
interface FitCallbackCase extends Case {
  readonly labels: unknown;
  readonly inputRows: number;
  readonly options: Record<string, unknown>;
}

/**
 * The faults every fit callback must refuse, made from a valid case: a non-binary label, one
 * more input row than labels, malformed labels, and tampered options (by `spec`).
 */
function fitCallbackFaults<C extends FitCallbackCase>(
  valid: C,
  labels: number[][],
  spec: OptionSpec,
  context: { rows: number; cols: number },
): { weight: number; arbitrary: fc.Arbitrary<C> }[] {
  return [
    {
      weight: 1,
      arbitrary: fc.constantFrom(2, 0.5, Number.NaN).map((bad) => ({
        ...valid,
        labels: [[bad, ...labels[0].slice(1)], ...labels.slice(1)],
        tags: [...valid.tags, `a label ${bad}`],
        expect: 'error' as const,
        why: 'a non-binary label',
      })),
    },
    {
      weight: 1,
      arbitrary: fc.constant<C>({
        ...valid,
        inputRows: context.rows + 1,
        tags: [...valid.tags, 'one more input row than labels'],
        expect: 'error',
        why: 'rows differ',
      }),
    },
    {
      weight: 1,
      arbitrary: fc.constantFrom([], null, [[]], 'x').map((malformed) => ({
        ...valid,
        labels: malformed,
        tags: [...valid.tags, `labels ${describeValue(malformed)}`],
        expect: 'error' as const,
        why: 'malformed labels',
      })),
    },
    {
      weight: 2,
      arbitrary: tamperedOptions(valid.options, spec, context)
        .filter((t) => !/validationData|not an object/.test(t.how))
        .map((t) => ({
          ...valid,
          options: t.options as Record<string, unknown>,
          tags: [...valid.tags, t.how],
          expect: 'error' as const,
          why: t.how,
        })),
    },
  ];
}

function callbackCases(): fc.Arbitrary<CallbackCase> {
  return fc
    .record({
      rows: fc.integer({ min: 1, max: 6 }),
      cols: fc.integer({ min: 1, max: 3 }),
      features: fc.integer({ min: 1, max: 3 }),
      batchSize: fc.constantFrom(undefined, 1, 2, 256),
      metrics: fc.constantFrom(
        undefined,
        ['f1_micro', 'hamming_loss'],
        ['roc_auc_micro', 'ndcg', 'coverage_error'],
      ),
      every: fc.constantFrom(undefined, 1, 2),
      bins: fc.constantFrom(undefined, 10),
      seed: fc.nat(),
    })
    .chain((g) => {
      const labels = Array.from({ length: g.rows }, (_, r) =>
        Array.from({ length: g.cols }, (_, j) => (g.seed >> ((r * g.cols + j) % 30)) & 1),
      );
      const options = Object.fromEntries(
        Object.entries({
          batchSize: g.batchSize,
          metrics: g.metrics,
          every: g.every,
          bins: g.bins,
        }).filter(([, v]) => v !== undefined),
      );
      const valid = {
        tags: [`${g.rows} rows, ${g.cols} labels, options ${describeValue(options)}`],
        rows: g.rows,
        cols: g.cols,
        features: g.features,
        labels: labels as unknown,
        inputRows: g.rows,
        options,
        expect: 'value' as const,
        why: 'valid options',
      };
      return fc.oneof(
        { weight: 4, arbitrary: fc.constant(valid) },
        ...fitCallbackFaults<CallbackCase>(valid, labels, callbackOptions, {
          rows: g.rows,
          cols: g.cols,
        }),
        {
          weight: 1,
          arbitrary: fc
            .constantFrom(['f1_mikro'], ['roc_auc_samples'], 'f1_micro')
            .map((metrics) => ({
              ...valid,
              options: { ...options, metrics },
              tags: [...valid.tags, `metrics ${describeValue(metrics)}`],
              expect: 'error' as const,
              why: 'an unknown metric',
            })),
        },
      );
    })
    .map((c) => {
      // ROC AUC over labels with one class is refused up front, as documented.
      const listed = (c.options as { metrics?: unknown } | null)?.metrics;
      const metrics = Array.isArray(listed) ? (listed as string[]) : [];
      return metrics.some((m) => m.startsWith('roc_auc')) && c.expect === 'value'
        ? { ...c, expect: 'either' as const, why: 'ROC AUC may be undefined on these labels' }
        : c;
    });
}

function withModel<T>(
  c: CallbackCase,
  use: (
    callback: training.MultilabelEvaluationCallback,
    model: tfl.LayersModel,
    x: tf.Tensor,
  ) => T | Promise<T>,
): Promise<T> {
  const before = tf.memory().numTensors;
  const x = tf.tensor2d(
    Array.from({ length: c.inputRows * c.features }, (_, i) => Math.sin(i)),
    [c.inputRows, c.features],
  );
  const model = tfl.sequential({
    layers: [
      tfl.layers.dense({
        units: c.cols,
        inputShape: [c.features],
        activation: 'sigmoid',
        kernelInitializer: 'ones',
      }),
    ],
  });
  const finish = () => {
    x.dispose();
    model.dispose();
    const leaked = tf.memory().numTensors - before;
    if (leaked !== 0) expect.fail(`${leaked} tensor(s) left alive`);
  };
  let callback: training.MultilabelEvaluationCallback;
  try {
    callback = new training.MultilabelEvaluationCallback({
      ...c.options,
      validationData: [x, c.labels as number[][]],
    } as training.MultilabelEvaluationCallbackOptions);
    callback.setModel(model);
  } catch (error) {
    finish();
    throw error;
  }
  return Promise.resolve()
    .then(() => use(callback, model, x))
    .finally(finish);
}

const callbackConstructor: Entry<CallbackCase> = {
  name: 'new MultilabelEvaluationCallback',
  export: 'MultilabelEvaluationCallback',
  numRuns: 25,
  cases: callbackCases(),
  run: (c) => withModel(c, (callback) => callback instanceof training.MultilabelEvaluationCallback),
  check: (_c, value) => expect(value).toBe(true),
};

const callbackEvaluate: Entry<CallbackCase> = {
  name: 'MultilabelEvaluationCallback#evaluate',
  export: 'MultilabelEvaluationCallback',
  numRuns: 12,
  cases: callbackCases().filter((c) => c.expect !== 'error'),
  run: (c) =>
    withModel(c, async (callback, model, x) => {
      const result = await callback.evaluate();
      // The same metrics from one prediction of every row, accumulated at once.
      const y = model.predict(x) as tf.Tensor;
      const scores = y.dataSync();
      y.dispose();
      const { metrics: _m, batchSize: _b, every: _e, prefix: _p, ...metricOptions } = c.options;
      const reference = new (await import('../../../src/metrics/index.js')).MultilabelMetrics(
        metricOptions,
      )
        .update(c.labels as number[][], { data: scores, shape: [c.rows, c.cols] })
        .compute();
      return { result, reference };
    }),
  check: (_c, value) => {
    const { result, reference } = value as {
      result: Record<string, unknown>;
      reference: Record<string, unknown>;
    };
    for (const key of [
      'hammingLoss',
      'subsetAccuracy',
      'labelRankingAveragePrecision',
      'coverageError',
      'oneError',
      'ndcg',
    ] as const) {
      const a = result[key] as number;
      const b = reference[key] as number;
      if (!(Number.isNaN(a) && Number.isNaN(b)) && !close(a, b, 1e-9))
        expect.fail(`${key}: ${a} in batches, ${b} at once`);
    }
  },
};

const callbackOnEpochEnd: Entry<CallbackCase> = {
  name: 'MultilabelEvaluationCallback#onEpochEnd',
  export: 'MultilabelEvaluationCallback',
  numRuns: 10,
  cases: callbackCases().filter((c) => c.expect !== 'error'),
  run: (c) =>
    withModel(c, async (callback) => {
      const logs: Record<string, unknown> = {};
      await callback.onEpochEnd((c.options.every as number | undefined) === 2 ? 1 : 0, logs);
      return logs;
    }),
  check: (c, value) => {
    const logs = value as Record<string, number>;
    const metrics =
      (c.options.metrics as string[] | undefined) ?? Object.keys(logs).map((k) => k.slice(4));
    for (const m of metrics) {
      const v = logs[`val_${m}`];
      if (typeof v !== 'number') expect.fail(`val_${m} is ${describeValue(v)}`);
    }
  },
};

// ----------------------------------------------------------------------------- diagnostics callback

interface DiagnosticsCase extends FitCallbackCase {
  readonly rows: number;
  readonly cols: number;
  /** The activation of the model's output: sigmoid outputs, or a softmax. */
  readonly output: 'sigmoid' | 'softmax';
}

const diagnosticsOptions: OptionSpec = {
  validationData: (v) => Array.isArray(v) && v.length === 2,
  checks: (v) =>
    typeof v === 'boolean' ||
    (typeof v === 'object' &&
      v !== null &&
      !Array.isArray(v) &&
      Object.entries(v).every(
        ([k, b]) => ['collapse', 'softmax', 'probabilities'].includes(k) && typeof b === 'boolean',
      )),
  onIssue: (v) => typeof v === 'function',
  fromLogits: boolean,
  collapsePatience: integer(1),
  batchSize: integer(1),
  ignoreIndex,
};

function diagnosticsCases(): fc.Arbitrary<DiagnosticsCase> {
  return fc
    .record({
      rows: fc.integer({ min: 1, max: 6 }),
      cols: fc.integer({ min: 1, max: 3 }),
      seed: fc.nat(),
      output: fc.constantFrom<DiagnosticsCase['output']>('sigmoid', 'softmax'),
      options: fc.constantFrom<Record<string, unknown>>(
        {},
        { checks: false },
        { checks: { softmax: false } },
        { checks: { collapse: true, probabilities: false } },
        { fromLogits: true, collapsePatience: 1 },
        { batchSize: 1, collapsePatience: 3 },
      ),
    })
    .chain((g) => {
      const labels = Array.from({ length: g.rows }, (_, r) =>
        Array.from({ length: g.cols }, (_, j) => (g.seed >> ((r * g.cols + j) % 30)) & 1),
      );
      const valid: DiagnosticsCase = {
        labels,
        rows: g.rows,
        cols: g.cols,
        inputRows: g.rows,
        options: g.options,
        output: g.output,
        tags: [`${g.rows}x${g.cols}`, g.output, describeValue(g.options)],
        expect: 'value',
        why: 'valid validation data and options',
      };
      return fc.oneof(
        { weight: 4, arbitrary: fc.constant(valid) },
        ...fitCallbackFaults(valid, labels, diagnosticsOptions, { rows: g.rows, cols: g.cols }),
        {
          weight: 1,
          arbitrary: fc
            .constantFrom<unknown>({ colapse: false }, 'none', [false], { softmax: 0 })
            .map((checks) => ({
              ...valid,
              options: { ...g.options, checks },
              tags: [...valid.tags, `checks ${describeValue(checks)}`],
              expect: 'error' as const,
              why: 'checks that are not booleans by check name',
            })),
        },
      );
    });
}

/**
 * Makes the callback on a one-layer model (outputs of the case's activation), runs `use` and
 * frees everything, failing on a tensor left alive; the issues found are collected.
 */
function withDiagnostics<T>(
  c: DiagnosticsCase,
  use: (
    callback: training.MultilabelDiagnosticsCallback,
    issues: training.TrainingIssue[],
  ) => T | Promise<T>,
): Promise<T> {
  const before = tf.memory().numTensors;
  const x = tf.tensor2d(
    Array.from({ length: c.inputRows * 2 }, (_, i) => Math.sin(i)),
    [c.inputRows, 2],
  );
  const model = tfl.sequential({
    layers: [
      tfl.layers.dense({
        units: c.cols,
        inputShape: [2],
        activation: c.output,
        kernelInitializer: 'ones',
      }),
    ],
  });
  model.compile({ optimizer: 'sgd', loss: 'binaryCrossentropy' });
  const finish = () => {
    x.dispose();
    model.dispose();
    const leaked = tf.memory().numTensors - before;
    if (leaked !== 0) expect.fail(`${leaked} tensor(s) left alive`);
  };
  const issues: training.TrainingIssue[] = [];
  let callback: training.MultilabelDiagnosticsCallback;
  try {
    callback = new training.MultilabelDiagnosticsCallback({
      onIssue: (issue) => issues.push(issue),
      ...c.options,
      validationData: [x, c.labels as number[][]],
    } as training.MultilabelDiagnosticsCallbackOptions);
    callback.setModel(model);
  } catch (error) {
    finish();
    throw error;
  }
  return Promise.resolve()
    .then(() => use(callback, issues))
    .finally(finish);
}

const diagnosticsConstructor: Entry<DiagnosticsCase> = {
  name: 'new MultilabelDiagnosticsCallback',
  export: 'MultilabelDiagnosticsCallback',
  numRuns: 25,
  cases: diagnosticsCases(),
  run: (c) =>
    withDiagnostics(c, (callback) => callback instanceof training.MultilabelDiagnosticsCallback),
  check: (_c, value) => expect(value).toBe(true),
};

/** Every hook in the order fit calls them, over three epochs: the issues found, once each. */
function diagnosticsHook(
  hook: 'onTrainBegin' | 'onEpochBegin' | 'onEpochEnd' | 'onTrainEnd',
): Entry<DiagnosticsCase> {
  return {
    name: `MultilabelDiagnosticsCallback#${hook}`,
    export: 'MultilabelDiagnosticsCallback',
    numRuns: 12,
    cases: diagnosticsCases().filter((c) => c.expect !== 'error'),
    run: (c) =>
      withDiagnostics(c, async (callback, issues) => {
        await callback.onTrainBegin();
        for (let epoch = 0; epoch < 3; epoch++) {
          await callback.onEpochBegin(epoch);
          await callback.onEpochEnd(epoch);
        }
        await callback.onTrainEnd();
        return issues.map((issue) => ({ ...issue }));
      }),
    check: (c, value) => {
      const issues = value as training.TrainingIssue[];
      const kinds = issues.map((issue) => issue.kind);
      expect(new Set(kinds).size).toBe(kinds.length);
      for (const issue of issues) {
        expect(issue.message.startsWith('tfjs-multilabel: ')).toBe(true);
        expect(issue.epoch).toBeGreaterThanOrEqual(0);
        expect(issue.epoch).toBeLessThan(3);
      }
      const checks = c.options.checks;
      if (checks === false) expect(issues).toEqual([]);
      // A softmax of two or more labels, with the check on, is found at the first epoch end.
      const softmaxOn =
        checks === undefined ||
        checks === true ||
        (typeof checks === 'object' && (checks as Record<string, unknown>).softmax !== false);
      if (c.output === 'softmax' && c.cols >= 2 && softmaxOn) {
        expect(issues).toContainEqual(expect.objectContaining({ kind: 'softmax', epoch: 0 }));
      }
      if (c.output === 'sigmoid') expect(kinds).not.toContain('softmax');
    },
  };
}

// ----------------------------------------------------------------------------- tensors as matrices

/**
 * The array functions take a 2-D tf.Tensor wherever they take a matrix: on real tensors (every
 * dtype, disposed, of the wrong rank) they must give what they give on the same values as
 * number[][], or a MultilabelError.
 */
interface TensorInputCase extends Case {
  readonly fn: keyof typeof ARRAY_CALLS;
  readonly labels: TensorArg;
  readonly scores: TensorArg;
  readonly rows: number[][];
  readonly scoreRows: number[][];
}

const ARRAY_CALLS = {
  f1Score: (y: unknown, s: unknown) =>
    metrics.f1Score(y as never, s as never, { average: 'micro', zeroDivision: 1 }),
  averagePrecisionScore: (y: unknown, s: unknown) =>
    metrics.averagePrecisionScore(y as never, s as never, { average: 'micro' }),
  labelCooccurrence: (y: unknown) => data.labelCooccurrence(y as never).data,
  iterativeStratification: (y: unknown) => data.iterativeStratification(y as never, { nFolds: 2 }),
  'Thresholds#apply': (_y: unknown, s: unknown) =>
    new Thresholds([0.5, 0.5, 0.5]).apply(s as never).data,
  optimizeThresholds: (y: unknown, s: unknown) =>
    optimizeThresholdsFn(y as never, s as never).values,
};

function tensorInputCases(fn: keyof typeof ARRAY_CALLS): fc.Arbitrary<TensorInputCase> {
  return fc
    .record({
      rows: fc.integer({ min: 2, max: 5 }),
      seed: fc.nat(),
      labelDtype: fc.constantFrom('float32', 'int32', 'bool') as fc.Arbitrary<TensorArg['dtype']>,
      broken: fc.constantFrom(
        'none',
        'none',
        'none',
        'disposed',
        'rank 3',
        'rank 1',
        'empty',
        'string',
        'non-binary',
        'NaN score',
      ),
    })
    .map(({ rows, seed, labelDtype, broken }) => {
      const cols = 3;
      const rowsOf = (f: (i: number) => number) =>
        Array.from({ length: rows }, (_, r) =>
          Array.from({ length: cols }, (_, j) => f(r * cols + j)),
        );
      const y = rowsOf(
        (i) => ((seed >> (i % 29)) & 1) | ((i % cols === 0 ? 1 : 0) * (i < cols ? 1 : 0)),
      );
      // Row 0 has label 0; make sure a positive and a negative exist in every column.
      for (let j = 0; j < cols; j++) {
        y[0][j] = 1;
        y[1][j] = 0;
      }
      // f1Score's second matrix holds predictions: 0/1.
      const sc = rowsOf((i) => {
        const v = ((i * 7919 + seed) % 97) / 97;
        return fn === 'f1Score' ? (v > 0.5 ? 1 : 0) : Math.fround(v);
      });
      let labels = tensorArg([rows, cols], y.flat(), labelDtype);
      let scores = tensorArg([rows, cols], sc.flat());
      const tags = [`${fn} on tensors: labels ${labelDtype} [${rows}, ${cols}]`];
      let why: string | undefined;
      const target = fn === 'Thresholds#apply' ? 'scores' : 'labels';
      const replace = (arg: TensorArg) => {
        if (target === 'scores') scores = arg;
        else labels = arg;
      };
      if (broken === 'disposed')
        replace({
          ...(target === 'scores' ? scores : labels),
          disposed: true,
          form: 'a disposed tensor',
        });
      if (broken === 'rank 3')
        replace({ ...tensorArg([1, rows, cols], y.flat()), form: 'a rank-3 tensor' });
      if (broken === 'rank 1')
        replace({ ...tensorArg([rows * cols], y.flat()), form: 'a rank-1 tensor' });
      if (broken === 'empty') replace({ ...tensorArg([0, cols], []), form: 'an empty tensor' });
      if (broken === 'string')
        replace({
          shape: [],
          values: [],
          dtype: 'float32',
          lazy: () => tf.tensor([['a', 'b', 'c']]),
          form: 'a string tensor',
        });
      if (broken === 'non-binary' && target === 'labels')
        labels = tensorArg([rows, cols], [2, ...y.flat().slice(1)]);
      if (broken === 'NaN score')
        scores = tensorArg([rows, cols], [Number.NaN, ...sc.flat().slice(1)]);
      if (broken !== 'none') {
        tags.push(broken);
        why = broken;
      }
      // Functions that read only the labels ignore a NaN score; a non-binary label is no label.
      const ignored =
        (broken === 'NaN score' &&
          (fn === 'labelCooccurrence' || fn === 'iterativeStratification')) ||
        (broken === 'non-binary' && target === 'scores');
      return {
        tags,
        fn,
        labels,
        scores,
        rows: y,
        scoreRows: sc,
        expect: why === undefined || ignored ? ('value' as const) : ('error' as const),
        why: why ?? 'valid tensors',
      };
    });
}

function tensorInputEntry(fn: keyof typeof ARRAY_CALLS): Entry<TensorInputCase> {
  return {
    name: `${fn}(tf.Tensor)`,
    export: fn.split('#')[0],
    numRuns: 15,
    cases: tensorInputCases(fn),
    run: (c) =>
      withTensors(
        [c.labels, c.scores],
        (y, s) => ARRAY_CALLS[c.fn](y, s),
        (out) => (ArrayBuffer.isView(out) ? Array.from(out as Float64Array) : out),
      ),
    check: (c, value) => {
      const onArrays = ARRAY_CALLS[c.fn](c.rows, c.scoreRows);
      expect(value).toEqual(
        ArrayBuffer.isView(onArrays) ? Array.from(onArrays as Float64Array) : onArrays,
      );
    },
  };
}

// ----------------------------------------------------------------------------- the registry

const LOSSES: readonly LossName[] = [
  'weightedBinaryCrossentropy',
  'binaryFocalCrossentropy',
  'asymmetricLoss',
  'multilabelSoftmaxLoss',
  'softF1Loss',
  'hillLoss',
  'splcLoss',
  'largeLossRejection',
];

export const tensorEntries: AnyEntry[] = [
  ...LOSSES.flatMap((name) => [lossFactoryEntry(name), lossEntry(name)]),
  ...HEADS.flatMap((head) => [
    headConstruct(head, 'factory'),
    headConstruct(head, 'constructor'),
    headApply(head, 'apply'),
    headApply(head, 'call'),
    headShapeMethod(head, 'build'),
    headShapeMethod(head, 'computeOutputShape'),
    headConfig(head),
    headFromConfig(head),
  ]),
  ...METRIC_NAMES.flatMap((metric) => [trainingMetricFactory(metric), trainingMetricCall(metric)]),
  applyThresholdsTensor,
  applyCalibrationTensor,
  mixEntry('mixup'),
  mixEntry('cutmix'),
  ...(Object.keys(ARRAY_CALLS) as (keyof typeof ARRAY_CALLS)[]).map(tensorInputEntry),
  callbackConstructor,
  callbackEvaluate,
  callbackOnEpochEnd,
  diagnosticsConstructor,
  diagnosticsHook('onTrainBegin'),
  diagnosticsHook('onEpochBegin'),
  diagnosticsHook('onEpochEnd'),
  diagnosticsHook('onTrainEnd'),
];

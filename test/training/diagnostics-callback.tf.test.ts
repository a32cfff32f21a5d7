/**
 * MultilabelDiagnosticsCallback: it fires, once each, on a collapsed model, a softmax head and a
 * sigmoid model trained with a logits loss; it stays silent on healthy runs of the examples'
 * models; its options; its reads and tensors; and its rules against brute-force definitions.
 */
import { readFileSync } from 'node:fs';
import { fc, test } from '@fast-check/vitest';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { describe, expect, it, vi } from 'vitest';
import {
  browserRun,
  demoRun,
  type Recipe,
  tabularRun,
  watch,
} from '../../bench/support/diagnostics-runs.js';
import { binaryFocalCrossentropy, weightedBinaryCrossentropy } from '../../src/losses/index.js';
import { averagePrecisionScore } from '../../src/metrics/index.js';
import {
  CHANCE_TOLERANCE,
  COLLAPSE_DIVISOR,
  ROW_SUM_TOLERANCE,
} from '../../src/training/diagnostic-rules.js';
import {
  MultilabelDiagnosticsCallback,
  type MultilabelDiagnosticsCallbackOptions,
  type TrainingIssue,
} from '../../src/training/index.js';
import { hasKernels } from '../kernels.js';
import { thrown } from '../thrown.js';
import { captureLibraryWarnings } from '../warnings.js';

/** The library's messages printed with console.warn in the current test. */
const printed = captureLibraryWarnings();

const backend = process.env.TFJS_BACKEND;

const kinds = (issues: readonly TrainingIssue[]) =>
  issues.map((issue) => [issue.kind, issue.epoch + 1]);

/** Trains the recipe `make` gives, watched, and checks that no tensor is left. */
async function watched(
  make: () => Recipe,
  options?: Parameters<typeof watch>[1],
): Promise<Awaited<ReturnType<typeof watch>>> {
  const before = tf.memory().numTensors;
  const outcome = await watch(make(), options);
  expect(tf.memory().numTensors).toBe(before);
  return outcome;
}

describe(`the three failures, once each, on ${backend}`, () => {
  it('a model whose output bias starts at -10 collapses: reported once, at the second epoch end', async () => {
    const { issues, warnings } = await watched(() =>
      browserRun(1, { epochs: 6, rows: 240, output: 'collapsed' }),
    );
    expect(kinds(issues)).toEqual([['collapse', 2]]);
    expect(warnings).toEqual([]);
    expect(issues[0].message).toMatch(
      /^tfjs-multilabel: the model has collapsed to predicting \(almost\) no label: after epoch 2, [\d.]+% of the validation cells are positive at logit 0 \(probability 0\.5\), against [\d.]+% of the labels \(under a tenth\)\./,
    );
    expect(issues[0].message).toContain('weightedBinaryCrossentropy with `posWeight`');
  });

  it('labels whose positives weigh almost nothing: the model learns to predict none', async () => {
    const { issues } = await watched(() =>
      browserRun(2, {
        epochs: 8,
        rows: 240,
        loss: weightedBinaryCrossentropy({ posWeight: 1e-4 }),
      }),
    );
    expect(issues.map((i) => i.kind)).toEqual(['collapse']);
  });

  // tfjs-layers' 'binaryCrossentropy' needs Log1p, which tfjs 4.1's wasm backend lacks.
  it.runIf(hasKernels('Log1p'))(
    'a softmax head: reported once, at the first epoch end',
    async () => {
      const { issues } = await watched(
        () =>
          browserRun(3, {
            epochs: 3,
            rows: 240,
            output: 'softmax',
            loss: 'binaryCrossentropy',
          }),
        { checks: { collapse: false } },
      );
      expect(kinds(issues)).toEqual([['softmax', 1]]);
      expect(issues[0].message).toMatch(
        /^tfjs-multilabel: every row of the model's output sums to 1 \(96 validation rows of 4 labels\): it looks like a softmax/,
      );
    },
  );

  it("a sigmoid model with a logits loss: the loss's check, reported once through the callback", async () => {
    const { issues, warnings } = await watched(() =>
      browserRun(4, { epochs: 3, rows: 240, output: 'sigmoid' }),
    );
    // Found on the first training batch (128 values), during the first epoch.
    expect(kinds(issues)).toEqual([['probabilities', 1]]);
    expect(warnings).toEqual([]);
    expect(issues[0].message).toMatch(
      /^tfjs-multilabel: `binaryFocalCrossentropy` takes logits by default, but every value of `yPred` lies in \[0, 1\] \(128 values,/,
    );
  });

  it('batches too small for the loss to check: decided on the validation outputs', async () => {
    const recipe = () => browserRun(5, { epochs: 2, rows: 240, output: 'sigmoid' });
    // 8 rows x 4 labels = 32 values a batch: the loss never checks; 96 x 4 validation values.
    const { issues, warnings } = await watched(() => ({ ...recipe(), batchSize: 8 }));
    expect(kinds(issues)).toEqual([['probabilities', 1]]);
    expect(issues[0].message).toContain('(384 values, from 0.');
    expect(warnings).toEqual([]);
  });

  it('with the probability check off, the loss warns on its own (once), the callback not', async () => {
    const { issues, warnings } = await watched(
      () => browserRun(4, { epochs: 2, rows: 240, output: 'sigmoid' }),
      { checks: { probabilities: false } },
    );
    expect(issues).toEqual([]);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('`binaryFocalCrossentropy` takes logits by default');
  });

  it('checks: false turns everything off, and reads nothing', async () => {
    const recipe = () => browserRun(1, { epochs: 3, rows: 240, output: 'collapsed' });
    const data = vi.spyOn(tf.Tensor.prototype, 'data');
    try {
      const plain = await watched(() =>
        browserRun(1, { epochs: 3, rows: 240, output: 'collapsed' }),
      );
      const readsWatched = data.mock.calls.length;
      data.mockClear();
      const off = await watched(recipe, { checks: false });
      expect(plain.issues).toHaveLength(1);
      expect(off.issues).toEqual([]);
      // The watched run read the outputs once per epoch end; the unwatched one not at all.
      expect(readsWatched - data.mock.calls.length).toBe(3);
    } finally {
      data.mockRestore();
    }
  });
});

describe(`healthy runs of the examples' models are silent, on ${backend}`, () => {
  // The healthy figures of the real settings: bench/diagnostics.ts (20 runs).
  it.each([1, 2, 3, 4, 5, 6])('the browser example, seed %i', async (seed) => {
    const { issues, warnings } = await watched(() => browserRun(seed, { epochs: 10 }));
    expect(issues).toEqual([]);
    expect(warnings).toEqual([]);
  });

  // The baseline trains with tfjs-layers' 'binaryCrossentropy' (Log1p): where it can.
  const tabularRuns = (
    [
      ['emotions', 'library', 1],
      ['emotions', 'baseline', 2],
      ['scene', 'library', 3],
      ['scene', 'baseline', 4],
      ['yeast', 'library', 5],
      ['yeast', 'baseline', 6],
    ] as const
  ).filter(([, pipeline]) => pipeline === 'library' || hasKernels('Log1p'));
  it.each(tabularRuns)(
    'the tabular example on %s, %s pipeline, seed %i',
    async (dataset, pipeline, seed) => {
      const { issues, warnings } = await watched(() =>
        tabularRun(dataset, seed, { pipeline, epochs: 3, rows: 400 }),
      );
      expect(issues).toEqual([]);
      expect(warnings).toEqual([]);
    },
  );

  // The cpu backend trains these convolutions about 15 times slower than wasm (a minute a run).
  it.runIf(backend === 'wasm' && hasKernels('MaxPoolGrad')).each([1, 2])(
    'the demo, seed %i (2,500 images, 3 epochs)',
    async (seed) => {
      const { issues, warnings } = await watched(() => demoRun(seed, { images: 2500, epochs: 3 }));
      expect(issues).toEqual([]);
      expect(warnings).toEqual([]);
    },
  );
});

/**
 * A model whose `predict` returns fixed outputs (and whose compiled `loss` is `loss`): the rules
 * checked on any outputs without training. Dispose it with `model.dispose()`.
 */
function fixedOutputs(
  scores: number[][],
  loss: unknown = 'binaryCrossentropy',
): { model: tfl.LayersModel; predictions: () => number } {
  let predictions = 0;
  const model = tfl.sequential({
    layers: [tfl.layers.dense({ units: scores[0].length, inputShape: [1] })],
  });
  Object.assign(model, {
    loss,
    predict: () => {
      predictions++;
      return tf.tensor2d(scores, [scores.length, scores[0].length]);
    },
  });
  return { model, predictions: () => predictions };
}

/** Runs `epochs` epoch ends of a callback on fixed outputs and returns the issues. */
async function onOutputs(
  labels: number[][],
  scores: number[][],
  options: Partial<MultilabelDiagnosticsCallbackOptions> = {},
  epochs = 2,
  loss?: unknown,
): Promise<TrainingIssue[]> {
  const issues: TrainingIssue[] = [];
  const x = tf.zeros([labels.length, 1]);
  try {
    const callback = new MultilabelDiagnosticsCallback({
      validationData: [x, labels],
      onIssue: (issue) => issues.push(issue),
      ...options,
    });
    const { model } = fixedOutputs(scores, loss);
    try {
      callback.setModel(model);
      await callback.onTrainBegin();
      for (let epoch = 0; epoch < epochs; epoch++) {
        await callback.onEpochBegin(epoch);
        await callback.onEpochEnd(epoch);
      }
      await callback.onTrainEnd();
    } finally {
      model.dispose();
    }
  } finally {
    x.dispose();
  }
  return issues;
}

/** Labels and probabilities of a random problem, with `rows` rows and `cols` labels. */
const problems = fc
  .record({ rows: fc.integer({ min: 2, max: 30 }), cols: fc.integer({ min: 2, max: 5 }) })
  .chain(({ rows, cols }) =>
    fc.record({
      labels: fc.array(fc.array(fc.constantFrom(0, 1), { minLength: cols, maxLength: cols }), {
        minLength: rows,
        maxLength: rows,
      }),
      scores: fc.array(
        fc.array(fc.oneof(fc.float({ min: 0, max: 1, noNaN: true }), fc.constantFrom(0.1, 0.5)), {
          minLength: cols,
          maxLength: cols,
        }),
        { minLength: rows, maxLength: rows },
      ),
    }),
  );

/** The collapse rules written out: the share of positive decisions, and AP at chance. */
function collapsedByDefinition(labels: number[][], scores: number[][]): boolean {
  const cells = labels.flat();
  const positives = cells.filter((v) => v === 1).length;
  if (positives === 0) return false;
  const decisions = scores.flat().filter((s) => s >= 0.5).length;
  // Under a tenth of the prior, on the counts (a tie at exactly a tenth is not a collapse).
  if (decisions * COLLAPSE_DIVISOR < positives) return true;
  const cols = labels[0].length;
  const gains: number[] = [];
  for (let c = 0; c < cols; c++) {
    const y = labels.map((row) => [row[c]]);
    const p = y.filter(([v]) => v === 1).length / y.length;
    if (p === 0 || p === 1) continue;
    const ap = averagePrecisionScore(
      y,
      scores.map((row) => [row[c]]),
    );
    gains.push(ap - p);
  }
  return gains.length > 0 && gains.every((gain) => gain <= CHANCE_TOLERANCE);
}

describe(`the rules on fixed outputs, on ${backend}`, () => {
  test.prop([problems], { numRuns: 60 })(
    'collapse fires exactly when a rule holds at two epoch ends (patience 2)',
    async ({ labels, scores }) => {
      const issues = await onOutputs(labels, scores, { checks: { softmax: false } });
      expect(issues.length === 1).toBe(collapsedByDefinition(labels, scores));
      if (issues.length === 1) expect(issues[0]).toMatchObject({ kind: 'collapse', epoch: 1 });
    },
  );

  it('does not call exactly a tenth of the prior a collapse (1 decision, 10 positives)', async () => {
    // 12 cells, 10 positives, one score at 0.5: the decision share equals a tenth of the prior,
    // where dividing both by the 12 cells once rounded the share below it. Label 2 ranks
    // above chance, so the AP rule stays quiet too.
    const labels = [
      [1, 1, 0],
      [1, 1, 1],
      [1, 1, 1],
      [0, 1, 1],
    ];
    const scores = [
      [0, 0, 0],
      [0, 0, 0.1],
      [0, 0, 0.5],
      [0, 0, 0],
    ];
    expect(collapsedByDefinition(labels, scores)).toBe(false);
    expect(await onOutputs(labels, scores, { checks: { softmax: false } })).toEqual([]);
  });

  test.prop([problems, fc.constantFrom('raw', 'normalised', 'nudged')], { numRuns: 80 })(
    'softmax fires exactly when every row sums to 1 (within the tolerance)',
    async ({ labels, scores }, form) => {
      // Normalised rows sum to 1; nudged ones are normalised, then one cell moves by 4e-3.
      const rows =
        form === 'raw'
          ? scores
          : scores.map((row, r) => {
              const sum = row.reduce((a, b) => a + b, 0);
              const unit = sum === 0 ? row.map(() => 1 / row.length) : row.map((v) => v / sum);
              if (form === 'nudged' && r === 0) unit[0] += unit[0] > 0.5 ? -4e-3 : 4e-3;
              return unit;
            });
      const issues = await onOutputs(labels, rows, { checks: { collapse: false } }, 1);
      const sumsToOne = rows.every(
        (row) => Math.abs(row.reduce((a, b) => a + Math.fround(b), 0) - 1) <= ROW_SUM_TOLERANCE,
      );
      if (form === 'normalised') expect(sumsToOne).toBe(true);
      if (form === 'nudged') expect(sumsToOne).toBe(false);
      expect(issues.map((i) => i.kind)).toEqual(sumsToOne ? ['softmax'] : []);
    },
  );

  it('a constant output ranks every label at chance: its own message', async () => {
    const labels = [
      [1, 0],
      [0, 1],
      [1, 1],
      [0, 0],
    ];
    const issues = await onOutputs(
      labels,
      labels.map(() => [0.6, 0.6]),
      {},
      3,
    );
    expect(kinds(issues)).toEqual([['collapse', 2]]);
    expect(issues[0].message).toMatch(
      /^tfjs-multilabel: the model ranks no label better than chance: after epoch 2, the average precision of each of the 2 labels on the validation data is within 0\.01 of its positive rate/,
    );
  });

  it('decides at logit 0 when the compiled loss takes logits, at 0.5 otherwise', async () => {
    const labels = [
      [1, 0],
      [0, 1],
      [1, 0],
      [0, 1],
    ];
    // Ranked perfectly; every output is below 0.5 but above logit 0.
    const scores = [
      [0.4, 0.1],
      [0.1, 0.4],
      [0.4, 0.1],
      [0.1, 0.4],
    ];
    const asProbabilities = await onOutputs(labels, scores);
    const asLogits = await onOutputs(labels, scores, {}, 2, binaryFocalCrossentropy());
    const explicit = await onOutputs(labels, scores, { fromLogits: true });
    expect(asProbabilities.map((i) => i.kind)).toEqual(['collapse']);
    expect(asLogits).toEqual([]);
    expect(explicit).toEqual([]);
  });

  it('collapse seen at one epoch end, then not, then again, is not reported (patience)', async () => {
    const labels = [
      [1, 0],
      [0, 1],
    ];
    const x = tf.zeros([2, 1]);
    const issues: TrainingIssue[] = [];
    const callback = new MultilabelDiagnosticsCallback({
      validationData: [x, labels],
      onIssue: (issue) => issues.push(issue),
      checks: { softmax: false },
    });
    const outputs = [
      [
        [0.9, 0.2],
        [0.1, 0.3],
      ],
      [
        [0.9, 0.2],
        [0.1, 0.8],
      ],
      [
        [0.4, 0.2],
        [0.1, 0.3],
      ],
    ];
    let shown = 0;
    const { model } = fixedOutputs(outputs[0]);
    Object.assign(model, { predict: () => tf.tensor2d(outputs[shown]) });
    callback.setModel(model);
    // Outputs 0 (one positive decision in four cells, with two positive labels: not collapsed)
    // and 2 (none: collapsed) alternate...
    for (let epoch = 0; epoch < 4; epoch++) {
      shown = epoch % 2 === 0 ? 0 : 2;
      await callback.onEpochEnd(epoch);
    }
    expect(issues).toEqual([]);
    // ...until the collapsed outputs come twice in a row.
    shown = 2;
    await callback.onEpochEnd(4);
    expect(kinds(issues)).toEqual([['collapse', 5]]);
    model.dispose();
    x.dispose();
  });

  it('skips outputs that hold NaN (diverged training proves nothing here)', async () => {
    const labels = [
      [1, 0],
      [0, 1],
    ];
    const issues = await onOutputs(labels, [
      [Number.NaN, 0],
      [0, 0],
    ]);
    expect(issues).toEqual([]);
  });

  it('reads the outputs once per epoch end, and nothing once every check has fired', async () => {
    const labels = [
      [1, 0],
      [0, 1],
    ];
    const { model, predictions } = fixedOutputs([
      [0.5, 0.5],
      [0.7, 0.3],
    ]);
    const x = tf.zeros([2, 1]);
    const callback = new MultilabelDiagnosticsCallback({
      validationData: [x, labels],
      onIssue: () => undefined,
      checks: { collapse: false },
    });
    callback.setModel(model);
    const data = vi.spyOn(tf.Tensor.prototype, 'data');
    try {
      for (let epoch = 0; epoch < 3; epoch++) await callback.onEpochEnd(epoch);
      expect(callback.issues.map((i) => i.kind)).toEqual(['softmax']);
      expect(predictions()).toBe(1);
      expect(data).toHaveBeenCalledTimes(1);
    } finally {
      data.mockRestore();
      model.dispose();
      x.dispose();
    }
  });

  it('prints with console.warn without onIssue', async () => {
    const labels = [
      [1, 0],
      [0, 1],
    ];
    const x = tf.zeros([2, 1]);
    const callback = new MultilabelDiagnosticsCallback({ validationData: [x, labels] });
    const { model } = fixedOutputs([
      [0.5, 0.5],
      [0.7, 0.3],
    ]);
    callback.setModel(model);
    await callback.onEpochEnd(0);
    model.dispose();
    x.dispose();
    expect(printed()).toHaveLength(1);
    expect(printed()[0]).toContain("every row of the model's output sums to 1");
  });
});

describe('options', () => {
  const labels = [
    [1, 0],
    [0, 1],
  ];
  /** Makes a callback on live inputs of two rows (`inputs` replaces them), frees them, and returns the error. */
  const errorOf = (options: Record<string, unknown>, inputs?: 'none' | 'one row') => {
    const x = tf.zeros([2, 1]);
    try {
      const validationData =
        inputs === 'none' ? [[], labels] : inputs === 'one row' ? [x, [[1, 0]]] : [x, labels];
      return thrown(
        () =>
          new MultilabelDiagnosticsCallback({
            validationData,
            ...options,
          } as MultilabelDiagnosticsCallbackOptions),
      );
    } finally {
      x.dispose();
    }
  };

  it.each([
    [
      { check: false },
      'UNKNOWN_OPTION',
      '`MultilabelDiagnosticsCallback` has no option `check`. Did you mean `checks`?',
    ],
    [
      { checks: { collapse: false, sofmax: false } },
      'UNKNOWN_OPTION',
      '`checks` has no option `sofmax`. Did you mean `softmax`?',
    ],
    [{ checks: { collapse: 'no' } }, 'INVALID_OPTION', '`checks.collapse` must be true or false'],
    [{ checks: 'all' }, 'INVALID_OPTION', '`checks` must be true, false, or an object'],
    [{ onIssue: 'log' }, 'INVALID_OPTION', '`onIssue` must be a function'],
    [{ fromLogits: 1 }, 'INVALID_OPTION', '`fromLogits` must be true or false'],
    [{ collapsePatience: 0 }, 'INVALID_OPTION', '`collapsePatience`'],
    [{ batchSize: 1.5 }, 'INVALID_OPTION', '`batchSize`'],
    [{ ignoreIndex: 0.5 }, 'INVALID_OPTION', '`ignoreIndex`'],
  ] as const)('%j throws %s', (options, code, text) => {
    const error = errorOf(options);
    expect(error.code).toBe(code);
    expect(error.message).toContain(text);
  });

  it('checks the validation data as the evaluation callback does', () => {
    expect(errorOf({}, 'one row').message).toContain(
      '`validationData[0]` has 2 rows but the labels have 1',
    );
    expect(errorOf({}, 'none').message).toContain('`validationData[0]` is an empty array');
    expect(errorOf({ validationData: [1, labels] }).message).toContain(
      '`validationData[0]` must be a tf.Tensor',
    );
    expect(errorOf({ validationData: 'x' }).code).toBe('INVALID_ARGUMENT');
  });

  it('needs an options object', () => {
    expect(thrown(() => new MultilabelDiagnosticsCallback(undefined as never)).message).toContain(
      'needs options with `validationData`',
    );
  });

  it('missing labels (ignoreIndex) count nowhere', async () => {
    const issues = await onOutputs(
      [
        [1, -1],
        [0, 1],
        [-1, 0],
      ],
      [
        [0.9, 0],
        [0.1, 0.2],
        [0.9, 0.1],
      ],
      { ignoreIndex: -1, checks: { softmax: false } },
    );
    // Known: 4 cells, 2 positive; decided positive: 1 known cell (the unknown 0.9 not counted).
    expect(issues).toEqual([]);
  });
});

describe('the guide quotes the three messages', () => {
  it('docs/heads.md shows what the callback prints (numbers aside)', async () => {
    const guide = readFileSync(new URL('../../docs/heads.md', import.meta.url), 'utf8');
    const section = guide.slice(guide.indexOf('## When training goes wrong'));
    const quoted = [...section.matchAll(/```text\n *(tfjs-multilabel: .*)\n *```/g)].map(
      (m) => m[1],
    );
    const numbersAside = (text: string) => text.replace(/\d+(\.\d+)?/g, '#');
    const labels = [
      [1, 0],
      [0, 1],
      [1, 1],
      [0, 0],
    ];
    const collapse = await onOutputs(
      labels,
      labels.map(() => [-3, -2]),
      {},
      2,
      binaryFocalCrossentropy(),
    );
    const chance = await onOutputs(
      labels,
      labels.map(() => [0.6, 0.6]),
    );
    const softmax = await onOutputs(
      labels,
      labels.map(() => [0.75, 0.25]),
      {
        checks: { collapse: false },
      },
    );
    const sigmoid = await watched(() => browserRun(4, { epochs: 1, rows: 240, output: 'sigmoid' }));
    const messages = [collapse, chance, softmax, sigmoid.issues].map((i) => i[0].message);
    expect(quoted.map(numbersAside)).toEqual(messages.map(numbersAside));
  });
});

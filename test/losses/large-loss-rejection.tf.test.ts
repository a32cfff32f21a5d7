/**
 * largeLossRejection (Kim et al. 2022): closed-form cases of the rejection rule, its epoch
 * state, and a property against the formula written with plain float64 loops.
 */
import { test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { SeededRandom } from '../../src/core/random.js';
import { largeLossRejection } from '../../src/losses/index.js';
import { fc, matrixOf, shape, toRows } from '../fc.js';
import {
  expectClose,
  expectCode,
  fitWithEpochCallback,
  outputAndGradient as run,
  valueAndGradient as summedAndGradient,
} from './helpers.js';
import { naive } from './naive.js';
import { largeLossCells, type ReferenceOptions } from './reference.js';

const sigmoid = (x: number) => (x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x)));
const softplus = (x: number) => Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));

describe(`largeLossRejection (${process.env.TFJS_BACKEND})`, () => {
  it('rejects the 0 labels with the largest losses, a share growing by deltaRate per epoch', () => {
    const xs = [-2, 0, 3, 1];
    const loss = largeLossRejection({ deltaRate: 0.25, reduction: 'none' });
    for (const [epoch, rejected] of [
      [0, []],
      [1, [2]],
      [2, [2, 3]],
      [5, [0, 1, 2, 3]],
    ] as [number, number[]][]) {
      loss.setEpoch(epoch);
      expect(loss.rate).toBe(Math.min(epoch * 0.25, 1));
      const { value, gradient } = run(loss, [[0, 0, 0, 0]], [xs]);
      const kept = (i: number) => !rejected.includes(i);
      expectClose(
        value,
        xs.map((x, i) => (kept(i) ? softplus(x) : 0)),
        1e-6,
        `epoch ${epoch}`,
      );
      expectClose(
        gradient,
        xs.map((x, i) => (kept(i) ? sigmoid(x) : 0)),
        1e-6,
        `gradient at epoch ${epoch}`,
      );
    }
  });

  it('with correct: true, counts a rejected 0 label as a positive (LL-Ct)', () => {
    const loss = largeLossRejection({ deltaRate: 0.5, correct: true, reduction: 'none' });
    loss.setEpoch(1);
    const xs = [-1, 2, 0.5, 4];
    // Four cells, k = 2: the 0 labels at 4 and 2 (the positive at 0.5 is never a candidate).
    const { value, gradient } = run(loss, [[0, 0, 1, 0]], [xs]);
    expectClose(value, [softplus(-1), softplus(-2), softplus(-0.5), softplus(-4)], 1e-6);
    expectClose(gradient, [sigmoid(-1), -sigmoid(-2), -sigmoid(-0.5), -sigmoid(-4)], 1e-6);
  });

  it('never rejects a positive or a masked cell; k counts the cells that count', () => {
    const loss = largeLossRejection({ deltaRate: 1, ignoreIndex: -1, reduction: 'sum' });
    loss.setEpoch(1);
    // k = 3 of 3 counted cells, but only the two 0 labels can go: the positive stays.
    const all = run(loss, [[0, 1, -1, 0]], [[5, -1, 9, 2]]);
    expectClose(all.value, [softplus(1)], 1e-6);
    expectClose(all.gradient, [0, -sigmoid(1), 0, 0], 1e-6);
    // One third of the three counted cells: the 0 label at 5 goes, not the masked 9.
    const third = largeLossRejection({ deltaRate: 1 / 3, ignoreIndex: -1, reduction: 'mean' });
    third.setEpoch(1);
    const { value } = run(third, [[0, -1, 0, 0]], [[5, 9, 1, 0]]);
    expectClose(value, [(softplus(1) + softplus(0)) / 3], 1e-6);
  });

  it('rejects every 0 label tied with the k-th, and rounds k = ceil(r n) exactly', () => {
    const tied = largeLossRejection({ deltaRate: 0.25, reduction: 'none' });
    tied.setEpoch(1);
    expectClose(
      run(tied, [[0, 0, 0, 0]], [[1, 1, 0, -1]]).value,
      [0, 0, Math.log(2), softplus(-1)],
      1e-6,
    );
    // 0.1 * 30 is 3.0000000000000004 in float64: three cells, not four.
    const tenth = largeLossRejection({ deltaRate: 0.1, reduction: 'none' });
    tenth.setEpoch(1);
    const xs = Array.from({ length: 30 }, (_, i) => (i - 15) / 4);
    const { value } = run(tenth, [xs.map(() => 0)], [xs]);
    expect(Array.from(value).filter((v) => v === 0).length).toBe(3);
  });

  it('bounds the share by maxRate', () => {
    const loss = largeLossRejection({ deltaRate: 0.5, maxRate: 0.25, reduction: 'none' });
    loss.setEpoch(3);
    expect(loss.rate).toBe(0.25);
    const { value } = run(loss, [[0, 0, 0, 0]], [[0, 1, 2, 3]]);
    expect(Array.from(value).map((v) => v === 0)).toEqual([false, false, false, true]);
  });

  it('stays exact at logits +-1e4', () => {
    const loss = largeLossRejection({ deltaRate: 0.25, reduction: 'none' });
    loss.setEpoch(1);
    const { value, gradient } = run(loss, [[1, 1, 0, 0]], [[-1e4, 1e4, -1e4, 1e4]]);
    expect(Array.from(value)).toEqual([1e4, 0, 0, 0]);
    expect(Array.from(gradient).map((g) => g + 0)).toEqual([-1, 0, 0, 0]);
    const corrected = largeLossRejection({ deltaRate: 0.25, correct: true, reduction: 'none' });
    corrected.setEpoch(1);
    expect(Array.from(run(corrected, [[0, 0]], [[-1e4, 1e4]]).value)).toEqual([0, 0]);
  });

  test.prop(
    [
      shape({ maxRows: 8, maxCols: 6 }).chain((s) =>
        fc.record({
          yTrue: matrixOf(s, fc.constantFrom(0, 0, 1, -1)).map(toRows),
          // A few distinct values, so that ties at the k-th loss are common.
          logits: matrixOf(
            s,
            fc.oneof(
              fc.constantFrom(-1, 0, 0.5, 2),
              fc.double({ min: -8, max: 8, noNaN: true }).map(Math.fround),
            ),
          ).map(toRows),
          deltaRate: fc.constantFrom(0, 0.05, 0.1, 0.3, 1),
          maxRate: fc.constantFrom(1, 0.5, 0.2),
          epoch: fc.integer({ min: 0, max: 6 }),
          correct: fc.boolean(),
          masked: fc.boolean(),
          fromLogits: fc.boolean(),
          reduction: fc.constantFrom('mean' as const, 'sum' as const, 'none' as const),
        }),
      ),
    ],
    { numRuns: 80 },
  )('equals the formula in float64: values, gradient, reduction', (c) => {
    const o: ReferenceOptions = {
      deltaRate: c.deltaRate,
      maxRate: c.maxRate,
      correct: c.correct,
      epoch: c.epoch,
      fromLogits: c.fromLogits,
      ...(c.masked ? { ignoreIndex: -1 } : {}),
    };
    const yTrue = c.masked ? c.yTrue : c.yTrue.map((row) => row.map((y) => (y === -1 ? 0 : y)));
    // Probabilities (fromLogits: false) strictly inside the clip, whose logits are the cells.
    const yPred = c.fromLogits
      ? c.logits
      : c.logits.map((row) => row.map((x) => Math.fround(sigmoid(x / 2))));
    const loss = largeLossRejection({
      deltaRate: c.deltaRate,
      maxRate: c.maxRate,
      correct: c.correct,
      fromLogits: c.fromLogits,
      reduction: c.reduction,
      ...(c.masked ? { ignoreIndex: -1 } : {}),
    });
    loss.setEpoch(c.epoch);
    const { value, gradient } = run(loss, yTrue, yPred);
    const { cells, counted } = largeLossCells(yTrue, yPred, o);
    const scale = c.reduction === 'mean' ? 1 / Math.max(counted, 1) : 1;
    const losses = cells.map((cell) => cell?.loss ?? 0);
    if (c.reduction === 'none') {
      expectClose(value, losses, 1e-6);
    } else {
      expectClose(value, [losses.reduce((sum, v) => sum + v, 0) * scale], 2e-6);
    }
    // The gradient with respect to yPred: for probabilities, the slope times d logit / d p.
    const slopes = cells.map((cell, i) => {
      const p = yPred[Math.floor(i / yTrue[0].length)][i % yTrue[0].length];
      return ((cell?.slope ?? 0) * scale) / (c.fromLogits ? 1 : p * (1 - p));
    });
    expectClose(gradient, slopes, 2e-5, 'gradient');
  });

  it('agrees with the autodiff formulation of the reference code', () => {
    const random = new SeededRandom(19);
    const yTrue = Array.from({ length: 6 }, () =>
      Array.from({ length: 7 }, () => (random.nextFloat() < 0.3 ? 1 : 0)),
    );
    const yPred = yTrue.map((row) => row.map(() => Math.fround(8 * random.nextFloat() - 4)));
    for (const [epoch, correct] of [
      [0, false],
      [3, false],
      [3, true],
      [40, true],
    ] as const) {
      const o = { deltaRate: 0.05, correct, epoch, fromLogits: true };
      const loss = largeLossRejection({ deltaRate: 0.05, correct });
      loss.setEpoch(epoch);
      const ours = run(loss, yTrue, yPred);
      const theirs = summedAndGradient(naive.largeLossRejection(o), yTrue, yPred);
      expectClose(ours.value, theirs.value, 1e-6, `value at epoch ${epoch}`);
      expectClose(ours.gradient, theirs.gradient, 1e-6, `gradient at epoch ${epoch}`);
    }
  });

  it('takes its epoch from the callback in model.fit, under its log key', async () => {
    const loss = largeLossRejection({ name: 'llr', deltaRate: 0.1 });
    expect(loss.name).toBe('llr');
    expect(largeLossRejection().name).toBe('largeLossRejection');
    const { seen, losses } = await fitWithEpochCallback(loss, () => loss.rate);
    expect(seen).toEqual([0, 0.1, 0.2]);
    expect(losses.every(Number.isFinite)).toBe(true);
  });

  it('rejects bad options, soft labels and a bad epoch, naming the fix', () => {
    expectCode(() => largeLossRejection({ deltaRate: 1.5 }), 'INVALID_OPTION', /`deltaRate`/);
    expectCode(() => largeLossRejection({ maxRate: -0.1 }), 'INVALID_OPTION', /`maxRate`/);
    expectCode(
      () => largeLossRejection({ correct: 'yes' as unknown as boolean }),
      'INVALID_OPTION',
      /`correct`/,
    );
    expectCode(
      () => largeLossRejection({ labelSmoothing: 0.1 }),
      'INVALID_OPTION',
      /`labelSmoothing` must be 0.*Leave it out/,
    );
    expectCode(
      () => largeLossRejection({ deltRate: 0.1 } as unknown as object),
      'UNKNOWN_OPTION',
      /Did you mean `deltaRate`/,
    );
    const loss = largeLossRejection();
    expectCode(() => run(loss, [[0.5, 1]], [[0, 0]]), 'NON_BINARY_LABELS', /`yTrue\[0\]\[0\]`/);
    expectCode(() => loss.setEpoch(1.5), 'INVALID_OPTION', /`epoch`/);
    expectCode(() => loss.callback.onEpochBegin(-1), 'INVALID_OPTION', /`epoch`/);
    expect(loss.epoch).toBe(0);
  });
});

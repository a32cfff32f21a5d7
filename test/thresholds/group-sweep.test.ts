/**
 * The running group average shared by the shared-threshold search and the learned rank cut,
 * and the one place they differ: a group of weight 0 (a row of weight 0 for `'samples'`).
 * The shared threshold search leaves such a group out (never scored, no part of the tie
 * margin); the rank cut scores it like any other group (its value counts in the tie margin,
 * its weight keeps it out of the mean).
 */
import { describe, expect, test } from 'vitest';
import type { CountScore } from '../../src/core/kernels/count-averaging.js';
import { searchGlobalThreshold } from '../../src/thresholds/global-search.js';
import { groupCounts, startGroups } from '../../src/thresholds/group-sweep.js';
import { readProblem } from '../../src/thresholds/inputs.js';
import { learnRank } from '../../src/thresholds/rank-cut.js';

/** A count score that records the counts it is called with: tp + fn (the group's positives). */
function recording(): { calls: number[][]; evaluate: CountScore } {
  const calls: number[][] = [];
  const evaluate: CountScore = (tn, fp, fn, tp) => {
    calls.push([tn, fp, fn, tp]);
    return tp + fn === 0 ? 0 : tp / (tp + fn);
  };
  return { calls, evaluate };
}

describe('startGroups', () => {
  // Group 1 weighs 0; its positives (5) tell its calls apart from the others' (1 and 2).
  const counts = () =>
    groupCounts(Float64Array.of(1, 5, 2), Float64Array.of(1, 0, 2), Float64Array.of(1, 0, 3));

  test('skipZeroWeight: a group of weight 0 is not scored and leaves the tie margin alone', () => {
    const { calls, evaluate } = recording();
    const c = counts();
    expect(startGroups(c, evaluate, true)).toEqual({ sum: 0, total: 4, scale: 0 });
    expect(calls).toEqual([
      [1, 0, 1, 0],
      [2, 0, 2, 0],
    ]);
    expect(Array.from(c.value)).toEqual([0, 0, 0]);
  });

  test('without skipZeroWeight: a group of weight 0 is scored and widens the margin', () => {
    const calls: number[][] = [];
    // 1 for group 1 (5 positives), 0.5 for the others: group 1 shows in `scale` only.
    const evaluate: CountScore = (tn, fp, fn, tp) => {
      calls.push([tn, fp, fn, tp]);
      return fn === 5 ? 1 : 0.5;
    };
    const c = counts();
    expect(startGroups(c, evaluate, false)).toEqual({ sum: 2, total: 4, scale: 1 });
    expect(calls).toEqual([
      [1, 0, 1, 0],
      [0, 0, 5, 0],
      [2, 0, 2, 0],
    ]);
    expect(Array.from(c.value)).toEqual([0.5, 1, 0.5]);
  });
});

describe("the two sweeps on a row of weight 0 ('samples')", () => {
  // Row 0 weighs 0 and has three known positives; the other rows have one positive each.
  const yTrue = [
    [1, 1, 1],
    [1, 0, -1],
    [0, 1, -1],
  ];
  const yScore = [
    [0.9, 0.8, 0.7],
    [0.6, 0.2, 0.5],
    [0.1, 0.4, 0.3],
  ];
  const problem = readProblem(yTrue, yScore, {
    sampleWeight: [0, 1, 1],
    ignoreIndex: -1,
    metric: () => 0,
  });
  const rowZero = (calls: number[][]) => calls.filter(([, , fn, tp]) => fn + tp === 3);

  test('the shared threshold search never scores it', () => {
    const { calls, evaluate } = recording();
    const cut = searchGlobalThreshold(
      problem,
      { name: 'custom', evaluate, monotone: false, beta: 1, zeroDivision: 0 },
      'samples',
    );
    expect(calls.length).toBeGreaterThan(0);
    expect(rowZero(calls)).toEqual([]);
    // Both other rows are found (recall 1) once the threshold is below 0.4.
    expect(cut.value).toBe(1);
    expect(cut.threshold).toBeLessThanOrEqual(0.4);
    expect(cut.threshold).toBeGreaterThan(0.3);
  });

  test('the rank cut scores it at every k, with nothing predicted and then its k cells', () => {
    const { calls, evaluate } = recording();
    const { k, score } = learnRank(problem, evaluate, 'samples', false);
    expect(rowZero(calls)).toEqual([
      [0, 0, 3, 0],
      [0, 0, 2, 1],
      [0, 0, 1, 2],
      [0, 0, 0, 3],
    ]);
    // k = 1 already finds both weighted rows' positive (each row's top score).
    expect(k).toBe(1);
    expect(score).toBe(1);
  });
});

/**
 * crossValidatedThresholds: each candidate's score equals the metric of its out-of-fold
 * decisions rebuilt by hand from stratifiedKFold and the public rules; the best one is chosen
 * and refitted on every row.
 */
import { describe, expect, it } from 'vitest';
import { SeededRandom } from '../../src/core/random.js';
import { stratifiedKFold } from '../../src/data/index.js';
import {
  crossValidatedThresholds,
  DECISION_RULES,
  type DecisionRuleName,
  expectedF1Decision,
  optimizeThresholds,
  proportionalCut,
  rankCut,
  THRESHOLD_STRATEGIES,
} from '../../src/thresholds/index.js';
import { bitRows } from '../bits.js';
import type { TestMatrix } from '../fc.js';
import { thrownCode } from '../thrown.js';
import { decideByRule } from './decide-by-rule.js';
import { averaged, f1 } from './reference.js';

function synthetic(rows: number, cols: number, seed: number): { y: number[][]; s: number[][] } {
  const random = new SeededRandom(seed);
  const y: number[][] = [];
  const s: number[][] = [];
  for (let r = 0; r < rows; r++) {
    const labels = Array.from({ length: cols }, (_, j) =>
      random.nextFloat() < 0.15 + 0.1 * j ? 1 : 0,
    );
    y.push(labels);
    s.push(labels.map((t) => Math.min(1, Math.max(0, 0.3 * t + 0.7 * random.nextFloat()))));
  }
  return { y, s };
}

const flat = (m: number[][]): TestMatrix => ({ rows: m.length, cols: m[0].length, data: m.flat() });

/** Out-of-fold decisions of one rule, by hand. */
function outOfFold(
  rule: DecisionRuleName,
  y: number[][],
  s: number[][],
  average: 'micro' | 'macro' | 'samples',
): number[] {
  const cols = y[0].length;
  const out = new Array(y.length * cols).fill(0);
  for (const { train, test } of stratifiedKFold(y, { nFolds: 3, seed: 4 })) {
    const yTrain = Array.from(train, (r) => y[r]);
    const sTrain = Array.from(train, (r) => s[r]);
    const sTest = Array.from(test, (r) => s[r]);
    const d = decideByRule(rule, {
      yFit: yTrain,
      sFit: sTrain,
      sApply: sTest,
      cols,
      average,
      priors: () => y[0].map((_, j) => yTrain.filter((row) => row[j] === 1).length / yTrain.length),
    }).data;
    test.forEach((r, i) => {
      for (let j = 0; j < cols; j++) out[r * cols + j] = d[i * cols + j];
    });
  }
  return out;
}

describe('crossValidatedThresholds', () => {
  it.each(['micro', 'macro', 'samples'] as const)(
    'scores every candidate on its pooled out-of-fold decisions and refits the best (%s)',
    (average) => {
      const { y, s } = synthetic(90, 4, 11);
      const cv = crossValidatedThresholds(y, s, { nFolds: 3, seed: 4, average });
      const rules = Object.keys(cv.scores) as DecisionRuleName[];
      expect(rules).toEqual(DECISION_RULES);
      for (const rule of rules) {
        const expected = averaged(flat(y), outOfFold(rule, y, s, average), f1(), average);
        expect(cv.scores[rule]).toBeCloseTo(expected, 12);
      }
      const best = Math.max(...rules.map((r) => cv.scores[r] as number));
      expect(cv.scores[cv.rule]).toBe(best);
      expect(rules.find((r) => cv.scores[r] === best)).toBe(cv.rule);
      // Refitted on all rows.
      const decisions = cv.apply(s);
      if (cv.rule === 'global') {
        const t = optimizeThresholds(y, s, { strategy: 'global', average });
        expect(Array.from(cv.thresholds?.values ?? [])).toEqual(Array.from(t.values));
        expect(Array.from(decisions.data)).toEqual(Array.from(t.apply(s).data));
      }
      if (cv.rule === 'rankCut') expect(cv.k).toBe(rankCut(y, s, { average }).k);
    },
  );

  it('picks a threshold rule and returns its refitted thresholds', () => {
    const { y, s } = synthetic(60, 3, 2);
    const cv = crossValidatedThresholds(y, s, { nFolds: 3, candidates: ['perLabel'] });
    expect(cv.rule).toBe('perLabel');
    expect(Array.from(cv.thresholds?.values ?? [])).toEqual(
      Array.from(optimizeThresholds(y, s, { strategy: 'perLabel' }).values),
    );
    expect(cv.k).toBeUndefined();
  });

  it('averages each candidate over repeated fold assignments (seed, seed + 1, ...)', () => {
    const { y, s } = synthetic(50, 3, 9);
    const options = {
      nFolds: 3,
      candidates: ['global', 'rankCut', 'perLabel'] as DecisionRuleName[],
    };
    const both = crossValidatedThresholds(y, s, { ...options, seed: 3, repeats: 2 });
    const first = crossValidatedThresholds(y, s, { ...options, seed: 3 });
    const second = crossValidatedThresholds(y, s, { ...options, seed: 4 });
    for (const rule of options.candidates) {
      expect(both.scores[rule]).toBeCloseTo(
        ((first.scores[rule] as number) + (second.scores[rule] as number)) / 2,
        14,
      );
    }
  });

  it('counts repeat seeds on from 0 past Number.MAX_SAFE_INTEGER', () => {
    const { y, s } = synthetic(50, 3, 9);
    const options = {
      nFolds: 3,
      candidates: ['global', 'rankCut', 'perLabel'] as DecisionRuleName[],
    };
    const top = Number.MAX_SAFE_INTEGER;
    const both = crossValidatedThresholds(y, s, { ...options, seed: top, repeats: 2 });
    const first = crossValidatedThresholds(y, s, { ...options, seed: top });
    const second = crossValidatedThresholds(y, s, { ...options, seed: 0 });
    for (const rule of options.candidates) {
      expect(both.scores[rule]).toBeCloseTo(
        ((first.scores[rule] as number) + (second.scores[rule] as number)) / 2,
        14,
      );
    }
    const three = crossValidatedThresholds(y, s, { ...options, seed: top - 1, repeats: 3 });
    const third = crossValidatedThresholds(y, s, { ...options, seed: top - 1 });
    for (const rule of options.candidates) {
      expect(three.scores[rule]).toBeCloseTo(
        ((first.scores[rule] as number) +
          (second.scores[rule] as number) +
          (third.scores[rule] as number)) /
          3,
        14,
      );
    }
  });

  it('rejects a seed outside [0, 2^53 - 1], citing the seed given', () => {
    const { y, s } = synthetic(20, 3, 1);
    for (const seed of [2 ** 53, -1, 1.5, Number.NaN]) {
      expect(thrownCode(() => crossValidatedThresholds(y, s, { seed }))).toBe('INVALID_OPTION');
      expect(() => crossValidatedThresholds(y, s, { seed, repeats: 2 })).toThrow(
        `\`seed\` must be an integer between 0 and 9007199254740991, but got ${seed}.`,
      );
    }
  });

  it("compares 'expectedF1' by default while rows × labels² <= 2^30, and when named", () => {
    // 16 × 8192² = 2^30: compared; 17 rows: left out of the defaults (scores say so).
    const cols = 8192;
    const random = new SeededRandom(12);
    const matrix = (rows: number) => {
      const y = new Float32Array(rows * cols);
      const s = new Float32Array(rows * cols);
      for (let i = 0; i < y.length; i++) {
        y[i] = random.nextFloat() < 0.05 ? 1 : 0;
        s[i] = Math.min(1, 0.5 * y[i] + 0.1 * random.nextFloat());
      }
      return {
        y: { data: y, shape: [rows, cols] as [number, number] },
        s: { data: s, shape: [rows, cols] as [number, number] },
      };
    };
    const at = matrix(16);
    const over = matrix(17);
    const options = { nFolds: 2 };
    const compared = Object.keys(crossValidatedThresholds(at.y, at.s, options).scores);
    expect(compared).toContain('expectedF1');
    const skipped = crossValidatedThresholds(over.y, over.s, options);
    expect(Object.keys(skipped.scores)).toEqual(compared.filter((r) => r !== 'expectedF1'));
    const named = crossValidatedThresholds(over.y, over.s, {
      ...options,
      candidates: ['fixed', 'expectedF1'],
    });
    expect(Object.keys(named.scores)).toEqual(['fixed', 'expectedF1']);
    const decisions = expectedF1Decision(over.s).data;
    const truth = { rows: 17, cols, data: Array.from(over.y.data) };
    expect(named.scores.expectedF1).toBeCloseTo(averaged(truth, decisions, f1(), 'micro'), 12);
  });

  it('scores proportionalCut with given priors on all rows as one batch', () => {
    const { y, s } = synthetic(60, 3, 6);
    const priors = [0.2, 0.3, 0.4];
    const cv = crossValidatedThresholds(y, s, {
      nFolds: 3,
      candidates: ['proportionalCut'],
      priors,
    });
    expect(cv.scores.proportionalCut).toBeCloseTo(
      averaged(flat(y), Array.from(proportionalCut(s, priors).data), f1(), 'micro'),
      14,
    );
    expect(Array.from(cv.priors ?? [])).toEqual(priors);
    expect(Array.from(cv.apply(s).data)).toEqual(Array.from(proportionalCut(s, priors).data));
  });

  it('leaves probability-only rules out for logits', () => {
    const { y, s } = synthetic(40, 3, 5);
    const logits = s.map((row) => row.map((p) => 4 * p - 2));
    const cv = crossValidatedThresholds(y, logits, { nFolds: 2 });
    expect(Object.keys(cv.scores)).toEqual(
      DECISION_RULES.filter((r) => r !== 'fixed' && r !== 'expectedF1'),
    );
  });

  it('rejects bad options', () => {
    const { y, s } = synthetic(20, 3, 1);
    const few = bitRows('10 00 01 00 00');
    const fewScores = few.map(() => [0.5, 0.5]);
    expect(thrownCode(() => crossValidatedThresholds(few, fewScores, { nFolds: 3 }))).toBe(
      'INVALID_OPTION',
    );
    expect(() => crossValidatedThresholds(few, fewScores, { nFolds: 3 })).toThrow(
      /`nFolds` is 3 but only 2 rows/,
    );
    expect(thrownCode(() => crossValidatedThresholds(y, s, { nFolds: 1 }))).toBe('INVALID_OPTION');
    expect(thrownCode(() => crossValidatedThresholds(y, s, { repeats: 0 }))).toBe('INVALID_OPTION');
    expect(thrownCode(() => crossValidatedThresholds(y, s, { priors: [0.5] }))).toBe(
      'SHAPE_MISMATCH',
    );
    expect(
      thrownCode(() => crossValidatedThresholds(y, s, { candidates: ['sCut' as 'fixed'] })),
    ).toBe('INVALID_OPTION');
    expect(thrownCode(() => crossValidatedThresholds(y, s, { candidates: [] }))).toBe(
      'INVALID_OPTION',
    );
    const logits = s.map((row) => row.map((p) => p * 3 - 1));
    expect(
      thrownCode(() => crossValidatedThresholds(y, logits, { candidates: ['expectedF1'] })),
    ).toBe('INVALID_OPTION');
    expect(thrownCode(() => crossValidatedThresholds(y, s, { metric: 'fbeta', beta: -1 }))).toBe(
      'INVALID_OPTION',
    );
    expect(() => crossValidatedThresholds(y, s, { nFold: 3 } as object)).toThrow(
      'has no option `nFold`. Did you mean `nFolds`?',
    );
    expect(thrownCode(() => crossValidatedThresholds(y, s.slice(1)))).toBe('SHAPE_MISMATCH');
    const cv = crossValidatedThresholds(y, s, { nFolds: 2 });
    expect(thrownCode(() => cv.apply([[0.5]]))).toBe('SHAPE_MISMATCH');
    expect(() => cv.apply([[0.5]])).toThrow(
      `\`scores\` has 1 columns but the rule was fitted on ${s[0].length} labels.`,
    );
    expect(() => rankCut(y, s).apply([[0.5]])).toThrow(
      `\`scores\` has 1 columns but the rule was learned on ${s[0].length} labels.`,
    );
    const nan = s[0].map((_, j) => (j === 0 ? Number.NaN : 0.5));
    expect(thrownCode(() => cv.apply([nan]))).toBe('NON_FINITE_VALUES');
  });

  describe('`folds`, the deprecated name of `nFolds` (removed in 0.3.0)', () => {
    const { y, s } = synthetic(40, 3, 8);

    it.each([2, 3, 5])('gives the same choice as nFolds: %i', (n) => {
      const candidates: DecisionRuleName[] = ['global', 'rankCut', 'perLabel'];
      const alias = crossValidatedThresholds(y, s, { folds: n, seed: 2, candidates });
      const current = crossValidatedThresholds(y, s, { nFolds: n, seed: 2, candidates });
      expect(alias.rule).toBe(current.rule);
      expect(alias.scores).toEqual(current.scores);
      expect(Array.from(alias.apply(s).data)).toEqual(Array.from(current.apply(s).data));
    });

    it('is validated under the name given', () => {
      expect(() => crossValidatedThresholds(y, s, { folds: 1 })).toThrow(
        '`folds` must be an integer >= 2 and <= 9007199254740991 (Number.MAX_SAFE_INTEGER), but got 1.',
      );
    });

    it('throws INVALID_OPTION naming both when both are given', () => {
      expect(thrownCode(() => crossValidatedThresholds(y, s, { nFolds: 3, folds: 3 }))).toBe(
        'INVALID_OPTION',
      );
      expect(() => crossValidatedThresholds(y, s, { nFolds: 3, folds: 4 })).toThrow(
        '`crossValidatedThresholds` got both `nFolds` and `folds`, the deprecated name of `nFolds`; pass only `nFolds`.',
      );
    });

    it('points a misspelt alias to nFolds', () => {
      expect(() => crossValidatedThresholds(y, s, { fold: 3 } as object)).toThrow(
        'has no option `fold`. Did you mean `nFolds`?',
      );
    });
  });
});

describe('rule names', () => {
  it('lists every strategy and rule once, in camelCase, frozen', () => {
    expect(THRESHOLD_STRATEGIES).toEqual(['global', 'perLabel', 'micro']);
    expect(DECISION_RULES.join(' ')).toBe(
      'fixed global rankCut mCut proportionalCut expectedF1 micro perLabel',
    );
    expect(Object.isFrozen(THRESHOLD_STRATEGIES)).toBe(true);
    expect(Object.isFrozen(DECISION_RULES)).toBe(true);
  });

  describe("'per-label', the deprecated spelling of 'perLabel' (removed in 0.3.0)", () => {
    const { y, s } = synthetic(60, 3, 2);

    it('gives optimizeThresholds the same thresholds and score', () => {
      const alias = optimizeThresholds(y, s, { strategy: 'per-label' });
      const current = optimizeThresholds(y, s, { strategy: 'perLabel' });
      expect(Array.from(alias.values)).toEqual(Array.from(current.values));
      expect(alias.score).toBe(current.score);
      expect(alias.toJSON()).toEqual(current.toJSON());
      // Its own best thresholds differ from the global one on this data.
      const global = optimizeThresholds(y, s, { strategy: 'global' });
      expect(Array.from(alias.values)).not.toEqual(Array.from(global.values));
    });

    it('is a candidate of crossValidatedThresholds, named perLabel in the result', () => {
      const alias = crossValidatedThresholds(y, s, {
        nFolds: 3,
        seed: 1,
        candidates: ['global', 'per-label'],
      });
      const current = crossValidatedThresholds(y, s, {
        nFolds: 3,
        seed: 1,
        candidates: ['global', 'perLabel'],
      });
      expect(Object.keys(alias.scores)).toEqual(['global', 'perLabel']);
      expect(alias.scores).toEqual(current.scores);
      expect(alias.rule).toBe(current.rule);
      const only = crossValidatedThresholds(y, s, { nFolds: 3, candidates: ['per-label'] });
      expect(only.rule).toBe('perLabel');
      expect(Array.from(only.thresholds?.values ?? [])).toEqual(
        Array.from(optimizeThresholds(y, s, { strategy: 'perLabel' }).values),
      );
    });

    it('counts once when given with its new spelling', () => {
      const cv = crossValidatedThresholds(y, s, {
        nFolds: 3,
        candidates: ['perLabel', 'per-label'],
      });
      expect(Object.keys(cv.scores)).toEqual(['perLabel']);
    });

    it('is not listed among the choices of an unknown name', () => {
      expect(() => optimizeThresholds(y, s, { strategy: 'perlabel' as 'perLabel' })).toThrow(
        '`strategy` must be one of "global", "perLabel", "micro", but got "perlabel".',
      );
    });
  });
});

/**
 * Each decision rule of `crossValidatedThresholds` built by hand from the public functions: the
 * reference its test rebuilds out-of-fold decisions with, and the rows of bench/thresholds.
 */
import type { LabelMatrix, ScoreMatrix } from '../../src/core/matrix.js';
import {
  type DecisionMatrix,
  type DecisionRuleName,
  expectedF1Decision,
  mCut,
  optimizeThresholds,
  proportionalCut,
  rankCut,
  Thresholds,
} from '../../src/thresholds/index.js';

/** What a rule is fitted on and applied to. */
export interface RuleData {
  /** The labels and scores the rules that fit are fitted on. */
  yFit: LabelMatrix;
  sFit: ScoreMatrix;
  /** The scores to decide. */
  sApply: ScoreMatrix;
  /** The number of labels. */
  cols: number;
  /** The average that 'global' and 'rankCut' optimize. */
  average: 'micro' | 'macro' | 'samples';
  /** Each label's prior, for 'proportionalCut'. */
  priors: () => number[];
}

/** The decisions of `rule` on `sApply`. */
export function decideByRule(rule: DecisionRuleName, d: RuleData): DecisionMatrix {
  const { yFit, sFit, sApply, average } = d;
  switch (rule) {
    case 'fixed':
      return new Thresholds(new Array(d.cols).fill(0.5)).apply(sApply);
    case 'global':
      return optimizeThresholds(yFit, sFit, { strategy: 'global', average }).apply(sApply);
    case 'micro':
    case 'perLabel':
      return optimizeThresholds(yFit, sFit, { strategy: rule }).apply(sApply);
    case 'rankCut':
      return rankCut(yFit, sFit, { average }).apply(sApply);
    case 'mCut':
      return mCut(sApply);
    case 'proportionalCut':
      return proportionalCut(sApply, d.priors());
    case 'expectedF1':
      return expectedF1Decision(sApply);
  }
}

import type { CountScore } from '../core/kernels/count-averaging.js';
import { precisionFromCounts, recallFromCounts } from '../core/kernels/count-scores.js';
import { checkNumber } from '../core/validate.js';
import type { BestCutIndex, CutList } from './cut-list.js';

/**
 * Operating points: the best cut of a list among those whose precision (or recall) reaches a
 * floor, as deployed systems are tuned ("the best recall at precision >= 0.9"). The floor is
 * checked on the counts of each cut, so the search stays exact: every cut point is a
 * candidate, the empty one included (its precision is `zeroDivision`).
 *
 * @internal
 * @module
 */

/** Floors on precision and recall (undefined: none). @internal */
export interface CutConstraint {
  readonly minPrecision: number | undefined;
  readonly minRecall: number | undefined;
  /** The value of a 0/0 precision or recall. */
  readonly zeroDivision: number;
}

/** Reads `minPrecision` and `minRecall` (each in [0, 1]); undefined when neither is given. @internal */
export function readConstraint(
  options: { minPrecision?: unknown; minRecall?: unknown },
  zeroDivision: number,
): CutConstraint | undefined {
  const { minPrecision, minRecall } = options;
  if (minPrecision === undefined && minRecall === undefined) return undefined;
  return {
    minPrecision:
      minPrecision === undefined
        ? undefined
        : checkNumber(minPrecision, 'minPrecision', { min: 0, max: 1 }),
    minRecall:
      minRecall === undefined ? undefined : checkNumber(minRecall, 'minRecall', { min: 0, max: 1 }),
    zeroDivision,
  };
}

/** Whether the counts meet the floors. @internal */
export function meetsConstraint(
  constraint: CutConstraint,
  tp: number,
  fp: number,
  fn: number,
): boolean {
  const { minPrecision, minRecall, zeroDivision } = constraint;
  if (minPrecision !== undefined && !(precisionFromCounts(tp, fp, zeroDivision) >= minPrecision)) {
    return false;
  }
  return minRecall === undefined || recallFromCounts(tp, fn, zeroDivision) >= minRecall;
}

/**
 * The cut with the highest `evaluate(tn, fp, fn, tp)` among those meeting `constraint`, the
 * empty cut included; on a tie the earlier one (fewer predicted cells, higher threshold).
 * Undefined when no cut meets it.
 *
 * @internal
 */
export function bestConstrainedCut(
  cuts: CutList,
  evaluate: CountScore,
  constraint: CutConstraint,
): BestCutIndex | undefined {
  const { positives, negatives, tp, fp } = cuts;
  let best: BestCutIndex | undefined;
  if (meetsConstraint(constraint, 0, 0, positives)) {
    best = { index: -1, value: evaluate(negatives, 0, positives, 0) };
  }
  for (let c = 0; c < cuts.count; c++) {
    if (!meetsConstraint(constraint, tp[c], fp[c], positives - tp[c])) continue;
    const v = evaluate(negatives - fp[c], fp[c], positives - tp[c], tp[c]);
    if (best === undefined || v > best.value) best = { index: c, value: v };
  }
  return best;
}

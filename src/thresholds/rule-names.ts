import { checkEnum } from '../core/validate.js';

/**
 * What {@link optimizeThresholds} tunes:
 * - `'global'`: one threshold shared by every label, maximising the metric combined by
 *   `average` (micro by default). Robust on small data.
 * - `'perLabel'`: each label its own threshold, maximising that label's own metric (hence
 *   also their macro mean). Overfits labels with few positives; see `minPositives` and
 *   `shrinkage`.
 * - `'micro'`: each label its own threshold, jointly maximising the micro-averaged metric.
 *
 * The former spelling `'per-label'` is accepted as an input until 0.3.0.
 *
 * @inline
 * @summary What {@link optimizeThresholds} tunes: global, per-label or micro thresholds.
 * @category Options
 * @example
 * ```ts
 * import type { ThresholdStrategy } from 'tfjs-multilabel/thresholds';
 *
 * const strategy: ThresholdStrategy = 'perLabel';
 * console.log(strategy); // 'perLabel'
 * ```
 */
export type ThresholdStrategy = 'global' | 'perLabel' | 'micro';

/**
 * The rules {@link crossValidatedThresholds} chooses from:
 * - `'fixed'`: one threshold `fixedThreshold` (0.5) for every label;
 * - `'global'`, `'micro'`, `'perLabel'`: {@link optimizeThresholds} with that strategy;
 * - `'rankCut'`: {@link rankCut} (a learned number of labels per row);
 * - `'mCut'`: {@link mCut} (largest gap per row; needs two labels or more);
 * - `'proportionalCut'`: {@link proportionalCut} with the label frequencies of the fitting rows;
 * - `'expectedF1'`: {@link expectedF1Decision} (needs probabilities in [0, 1]).
 *
 * The former spelling `'per-label'` is accepted as an input until 0.3.0; results use
 * `'perLabel'`.
 *
 * @inline
 * @summary The rules {@link crossValidatedThresholds} chooses from.
 * @category Options
 * @example
 * ```ts
 * import type { DecisionRuleName } from 'tfjs-multilabel/thresholds';
 *
 * const candidates: DecisionRuleName[] = ['fixed', 'global', 'rankCut'];
 * console.log(candidates.length); // 3
 * ```
 */
export type DecisionRuleName =
  | 'fixed'
  | 'global'
  | 'micro'
  | 'perLabel'
  | 'rankCut'
  | 'mCut'
  | 'proportionalCut'
  | 'expectedF1';

/**
 * Every {@link ThresholdStrategy} of {@link optimizeThresholds}. Frozen.
 *
 * @category Optimizers
 * @example
 * ```ts
 * import { THRESHOLD_STRATEGIES } from 'tfjs-multilabel/thresholds';
 *
 * console.log(THRESHOLD_STRATEGIES.join(' ')); // 'global perLabel micro'
 * ```
 */
export const THRESHOLD_STRATEGIES: readonly ThresholdStrategy[] = Object.freeze([
  'global',
  'perLabel',
  'micro',
]);

/**
 * Every {@link DecisionRuleName} of {@link crossValidatedThresholds}, simplest first: the order
 * of its default candidates, which it prefers in that order on equal scores. Frozen.
 *
 * @summary The rule names of {@link crossValidatedThresholds}, simplest first.
 * @category Optimizers
 * @example
 * ```ts
 * import { DECISION_RULES } from 'tfjs-multilabel/thresholds';
 *
 * console.log(DECISION_RULES.length); // 8
 * console.log(DECISION_RULES[7]); // 'perLabel'
 * ```
 */
export const DECISION_RULES: readonly DecisionRuleName[] = Object.freeze([
  'fixed',
  'global',
  'rankCut',
  'mCut',
  'proportionalCut',
  'expectedF1',
  'micro',
  'perLabel',
]);

/**
 * Reads a strategy or rule name among `allowed`, taking the deprecated `'per-label'` as
 * `'perLabel'`; otherwise throws `INVALID_OPTION` as `checkEnum`.
 *
 * @internal
 */
export function readRuleName<const T extends string>(
  value: unknown,
  name: string,
  allowed: readonly T[],
): T {
  return checkEnum(value === 'per-label' ? 'perLabel' : value, name, allowed);
}

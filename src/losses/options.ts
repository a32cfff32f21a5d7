import { MultilabelError } from '../core/errors.js';
import { readIgnoreIndex } from '../core/readers.js';
import { checkBoolean, checkEnum, checkNumber, checkOptionKeys } from '../core/validate.js';
import { valueText } from '../core/value-text.js';
import { type ProbabilityCheck, probabilityCheck } from './probability-check.js';
import type { AssumeNegative, LossReduction } from './types.js';

/**
 * The options of the loss factories: the options every loss shares (with their defaults and the
 * one-time probability check) and `assumeNegative`. The per-label options (`posWeight`, `alpha`)
 * are read by `core/per-label.ts`.
 *
 * @internal
 * @module
 */

const COMMON_KEYS = ['fromLogits', 'reduction', 'labelSmoothing', 'ignoreIndex', 'name'] as const;
const ALL_REDUCTIONS: readonly LossReduction[] = ['mean', 'sum', 'none'];

/** The common options after checking, with their defaults filled in. @internal */
export interface CommonOptions {
  readonly fromLogits: boolean;
  readonly reduction: LossReduction;
  readonly labelSmoothing: number;
  readonly ignoreIndex: number | undefined;
  readonly name: string;
  /**
   * The one-time check that `yPred` does not look like probabilities, when `fromLogits` was left
   * at its default (stateful: one per loss instance); `undefined` when it was given.
   */
  readonly probabilityCheck: ProbabilityCheck | undefined;
}

/**
 * Checks the options object of the loss factory named `lossName`: unknown keys (its own keys are
 * `ownKeys`), then each common option. `reductions` lists the reductions the loss supports.
 *
 * @internal
 */
export function parseCommonOptions(
  options: unknown,
  lossName: string,
  ownKeys: readonly string[],
  reductions: readonly LossReduction[] = ALL_REDUCTIONS,
): CommonOptions {
  checkOptionKeys(options, [...COMMON_KEYS, ...ownKeys], lossName);
  const o = (options ?? {}) as Record<string, unknown>;
  const fromLogits = checkBoolean(o.fromLogits, 'fromLogits', true);
  const reduction = checkEnum(o.reduction ?? 'mean', 'reduction', reductions);
  const labelSmoothing = checkNumber(o.labelSmoothing ?? 0, 'labelSmoothing', { min: 0, max: 1 });
  const ignoreIndex = readIgnoreIndex(o.ignoreIndex);
  const name = o.name ?? lossName;
  if (typeof name !== 'string' || name.length === 0) {
    throw new MultilabelError(
      'INVALID_OPTION',
      `\`name\` must be a non-empty string (the log key), but got ${valueText(name)}.`,
    );
  }
  const check = o.fromLogits === undefined ? probabilityCheck(lossName) : undefined;
  return { fromLogits, reduction, labelSmoothing, ignoreIndex, name, probabilityCheck: check };
}

/** The `assumeNegative` option after checking: the target and the weight of a 0 label. @internal */
export interface NegativeTreatment {
  readonly target: number;
  readonly weight: number;
}

/**
 * Checks the `assumeNegative` option (see {@link AssumeNegative}); `undefined` gives target 0
 * and weight 1 (plain "assume negative").
 *
 * @internal
 */
export function readAssumeNegative(value: unknown): NegativeTreatment {
  if (value === undefined) return { target: 0, weight: 1 };
  checkOptionKeys(value, ['smoothing', 'weight'], 'assumeNegative');
  const o = value as AssumeNegative;
  const target = checkNumber(o.smoothing ?? 0, 'assumeNegative.smoothing', {
    min: 0,
    max: 1,
    maxExclusive: true,
  });
  const weight = checkNumber(o.weight ?? 1, 'assumeNegative.weight', { min: 0 });
  return { target, weight };
}

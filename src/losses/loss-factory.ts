import type * as tf from '@tensorflow/tfjs-core';
import { named } from '../core/named.js';
import { type CheckedInputs, checkInputs } from './inputs.js';
import type { Labels } from './labels.js';
import { type CommonOptions, parseCommonOptions } from './options.js';
import { type LossPlan, namedLoss, runLoss } from './run-loss.js';
import type { LossReduction, MultilabelLoss } from './types.js';

/**
 * The signature of the loss factories: options in, a loss out, whose `reduction` decides
 * whether it returns a scalar or the `[batch, labels]` per-cell losses. Each factory is a
 * `const` of this type made by {@link lossFactory}, that keeps its own TSDoc (tagged
 * `@function`, so the API site shows it as a function with this signature).
 *
 * @internal
 */
export type LossFactory<O> = <R extends LossReduction = 'mean'>(
  options?: O & { reduction?: R },
) => MultilabelLoss<'none' extends R ? tf.Tensor : tf.Scalar>;

/**
 * What sets one loss apart from the others: its name and own option keys, how it reads them
 * (once, when the factory is called) and how it plans each call.
 *
 * @internal
 */
export interface LossDefinition<O, S> {
  /** The loss's name: its default `name` (the log key), and the caller in its errors. */
  readonly name: string;
  /** Its own option keys, beside the common ones ({@link parseCommonOptions}). */
  readonly keys: readonly string[];
  /** The reductions it supports, when not all three (read before the common options). */
  readonly reductions?: (options: O | undefined) => readonly LossReduction[];
  /** Reads and checks its own options, after the common ones. */
  readonly settings: (options: O | undefined, common: CommonOptions) => S;
  /** The target a 0 label takes before smoothing (the `assumeNegative` smoothing), if any. */
  readonly negativeTarget?: (settings: S) => number;
  /** Per call, after the inputs are checked: the kernel and the divisor of `'mean'`. */
  readonly plan: (settings: S, inputs: CheckedInputs) => (labels: Labels) => LossPlan;
}

/**
 * Makes a loss factory: it checks the option keys and the common options, reads the loss's own
 * settings, and returns a named loss that checks its inputs and runs the planned kernel in one
 * `tf.customGrad` ({@link runLoss}). The factory itself is named `definition.name`.
 *
 * @internal
 */
export function lossFactory<O, S>(definition: LossDefinition<O, S>): LossFactory<O> {
  const { name, keys } = definition;
  const factory = (options?: O) => {
    const reductions = definition.reductions?.(options);
    const common = parseCommonOptions(options, name, keys, reductions);
    const settings = definition.settings(options, common);
    const rules = definition.negativeTarget
      ? { ...common, negativeTarget: definition.negativeTarget(settings) }
      : common;
    return namedLoss(common, (yTrue, yPred) => {
      const inputs = checkInputs(yTrue, yPred, name);
      return runLoss(inputs, rules, definition.plan(settings, inputs));
    });
  };
  return named(name, factory) as LossFactory<O>;
}

import type * as tf from '@tensorflow/tfjs-core';
import { checkInteger } from '../core/validate.js';
import type { EpochLoss, MultilabelLoss } from './types.js';

/** The epoch of one loss instance, checked when set. @internal */
export class EpochState {
  value = 0;
  readonly set = (epoch: number): void => {
    this.value = checkInteger(epoch, 'epoch', { min: 0 });
  };
}

/**
 * Gives `loss` the {@link EpochLoss} members backed by `state`, and the read-only `extra`
 * members (getters of what the epoch decides).
 *
 * @internal
 */
export function attachEpoch<L>(
  loss: MultilabelLoss<tf.Tensor>,
  state: EpochState,
  extra: Record<string, () => unknown> = {},
): L {
  const getters: PropertyDescriptorMap = {};
  for (const [key, get] of Object.entries(extra)) getters[key] = { get, enumerable: true };
  Object.defineProperties(loss, {
    epoch: { get: () => state.value, enumerable: true },
    ...getters,
    setEpoch: { value: state.set, enumerable: true },
    callback: { value: Object.freeze({ onEpochBegin: state.set }), enumerable: true },
  });
  return loss as L;
}

import type * as tf from '@tensorflow/tfjs-core';
import { checkInteger } from '../core/validate.js';
import type { MultilabelLoss } from './types.js';

/**
 * A loss whose value depends on the training epoch (it changes how it treats 0 labels as
 * training goes on): the epoch is set by its `callback` in `model.fit` (or `fitDataset`), or by
 * `setEpoch` in a custom training loop. {@link splcLoss} and {@link largeLossRejection} return
 * one.
 *
 * @summary A loss that knows the training epoch, with the callback that sets it.
 * @category Results
 * @example
 * ```ts
 * import { type EpochLoss, splcLoss } from 'tfjs-multilabel/losses';
 *
 * const loss: EpochLoss = splcLoss();
 * loss.callback.onEpochBegin(2); // what model.fit does as the third epoch begins
 * console.log(loss.epoch); // 2
 * ```
 */
export interface EpochLoss<T extends tf.Tensor = tf.Scalar> extends MultilabelLoss<T> {
  /** The current epoch, counted from 0 (0 until it is set). */
  readonly epoch: number;
  /** Sets the current epoch (a whole number `>= 0`); call it when an epoch begins. */
  setEpoch(epoch: number): void;
  /**
   * A tfjs-layers callback that sets the epoch when each epoch begins: pass it in `callbacks`
   * of `model.fit` or `model.fitDataset`.
   */
  readonly callback: {
    /** Sets the epoch to the one beginning (tfjs-layers passes it, counted from 0). */
    readonly onEpochBegin: (epoch: number) => void;
  };
}

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

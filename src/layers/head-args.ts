import type { serialization } from '@tensorflow/tfjs-core';
import * as tf from '@tensorflow/tfjs-core';
import type { Shape } from '@tensorflow/tfjs-layers';
import { MultilabelError } from '../core/errors.js';
import { checkInteger, checkOptionKeys } from '../core/validate.js';
import { valueText } from '../core/value-text.js';

/**
 * The tfjs-layers arguments every head accepts besides its own options (a subset of tfjs'
 * `LayerArgs`, which tfjs does not export).
 *
 * @expand
 * @summary The tfjs-layers arguments every head accepts besides its own options.
 * @category Options
 * @example
 * ```ts
 * import { csraHead } from 'tfjs-multilabel/layers';
 *
 * const head = csraHead({ units: 3, name: 'digits', inputShape: [7, 7, 16] });
 * console.log(head.name); // 'digits'
 * ```
 */
export interface HeadLayerArgs {
  /**
   * Layer name, unique within a model.
   *
   * @defaultValue derived from the class name, as tfjs does
   */
  name?: string;
  /**
   * Whether `fit` updates the trainable weights.
   *
   * @defaultValue `true`
   */
  trainable?: boolean;
  /**
   * Input shape without the batch axis, when the head is the first layer of a model.
   *
   * @defaultValue none: taken from the layer the head is applied to
   */
  inputShape?: (number | null)[];
  /**
   * Input shape with the batch axis; wins over `inputShape`.
   *
   * @defaultValue none: from `inputShape` and `batchSize`
   */
  batchInputShape?: (number | null)[];
  /**
   * Batch size that goes with `inputShape`.
   *
   * @defaultValue none: any batch size
   */
  batchSize?: number;
  /**
   * Only `'float32'` is supported.
   *
   * @defaultValue `'float32'`
   */
  dtype?: 'float32';
}

/** The keys of {@link HeadLayerArgs}, accepted by every head's constructor. @internal */
export const LAYER_ARG_KEYS = [
  'name',
  'trainable',
  'inputShape',
  'batchInputShape',
  'batchSize',
  'dtype',
] as const;

/**
 * Marks a constructor call made by `fromConfig` while a saved model loads: the fixed inputs
 * (adjacency, embeddings) then arrive later as saved weights instead of as options.
 *
 * @internal
 */
export const RESTORING = Symbol('tfjs-multilabel.restoring');

/** Whether `args` came from {@link restoreConfig}. @internal */
export function isRestoring(args: object): boolean {
  return (args as Record<symbol, unknown>)[RESTORING] === true;
}

/**
 * Copies a deserialised config for a head's constructor: drops the `customObjects` entry that
 * tfjs-layers adds during loading and marks the call as a restore.
 *
 * @internal
 */
export function restoreConfig(config: serialization.ConfigDict): object {
  const { customObjects: _ignored, ...rest } = config;
  return { ...rest, [RESTORING]: true };
}

/** Checks the options object of a head: an object with known keys only. @internal */
export function checkHeadArgs(args: unknown, known: readonly string[], caller: string): void {
  if (args === undefined || args === null) {
    throw new MultilabelError(
      'INVALID_ARGUMENT',
      `\`${caller}\` needs an options object, for example \`${caller}({ units: 10 })\`.`,
    );
  }
  // Layer configs read back from a saved model carry nulls for unset arguments.
  checkOptionKeys(args, [...known, ...LAYER_ARG_KEYS], caller, {}, true);
  const { dtype } = args as HeadLayerArgs;
  if (dtype !== undefined && dtype !== null && dtype !== 'float32') {
    throw new MultilabelError(
      'INVALID_OPTION',
      `\`dtype\` of \`${caller}\` must be 'float32', but got ${valueText(dtype)}.`,
    );
  }
}

/** An optional integer seed for the weight initialisers (`null` from a saved config = none). @internal */
export function checkOptionalSeed(seed: unknown, caller: string): number | undefined {
  if (seed === undefined || seed === null) return undefined;
  return checkInteger(seed, `${caller}: seed`, { min: 0, max: 2 ** 31 - 1 });
}

/**
 * The one input shape of a head, checked for the rank it needs, a known last axis and no
 * empty axis: the batch may be 0 (no rows, no logits), but a map without positions or tokens
 * has nothing to pool, and would give the bias alone as logits. `ranks` lists the accepted
 * ranks (with the batch axis); `what` describes them for the message.
 *
 * The unwrapping of a one-element list of shapes is tfjs-layers' `getExactlyOneShape`, which
 * its package does not export (it lives in `dist/utils/types_utils`, outside the public API);
 * ours also throws a {@link MultilabelError} that names the head and the input it needs.
 *
 * @internal
 */
export function checkInputShape(
  inputShape: unknown,
  ranks: readonly number[],
  what: string,
  layer: string,
): Shape {
  let shape = inputShape as Shape | Shape[];
  if (Array.isArray(shape) && shape.length === 1 && Array.isArray(shape[0])) {
    shape = shape[0] as Shape;
  }
  if (!Array.isArray(shape) || shape.some((d) => Array.isArray(d))) {
    throw new MultilabelError('INVALID_SHAPE', `\`${layer}\` takes exactly one input (${what}).`);
  }
  const flat = shape as Shape;
  const shown = `[${flat.map(String).join(', ')}]`;
  if (!ranks.includes(flat.length)) {
    throw new MultilabelError(
      'INVALID_SHAPE',
      `\`${layer}\` needs ${what}, but got an input of shape ${shown} (rank ${flat.length}).${
        flat.length === 2 && ranks.includes(4)
          ? ' It reads a spatial feature map: connect it to the last convolution block, before any global pooling or flatten.'
          : ''
      }`,
    );
  }
  const last = flat[flat.length - 1];
  if (typeof last !== 'number' || !Number.isInteger(last) || last < 1) {
    throw new MultilabelError(
      'INVALID_SHAPE',
      `\`${layer}\` needs a known number of features on the last input axis, but got ${valueText(last)}.`,
    );
  }
  for (let axis = 1; axis < flat.length - 1; axis++) {
    const size = flat[axis];
    if (size !== null && size !== undefined && !(Number.isInteger(size) && size >= 1)) {
      throw new MultilabelError(
        'EMPTY_INPUT',
        `\`${layer}\` needs ${what} with at least one position on every axis, but got an input of shape ${shown}: axis ${axis} has size ${valueText(size)}, so there is nothing to pool.`,
      );
    }
  }
  return flat;
}

/**
 * The tensor a built head is called on, checked from its shape and dtype alone (no value is
 * read): a live numeric tensor with {@link checkInputShape}'s shape rules and the `channels`
 * the head was built for.
 *
 * @internal
 */
export function checkCallInput(
  inputs: tf.Tensor | tf.Tensor[],
  ranks: readonly number[],
  what: string,
  layer: string,
  channels: number,
): tf.Tensor {
  if (Array.isArray(inputs) && inputs.length !== 1) {
    throw new MultilabelError('INVALID_SHAPE', `\`${layer}\` takes exactly one input (${what}).`);
  }
  const x = Array.isArray(inputs) ? inputs[0] : inputs;
  if (!(x instanceof tf.Tensor)) {
    throw new MultilabelError(
      'INVALID_ARGUMENT',
      `\`${layer}\` must be called on a tf.Tensor (${what}), but got ${x === null ? 'null' : typeof x}.`,
    );
  }
  if (x.isDisposed) {
    throw new MultilabelError(
      'INVALID_ARGUMENT',
      `\`${layer}\` was called on a disposed tensor; pass a live tensor (dispose it after the call).`,
    );
  }
  if (x.dtype !== 'float32' && x.dtype !== 'int32') {
    throw new MultilabelError(
      'INVALID_ARGUMENT',
      `\`${layer}\` needs numeric features (float32), but got a ${x.dtype} tensor. Cast it with tf.cast(x, 'float32').`,
    );
  }
  const shape = checkInputShape(x.shape, ranks, what, layer);
  if (shape[shape.length - 1] !== channels) {
    throw new MultilabelError(
      'SHAPE_MISMATCH',
      `\`${layer}\` was built for ${channels} features on the last axis, but got an input of shape [${x.shape.join(', ')}].`,
    );
  }
  return x;
}

/** The error of a head called before it was built. @internal */
export function notBuilt(layer: string): MultilabelError {
  return new MultilabelError(
    'INVALID_ARGUMENT',
    `\`${layer}\` was called before it was built; call it through \`apply\` on a tensor or in a model.`,
  );
}

/** The seed of the `index`-th weight of a layer, so no two weights start equal. @internal */
export function weightSeed(seed: number | undefined, index: number): number | undefined {
  return seed === undefined ? undefined : (seed + 7919 * index) % 2 ** 31;
}

const nameCounts = new Map<string, number>();

/**
 * `args` with a readable default layer name (`csra_head_1`, `csra_head_2`, ...) in place of
 * the one tfjs derives from the long, prefixed class name.
 *
 * @internal
 */
export function withDefaultName<T extends HeadLayerArgs>(args: T, prefix: string): T {
  if (args.name !== undefined && args.name !== null) return args;
  const count = (nameCounts.get(prefix) ?? 0) + 1;
  nameCounts.set(prefix, count);
  return { ...args, name: `${prefix}_${count}` };
}

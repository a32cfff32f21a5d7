import type { serialization } from '@tensorflow/tfjs-core';
import * as tf from '@tensorflow/tfjs-core';
import { initializers, type LayerVariable, layers, type Shape } from '@tensorflow/tfjs-layers';
import {
  checkCallInput,
  checkHeadArgs,
  checkInputShape,
  type HeadLayerArgs,
  notBuilt,
  restoreConfig,
  withDefaultName,
} from './head-args.js';

/**
 * What the shared code of a head needs to know of it: names for messages and default layer
 * names, its own option keys, and the input it reads.
 *
 * @internal
 */
export interface HeadSpec {
  /** The factory, as error messages name the layer (`'csraHead'`). */
  readonly layer: string;
  /** Prefix of the default layer names (`'csra_head'` gives `csra_head_1`, ...). */
  readonly prefix: string;
  /** The head's own option keys, besides {@link HeadLayerArgs}. */
  readonly keys: readonly string[];
  /** The accepted input ranks, with the batch axis. */
  readonly ranks: readonly number[];
  /** The input, as error messages describe it. */
  readonly input: string;
}

const BUILD: unique symbol = Symbol('build');
const FEATURES: unique symbol = Symbol('features');
const LOGITS: unique symbol = Symbol('logits');
const CONFIG: unique symbol = Symbol('config');

/**
 * The keys of the parts a head supplies to {@link HeadLayer}: its weights (`build`), the
 * feature count it was built for (`features`), its logits without the bias (`logits`) and its
 * own config entries (`config`). Symbols, not names: the entries do not export them, so the
 * parts stay internal (no user code calls or overrides them by accident).
 *
 * @internal
 */
export const part = { build: BUILD, features: FEATURES, logits: LOGITS, config: CONFIG } as const;

/**
 * The part every head shares: options and name checks, the input shape and call checks, the
 * output shape `[batch, L]`, the per-label bias, the config (own keys, then `useBias` and
 * `seed`) and the rebuild from a saved config. A head supplies its logits without the bias.
 *
 * @internal
 */
export abstract class HeadLayer extends layers.Layer {
  /** Number of labels L. */
  abstract readonly units: number;
  /** Whether the logits get a per-label bias. */
  abstract readonly useBias: boolean;
  /** Seed of the initialisers, if any. */
  abstract readonly seed: number | undefined;

  readonly #spec: HeadSpec;
  #bias: LayerVariable | undefined;

  /** Checks the options object (known keys, dtype) and names the layer. */
  constructor(args: HeadLayerArgs, spec: HeadSpec) {
    checkHeadArgs(args, spec.keys, spec.layer);
    super(withDefaultName(args, spec.prefix));
    this.#spec = spec;
  }

  /** Checks the input shape, then creates the head's weights and, last, the bias. */
  override build(inputShape: Shape | Shape[]): void {
    this[part.build](this.#readInputShape(inputShape));
    if (this.useBias) {
      this.#bias = this.addWeight('bias', [this.units], 'float32', initializers.zeros());
    }
    this.built = true;
  }

  /** `[batch, ..., features]` -> `[batch, L]`. */
  override computeOutputShape(inputShape: Shape | Shape[]): Shape {
    return [this.#readInputShape(inputShape)[0], this.units];
  }

  /** Logits `[batch, L]`: the head's own logits plus the bias. */
  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    const features = this[part.features]();
    if (features === undefined) throw notBuilt(this.#spec.layer);
    const { ranks, input, layer } = this.#spec;
    const x = checkCallInput(inputs, ranks, input, layer, features);
    // No rows, no logits (tfjs-backend-wasm's matMul fails on an empty batch).
    if (x.shape[0] === 0) return tf.zeros([0, this.units]);
    return tf.tidy(() => {
      const logits = this[part.logits](x);
      return this.#bias === undefined ? logits : tf.add(logits, this.#bias.read());
    });
  }

  /** The layer's options: tfjs' layer config, the head's own, then `useBias` and `seed`. */
  override getConfig(): serialization.ConfigDict {
    return {
      ...super.getConfig(),
      ...this[part.config](),
      useBias: this.useBias,
      seed: this.seed ?? null,
    };
  }

  /** Rebuilds the layer from its `getConfig()` while a saved model loads. */
  static override fromConfig<T extends serialization.Serializable>(
    cls: serialization.SerializableConstructor<T>,
    config: serialization.ConfigDict,
  ): T {
    return new cls(restoreConfig(config));
  }

  /** The input shape checked for this head (rank, known features, no empty axis). */
  #readInputShape(inputShape: unknown): Shape {
    const { ranks, input, layer } = this.#spec;
    return checkInputShape(inputShape, ranks, input, layer);
  }

  /** Creates the head's weights (without the bias) for a checked input shape. @internal */
  protected abstract [part.build](inputShape: Shape): void;

  /** The number of input features the head was built for, or undefined before the build. @internal */
  protected abstract [part.features](): number | undefined;

  /** Logits `[batch, L]` without the bias, for a checked input with at least one row. @internal */
  protected abstract [part.logits](x: tf.Tensor): tf.Tensor;

  /** The head's own config entries, in their saved order. @internal */
  protected abstract [part.config](): serialization.ConfigDict;
}

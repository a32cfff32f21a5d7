import type { serialization } from '@tensorflow/tfjs-core';
import * as tf from '@tensorflow/tfjs-core';
import { initializers, type LayerVariable, type Shape } from '@tensorflow/tfjs-layers';
import { MultilabelError } from '../core/errors.js';
import { checkBoolean, checkInteger, checkNumber } from '../core/validate.js';
import { valueText } from '../core/value-text.js';
import { checkOptionalSeed, type HeadLayerArgs, weightSeed } from './head-args.js';
import { HeadLayer, type HeadSpec, part } from './head-layer.js';
import { registerHead } from './head-registration.js';

/**
 * Options of {@link csraHead} and {@link ClassSpecificResidualAttention}.
 *
 * @expand
 * @category Options
 * @example
 * ```ts
 * import { csraHead, type CsraHeadArgs } from 'tfjs-multilabel/layers';
 *
 * const args: CsraHeadArgs = { units: 20, lambda: 0.5, temperatures: [1, 2, 4, Infinity] };
 * console.log(csraHead(args).temperatures); // [1, 2, 4, Infinity]
 * ```
 */
export interface CsraHeadArgs extends HeadLayerArgs {
  /** Number of labels L. */
  units: number;
  /**
   * Weight of the attention pooling beside the average pooling (`>= 0`).
   *
   * @defaultValue `0.1`
   */
  lambda?: number;
  /**
   * One attention head per entry, each with its own classifiers; the heads' logits are summed. A
   * temperature is a number > 0; `Infinity` (or `'max'`, its saved form) makes the attention
   * pooling a max pooling. The paper uses `[1]` for VOC and `[1, 2, 4, Infinity]` with
   * `lambda: 0.5` for COCO.
   *
   * @defaultValue `[1]`
   */
  temperatures?: (number | 'max')[];
  /**
   * Add a trainable per-label bias to the logits (the paper has none).
   *
   * @defaultValue `true`
   */
  useBias?: boolean;
  /**
   * Seed of the weight initialisers, for reproducible models.
   *
   * @defaultValue none: a random seed
   */
  seed?: number;
}

const SPEC: HeadSpec = {
  layer: 'csraHead',
  prefix: 'csra_head',
  keys: ['units', 'lambda', 'temperatures', 'useBias', 'seed'],
  ranks: [4],
  input: 'a spatial feature map of shape [batch, height, width, channels]',
};

/**
 * Class-specific residual attention (CSRA; Zhu & Wu, "Residual Attention: A Simple but
 * Effective Method for Multi-Label Recognition", ICCV 2021) on a spatial feature map.
 *
 * Each label i has a classifier m_i; its score at position k is s_ik = x_k · m_i / ‖m_i‖ (a
 * 1x1 convolution without bias, divided by the classifier norm). The logit adds to the
 * average of the scores over positions (global average pooling) `lambda` times an attention
 * pooling, Σ_k softmax_k(T s_ik) s_ik, which tends to the maximum as T grows
 * (`T = Infinity`). Several temperatures give several heads, summed.
 *
 * Input: a feature map `[batch, height, width, channels]` (channels last), with at least one
 * position (an empty map throws `EMPTY_INPUT`). Output: logits `[batch, L]`. Serialised under the class name `TfjsMultilabelClassSpecificResidualAttention`.
 *
 * @summary The CSRA head layer: per-label attention pooling of a feature map.
 * @category Heads
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import '@tensorflow/tfjs-backend-cpu';
 * import { ClassSpecificResidualAttention } from 'tfjs-multilabel/layers';
 *
 * const head = new ClassSpecificResidualAttention({ units: 4, temperatures: [1, Infinity] });
 * const logits = head.apply(tf.ones([2, 3, 3, 8])) as tf.Tensor;
 * console.log(logits.shape); // [2, 4]
 * logits.dispose();
 * ```
 */
export class ClassSpecificResidualAttention extends HeadLayer {
  /** The name under which tfjs saves and looks up the layer (prefixed so it cannot collide). */
  static className = 'TfjsMultilabelClassSpecificResidualAttention';
  static {
    // Registered once, when the class is evaluated: a bundle that keeps the class keeps this.
    registerHead(ClassSpecificResidualAttention);
  }
  /** Number of labels L. */
  readonly units: number;
  /** Weight of the attention pooling. */
  readonly lambda: number;
  /** Temperature of each head (`Infinity` = max pooling). */
  readonly temperatures: readonly number[];
  /** Whether the logits get a per-label bias. */
  readonly useBias: boolean;
  /** Seed of the initialisers, if any. */
  readonly seed: number | undefined;

  private kernels: LayerVariable[] = [];

  /**
   * @param args Options; `units` is required.
   * @throws {@link MultilabelError} on a missing or bad `units`, a negative `lambda`, an empty
   *   or non-positive `temperatures`, or an unknown option.
   */
  constructor(args: CsraHeadArgs) {
    super(args, SPEC);
    const fn = SPEC.layer;
    this.units = checkInteger(args.units, `${fn}: units`, { min: 1 });
    this.lambda = checkNumber(args.lambda ?? 0.1, `${fn}: lambda`, { min: 0 });
    this.temperatures = readTemperatures(args.temperatures ?? [1], fn);
    this.useBias = checkBoolean(args.useBias ?? true, `${fn}: useBias`);
    this.seed = checkOptionalSeed(args.seed, fn);
  }

  /** Creates one `[channels, L]` classifier per head for a map `[batch, h, w, channels]`. @internal */
  protected override [part.build](shape: Shape): void {
    const channels = shape[3] as number;
    this.kernels = this.temperatures.map((_, i) =>
      this.addWeight(
        `kernel_${i}`,
        [channels, this.units],
        'float32',
        initializers.glorotUniform({ seed: weightSeed(this.seed, i) }),
      ),
    );
  }

  /** The channels of the map the head was built for. @internal */
  protected override [part.features](): number | undefined {
    return this.kernels[0]?.shape[0] as number | undefined;
  }

  /** Logits `[batch, L]` (without the bias) for a feature map `[batch, h, w, channels]`. @internal */
  protected override [part.logits](x: tf.Tensor): tf.Tensor {
    const [batch, height, width, channels] = x.shape;
    const tokens = tf.reshape(x, [batch * height * width, channels]);
    let logits: tf.Tensor | undefined;
    for (let i = 0; i < this.kernels.length; i++) {
      const kernel = this.kernels[i].read();
      const unit = tf.div(kernel, tf.norm(kernel, 'euclidean', 0, true));
      // Scores per label and position: [batch, L, positions].
      const scores = tf.transpose(
        tf.reshape(tf.matMul(tokens, unit), [batch, height * width, this.units]),
        [0, 2, 1],
      );
      const average = tf.mean(scores, -1);
      const t = this.temperatures[i];
      const attention =
        t === Number.POSITIVE_INFINITY
          ? tf.max(scores, -1)
          : tf.sum(tf.mul(tf.softmax(tf.mul(scores, t)), scores), -1);
      const head = tf.add(average, tf.mul(attention, this.lambda));
      logits = logits === undefined ? head : tf.add(logits, head);
    }
    return logits as tf.Tensor;
  }

  /** The own options (an infinite temperature is saved as `'max'`: JSON has no Infinity). @internal */
  protected override [part.config](): serialization.ConfigDict {
    return {
      units: this.units,
      lambda: this.lambda,
      temperatures: this.temperatures.map((t) => (t === Number.POSITIVE_INFINITY ? 'max' : t)),
    };
  }
}

/**
 * Creates a {@link ClassSpecificResidualAttention} head (CSRA): per-label average plus
 * attention pooling of a spatial feature map. Put it on the last convolution block, instead of
 * global pooling and a dense layer.
 *
 * @summary Creates a {@link ClassSpecificResidualAttention} head, for a spatial feature map.
 * @category Heads
 * @param args Options; `units` (the number of labels) is required.
 * @returns The layer, whose output is logits `[batch, L]`.
 * @throws {@link MultilabelError} on a bad option at creation; when the layer is built on an
 *   input that is not a `[batch, h, w, channels]` map (`INVALID_SHAPE`) or has a height or width
 *   of 0 (`EMPTY_INPUT`: nothing to pool; an empty batch is fine); and when it is called on such
 *   a map, a disposed or non-numeric tensor, or other channels than it was built for. All from
 *   the shapes: no value is read.
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import '@tensorflow/tfjs-backend-cpu';
 * import * as tfl from '@tensorflow/tfjs-layers';
 * import { csraHead } from 'tfjs-multilabel/layers';
 *
 * const image = tfl.input({ shape: [28, 28, 1] });
 * const features = tfl.layers.conv2d({ filters: 8, kernelSize: 3, activation: 'relu' }).apply(image);
 * const logits = csraHead({ units: 10, lambda: 0.2 }).apply(features) as tfl.SymbolicTensor;
 * const model = tfl.model({ inputs: image, outputs: logits });
 * console.log(model.outputs[0].shape); // [null, 10]
 * ```
 */
export function csraHead(args: CsraHeadArgs): ClassSpecificResidualAttention {
  return new ClassSpecificResidualAttention(args);
}

function readTemperatures(value: unknown, caller: string): number[] {
  if (!Array.isArray(value) || value.length === 0) {
    throw new MultilabelError(
      'INVALID_OPTION',
      `\`${caller}: temperatures\` must be a non-empty array such as [1] or [1, 2, 4, Infinity], but got ${valueText(value)}.`,
    );
  }
  return value.map((t: unknown, i) => {
    if (t === 'max' || t === Number.POSITIVE_INFINITY) return Number.POSITIVE_INFINITY;
    return checkNumber(t, `${caller}: temperatures[${i}]`, { min: 0, minExclusive: true });
  });
}

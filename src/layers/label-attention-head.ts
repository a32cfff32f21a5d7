import type { serialization } from '@tensorflow/tfjs-core';
import * as tf from '@tensorflow/tfjs-core';
import { initializers, type LayerVariable, type Shape } from '@tensorflow/tfjs-layers';
import { MultilabelError } from '../core/errors.js';
import { checkBoolean, checkInteger } from '../core/validate.js';
import { checkOptionalSeed, type HeadLayerArgs, notBuilt, weightSeed } from './head-args.js';
import { HeadLayer, type HeadSpec, part } from './head-layer.js';
import { layerNorm, multiHeadAttention, queryAttention } from './head-ops.js';
import { registerHead } from './head-registration.js';

/**
 * Options of {@link labelAttentionHead} and {@link LabelAttentionHead}.
 *
 * @expand
 * @category Options
 * @example
 * ```ts
 * import { labelAttentionHead, type LabelAttentionHeadArgs } from 'tfjs-multilabel/layers';
 *
 * const args: LabelAttentionHeadArgs = { units: 80, queries: 20, numHeads: 4, keyDim: 16 };
 * console.log(labelAttentionHead(args).groupSize); // 4
 * ```
 */
export interface LabelAttentionHeadArgs extends HeadLayerArgs {
  /** Number of labels L. */
  units: number;
  /**
   * Number of learned label queries K, 1 to L. With
   * K = L each query owns one label (Query2Label); with fewer, query k decodes a group of
   * ⌈L / K⌉ labels (ML-Decoder's group decoding), which keeps the cost flat as L grows.
   *
   * @defaultValue min(L, 100), as ML-Decoder
   */
  queries?: number;
  /**
   * Attention heads.
   *
   * @defaultValue `2`
   */
  numHeads?: number;
  /**
   * Size of each attention head; the model width is d = `numHeads * keyDim`.
   *
   * @defaultValue `16`
   */
  keyDim?: number;
  /**
   * After reading the features, let the queries attend to each other (the label-correlation
   * path). `false` gives ML-Decoder's decoder without self-attention.
   *
   * @defaultValue `true`
   */
  selfAttention?: boolean;
  /**
   * Add a trainable per-label bias to the logits.
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
  layer: 'labelAttentionHead',
  prefix: 'label_attention_head',
  keys: ['units', 'queries', 'numHeads', 'keyDim', 'selfAttention', 'useBias', 'seed'],
  ranks: [3, 4],
  input:
    'a spatial feature map [batch, height, width, channels] or tokens [batch, tokens, channels]',
};

interface AttentionWeights {
  query: LayerVariable;
  key: LayerVariable;
  value: LayerVariable;
  output: LayerVariable;
  gamma: LayerVariable;
  beta: LayerVariable;
}

/**
 * A label-query attention head in the spirit of ML-Decoder (Ridnik et al., WACV 2023) and
 * Query2Label (Liu et al. 2021), sized for browsers. K learned queries of width
 * d = `numHeads * keyDim` cross-attend to the feature tokens X (multi-head attention with key
 * and value projections from the feature channels), H = LN(Q + MHA(Q, X)); when
 * `selfAttention` is on, the queries then attend to each other, H = LN(H + MHA(H, H)), so each
 * label's evidence can depend on the others'. A group-wise linear layer turns query k into its
 * ⌈L / K⌉ logits. The cross-attention is computed in the order that never projects the tokens
 * (cost ∝ tokens x channels x K x numHeads, not tokens x channels x d).
 *
 * Input: a spatial map `[batch, h, w, channels]` or tokens `[batch, tokens, channels]`, with at
 * least one token (no token throws `EMPTY_INPUT`). Output: logits `[batch, L]`. No positional encoding is added (as ML-Decoder). Serialised
 * under the class name `TfjsMultilabelLabelAttentionHead`.
 *
 * @summary A label-query attention head (ML-Decoder / Query2Label style).
 * @category Heads
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import '@tensorflow/tfjs-backend-cpu';
 * import { LabelAttentionHead } from 'tfjs-multilabel/layers';
 *
 * const head = new LabelAttentionHead({ units: 5, numHeads: 2, keyDim: 4 });
 * const logits = head.apply(tf.ones([2, 3, 3, 8])) as tf.Tensor;
 * console.log(logits.shape); // [2, 5]
 * logits.dispose();
 * ```
 */
export class LabelAttentionHead extends HeadLayer {
  /** The name under which tfjs saves and looks up the layer (prefixed so it cannot collide). */
  static className = 'TfjsMultilabelLabelAttentionHead';
  static {
    // Registered once, when the class is evaluated: a bundle that keeps the class keeps this.
    registerHead(LabelAttentionHead);
  }
  /** Number of labels L. */
  readonly units: number;
  /** Number of label queries K. */
  readonly queries: number;
  /** Logits decoded per query, ⌈L / K⌉. */
  readonly groupSize: number;
  /** Attention heads. */
  readonly numHeads: number;
  /** Size of each attention head. */
  readonly keyDim: number;
  /** Whether the queries attend to each other. */
  readonly selfAttention: boolean;
  /** Whether the logits get a per-label bias. */
  readonly useBias: boolean;
  /** Seed of the initialisers, if any. */
  readonly seed: number | undefined;

  private queryEmbeddings: LayerVariable | undefined;
  private cross: AttentionWeights | undefined;
  private self: AttentionWeights | undefined;
  private groupKernel: LayerVariable | undefined;

  /**
   * @param args Options; `units` is required.
   * @throws {@link MultilabelError} on a bad `units`, `queries` outside [1, units], a bad
   *   `numHeads` or `keyDim`, or an unknown option.
   */
  constructor(args: LabelAttentionHeadArgs) {
    super(args, SPEC);
    const fn = SPEC.layer;
    this.units = checkInteger(args.units, `${fn}: units`, { min: 1 });
    this.queries = checkInteger(args.queries ?? Math.min(this.units, 100), `${fn}: queries`, {
      min: 1,
      max: this.units,
    });
    this.groupSize = Math.ceil(this.units / this.queries);
    this.numHeads = checkInteger(args.numHeads ?? 2, `${fn}: numHeads`, { min: 1 });
    this.keyDim = checkInteger(args.keyDim ?? 16, `${fn}: keyDim`, { min: 1 });
    this.selfAttention = checkBoolean(args.selfAttention ?? true, `${fn}: selfAttention`);
    this.useBias = checkBoolean(args.useBias ?? true, `${fn}: useBias`);
    this.seed = checkOptionalSeed(args.seed, fn);
  }

  /** Creates the weights for a map `[batch, h, w, channels]` or tokens `[batch, n, channels]`. @internal */
  protected override [part.build](shape: Shape): void {
    const channels = shape[shape.length - 1] as number;
    const d = this.numHeads * this.keyDim;
    let index = 0;
    const glorot = () => initializers.glorotUniform({ seed: weightSeed(this.seed, index++) });
    this.queryEmbeddings = this.addWeight(
      'query_embeddings',
      [this.queries, d],
      'float32',
      initializers.randomNormal({ mean: 0, stddev: 1, seed: weightSeed(this.seed, index++) }),
    );
    // Cross-attention reads the input channels; self-attention the query width.
    const attention = (prefix: string, inputs: number): AttentionWeights => ({
      query: this.addWeight(`${prefix}_query_kernel`, [d, d], 'float32', glorot()),
      key: this.addWeight(`${prefix}_key_kernel`, [inputs, d], 'float32', glorot()),
      value: this.addWeight(`${prefix}_value_kernel`, [inputs, d], 'float32', glorot()),
      output: this.addWeight(`${prefix}_output_kernel`, [d, d], 'float32', glorot()),
      gamma: this.addWeight(`${prefix}_norm_gamma`, [d], 'float32', initializers.ones()),
      beta: this.addWeight(`${prefix}_norm_beta`, [d], 'float32', initializers.zeros()),
    });
    this.cross = attention('cross', channels);
    this.self = this.selfAttention ? attention('self', d) : undefined;
    this.groupKernel = this.addWeight(
      'group_kernel',
      [this.queries, d, this.groupSize],
      'float32',
      glorot(),
    );
  }

  /** The channels of the input the head was built for. @internal */
  protected override [part.features](): number | undefined {
    return this.cross?.key.shape[0] as number | undefined;
  }

  /**
   * Logits `[batch, L]` (without the bias) for a map `[batch, h, w, channels]` or tokens
   * `[batch, n, channels]`.
   *
   * @internal
   */
  protected override [part.logits](x: tf.Tensor): tf.Tensor {
    const cross = this.cross as AttentionWeights;
    const batch = x.shape[0];
    const channels = x.shape[x.rank - 1];
    // Every axis between the batch and the channels holds tokens (no -1: an empty batch has
    // no elements to infer it from).
    const count = x.shape.slice(1, -1).reduce((a, b) => a * b, 1);
    const tokens = tf.reshape(x, [batch, count, channels]);
    const queries = read(this.queryEmbeddings);
    const attended = queryAttention(queries, tokens, weightsOf(cross), this.numHeads, this.keyDim);
    let h = layerNorm(tf.add(queries, attended), cross.gamma.read(), cross.beta.read());
    if (this.self !== undefined) {
      const self = multiHeadAttention(h, h, weightsOf(this.self), this.numHeads, this.keyDim);
      h = layerNorm(tf.add(h, self), this.self.gamma.read(), this.self.beta.read());
    }
    // Group-wise linear: query k gives its groupSize logits, h_k @ W_k.
    const grouped = tf.matMul(tf.transpose(h, [1, 0, 2]), read(this.groupKernel));
    let logits = tf.reshape(tf.transpose(grouped, [1, 0, 2]), [
      batch,
      this.queries * this.groupSize,
    ]);
    if (this.queries * this.groupSize > this.units) {
      logits = tf.slice(logits, [0, 0], [batch, this.units]);
    }
    return logits;
  }

  /** The own options. @internal */
  protected override [part.config](): serialization.ConfigDict {
    return {
      units: this.units,
      queries: this.queries,
      numHeads: this.numHeads,
      keyDim: this.keyDim,
      selfAttention: this.selfAttention,
    };
  }
}

/**
 * Creates a {@link LabelAttentionHead}: learned label queries attend to the spatial features
 * and to each other, then a group-wise linear layer gives the logits. Put it on the last
 * convolution block (or on the tokens of a transformer backbone).
 *
 * @summary Creates a {@link LabelAttentionHead}, for a feature map or tokens.
 * @category Heads
 * @param args Options; `units` (the number of labels) is required.
 * @returns The layer, whose output is logits `[batch, L]`.
 * @throws {@link MultilabelError} on a bad option at creation; when the layer is built on an
 *   input that is neither `[batch, h, w, channels]` nor `[batch, tokens, channels]`
 *   (`INVALID_SHAPE`) or has no token (a height, width or token count of 0: `EMPTY_INPUT`; an
 *   empty batch is fine); and when it is called on such an input, a disposed or non-numeric
 *   tensor, or other channels than it was built for. All from the shapes: no value is read.
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import '@tensorflow/tfjs-backend-cpu';
 * import * as tfl from '@tensorflow/tfjs-layers';
 * import { labelAttentionHead } from 'tfjs-multilabel/layers';
 *
 * const image = tfl.input({ shape: [28, 28, 1] });
 * const features = tfl.layers.conv2d({ filters: 8, kernelSize: 3, strides: 2 }).apply(image);
 * const logits = labelAttentionHead({ units: 10, numHeads: 2, keyDim: 8 }).apply(features);
 * const model = tfl.model({ inputs: image, outputs: logits as tfl.SymbolicTensor });
 * console.log(model.outputs[0].shape); // [null, 10]
 * ```
 */
export function labelAttentionHead(args: LabelAttentionHeadArgs): LabelAttentionHead {
  return new LabelAttentionHead(args);
}

function weightsOf(w: AttentionWeights) {
  return {
    query: w.query.read(),
    key: w.key.read(),
    value: w.value.read(),
    output: w.output.read(),
  };
}

function read(weight: LayerVariable | undefined): tf.Tensor {
  if (weight === undefined) throw notBuilt(SPEC.layer);
  return weight.read();
}

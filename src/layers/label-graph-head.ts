import type { serialization } from '@tensorflow/tfjs-core';
import * as tf from '@tensorflow/tfjs-core';
import { initializers, type LayerVariable, type Shape } from '@tensorflow/tfjs-layers';
import { MultilabelError } from '../core/errors.js';
import type { MatrixInput } from '../core/matrix.js';
import { toFloatMatrix } from '../core/matrix-input.js';
import { assertFinite, checkBoolean, checkInteger, checkNumber } from '../core/validate.js';
import { valueText } from '../core/value-text.js';
import { graphPropagationMatrix, readAdjacency } from './graph-adjacency.js';
import { checkOptionalSeed, type HeadLayerArgs, isRestoring, weightSeed } from './head-args.js';
import { HeadLayer, type HeadSpec, part } from './head-layer.js';
import { activate, checkActivation, type HiddenActivation } from './head-ops.js';
import { registerHead } from './head-registration.js';

/**
 * Options of {@link labelGraphHead} and {@link LabelGraphHead}.
 *
 * @expand
 * @category Options
 * @example
 * ```ts
 * import { labelGraphHead, type LabelGraphHeadArgs } from 'tfjs-multilabel/layers';
 *
 * const args: LabelGraphHeadArgs = { adjacency: [[1, 0.6], [0.3, 1]], hiddenUnits: [32] };
 * console.log(labelGraphHead(args).units); // 2
 * ```
 */
export interface LabelGraphHeadArgs extends HeadLayerArgs {
  /**
   * Label co-occurrence as conditional probabilities, L x L: `adjacency[i][j]` = P(label j |
   * label i), as returned by `labelCooccurrence(y, { normalize: 'conditional' })` from
   * `tfjs-multilabel/data` on the training labels. Any matrix form (array of rows,
   * `{ data, shape }`, 2-D tensor).
   *
   * @defaultValue none: required, except when a saved model is loaded
   */
  adjacency?: MatrixInput;
  /**
   * Number of labels L; optional, but must equal the size of `adjacency` when given.
   *
   * @defaultValue the size of `adjacency`
   */
  units?: number;
  /**
   * Label embeddings, L x E (for example word vectors of the label names). Without them the
   * head learns an embedding of `embeddingDim` values per label.
   *
   * @defaultValue none: learned embeddings of `embeddingDim` values
   */
  labelEmbeddings?: MatrixInput;
  /**
   * Whether `fit` updates the embeddings.
   *
   * @defaultValue `false` when `labelEmbeddings` are given, `true` when learned
   */
  trainableEmbeddings?: boolean;
  /**
   * Size E of the learned embeddings.
   *
   * @defaultValue `64`, or the width of `labelEmbeddings` when given
   */
  embeddingDim?: number;
  /**
   * Widths of the hidden graph convolutions (`[]` for a single one).
   *
   * @defaultValue `[256]`
   */
  hiddenUnits?: number[];
  /**
   * Threshold at which a conditional probability becomes an edge.
   *
   * @defaultValue `0.4`, as ML-GCN
   */
  tau?: number;
  /**
   * Weight that a label gives to the labels it implies, in [0, 1].
   *
   * @defaultValue `0.2`, the paper's
   */
  p?: number;
  /**
   * Activation between graph convolutions.
   *
   * @defaultValue `'leakyRelu'` (slope 0.2)
   */
  activation?: HiddenActivation;
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
  layer: 'labelGraphHead',
  prefix: 'label_graph_head',
  keys: [
    'adjacency',
    'units',
    'labelEmbeddings',
    'trainableEmbeddings',
    'embeddingDim',
    'hiddenUnits',
    'tau',
    'p',
    'activation',
    'useBias',
    'seed',
  ],
  ranks: [2],
  input: 'pooled features of shape [batch, features]',
};

/**
 * A classifier head that produces one classifier vector per label from the label graph, as in
 * ML-GCN (Chen et al., "Multi-Label Image Recognition with Graph Convolutional Networks",
 * CVPR 2019). The co-occurrence matrix is binarised at `tau` and re-weighted with `p` (Eqs.
 * 7-8 of the paper) into Â; a stack of graph convolutions maps the label embeddings Z to the
 * classifiers, W = Â σ(Â Z W0) W1, and the logits are `features · Wᵀ + bias`.
 *
 * Input: pooled features `[batch, D]` (for images, after global pooling). Output: logits
 * `[batch, L]`. Â and given embeddings are stored as non-trainable weights, so a saved model
 * carries them and the config stays small. Serialised under the class name
 * `TfjsMultilabelLabelGraphHead`.
 *
 * @summary The ML-GCN head layer: label classifiers from the label co-occurrence graph.
 * @category Heads
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import '@tensorflow/tfjs-backend-cpu';
 * import * as tfl from '@tensorflow/tfjs-layers';
 * import { LabelGraphHead } from 'tfjs-multilabel/layers';
 *
 * const head = new LabelGraphHead({ adjacency: [[1, 0.5], [0.5, 1]], hiddenUnits: [8] });
 * const model = tfl.sequential({ layers: [tfl.layers.dense({ inputShape: [4], units: 6 }), head] });
 * console.log(model.outputs[0].shape); // [null, 2]
 * ```
 */
export class LabelGraphHead extends HeadLayer {
  /** The name under which tfjs saves and looks up the layer (prefixed so it cannot collide). */
  static className = 'TfjsMultilabelLabelGraphHead';
  static {
    // Registered once, when the class is evaluated: a bundle that keeps the class keeps this.
    registerHead(LabelGraphHead);
  }
  /** Number of labels L. */
  readonly units: number;
  /** Size E of the label embeddings. */
  readonly embeddingDim: number;
  /** Whether the embeddings are trained. */
  readonly trainableEmbeddings: boolean;
  /** Widths of the hidden graph convolutions. */
  readonly hiddenUnits: readonly number[];
  /** Edge threshold on the conditional probabilities. */
  readonly tau: number;
  /** Re-weighting factor of the neighbours. */
  readonly p: number;
  /** Activation between graph convolutions. */
  readonly activation: HiddenActivation;
  /** Whether the logits get a per-label bias. */
  readonly useBias: boolean;
  /** Seed of the initialisers, if any. */
  readonly seed: number | undefined;

  private pendingAdjacency: Float64Array | undefined;
  private pendingEmbeddings: Float64Array | undefined;
  private adjacencyWeight: LayerVariable | undefined;
  private embeddingWeight: LayerVariable | undefined;
  private kernels: LayerVariable[] = [];

  /**
   * @param args Options; `adjacency` is required.
   * @throws {@link MultilabelError} when `adjacency` is missing, not L x L, not finite or
   *   outside [0, 1], when `units` or `labelEmbeddings` disagree with it, or on a bad option.
   */
  constructor(args: LabelGraphHeadArgs) {
    super(args, SPEC);
    const fn = SPEC.layer;
    const restoring = isRestoring(args);
    this.tau = checkNumber(args.tau ?? 0.4, `${fn}: tau`, { min: 0, minExclusive: true, max: 1 });
    this.p = checkNumber(args.p ?? 0.2, `${fn}: p`, { min: 0, max: 1 });
    this.activation = checkActivation(args.activation ?? 'leakyRelu', `${fn}: activation`);
    this.useBias = checkBoolean(args.useBias ?? true, `${fn}: useBias`);
    this.seed = checkOptionalSeed(args.seed, fn);
    const hidden = args.hiddenUnits ?? [256];
    if (!Array.isArray(hidden)) {
      throw new MultilabelError(
        'INVALID_OPTION',
        `\`${fn}: hiddenUnits\` must be an array of layer widths such as [256], but got ${valueText(hidden)}.`,
      );
    }
    this.hiddenUnits = hidden.map((h, i) =>
      checkInteger(h, `${fn}: hiddenUnits[${i}]`, { min: 1 }),
    );

    let units: number;
    if (args.adjacency === undefined || args.adjacency === null) {
      if (!restoring) {
        throw new MultilabelError(
          'INVALID_ARGUMENT',
          `\`${fn}\` needs \`adjacency\`, the L x L label co-occurrence matrix: compute it on the training labels with \`labelCooccurrence(y, { normalize: 'conditional' })\` from 'tfjs-multilabel/data'.`,
        );
      }
      units = checkInteger(args.units, `${fn}: units`, { min: 1 });
    } else {
      const conditional = readAdjacency(args.adjacency, `${fn}: adjacency`);
      units = Math.round(Math.sqrt(conditional.length));
      if (args.units !== undefined && args.units !== null && args.units !== units) {
        throw new MultilabelError(
          'SHAPE_MISMATCH',
          `\`${fn}: units\` is ${valueText(args.units)} but \`adjacency\` is ${units} x ${units}; they must agree (one output per label). Leave \`units\` out to take it from \`adjacency\`.`,
        );
      }
      this.pendingAdjacency = graphPropagationMatrix(conditional, units, this.tau, this.p);
    }
    this.units = units;

    if (args.labelEmbeddings === undefined || args.labelEmbeddings === null) {
      this.embeddingDim = checkInteger(args.embeddingDim ?? 64, `${fn}: embeddingDim`, { min: 1 });
      this.trainableEmbeddings = checkBoolean(
        args.trainableEmbeddings ?? !restoring,
        `${fn}: trainableEmbeddings`,
      );
      if (!this.trainableEmbeddings && !restoring) {
        throw new MultilabelError(
          'INVALID_OPTION',
          `\`${fn}: trainableEmbeddings\` is false but no \`labelEmbeddings\` were given; pass the embeddings to keep fixed, or leave \`trainableEmbeddings\` out to learn them.`,
        );
      }
    } else {
      const name = `${fn}: labelEmbeddings`;
      const embeddings = toFloatMatrix(args.labelEmbeddings, name);
      assertFinite(embeddings, name);
      if (embeddings.rows !== units) {
        throw new MultilabelError(
          'SHAPE_MISMATCH',
          `\`${name}\` has ${embeddings.rows} rows but there are ${units} labels; give one embedding row per label, in the order of the adjacency.`,
        );
      }
      if (
        args.embeddingDim !== undefined &&
        args.embeddingDim !== null &&
        args.embeddingDim !== embeddings.cols
      ) {
        throw new MultilabelError(
          'SHAPE_MISMATCH',
          `\`${fn}: embeddingDim\` is ${valueText(args.embeddingDim)} but \`labelEmbeddings\` has ${embeddings.cols} columns; leave \`embeddingDim\` out to take it from the embeddings.`,
        );
      }
      this.embeddingDim = embeddings.cols;
      this.trainableEmbeddings = checkBoolean(
        args.trainableEmbeddings ?? false,
        `${fn}: trainableEmbeddings`,
      );
      this.pendingEmbeddings = Float64Array.from(embeddings.data);
    }
  }

  /** Creates the weights for pooled features `[batch, D]`. @internal */
  protected override [part.build](shape: Shape): void {
    const features = shape[1] as number;
    const l = this.units;
    this.adjacencyWeight = this.addWeight(
      'adjacency',
      [l, l],
      'float32',
      initializers.zeros(),
      undefined,
      false,
    );
    this.embeddingWeight = this.addWeight(
      'label_embeddings',
      [l, this.embeddingDim],
      'float32',
      initializers.randomNormal({ mean: 0, stddev: 1, seed: weightSeed(this.seed, 0) }),
      undefined,
      this.trainableEmbeddings,
    );
    const widths = [this.embeddingDim, ...this.hiddenUnits, features];
    this.kernels = [];
    for (let i = 0; i + 1 < widths.length; i++) {
      this.kernels.push(
        this.addWeight(
          `gcn_kernel_${i}`,
          [widths[i], widths[i + 1]],
          'float32',
          initializers.glorotUniform({ seed: weightSeed(this.seed, i + 1) }),
        ),
      );
    }
    if (this.pendingAdjacency !== undefined) {
      writeMatrix(this.adjacencyWeight, this.pendingAdjacency, [l, l]);
      this.pendingAdjacency = undefined;
    }
    if (this.pendingEmbeddings !== undefined) {
      writeMatrix(this.embeddingWeight, this.pendingEmbeddings, [l, this.embeddingDim]);
      this.pendingEmbeddings = undefined;
    }
  }

  /** The features the head was built for (undefined before the build). @internal */
  protected override [part.features](): number | undefined {
    const last = this.kernels[this.kernels.length - 1];
    if (last === undefined || this.adjacencyWeight === undefined) return undefined;
    return last.shape[1] as number;
  }

  /** Logits `[batch, L]` (without the bias) for pooled features `[batch, D]`. @internal */
  protected override [part.logits](x: tf.Tensor): tf.Tensor {
    const adjacency = (this.adjacencyWeight as LayerVariable).read();
    let h = (this.embeddingWeight as LayerVariable).read() as tf.Tensor;
    for (let i = 0; i < this.kernels.length; i++) {
      h = tf.matMul(adjacency, tf.matMul(h, this.kernels[i].read()));
      if (i + 1 < this.kernels.length) h = activate(h, this.activation);
    }
    return tf.matMul(x, h, false, true);
  }

  /** The own options; the adjacency and given embeddings travel as weights. @internal */
  protected override [part.config](): serialization.ConfigDict {
    return {
      units: this.units,
      embeddingDim: this.embeddingDim,
      trainableEmbeddings: this.trainableEmbeddings,
      hiddenUnits: [...this.hiddenUnits],
      tau: this.tau,
      p: this.p,
      activation: this.activation,
    };
  }
}

/**
 * Creates a {@link LabelGraphHead}: an ML-GCN classifier head that derives each label's
 * classifier from the label co-occurrence graph. Put it after global pooling.
 *
 * @summary Creates a {@link LabelGraphHead} (ML-GCN), for pooled features.
 * @category Heads
 * @param args Options; `adjacency` (from `labelCooccurrence(y, { normalize: 'conditional' })`
 *   of `tfjs-multilabel/data`) is required.
 * @returns The layer, whose output is logits `[batch, L]`.
 * @throws {@link MultilabelError} when `adjacency` is missing, not square, not finite or
 *   outside [0, 1], when `units`/`labelEmbeddings` disagree with it, or on an unknown option;
 *   when the layer is built on an input that is not `[batch, features]` with features >= 1
 *   (`INVALID_SHAPE`); and when it is called on such an input, a disposed or non-numeric
 *   tensor, or another feature count than it was built for.
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import '@tensorflow/tfjs-backend-cpu';
 * import * as tfl from '@tensorflow/tfjs-layers';
 * import { labelGraphHead } from 'tfjs-multilabel/layers';
 *
 * // P(label j | label i) on the training labels; here written out by hand.
 * const adjacency = [
 *   [1, 0.8, 0.1],
 *   [0.5, 1, 0.0],
 *   [0.2, 0.0, 1],
 * ];
 * const input = tfl.input({ shape: [16] });
 * const logits = labelGraphHead({ adjacency, hiddenUnits: [32] }).apply(input) as tfl.SymbolicTensor;
 * const model = tfl.model({ inputs: input, outputs: logits });
 * console.log(model.outputs[0].shape); // [null, 3]
 * ```
 */
export function labelGraphHead(args: LabelGraphHeadArgs): LabelGraphHead {
  return new LabelGraphHead(args);
}

function writeMatrix(weight: LayerVariable, values: Float64Array, shape: [number, number]): void {
  tf.tidy(() => {
    weight.write(tf.tensor2d(Float32Array.from(values), shape));
  });
}

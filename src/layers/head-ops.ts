import * as tf from '@tensorflow/tfjs-core';
import { checkEnum } from '../core/validate.js';

/**
 * The activation between a head's hidden layers: `'leakyRelu'` (slope 0.2 below zero, as in
 * ML-GCN), `'relu'`, `'elu'`, `'tanh'` or `'linear'` (none).
 *
 * @inline
 * @summary The activation between a head's hidden layers.
 * @category Options
 * @example
 * ```ts
 * import { labelGraphHead, type HiddenActivation } from 'tfjs-multilabel/layers';
 *
 * const activation: HiddenActivation = 'relu';
 * const head = labelGraphHead({ adjacency: [[1, 0.5], [0.5, 1]], activation });
 * console.log(head.activation); // 'relu'
 * ```
 */
export type HiddenActivation = 'leakyRelu' | 'relu' | 'elu' | 'tanh' | 'linear';

const HIDDEN_ACTIVATIONS: readonly HiddenActivation[] = [
  'leakyRelu',
  'relu',
  'elu',
  'tanh',
  'linear',
];

/** Checks an activation name. @internal */
export function checkActivation(value: unknown, name: string): HiddenActivation {
  return checkEnum(value, name, HIDDEN_ACTIVATIONS);
}

/** Applies a hidden activation. @internal */
export function activate(x: tf.Tensor, activation: HiddenActivation): tf.Tensor {
  switch (activation) {
    case 'leakyRelu':
      return tf.leakyRelu(x, 0.2);
    case 'relu':
      return tf.relu(x);
    case 'elu':
      return tf.elu(x);
    case 'tanh':
      return tf.tanh(x);
    case 'linear':
      return x;
  }
}

/** Epsilon of the layer normalisations inside the heads (as PyTorch's `LayerNorm`). @internal */
export const LAYER_NORM_EPSILON = 1e-5;

/** Layer normalisation over the last axis: (x - mean) / sqrt(var + eps) * gamma + beta. @internal */
export function layerNorm(x: tf.Tensor, gamma: tf.Tensor, beta: tf.Tensor): tf.Tensor {
  const { mean, variance } = tf.moments(x, -1, true);
  return tf.add(
    tf.mul(tf.mul(tf.sub(x, mean), tf.rsqrt(tf.add(variance, LAYER_NORM_EPSILON))), gamma),
    beta,
  );
}

/** [b, n, heads * keyDim] -> [b, heads, n, keyDim]. @internal */
export function splitHeads(x: tf.Tensor, heads: number, keyDim: number): tf.Tensor {
  const [b, n] = x.shape;
  return tf.transpose(tf.reshape(x, [b, n, heads, keyDim]), [0, 2, 1, 3]);
}

/** [b, heads, n, keyDim] -> [b, n, heads * keyDim]. @internal */
export function mergeHeads(x: tf.Tensor): tf.Tensor {
  const [b, heads, n, keyDim] = x.shape;
  return tf.reshape(tf.transpose(x, [0, 2, 1, 3]), [b, n, heads * keyDim]);
}

/**
 * Multi-head scaled dot-product attention (Vaswani et al. 2017) without biases:
 * softmax(Q Wq (K Wk)^T / sqrt(keyDim)) V Wv, heads concatenated, then Wo.
 * `queries` is [b, m, d] and `keys` [b, n, d']; the result is [b, m, heads * keyDim] @ Wo.
 *
 * @internal
 */
export function multiHeadAttention(
  queries: tf.Tensor,
  keys: tf.Tensor,
  weights: { query: tf.Tensor; key: tf.Tensor; value: tf.Tensor; output: tf.Tensor },
  heads: number,
  keyDim: number,
): tf.Tensor {
  const q = splitHeads(project(queries, weights.query), heads, keyDim);
  const k = splitHeads(project(keys, weights.key), heads, keyDim);
  const v = splitHeads(project(keys, weights.value), heads, keyDim);
  const scores = tf.mul(tf.matMul(q, k, false, true), 1 / Math.sqrt(keyDim));
  const attended = tf.matMul(tf.softmax(scores), v);
  return project(mergeHeads(attended), weights.output);
}

/**
 * Multi-head attention of m learned queries (shared by the batch) over the tokens of each
 * sample, equal to {@link multiHeadAttention}(queries, tokens) but computed in the order that
 * never projects the n tokens to the model width (n >> m in a head):
 * scores = (Q Wq_h Wk_hᵀ / sqrt(keyDim)) Xᵀ, and softmax(scores) (X Wv_h) = (softmax(scores) X) Wv_h.
 * `queries` is [m, d], `tokens` [b, n, c], `key` and `value` [c, d]; the result is [b, m, d].
 *
 * @internal
 */
export function queryAttention(
  queries: tf.Tensor,
  tokens: tf.Tensor,
  weights: { query: tf.Tensor; key: tf.Tensor; value: tf.Tensor; output: tf.Tensor },
  heads: number,
  keyDim: number,
): tf.Tensor {
  const [m] = queries.shape;
  const [b, n, c] = tokens.shape;
  // Per head, the queries in feature space: [heads, m, c], then [c, heads * m].
  const q = tf.transpose(
    tf.reshape(tf.matMul(queries, weights.query), [m, heads, keyDim]),
    [1, 0, 2],
  );
  const k = tf.transpose(tf.reshape(weights.key, [c, heads, keyDim]), [1, 2, 0]);
  const reach = tf.reshape(
    tf.transpose(tf.mul(tf.matMul(q, k), 1 / Math.sqrt(keyDim)), [2, 0, 1]),
    [c, heads * m],
  );
  // Scores [b, heads * m, n] and the attention-pooled tokens [b, heads * m, c].
  const scores = tf.transpose(
    tf.reshape(tf.matMul(tf.reshape(tokens, [b * n, c]), reach), [b, n, heads * m]),
    [0, 2, 1],
  );
  const pooled = tf.matMul(tf.softmax(scores), tokens);
  // Value projection per head: [heads, b * m, c] @ [heads, c, keyDim].
  const perHead = tf.reshape(tf.transpose(tf.reshape(pooled, [b, heads, m, c]), [1, 0, 2, 3]), [
    heads,
    b * m,
    c,
  ]);
  const v = tf.transpose(tf.reshape(weights.value, [c, heads, keyDim]), [1, 0, 2]);
  const values = tf.reshape(tf.matMul(perHead, v), [heads, b, m, keyDim]);
  const merged = tf.reshape(tf.transpose(values, [1, 2, 0, 3]), [b, m, heads * keyDim]);
  return project(merged, weights.output);
}

/** [..., n, d] @ [d, e] -> [..., n, e] for any number of leading axes. @internal */
export function project(x: tf.Tensor, kernel: tf.Tensor): tf.Tensor {
  const d = x.shape[x.rank - 1];
  const e = kernel.shape[1] as number;
  const flat = tf.matMul(tf.reshape(x, [-1, d]), kernel);
  return tf.reshape(flat, [...x.shape.slice(0, -1), e]);
}

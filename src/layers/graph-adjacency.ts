import { MultilabelError } from '../core/errors.js';
import type { MatrixInput } from '../core/matrix.js';
import { toFloatMatrix } from '../core/matrix-input.js';

/**
 * Reads a label co-occurrence matrix of conditional probabilities, `adjacency[i][j]` =
 * P(label j | label i), checking that it is square, finite and within [0, 1].
 *
 * @internal
 */
export function readAdjacency(adjacency: MatrixInput, name: string): Float64Array {
  const matrix = toFloatMatrix(adjacency, name);
  if (matrix.rows !== matrix.cols) {
    throw new MultilabelError(
      'INVALID_SHAPE',
      `\`${name}\` must be a square L x L matrix (one row and one column per label), but got shape [${matrix.rows}, ${matrix.cols}].`,
    );
  }
  const { data, cols } = matrix;
  for (let i = 0; i < data.length; i++) {
    if (!Number.isFinite(data[i])) {
      throw new MultilabelError(
        'NON_FINITE_VALUES',
        `\`${name}[${Math.floor(i / cols)}][${i % cols}]\` is ${data[i]}, but the adjacency holds conditional probabilities in [0, 1]. Compute it on the training labels with \`labelCooccurrence(y, { normalize: 'conditional' })\`, which gives 0 for labels without positives.`,
      );
    }
  }
  for (let i = 0; i < data.length; i++) {
    if (data[i] < 0 || data[i] > 1) {
      throw new MultilabelError(
        'INVALID_ARGUMENT',
        `\`${name}[${Math.floor(i / cols)}][${i % cols}]\` is ${data[i]}, but the adjacency holds conditional probabilities in [0, 1]. Pass \`labelCooccurrence(y, { normalize: 'conditional' })\` rather than raw counts.`,
      );
    }
  }
  return Float64Array.from(data);
}

/**
 * The propagation matrix of ML-GCN (Chen et al., CVPR 2019, Eqs. 7-8) from conditional
 * probabilities P (L x L, row-major, `P[i][j]` = P(label j | label i)):
 *
 * 1. binarise: B_ij = 1 when P_ij >= tau and i != j, else 0 (the diagonal is ignored);
 * 2. re-weight: A_ij = p * B_ij / sum_k B_ik for i != j and A_ii = 1 - p, so a label keeps
 *    1 - p of its own vector and shares p among the labels it implies; a label with no
 *    neighbour keeps A_ii = 1;
 * 3. normalise: D^-1/2 A D^-1/2 with D the row sums of A. Every row of A sums to 1, so D = I
 *    and the result equals A; the step is kept so the output is the paper's Â exactly.
 *
 * Row i of the result mixes the vectors of the labels that label i implies.
 *
 * @internal
 */
export function graphPropagationMatrix(
  conditional: Float64Array,
  labels: number,
  tau: number,
  p: number,
): Float64Array {
  const a = new Float64Array(labels * labels);
  for (let i = 0; i < labels; i++) {
    let neighbours = 0;
    for (let j = 0; j < labels; j++) {
      if (j !== i && conditional[i * labels + j] >= tau) neighbours++;
    }
    if (neighbours === 0) {
      a[i * labels + i] = 1;
      continue;
    }
    for (let j = 0; j < labels; j++) {
      if (j !== i && conditional[i * labels + j] >= tau) a[i * labels + j] = p / neighbours;
    }
    a[i * labels + i] = 1 - p;
  }
  const scale = new Float64Array(labels);
  for (let i = 0; i < labels; i++) {
    let sum = 0;
    for (let j = 0; j < labels; j++) sum += a[i * labels + j];
    scale[i] = sum > 0 ? 1 / Math.sqrt(sum) : 0;
  }
  for (let i = 0; i < labels; i++) {
    for (let j = 0; j < labels; j++) a[i * labels + j] *= scale[i] * scale[j];
  }
  return a;
}

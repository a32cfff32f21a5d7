/**
 * Shared by every subpath: the error type and the matrix forms the library accepts. These names
 * are re-exported by `tfjs-multilabel` and by each of its subpaths.
 *
 * @module core
 */
export { isMultilabelError, MultilabelError, type MultilabelErrorCode } from './errors.js';
export type {
  LabelMatrix,
  MatrixData,
  MatrixInput,
  ScoreMatrix,
  TensorLike2D,
} from './matrix.js';
export type { SparseLabelMatrix } from './sparse-label-matrix.js';
export type { TopKPredictions } from './top-k-predictions.js';

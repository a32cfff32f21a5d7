import * as tf from '@tensorflow/tfjs-core';
import { MultilabelError } from '../core/errors.js';
import { toLabelMatrix } from '../core/label-matrix.js';
import type { LabelMatrix } from '../core/matrix.js';

/**
 * The validation data of the fit callbacks (`[inputs, labels]`): read and checked once when a
 * callback is made, the inputs checked again before each use, and the one output of
 * `model.predict` checked against the labels.
 *
 * @internal
 * @module
 */

/** The validation data as read: the inputs (one tensor, or several) and the labels. @internal */
export interface ValidationData {
  readonly inputs: tf.Tensor[];
  /** Whether `model.predict` takes the inputs as an array (a model with several inputs). */
  readonly multipleInputs: boolean;
  /** The labels, missing cells as `MISSING_LABEL` (-1). */
  readonly labels: { readonly data: Int8Array; readonly shape: [number, number] };
}

/**
 * Reads `validationData`: `[inputs, labels]`, the inputs live tensors with one row per label
 * row, label cells equal to `ignoreIndex` (already read) kept as missing.
 *
 * @internal
 */
export function readValidationData(
  validationData: unknown,
  ignoreIndex: number | undefined,
): ValidationData {
  if (!Array.isArray(validationData) || validationData.length !== 2) {
    throw new MultilabelError(
      'INVALID_ARGUMENT',
      '`validationData` must be [inputs, labels]: the tensor(s) given to model.predict and their true labels.',
    );
  }
  const [x, y] = validationData as [unknown, LabelMatrix];
  const multipleInputs = Array.isArray(x);
  const inputs = (Array.isArray(x) ? x : [x]) as tf.Tensor[];
  if (inputs.length === 0) {
    throw new MultilabelError(
      'INVALID_ARGUMENT',
      '`validationData[0]` is an empty array; give the tensor (or tensors) that model.predict takes.',
    );
  }
  const data = { inputs, multipleInputs, labels: { data: new Int8Array(), shape: [0, 0] } };
  checkValidationInputs(data);
  const truth = toLabelMatrix(y, 'validationData[1]', { ignoreIndex });
  for (const input of inputs) {
    if (input.shape[0] !== truth.rows) {
      throw new MultilabelError(
        'SHAPE_MISMATCH',
        `\`validationData[0]\` has ${input.shape[0]} rows but the labels have ${truth.rows}; give one label row per input row.`,
      );
    }
  }
  return {
    inputs,
    multipleInputs,
    labels: { data: Int8Array.from(truth.data), shape: [truth.rows, truth.cols] },
  };
}

/**
 * Checks that every validation input is a live tensor with a rows axis (again before each use:
 * the inputs may have been disposed since the callback was made; say so, not tfjs).
 *
 * @internal
 */
export function checkValidationInputs(
  data: Pick<ValidationData, 'inputs' | 'multipleInputs'>,
): void {
  data.inputs.forEach((input, i) => {
    checkInput(input, data.multipleInputs ? `validationData[0][${i}]` : 'validationData[0]');
  });
}

/** A validation input: a live tensor with a rows axis. */
function checkInput(input: unknown, name: string): void {
  if (!(input instanceof tf.Tensor)) {
    throw new MultilabelError(
      'INVALID_ARGUMENT',
      `\`${name}\` must be a tf.Tensor (what model.predict takes), but got ${input === null ? 'null' : typeof input}.`,
    );
  }
  if (input.isDisposed) {
    throw new MultilabelError(
      'INVALID_ARGUMENT',
      `\`${name}\` has been disposed; keep the validation inputs alive while the callback is in use.`,
    );
  }
  if (input.rank === 0) {
    throw new MultilabelError(
      'INVALID_SHAPE',
      `\`${name}\` is a scalar; it needs one row per validation sample.`,
    );
  }
}

/**
 * The one output of `model.predict`, checked to be `[rows, cols]` of the labels; any other
 * output is disposed before the error. `caller` names the callback in the message.
 *
 * @internal
 */
export function checkedOutput(
  output: tf.Tensor | tf.Tensor[],
  cols: number,
  caller: string,
): tf.Tensor {
  if (Array.isArray(output)) {
    for (const t of output) t.dispose();
    throw new MultilabelError(
      'INVALID_ARGUMENT',
      `The model has several outputs; ${caller} needs one output of shape [rows, labels].`,
    );
  }
  if (output.shape.length !== 2 || output.shape[1] !== cols) {
    const shape = output.shape.join(', ');
    output.dispose();
    throw new MultilabelError(
      'SHAPE_MISMATCH',
      `The model output has shape [${shape}] but the labels have ${cols} columns.`,
    );
  }
  return output;
}

/**
 * What went wrong, as a stable machine-readable code. Messages may be reworded between
 * releases; codes are part of the public contract.
 *
 * - `INVALID_SHAPE`: an input is not a 2-D matrix, is ragged, or its `data` length does not
 *   match its `shape`.
 * - `SHAPE_MISMATCH`: two inputs that must agree in shape do not.
 * - `EMPTY_INPUT`: an input has no rows or no columns.
 * - `NON_BINARY_LABELS`: a label cell is not 0 or 1 (or the missing-label marker where allowed).
 * - `NON_FINITE_VALUES`: a score, weight or feature is `NaN` or infinite.
 * - `INVALID_OPTION`: an option has a value outside its allowed set or range.
 * - `UNKNOWN_OPTION`: an options object has a key the function does not know.
 * - `INVALID_ARGUMENT`: any other argument of the wrong type or value.
 * - `UNDEFINED_METRIC`: a metric is undefined for the input (scikit-learn raises there too).
 * - `PARSE_ERROR`: a text format (such as ARFF) could not be read.
 *
 * @summary What went wrong, as a stable machine-readable code.
 * @category Errors
 * @example
 * ```ts
 * import { MultilabelError, type MultilabelErrorCode } from 'tfjs-multilabel';
 *
 * const codes: MultilabelErrorCode[] = ['SHAPE_MISMATCH', 'EMPTY_INPUT'];
 * const error = new MultilabelError(codes[1], '`yTrue` has no rows: pass at least one row.');
 * console.log(codes.includes(error.code)); // true
 * ```
 */
export type MultilabelErrorCode =
  | 'INVALID_SHAPE'
  | 'SHAPE_MISMATCH'
  | 'EMPTY_INPUT'
  | 'NON_BINARY_LABELS'
  | 'NON_FINITE_VALUES'
  | 'INVALID_OPTION'
  | 'UNKNOWN_OPTION'
  | 'INVALID_ARGUMENT'
  | 'UNDEFINED_METRIC'
  | 'PARSE_ERROR';

/** Brand shared by every copy of the library loaded in one realm (see {@link isMultilabelError}). */
const BRAND = Symbol.for('tfjs-multilabel.MultilabelError');

/**
 * The one error type thrown by tfjs-multilabel for bad input or options. `code` tells the kind
 * of problem; `message` names the argument at fault and how to fix it.
 *
 * @summary The one error type of the library, with a machine-readable `code`.
 * @category Errors
 * @example
 * ```ts
 * import { MultilabelError } from 'tfjs-multilabel';
 *
 * const error = new MultilabelError('SHAPE_MISMATCH', '`yScore` has shape [2, 3] but `yTrue` has shape [2, 4].');
 * console.log(error.code); // 'SHAPE_MISMATCH'
 * console.log(error.name); // 'MultilabelError'
 * ```
 */
export class MultilabelError extends Error {
  /** The kind of problem, stable across releases. */
  readonly code: MultilabelErrorCode;

  /**
   * @param code The kind of problem.
   * @param message What is wrong, naming the argument, and how to fix it.
   */
  constructor(code: MultilabelErrorCode, message: string) {
    super(message);
    this.name = 'MultilabelError';
    this.code = code;
    Object.defineProperty(this, BRAND, { value: true });
  }
}

/**
 * Whether `error` is a {@link MultilabelError}. Unlike `instanceof`, this also recognises errors
 * thrown by another copy of the library (for example the CJS and ESM builds loaded side by side).
 *
 * @summary Whether a value is a {@link MultilabelError}, from any copy of the library.
 * @category Errors
 * @param error Anything caught.
 * @returns `true` when `error` was thrown by tfjs-multilabel.
 * @example
 * ```ts
 * import { MultilabelError, isMultilabelError } from 'tfjs-multilabel';
 *
 * try {
 *   throw new MultilabelError('EMPTY_INPUT', '`yTrue` has no rows.');
 * } catch (error) {
 *   if (isMultilabelError(error)) console.log(error.code); // 'EMPTY_INPUT'
 * }
 * ```
 */
export function isMultilabelError(error: unknown): error is MultilabelError {
  return (
    typeof error === 'object' &&
    error !== null &&
    (error as Record<symbol, unknown>)[BRAND] === true
  );
}

import { MultilabelError } from './errors.js';
import { type DenseMatrix, FLOAT32_ONE_BITS, type LabelMatrix, MISSING_LABEL } from './matrix.js';
import {
  badValue,
  checkNotEmpty,
  type MatrixOptions,
  type RawMatrix,
  readRaw,
} from './matrix-input.js';
import { cellMarker, otherMarkerHint } from './readers.js';

/**
 * Reading a matrix of labels into 0/1 (and missing) `Int8Array` cells, with the fast paths of
 * byte and flat inputs.
 *
 * @internal
 * @module
 */

/** Options of {@link toLabelMatrix}. @internal */
export interface LabelMatrixOptions extends MatrixOptions {
  /**
   * The marker of a missing label, as `readIgnoreIndex` (core/readers.ts) read it: cells equal
   * to it, and `NaN` cells, are stored as {@link MISSING_LABEL}. `undefined` (the default): no
   * cell may be missing.
   */
  ignoreIndex?: number;
}

/**
 * Converts any {@link MatrixInput} of labels to an `Int8Array` matrix of 0, 1 and, with an
 * `ignoreIndex`, {@link MISSING_LABEL} for cells equal to it or `NaN`. Any other value throws
 * `NON_BINARY_LABELS` naming the first offending cell.
 *
 * `Uint8Array` and `Int8Array` data of valid labels is returned as an `Int8Array` view of the
 * caller's memory, without a copy (validated four bytes at a time; with `ignoreIndex: -1`, an
 * `Int8Array`'s -1 cells are {@link MISSING_LABEL} as they stand): callers must never write to
 * the result, and must copy it to keep it beyond the call.
 *
 * @internal
 */
export function toLabelMatrix(
  input: LabelMatrix,
  name: string,
  options?: LabelMatrixOptions,
): DenseMatrix<Int8Array> {
  return labelMatrixOfRaw(readRaw(input, name), name, options);
}

/**
 * {@link toLabelMatrix} of an input already read by `readRaw` (same checks, same result).
 *
 * @internal
 */
export function labelMatrixOfRaw(
  raw: RawMatrix,
  name: string,
  options?: LabelMatrixOptions,
): DenseMatrix<Int8Array> {
  checkNotEmpty(raw, name, options);
  const { rows, cols } = raw;
  const ignoreIndex = options?.ignoreIndex;
  if (
    !raw.nested &&
    (raw.values instanceof Uint8Array || raw.values instanceof Int8Array) &&
    firstInvalidByte(raw.values, ignoreIndex === MISSING_LABEL) < 0
  ) {
    // Valid byte labels: a view, no copy (the slow path below reports an invalid cell).
    const bytes = raw.values;
    return { data: new Int8Array(bytes.buffer, bytes.byteOffset, bytes.length), rows, cols };
  }
  const data = new Int8Array(rows * cols);
  // Flat float labels that are all exactly 0 or 1 convert without a branch; any other bit
  // pattern (-0, NaN, a marker, a bad value) leaves the work to the exact loops below.
  if (!raw.nested && copyFloatBits(raw.values as ArrayLike<number>, data)) {
    return { data, rows, cols };
  }
  const marker = raw.nested ? ignoreIndex : cellMarker(ignoreIndex, raw.values);
  const missing = marker !== undefined;
  const put = (i: number, v: unknown, r: number, c: number): void => {
    if (v === 1 || v === true) data[i] = 1;
    else if (v === 0 || v === false) data[i] = 0;
    else if (missing && typeof v === 'number' && (v === marker || v !== v)) data[i] = MISSING_LABEL;
    else if (typeof v !== 'number' && typeof v !== 'boolean') throw badValue(name, r, c, v);
    else {
      throw new MultilabelError(
        'NON_BINARY_LABELS',
        `\`${name}[${r}][${c}]\` is ${v}, but labels must be 0 or 1${
          missing
            ? ` (or ${Number.isNaN(ignoreIndex) ? '' : `${ignoreIndex} / `}NaN for a missing label)`
            : ''
        }. Threshold scores before passing them as labels${
          missing ? '' : ', or use `ignoreIndex` where the function supports missing labels'
        }.${otherMarkerHint(v, ignoreIndex)}`,
      );
    }
  };
  if (raw.nested) {
    const nested = raw.values as readonly (readonly unknown[])[];
    for (let r = 0, i = 0; r < rows; r++) {
      const row = nested[r];
      for (let c = 0; c < cols; c++, i++) {
        const v = row[c];
        if (v === 0 || v === false) data[i] = 0;
        else if (v === 1 || v === true) data[i] = 1;
        else put(i, v, r, c);
      }
    }
  } else {
    copyLabels(raw.values as ArrayLike<number>, data, put, cols);
  }
  return { data, rows, cols };
}

/**
 * Index of the first byte that is not a valid label (0, 1, or -1 of an Int8Array when
 * `minusOneMissing`), or -1. Checks aligned words of four bytes at once.
 */
function firstInvalidByte(values: Uint8Array | Int8Array, minusOneMissing: boolean): number {
  const n = values.length;
  const missingOk = minusOneMissing && values instanceof Int8Array;
  const invalid = (v: number): boolean => v !== 0 && v !== 1 && !(missingOk && v === -1);
  // A Uint32Array view must start on a 4-byte boundary: check the bytes before it one by one
  // (a `subarray` of a row starts anywhere).
  const head = Math.min(n, (4 - (values.byteOffset & 3)) & 3);
  for (let i = 0; i < head; i++) if (invalid(values[i])) return i;
  let i = head;
  const count = (n - head) >>> 2;
  if (count > 0) {
    const words = new Uint32Array(values.buffer, values.byteOffset + head, count);
    let w = 0;
    while (w < count && (words[w] & 0xfefefefe) === 0) w++;
    // The byte-by-byte check below resumes at the first word with a byte other than 0 or 1.
    i = head + (w << 2);
  }
  for (; i < n; i++) if (invalid(values[i])) return i;
  return -1;
}

/**
 * Copies flat labels (a tensor's `dataSync()`, a `number[]`), handing anything but 0/1 to
 * `put`: the fast path for the common case, in a function of its own so that its loop is
 * compiled for the forms it meets.
 */
function copyLabels(
  values: ArrayLike<number>,
  data: Int8Array,
  put: (i: number, v: unknown, r: number, c: number) => void,
  cols: number,
): void {
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v === 0) data[i] = 0;
    else if (v === 1) data[i] = 1;
    else put(i, v, Math.floor(i / cols), i % cols);
  }
}

/** Whether this platform stores numbers little-endian: which word of a float64 is its high one. */
const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/** The bits of 1 in the high word of a float64 (its low word is 0, as are all bits of +0). */
const FLOAT64_ONE_HIGH_BITS = 0x3ff00000;

/**
 * Copies `Float32Array` or `Float64Array` labels into `data` from their bits, without a branch
 * per cell, when every cell is exactly +0 or 1; returns false (leaving `data` partly written)
 * for any other array or when any cell has another bit pattern, including -0.
 *
 * The lowest exponent bit (bit 23 of a float32, bit 20 of a float64's high word) is 1 in 1 and
 * 0 in +0: it is the label, and the word must then equal that label's bits exactly.
 */
function copyFloatBits(values: ArrayLike<number>, data: Int8Array): boolean {
  if (values instanceof Float32Array) {
    const words = new Uint32Array(values.buffer, values.byteOffset, values.length);
    let bad = 0;
    for (let i = 0; i < words.length; i++) {
      const u = words[i];
      const p = (u >>> 23) & 1;
      bad |= u ^ (p * FLOAT32_ONE_BITS);
      data[i] = p;
    }
    return bad === 0;
  }
  if (values instanceof Float64Array) {
    const words = new Uint32Array(values.buffer, values.byteOffset, values.length * 2);
    const highWord = LITTLE_ENDIAN ? 1 : 0;
    let bad = 0;
    for (let i = 0; i < data.length; i++) {
      const high = words[2 * i + highWord];
      const p = (high >>> 20) & 1;
      bad |= words[2 * i + 1 - highWord] | (high ^ (p * FLOAT64_ONE_HIGH_BITS));
      data[i] = p;
    }
    return bad === 0;
  }
  return false;
}

import { MultilabelError } from '../core/errors.js';
import type { SparseLabelMatrix } from '../core/sparse-label-matrix.js';
import { checkEnum, checkInteger, checkOptionKeys } from '../core/validate.js';
import { valueText } from '../core/value-text.js';
import { parseDecimal } from './arff-tokens.js';
import { IntList } from './sparse-labels.js';

/**
 * Options of {@link readSparseText}.
 *
 * @expand
 * @category Options
 * @example
 * ```ts
 * import { readSparseText, type ReadSparseTextOptions } from 'tfjs-multilabel/data';
 *
 * const options: ReadSparseTextOptions = { format: 'libsvm', labels: 4, features: 3 };
 * const data = await readSparseText('0,3 1:0.5 3:2\n2 2:1\n', options);
 * console.log(data.labels.shape, data.features.shape); // [2, 4] [2, 3]
 * ```
 */
export interface ReadSparseTextOptions {
  /**
   * `'xc'`: the Extreme Classification Repository's format, a header line `rows features labels`
   * then one row per line; `'libsvm'`: the multi-label LIBSVM format, rows only.
   *
   * @defaultValue `'xc'`
   */
  format?: 'xc' | 'libsvm';
  /**
   * Number of labels. With `'xc'` the header gives it (a different value here is an error).
   *
   * @defaultValue the header's, or (`'libsvm'`) the largest label id + 1
   */
  labels?: number;
  /**
   * Number of features. With `'xc'` the header gives it.
   *
   * @defaultValue the header's, or (`'libsvm'`) the largest feature index + 1
   */
  features?: number;
  /**
   * The index of the first feature in the file: LIBSVM files count from 1, the repository's
   * from 0. Indices are read as `index - featureBase`.
   *
   * @defaultValue `0` for `'xc'`, `1` for `'libsvm'`
   */
  featureBase?: 0 | 1;
}

/**
 * Sparse features in compressed sparse rows: row `r`'s non-zero features are
 * `indices[indptr[r] .. indptr[r + 1])` with their `values`, in file order.
 *
 * @summary Features as compressed sparse rows: `{ indptr, indices, values, shape }`.
 * @category Results
 * @example
 * ```ts
 * import { readSparseText } from 'tfjs-multilabel/data';
 *
 * const { features } = await readSparseText('1 2 3\n2 0:0.5 1:1.5\n');
 * console.log(Array.from(features.indices), Array.from(features.values)); // [0, 1] [0.5, 1.5]
 * ```
 */
export interface SparseFeatureMatrix {
  /** `rows + 1` offsets into `indices` and `values`. */
  readonly indptr: Int32Array;
  /** The feature index of every non-zero value, row after row (counted from 0). */
  readonly indices: Int32Array;
  /** The values, as float32 (the dtype of tfjs tensors). */
  readonly values: Float32Array;
  /** `[rows, features]`. */
  readonly shape: readonly [number, number];
}

/**
 * A dataset read by {@link readSparseText}: CSR labels (a {@link SparseLabelMatrix} every
 * function of `tfjs-multilabel/data` and the top-k metrics take) and CSR features.
 *
 * @summary What readSparseText returns: CSR labels and CSR features.
 * @category Results
 * @example
 * ```ts
 * import { readSparseText, type SparseTextDataset } from 'tfjs-multilabel/data';
 *
 * const data: SparseTextDataset = await readSparseText('2 3 4\n0,3 1:1\n 2:0.5\n');
 * console.log(Array.from(data.labels.indptr)); // [0, 2, 2]
 * ```
 */
export interface SparseTextDataset {
  /** The labels of every row (offsets and ids as `Int32Array`s, each row in file order). */
  readonly labels: SparseLabelMatrix;
  /** The features of every row. */
  readonly features: SparseFeatureMatrix;
}

/**
 * Reads the Extreme Classification Repository's sparse text format (a header `rows features
 * labels`, then per row `l1,l2,... f:v f:v ...`, a row without labels starting with its first
 * feature) or the multi-label LIBSVM format (the rows alone), streamed: the text is parsed chunk
 * by chunk as it arrives from a Node stream (`fs.createReadStream(path)`) or a web
 * `ReadableStream` (`(await fetch(url)).body`), so a file of gigabytes is never held as one
 * string; memory is that of the result. A string works too. Errors name the line.
 *
 * @summary Streams XC-repository or LIBSVM sparse text into CSR labels and features.
 * @category Readers
 * @param source The text: a string, an async iterable of string or byte chunks, or a `ReadableStream`.
 * @param options `format`, `labels`, `features`, `featureBase`.
 * @returns The labels and features.
 * @throws {@link MultilabelError} `PARSE_ERROR` naming the line of a malformed row (a label
 *   or index that is not a whole number or is out of range, a label or feature listed twice, a
 *   value that is not a number, a bad header, a row count other than the header's);
 *   `INVALID_OPTION` for bad options; `EMPTY_INPUT` for no row; `INVALID_ARGUMENT` for a source
 *   that is not text, bytes or a stream of them.
 * @example
 * ```ts
 * import { readSparseText } from 'tfjs-multilabel/data';
 *
 * const text = '3 4 5\n0,4 0:1 2:0.5\n 1:2\n3 3:1\n';
 * const { labels, features } = await readSparseText(text);
 * console.log(Array.from(labels.indptr), Array.from(labels.indices)); // [0, 2, 2, 3] [0, 4, 3]
 * console.log(features.shape); // [3, 4]
 * ```
 */
export async function readSparseText(
  source: string | AsyncIterable<string | Uint8Array> | ReadableStream<string | Uint8Array>,
  options?: ReadSparseTextOptions,
): Promise<SparseTextDataset> {
  checkOptionKeys(options, ['format', 'labels', 'features', 'featureBase'], 'readSparseText');
  const format = checkEnum(options?.format ?? 'xc', 'format', ['xc', 'libsvm']);
  const featureBase = checkEnum(
    options?.featureBase ?? (format === 'xc' ? 0 : 1),
    'featureBase',
    [0, 1],
  );
  const labelCount =
    options?.labels === undefined ? undefined : checkInteger(options.labels, 'labels', { min: 1 });
  const featureCount =
    options?.features === undefined
      ? undefined
      : checkInteger(options.features, 'features', { min: 1 });
  const parser = new SparseTextParser(format, featureBase, labelCount, featureCount);
  for await (const line of lines(source)) parser.line(line);
  return parser.finish();
}

/** The lines of `source`, without their line ends, decoding UTF-8 bytes as they stream in. */
async function* lines(source: Parameters<typeof readSparseText>[0]): AsyncGenerator<string> {
  let rest = '';
  const decoder = new TextDecoder();
  for await (const chunk of chunks(source)) {
    const text =
      rest + (typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true }));
    let start = 0;
    for (let end = text.indexOf('\n'); end >= 0; end = text.indexOf('\n', start)) {
      yield text.slice(start, end);
      start = end + 1;
    }
    rest = text.slice(start);
  }
  rest += decoder.decode();
  if (rest !== '') yield rest;
}

/** The chunks of `source`, whatever form it takes. */
async function* chunks(
  source: Parameters<typeof readSparseText>[0],
): AsyncGenerator<string | Uint8Array> {
  if (typeof source === 'string') {
    yield source;
    return;
  }
  if (source !== null && typeof source === 'object' && 'getReader' in source) {
    const reader = source.getReader();
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return;
        yield value;
      }
    } finally {
      reader.releaseLock();
    }
  }
  if (source !== null && typeof source === 'object' && Symbol.asyncIterator in source) {
    for await (const chunk of source as AsyncIterable<string | Uint8Array>) {
      if (typeof chunk !== 'string' && !(chunk instanceof Uint8Array)) {
        throw new MultilabelError(
          'INVALID_ARGUMENT',
          `\`source\` gave a chunk that is ${valueText(chunk)}; a stream must give strings or bytes (Uint8Array, Buffer).`,
        );
      }
      yield chunk;
    }
    return;
  }
  throw new MultilabelError(
    'INVALID_ARGUMENT',
    `\`source\` must be the text, an async iterable of its chunks (a Node stream) or a ReadableStream, but got ${valueText(source)}.`,
  );
}

/** Whether `text[from .. to)` is a whole number (digits only), and its value. */
function wholeNumber(text: string, from: number, to: number): number {
  if (from === to || to - from > 15) return -1;
  let n = 0;
  for (let i = from; i < to; i++) {
    const d = text.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    n = n * 10 + d;
  }
  return n;
}

/** Builds the CSR arrays line by line. */
class SparseTextParser {
  private lineNumber = 0;
  private header: [number, number, number] | undefined;
  private readonly labelPtr = new IntList(1024);
  private readonly labelIds = new IntList(1024);
  private readonly featurePtr = new IntList(1024);
  private readonly featureIds = new IntList(1024);
  private values = new Float32Array(1024);
  private maxLabel = -1;
  private maxFeature = -1;
  /** Label and feature ids stamped with the row number, to find a repeat within a row. */
  private labelStamp: Int32Array = new Int32Array(1024);
  private featureStamp: Int32Array = new Int32Array(1024);

  constructor(
    private readonly format: 'xc' | 'libsvm',
    private readonly featureBase: number,
    private readonly labelCount: number | undefined,
    private readonly featureCount: number | undefined,
  ) {
    this.labelPtr.push(0);
    this.featurePtr.push(0);
  }

  private fail(message: string): never {
    throw new MultilabelError('PARSE_ERROR', `Line ${this.lineNumber}: ${message}`);
  }

  line(raw: string): void {
    this.lineNumber++;
    const text = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (this.format === 'xc' && this.header === undefined) {
      this.readHeader(text);
      return;
    }
    this.readRow(text);
  }

  private readHeader(text: string): void {
    const parts = text.trim().split(/\s+/);
    const numbers = parts.map((p) => wholeNumber(p, 0, p.length));
    if (parts.length !== 3 || numbers.some((n) => n < 0)) {
      this.fail(
        `the header must be "rows features labels" (three whole numbers), but is ${JSON.stringify(text.slice(0, 80))}. Is this a LIBSVM file? Pass format: 'libsvm'.`,
      );
    }
    const [rows, features, labels] = numbers as [number, number, number];
    for (const [name, given, read] of [
      ['labels', this.labelCount, labels],
      ['features', this.featureCount, features],
    ] as const) {
      if (given !== undefined && given !== read) {
        throw new MultilabelError(
          'INVALID_OPTION',
          `\`${name}\` is ${given} but the file's header says ${read}. Leave \`${name}\` out to take the header's.`,
        );
      }
    }
    this.header = [rows, features, labels];
  }

  private readRow(text: string): void {
    const row = this.labelPtr.length; // 1 + the rows read so far
    let i = 0;
    const end = text.length;
    // The labels: the first token, unless it is a feature (a row without labels).
    let tokenEnd = text.indexOf(' ');
    if (tokenEnd < 0) tokenEnd = end;
    const first = text.slice(0, tokenEnd);
    if (!first.includes(':')) {
      if (first !== '') this.readLabels(text, 0, tokenEnd, row);
      i = tokenEnd;
    }
    while (i < end) {
      while (i < end && (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9)) i++;
      if (i >= end) break;
      let stop = i;
      while (stop < end && text.charCodeAt(stop) !== 32 && text.charCodeAt(stop) !== 9) stop++;
      this.readFeature(text, i, stop, row);
      i = stop;
    }
    this.labelPtr.push(this.labelIds.length);
    this.featurePtr.push(this.featureIds.length);
  }

  private readLabels(text: string, from: number, to: number, row: number): void {
    let start = from;
    for (let i = from; i <= to; i++) {
      if (i < to && text.charCodeAt(i) !== 44) continue;
      const id = wholeNumber(text, start, i);
      if (id < 0) {
        this.fail(
          `label ${JSON.stringify(text.slice(start, i))} is not a whole number (labels are comma-separated ids, then the features).`,
        );
      }
      const limit = this.header?.[2] ?? this.labelCount;
      if (limit !== undefined && id >= limit) {
        this.fail(`label ${id} is outside [0, ${limit}) (the number of labels).`);
      }
      this.labelStamp = stamped(this.labelStamp, id);
      if (this.labelStamp[id] === row) this.fail(`label ${id} is listed twice.`);
      this.labelStamp[id] = row;
      this.labelIds.push(id);
      if (id > this.maxLabel) this.maxLabel = id;
      start = i + 1;
    }
  }

  private readFeature(text: string, from: number, to: number, row: number): void {
    const colon = text.indexOf(':', from);
    if (colon < 0 || colon >= to) {
      this.fail(
        `${JSON.stringify(text.slice(from, to))} is not index:value (features are index:value pairs after the labels).`,
      );
    }
    const index = wholeNumber(text, from, colon);
    if (index < 0) {
      this.fail(`feature index ${JSON.stringify(text.slice(from, colon))} is not a whole number.`);
    }
    const id = index - this.featureBase;
    const limit = this.header?.[1] ?? this.featureCount;
    if (id < 0 || (limit !== undefined && id >= limit)) {
      this.fail(
        `feature index ${index} is outside [${this.featureBase}, ${(limit ?? 0) + this.featureBase}) (featureBase ${this.featureBase}).`,
      );
    }
    const written = text.slice(colon + 1, to);
    const value = parseDecimal(written);
    if (!Number.isFinite(value)) {
      this.fail(
        `the value of feature ${index} is ${JSON.stringify(written)}, not a finite number.`,
      );
    }
    this.featureStamp = stamped(this.featureStamp, id);
    if (this.featureStamp[id] === row) this.fail(`feature ${index} is listed twice.`);
    this.featureStamp[id] = row;
    const n = this.featureIds.length;
    if (n === this.values.length) {
      const grown = new Float32Array(2 * n);
      grown.set(this.values);
      this.values = grown;
    }
    this.values[n] = value;
    this.featureIds.push(id);
    if (id > this.maxFeature) this.maxFeature = id;
  }

  finish(): SparseTextDataset {
    const rows = this.labelPtr.length - 1;
    if (this.format === 'xc' && this.header === undefined) {
      throw new MultilabelError('EMPTY_INPUT', '`source` is empty: not even the header line.');
    }
    if (this.header !== undefined && this.header[0] !== rows) {
      throw new MultilabelError(
        'PARSE_ERROR',
        `The header says ${this.header[0]} rows but the file has ${rows}: it may be truncated.`,
      );
    }
    if (rows === 0) throw new MultilabelError('EMPTY_INPUT', '`source` has no row.');
    const labels = this.header?.[2] ?? this.labelCount ?? this.maxLabel + 1;
    const features = this.header?.[1] ?? this.featureCount ?? this.maxFeature + 1;
    if (labels === 0) {
      throw new MultilabelError(
        'EMPTY_INPUT',
        'No row has a label: pass `labels` (the number of labels) to read a file without any.',
      );
    }
    return {
      labels: {
        indptr: this.labelPtr.toArray(),
        indices: this.labelIds.toArray(),
        shape: [rows, labels],
      },
      features: {
        indptr: this.featurePtr.toArray(),
        indices: this.featureIds.toArray(),
        values: this.values.slice(0, this.featureIds.length),
        shape: [rows, Math.max(features, 0)],
      },
    };
  }
}

/** `stamps`, grown (doubling) to hold index `id`. */
function stamped(stamps: Int32Array, id: number): Int32Array {
  if (id < stamps.length) return stamps;
  let size = stamps.length;
  while (size <= id) size *= 2;
  const grown = new Int32Array(size);
  grown.set(stamps);
  return grown;
}

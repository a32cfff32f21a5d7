import { MultilabelError } from '../core/errors.js';
import { checkEnum, checkOptionKeys } from '../core/validate.js';
import { valueText } from '../core/value-text.js';
import { type ArffAttribute, type ArffHeader, parseArffHeader } from './arff-header.js';
import {
  parseDecimal,
  parseError,
  readToken,
  splitValues,
  stripComment,
  trimBlanks,
} from './arff-tokens.js';
import { readMulanLabels } from './mulan-xml.js';
import type { RowMajorMatrix } from './row-major-matrix.js';
import { checkTableSize, formatCount, MAX_OUTPUT_CELLS } from './table-size.js';

/**
 * Options of {@link readArff}.
 *
 * @expand
 * @category Options
 * @example
 * ```ts
 * import { readArff, type ReadArffOptions } from 'tfjs-multilabel/data';
 *
 * const text = '@relation toy\n@attribute x numeric\n@attribute a {0,1}\n@attribute b {0,1}\n@data\n0.5,1,0\n';
 * // The last two attributes are labels (MEKA's convention: a negative count).
 * const options: ReadArffOptions = { labels: -2, dtype: 'float64' };
 * const data = readArff(text, options);
 * console.log(data.labelNames, data.features.data); // ['a', 'b'] Float64Array(1) [0.5]
 * ```
 */
export interface ReadArffOptions {
  /**
   * Which attributes are labels:
   * - a list of label names (MULAN convention; any order, the columns follow the file);
   * - the text of a MULAN labels XML file (`<labels xmlns=...><label name="..."/>...`);
   * - a number n (MEKA convention): the first n attributes when n > 0, the last -n when n < 0.
   *
   * A list or XML wins over `-C`: some
   * MULAN files carry a stale `-C` (medical's says the labels come first; they come last).
   *
   * @defaultValue the MEKA `-C n` option in the `@relation` name
   */
  labels?: number | readonly string[] | string;
  /**
   * Storage of the feature matrix (`'float32'` is the dtype of tfjs tensors).
   *
   * @defaultValue `'float32'`
   */
  dtype?: 'float32' | 'float64';
}

/**
 * A dataset read from ARFF: features and labels as row-major matrices (usable directly as
 * `{ data, shape }` inputs, or with `tf.tensor2d(data, shape)`), plus the names.
 *
 * @summary A dataset read from ARFF: features, labels and their names.
 * @category Results
 * @example
 * ```ts
 * import { readArff, type ArffDataset } from 'tfjs-multilabel/data';
 *
 * const text = '@relation toy\n@attribute color {red,green}\n@attribute a {0,1}\n@data\ngreen,1\nred,?\n';
 * const data: ArffDataset = readArff(text, { labels: ['a'] });
 * console.log(data.relation, data.featureCategories); // toy [['red', 'green']]
 * console.log(Array.from(data.features.data), Array.from(data.labels.data)); // [1, 0] [1, -1]
 * console.log(data.labels.shape); // [2, 1]
 * ```
 */
export interface ArffDataset {
  /** The `@relation` name. */
  readonly relation: string;
  /**
   * Every attribute that is not a label, in file order. Numeric values as numbers; a nominal
   * value as the 0-based index of its category in `featureCategories`; `?` as `NaN`.
   */
  readonly features: RowMajorMatrix<Float32Array | Float64Array>;
  /** The label attributes, in file order: 1, 0, and -1 for `?` (a missing label). */
  readonly labels: RowMajorMatrix<Int8Array>;
  /** Names of the feature columns. */
  readonly featureNames: string[];
  /** Names of the label columns. */
  readonly labelNames: string[];
  /** For each feature column: its categories when nominal, `null` when numeric. */
  readonly featureCategories: (string[] | null)[];
}

/** Finds the label attributes (ascending attribute indices) from the option or `-C`. */
function labelAttributes(header: ArffHeader, option: ReadArffOptions['labels']): number[] {
  const { attributes } = header;
  const n = attributes.length;
  let count: number | undefined;
  if (option === undefined) {
    const match = /(?:^|[\s:])-C\s+(-?\d+)/.exec(header.relation);
    if (match === null) {
      throw new MultilabelError(
        'INVALID_ARGUMENT',
        'The ARFF file does not say which attributes are labels (no MEKA `-C n` in its `@relation`). Pass `labels`: the MULAN labels XML text, a list of label names, or a count (n: the first n attributes, -n: the last n).',
      );
    }
    count = Number(match[1]);
  } else if (typeof option === 'number') {
    count = option;
  }
  if (count !== undefined) {
    if (!Number.isInteger(count) || count === 0 || Math.abs(count) > n) {
      throw new MultilabelError(
        'INVALID_OPTION',
        `The label count is ${count}, but it must be a non-zero integer of at most ${n} in absolute value (the file has ${n} attributes).`,
      );
    }
    const m = Math.abs(count);
    return Array.from({ length: m }, (_, i) => (count > 0 ? i : n - m + i));
  }
  let names: readonly unknown[];
  if (typeof option === 'string') names = readMulanLabels(option);
  else if (Array.isArray(option)) names = option;
  else {
    throw new MultilabelError(
      'INVALID_OPTION',
      '`labels` must be a list of label names, the MULAN labels XML text, or a label count.',
    );
  }
  if (names.length === 0) {
    throw new MultilabelError(
      'INVALID_OPTION',
      '`labels` is an empty list; name at least one label.',
    );
  }
  const byName = new Map<string, number>();
  const duplicated = new Set<string>();
  attributes.forEach((a, i) => {
    if (byName.has(a.name)) duplicated.add(a.name);
    else byName.set(a.name, i);
  });
  const chosen = new Set<number>();
  const unknown: string[] = [];
  for (const name of names) {
    if (typeof name !== 'string') {
      throw new MultilabelError(
        'INVALID_OPTION',
        `\`labels\` holds ${valueText(name)}, not a name.`,
      );
    }
    const index = byName.get(name);
    if (index === undefined) unknown.push(name);
    else if (duplicated.has(name)) {
      throw new MultilabelError(
        'PARSE_ERROR',
        `Label \`${name}\` names more than one attribute of the ARFF file (line ${attributes[index].line}).`,
      );
    } else if (chosen.has(index)) {
      throw new MultilabelError('INVALID_OPTION', `\`labels\` names \`${name}\` twice.`);
    } else chosen.add(index);
  }
  if (unknown.length > 0) {
    const shown = unknown.slice(0, 5).map((u) => `\`${u}\``);
    throw new MultilabelError(
      'INVALID_OPTION',
      `${unknown.length} label name(s) are not attributes of the ARFF file: ${shown.join(', ')}${unknown.length > 5 ? ', ...' : ''}. Check that the labels list belongs to this file.`,
    );
  }
  return Array.from(chosen).sort((a, b) => a - b);
}

/** Value (0 or 1) of each category of a label attribute. */
function labelValues(attribute: ArffAttribute): Int8Array | null {
  if (attribute.kind === 'numeric') return null;
  const categories = attribute.categories ?? [];
  const values = new Int8Array(categories.length);
  for (let c = 0; c < categories.length; c++) {
    if (categories[c] === '1') values[c] = 1;
    else if (categories[c] !== '0') {
      throw parseError(
        attribute.line,
        `label attribute \`${attribute.name}\` has categories {${categories.join(', ')}}, but labels must be {0, 1}. Check the \`labels\` option.`,
      );
    }
  }
  return values;
}

/**
 * Reads a multi-label dataset in ARFF, dense (`v1, v2, ...`) or sparse (`{index value, ...}`,
 * indices increasing, where a left-out attribute is 0 or its first category), with numeric and
 * nominal attributes, in the MULAN convention (labels named by an XML file or a list) or the
 * MEKA one (`-C n` in `@relation`).
 *
 * It reads ARFF as Weka does: lines end with `\n`, `\r\n` or `\r`; `%` starts a comment
 * anywhere outside quotes; `?` is a missing value; names and values with blanks, commas,
 * braces or `%` are quoted (`'...'` or `"..."`, with backslash escapes); numbers are decimal
 * (`-1.5e3`, `.5`), so `0x10`, `Infinity`, `NaN` or an empty value is an error, not a number.
 * Unlike Weka, values must be separated by commas. The labels XML is read as XML: comments,
 * CDATA sections and processing instructions hold no labels, and entities and character
 * references in names are decoded.
 *
 * @summary Reads a multi-label ARFF file (MULAN or MEKA convention).
 * @category Readers
 * @param text The ARFF file's contents.
 * @param options `labels` (names, MULAN XML text, or a count; default the file's `-C`), `dtype`.
 * @returns Features and labels as matrices, with their names.
 * @throws {@link MultilabelError} `PARSE_ERROR` with the line number for a malformed file (or
 *   labels XML), an unsupported attribute type, an unknown category, a value that is not a
 *   number (or beyond the range of `dtype`) or a label that is not 0/1; `INVALID_ARGUMENT` when
 *   nothing says which attributes are labels, or when the dense matrices would exceed 2^28
 *   cells; `INVALID_OPTION` / `UNKNOWN_OPTION` for bad options (e.g. a label name the file lacks).
 * @example
 * ```ts
 * import { readArff } from 'tfjs-multilabel/data';
 *
 * const text = `@relation 'toy: -C 2'
 * @attribute sunny {0,1}
 * @attribute windy {0,1}
 * @attribute temperature numeric
 * @attribute sky {clear,cloudy}
 * @data
 * 1,0,21.5,clear
 * 0,1,14,cloudy
 * {1 1, 2 9}`;
 * const data = readArff(text);
 * console.log(data.labelNames, data.featureNames); // ['sunny', 'windy'] ['temperature', 'sky']
 * console.log(Array.from(data.labels.data)); // [1, 0, 0, 1, 0, 1]
 * console.log(Array.from(data.features.data)); // [21.5, 0, 14, 1, 9, 0]
 * console.log(data.features.shape); // [3, 2]
 * ```
 */
export function readArff(text: string, options?: ReadArffOptions): ArffDataset {
  checkOptionKeys(options, ['labels', 'dtype'], 'readArff');
  const dtype = checkEnum(options?.dtype ?? 'float32', 'dtype', ['float32', 'float64'] as const);
  if (typeof text !== 'string') {
    throw new MultilabelError(
      'INVALID_ARGUMENT',
      `\`text\` must be the ARFF file's contents as a string, but got ${text === null ? 'null' : typeof text}.`,
    );
  }
  // Lines end with \n, \r\n or \r alone (as Weka reads them).
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const lines = body.includes('\r') ? body.split(/\r\n?|\n/) : body.split('\n');
  const header = parseArffHeader(lines);
  const { attributes } = header;
  const nAttributes = attributes.length;
  const labelIndex = labelAttributes(header, options?.labels);
  const isLabel = new Int32Array(nAttributes).fill(-1);
  labelIndex.forEach((a, l) => {
    isLabel[a] = l;
  });
  const column = new Int32Array(nAttributes);
  const featureNames: string[] = [];
  const featureCategories: (string[] | null)[] = [];
  for (let a = 0; a < nAttributes; a++) {
    if (isLabel[a] >= 0) continue;
    column[a] = featureNames.length;
    featureNames.push(attributes[a].name);
    featureCategories.push(attributes[a].categories?.slice() ?? null);
  }
  const nLabels = labelIndex.length;
  const nFeatures = featureNames.length;
  const values = attributes.map((a, i) => (isLabel[i] >= 0 ? labelValues(a) : null));
  // A sparse row leaves out attributes at 0 (numeric) or at their first category.
  const labelDefault = new Int8Array(nLabels);
  labelIndex.forEach((a, l) => {
    labelDefault[l] = values[a]?.[0] ?? 0;
  });
  const defaultsAreZero = labelDefault.every((v) => v === 0);

  let capacity = Math.max(1, lines.length - header.dataStart);
  if (capacity * Math.max(nFeatures, nLabels) > MAX_OUTPUT_CELLS) {
    // Lines are only an upper bound on the rows: count the rows before refusing.
    capacity = 1;
    for (let i = header.dataStart; i < lines.length; i++) {
      if (trimBlanks(stripComment(lines[i])) !== '') capacity++;
    }
    checkTableSize(
      capacity * Math.max(nFeatures, nLabels),
      MAX_OUTPUT_CELLS,
      `A dense matrix of ${formatCount(capacity)} rows x ${formatCount(Math.max(nFeatures, nLabels))} ${nFeatures >= nLabels ? 'features' : 'labels'}`,
      'Split the file into parts of fewer rows, or remove attributes you do not need.',
    );
  }
  let features: Float32Array | Float64Array =
    dtype === 'float32'
      ? new Float32Array(capacity * nFeatures)
      : new Float64Array(capacity * nFeatures);
  let labels = new Int8Array(capacity * nLabels);
  let rows = 0;

  const float32 = dtype === 'float32';
  const store = (a: number, value: string | null, line: number, row: number): void => {
    const attribute = attributes[a];
    const l = isLabel[a];
    let x: number;
    if (value === null) {
      x = Number.NaN;
    } else if (attribute.kind === 'nominal') {
      const index = attribute.lookup?.get(value);
      if (index === undefined) {
        throw parseError(
          line,
          `${JSON.stringify(value)} is not a category of attribute \`${attribute.name}\` (declared on line ${attribute.line}).`,
        );
      }
      x = l >= 0 ? (values[a] as Int8Array)[index] : index;
    } else {
      x = parseDecimal(value);
      if (x !== x) {
        throw parseError(
          line,
          `${JSON.stringify(value)} is not a number (attribute \`${attribute.name}\` is numeric; numbers are decimal, such as -1.5e3, and \`?\` marks a missing value).`,
        );
      }
      if (!Number.isFinite(x) || (l < 0 && float32 && !Number.isFinite(Math.fround(x)))) {
        throw parseError(
          line,
          `${value} is beyond the range of ${Number.isFinite(x) ? "float32 (pass `dtype: 'float64'`)" : 'float64'} (attribute \`${attribute.name}\`).`,
        );
      }
    }
    if (l < 0) {
      features[row * nFeatures + column[a]] = x;
    } else if (value === null) {
      labels[row * nLabels + l] = -1;
    } else if (x === 0 || x === 1) {
      labels[row * nLabels + l] = x;
    } else {
      throw parseError(line, `label \`${attribute.name}\` is ${value}, but labels must be 0 or 1.`);
    }
  };

  for (let i = header.dataStart; i < lines.length; i++) {
    const line = i + 1;
    const row = trimBlanks(stripComment(lines[i]));
    if (row === '') continue;
    if (rows === capacity) throw parseError(line, 'more rows than lines (internal error).');
    if (row[0] === '{') {
      if (row[row.length - 1] !== '}') {
        throw parseError(
          line,
          'a sparse row must end with `}` (instance weights are not supported).',
        );
      }
      if (!defaultsAreZero) labels.set(labelDefault, rows * nLabels);
      readSparseRow(row.slice(1, -1), line, attributes, (a, v) => store(a, v, line, rows));
    } else {
      const cells = splitValues(row, line);
      if (cells.length !== nAttributes) {
        throw parseError(
          line,
          `the row has ${cells.length} values but the header declares ${nAttributes} attributes.`,
        );
      }
      for (let a = 0; a < nAttributes; a++) store(a, cells[a], line, rows);
    }
    rows++;
  }
  if (rows < capacity) {
    features = features.slice(0, rows * nFeatures);
    labels = labels.slice(0, rows * nLabels);
  }
  return {
    relation: header.relation,
    features: { data: features, shape: [rows, nFeatures] },
    labels: { data: labels, shape: [rows, nLabels] },
    featureNames,
    labelNames: labelIndex.map((a) => attributes[a].name),
    featureCategories,
  };
}

/** A sparse index: a plain decimal integer (as Java's Integer.valueOf reads it), else NaN. */
function sparseIndex(text: string): number {
  let value = 0;
  const start = text.charCodeAt(0) === 43 ? 1 : 0;
  if (start === text.length) return Number.NaN;
  for (let i = start; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) return Number.NaN;
    value = value * 10 + (c - 48);
  }
  return value;
}

/** Calls `visit(attribute, value)` for each `index value` entry of a sparse row's body. */
function readSparseRow(
  body: string,
  line: number,
  attributes: readonly ArffAttribute[],
  visit: (attribute: number, value: string | null) => void,
): void {
  const n = attributes.length;
  let i = 0;
  let previous = -1;
  for (;;) {
    const index = readToken(body, i, line);
    if (index === null) return;
    const a = index.quoted ? Number.NaN : sparseIndex(index.value);
    if (!(a >= 0 && a < n)) {
      throw parseError(
        line,
        `sparse index ${JSON.stringify(index.value)} is not an attribute index in [0, ${n - 1}].`,
      );
    }
    if (a <= previous) {
      throw parseError(
        line,
        `sparse index ${a} comes after ${previous}; indices must increase along the row.`,
      );
    }
    previous = a;
    let j = index.end;
    while (j < body.length && body.charCodeAt(j) <= 32) j++;
    const value = j < body.length && body[j] !== ',' ? readToken(body, j, line) : null;
    if (value === null || (value.value === '' && !value.quoted)) {
      throw parseError(line, `sparse index ${a} has no value.`);
    }
    visit(a, !value.quoted && value.value === '?' ? null : value.value);
    j = value.end;
    while (j < body.length && body.charCodeAt(j) <= 32) j++;
    if (j >= body.length) return;
    if (body[j] !== ',') throw parseError(line, `expected a comma after sparse entry ${a}.`);
    i = j + 1;
  }
}

import { MultilabelError } from '../core/errors.js';
import { toLabelMatrix } from '../core/label-matrix.js';
import type { LabelMatrix, ScoreMatrix } from '../core/matrix.js';
import { toFloatMatrix } from '../core/matrix-input.js';
import {
  isSparseLabelMatrix,
  readSparseLabelMatrix,
  type SparseLabelMatrix,
} from '../core/sparse-label-matrix.js';
import { assertFinite, withOptionsPath } from '../core/validate.js';
import { valueText } from '../core/value-text.js';
import { checkSerialClasses } from './binarizer-serial-classes.js';
import { type DecodeThreshold, readThreshold } from './decode-threshold.js';
import {
  badLabel,
  checkLabelRows,
  isLabelName,
  type LabelName,
  mixedLabels,
  sortLabels,
} from './label-names.js';
import {
  collectRows,
  denseOf,
  type OnMiss,
  type RowIds,
  sparseOf,
  toColumns,
} from './label-rows.js';
import {
  BINARIZER_FORMAT,
  BINARIZER_VERSION,
  type MultiLabelBinarizerJSON,
  readBinarizerJSON,
} from './multi-label-binarizer-json.js';
import {
  type BinarizedLabels,
  type BinarizerSettings,
  type MultiLabelBinarizerOptions,
  readBinarizerOptions,
} from './multi-label-binarizer-options.js';

/**
 * Encodes lists of label names as a 0/1 matrix (one column per class) and decodes 0/1
 * matrices and scores back to names: scikit-learn's `MultiLabelBinarizer` (`fit`,
 * `transform`, `fitTransform`, `inverseTransform`, `classes`), with its traps closed.
 *
 * - Classes are given (`classes`, kept in their order) or learned by `fit`: sorted as
 *   scikit-learn sorts (numbers by value, strings by UTF-16 code unit, which differs from
 *   Python's code-point order only between characters beyond U+FFFF and those from U+E000 to
 *   U+FFFF), or in first-seen order (`order: 'firstSeen'`); `minCount` drops rare labels.
 * - A label outside the classes throws by default (`unknown: 'ignore'` drops it, as
 *   scikit-learn does with a warning). A row given as a string throws: scikit-learn reads
 *   `fit(['ab', 'c'])` as the characters `a`, `b`, `c`.
 * - Labels are strings or finite numbers; a label listed twice in a row counts once.
 * - `transform` returns a dense `{ data: Uint8Array, shape }` or, with `sparseOutput: true`,
 *   compressed sparse rows ({@link SparseLabelMatrix}, each row's ids in class order), linear
 *   in the labels listed: a million tag lists over 10,000 classes take well under 2 s.
 * - `decodeScores` turns scores and thresholds (a number, one per label, or a `Thresholds`)
 *   into label names; `toJSON` and {@link MultiLabelBinarizer.fromJSON} save and restore it.
 *
 * With given classes there is nothing to learn: `transform` works without `fit`.
 *
 * @summary Tag lists to a 0/1 matrix and back, as scikit-learn's MultiLabelBinarizer.
 * @category Encoding
 * @typeParam Sparse Whether `transform` returns CSR labels (`sparseOutput: true`).
 * @example
 * ```ts
 * import { MultiLabelBinarizer } from 'tfjs-multilabel/data';
 *
 * const binarizer = new MultiLabelBinarizer();
 * const y = binarizer.fitTransform([['dog', 'beach'], ['cat'], []]);
 * console.log(binarizer.classes); // ['beach', 'cat', 'dog']
 * console.log(Array.from(y.data), y.shape); // [1, 0, 1, 0, 1, 0, 0, 0, 0] [3, 3]
 * console.log(binarizer.inverseTransform(y)); // [['beach', 'dog'], ['cat'], []]
 * console.log(binarizer.decodeScores([[0.9, 0.2, 0.6]], 0.5)); // [['beach', 'dog']]
 * ```
 */
export class MultiLabelBinarizer<Sparse extends boolean = false> {
  private readonly settings: BinarizerSettings;
  /** The classes, one per column (undefined before `fit` when they are learned). */
  private names: LabelName[] | undefined;
  /** Each class's column. */
  private index: Map<LabelName, number>;
  /** The labels `minCount` pruned. */
  private pruned: Set<LabelName>;

  /**
   * @param options Given classes or how to learn them, the output form and the policy for
   *   unknown labels.
   * @throws {@link MultilabelError} `INVALID_OPTION` for an empty `classes`, a class that is
   *   not a string or a finite number or is listed twice, `order` or `minCount` with
   *   `classes`, or a value outside an option's range; `UNKNOWN_OPTION` for an unknown key.
   */
  constructor(options?: MultiLabelBinarizerOptions<Sparse>) {
    const { settings, classes } = readBinarizerOptions(options);
    this.settings = settings;
    this.index = new Map();
    this.pruned = new Set();
    if (classes !== undefined) this.#setClasses(classes);
  }

  /**
   * The classes, one per column in that order (a copy).
   *
   * @throws {@link MultilabelError} `INVALID_ARGUMENT` before `fit` when no classes were given.
   */
  get classes(): LabelName[] {
    return [...this.#fitted()];
  }

  /**
   * Learns the classes from `y` (with given classes, only checks `y`).
   *
   * @param y One list of labels per row (an array or a Set; `[]` for a row without labels).
   * @returns This binarizer.
   * @throws {@link MultilabelError} `EMPTY_INPUT` for no row, or no label left to learn;
   *   `INVALID_ARGUMENT` for a row that is not a list (a string included), a label that is not
   *   a string or a finite number, or (`order: 'sorted'`) numbers and strings together.
   * @example
   * ```ts
   * import { MultiLabelBinarizer } from 'tfjs-multilabel/data';
   *
   * console.log(new MultiLabelBinarizer().fit([[10, 2], [2, 1]]).classes); // [1, 2, 10]
   * console.log(new MultiLabelBinarizer({ order: 'firstSeen' }).fit([['b', 'a'], ['c']]).classes); // ['b', 'a', 'c']
   * ```
   */
  fit(y: readonly (readonly LabelName[] | ReadonlySet<LabelName>)[]): this {
    this.#learn(y);
    return this;
  }

  /**
   * Encodes `y` with the classes: cell `[r][j]` is 1 when row `r` lists class `j`.
   *
   * @param y One list of labels per row (an array or a Set; `[]` for a row without labels).
   * @returns The 0/1 matrix: dense `{ data: Uint8Array, shape }`, or CSR labels with
   *   `sparseOutput: true` (each row's ids ascending).
   * @throws {@link MultilabelError} `INVALID_ARGUMENT` before `fit` (classes not given), for a
   *   row that is not a list (a string included), a label that is not a string or a finite
   *   number, or (`unknown: 'error'`) a label outside the classes, naming its row; `EMPTY_INPUT`
   *   for no row; `INVALID_ARGUMENT` for a dense matrix over 2^28 cells (use `sparseOutput`).
   * @example
   * ```ts
   * import { isMultilabelError, MultiLabelBinarizer } from 'tfjs-multilabel/data';
   *
   * const binarizer = new MultiLabelBinarizer({ classes: ['cat', 'dog'], sparseOutput: true });
   * const y = binarizer.transform([['dog', 'cat', 'dog'], []]);
   * console.log(Array.from(y.indptr), Array.from(y.indices), y.shape); // [0, 2, 2] [0, 1] [2, 2]
   * try {
   *   binarizer.transform([['cow']]);
   * } catch (error) {
   *   if (isMultilabelError(error)) console.log(error.code, error.message.slice(0, 19)); // 'INVALID_ARGUMENT' '`y[0][0]` is "cow",'
   * }
   * ```
   */
  transform(
    y: readonly (readonly LabelName[] | ReadonlySet<LabelName>)[],
  ): BinarizedLabels<Sparse> {
    const names = this.#fitted();
    checkLabelRows(y, 'y');
    const ids = collectRows(y, 'y', this.index, this.#unknownLabel(names.length));
    return this.#output(toColumns(ids), names.length);
  }

  /**
   * Learns the classes from `y` and encodes it: `fit(y)` then `transform(y)`, in one pass
   * over the labels when the classes are learned.
   *
   * @param y One list of labels per row (an array or a Set; `[]` for a row without labels).
   * @returns The 0/1 matrix, as {@link MultiLabelBinarizer.transform} returns it.
   * @throws {@link MultilabelError} as `fit` and `transform` do.
   * @example
   * ```ts
   * import { MultiLabelBinarizer } from 'tfjs-multilabel/data';
   *
   * const y = new MultiLabelBinarizer({ sparseOutput: true }).fitTransform([['b'], ['a', 'b']]);
   * console.log(Array.from(y.indices), y.shape); // [1, 0, 1] [2, 2]
   * ```
   */
  fitTransform(
    y: readonly (readonly LabelName[] | ReadonlySet<LabelName>)[],
  ): BinarizedLabels<Sparse> {
    if (this.settings.given) return this.fit(y).transform(y);
    const { ids, columnOf } = this.#learn(y);
    return this.#output(toColumns(ids, columnOf), this.#fitted().length);
  }

  /**
   * Decodes a 0/1 matrix back to label lists: row `r` lists class `j` where `yt[r][j]` is 1,
   * in class order.
   *
   * @param yt A 0/1 matrix with one column per class: any label matrix form (`number[][]`,
   *   `boolean[][]`, `{ data, shape }`, a 2-D tensor) or CSR labels.
   * @returns The labels of each row.
   * @throws {@link MultilabelError} `INVALID_ARGUMENT` before `fit` (classes not given);
   *   `SHAPE_MISMATCH` for a column count other than the number of classes;
   *   `NON_BINARY_LABELS` for a cell other than 0 or 1; the CSR and matrix input errors.
   * @example
   * ```ts
   * import { MultiLabelBinarizer } from 'tfjs-multilabel/data';
   *
   * const binarizer = new MultiLabelBinarizer({ classes: [3, 1, 2] });
   * console.log(binarizer.inverseTransform([[1, 0, 1], [0, 0, 0]])); // [[3, 2], []]
   * console.log(binarizer.inverseTransform({ indptr: [0, 2], indices: [2, 0], shape: [1, 3] })); // [[3, 2]]
   * ```
   */
  inverseTransform(yt: LabelMatrix | SparseLabelMatrix): LabelName[][] {
    const names = this.#fitted();
    if (isSparseLabelMatrix(yt)) {
      const csr = readSparseLabelMatrix(yt, 'yt');
      checkColumns(csr.cols, names.length, 'yt');
      const out = new Array<LabelName[]>(csr.rows);
      for (let r = 0; r < csr.rows; r++) {
        const ids = csr.indices.slice(csr.indptr[r], csr.indptr[r + 1]).sort();
        out[r] = Array.from(ids, (j) => names[j]);
      }
      return out;
    }
    const { data, rows, cols } = toLabelMatrix(yt, 'yt');
    checkColumns(cols, names.length, 'yt');
    const out = new Array<LabelName[]>(rows);
    for (let r = 0, i = 0; r < rows; r++) {
      const row: LabelName[] = [];
      for (let j = 0; j < cols; j++, i++) if (data[i] === 1) row.push(names[j]);
      out[r] = row;
    }
    return out;
  }

  /**
   * Decodes scores to label lists: row `r` lists class `j` where `scores[r][j] >= ` its
   * threshold (the rule of `Thresholds.apply`), in class order.
   *
   * @param scores Scores (or probabilities) with one column per class, any matrix form.
   * @param threshold One threshold for every class, one per class, or a `Thresholds` (from
   *   `tfjs-multilabel/thresholds`; any object with one threshold per class in `values`).
   *   Thresholds may be +/-Infinity (never / always), not NaN.
   * @returns The labels of each row.
   * @throws {@link MultilabelError} `INVALID_ARGUMENT` before `fit` (classes not given) or for
   *   a threshold that is not a number; `SHAPE_MISMATCH` when `scores` or the thresholds do not
   *   have one column per class; `NON_FINITE_VALUES` for a NaN or infinite score.
   * @example
   * ```ts
   * import { MultiLabelBinarizer } from 'tfjs-multilabel/data';
   * import { Thresholds } from 'tfjs-multilabel/thresholds';
   *
   * const binarizer = new MultiLabelBinarizer({ classes: ['cat', 'dog', 'owl'] });
   * const scores = [[0.7, 0.4, 0.1], [0.2, 0.3, 0.9]];
   * console.log(binarizer.decodeScores(scores, 0.35)); // [['cat', 'dog'], ['owl']]
   * console.log(binarizer.decodeScores(scores, new Thresholds([0.5, 0.3, 0.95]))); // [['cat', 'dog'], ['dog']]
   * ```
   */
  decodeScores(scores: ScoreMatrix, threshold: DecodeThreshold): LabelName[][] {
    const names = this.#fitted();
    const s = toFloatMatrix(scores, 'scores');
    checkColumns(s.cols, names.length, 'scores');
    assertFinite(s, 'scores');
    const cut = readThreshold(threshold, names.length);
    const { data, rows, cols } = s;
    const out = new Array<LabelName[]>(rows);
    for (let r = 0, i = 0; r < rows; r++) {
      const row: LabelName[] = [];
      for (let j = 0; j < cols; j++, i++) if (data[i] >= cut[j]) row.push(names[j]);
      out[r] = row;
    }
    return out;
  }

  /**
   * The plain-JSON form (used by `JSON.stringify`): the options, the classes and the labels
   * `minCount` pruned.
   *
   * @returns A new plain object.
   * @example
   * ```ts
   * import { MultiLabelBinarizer } from 'tfjs-multilabel/data';
   *
   * const binarizer = new MultiLabelBinarizer({ minCount: 2 }).fit([['a', 'b'], ['a']]);
   * const copy = MultiLabelBinarizer.fromJSON(JSON.stringify(binarizer));
   * console.log(copy.classes, copy.toJSON().pruned); // ['a'] ['b']
   * ```
   */
  toJSON(): MultiLabelBinarizerJSON {
    const { given, order, sparseOutput, unknown, minCount } = this.settings;
    const names = this.names === undefined ? null : [...this.names];
    return {
      format: BINARIZER_FORMAT,
      version: BINARIZER_VERSION,
      options: given
        ? { classes: names ?? [], sparseOutput, unknown }
        : { order, sparseOutput, unknown, minCount },
      classes: names,
      pruned: [...this.pruned],
    };
  }

  /**
   * Rebuilds a binarizer from what {@link MultiLabelBinarizer.toJSON} wrote. The state is
   * untrusted input: every field is checked (format and version, the options, the classes:
   * distinct labels, in order when sorted, equal to the given ones; pruned labels: distinct,
   * not classes, only with `minCount` above 1).
   *
   * @param json The object `toJSON()` returned, or the string `JSON.stringify` wrote.
   * @returns A new binarizer, fitted when the state was.
   * @throws {@link MultilabelError} naming the field at fault: `PARSE_ERROR` for a string that
   *   is not JSON; `INVALID_ARGUMENT` for another format or version, a missing, extra or
   *   mistyped field, or classes that contradict the options; the constructor's codes for an
   *   option.
   * @example
   * ```ts
   * import { isMultilabelError, MultiLabelBinarizer } from 'tfjs-multilabel/data';
   *
   * const text = JSON.stringify(new MultiLabelBinarizer().fit([['b', 'a']]));
   * console.log(MultiLabelBinarizer.fromJSON(text).classes); // ['a', 'b']
   * try {
   *   MultiLabelBinarizer.fromJSON({ ...JSON.parse(text), classes: ['b', 'a'] });
   * } catch (error) {
   *   if (isMultilabelError(error)) console.log(error.message.slice(0, 16)); // '`json.classes` a'
   * }
   * ```
   */
  static fromJSON(json: unknown): MultiLabelBinarizer<boolean> {
    const state = readBinarizerJSON(json);
    // Errors name the field of the state, not the constructor's option.
    const binarizer = withOptionsPath(
      () => new MultiLabelBinarizer(state.options as MultiLabelBinarizerOptions),
      'json.options',
    );
    binarizer.#load(state.classes, state.pruned);
    return binarizer;
  }

  /** Loads the classes and pruned labels of a serial state, checked against the options. */
  #load(classes: LabelName[] | null, pruned: LabelName[]): void {
    checkSerialClasses(classes, pruned, this.settings, this.names);
    if (!this.settings.given && classes !== null) this.#setClasses(classes);
    if (pruned.length > 0) this.pruned = new Set(pruned);
  }

  /** The classes, or the error of a binarizer that has not learned them. */
  #fitted(): LabelName[] {
    if (this.names === undefined) {
      throw new MultilabelError(
        'INVALID_ARGUMENT',
        'This MultiLabelBinarizer has no classes yet: call `fit(y)` (or `fitTransform(y)`) first, or give `classes`.',
      );
    }
    return this.names;
  }

  #setClasses(names: LabelName[]): void {
    this.names = names;
    this.index = new Map(names.map((c, j) => [c, j]));
  }

  /**
   * Learns the classes of `y` (with given classes: checks `y` only). Returns the ids of every
   * row's labels in first-seen numbering and the column of each id (-1: pruned).
   */
  #learn(y: readonly unknown[]): { ids: RowIds; columnOf: Int32Array } {
    checkLabelRows(y, 'y');
    if (this.settings.given) {
      const ids = collectRows(y, 'y', this.index, (value, r, i) => {
        if (!isLabelName(value)) throw badLabel(`\`y[${r}][${i}]\``, value);
        return -1;
      });
      return { ids, columnOf: new Int32Array(0) };
    }
    const seen = new Map<LabelName, number>();
    const firstRow: number[] = [];
    const ids = collectRows(y, 'y', seen, (value, r, i) => {
      if (!isLabelName(value)) throw badLabel(`\`y[${r}][${i}]\``, value);
      const id = seen.size;
      seen.set(value, id);
      firstRow.push(r);
      return id;
    });
    const labels = [...seen.keys()];
    const counts = new Int32Array(labels.length);
    const { indptr, indices } = ids;
    for (let a = 0; a < indptr[indptr.length - 1]; a++) counts[indices[a]]++;
    const { minCount, order } = this.settings;
    const kept = labels.filter((_, id) => counts[id] >= minCount);
    if (kept.length === 0) {
      throw new MultilabelError(
        'EMPTY_INPUT',
        labels.length === 0
          ? '`y` lists no label, so there is no class to learn. Give rows with labels, or `classes`.'
          : `No label of \`y\` is listed in \`minCount\` (${minCount}) rows or more, so no class is left. Lower \`minCount\`.`,
      );
    }
    const names =
      order === 'sorted'
        ? sortLabels(kept, (number, text) => {
            const where = (label: LabelName) => firstRow[seen.get(label) as number];
            return mixedLabels(number, where(number), text, where(text));
          })
        : kept;
    this.#setClasses(names);
    this.pruned = new Set(labels.filter((_, id) => counts[id] < minCount));
    const columnOf = Int32Array.from(labels, (label) => this.index.get(label) ?? -1);
    return { ids, columnOf };
  }

  /** What `transform` does with a value that is not a class, as an {@link OnMiss}. */
  #unknownLabel(classCount: number): OnMiss {
    const { unknown } = this.settings;
    const pruned = this.pruned;
    return (value, r, i) => {
      if (!isLabelName(value)) throw badLabel(`\`y[${r}][${i}]\``, value);
      if (unknown === 'ignore' || pruned.has(value)) return -1;
      throw new MultilabelError(
        'INVALID_ARGUMENT',
        `\`y[${r}][${i}]\` is ${valueText(value)}, which is not a class of this MultiLabelBinarizer (${classCount} classes${this.settings.given ? ', given' : ', learned by `fit`'}). Fit on data that lists it, add it to \`classes\`, or pass \`unknown: 'ignore'\` to drop labels outside the classes.`,
      );
    };
  }

  #output(ids: RowIds, cols: number): BinarizedLabels<Sparse> {
    return (
      this.settings.sparseOutput ? sparseOf(ids, cols) : denseOf(ids, cols)
    ) as BinarizedLabels<Sparse>;
  }
}

function checkColumns(cols: number, classes: number, name: string): void {
  if (cols !== classes) {
    throw new MultilabelError(
      'SHAPE_MISMATCH',
      `\`${name}\` has ${cols} columns but the binarizer has ${classes} classes; give one column per class, in the order of \`classes\`.`,
    );
  }
}

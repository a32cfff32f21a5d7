import { MultilabelError, type MultilabelErrorCode } from '../core/errors.js';
import { readSerialHeader } from '../core/serial-state.js';
import { valueText } from '../core/value-text.js';
import { isLabelName, type LabelName } from './label-names.js';

/**
 * The plain-JSON form of a {@link MultiLabelBinarizer}: `JSON.stringify(binarizer)` writes it
 * and {@link MultiLabelBinarizer.fromJSON} reads it back (as an object or as its JSON string),
 * so that labels are encoded the same way where a model is trained and where it is served.
 *
 * @summary The plain-JSON form of a {@link MultiLabelBinarizer}.
 * @category Results
 * @example
 * ```ts
 * import { MultiLabelBinarizer, type MultiLabelBinarizerJSON } from 'tfjs-multilabel/data';
 *
 * const json: MultiLabelBinarizerJSON = new MultiLabelBinarizer().fit([['b', 'a']]).toJSON();
 * console.log(json.classes, json.options.unknown); // ['a', 'b'] 'error'
 * ```
 */
export interface MultiLabelBinarizerJSON {
  /** Always `'tfjs-multilabel.MultiLabelBinarizer'`. */
  readonly format: 'tfjs-multilabel.MultiLabelBinarizer';
  /** The version of this form, `1`; a reader refuses versions it does not know. */
  readonly version: 1;
  /**
   * The options, as the constructor takes them: `classes` when they were given, else `order`
   * and `minCount`; always `sparseOutput` and `unknown`.
   */
  readonly options: {
    /** The given classes, in their order. */
    readonly classes?: LabelName[];
    /** The order of learned classes. */
    readonly order?: 'sorted' | 'firstSeen';
    /** Whether `transform` returns compressed sparse rows. */
    readonly sparseOutput: boolean;
    /** The policy for labels outside the classes. */
    readonly unknown: 'error' | 'ignore';
    /** The fewest rows a learned class is listed in. */
    readonly minCount?: number;
  };
  /** The classes (one per column), `null` before `fit`. */
  readonly classes: LabelName[] | null;
  /** The labels `fit` saw in fewer than `minCount` rows (ignored by `transform`). */
  readonly pruned: LabelName[];
}

/** The `format` field of the serial form. @internal */
export const BINARIZER_FORMAT = 'tfjs-multilabel.MultiLabelBinarizer';

/** The version of the serial form this release writes and reads. @internal */
export const BINARIZER_VERSION = 1;

const KEYS = ['format', 'version', 'options', 'classes', 'pruned'] as const;

/** A checked serial form: the options for the constructor, the classes and pruned labels. @internal */
export interface BinarizerState {
  readonly options: Record<string, unknown>;
  readonly classes: LabelName[] | null;
  readonly pruned: LabelName[];
}

function fail(message: string, code: MultilabelErrorCode = 'INVALID_ARGUMENT'): never {
  throw new MultilabelError(code, message);
}

/**
 * Parses (a string) and checks the fields of a serial form one by one; how they fit together
 * (the classes against the options) is checked by the binarizer, which knows its options.
 *
 * @internal
 */
export function readBinarizerJSON(json: unknown): BinarizerState {
  const record = readSerialHeader(
    json,
    BINARIZER_FORMAT,
    BINARIZER_VERSION,
    'MultiLabelBinarizer',
    'binarizer',
  );
  for (const key of Object.keys(record)) {
    if (!(KEYS as readonly string[]).includes(key)) {
      fail(
        `\`json\` has an unknown key ${valueText(key)}; \`MultiLabelBinarizer.toJSON()\` writes ${KEYS.map((k) => `\`${k}\``).join(', ')}.`,
      );
    }
  }
  for (const key of KEYS) {
    if (!Object.hasOwn(record, key)) {
      fail(
        `\`json\` has no \`${key}\`; a state written by \`MultiLabelBinarizer.toJSON()\` has every field.`,
      );
    }
  }
  const options = record.options;
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    fail(`\`json.options\` must be an object, but got ${valueText(options)}.`);
  }
  const classes = record.classes === null ? null : readLabelList(record.classes, 'json.classes');
  const pruned = readLabelList(record.pruned, 'json.pruned');
  return { options: options as Record<string, unknown>, classes, pruned };
}

/**
 * Reads a list of distinct labels (`name`): an array of strings and finite numbers, each once.
 * Returns a copy (-0 read as 0, the same label); `code` is the code of its errors.
 *
 * @internal
 */
export function readLabelList(
  value: unknown,
  name: string,
  code: MultilabelErrorCode = 'INVALID_ARGUMENT',
): LabelName[] {
  if (!Array.isArray(value)) {
    fail(
      `\`${name}\` must be an array of labels (strings or finite numbers), but got ${valueText(value)}.`,
      code,
    );
  }
  const list = new Array<LabelName>(value.length);
  const seen = new Map<LabelName, number>();
  for (let j = 0; j < value.length; j++) {
    const label: unknown = value[j];
    if (!isLabelName(label)) {
      fail(
        `\`${name}[${j}]\` is ${valueText(label)}; a label is a string or a finite number.`,
        code,
      );
    }
    const before = seen.get(label);
    if (before !== undefined) {
      fail(
        `\`${name}\` lists ${valueText(label)} twice (at ${before} and ${j}); list each class once.`,
        code,
      );
    }
    seen.set(label, j);
    list[j] = Object.is(label, -0) ? 0 : label;
  }
  return list;
}

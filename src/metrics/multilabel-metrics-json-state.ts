import { valueText } from '../core/value-text.js';
import type { BatchState, MeanState } from './multilabel-metrics-json.js';
import {
  describe,
  fail,
  float64,
  readArray,
  readCount,
  readFinite,
  readRecord,
  readSum,
} from './multilabel-metrics-json-fields.js';

/**
 * The readers of the parts of a serial {@link MultilabelMetrics} state: the running means, the
 * kept batches, the weight unit, and the checks of the counts against each other.
 *
 * @internal
 * @module
 */

const MEAN_KEYS = ['sum', 'weight', 'plainSum', 'defined'] as const;
const BATCH_KEYS = ['rows', 'labels', 'scores', 'dtype', 'sampleWeight'] as const;

/** Reads `json.means`: one running mean per name, none defined in more than `rows` rows. @internal */
export function readMeans(
  value: unknown,
  names: readonly string[],
  rows: number,
): Map<string, MeanState> {
  const record = readRecord(value, 'json.means', names);
  const means = new Map<string, MeanState>();
  for (const name of names) {
    const path = `json.means.${name}`;
    const m = readRecord(record[name], path, MEAN_KEYS);
    const mean = {
      sum: readSum(m.sum, `${path}.sum`),
      weight: readSum(m.weight, `${path}.weight`),
      plainSum: readFinite(m.plainSum, `${path}.plainSum`, 0),
      defined: readCount(m.defined, `${path}.defined`, rows),
    };
    if (mean.defined === 0 && (mean.sum !== 0 || mean.weight !== 0 || mean.plainSum !== 0)) {
      fail(
        'INVALID_ARGUMENT',
        `\`${path}\` has sums but \`${path}.defined\` is 0: sums of no rows are 0.`,
      );
    }
    means.set(name, mean);
  }
  return means;
}

/** Reads `json.batches`: the kept batches of an exact state. @internal */
export function readBatches(value: unknown, labels: number, allowMissing: boolean): BatchState[] {
  if (!Array.isArray(value)) {
    fail(
      'INVALID_ARGUMENT',
      `\`json.batches\` must be an array when \`json.options.bins\` is null, but got ${describe(value)}.`,
    );
  }
  const minLabel = allowMissing ? -1 : 0;
  return Array.from(value, (item: unknown, k: number): BatchState => {
    const path = `json.batches[${k}]`;
    const b = readRecord(item, path, BATCH_KEYS);
    const rows = readCount(b.rows, `${path}.rows`);
    if (rows === 0) fail('INVALID_ARGUMENT', `\`${path}.rows\` is 0; a kept batch has rows.`);
    if (b.dtype !== 'float32' && b.dtype !== 'float64') {
      fail(
        'INVALID_ARGUMENT',
        `\`${path}.dtype\` must be 'float32' or 'float64', but got ${describe(b.dtype)}.`,
      );
    }
    const cells = rows * labels;
    const label = readArray(
      b.labels,
      `${path}.labels`,
      cells,
      'rows * labels',
      (n) => new Int8Array(n),
      (v, at) => {
        if (v !== 0 && v !== 1 && v !== minLabel) {
          fail(
            'NON_BINARY_LABELS',
            `\`${at}\` is ${describe(v)}; labels are 0 or 1${allowMissing ? ', or -1 for a missing label' : ' (the state was written without `ignoreIndex`)'}.`,
          );
        }
        return v as number;
      },
    );
    const isFloat32 = b.dtype === 'float32';
    const scores = readArray(
      b.scores,
      `${path}.scores`,
      cells,
      'rows * labels',
      (n) => (isFloat32 ? new Float32Array(n) : new Float64Array(n)),
      (v, at) => {
        const s = readFinite(v, at);
        if (isFloat32 && Math.fround(s) !== s) {
          fail(
            'INVALID_ARGUMENT',
            `\`${at}\` is ${s}, which is not a float32 value, but \`${path}.dtype\` is 'float32'.`,
          );
        }
        return s;
      },
    );
    const weights =
      b.sampleWeight === null
        ? undefined
        : readArray(
            b.sampleWeight,
            `${path}.sampleWeight`,
            rows,
            'one weight per row',
            float64,
            (v, at) => readFinite(v, at, 0),
          );
    return { labels: label, scores, weights, rows };
  });
}

/** Exact states: the counted rows and the class counts follow from the kept batches. @internal */
export function checkAgainstBatches(
  batches: BatchState[],
  labels: number,
  rows: number,
  classCounts: Float64Array,
): void {
  const expected = new Float64Array(2 * labels);
  let counted = 0;
  for (const batch of batches) {
    for (let r = 0, i = 0; r < batch.rows; r++) {
      let known = false;
      for (let j = 0; j < labels; j++, i++) {
        const label = batch.labels[i];
        if (label < 0) continue;
        known = true;
        expected[2 * j + label]++;
      }
      if (known) counted++;
    }
  }
  if (counted !== rows) {
    fail(
      'INVALID_ARGUMENT',
      `\`json.rows\` is ${rows}, but \`json.batches\` hold ${counted} rows with a known label.`,
    );
  }
  for (let i = 0; i < expected.length; i++) {
    if (expected[i] !== classCounts[i]) {
      fail(
        'INVALID_ARGUMENT',
        `\`json.classCounts[${i}]\` is ${classCounts[i]}, but \`json.batches\` hold ${expected[i]} such cells.`,
      );
    }
  }
}

/** Binned states: every label's known cells fit in the rows, and the rows have known cells. @internal */
export function checkClassCounts(rows: number, classCounts: Float64Array): void {
  let known = 0;
  for (let j = 0; 2 * j < classCounts.length; j++) {
    const cells = classCounts[2 * j] + classCounts[2 * j + 1];
    if (cells > rows) {
      fail(
        'INVALID_ARGUMENT',
        `\`json.classCounts\` gives label ${j} ${cells} known cells, more than \`json.rows\` (${rows}).`,
      );
    }
    known += cells;
  }
  if (known < rows) {
    fail(
      'INVALID_ARGUMENT',
      `\`json.rows\` is ${rows}, but \`json.classCounts\` hold only ${known} known cells (each counted row has one).`,
    );
  }
}

/**
 * The largest |exponent| of a weight unit: a scaled weight lies in [1, 2), so the unit is the
 * binary exponent of a finite double's largest weight, within [-1074, 1023].
 */
const MAX_WEIGHT_EXPONENT = 1074;

/** Reads `json.weightExponent`: an integer unit exponent, or `null` (only with weights unseen). @internal */
export function readWeightExponent(value: unknown, labels: number): number | undefined {
  if (value === null) return undefined;
  if (labels === 0) {
    fail('INVALID_ARGUMENT', '`json.weightExponent` must be null when `json.labels` is null.');
  }
  if (
    typeof value !== 'number' ||
    !Number.isInteger(value) ||
    Math.abs(value) > MAX_WEIGHT_EXPONENT
  ) {
    fail(
      'INVALID_ARGUMENT',
      `\`json.weightExponent\` must be null or an integer in [-${MAX_WEIGHT_EXPONENT}, ${MAX_WEIGHT_EXPONENT}], but got ${valueText(value)}.`,
    );
  }
  return value;
}

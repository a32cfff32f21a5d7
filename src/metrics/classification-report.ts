import { MultilabelError } from '../core/errors.js';
import type { DenseMatrix, LabelMatrix } from '../core/matrix.js';
import type { SparseLabelMatrix } from '../core/sparse-label-matrix.js';
import { checkBoolean, checkInteger, checkOptionKeys } from '../core/validate.js';
import { unscale } from '../core/weights.js';
import { readCountInputs } from './inputs.js';
import type { SampleOptions } from './options.js';
import { averagePrecisionRecallFscore } from './precision-recall-fscore.js';
import { numpySum, pythonFixed, pythonFloatRepr } from './python-compat.js';
import { checkZeroDivision, type ZeroDivision } from './zero-division.js';

/**
 * Options of {@link classificationReport}.
 *
 * @expand
 * @category Options
 * @example
 * ```ts
 * import { classificationReport, type ClassificationReportOptions } from 'tfjs-multilabel/metrics';
 *
 * const options: ClassificationReportOptions<true> = { labelNames: ['cat', 'dog'], outputDict: true };
 * console.log(classificationReport([[1, 0]], [[1, 0]], options).labels[0].label); // 'cat'
 * ```
 */
export interface ClassificationReportOptions<D extends boolean = boolean> extends SampleOptions {
  /**
   * One display name per label.
   *
   * @defaultValue the column indices, `'0'`, `'1'`, ...
   */
  labelNames?: readonly string[];
  /**
   * Digits after the decimal point in the text form.
   *
   * @defaultValue `2`
   */
  digits?: number;
  /**
   * The value of 0/0.
   *
   * @defaultValue `0`
   */
  zeroDivision?: ZeroDivision;
  /**
   * Return the object form instead of text.
   *
   * @defaultValue `false`
   */
  outputDict?: D;
}

/**
 * One line of a {@link ClassificationReport}.
 *
 * @category Results
 * @example
 * ```ts
 * import { classificationReport, type ClassificationReportRow } from 'tfjs-multilabel/metrics';
 *
 * const micro: ClassificationReportRow = classificationReport([[1, 1]], [[1, 0]], { outputDict: true }).micro;
 * console.log(micro.precision, micro.recall, micro.support); // 1 0.5 2
 * ```
 */
export interface ClassificationReportRow {
  /** tp / (tp + fp). */
  readonly precision: number;
  /** tp / (tp + fn). */
  readonly recall: number;
  /** The F1 score. */
  readonly f1Score: number;
  /** The (sample-weighted) number of true cells; for average rows, the sum over labels. */
  readonly support: number;
}

/**
 * The object form of {@link classificationReport}: one row per label, then the four average
 * rows of a multi-label report.
 *
 * @summary The object form of {@link classificationReport}: a row per label and per average.
 * @category Results
 * @example
 * ```ts
 * import { classificationReport, type ClassificationReport } from 'tfjs-multilabel/metrics';
 *
 * const report: ClassificationReport = classificationReport([[1, 0], [1, 1]], [[1, 0], [1, 0]], { outputDict: true });
 * console.log(report.labels.map((row) => row.recall), report.macro.recall); // [1, 0] 0.5
 * ```
 */
export interface ClassificationReport {
  /** Per label, in column order. */
  readonly labels: readonly (ClassificationReportRow & {
    /** The label's name (from `labelNames`, else its column index). */
    readonly label: string;
  })[];
  /** Pooled counts over labels. */
  readonly micro: ClassificationReportRow;
  /** Plain mean over labels. */
  readonly macro: ClassificationReportRow;
  /** Mean over labels weighted by support. */
  readonly weighted: ClassificationReportRow;
  /** Mean over rows. */
  readonly samples: ClassificationReportRow;
}

const AVERAGES = ['micro', 'macro', 'weighted', 'samples'] as const;

/**
 * Precision, recall, F1 and support per label plus the micro, macro, weighted and samples
 * averages, as scikit-learn's `classification_report` prints them for multi-label input (the
 * text is identical character for character, Python's number formatting included), or as an
 * object with `outputDict: true`.
 *
 * Missing labels (`ignoreIndex`): as {@link precisionRecallFscoreSupport}.
 *
 * @summary Precision, recall, F1 and support per label and averaged, as text or object.
 * @category Reports
 * @param yTrue True labels, 0/1 (and, with `ignoreIndex`, that marker or NaN for a missing label), one row per sample, or a {@link SparseLabelMatrix}.
 * @param yPred Predicted labels, 0/1, the same shape, or a {@link SparseLabelMatrix} (both CSR: counted in time linear in the ids).
 * @param options `labelNames`, `digits`, `zeroDivision`, `sampleWeight`, `ignoreIndex`, `outputDict`.
 * @returns The report text, or a {@link ClassificationReport} with `outputDict: true`.
 * @throws {@link MultilabelError} as {@link precisionRecallFscoreSupport}, and when
 * `labelNames` does not have one name per label.
 * @example
 * ```ts
 * import { classificationReport } from 'tfjs-multilabel/metrics';
 *
 * const text = classificationReport([[1, 0], [1, 1]], [[1, 0], [1, 0]], { labelNames: ['cat', 'dog'] });
 * console.log(text.split('\n')[2]); // '         cat       1.00      1.00      1.00         2'
 * ```
 */
export function classificationReport<D extends boolean = false>(
  yTrue: LabelMatrix | SparseLabelMatrix,
  yPred: LabelMatrix | SparseLabelMatrix,
  options: ClassificationReportOptions<D> = {},
): D extends true ? ClassificationReport : string {
  checkOptionKeys(
    options,
    ['labelNames', 'digits', 'zeroDivision', 'sampleWeight', 'ignoreIndex', 'outputDict'],
    'classificationReport',
  );
  const digits =
    options.digits === undefined ? 2 : checkInteger(options.digits, 'digits', { min: 0, max: 20 });
  const outputDict = checkBoolean(options.outputDict, 'outputDict', false);
  const zeroDivision = checkZeroDivision(options.zeroDivision);
  // One count serves the per-label rows and the four averages.
  const { truth, counts, weights: scaled } = readCountInputs(yTrue, yPred, options, true);
  const sampleWeight = scaled?.weights;
  const perLabel = averagePrecisionRecallFscore(counts, 'none', 1, zeroDivision, sampleWeight);
  const precision = perLabel.precision as Float64Array;
  const recall = perLabel.recall as Float64Array;
  const f1 = perLabel.fScore as Float64Array;
  const support = perLabel.support as Float64Array;
  const labels = precision.length;
  const names = readLabelNames(options.labelNames, labels);
  if (sampleWeight !== undefined) {
    // scikit-learn adds the weights of each label's true cells in row order, and the average
    // rows show np.sum of those: redo both sums in that order so the printed floats match.
    sumWeightsInRowOrder(truth(), sampleWeight, support);
  }
  // Sums of weights, back in the unit of the weights given (an exact power-of-two scaling).
  const exponent = scaled?.exponent ?? 0;
  const totalSupport = unscale(numpySum(support), exponent, 'support');
  for (let j = 0; j < support.length; j++) support[j] = unscale(support[j], exponent, 'support');
  const averages = AVERAGES.map((average) => {
    const r = averagePrecisionRecallFscore(counts, average, 1, zeroDivision, sampleWeight);
    return {
      precision: r.precision as number,
      recall: r.recall as number,
      f1Score: r.fScore as number,
      support: totalSupport,
    };
  });
  if (outputDict) {
    const report: ClassificationReport = {
      labels: names.map((label, j) => ({
        label,
        precision: precision[j],
        recall: recall[j],
        f1Score: f1[j],
        support: support[j],
      })),
      micro: averages[0],
      macro: averages[1],
      weighted: averages[2],
      samples: averages[3],
    };
    return report as D extends true ? ClassificationReport : string;
  }
  // scikit-learn prints integer supports as integers and weighted ones as Python floats.
  const formatSupport = (s: number): string =>
    options.sampleWeight === undefined ? String(s) : pythonFloatRepr(s);
  // A loop, not Math.max(...names): a spread of very many names overflows the call stack.
  let width = Math.max('weighted avg'.length, digits);
  for (const name of names) width = Math.max(width, name.length);
  const cell = (text: string): string => ` ${text.padStart(9)}`;
  const line = (name: string, p: number, r: number, f: number, s: number): string =>
    `${name.padStart(width)} ${cell(pythonFixed(p, digits))}${cell(pythonFixed(r, digits))}${cell(pythonFixed(f, digits))}${cell(formatSupport(s))}\n`;
  let text = `${''.padStart(width)} ${['precision', 'recall', 'f1-score', 'support'].map(cell).join('')}\n\n`;
  for (let j = 0; j < labels; j++)
    text += line(names[j], precision[j], recall[j], f1[j], support[j]);
  text += '\n';
  AVERAGES.forEach((average, i) => {
    const a = averages[i];
    text += line(`${average} avg`, a.precision, a.recall, a.f1Score, a.support);
  });
  return text as D extends true ? ClassificationReport : string;
}

/** Overwrites `support[j]` with the weights of label j's true cells, added in row order. */
function sumWeightsInRowOrder(
  truth: DenseMatrix<Int8Array>,
  sampleWeight: Float64Array,
  support: Float64Array,
): void {
  support.fill(0);
  for (let r = 0; r < truth.rows; r++) {
    for (let j = 0; j < truth.cols; j++) {
      if (truth.data[r * truth.cols + j] === 1) support[j] += sampleWeight[r];
    }
  }
}

function readLabelNames(value: unknown, labels: number): string[] {
  if (value === undefined) return Array.from({ length: labels }, (_, j) => String(j));
  if (
    !Array.isArray(value) ||
    value.length !== labels ||
    !value.every((v) => typeof v === 'string')
  ) {
    throw new MultilabelError(
      'INVALID_OPTION',
      `\`labelNames\` must be an array of ${labels} strings (one per label column), but got ${Array.isArray(value) ? `an array of ${value.length}` : typeof value}.`,
    );
  }
  return value as string[];
}

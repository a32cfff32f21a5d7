import type * as tf from '@tensorflow/tfjs-core';
import { Callback } from '@tensorflow/tfjs-layers';
import { MultilabelError } from '../core/errors.js';
import type { LabelMatrix } from '../core/matrix.js';
import { readIgnoreIndex } from '../core/readers.js';
import { checkBoolean, checkInteger, checkOptionKeys } from '../core/validate.js';
import { valueText } from '../core/value-text.js';
import { lossSettingsOf, type ProbabilityCheck } from '../losses/probability-check.js';
import { collapseMessage, softmaxMessage } from './diagnostic-rules.js';
import {
  checkedOutput,
  checkValidationInputs,
  readValidationData,
  type ValidationData,
} from './validation-data.js';

/**
 * What {@link MultilabelDiagnosticsCallback} can find:
 *
 * - `'collapse'`: the model predicts (almost) no label, or ranks no label better than chance;
 * - `'softmax'`: every output row sums to 1, the mark of a softmax, which makes labels compete;
 * - `'probabilities'`: a loss that takes logits is given probabilities (a sigmoid output).
 *
 * @inline
 * @summary A problem the diagnostics callback finds: collapse, softmax, probabilities.
 * @category Options
 * @example
 * ```ts
 * import type { TrainingIssueKind } from 'tfjs-multilabel/training';
 *
 * const kind: TrainingIssueKind = 'collapse';
 * console.log(kind); // 'collapse'
 * ```
 */
export type TrainingIssueKind = 'collapse' | 'softmax' | 'probabilities';

/**
 * A problem found by {@link MultilabelDiagnosticsCallback}, as its `onIssue` receives it.
 *
 * @category Results
 */
export interface TrainingIssue {
  /** Which check found it. */
  readonly kind: TrainingIssueKind;
  /** What was seen and how to fix it (the text `console.warn` prints by default). */
  readonly message: string;
  /** The epoch (from 0) at whose end, or during which, it was found. */
  readonly epoch: number;
}

/**
 * Which checks {@link MultilabelDiagnosticsCallback} runs: each is on unless set to `false`.
 *
 * @expand
 * @category Options
 */
export interface DiagnosticChecks {
  /**
   * Collapse: under a tenth of the label prior predicted positive, or every label's AP at
   * chance, at `collapsePatience` epoch ends in a row.
   *
   * @defaultValue `true`
   */
  collapse?: boolean;
  /**
   * A softmax output: every validation row of the output sums to 1.
   *
   * @defaultValue `true`
   */
  softmax?: boolean;
  /**
   * Probabilities given to a loss of `tfjs-multilabel/losses` that takes logits (its
   * `fromLogits` left at the default).
   *
   * @defaultValue `true`
   */
  probabilities?: boolean;
}

/**
 * Options of {@link MultilabelDiagnosticsCallback}.
 *
 * @expand
 * @summary Options of {@link MultilabelDiagnosticsCallback}.
 * @category Options
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import '@tensorflow/tfjs-backend-cpu';
 * import type { MultilabelDiagnosticsCallbackOptions, TrainingIssue } from 'tfjs-multilabel/training';
 *
 * const issues: TrainingIssue[] = [];
 * const x = tf.randomNormal([4, 3]);
 * const options: MultilabelDiagnosticsCallbackOptions = {
 *   validationData: [x, [[1, 0], [0, 1], [1, 1], [0, 0]]],
 *   checks: { softmax: false },
 *   onIssue: (issue) => issues.push(issue),
 * };
 * console.log(options.checks); // { softmax: false }
 * x.dispose();
 * ```
 */
export interface MultilabelDiagnosticsCallbackOptions {
  /**
   * `[inputs, labels]`: what `model.predict` takes, and the true labels of those rows (the
   * validation data, or any batch with labels).
   */
  validationData: [tf.Tensor | tf.Tensor[], LabelMatrix];
  /**
   * Which checks run: `false` turns them all off, an object turns single ones off
   * (`{ softmax: false }`).
   *
   * @defaultValue `true`: all three
   */
  checks?: boolean | DiagnosticChecks;
  /**
   * Receives each problem once, when it is found.
   *
   * @defaultValue prints the message with `console.warn`
   */
  onIssue?: (issue: TrainingIssue) => void;
  /**
   * Whether the model outputs logits (decisions at logit 0) or probabilities (at 0.5).
   *
   * @defaultValue read from the compiled loss: a loss of `tfjs-multilabel/losses` says whether
   * it takes logits; any other loss (such as `'binaryCrossentropy'`) takes probabilities
   */
  fromLogits?: boolean;
  /**
   * Collapse must be seen at this many epoch ends in a row before it is reported. Early in
   * training a healthy model often predicts no label for a while (it learns the labels' rates
   * before their features): in the demo, through most of the first epoch of 4,000 images.
   *
   * @defaultValue `2`
   */
  collapsePatience?: number;
  /**
   * Rows per batch of `model.predict`.
   *
   * @defaultValue `256`
   */
  batchSize?: number;
  /**
   * The marker of a missing label in `validationData[1]` (a finite number outside [0, 1], or
   * NaN): those cells count nowhere.
   *
   * @defaultValue none: every label must be 0 or 1
   */
  ignoreIndex?: number;
}

/** The checks, in the order they are run and reported. */
const KINDS: readonly TrainingIssueKind[] = ['probabilities', 'softmax', 'collapse'];

/**
 * A tfjs-layers callback that watches a multi-label model while it trains and says, once each,
 * when something is wrong, with the fix: the model collapsed (it predicts under a tenth of the
 * labels' positive rate, or ranks every label at chance, at two epoch ends in a row), its
 * output is a softmax (rows sum to 1: labels compete), or a loss that takes logits is given
 * probabilities (the loss's own check, shared). Each check can be turned off (`checks`), and
 * the messages go to `console.warn` or to `onIssue`.
 *
 * At the end of each epoch it predicts the validation data (one read of the outputs), until
 * every check has fired; the probability check also runs on the first training batch, as the
 * losses do on their own.
 *
 * @summary A fit callback that flags collapse, softmax outputs and logits-loss misuse.
 * @category Callbacks
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import '@tensorflow/tfjs-backend-cpu';
 * import * as tfl from '@tensorflow/tfjs-layers';
 * import { MultilabelDiagnosticsCallback, type TrainingIssue } from 'tfjs-multilabel/training';
 *
 * // A head whose bias starts at -10: it predicts no label at all.
 * const model = tfl.sequential({
 *   layers: [tfl.layers.dense({ units: 2, inputShape: [3], activation: 'sigmoid', biasInitializer: tfl.initializers.constant({ value: -10 }) })],
 * });
 * model.compile({ optimizer: 'sgd', loss: 'binaryCrossentropy' });
 * const x = tf.tensor2d([[1, 0, 0], [0, 1, 0], [0, 0, 1], [1, 1, 0]]);
 * const y = tf.tensor2d([[1, 0], [0, 1], [0, 0], [1, 1]]);
 * const issues: TrainingIssue[] = [];
 * const diagnostics = new MultilabelDiagnosticsCallback({
 *   validationData: [x, [[1, 0], [0, 1], [0, 0], [1, 1]]],
 *   onIssue: (issue) => issues.push(issue),
 * });
 * await model.fit(x, y, { epochs: 3, callbacks: [diagnostics], verbose: 0 });
 * console.log(issues.map((issue) => [issue.kind, issue.epoch])); // [['collapse', 1]]
 * tf.dispose([x, y]);
 * model.dispose();
 * ```
 */
export class MultilabelDiagnosticsCallback extends Callback {
  /** The problems found so far, in order (each kind at most once). */
  readonly issues: TrainingIssue[] = [];
  private readonly data: ValidationData;
  private readonly enabled: Readonly<Record<TrainingIssueKind, boolean>>;
  private readonly onIssue: (issue: TrainingIssue) => void;
  private readonly fromLogits: boolean | undefined;
  private readonly patience: number;
  private readonly batchSize: number;
  private epoch = 0;
  /** Epoch ends in a row at which the model looked collapsed. */
  private collapsed = 0;
  /** The probability checks of the compiled loss, with where each reported before `fit`. */
  private taken: { check: ProbabilityCheck; report: (message: string) => void }[] = [];
  private outputsLogits = false;

  /**
   * @param options Validation data, which checks run, where the messages go, and how to read
   * the output (`fromLogits`, `batchSize`, `ignoreIndex`).
   * @throws {@link MultilabelError} on an unknown option or check, a check or `fromLogits` that
   * is not a boolean, an `onIssue` that is not a function, inputs that are not live tensors, or
   * labels that are not 0/1 or do not match the inputs' rows.
   */
  constructor(options: MultilabelDiagnosticsCallbackOptions) {
    super();
    checkOptionKeys(
      options,
      [
        'validationData',
        'checks',
        'onIssue',
        'fromLogits',
        'collapsePatience',
        'batchSize',
        'ignoreIndex',
      ],
      'MultilabelDiagnosticsCallback',
    );
    if (typeof options !== 'object' || options === null) {
      throw new MultilabelError(
        'INVALID_ARGUMENT',
        'MultilabelDiagnosticsCallback needs options with `validationData`: [inputs, labels].',
      );
    }
    const {
      validationData,
      checks,
      onIssue,
      fromLogits,
      collapsePatience,
      batchSize,
      ignoreIndex,
    } = options;
    this.enabled = readChecks(checks);
    if (onIssue !== undefined && typeof onIssue !== 'function') {
      throw new MultilabelError(
        'INVALID_OPTION',
        `\`onIssue\` must be a function that receives each issue, but got ${valueText(onIssue)}.`,
      );
    }
    this.onIssue = onIssue ?? ((issue) => console.warn(issue.message));
    this.fromLogits = fromLogits === undefined ? undefined : checkBoolean(fromLogits, 'fromLogits');
    this.patience =
      collapsePatience === undefined
        ? 2
        : checkInteger(collapsePatience, 'collapsePatience', { min: 1 });
    this.batchSize =
      batchSize === undefined ? 256 : checkInteger(batchSize, 'batchSize', { min: 1 });
    this.data = readValidationData(validationData, readIgnoreIndex(ignoreIndex));
  }

  /**
   * Reads the compiled loss (whether the output is logits, and the loss's probability check,
   * whose message it then routes to `onIssue`).
   *
   * @returns A promise that settles at once.
   */
  override async onTrainBegin(): Promise<void> {
    const losses = compiledLosses(this.model as unknown as { loss?: unknown } | undefined);
    const settings = losses.map(lossSettingsOf).filter((s) => s !== undefined);
    this.outputsLogits = this.fromLogits ?? settings.some((s) => s.fromLogits);
    this.release();
    if (!this.enabled.probabilities || this.found('probabilities')) return;
    for (const { check } of settings) {
      if (check === undefined || check.decided) continue;
      this.taken.push({ check, report: check.report });
      check.report = (message) => this.flag('probabilities', message);
    }
  }

  /**
   * Notes the epoch, for the issues found during it.
   *
   * @param epoch The epoch that starts (from 0).
   * @returns A promise that settles at once.
   */
  override async onEpochBegin(epoch: number): Promise<void> {
    this.epoch = epoch;
  }

  /**
   * Predicts the validation data and runs the checks that have not fired yet (nothing when
   * every check has fired or is off).
   *
   * @param epoch The epoch that ended (from 0).
   * @returns A promise that settles when the checks have run.
   */
  override async onEpochEnd(epoch: number): Promise<void> {
    this.epoch = epoch;
    const pending = this.taken.filter(({ check }) => !check.decided);
    const wanted =
      pending.length > 0 ||
      (this.enabled.softmax && !this.found('softmax')) ||
      (this.enabled.collapse && !this.found('collapse'));
    if (!wanted) return;
    this.diagnose(await this.predict(), pending);
  }

  /**
   * Gives the loss's probability check its own reporting back, if it has not decided yet.
   *
   * @returns A promise that settles at once.
   */
  override async onTrainEnd(): Promise<void> {
    this.release();
  }

  /**
   * Gives each taken check that has not decided its reporting back. A decided one keeps the
   * callback's: its read may still be pending (on a GPU), and it reports nothing else.
   */
  private release(): void {
    for (const { check, report } of this.taken) if (!check.decided) check.report = report;
    this.taken = [];
  }

  private found(kind: TrainingIssueKind): boolean {
    return this.issues.some((issue) => issue.kind === kind);
  }

  private flag(kind: TrainingIssueKind, message: string): void {
    if (this.found(kind)) return;
    const issue: TrainingIssue = { kind, message, epoch: this.epoch };
    this.issues.push(issue);
    this.onIssue(issue);
  }

  /** The model's outputs on the validation inputs, read back once. */
  private async predict(): Promise<Float32Array> {
    const model = this.model;
    if (model === undefined || model === null) {
      throw new MultilabelError(
        'INVALID_ARGUMENT',
        'MultilabelDiagnosticsCallback is not attached to a model: pass it to model.fit({ callbacks }).',
      );
    }
    checkValidationInputs(this.data);
    const { inputs, multipleInputs, labels } = this.data;
    const predicted = model.predict(multipleInputs ? inputs : inputs[0], {
      batchSize: this.batchSize,
    });
    const output = checkedOutput(predicted, labels.shape[1], 'MultilabelDiagnosticsCallback');
    try {
      return (await output.data()) as Float32Array;
    } finally {
      output.dispose();
    }
  }

  /** Runs the checks on the outputs `scores` (row-major, the labels' shape). */
  private diagnose(scores: Float32Array, pending: readonly { check: ProbabilityCheck }[]): void {
    let lowest = Number.POSITIVE_INFINITY;
    let highest = Number.NEGATIVE_INFINITY;
    for (const v of scores) {
      // A NaN or infinite output (training diverged) proves nothing about these checks.
      if (!Number.isFinite(v)) return;
      if (v < lowest) lowest = v;
      if (v > highest) highest = v;
    }
    for (const kind of KINDS) {
      if (!this.enabled[kind] || this.found(kind)) continue;
      if (kind === 'probabilities') {
        for (const { check } of pending) check.decide(scores.length, lowest, highest);
      } else {
        const message =
          kind === 'softmax'
            ? softmaxMessage(scores, this.data.labels.shape, lowest, highest)
            : collapseMessage(scores, this.data.labels, this.outputsLogits, this.epoch);
        if (kind === 'collapse') {
          this.collapsed = message === undefined ? 0 : this.collapsed + 1;
          if (this.collapsed < this.patience) continue;
        }
        if (message !== undefined) this.flag(kind, message);
      }
    }
  }
}

/** The `checks` option as one flag per check. */
function readChecks(checks: unknown): Record<TrainingIssueKind, boolean> {
  if (checks === undefined || typeof checks === 'boolean') {
    const on = checks ?? true;
    return { collapse: on, softmax: on, probabilities: on };
  }
  if (typeof checks !== 'object' || checks === null || Array.isArray(checks)) {
    throw new MultilabelError(
      'INVALID_OPTION',
      `\`checks\` must be true, false, or an object such as { softmax: false }, but got ${valueText(checks)}.`,
    );
  }
  checkOptionKeys(checks, KINDS, 'checks');
  const o = checks as Record<string, unknown>;
  return {
    collapse: checkBoolean(o.collapse, 'checks.collapse', true),
    softmax: checkBoolean(o.softmax, 'checks.softmax', true),
    probabilities: checkBoolean(o.probabilities, 'checks.probabilities', true),
  };
}

/** The loss functions a compiled model holds (one, an array, or one per named output). */
function compiledLosses(model: { loss?: unknown } | undefined): unknown[] {
  const loss = model?.loss;
  if (Array.isArray(loss)) return loss;
  if (typeof loss === 'object' && loss !== null) return Object.values(loss);
  return [loss];
}

/**
 * A console progress bar for `model.fit`: redrawn after every batch on a terminal, and one
 * line per epoch with the logged metrics (put it after callbacks that add to the logs, such as
 * `MultilabelEvaluationCallback`, so that their values are shown).
 */
import * as tfl from '@tensorflow/tfjs-layers';

type Logs = Record<string, number | unknown>;

/** What the bar prints to; `process.stdout` by default. */
export interface ProgressOutput {
  write(text: string): unknown;
  isTTY?: boolean;
}

/** Options of {@link ProgressBar}. */
export interface ProgressBarOptions {
  /** Log keys shown at the end of each epoch (default: every numeric key). */
  keys?: readonly string[];
  /** Characters of the bar (default 30). */
  width?: number;
  /** Where to print (default `process.stdout`). */
  output?: ProgressOutput;
}

function formatLogs(logs: Logs | undefined, keys: readonly string[] | undefined): string {
  if (logs === undefined) return '';
  return (keys ?? Object.keys(logs))
    .filter((key) => typeof logs[key] === 'number')
    .map((key) => `${key} ${(logs[key] as number).toFixed(4)}`)
    .join('  ');
}

/** Draws a per-epoch progress bar while `model.fit` runs. */
export class ProgressBar extends tfl.CustomCallback {
  private epochs = 0;
  private steps = 0;
  private epochStart = 0;
  private readonly width: number;
  private readonly output: ProgressOutput;

  constructor(options: ProgressBarOptions = {}) {
    const keys = options.keys;
    super({
      onTrainBegin: async () => {
        this.epochs = (this.params.epochs as number) ?? 0;
        const samples = this.params.samples as number | undefined;
        const batchSize = this.params.batchSize as number | undefined;
        this.steps =
          (this.params.steps as number | undefined) ??
          (samples !== undefined && batchSize !== undefined ? Math.ceil(samples / batchSize) : 0);
      },
      onEpochBegin: async () => {
        this.epochStart = performance.now();
      },
      onBatchEnd: async (batch, logs) => {
        if (this.output.isTTY !== true || this.steps === 0) return;
        this.output.write(`\r${this.bar(batch + 1)}  ${formatLogs(logs, ['loss'])}`);
      },
      onEpochEnd: async (epoch, logs) => {
        const seconds = ((performance.now() - this.epochStart) / 1000).toFixed(1);
        const clear = this.output.isTTY === true ? '\r\x1b[K' : '';
        this.output.write(
          `${clear}epoch ${String(epoch + 1).padStart(2)}/${this.epochs} ${this.bar(this.steps)} ${seconds} s  ${formatLogs(logs, keys)}\n`,
        );
      },
    });
    this.width = options.width ?? 30;
    this.output = options.output ?? process.stdout;
  }

  private bar(done: number): string {
    const filled = this.steps === 0 ? this.width : Math.round((done / this.steps) * this.width);
    return `[${'='.repeat(filled)}${' '.repeat(this.width - filled)}]`;
  }
}

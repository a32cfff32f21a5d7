/**
 * examples/custom-model runs as written (it is small enough to run in full) and prints its
 * metrics; a learnable toy problem must be learned.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { DECISION_RULES } from '../../src/thresholds/index.js';

const run = promisify(execFile);
const root = resolve(import.meta.dirname, '../..');

describe('examples/custom-model', () => {
  it('stays under 60 lines', () => {
    const source = readFileSync(
      new URL('../../examples/custom-model/main.ts', import.meta.url),
      'utf8',
    );
    expect(source.trimEnd().split('\n').length).toBeLessThan(60);
  });

  it('trains, tunes the decision rule on validation and prints the test metrics', async () => {
    // As a user runs it: `tfjs-multilabel` resolves through the tsconfig paths that tsx reads.
    const { stdout } = await run(
      process.execPath,
      ['--import', 'tsx', 'examples/custom-model/main.ts'],
      { cwd: root, timeout: 60_000 },
    );
    const lines = stdout
      .trim()
      .split('\n')
      .filter((line) => !/^=+$|TensorFlow\.js|^$/.test(line));
    expect(lines).toHaveLength(4);
    const mAPs = (lines[0].match(/^validation mAP per epoch: (.*)$/)?.[1] ?? '').split(' ');
    expect(mAPs).toHaveLength(20);
    expect(Number(mAPs[19])).toBeGreaterThan(Number(mAPs[0]));
    const value = (line: string) => Number(line.split(': ').at(-1));
    expect(lines[1]).toMatch(/^test mAP: \d\.\d{3}$/);
    expect(value(lines[1])).toBeGreaterThan(0.9);
    expect(lines[2]).toMatch(/^test macro-F1 at 0\.5: \d\.\d{3}$/);
    expect(lines[3]).toMatch(
      new RegExp(`^test macro-F1 with the '(${DECISION_RULES.join('|')})' rule: \\d\\.\\d{3}$`),
    );
    expect(value(lines[3])).toBeGreaterThan(0.8);
  }, 60_000);
});

/**
 * examples/tabular in its fast mode (one seed, 2 folds, 2 epochs) on emotions, and its data:
 * the gzipped copies must be the MULAN splits (row counts, shapes, label cardinality).
 */
import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { readSplit, standardize } from '../../examples/tabular/datasets.js';

const run = promisify(execFile);
const root = resolve(import.meta.dirname, '../..');

describe('examples/tabular data', () => {
  it.each([
    ['yeast', 1500, 917, 103, 14, 4.228],
    ['scene', 1211, 1196, 294, 6, 1.074],
    ['emotions', 391, 202, 72, 6, 1.869],
  ] as const)(
    '%s: %i train and %i test rows, %i features, %i labels',
    (name, trainRows, testRows, features, labels, cardinality) => {
      const train = readSplit(name, 'train');
      const test = readSplit(name, 'test');
      expect([train.rows, test.rows]).toEqual([trainRows, testRows]);
      expect([train.features, train.labels, test.features, test.labels]).toEqual([
        features,
        labels,
        features,
        labels,
      ]);
      expect(train.x.every(Number.isFinite)).toBe(true);
      const positives = train.y.reduce((a, b) => a + b, 0);
      // meta.json's training-split cardinality for yeast; train+test for the others (close).
      expect(positives / train.rows).toBeCloseTo(cardinality, 0);
    },
  );

  it('standardises with the training statistics only', () => {
    const train = readSplit('emotions', 'train');
    const test = readSplit('emotions', 'test');
    const before = test.x.slice();
    standardize(train, test);
    for (const c of [0, 17, 71]) {
      let sum = 0;
      let squares = 0;
      for (let r = 0; r < train.rows; r++) sum += train.x[r * 72 + c];
      for (let r = 0; r < train.rows; r++) squares += train.x[r * 72 + c] ** 2;
      expect(sum / train.rows).toBeCloseTo(0, 4);
      expect(squares / train.rows).toBeCloseTo(1, 3);
    }
    expect(test.x).not.toEqual(before);
  });
});

describe('examples/tabular (fast mode)', () => {
  it('trains both pipelines and prints the table beside the best published values', async () => {
    const { stdout } = await run(
      process.execPath,
      ['--import', 'tsx', 'examples/tabular/main.ts', '--fast', '--datasets', 'emotions'],
      { cwd: root, timeout: 90_000 },
    );
    const rows = stdout.split('\n').filter((line) => line.startsWith('| emotions'));
    expect(rows).toHaveLength(3);
    expect(rows[2]).toBe('| emotions | best published | 0.719 | 0.698 | 0.170 | 0.826 |');
    for (const row of rows.slice(0, 2)) {
      const cells = row.split('|').slice(3, 7);
      expect(cells).toHaveLength(4);
      for (const cell of cells) {
        const [mean, sd] = cell.trim().split(' ± ').map(Number);
        expect(mean).toBeGreaterThan(0);
        expect(mean).toBeLessThan(1);
        expect(sd).toBe(0); // one seed
      }
    }
    expect(stdout).toMatch(/^emotions: \d+ s; rules chosen: [a-zA-Z0-9-]+$/m);
  }, 120_000);
});

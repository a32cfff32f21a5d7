import { test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { isMultilabelError } from '../../src/core/errors.js';
import { labelStatistics } from '../../src/data/index.js';
import { fc, labelMatrix, toRows } from '../fc.js';
import golden from '../fixtures/split-quality.json';
import { expectClose } from './split-quality-golden.js';

describe('labelStatistics against the reference implementation (scripts/fixtures/split_quality.py)', () => {
  for (const c of golden.cases) {
    it(c.name, () => {
      const s = labelStatistics({ data: c.y, shape: c.shape as [number, number] });
      const g = c.statistics;
      expectClose(s.cardinality, g.cardinality, 'cardinality');
      expectClose(s.density, g.density, 'density');
      expect(s.distinctLabelsets).toBe(g.distinctLabelsets);
      expect(s.rowsWithoutLabels).toBe(g.rowsWithoutLabels);
      expect(Array.from(s.labelCounts)).toEqual(g.labelCounts);
      for (const [i, v] of g.irlbl.entries()) expectClose(s.irlbl[i], v, `IRLbl ${i}`);
      expectClose(s.meanIR, g.meanIR, 'MeanIR');
      expectClose(s.maxIR, g.maxIR, 'MaxIR');
      expectClose(s.scumble, g.scumble, 'SCUMBLE');
    });
  }
});

describe('labelStatistics', () => {
  it('reproduces the published MeanIR and SCUMBLE of emotions (1.478 and 0.011, Charte et al.)', () => {
    const c = golden.cases.find((x) => x.name === 'emotions-kfold-5');
    const s = labelStatistics({
      data: c?.y ?? [],
      shape: (c?.shape ?? [0, 0]) as [number, number],
    });
    expect(s.meanIR.toFixed(3)).toBe('1.478');
    expect(s.scumble.toFixed(3)).toBe('0.011');
    expect(s.cardinality).toBeCloseTo(1.8685, 4);
    expect(s.distinctLabelsets).toBe(27);
  });

  it('gives a label without positives an infinite IRLbl and leaves it out of MeanIR', () => {
    const s = labelStatistics([
      [1, 0, 0],
      [1, 1, 0],
      [1, 0, -1],
    ]);
    expect(Array.from(s.irlbl)).toEqual([1, 3, Number.POSITIVE_INFINITY]);
    expect(s.meanIR).toBe(2);
    expect(s.maxIR).toBe(3);
    expect(Number.isNaN(labelStatistics([[0, 0]]).meanIR)).toBe(true);
  });

  test.prop([labelMatrix({ maxRows: 20, maxCols: 6 }), fc.integer({ min: 0, max: 1e6 })])(
    'does not depend on the row order',
    (m, seed) => {
      const rows = toRows(m);
      const shuffled = rows.map((r, i) => ({ r, key: (i * 2654435761 + seed) % 1000003 }));
      shuffled.sort((a, b) => a.key - b.key);
      const a = labelStatistics(rows);
      const b = labelStatistics(shuffled.map((x) => x.r));
      expect(b.distinctLabelsets).toBe(a.distinctLabelsets);
      expect(b.cardinality).toBeCloseTo(a.cardinality, 12);
      expect(b.scumble).toBeCloseTo(a.scumble, 12);
      expect(Array.from(b.irlbl)).toEqual(Array.from(a.irlbl));
    },
  );

  it('rejects bad labels', () => {
    for (const [y, code] of [
      [[[0.5, 1]], 'NON_BINARY_LABELS'],
      [[], 'EMPTY_INPUT'],
      [[[1], [0, 1]], 'INVALID_SHAPE'],
    ] as const) {
      try {
        labelStatistics(y as never);
        expect.unreachable();
      } catch (error) {
        expect(isMultilabelError(error) && error.code).toBe(code);
      }
    }
  });
});

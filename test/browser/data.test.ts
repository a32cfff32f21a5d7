import { describe, expect, it } from 'vitest';
import { readArff } from '../../src/data/index.js';
import { foldsOf, recordedCases } from '../data/recorded-folds.js';

describe('data/ in Chromium', () => {
  for (const c of recordedCases) {
    it(`gives the folds recorded in Node for ${c.input} with ${JSON.stringify(c.options)}`, () => {
      expect(foldsOf(c)).toBe(c.folds);
    });
  }

  it('reads ARFF in the page', () => {
    const d = readArff(
      "@relation 'r: -C 1'\n@attribute l {0,1}\n@attribute x numeric\n@data\n1,2.5\n",
    );
    expect(Array.from(d.labels.data)).toEqual([1]);
    expect(Array.from(d.features.data)).toEqual([2.5]);
  });
});

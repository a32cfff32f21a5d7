import { describe, expect, it } from 'vitest';
import {
  type IterativeStratificationOptions,
  iterativeStratification,
  readArff,
} from '../../src/data/index.js';
import golden from '../fixtures/stratification-folds.json';

describe('data/ in Chromium', () => {
  for (const c of golden.cases) {
    it(`gives the folds recorded in Node for ${c.input} with ${JSON.stringify(c.options)}`, () => {
      const input = golden.inputs[c.input as 'emotions' | 'synthetic'];
      const y = { data: input.data, shape: input.shape as [number, number] };
      expect(
        Array.from(iterativeStratification(y, c.options as IterativeStratificationOptions)).join(
          '',
        ),
      ).toBe(c.folds);
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

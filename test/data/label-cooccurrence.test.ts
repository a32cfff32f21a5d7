import { test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { labelCooccurrence } from '../../src/data/index.js';
import { labelMatrix, toRows } from '../fc.js';
import { thrownCode } from '../thrown.js';

describe('labelCooccurrence', () => {
  test.prop([labelMatrix({ maxRows: 25, maxCols: 6, missing: true })])(
    'equals the brute-force definitions for every normalisation',
    (m) => {
      const rows = toRows(m);
      const q = m.cols;
      const both = (i: number, j: number): number =>
        rows.filter((r) => r[i] === 1 && r[j] === 1).length;
      const none = labelCooccurrence(rows);
      const conditional = labelCooccurrence(rows, { normalize: 'conditional' });
      const jaccard = labelCooccurrence(rows, { normalize: 'jaccard' });
      expect(none.shape).toEqual([q, q]);
      for (let i = 0; i < q; i++) {
        for (let j = 0; j < q; j++) {
          const c = both(i, j);
          const ci = both(i, i);
          const cj = both(j, j);
          expect(none.data[i * q + j]).toBe(c);
          expect(conditional.data[i * q + j]).toBe(ci === 0 ? 0 : c / ci);
          expect(jaccard.data[i * q + j]).toBe(c === 0 ? 0 : c / (ci + cj - c));
        }
      }
    },
  );

  it('rejects an unknown normalisation and unknown options', () => {
    expect(thrownCode(() => labelCooccurrence([[1]], { normalize: 'cosine' as 'none' }))).toBe(
      'INVALID_OPTION',
    );
    expect(thrownCode(() => labelCooccurrence([[1]], { normalise: 'none' } as never))).toBe(
      'UNKNOWN_OPTION',
    );
  });
});

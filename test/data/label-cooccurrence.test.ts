import { test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import {
  labelCooccurrence,
  sparseLabelCooccurrence,
  sparseLabelMatrix,
} from '../../src/data/index.js';
import { labelMatrix, toRows } from '../fc.js';
import { thrown, thrownCode } from '../thrown.js';

/** Label rows (up to 25, some cells missing) of 1 to `maxCols` labels, and that number `q`. */
const labelRows = (maxCols: number) =>
  labelMatrix({ maxRows: 25, maxCols, missing: true }).map((m) => ({ rows: toRows(m), q: m.cols }));

describe('labelCooccurrence', () => {
  test.prop([labelRows(6)])(
    'equals the brute-force definitions for every normalisation',
    ({ rows, q }) => {
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

describe('sparseLabelCooccurrence', () => {
  test.prop([labelRows(7)])(
    "stores exactly the dense function's non-zero cells, bit for bit, from dense and CSR input",
    ({ rows, q }) => {
      // The CSR form of the rows (missing cells are not positives, as in the dense reading).
      const csr = sparseLabelMatrix(
        rows.map((row) => row.flatMap((v, l) => (v === 1 ? [l] : []))),
        q,
      );
      for (const normalize of ['none', 'conditional', 'jaccard'] as const) {
        const dense = labelCooccurrence(rows, { normalize });
        for (const input of [rows, csr]) {
          const s = sparseLabelCooccurrence(input, { normalize });
          expect(s.shape).toEqual([q, q]);
          const rebuilt = new Float64Array(q * q);
          for (let i = 0; i < q; i++) {
            const columns = Array.from(s.indices.subarray(s.indptr[i], s.indptr[i + 1]));
            expect(columns).toEqual([...columns].sort((a, b) => a - b));
            for (let t = s.indptr[i]; t < s.indptr[i + 1]; t++) {
              expect(s.values[t]).not.toBe(0);
              rebuilt[i * q + s.indices[t]] = s.values[t];
            }
          }
          expect(rebuilt).toEqual(dense.data);
          expect(s.indptr[q]).toBe(Array.from(dense.data).filter((v) => v !== 0).length);
        }
      }
    },
  );

  it('takes a million labels, where the dense matrix is refused', () => {
    const y = sparseLabelMatrix([[3, 999_999], [3], [42], []], 1_000_000);
    expect(thrownCode(() => labelCooccurrence(y))).toBe('INVALID_ARGUMENT');
    const c = sparseLabelCooccurrence(y, { normalize: 'jaccard' });
    expect(c.indptr.length).toBe(1_000_001);
    expect(Array.from(c.indices)).toEqual([3, 999_999, 42, 3, 999_999]);
    // Labels 3 and 999,999: together once, 2 and 1 rows each: 1 / (2 + 1 - 1).
    expect(Array.from(c.values)).toEqual([1, 0.5, 1, 0.5, 1]);
    expect(c.indptr[4] - c.indptr[3]).toBe(2);
  });

  it('refuses more than 2^26 co-occurring pairs instead of running out of memory', () => {
    // One row of 10,000 labels: 1e8 pairs, refused before any work.
    const wide = sparseLabelMatrix([Array.from({ length: 10_000 }, (_, l) => l)], 10_000);
    const error = thrown(() => sparseLabelCooccurrence(wide));
    expect(error.code).toBe('INVALID_ARGUMENT');
    expect(error.message).toMatch(/a row of `y` with 10,000 labels would need 100,000,000 cells/);
    // Two rows of 6,000 different labels each (3.6e7 pairs each, under the limit) that
    // together make more than 2^26 pairs: refused while they are counted.
    const rows = Array.from({ length: 2 }, (_, r) =>
      Array.from({ length: 6_000 }, (_, l) => l + r * 6_000),
    );
    const many = thrown(() => sparseLabelCooccurrence(sparseLabelMatrix(rows, 12_000)));
    expect(many.message).toMatch(/exceed the 67,108,864 this function stores/);
  });

  it('rejects what labelCooccurrence rejects', () => {
    expect(thrownCode(() => sparseLabelCooccurrence([[1, 2]]))).toBe('NON_BINARY_LABELS');
    expect(thrownCode(() => sparseLabelCooccurrence([]))).toBe('EMPTY_INPUT');
    expect(thrownCode(() => sparseLabelCooccurrence([[1]], { normalize: 'x' as 'none' }))).toBe(
      'INVALID_OPTION',
    );
    expect(thrownCode(() => sparseLabelCooccurrence([[1]], { output: 1 } as never))).toBe(
      'UNKNOWN_OPTION',
    );
  });
});

import { test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import {
  ArgsortWorkspace,
  argsort,
  float32FromKey,
  float32Key,
  INSERTION_SORT_MAX,
  insertionSort,
  sortRun,
  sortUint32,
} from '../../src/core/sort.js';
import { fc } from '../fc.js';

/** The definition: a stable comparator sort of the indices, -0 equal to 0, NaN greatest. */
function naiveArgsort(keys: ArrayLike<number>, descending: boolean): number[] {
  const rank = (v: number): number => (Number.isNaN(v) ? Number.POSITIVE_INFINITY : v);
  const compare = (a: number, b: number): number => {
    const x = keys[a];
    const y = keys[b];
    if (Number.isNaN(x) || Number.isNaN(y)) {
      if (Number.isNaN(x) && Number.isNaN(y)) return 0;
      return Number.isNaN(x) ? 1 : -1;
    }
    return rank(x) < rank(y) ? -1 : rank(x) > rank(y) ? 1 : 0;
  };
  return Array.from({ length: keys.length }, (_, i) => i).sort(
    (a, b) => (descending ? compare(b, a) : compare(a, b)) || a - b,
  );
}

/** Keys with many exact ties and every special value the kernel must order. */
const specialKey = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.constantFrom(0, -0, 1, -1, 0.5, 1e-30, -1e-30, 3.4e38, Number.MIN_VALUE),
  },
  {
    weight: 2,
    arbitrary: fc.constantFrom(Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, Number.NaN),
  },
  { weight: 6, arbitrary: fc.double() },
);

const keyArrays = fc.oneof(
  fc.array(specialKey, { maxLength: 60 }),
  fc.array(specialKey, { minLength: INSERTION_SORT_MAX + 1, maxLength: 3000 }),
);

describe('argsort', () => {
  for (const Kind of [Float32Array, Float64Array]) {
    test.prop([keyArrays, fc.boolean()])(
      `equals a stable comparator sort on ${Kind.name} keys with ties, -0, infinities and NaN`,
      (values, descending) => {
        const keys = Kind.from(values);
        expect(Array.from(argsort(keys, { descending }))).toEqual(naiveArgsort(keys, descending));
      },
    );
  }

  it('orders float64 keys that differ only in the low word (beyond float32 precision)', () => {
    const keys = new Float64Array(500);
    for (let i = 0; i < keys.length; i++) keys[i] = 1 + ((i * 7919) % 500) * Number.EPSILON;
    expect(Array.from(argsort(keys))).toEqual(naiveArgsort(keys, false));
    expect(Array.from(argsort(keys, { descending: true }))).toEqual(naiveArgsort(keys, true));
  });

  it('keeps ties in index order in both directions', () => {
    const keys = new Float32Array(200).fill(0.5);
    keys[10] = 1;
    keys[150] = -0;
    keys[151] = 0;
    const ascending = Array.from(argsort(keys));
    expect(ascending.slice(0, 3)).toEqual([150, 151, 0]);
    expect(ascending.at(-1)).toBe(10);
    const descending = Array.from(argsort(keys, { descending: true }));
    expect(descending.slice(0, 3)).toEqual([10, 0, 1]);
    expect(descending.slice(-2)).toEqual([150, 151]);
  });

  it('handles empty and single-element input', () => {
    expect(Array.from(argsort(new Float64Array(0)))).toEqual([]);
    expect(Array.from(argsort(new Float32Array([3])))).toEqual([0]);
  });

  it('reads keys from a subarray view (non-zero byte offset)', () => {
    const base = new Float64Array(1000);
    for (let i = 0; i < base.length; i++) base[i] = Math.sin(i);
    const view = base.subarray(100, 900);
    expect(Array.from(argsort(view))).toEqual(naiveArgsort(view, false));
    const base32 = Float32Array.from(base);
    const view32 = base32.subarray(3, 777);
    expect(Array.from(argsort(view32, { descending: true }))).toEqual(naiveArgsort(view32, true));
  });

  it('writes into a given buffer and reuses a workspace across sizes and key types', () => {
    const workspace = new ArgsortWorkspace();
    const out = new Int32Array(5000);
    for (const n of [5000, 100, 2500, 49]) {
      for (const Kind of [Float64Array, Float32Array]) {
        const keys = Kind.from(Array.from({ length: n }, (_, i) => Math.cos(i * 1.7) * 10));
        const result = argsort(keys, { out, workspace });
        expect(result).toBe(out);
        expect(Array.from(out.subarray(0, n))).toEqual(naiveArgsort(keys, false));
      }
    }
  });

  it('rejects an output buffer that is too short', () => {
    expect(() => argsort(new Float64Array(10), { out: new Int32Array(9) })).toThrow(
      expect.objectContaining({
        code: 'INVALID_ARGUMENT',
        message: expect.stringContaining('`out`'),
      }),
    );
  });
});

describe('sortUint32 and the float32 keys', () => {
  test.prop([fc.array(fc.integer({ min: 0, max: 0xffffffff }), { maxLength: 3000 })])(
    'sorts unsigned keys ascending in place',
    (values) => {
      const keys = Uint32Array.from(values);
      sortUint32(keys, keys.length, new Uint32Array(keys.length));
      expect(Array.from(keys)).toEqual([...values].sort((a, b) => a - b));
    },
  );

  test.prop([fc.array(fc.float({ noNaN: true }), { minLength: 1, maxLength: 200 })])(
    'float32Key preserves float order and float32FromKey inverts it (-0 comes back as 0)',
    (values) => {
      const floats = Float32Array.from(values);
      const bits = new Uint32Array(floats.buffer);
      const keys = Array.from(bits, (b) => float32Key(b));
      for (let i = 0; i < floats.length; i++) {
        for (let j = 0; j < floats.length; j++) {
          expect(keys[i] < keys[j]).toBe(floats[i] < floats[j]);
        }
        const back = new Float32Array(new Uint32Array([float32FromKey(keys[i])]).buffer)[0];
        expect(back === floats[i] && !Object.is(back, -0)).toBe(true);
      }
    },
  );
});

describe('insertionSort', () => {
  test.prop([fc.array(fc.double({ noNaN: true }), { maxLength: 60 }), fc.nat(60), fc.boolean()])(
    'sorts the first n values ascending and leaves the rest',
    (values, cut, unsigned) => {
      const n = Math.min(cut, values.length);
      const array = unsigned
        ? Uint32Array.from(values, (v) => Math.abs(Math.trunc(v)) % 0x100000000)
        : Float64Array.from(values);
      const before = Array.from(array);
      insertionSort(array, n);
      const head = before.slice(0, n).sort((a, b) => a - b);
      expect(Array.from(array)).toEqual([...head, ...before.slice(n)]);
    },
  );
});

describe('sortRun', () => {
  test.prop([
    fc.array(fc.integer({ min: -1000, max: 1000 }), { maxLength: 80 }),
    fc.nat(80),
    fc.nat(80),
    fc.constantFrom(0, 16, 32, 100),
    fc.boolean(),
  ])(
    'sorts values[from .. to) ascending, by insertion or by sort, and leaves the rest',
    (values, a, b, insertionMax, floats) => {
      const from = Math.min(a, b, values.length);
      const to = Math.min(Math.max(a, b), values.length);
      const array = floats ? Float64Array.from(values, (v) => v / 7) : Int32Array.from(values);
      const before = Array.from(array);
      sortRun(array, from, to, insertionMax);
      const middle = before.slice(from, to).sort((x, y) => x - y);
      expect(Array.from(array)).toEqual([...before.slice(0, from), ...middle, ...before.slice(to)]);
    },
  );
});

/**
 * readSparseText reads what a writer of the XC-repository and multi-label LIBSVM formats
 * writes, from a string, a Node-style async iterable of byte chunks cut anywhere, and a web
 * ReadableStream, with the same result; malformed rows throw a MultilabelError naming the line.
 */
import { test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { readSparseText } from '../../src/data/read-sparse-text.js';
import { fc, sized } from '../fc.js';

interface Row {
  labels: number[];
  features: [number, number][];
}

const dataset = sized(
  fc.record({ labels: fc.integer({ min: 1, max: 12 }), features: fc.integer({ min: 1, max: 9 }) }),
  ({ labels, features }) => ({
    rows: fc.array(
      fc.record({
        labels: fc.uniqueArray(fc.nat(labels - 1), { maxLength: 4 }),
        features: fc.uniqueArray(
          fc.tuple(fc.nat(features - 1), fc.float({ noNaN: true, noDefaultInfinity: true })),
          { maxLength: 4, selector: ([f]) => f },
        ),
      }),
      { minLength: 1, maxLength: 12 },
    ),
    cuts: fc.array(fc.nat(), { maxLength: 6 }),
  }),
);

/** The text of `rows` in a format (a row without labels starts with its first feature). */
function write(rows: Row[], format: 'xc' | 'libsvm', labels: number, features: number): string {
  const base = format === 'xc' ? 0 : 1;
  const lines = rows.map((r) =>
    [r.labels.join(','), ...r.features.map(([f, v]) => `${f + base}:${v}`)].join(' '),
  );
  return `${format === 'xc' ? `${rows.length} ${features} ${labels}\n` : ''}${lines.join('\n')}\n`;
}

/** `text` as UTF-8 byte chunks cut at `cuts` (positions modulo its length). */
function byteChunks(text: string, cuts: number[]): Uint8Array[] {
  const bytes = new TextEncoder().encode(text);
  const at = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  const out: Uint8Array[] = [];
  let start = 0;
  for (const cut of [...at, bytes.length]) {
    out.push(bytes.subarray(start, cut));
    start = cut;
  }
  return out;
}

/** Row offsets from row lengths: 0, then the running sums. */
function offsets(lengths: number[]): number[] {
  const out = [0];
  for (const n of lengths) out.push(out[out.length - 1] + n);
  return out;
}

async function* iterate<T>(items: T[]): AsyncGenerator<T> {
  for (const item of items) yield item;
}

function stream(items: Uint8Array[]): ReadableStream<Uint8Array> {
  return new ReadableStream({
    start(controller) {
      for (const item of items) controller.enqueue(item);
      controller.close();
    },
  });
}

const plain = (d: Awaited<ReturnType<typeof readSparseText>>) => ({
  labels: {
    indptr: Array.from(d.labels.indptr),
    indices: Array.from(d.labels.indices),
    shape: d.labels.shape,
  },
  features: {
    indptr: Array.from(d.features.indptr),
    indices: Array.from(d.features.indices),
    values: Array.from(d.features.values),
    shape: d.features.shape,
  },
});

describe('readSparseText', () => {
  test.prop([dataset, fc.constantFrom('xc' as const, 'libsvm' as const)])(
    'reads what was written, from a string, byte chunks and a ReadableStream alike',
    async (d, format) => {
      const text = write(d.rows, format, d.labels, d.features);
      const options =
        format === 'xc' ? {} : ({ format, labels: d.labels, features: d.features } as const);
      const expected = {
        labels: {
          indptr: offsets(d.rows.map((r) => r.labels.length)),
          indices: d.rows.flatMap((r) => r.labels),
          shape: [d.rows.length, d.labels],
        },
        features: {
          indptr: offsets(d.rows.map((r) => r.features.length)),
          indices: d.rows.flatMap((r) => r.features.map(([f]) => f)),
          values: d.rows.flatMap((r) => r.features.map(([, v]) => Math.fround(v) + 0)),
          shape: [d.rows.length, d.features],
        },
      };
      const fix = (p: ReturnType<typeof plain>) => ({
        ...p,
        features: { ...p.features, values: p.features.values.map((v) => v + 0) },
      });
      expect(fix(plain(await readSparseText(text, options)))).toEqual(expected);
      const chunks = byteChunks(text, d.cuts);
      expect(fix(plain(await readSparseText(iterate(chunks), options)))).toEqual(expected);
      expect(fix(plain(await readSparseText(stream(chunks), options)))).toEqual(expected);
    },
  );

  it('infers the LIBSVM shape from the largest ids, and reads CRLF line ends', async () => {
    const d = await readSparseText('2,5 3:1\r\n0 1:2.5\r\n', { format: 'libsvm' });
    expect(d.labels.shape).toEqual([2, 6]);
    expect(d.features.shape).toEqual([2, 3]);
    expect(Array.from(d.features.indices)).toEqual([2, 0]);
  });

  it.each([
    ['2 3 4\n0,x 1:1\n1 2:0.5\n', 'Line 2: label "x" is not a whole number'],
    ['2 3 4\n0,4 1:1\n1 2:0.5\n', 'Line 2: label 4 is outside [0, 4)'],
    ['2 3 4\n0 1:1\n1,1 2:0.5\n', 'Line 3: label 1 is listed twice'],
    ['2 3 4\n0 1:1 1:2\n1 2:0.5\n', 'Line 2: feature 1 is listed twice'],
    ['2 3 4\n0 3:1\n1 2:0.5\n', 'Line 2: feature index 3 is outside [0, 3)'],
    ['2 3 4\n0 1:abc\n1 2:0.5\n', 'Line 2: the value of feature 1 is "abc"'],
    ['2 3 4\n0 1\n', 'Line 2: "1" is not index:value'],
    ['2 3\n0 1:1\n', 'Line 1: the header must be "rows features labels"'],
    ['3 3 4\n0 1:1\n1 2:0.5\n', 'The header says 3 rows but the file has 2'],
    ['1 3 4\n0 1:0x10\n', 'Line 2: the value of feature 1 is "0x10"'],
  ])('%j throws naming the line', async (text, message) => {
    await expect(readSparseText(text)).rejects.toThrow(message);
    await expect(readSparseText(text)).rejects.toMatchObject({ code: 'PARSE_ERROR' });
  });

  it('refuses empty input, bad options and a bad source', async () => {
    await expect(readSparseText('')).rejects.toMatchObject({ code: 'EMPTY_INPUT' });
    await expect(readSparseText('', { format: 'libsvm' })).rejects.toMatchObject({
      code: 'EMPTY_INPUT',
    });
    await expect(readSparseText(' 1:1\n', { format: 'libsvm' })).rejects.toThrow(
      'No row has a label: pass `labels`',
    );
    await expect(readSparseText('1 1 1\n0 0:1\n', { labels: 2 })).rejects.toMatchObject({
      code: 'INVALID_OPTION',
    });
    await expect(readSparseText('x', { format: 'csv' as 'xc' })).rejects.toMatchObject({
      code: 'INVALID_OPTION',
    });
    await expect(readSparseText(42 as unknown as string)).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
    });
    await expect(readSparseText(iterate([1 as unknown as string]))).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
    });
  });
});

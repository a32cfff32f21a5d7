import { describe, expect, it } from 'vitest';
import { loadMnistDigits } from '../../examples/data/mnist-digits.js';
import {
  buildMultiDigitImages,
  digitPixels,
  partnerOf,
  TRAIN_SHARE,
} from '../../examples/data/multi-digit.js';

const digits = loadMnistDigits();

describe('the MNIST digits of the mnist package', () => {
  it('holds the 10,000 real digits, about a thousand per class, 28 x 28 in [0, 1]', () => {
    expect(digits.counts).toEqual([1001, 1127, 991, 1032, 980, 863, 1014, 1070, 944, 978]);
    for (let c = 0; c < 10; c++) {
      const p = digits.pixels[c];
      expect(p.length).toBe(digits.counts[c] * 784);
      expect(p.every((v) => v >= 0 && v <= 1)).toBe(true);
      // Handwriting, not blank or noise: roughly 10-25 % of the pixels are ink.
      const ink = p.reduce((s, v) => s + (v > 0.5 ? 1 : 0), 0) / p.length;
      expect(ink).toBeGreaterThan(0.05);
      expect(ink).toBeLessThan(0.3);
    }
  });
});

describe('buildMultiDigitImages', () => {
  const options = { count: 300, seed: 7, grid: 3, digitSide: 14 as const, maxDigits: 4 };

  it('is deterministic by seed', () => {
    const a = buildMultiDigitImages(digits, options);
    const b = buildMultiDigitImages(digits, options);
    const c = buildMultiDigitImages(digits, { ...options, seed: 8 });
    const bytes = (x: ArrayBufferView) => Buffer.from(x.buffer, x.byteOffset, x.byteLength);
    expect(bytes(a.images).equals(bytes(b.images))).toBe(true);
    expect(bytes(a.labels).equals(bytes(b.labels))).toBe(true);
    expect(bytes(c.images).equals(bytes(a.images))).toBe(false);
    expect(c.labels).not.toEqual(a.labels);
  });

  it('labels each image with the set of digits it shows, drawn where the placements say', () => {
    const { images, labels, side, placements, count } = buildMultiDigitImages(digits, options);
    expect(side).toBe(42);
    expect(images.length).toBe(count * side * side);
    for (let i = 0; i < count; i++) {
      const placed = placements[i];
      expect(placed.length).toBeGreaterThanOrEqual(1);
      expect(placed.length).toBeLessThanOrEqual(4);
      expect(new Set(placed.map((p) => p.cell)).size).toBe(placed.length);
      const set = new Set(placed.map((p) => p.digit));
      expect(Array.from(labels.subarray(i * 10, i * 10 + 10))).toEqual(
        Array.from({ length: 10 }, (_, d) => (set.has(d) ? 1 : 0)),
      );
      // Every cell equals its digit's pooled pixels, or is black.
      for (let cell = 0; cell < 9; cell++) {
        const p = placed.find((q) => q.cell === cell);
        const want = p ? digitPixels(digits, p.digit, p.index, 14) : new Float32Array(196);
        const top = Math.floor(cell / 3) * 14;
        const left = (cell % 3) * 14;
        for (let r = 0; r < 14; r++) {
          for (let c = 0; c < 14; c++) {
            const v = images[i * side * side + (top + r) * side + left + c];
            if (v !== want[r * 14 + c]) throw new Error(`image ${i} cell ${cell} differs`);
          }
        }
      }
    }
  });

  it('pools 28 x 28 digits by 2 x 2 averages', () => {
    const full = digitPixels(digits, 3, 10, 28);
    const pooled = digitPixels(digits, 3, 10, 14);
    expect(pooled[5 * 14 + 6]).toBeCloseTo(
      (full[10 * 28 + 12] + full[10 * 28 + 13] + full[11 * 28 + 12] + full[11 * 28 + 13]) / 4,
      6,
    );
  });

  it('draws train and test images from disjoint digits', () => {
    const train = buildMultiDigitImages(digits, { ...options, pool: 'train' });
    const test = buildMultiDigitImages(digits, { ...options, pool: 'test' });
    for (const p of train.placements.flat()) {
      expect(p.index).toBeLessThan(Math.floor(digits.counts[p.digit] * TRAIN_SHARE));
    }
    for (const p of test.placements.flat()) {
      expect(p.index).toBeGreaterThanOrEqual(Math.floor(digits.counts[p.digit] * TRAIN_SHARE));
    }
  });

  it('makes partner digits co-occur more often than other pairs', () => {
    const { labels, count } = buildMultiDigitImages(digits, { ...options, count: 3000 });
    let partner = 0;
    let other = 0;
    let partnerPairs = 0;
    let otherPairs = 0;
    for (let a = 0; a < 10; a++) {
      for (let b = a + 1; b < 10; b++) {
        let both = 0;
        for (let i = 0; i < count; i++) both += labels[i * 10 + a] & labels[i * 10 + b];
        if (partnerOf(a) === b) {
          partner += both;
          partnerPairs++;
        } else {
          other += both;
          otherPairs++;
        }
      }
    }
    expect(partner / partnerPairs).toBeGreaterThan(3 * (other / otherPairs));
  });

  it('rejects impossible options', () => {
    expect(() =>
      buildMultiDigitImages(digits, { count: 1, seed: 1, grid: 1, maxDigits: 2 }),
    ).toThrow(RangeError);
    expect(() => buildMultiDigitImages(digits, { count: 0, seed: 1 })).toThrow(RangeError);
  });
});

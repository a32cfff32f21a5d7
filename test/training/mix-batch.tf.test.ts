/**
 * mixup and cutmix: the mixed labels (and inputs) equal the weight and pairing they report,
 * pixel by pixel for cutmix's box; the same seed mixes the same way; no tensor left behind; the
 * errors of bad input.
 */
import { test } from '@fast-check/vitest';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { cutmix, mixup } from '../../src/training/index.js';
import { codeOf } from '../error-code.js';
import { fc } from '../fc.js';
import { expectNoLeakedTensors } from '../leak.js';

const close = (got: ArrayLike<number>, want: ArrayLike<number>) => {
  expect(got.length).toBe(want.length);
  for (let i = 0; i < want.length; i++) {
    const tolerance = 1e-6 * Math.max(1, Math.abs(want[i]));
    expect(Math.abs(got[i] - want[i]), `cell ${i}: ${got[i]} vs ${want[i]}`).toBeLessThanOrEqual(
      tolerance,
    );
  }
};

const batch = fc
  .record({
    rows: fc.integer({ min: 1, max: 6 }),
    labels: fc.integer({ min: 1, max: 4 }),
    side: fc.integer({ min: 1, max: 5 }),
    alpha: fc.constantFrom(0.2, 1, 3),
    seed: fc.nat(10_000),
  })
  .chain((s) =>
    fc.record({
      s: fc.constant(s),
      pixels: fc.array(fc.integer({ min: 0, max: 255 }), {
        minLength: s.rows * s.side * s.side,
        maxLength: s.rows * s.side * s.side,
      }),
      y: fc.array(fc.constantFrom(0, 1), {
        minLength: s.rows * s.labels,
        maxLength: s.rows * s.labels,
      }),
    }),
  );

/** Row `r` of a flat row-major array of `width`-wide rows. */
const row = (a: ArrayLike<number>, r: number, width: number) =>
  Array.from(a).slice(r * width, (r + 1) * width);

describe(`mixup and cutmix (${process.env.TFJS_BACKEND})`, () => {
  test.prop([batch], { numRuns: 30 })(
    'mixup: each row is lambda parts itself and (1 - lambda) parts its partner',
    ({ s, pixels, y }) => {
      const x = tf.tensor4d(pixels, [s.rows, s.side, s.side, 1]);
      const labels = tf.tensor2d(y, [s.rows, s.labels]);
      const m = mixup(x, labels, { alpha: s.alpha, seed: s.seed });
      expect(m.lambda >= 0 && m.lambda <= 1).toBe(true);
      expect([...m.partner].sort((a, b) => a - b)).toEqual(
        Array.from({ length: s.rows }, (_, i) => i),
      );
      const size = s.side * s.side;
      const mix = (a: number[], width: number) =>
        a.map((v, i) => {
          const r = Math.floor(i / width);
          return m.lambda * v + (1 - m.lambda) * a[m.partner[r] * width + (i % width)];
        });
      close(m.y.dataSync(), mix(y, s.labels));
      close(
        m.x.dataSync(),
        mix(pixels, size)
          .map((v) => v / 255)
          .map((v) => v * 255),
      );
      expect(m.x.shape).toEqual(x.shape);
      const again = mixup(x, labels, { alpha: s.alpha, seed: s.seed });
      expect([again.lambda, Array.from(again.partner)]).toEqual([m.lambda, Array.from(m.partner)]);
      tf.dispose([x, labels, m.x, m.y, again.x, again.y]);
    },
  );

  test.prop([batch], { numRuns: 30 })(
    'cutmix: the box comes from the partner, the rest is kept, the labels weigh the kept share',
    ({ s, pixels, y }) => {
      const x = tf.tensor4d(pixels, [s.rows, s.side, s.side, 1]);
      const labels = tf.tensor2d(y, [s.rows, s.labels]);
      const m = cutmix(x, labels, { alpha: s.alpha, seed: s.seed });
      const { top, left, height, width } = m.box;
      const size = s.side * s.side;
      expect(m.lambda).toBe(1 - (height * width) / size);
      const got = m.x.dataSync();
      for (let r = 0; r < s.rows; r++) {
        const own = row(pixels, r, size);
        const other = row(pixels, m.partner[r], size);
        const want = own.map((v, i) => {
          const py = Math.floor(i / s.side);
          const px = i % s.side;
          const inside = py >= top && py < top + height && px >= left && px < left + width;
          return inside ? other[i] : v;
        });
        close(row(got, r, size), want);
      }
      const mixed = y.map((v, i) => {
        const r = Math.floor(i / s.labels);
        return m.lambda * v + (1 - m.lambda) * y[m.partner[r] * s.labels + (i % s.labels)];
      });
      close(m.y.dataSync(), mixed);
      tf.dispose([x, labels, m.x, m.y]);
    },
  );

  it('draws a new mixing per call without a seed', () => {
    const x = tf.ones([8, 2]);
    const y = tf.zeros([8, 3]);
    const calls = Array.from({ length: 4 }, () => mixup(x, y));
    expect(new Set(calls.map((c) => c.lambda)).size).toBeGreaterThan(1);
    tf.dispose([x, y, ...calls.flatMap((c) => [c.x, c.y])]);
  });

  it('leaves no tensor behind', async () => {
    const x = tf.ones([3, 4, 4, 2]);
    const y = tf.tensor2d([
      [1, 0],
      [0, 1],
      [1, 1],
    ]);
    await expectNoLeakedTensors(() => {
      const m = mixup(x, y, { seed: 1 });
      tf.dispose([m.x, m.y]);
    });
    await expectNoLeakedTensors(() => {
      const m = cutmix(x, y, { seed: 1 });
      tf.dispose([m.x, m.y]);
    });
    tf.dispose([x, y]);
  });

  it('refuses bad input with the argument named', () => {
    const x = tf.ones([2, 3, 3, 1]);
    const y = tf.tensor2d([
      [1, 0],
      [0, 1],
    ]);
    const flat = tf.ones([2, 3]);
    const short = tf.tensor2d([[1, 0]]);
    const empty = tf.zeros([0, 2]);
    expect(codeOf(() => mixup(x, short))).toBe('SHAPE_MISMATCH');
    expect(codeOf(() => mixup([[1]] as never, y))).toBe('INVALID_ARGUMENT');
    expect(codeOf(() => mixup(empty, tf.zeros([0, 2])))).toBe('EMPTY_INPUT');
    expect(codeOf(() => cutmix(flat, y))).toBe('INVALID_SHAPE');
    expect(codeOf(() => mixup(x, y, { alpha: 0 }))).toBe('INVALID_OPTION');
    expect(codeOf(() => mixup(x, y, { seed: -1 }))).toBe('INVALID_OPTION');
    expect(codeOf(() => cutmix(x, y, { alpha: 1, beta: 2 } as never))).toBe('UNKNOWN_OPTION');
    tf.dispose([x, y, flat, short, empty]);
  });
});

/**
 * Multi-label images tiled from real MNIST digits: a grid of cells, some holding a digit, the
 * rest black; the labels of an image are the set of digits it shows. Digits come in partner
 * pairs (0-5, 1-6, 2-7, 3-8, 4-9) that appear together more often than chance, so the labels
 * are correlated as in real multi-label data. Deterministic: the same options give the same
 * images on every platform (the library's seeded generator).
 */
import { SeededRandom } from '../../src/core/random.js';
import type { DigitSet } from './mnist-digits.js';

/** Options of {@link buildMultiDigitImages}. */
export interface MultiDigitOptions {
  /** Number of images. */
  count: number;
  /** Seed of the generator. */
  seed: number;
  /** Cells per side of the grid (default 3). */
  grid?: number;
  /** Pixels per side of a digit: 28 (MNIST's) or 14 (2 x 2 average pooled; default). */
  digitSide?: 14 | 28;
  /** Fewest digits in an image (default 1). */
  minDigits?: number;
  /** Most digits in an image (default 4; at most grid * grid). */
  maxDigits?: number;
  /** Which digits to draw from: the first 80 % of each class (`'train'`) or the rest. */
  pool?: 'train' | 'test';
  /**
   * Chance that each digit after the first is the partner of one already placed (default
   * 0.5); otherwise it is uniform over 0-9.
   */
  cooccurrence?: number;
}

/**
 * The layout of the demo's images, which the heads benchmark uses too: 2 x 2 cells of 14-pixel
 * digits (28 x 28 pixels), 1 to 3 digits each.
 */
export const TWO_BY_TWO = { grid: 2, digitSide: 14, minDigits: 1, maxDigits: 3 } as const;

/** One digit placed in an image. */
export interface Placement {
  /** Cell index, row-major in the grid. */
  cell: number;
  /** The digit class. */
  digit: number;
  /** Index of the MNIST digit within its class. */
  index: number;
}

/** Images `[count, side, side, 1]` and their labels `[count, 10]`. */
export interface MultiDigitImages {
  /** Pixels, row-major `[count, side, side, 1]`, in [0, 1]. */
  images: Float32Array;
  /** Labels, row-major `[count, 10]`: 1 when the digit appears in the image. */
  labels: Uint8Array;
  /** Number of images. */
  count: number;
  /** Pixels per side of an image. */
  side: number;
  /** The digits placed in each image. */
  placements: Placement[][];
}

/** The digit that tends to appear with `digit`. */
export function partnerOf(digit: number): number {
  return (digit + 5) % 10;
}

/** Share of each class's digits in the `'train'` pool. */
export const TRAIN_SHARE = 0.8;

/** Builds multi-digit images from `digits`; see {@link MultiDigitOptions}. */
export function buildMultiDigitImages(
  digits: DigitSet,
  options: MultiDigitOptions,
): MultiDigitImages {
  const grid = options.grid ?? 3;
  const digitSide = options.digitSide ?? 14;
  const minDigits = options.minDigits ?? 1;
  const maxDigits = options.maxDigits ?? 4;
  const pool = options.pool ?? 'train';
  const cooccurrence = options.cooccurrence ?? 0.5;
  const { count } = options;
  if (!Number.isInteger(count) || count < 1) throw new RangeError('`count` must be >= 1.');
  if (!Number.isInteger(grid) || grid < 1) throw new RangeError('`grid` must be >= 1.');
  if (digitSide !== 14 && digitSide !== 28) throw new RangeError('`digitSide` is 14 or 28.');
  if (!(1 <= minDigits && minDigits <= maxDigits && maxDigits <= grid * grid)) {
    throw new RangeError('Need 1 <= minDigits <= maxDigits <= grid * grid.');
  }
  if (!(cooccurrence >= 0 && cooccurrence <= 1)) {
    throw new RangeError('`cooccurrence` must be in [0, 1].');
  }
  const random = new SeededRandom(options.seed);
  const side = grid * digitSide;
  const images = new Float32Array(count * side * side);
  const labels = new Uint8Array(count * 10);
  const placements: Placement[][] = [];
  const ranges = digits.counts.map((n) => {
    const cut = Math.floor(n * TRAIN_SHARE);
    return pool === 'train' ? { start: 0, size: cut } : { start: cut, size: n - cut };
  });
  for (let image = 0; image < count; image++) {
    const k = minDigits + random.nextInt(maxDigits - minDigits + 1);
    const cells = random.permutation(grid * grid).subarray(0, k);
    const placed: Placement[] = [];
    for (let i = 0; i < k; i++) {
      let digit: number;
      if (i > 0 && random.nextFloat() < cooccurrence) {
        digit = partnerOf(placed[random.nextInt(placed.length)].digit);
      } else {
        digit = random.nextInt(10);
      }
      const index = ranges[digit].start + random.nextInt(ranges[digit].size);
      placed.push({ cell: cells[i], digit, index });
      labels[image * 10 + digit] = 1;
      drawDigit(images, image, side, digitSide, grid, cells[i], digits, digit, index);
    }
    placements.push(placed);
  }
  return { images, labels, count, side, placements };
}

/** The pixels of one digit at `digitSide` (2 x 2 averages when 14), row-major. */
export function digitPixels(
  digits: DigitSet,
  digit: number,
  index: number,
  digitSide: 14 | 28,
): Float32Array {
  const source = digits.pixels[digit].subarray(
    index * digits.side * digits.side,
    (index + 1) * digits.side * digits.side,
  );
  if (digitSide === digits.side) return source;
  const factor = digits.side / digitSide;
  const out = new Float32Array(digitSide * digitSide);
  for (let r = 0; r < digitSide; r++) {
    for (let c = 0; c < digitSide; c++) {
      let sum = 0;
      for (let dr = 0; dr < factor; dr++) {
        for (let dc = 0; dc < factor; dc++) {
          sum += source[(r * factor + dr) * digits.side + c * factor + dc];
        }
      }
      out[r * digitSide + c] = sum / (factor * factor);
    }
  }
  return out;
}

function drawDigit(
  images: Float32Array,
  image: number,
  side: number,
  digitSide: 14 | 28,
  grid: number,
  cell: number,
  digits: DigitSet,
  digit: number,
  index: number,
): void {
  const pixels = digitPixels(digits, digit, index, digitSide);
  const top = Math.floor(cell / grid) * digitSide;
  const left = (cell % grid) * digitSide;
  const base = image * side * side;
  for (let r = 0; r < digitSide; r++) {
    images.set(pixels.subarray(r * digitSide, (r + 1) * digitSide), base + (top + r) * side + left);
  }
}

/**
 * temperatureScaling: the closed form of a two-logit problem, the zero of the log loss'
 * derivative at the answer, a brute-force grid over the temperature, one temperature or one per
 * label, the sigmoid (not softmax) reading, and the errors.
 */
import { test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import * as c from '../../src/calibration/index.js';
import { bitRows, scoreRows } from '../bits.js';
import { fc, matrixOf, shape, toRows } from '../fc.js';
import { thrown } from '../thrown.js';

const sigmoid = (u: number) => 1 / (1 + Math.exp(-u));

/** The weighted binary log loss of sigmoid(z / t) over the cells (y, z, w), written out. */
function logLoss(cells: [number, number, number][], t: number): number {
  let sum = 0;
  for (const [y, z, w] of cells) {
    const p = sigmoid(z / t);
    sum -= w * (y === 1 ? Math.log(p) : Math.log(1 - p));
  }
  return sum;
}

/** d/dk of the loss of sigmoid(k z), at k = 1 / t: sum of w (p - y) z. */
function derivative(cells: [number, number, number][], t: number): number {
  return cells.reduce((s, [y, z, w]) => s + w * (sigmoid(z / t) - y) * z, 0);
}

function temperatureOf(calibrator: c.Calibrator, j: number): number {
  const map = calibrator.labels[j];
  if (map.method !== 'temperature') throw new Error('not a temperature');
  return map.temperature;
}

/** Cells (y, z, w) of labels `cols` whose label is known and weight positive. */
function cellsOf(
  yTrue: number[][],
  logits: number[][],
  weights: number[],
  cols: number[],
): [number, number, number][] {
  return yTrue.flatMap((row, r) =>
    cols.flatMap((j): [number, number, number][] =>
      row[j] !== -1 && weights[r] > 0 ? [[row[j], logits[r][j], weights[r]]] : [],
    ),
  );
}

/** Labels that lean towards their logits (with flips, so they never separate), and weights. */
const problems = shape({ minRows: 4, maxRows: 40, maxCols: 3 }).chain(([rows, cols]) =>
  fc
    .record({
      logits: matrixOf([rows, cols], fc.double({ min: -8, max: 8, noNaN: true })).map(toRows),
      noise: matrixOf([rows, cols], fc.double({ min: 0, max: 1, noNaN: true })).map(toRows),
      missing: matrixOf([rows, cols], fc.integer({ min: 0, max: 9 })).map(toRows),
      weights: fc.array(fc.integer({ min: 1, max: 3 }), { minLength: rows, maxLength: rows }),
    })
    .map(({ logits, noise, missing, weights }) => {
      const yTrue = logits.map((row, r) =>
        row.map((z, j) => (missing[r][j] === 0 ? -1 : +(noise[r][j] < sigmoid(z / 2)))),
      );
      // One wrong-signed cell per label keeps the labels from being separated.
      for (let j = 0; j < cols; j++) {
        yTrue[0][j] = 1;
        logits[0][j] = -Math.abs(logits[0][j]) - 0.5;
        yTrue[1][j] = 0;
        logits[1][j] = Math.abs(logits[1][j]) + 0.5;
      }
      return { yTrue, logits, weights };
    }),
);

describe('closed forms', () => {
  it('logits of +-4 right 3 times in 4: sigmoid(4 / T) = 3/4, so T = 4 / ln 3', () => {
    const yTrue = [[1], [1], [1], [0], [0], [0], [0], [1]];
    const logits = [[4], [4], [4], [4], [-4], [-4], [-4], [-4]];
    const calibrator = c.temperatureScaling(yTrue, logits);
    expect(temperatureOf(calibrator, 0)).toBeCloseTo(4 / Math.log(3), 12);
    expect(calibrator.transform([[4], [-4]]).data[0]).toBeCloseTo(0.75, 12);
  });

  it('logits that do not lean towards the labels: T = Infinity, 0.5 everywhere', () => {
    const calibrator = c.temperatureScaling([[1], [0]], [[-1], [2]]);
    expect(temperatureOf(calibrator, 0)).toBe(Number.POSITIVE_INFINITY);
    expect(Array.from(calibrator.transform([[5], [-5]]).data)).toEqual([0.5, 0.5]);
    expect(c.Calibrator.fromJSON(JSON.stringify(calibrator)).labels[0]).toEqual(
      calibrator.labels[0],
    );
  });

  it('is the sigmoid reading: a label is calibrated alone, whatever the other columns hold', () => {
    const yTrue = bitRows('10 01 11 00 10');
    const logits = scoreRows('2 -1, -1 3, -0.5 1, 1 2, 3 -2');
    const both = c.temperatureScaling(yTrue, logits, { perLabel: true });
    const alone = c.temperatureScaling(
      yTrue.map((row) => [row[0]]),
      logits.map((row) => [row[0]]),
    );
    expect(temperatureOf(both, 0)).toBe(temperatureOf(alone, 0));
    // A softmax temperature would make the two columns of a row sum to 1; these do not.
    const p = both.transform([[2, 2]]).data;
    expect(p[0]).toBeCloseTo(sigmoid(2 / temperatureOf(both, 0)), 14);
    expect(p[0] + p[1]).not.toBeCloseTo(1, 3);
  });
});

describe('the minimum', () => {
  test.prop([problems])(
    'the derivative of the log loss is ~0 at the answer, and a grid finds no lower loss',
    ({ yTrue, logits, weights }) => {
      const cols = yTrue[0].length;
      const shared = c.temperatureScaling(yTrue, logits, {
        ignoreIndex: -1,
        sampleWeight: weights,
      });
      const perLabel = c.temperatureScaling(yTrue, logits, {
        ignoreIndex: -1,
        sampleWeight: weights,
        perLabel: true,
      });
      const problemsOf: [number, number[]][] = [
        [temperatureOf(shared, 0), Array.from({ length: cols }, (_, j) => j)],
        ...Array.from({ length: cols }, (_, j): [number, number[]] => [
          temperatureOf(perLabel, j),
          [j],
        ]),
      ];
      for (const [t, labels] of problemsOf) {
        const cells = cellsOf(yTrue, logits, weights, labels);
        const scale = cells.reduce((s, [, z, w]) => s + w * z * z, 0);
        if (t === Number.POSITIVE_INFINITY) {
          // The loss grows from k = 1 / T = 0: its derivative there is >= 0.
          expect(cells.reduce((s, [y, z, w]) => s + w * (0.5 - y) * z, 0)).toBeGreaterThanOrEqual(
            0,
          );
          continue;
        }
        expect(t > 0).toBe(true);
        expect(Math.abs(derivative(cells, t))).toBeLessThan(1e-9 * Math.max(1, scale));
        // Brute force: a grid of log-temperatures, refined twice around its best point.
        let best = 0;
        let step = 0.05;
        let center = 0;
        for (let round = 0; round < 3; round++) {
          let bestLoss = Number.POSITIVE_INFINITY;
          for (let i = -200; i <= 200; i++) {
            const logT = center + i * step;
            const loss = logLoss(cells, Math.exp(logT));
            if (loss < bestLoss) {
              bestLoss = loss;
              best = logT;
            }
          }
          center = best;
          step /= 100;
        }
        expect(Math.abs(Math.exp(best) - t)).toBeLessThan(1e-4 * Math.max(1, t));
        expect(logLoss(cells, t)).toBeLessThanOrEqual(logLoss(cells, Math.exp(best)) + 1e-9);
      }
      // Every label of the shared fit has the same temperature.
      for (let j = 0; j < cols; j++)
        expect(temperatureOf(shared, j)).toBe(temperatureOf(shared, 0));
    },
  );

  test.prop([problems])(
    'an integer weight is a repetition of the row',
    ({ yTrue, logits, weights }) => {
      const repeated = yTrue.flatMap((_, r) => Array.from({ length: weights[r] }, () => r));
      const a = c.temperatureScaling(yTrue, logits, { ignoreIndex: -1, sampleWeight: weights });
      const b = c.temperatureScaling(
        repeated.map((r) => yTrue[r]),
        repeated.map((r) => logits[r]),
        { ignoreIndex: -1 },
      );
      const ta = temperatureOf(a, 0);
      if (ta === Number.POSITIVE_INFINITY) expect(temperatureOf(b, 0)).toBe(ta);
      else expect(Math.abs(temperatureOf(b, 0) - ta)).toBeLessThan(1e-9 * ta);
    },
  );
});

describe('bad input', () => {
  it.each([
    ['separated logits', () => c.temperatureScaling([[1], [0]], [[2], [-1]]), 'UNDEFINED_METRIC'],
    [
      'separated logits of one label (perLabel)',
      () =>
        c.temperatureScaling(
          [
            [1, 1],
            [0, 0],
          ],
          [
            [2, -1],
            [-1, 1],
          ],
          { perLabel: true },
        ),
      'UNDEFINED_METRIC',
    ],
    [
      'a label without a known cell (perLabel)',
      () =>
        c.temperatureScaling(
          [
            [1, -1],
            [0, -1],
          ],
          [
            [-2, 0],
            [1, 0],
          ],
          { perLabel: true, ignoreIndex: -1 },
        ),
      'UNDEFINED_METRIC',
    ],
    [
      'perLabel not a boolean',
      () => c.temperatureScaling([[1]], [[0]], { perLabel: 1 as never }),
      'INVALID_OPTION',
    ],
    [
      'an unknown option',
      () => c.temperatureScaling([[1]], [[0]], { temperature: 2 } as never),
      'UNKNOWN_OPTION',
    ],
    [
      'infinite logits',
      () => c.temperatureScaling([[1]], [[Number.POSITIVE_INFINITY]]),
      'NON_FINITE_VALUES',
    ],
  ])('%s', (_what, call, code) => {
    expect(thrown(call).code).toBe(code);
  });

  it('says which label is separated and what to use instead', () => {
    const error = thrown(() =>
      c.temperatureScaling(
        bitRows('11 00 10'),
        [
          [2, 1],
          [-1, -1],
          [-1, 0],
        ],
        { perLabel: true },
      ),
    );
    expect(error.message).toContain('label 1');
    expect(error.message).toContain('plattScaling');
  });
});

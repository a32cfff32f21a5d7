/**
 * Generic properties of every metric of the registry (scikit-learn's test_common pattern):
 * agreement with the definitional implementation of definitions.ts on small random inputs
 * (ties, weights including 0, missing labels, float32 scores), bounds, row-permutation
 * invariance, integer weights = repeated rows, invariance of ranking metrics under strictly
 * increasing score transforms, and the best value on a perfect prediction. Wherever the
 * metric is undefined (scikit-learn raises, or a mean of zero weight), the library must throw
 * a MultilabelError, and only there. Then the invariances the registry marks: one factor on
 * every weight, a permutation of the label columns (per-label values move with their column),
 * swapping yTrue and yPred (symmetric metrics, and precision <-> recall), and every input form.
 * The tensor form is in properties.tf.test.ts; weight factors down to 5e-324 and up to 4e307
 * are in weight-scale.test.ts.
 */
import { test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { isMultilabelError } from '../../src/core/index.js';
import { fc, type MetricProblem, metricProblem } from '../fc.js';
import type { Rows } from './definitions.js';
import { inputForms, permuteColumns, untie } from './input-forms.js';
import { close, expectSame, outcome } from './outcome.js';
import { type MetricEntry, perLabelRegistry, registry, rocUndefined } from './registry.js';

function definitionOf(entry: MetricEntry, p: MetricProblem): number {
  try {
    return entry.definition(p.yTrue, p.y, p.sampleWeight);
  } catch {
    return Number.NaN;
  }
}

function expectAgreement(entry: MetricEntry, p: MetricProblem, float32: boolean): void {
  const expected = definitionOf(entry, p);
  const undefinedHere = !Number.isFinite(expected) || rocUndefined(entry, p.yTrue, p.sampleWeight);
  const second =
    float32 && entry.kind === 'ranking'
      ? {
          data: Float32Array.from(p.y.flat()),
          shape: [p.y.length, p.y[0].length] as [number, number],
        }
      : p.y;
  const options = { sampleWeight: p.sampleWeight, ignoreIndex: -1 };
  const got = outcome(() => entry.run(p.yTrue, second, options));
  if (undefinedHere) {
    expect(got, `${entry.name} should throw (definition: ${expected})`).toBe('throws');
  } else {
    expect(got, entry.name).not.toBe('throws');
    expect(close(got as number, expected), `${entry.name}: ${got} vs definition ${expected}`).toBe(
      true,
    );
  }
}

/** Float32-representable scores, so the float32 runs compare the same values. */
const float32Problem = (p: MetricProblem): MetricProblem => ({
  ...p,
  y: p.y.map((row) => row.map((v) => Math.fround(v))),
});

const shapes = { minRows: 1, maxRows: 9, minCols: 1, maxCols: 5 };
// FC_NUM_RUNS (see test/setup/fast-check.ts) raises the runs of every property here too.
const runs = { numRuns: Number(process.env.FC_NUM_RUNS ?? 60) };

describe.each(registry.map((entry) => [entry.name, entry] as const))('%s', (_name, entry) => {
  const second = entry.kind === 'count' ? 'predictions' : 'scores';

  test.prop(
    [metricProblem({ ...shapes, second, missing: true, ties: true, weights: 'fractional' })],
    runs,
  )('agrees with its definition (ties, missing labels, weights with zeros)', (p) =>
    expectAgreement(entry, p, false),
  );

  test.prop([metricProblem({ ...shapes, second, weights: 'none' })], runs)(
    'agrees with its definition without weights, on float64 and float32 scores',
    (p) => {
      expectAgreement(entry, p, false);
      expectAgreement(entry, float32Problem(p), true);
    },
  );

  test.prop([metricProblem({ ...shapes, second, ties: true, weights: 'fractional' })], runs)(
    'stays within its bounds',
    (p) => {
      const got = outcome(() => entry.run(p.yTrue, p.y, { sampleWeight: p.sampleWeight }));
      if (got === 'throws') return;
      const [low, high] = entry.bounds(p.yTrue[0].length);
      expect(got).toBeGreaterThanOrEqual(low - 1e-12);
      expect(got).toBeLessThanOrEqual(high + 1e-12);
    },
  );

  test.prop(
    [
      metricProblem({ ...shapes, second, ties: true, missing: true, weights: 'fractional' }).chain(
        (p) =>
          fc.tuple(
            fc.constant(p),
            fc.shuffledSubarray(
              p.yTrue.map((_, i) => i),
              { minLength: p.yTrue.length },
            ),
          ),
      ),
    ],
    runs,
  )('is invariant to the order of the rows', ([p, order]) => {
    const before = outcome(() =>
      entry.run(p.yTrue, p.y, { sampleWeight: p.sampleWeight, ignoreIndex: -1 }),
    );
    const after = outcome(() =>
      entry.run(
        order.map((i) => p.yTrue[i]),
        order.map((i) => p.y[i]),
        {
          sampleWeight: p.sampleWeight && order.map((i) => (p.sampleWeight as number[])[i]),
          ignoreIndex: -1,
        },
      ),
    );
    if (before === 'throws' || after === 'throws') expect(after).toBe(before);
    else expect(close(after, before), `${after} vs ${before}`).toBe(true);
  });

  test.prop(
    [metricProblem({ ...shapes, second, ties: true, missing: true, weights: 'integer' })],
    runs,
  )('weighs a row with integer weight w like w copies of it', (p) => {
    const weights = p.sampleWeight as number[];
    const repeat = <T>(rows: T[]): T[] => rows.flatMap((row, i) => Array<T>(weights[i]).fill(row));
    const weighted = outcome(() =>
      entry.run(p.yTrue, p.y, { sampleWeight: weights, ignoreIndex: -1 }),
    );
    const repeated = outcome(() => entry.run(repeat(p.yTrue), repeat(p.y), { ignoreIndex: -1 }));
    if (weighted === 'throws' || repeated === 'throws') expect(repeated).toBe(weighted);
    else expect(close(weighted, repeated), `${weighted} vs ${repeated}`).toBe(true);
  });

  if (entry.kind === 'ranking') {
    test.prop(
      [
        metricProblem({
          ...shapes,
          second: 'scores',
          ties: true,
          missing: true,
          weights: 'fractional',
        }),
      ],
      runs,
    )('is unchanged by strictly increasing transforms of the scores', (p) => {
      const options = { sampleWeight: p.sampleWeight, ignoreIndex: -1 };
      const base = outcome(() => entry.run(p.yTrue, p.y, options));
      const distinct = [...new Set(p.y.flat())].sort((a, b) => a - b);
      const transforms = [
        (v: number) => v * 4 - 3, // exact for these scores
        (v: number) => distinct.indexOf(v) ** 3, // the rank, cubed
        (v: number) => -1 / (distinct.indexOf(v) + 1), // a bounded increasing map of the rank
      ];
      for (const f of transforms) {
        const moved = outcome(() =>
          entry.run(
            p.yTrue,
            p.y.map((row) => row.map(f)),
            options,
          ),
        );
        if (base === 'throws' || moved === 'throws') expect(moved).toBe(base);
        else expect(close(moved, base), `${moved} vs ${base}`).toBe(true);
      }
    });
  }

  test.prop([perfectLabels()], runs)('reaches its best value on a perfect prediction', (yTrue) => {
    const second = entry.kind === 'count' ? yTrue : (entry.perfectScores?.(yTrue) ?? yTrue);
    expect(close(entry.run(yTrue, second, {}), entry.best(yTrue))).toBe(true);
  });
});

const byName = new Map(registry.map((entry) => [entry.name, entry]));

/** A problem and a permutation of its columns. */
const withColumnOrder = (options: Parameters<typeof metricProblem>[0]) =>
  metricProblem(options).chain((p) =>
    fc.tuple(
      fc.constant(p),
      fc.shuffledSubarray(
        p.yTrue[0].map((_, j) => j),
        { minLength: p.yTrue[0].length },
      ),
    ),
  );

describe.each(registry.map((entry) => [entry.name, entry] as const))('%s', (_name, entry) => {
  const second = entry.kind === 'count' ? 'predictions' : 'scores';

  test.prop(
    [
      metricProblem({ ...shapes, second, ties: true, missing: true, weights: 'fractional' }),
      fc.constantFrom(3, 0.1, 1 / 7, 1e6, 2 ** 40),
    ],
    runs,
  )('is unchanged when every sample weight is multiplied by one factor', (p, factor) => {
    const weights = p.sampleWeight as number[];
    const run = (w: number[]) =>
      outcome(() => entry.run(p.yTrue, p.y, { sampleWeight: w, ignoreIndex: -1 }));
    expectSame(run(weights.map((w) => w * factor)), run(weights), `weights times ${factor}`);
  });

  if (entry.columns !== 'never') {
    test.prop(
      [withColumnOrder({ ...shapes, second, ties: true, missing: true, weights: 'fractional' })],
      runs,
    )(
      entry.columns === 'always'
        ? 'is unchanged when the label columns are permuted'
        : 'is unchanged when the label columns are permuted, without tied scores',
      ([p, order]) => {
        // 'untied': ties are broken by column index, so give every row distinct scores.
        const y = entry.columns === 'untied' && entry.kind === 'ranking' ? untie(p.y) : p.y;
        const options = { sampleWeight: p.sampleWeight, ignoreIndex: -1 };
        expectSame(
          outcome(() =>
            entry.run(permuteColumns(p.yTrue, order), permuteColumns(y, order), options),
          ),
          outcome(() => entry.run(p.yTrue, y, options)),
          `columns ${order}`,
        );
      },
    );
  }

  const partner = entry.swapped === undefined ? undefined : byName.get(entry.swapped);
  if (partner !== undefined) {
    test.prop([metricProblem({ ...shapes, second: 'predictions', weights: 'fractional' })], runs)(
      entry.swapped === entry.name
        ? 'is symmetric in yTrue and yPred'
        : `equals ${entry.swapped} with yTrue and yPred swapped`,
      (p) => {
        const options = { sampleWeight: p.sampleWeight };
        expectSame(
          outcome(() => entry.run(p.y, p.yTrue, options)),
          outcome(() => partner.run(p.yTrue, p.y, options)),
          'swapped',
        );
      },
    );
  }

  test.prop([metricProblem({ ...shapes, second, ties: true, weights: 'fractional' })], runs)(
    'gives the same value for every input form',
    (p) => {
      const y = entry.kind === 'ranking' ? untie(p.y, true) : p.y;
      const options = { sampleWeight: p.sampleWeight };
      const expected = outcome(() => entry.run(p.yTrue, y, options));
      for (const [trueForm, yTrue] of inputForms(p.yTrue)) {
        for (const [secondForm, second] of inputForms(y, entry.kind === 'ranking')) {
          expectSame(
            outcome(() => entry.run(yTrue, second, options)),
            expected,
            `yTrue ${trueForm}, second ${secondForm}`,
          );
        }
      }
    },
  );
});

describe.each(perLabelRegistry.map((entry) => [entry.name, entry] as const))(
  '%s per label',
  (_name, entry) => {
    const second = entry.kind === 'count' ? 'predictions' : 'scores';
    test.prop(
      [withColumnOrder({ ...shapes, second, ties: true, missing: true, weights: 'fractional' })],
      runs,
    )('moves each label value with its column', ([p, order]) => {
      const options = { sampleWeight: p.sampleWeight, ignoreIndex: -1 };
      const run = (yTrue: Rows, y: Rows) => {
        try {
          return Array.from(entry.run(yTrue, y, options));
        } catch (error) {
          if (isMultilabelError(error)) return 'throws';
          throw error;
        }
      };
      const before = run(p.yTrue, p.y);
      const after = run(permuteColumns(p.yTrue, order), permuteColumns(p.y, order));
      if (before === 'throws' || after === 'throws') expect(after).toBe(before);
      else expect(after).toEqual(order.map((j) => before[j]));
    });
  },
);

/** Labels where every row and every label has both a 0 and a 1. */
function perfectLabels(): fc.Arbitrary<Rows> {
  return fc
    .integer({ min: 2, max: 5 })
    .chain((cols) =>
      fc.tuple(
        fc.constant(cols),
        fc.integer({ min: cols + 1, max: cols + 6 }).chain((rows) =>
          fc.array(fc.array(fc.constantFrom(0, 1), { minLength: cols, maxLength: cols }), {
            minLength: rows,
            maxLength: rows,
          }),
        ),
      ),
    )
    .map(([cols, rows]) =>
      rows.map((row, i) => {
        const fixed = [...row];
        fixed[i % cols] = 1;
        fixed[(i + 1) % cols] = 0;
        return fixed;
      }),
    );
}

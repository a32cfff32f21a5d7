/**
 * Entries of the calibration fits (`isotonicCalibration`, `plattScaling`, `temperatureScaling`)
 * and of the `Calibrator` class: labels and scores in every form, missing cells, weights,
 * tampered options, forged maps and serial states. Values are checked against definitions
 * written here: a naive pool-adjacent-violators for the isotonic map, the zero of the gradient
 * of Platt's objective and of the temperature's log loss, each map's formula for `transform`.
 */
import { expect } from 'vitest';
import * as c from '../../../src/calibration/index.js';
import { callOnPair, extremeWeights, normalized, type PairCase, pairCases } from '../families.js';
import { type AnyEntry, type Case, describeValue, type Entry, fc } from '../harness.js';
import { boolean, ignoreIndex, integer, type OptionRule, oneOf, sampleWeight } from '../options.js';

type Cell = [label: number, score: number, weight: number];

/** The known cells of positive weight of the labels `cols`, as the library reads them. */
function cellsOf(clean: NonNullable<PairCase['clean']>, cols: number[], raw = false): Cell[] {
  const w = raw ? clean.weights : normalized(clean.weights);
  const out: Cell[] = [];
  clean.labels.forEach((row, r) => {
    const weight = w === undefined ? 1 : w[r];
    for (const j of cols)
      if (row[j] !== -1 && weight > 0) out.push([row[j], clean.second[r][j], weight]);
  });
  return out;
}

const columns = (n: number) => Array.from({ length: n }, (_, j) => j);

/** Scores whose size the fits cannot resolve in doubles: huge, or a subnormal apart. */
const extremeScore = (s: number) => Math.abs(s) > 1e100 || (s !== 0 && Math.abs(s) < 1e-100);

interface FitCase extends PairCase {
  readonly perLabel: boolean;
}

/** Why a label cannot be fitted (no known cell of positive weight), or undefined. */
function unfittable(clean: NonNullable<PairCase['clean']>, pooled: boolean): string | undefined {
  const groups = pooled ? [columns(clean.cols)] : columns(clean.cols).map((j) => [j]);
  return groups.some((cols) => cellsOf(clean, cols).length === 0)
    ? 'a label without a known cell of positive weight'
    : undefined;
}

/** The cases of a fit: `expect` set from the input (see `unfittable`, extreme input). */
function fitCases(options: Record<string, OptionRule>): fc.Arbitrary<FitCase> {
  return fc.boolean().chain((perLabel) =>
    pairCases(
      { second: 'scores', ignoreIndex: true, weights: true, maxCols: 3, large: 'tall' },
      { sampleWeight, ignoreIndex, ...options },
      () => ('perLabel' in options ? { perLabel } : {}),
    ).map((p): FitCase => {
      const base = { ...p, perLabel, tags: [...p.tags, `perLabel ${perLabel}`] };
      const clean = p.clean;
      if (clean === undefined) return base;
      if (clean.large || extremeWeights(clean.weightKind)) {
        return { ...base, expect: 'either', why: 'large input or extreme weights' };
      }
      const why = unfittable(clean, 'perLabel' in options && !perLabel);
      if (why !== undefined) return { ...base, expect: 'error', why };
      if (clean.second.some((row) => row.some(extremeScore))) {
        return { ...base, expect: 'either', why: 'scores too large or too close for doubles' };
      }
      return base;
    }),
  );
}

/** Whether the case's value can be compared with a reference written here. */
const referenced = (f: FitCase): boolean =>
  f.tampered === undefined && f.clean !== undefined && !f.clean.large && f.expect === 'value';

/** The isotonic fit by its definition: groups of scores (within 1e-15), then pooling until ordered. */
function naiveIsotonic(cells: Cell[]): { x: number[]; y: number[] } {
  const sorted = [...cells].sort((a, b) => a[1] - b[1] || a[0] - b[0]);
  const blocks: { x: number[]; w: number; wy: number }[] = [];
  for (const [label, score, weight] of sorted) {
    const last = blocks.at(-1);
    if (last !== undefined && score - last.x[0] < 1e-15) {
      last.w += weight;
      last.wy += weight * label;
    } else blocks.push({ x: [score], w: weight, wy: weight * label });
  }
  const xs = blocks.map((b) => b.x[0]);
  const pools = blocks.map((b, i) => ({ from: i, w: b.w, wy: b.wy }));
  for (let i = 0; i + 1 < pools.length; ) {
    if (pools[i].wy / pools[i].w >= pools[i + 1].wy / pools[i + 1].w) {
      pools[i] = {
        from: pools[i].from,
        w: pools[i].w + pools[i + 1].w,
        wy: pools[i].wy + pools[i + 1].wy,
      };
      pools.splice(i + 1, 1);
      if (i > 0) i--;
    } else i++;
  }
  const y = new Array<number>(xs.length);
  pools.forEach((p, k) => {
    const end = k + 1 < pools.length ? pools[k + 1].from : xs.length;
    for (let i = p.from; i < end; i++) y[i] = p.wy / p.w;
  });
  return { x: xs, y };
}

/** Asserts that `value` is a Calibrator of `cols` maps of `method`. */
function calibratorOf(value: unknown, cols: number, method: c.CalibrationMethod): c.Calibrator {
  expect(value).toBeInstanceOf(c.Calibrator);
  const calibrator = value as c.Calibrator;
  expect(calibrator.labels.length).toBe(cols);
  for (const map of calibrator.labels) expect(map.method).toBe(method);
  return calibrator;
}

/** The probabilities of label `j` at `scores`. */
function mapAt(calibrator: c.Calibrator, j: number, scores: number[]): number[] {
  const cols = calibrator.labels.length;
  const p = calibrator.transform(
    scores.map((s) => Array.from({ length: cols }, (_, k) => (k === j ? s : 0))),
  );
  return scores.map((_, r) => p.data[r * cols + j]);
}

const near = (a: number, b: number, tol: number) =>
  Math.abs(a - b) <= tol * Math.max(1, Math.abs(b));

const isotonicCalibration: Entry<FitCase> = {
  name: 'isotonicCalibration',
  export: 'isotonicCalibration',
  cases: fitCases({}),
  run: (f) => callOnPair(c.isotonicCalibration, f),
  check: (f, value) => {
    const clean = f.clean;
    if (clean === undefined) return;
    const calibrator = calibratorOf(value, clean.cols, 'isotonic');
    if (!referenced(f)) return;
    for (let j = 0; j < clean.cols; j++) {
      const want = naiveIsotonic(cellsOf(clean, [j]));
      const got = mapAt(calibrator, j, want.x);
      got.forEach((v, i) => {
        if (!near(v, want.y[i], 1e-9))
          expect.fail(`label ${j} at ${want.x[i]}: ${v}, the definition gives ${want.y[i]}`);
      });
    }
  },
};

const plattScaling: Entry<FitCase> = {
  name: 'plattScaling',
  export: 'plattScaling',
  cases: fitCases({}),
  run: (f) => callOnPair(c.plattScaling, f),
  check: (f, value) => {
    const clean = f.clean;
    if (clean === undefined) return;
    const calibrator = calibratorOf(value, clean.cols, 'platt');
    if (!referenced(f)) return;
    calibrator.labels.forEach((map, j) => {
      if (map.method !== 'platt') return;
      // Platt's targets read the class totals in the weights' own unit.
      const cells = cellsOf(clean, [j], true);
      const sum = (fn: (cell: Cell) => number) => cells.reduce((s, cell) => s + fn(cell), 0);
      const n1 = sum(([y, , w]) => y * w);
      const n0 = sum(([y, , w]) => (1 - y) * w);
      const target = (y: number) => (y === 1 ? (n1 + 1) / (n1 + 2) : 1 / (n0 + 2));
      const p = (s: number) => 1 / (1 + Math.exp(map.a * s + map.b));
      // The gradient of Platt's objective at (a, b) is zero (relative to its terms' sizes).
      const ga = sum(([y, s, w]) => w * (target(y) - p(s)) * s);
      const gb = sum(([y, s, w]) => w * (target(y) - p(s)));
      const size = sum(([, s, w]) => w * (1 + Math.abs(s)));
      if (!(Math.abs(ga) <= 1e-8 * size && Math.abs(gb) <= 1e-8 * size)) {
        expect.fail(`label ${j}: gradient (${ga}, ${gb}) at (${map.a}, ${map.b}) is not zero`);
      }
    });
  },
};

interface TemperatureCase extends FitCase {
  readonly separated: boolean;
}

const temperatureScaling: Entry<TemperatureCase> = {
  name: 'temperatureScaling',
  export: 'temperatureScaling',
  cases: fitCases({ perLabel: boolean }).map((f): TemperatureCase => {
    const clean = f.clean;
    if (clean === undefined || f.expect !== 'value' || f.tampered !== undefined)
      return { ...f, separated: false };
    const groups = f.perLabel ? columns(clean.cols).map((j) => [j]) : [columns(clean.cols)];
    let separated = false;
    let borderline = false;
    for (const cols of groups) {
      const cells = cellsOf(clean, cols);
      const g0 = cells.reduce((s, [y, z, w]) => s + w * (0.5 - y) * z, 0);
      const size = cells.reduce((s, [, z, w]) => s + w * Math.abs(z), 0);
      const wrong = cells.some(([y, z]) => (y === 1 ? z < 0 : z > 0));
      if (Math.abs(g0) <= 1e-9 * size && !wrong) borderline = true;
      else if (g0 < 0 && !wrong) separated = true;
    }
    if (separated)
      return { ...f, separated, expect: 'error', why: 'the logits separate the labels' };
    if (borderline)
      return { ...f, separated, expect: 'either', why: 'separated or not by rounding' };
    return { ...f, separated };
  }),
  run: (f) => callOnPair(c.temperatureScaling, f, { perLabel: f.perLabel }),
  check: (f, value) => {
    const clean = f.clean;
    if (clean === undefined) return;
    const calibrator = calibratorOf(value, clean.cols, 'temperature');
    if (!referenced(f)) return;
    const groups = f.perLabel ? columns(clean.cols).map((j) => [j]) : [columns(clean.cols)];
    for (const cols of groups) {
      const map = calibrator.labels[cols[0]];
      if (map.method !== 'temperature') return;
      const cells = cellsOf(clean, cols);
      const size = cells.reduce((s, [, z, w]) => s + w * Math.abs(z), 0);
      const t = map.temperature;
      const g = (k: number) =>
        cells.reduce((s, [y, z, w]) => s + w * (1 / (1 + Math.exp(-k * z)) - y) * z, 0);
      if (t === Number.POSITIVE_INFINITY) {
        if (!(g(0) >= -1e-9 * size))
          expect.fail(`T = Infinity but the loss falls from k = 0 (${g(0)})`);
      } else if (!(Math.abs(g(1 / t)) <= 1e-8 * size)) {
        expect.fail(`labels ${cols}: the derivative at T = ${t} is ${g(1 / t)}, not zero`);
      }
      for (const j of cols)
        expect((calibrator.labels[j] as { temperature: number }).temperature).toBe(t);
    }
  },
};

const crossValidatedCalibration: Entry<FitCase> = {
  name: 'crossValidatedCalibration',
  export: 'crossValidatedCalibration',
  numRuns: 30,
  cases: fitCases({
    methods: (v) => Array.isArray(v) && v.length > 0,
    nFolds: integer(2),
    seed: integer(0),
    order: oneOf(1, 2),
    isotonicMinCount: integer(0),
    selection: oneOf('lowest', 'oneStandardError'),
  }).map((f) =>
    f.expect === 'value' && f.clean !== undefined && f.clean.rows < 2
      ? { ...f, expect: 'error', why: 'fewer rows than the 2 folds' }
      : f,
  ),
  run: (f) => callOnPair(c.crossValidatedCalibration, f, { nFolds: 2, seed: 1 }),
  check: (f, value) => {
    const clean = f.clean;
    if (clean === undefined) return;
    const { calibrator, losses } = value as c.CrossValidatedCalibration;
    expect(Object.keys(losses)).toEqual(['platt', 'isotonic']);
    expect(calibrator.labels.length).toBe(clean.cols);
    calibrator.labels.forEach((map, j) => {
      const platt = (losses.platt as Float64Array)[j];
      const isotonic = (losses.isotonic as Float64Array)[j];
      for (const loss of [platt, isotonic])
        if (!(loss >= 0)) expect.fail(`label ${j}: a loss of ${loss}`);
      // Isotonic wins only with 20 known cells of each class (of positive weight). Both
      // infinite: the first method that can be fitted on every row.
      const counts = [0, 1].map(
        (v) =>
          clean.labels.filter((row, r) => row[j] === v && (clean.weights?.[r] ?? 1) > 0).length,
      );
      const isotonicAllowed = Math.min(...counts) >= 20;
      const best =
        isotonic < platt && isotonicAllowed
          ? 'isotonic'
          : platt < Number.POSITIVE_INFINITY
            ? 'platt'
            : map.method;
      // (With extreme scores, the best method's refit on every row may fail: then the next.)
      if (map.method !== best && f.expect === 'value')
        expect.fail(`label ${j}: chose ${map.method}, losses ${platt} and ${isotonic}`);
    });
  },
};

/** A valid map, or one broken in one way (the reason given). */
const labelMap: fc.Arbitrary<{ map: unknown; broken: string | undefined }> = fc.oneof(
  fc
    .array(
      fc.tuple(
        fc.double({ min: -20, max: 20, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
      ),
      {
        minLength: 1,
        maxLength: 6,
      },
    )
    .map((points) => {
      const xs = [...new Set(points.map(([x]) => x + 0))].sort((a, b) => a - b);
      const ys = points
        .map(([, y]) => y)
        .slice(0, xs.length)
        .sort((a, b) => a - b);
      while (ys.length < xs.length) ys.push(1);
      return { map: { method: 'isotonic', xThresholds: xs, yThresholds: ys }, broken: undefined };
    }),
  fc
    .record({
      a: fc.double({ min: -10, max: 10, noNaN: true }),
      b: fc.double({ min: -10, max: 10, noNaN: true }),
    })
    .map(({ a, b }) => ({ map: { method: 'platt', a, b }, broken: undefined })),
  fc
    .oneof(fc.double({ min: 0.01, max: 100, noNaN: true }), fc.constant(Number.POSITIVE_INFINITY))
    .map((temperature) => ({ map: { method: 'temperature', temperature }, broken: undefined })),
  fc
    .constantFrom(
      [{ method: 'isotonic', xThresholds: [1, 0], yThresholds: [0, 1] }, 'scores not increasing'],
      [{ method: 'isotonic', xThresholds: [0, 1], yThresholds: [0.6, 0.5] }, 'values decreasing'],
      [{ method: 'isotonic', xThresholds: [0], yThresholds: [1.5] }, 'a value above 1'],
      [{ method: 'isotonic', xThresholds: [], yThresholds: [] }, 'no points'],
      [{ method: 'platt', a: Number.NaN, b: 0 }, 'a NaN coefficient'],
      [{ method: 'platt', a: 1 }, 'a missing coefficient'],
      [{ method: 'temperature', temperature: -1 }, 'a negative temperature'],
      [{ method: 'temperature', temperature: 'hot' }, 'a temperature not a number'],
      [{ method: 'softmax', temperature: 1 }, 'an unknown method'],
      [null, 'a map that is null'],
      [{ method: 'platt', a: 1, b: 2, c: 3 }, 'an extra field'],
    )
    .map(([map, broken]) => ({ map, broken: broken as string })),
);

interface MapsCase extends Case {
  readonly maps: unknown[];
}

const mapsCases: fc.Arbitrary<MapsCase> = fc
  .array(labelMap, { minLength: 0, maxLength: 4 })
  .map((items) => {
    const broken =
      items.find((i) => i.broken !== undefined)?.broken ??
      (items.length === 0 ? 'no maps' : undefined);
    return {
      tags: [`maps ${describeValue(items.map((i) => i.map))}`],
      maps: items.map((i) => i.map),
      expect: broken === undefined ? ('value' as const) : ('error' as const),
      why: broken ?? 'valid maps',
    };
  });

/** The probability of `map` at `s`, by its formula. */
function formula(map: c.LabelCalibration, s: number): number {
  if (map.method === 'platt') return 1 / (1 + Math.exp(map.a * s + map.b));
  if (map.method === 'temperature') return 1 / (1 + Math.exp(-s / map.temperature));
  const { xThresholds: x, yThresholds: y } = map;
  if (s <= x[0]) return y[0];
  if (s >= x[x.length - 1]) return y[y.length - 1];
  const i = x.findIndex((v) => v > s) - 1;
  return y[i] + ((y[i + 1] - y[i]) * (s - x[i])) / (x[i + 1] - x[i]);
}

const newCalibrator: Entry<MapsCase> = {
  name: 'new Calibrator',
  export: 'Calibrator',
  cases: mapsCases,
  run: (m) => new c.Calibrator(m.maps as c.LabelCalibration[]),
  check: (m, value) => {
    const calibrator = value as c.Calibrator;
    expect(calibrator.labels.length).toBe(m.maps.length);
  },
};

interface TransformCase extends Case {
  readonly maps: c.LabelCalibration[];
  readonly scores: unknown;
  readonly values: number[][] | undefined;
}

const transformCases: fc.Arbitrary<TransformCase> = fc
  .array(
    labelMap.filter((i) => i.broken === undefined),
    { minLength: 1, maxLength: 3 },
  )
  .chain((items) => {
    const cols = items.length;
    const row = fc.array(
      fc.oneof(
        { weight: 8, arbitrary: fc.double({ min: -30, max: 30, noNaN: true }) },
        { weight: 1, arbitrary: fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY) },
      ),
      {
        minLength: cols,
        maxLength: cols,
      },
    );
    return fc.record({
      maps: fc.constant(items.map((i) => i.map as c.LabelCalibration)),
      rows: fc.oneof(
        { weight: 8, arbitrary: fc.array(row, { minLength: 1, maxLength: 5 }) },
        { weight: 1, arbitrary: fc.constant([[0.5, 0.5, 0.5, 0.5]]) },
        { weight: 1, arbitrary: fc.constantFrom<unknown>([], null, 'scores', [[0], [0, 1]]) },
      ),
    });
  })
  .map(({ maps, rows }) => {
    const valid =
      Array.isArray(rows) &&
      rows.length > 0 &&
      rows.every(
        (r) => Array.isArray(r) && r.length === maps.length && r.every((v) => Number.isFinite(v)),
      );
    return {
      tags: [`maps ${describeValue(maps)}`, `scores ${describeValue(rows)}`],
      maps,
      scores: rows,
      values: valid ? (rows as number[][]) : undefined,
      expect: valid ? ('value' as const) : ('error' as const),
      why: valid
        ? 'finite scores, one column per map'
        : 'malformed, mismatched or non-finite scores',
    };
  });

const calibratorTransform: Entry<TransformCase> = {
  name: 'Calibrator#transform',
  export: 'Calibrator',
  cases: transformCases,
  run: (t) => new c.Calibrator(t.maps).transform(t.scores as c.ScoreMatrix),
  check: (t, value) => {
    const p = value as c.CalibratedProbabilities;
    const rows = t.values as number[][];
    expect(p.shape).toEqual([rows.length, t.maps.length]);
    for (let r = 0; r < rows.length; r++) {
      for (let j = 0; j < t.maps.length; j++) {
        const got = p.data[r * t.maps.length + j];
        const want = formula(t.maps[j], rows[r][j]);
        if (!(got >= 0 && got <= 1) || !near(got, want, 1e-9))
          expect.fail(`cell (${r}, ${j}): ${got}, the formula gives ${want}`);
      }
    }
  },
};

const calibratorToJson: Entry<MapsCase> = {
  name: 'Calibrator#toJSON',
  export: 'Calibrator',
  cases: mapsCases.filter((m) => m.expect === 'value'),
  run: (m) => new c.Calibrator(m.maps as c.LabelCalibration[]).toJSON(),
  check: (m, value) => {
    const back = c.Calibrator.fromJSON(JSON.parse(JSON.stringify(value)));
    expect(back.toJSON()).toEqual(value);
    expect(back.labels.length).toBe(m.maps.length);
  },
};

const calibratorFromJson: Entry<MapsCase & { json: unknown }> = {
  name: 'Calibrator.fromJSON',
  export: 'Calibrator',
  cases: fc
    .tuple(
      mapsCases,
      fc.constantFrom(
        'object',
        'text',
        'format',
        'version',
        'extra',
        'labels',
        'not an object',
        'bad text',
      ),
    )
    .map(([m, how]) => {
      const state = { format: 'tfjs-multilabel.Calibrator', version: 1, labels: m.maps };
      const json: unknown =
        how === 'object'
          ? state
          : how === 'text'
            ? JSON.stringify(state)
            : how === 'format'
              ? { ...state, format: 'tfjs-multilabel.Thresholds' }
              : how === 'version'
                ? { ...state, version: 2 }
                : how === 'extra'
                  ? { ...state, rows: 3 }
                  : how === 'labels'
                    ? { ...state, labels: {} }
                    : how === 'not an object'
                      ? [state]
                      : '{"format":';
      // JSON text writes an infinite temperature as null: a broken state.
      const infinite = m.maps.some(
        (map) => (map as { temperature?: number } | null)?.temperature === Number.POSITIVE_INFINITY,
      );
      const valid = (how === 'object' || (how === 'text' && !infinite)) && m.expect === 'value';
      return {
        ...m,
        json,
        tags: [...m.tags, `state ${how}`],
        expect: valid ? ('value' as const) : ('error' as const),
        why: valid
          ? 'a valid state'
          : `a broken state (${how === 'object' || how === 'text' ? m.why : how})`,
      };
    }),
  run: (m) => c.Calibrator.fromJSON(m.json),
  check: (m, value) => {
    expect((value as c.Calibrator).labels.length).toBe(m.maps.length);
  },
};

/** The entries of the calibration fits and the Calibrator class. */
export const calibratorEntries: AnyEntry[] = [
  isotonicCalibration,
  plattScaling,
  temperatureScaling,
  crossValidatedCalibration,
  newCalibrator,
  calibratorTransform,
  calibratorToJson,
  calibratorFromJson,
];

/**
 * Threshold optimizers: speed and quality.
 *
 * Speed: the exact per-label threshold search (`optimizeThresholds`, strategy 'perLabel') on
 * 100,000 x 100 float32 scores and Float32Array labels, against one macro `averagePrecisionScore` on the same data in
 * the same run (both sort each label once); goal <= 1.5x. The global and micro searches are
 * timed too.
 *
 * Quality: on yeast, scene, emotions, birds, medical, enron and bibtex (MULAN standard splits,
 * bench/data/thresholds), a one-vs-rest logistic regression (bench/support/threshold-data.ts)
 * is trained on 75 % of the standard train rows; every rule is tuned on the other 25 %
 * (validation) and applied to the standard test rows. Cells are test micro-, macro- and
 * samples-F1 (zero division 0). `global` and `rankCut` are tuned for the column's average;
 * `crossValidatedThresholds` (5 stratified folds on the validation rows, 3 repeats, every
 * rule as a candidate, the train priors for proportionalCut as in its own row) is run once per average. Goal: the cross-validated choice within 0.01 of the best
 * rule in hindsight, and never below fixed 0.5.
 *
 * Run: npm run bench -- thresholds   (THRESHOLDS_SPEED_ONLY=1: the speed part only)
 */
import { SeededRandom } from '../src/core/random.js';
import { averagePrecisionScore, f1Score } from '../src/metrics/index.js';
import {
  crossValidatedThresholds,
  DECISION_RULES,
  type DecisionMatrix,
  type DecisionRuleName,
  optimizeThresholds,
  THRESHOLD_STRATEGIES,
} from '../src/thresholds/index.js';
import { decideByRule } from '../test/thresholds/decide-by-rule.js';
import { printTable, timeIt, writeResults } from './harness.js';
import { loadDataset, predict, validationSplit } from './support/threshold-data.js';

type Shape = [number, number];
type Average = 'micro' | 'macro' | 'samples';
const AVERAGES: Average[] = ['micro', 'macro', 'samples'];

function speed(): Record<string, string | number>[] {
  const rows = 100_000;
  const cols = 100;
  const random = new SeededRandom(1);
  const priors = Array.from({ length: cols }, () => 0.01 + 0.19 * random.nextFloat());
  // Labels as a Float32Array: the form `tensor.dataSync()` gives a tfjs user.
  const y = new Float32Array(rows * cols);
  const s = new Float32Array(rows * cols);
  for (let i = 0; i < rows * cols; i++) {
    y[i] = random.nextFloat() < priors[i % cols] ? 1 : 0;
    s[i] = 0.35 * y[i] + 0.65 * random.nextFloat();
  }
  const shape: Shape = [rows, cols];
  const Y = { data: y, shape };
  const S = { data: s, shape };
  const reference = timeIt(() => averagePrecisionScore(Y, S, { average: 'macro' }), 5);
  const out: Record<string, string | number>[] = [
    {
      task: `averagePrecisionScore macro (reference), ${rows} x ${cols}`,
      ms: reference.toFixed(0),
      ratio: '1.00',
    },
  ];
  for (const strategy of THRESHOLD_STRATEGIES) {
    const ms = timeIt(
      () => optimizeThresholds(Y, S, { strategy }),
      strategy === 'perLabel' ? 5 : 3,
    );
    out.push({
      task: `optimizeThresholds ${strategy}${strategy === 'perLabel' ? ' (goal <= 1.5x)' : ''}`,
      ms: ms.toFixed(0),
      ratio: (ms / reference).toFixed(2),
    });
  }
  return out;
}

const DATASETS = ['yeast', 'scene', 'emotions', 'birds', 'medical', 'enron', 'bibtex'];

const SEEDS = Number(process.env.THRESHOLDS_SEEDS ?? 3);
const REPEATS = 3;

/** Test F1 of every rule and of the cross-validated choice on one validation split. */
function evaluateSplit(name: string, seed: number) {
  const ds = loadDataset(name);
  const L = ds.labels;
  const validation = validationSplit(ds, seed);
  const { model } = validation;
  const valShape: Shape = [validation.rows, L];
  const yVal = { data: validation.y, shape: valShape };
  const sVal = { data: validation.s, shape: valShape };
  const testShape: Shape = [ds.test.x.rows, L];
  const yTest = { data: ds.test.y, shape: testShape };
  const sTest = { data: predict(model, ds.test.x), shape: testShape };
  const priors = Array.from({ length: L }, (_, j) => {
    let p = 0;
    for (let r = 0; r < ds.train.x.rows; r++) p += ds.train.y[r * L + j];
    return p / ds.train.x.rows;
  });
  const f1 = (d: DecisionMatrix, average: Average) =>
    f1Score(yTest, d, { average, zeroDivision: 0 });
  const decide = (rule: DecisionRuleName, average: Average): DecisionMatrix =>
    decideByRule(rule, {
      yFit: yVal,
      sFit: sVal,
      sApply: sTest,
      cols: L,
      average,
      priors: () => priors,
    });
  const scores = {} as Record<string, Record<Average, number>>;
  for (const rule of DECISION_RULES) {
    scores[rule] = { micro: 0, macro: 0, samples: 0 };
    for (const average of AVERAGES) scores[rule][average] = f1(decide(rule, average), average);
  }
  scores.cv = { micro: 0, macro: 0, samples: 0 };
  const chosen = {} as Record<Average, string>;
  for (const average of AVERAGES) {
    const choice = crossValidatedThresholds(yVal, sVal, {
      average,
      nFolds: 5,
      repeats: REPEATS,
      seed,
      priors,
    });
    scores.cv[average] = f1(choice.apply(sTest), average);
    chosen[average] = choice.rule;
  }
  return { scores, chosen };
}

function quality(): {
  rows: Record<string, string | number>[];
  summary: Record<string, string | number>[];
} {
  const table: Record<string, string | number>[] = [];
  const summary: Record<string, string | number>[] = [];
  const names = [...DECISION_RULES, 'cv'];
  for (const name of DATASETS) {
    const start = performance.now();
    const mean = Object.fromEntries(
      names.map((r) => [r, { micro: 0, macro: 0, samples: 0 }]),
    ) as Record<string, Record<Average, number>>;
    const chosen: Record<Average, string[]> = { micro: [], macro: [], samples: [] };
    for (let seed = 0; seed < SEEDS; seed++) {
      const result = evaluateSplit(name, seed);
      for (const r of names) for (const a of AVERAGES) mean[r][a] += result.scores[r][a] / SEEDS;
      for (const a of AVERAGES) chosen[a].push(result.chosen[a]);
    }
    const cell = (v: Record<Average, number>) => ({
      micro: v.micro.toFixed(3),
      macro: v.macro.toFixed(3),
      samples: v.samples.toFixed(3),
    });
    for (const rule of DECISION_RULES) {
      table.push({
        dataset: name,
        rule: rule === 'fixed' ? 'fixed 0.5' : rule,
        ...cell(mean[rule]),
      });
    }
    table.push({ dataset: name, rule: 'crossValidatedThresholds', ...cell(mean.cv) });
    for (const average of AVERAGES) {
      const best = Math.max(...DECISION_RULES.map((r) => mean[r][average]));
      const cv = mean.cv[average];
      summary.push({
        dataset: name,
        average,
        'cv choices (per seed)': chosen[average].join(' '),
        'cv F1': cv.toFixed(3),
        'best rule': DECISION_RULES.filter((r) => mean[r][average] === best).join('/'),
        'best F1': best.toFixed(3),
        'best - cv': (best - cv).toFixed(3),
        'cv - fixed 0.5': (cv - mean.fixed[average]).toFixed(3),
        'goal met': best - cv <= 0.01 && cv >= mean.fixed[average] ? 'yes' : 'no',
      });
    }
    console.error(`${name}: ${((performance.now() - start) / 1000).toFixed(1)} s`);
  }
  return { rows: table, summary };
}

const speedRows = speed();
const ratioOf = (strategy: string): number =>
  Number(speedRows.find((r) => String(r.task).startsWith(`optimizeThresholds ${strategy}`))?.ratio);
const speedSummary = {
  shape: [100_000, 100],
  labelForm: 'Float32Array',
  perLabelVsAveragePrecision: ratioOf('perLabel'),
  globalVsAveragePrecision: ratioOf('global'),
  microVsAveragePrecision: ratioOf('micro'),
};
printTable(
  'Exact threshold search vs one macro averagePrecisionScore (same data, same run)',
  speedRows,
);
if (process.env.THRESHOLDS_SPEED_ONLY) {
  writeResults('thresholds-partial', speedRows, speedSummary);
} else {
  const { rows, summary } = quality();
  printTable('Test F1 of each rule tuned on validation (one-vs-rest logistic regression)', rows);
  printTable('crossValidatedThresholds against the best rule in hindsight', summary);
  const cells = summary.map((r) => ({
    vsFixed: Number(r['cv - fixed 0.5']),
    belowBest: Number(r['best - cv']),
  }));
  writeResults('thresholds', [...speedRows, ...rows, ...summary], {
    ...speedSummary,
    datasets: DATASETS.length,
    cells: cells.length,
    crossValidatedAtLeastFixed: cells.filter((c) => c.vsFixed >= 0).length,
    crossValidatedWithinHundredthOfBest: cells.filter((c) => c.belowBest <= 0.01).length,
    largestGainOverFixed: Math.max(...cells.map((c) => c.vsFixed)),
  });
}

/**
 * Draws docs/threshold-curves.svg: F1 against the threshold (drawn exactly, as the step
 * function it is) for four labels of emotions, on the validation scores of the threshold benchmark's model (one-vs-rest logistic regression trained
 * on 75 % of the standard train split, seed 0), with each label's exact optimum from
 * `optimizeThresholds` (strategy 'perLabel') marked and the fixed 0.5 drawn for reference.
 *
 * Run: `node --import tsx scripts/figures/threshold-curves.ts`
 */
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadDataset, validationSplit } from '../../bench/support/threshold-data.js';
import { f1Score } from '../../src/metrics/index.js';
import { optimizeThresholds } from '../../src/thresholds/index.js';
import { chartFrame, svgOpening, unitGrid } from './chart-frame.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const ds = loadDataset('emotions');
const L = ds.labels;
const { rows, y, s } = validationSplit(ds, 0);
const NAMES = [
  'amazed-suprised',
  'happy-pleased',
  'relaxing-calm',
  'quiet-still',
  'sad-lonely',
  'angry-aggresive',
];
const shown = [0, 1, 2, 5];
const colors = ['#1a73e8', '#e8710a', '#188038', '#a142f4'];
const best = optimizeThresholds(
  { data: y, shape: [rows, L] },
  { data: s, shape: [rows, L] },
  { strategy: 'perLabel' },
);

/** F1 of label j at threshold t, computed with the library's f1Score. */
function f1At(j: number, t: number): number {
  const truth = Array.from({ length: rows }, (_, r) => [y[r * L + j]]);
  const pred = Array.from({ length: rows }, (_, r) => [s[r * L + j] >= t ? 1 : 0]);
  return f1Score(truth, pred, { average: 'macro', zeroDivision: 0 });
}

const frame = chartFrame({ width: 720, height: 400, left: 60, right: 190, top: 40, bottom: 50 });
const { width, height, left, right, top } = frame;
const x = (t: number): number => left + t * frame.plotW;
const yPos = (v: number): number => top + (1 - v) * frame.plotH;
const parts: string[] = [];
parts.push(
  ...svgOpening(
    frame,
    'F1 against the threshold for four labels of emotions, with each exact optimum',
  ),
  `<text x="${left}" y="22" font-size="14">F1 against the threshold, four labels of emotions (validation rows, ${rows})</text>`,
);
parts.push(...unitGrid(frame, x, yPos));
parts.push(
  `<line x1="${x(0.5)}" x2="${x(0.5)}" y1="${yPos(0)}" y2="${yPos(1)}" stroke="#999" stroke-dasharray="4 4"/>`,
  `<text x="${x(0.5) + 4}" y="${yPos(1) + 12}" fill="#666">fixed 0.5</text>`,
  `<text x="${(x(0) + x(1)) / 2}" y="${height - 12}" text-anchor="middle">threshold (predicted probability)</text>`,
  `<text transform="translate(16 ${(yPos(0) + yPos(1)) / 2}) rotate(-90)" text-anchor="middle">F1 of the label</text>`,
);
shown.forEach((j, c) => {
  // F1 is a step function of the threshold: constant on (previous score, score], so it is drawn
  // exactly, one step per distinct score.
  const distinct = [...new Set(Array.from({ length: rows }, (_, r) => s[r * L + j]))].sort(
    (a, b) => a - b,
  );
  const points: string[] = [];
  let from = 0;
  for (const v of [...distinct, Number.POSITIVE_INFINITY]) {
    const to = Math.min(1, v);
    const level = yPos(f1At(j, v)).toFixed(1);
    points.push(`${x(from).toFixed(1)},${level}`, `${x(to).toFixed(1)},${level}`);
    from = to;
  }
  const tBest = Math.min(1, Math.max(0, best.values[j]));
  const vBest = f1At(j, best.values[j]);
  parts.push(
    `<polyline fill="none" stroke="${colors[c]}" stroke-width="1.6" points="${points.join(' ')}"/>`,
    `<circle cx="${x(tBest).toFixed(1)}" cy="${yPos(vBest).toFixed(1)}" r="4.5" fill="${colors[c]}" stroke="white"/>`,
    `<line x1="${width - right + 15}" x2="${width - right + 35}" y1="${top + 20 + 22 * c}" y2="${top + 20 + 22 * c}" stroke="${colors[c]}" stroke-width="2"/>`,
    `<text x="${width - right + 40}" y="${top + 24 + 22 * c}">${NAMES[j]}</text>`,
  );
});
parts.push(
  `<circle cx="${width - right + 25}" cy="${top + 20 + 22 * shown.length}" r="4.5" fill="#555"/>`,
  `<text x="${width - right + 40}" y="${top + 24 + 22 * shown.length}">exact optimum</text>`,
  '</svg>',
);
writeFileSync(join(root, 'docs', 'threshold-curves.svg'), `${parts.join('\n')}\n`);
console.log(
  'wrote docs/threshold-curves.svg; per-label thresholds',
  Array.from(best.values, (v) => v.toFixed(3)).join(' '),
);

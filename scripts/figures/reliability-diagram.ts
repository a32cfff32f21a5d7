/**
 * Draws docs/reliability-diagram.svg: the reliability diagram of yeast's test split (14 labels,
 * all cells pooled, 10 quantile bins) for the threshold benchmark's model (one-vs-rest logistic
 * regression trained on 75 % of the standard train split, seed 0): its own sigmoid
 * probabilities, and the same scores through `crossValidatedCalibration` fitted on the other
 * 25 % (the calibration bench's settings). The classwise ECE of both is in the legend.
 *
 * Run: `node --import tsx scripts/figures/reliability-diagram.ts`
 */
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  holdOut,
  loadDataset,
  predictLogits,
  takeFeatures,
  validationSplit,
} from '../../bench/support/threshold-data.js';
import { crossValidatedCalibration } from '../../src/calibration/index.js';
import { calibrationCurve, expectedCalibrationError } from '../../src/metrics/index.js';
import { chartFrame, svgOpening, unitGrid } from './chart-frame.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const ds = loadDataset('yeast');
const L = ds.labels;
const { model, rows, y } = validationSplit(ds, 0);
const split = holdOut(ds.train.x.rows, 0.25, 0);
const zValidation = predictLogits(model, takeFeatures(ds.train.x, split.validation));
const zTest = predictLogits(model, ds.test.x);
const testShape: [number, number] = [ds.test.x.rows, L];
const { calibrator } = crossValidatedCalibration(
  { data: y, shape: [rows, L] },
  { data: zValidation, shape: [rows, L] },
  { methods: ['sigmoid', 'temperature', 'platt', 'isotonic'], nFolds: 5, seed: 0 },
);
const yTest = { data: ds.test.y, shape: testShape };
const series = [
  { name: 'model sigmoid', color: '#e15759', p: zTest.map((z) => 1 / (1 + Math.exp(-z))) },
  {
    name: 'calibrated',
    color: '#4e79a7',
    p: calibrator.transform({ data: zTest, shape: testShape }).data,
  },
].map((s) => {
  const yProb = { data: s.p, shape: testShape };
  return {
    ...s,
    curve: calibrationCurve(yTest, yProb, { nBins: 10, strategy: 'quantile' }),
    ece: expectedCalibrationError(yTest, yProb, { average: 'macro', nBins: 15 }),
  };
});

const frame = chartFrame({ width: 640, height: 440, left: 60, right: 210, top: 40, bottom: 50 });
const { height, left, right, top, width } = frame;
const x = (v: number): number => left + v * frame.plotW;
const yPos = (v: number): number => top + (1 - v) * frame.plotH;
const parts: string[] = [
  ...svgOpening(frame, 'Reliability diagram of yeast, before and after calibration'),
  `<text x="${left}" y="22" font-size="14">Reliability diagram, yeast test split (${testShape[0]} rows x ${L} labels, pooled)</text>`,
];
parts.push(...unitGrid(frame, x, yPos));
parts.push(
  `<line x1="${x(0)}" y1="${yPos(0)}" x2="${x(1)}" y2="${yPos(1)}" stroke="#999" stroke-dasharray="4 4"/>`,
  `<text x="${(x(0) + x(1)) / 2}" y="${height - 12}" text-anchor="middle">mean predicted probability (10 quantile bins)</text>`,
  `<text transform="translate(16 ${(yPos(0) + yPos(1)) / 2}) rotate(-90)" text-anchor="middle">fraction of the cells that are true</text>`,
);
series.forEach((s, c) => {
  const points = Array.from(
    s.curve.probPred,
    (p, i) => `${x(p).toFixed(1)},${yPos(s.curve.probTrue[i]).toFixed(1)}`,
  );
  parts.push(
    `<polyline fill="none" stroke="${s.color}" stroke-width="2" points="${points.join(' ')}"/>`,
    ...points.map((pt) => {
      const [cx, cy] = pt.split(',');
      return `<circle cx="${cx}" cy="${cy}" r="3.5" fill="${s.color}" stroke="white"/>`;
    }),
    `<line x1="${width - right + 15}" x2="${width - right + 35}" y1="${top + 20 + 36 * c}" y2="${top + 20 + 36 * c}" stroke="${s.color}" stroke-width="2"/>`,
    `<text x="${width - right + 40}" y="${top + 24 + 36 * c}">${s.name}</text>`,
    `<text x="${width - right + 40}" y="${top + 40 + 36 * c}" fill="#555">classwise ECE ${s.ece.toFixed(4)}</text>`,
  );
});
parts.push(
  `<line x1="${width - right + 15}" x2="${width - right + 35}" y1="${top + 92}" y2="${top + 92}" stroke="#999" stroke-dasharray="4 4"/>`,
  `<text x="${width - right + 40}" y="${top + 96}">perfectly calibrated</text>`,
  '</svg>',
);
writeFileSync(join(root, 'docs', 'reliability-diagram.svg'), `${parts.join('\n')}\n`);
console.log(
  'wrote docs/reliability-diagram.svg; classwise ECE',
  series.map((s) => `${s.name} ${s.ece.toFixed(4)}`).join(', '),
);

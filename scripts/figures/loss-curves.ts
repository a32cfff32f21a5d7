/**
 * Draws docs/loss-curves.svg: each loss against the logit, for a positive and a negative
 * label, computed with the library itself (cpu backend, reduction 'none').
 *
 * Run: `node --import tsx scripts/figures/loss-curves.ts`
 */
import '@tensorflow/tfjs-backend-cpu';
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import {
  asymmetricLoss,
  binaryFocalCrossentropy,
  softF1Loss,
  weightedBinaryCrossentropy,
} from '../../src/losses/index.js';

await tf.setBackend('cpu');

const LOGITS = Array.from({ length: 241 }, (_, i) => -6 + i * 0.05);

interface Curve {
  label: string;
  color: string;
  dash?: string;
  /** Loss per logit for a label of `y`, or undefined where the loss has no per-cell value. */
  values: (y: 0 | 1) => number[] | undefined;
}

/** An elementwise loss evaluated on one row holding every logit, all with label `y`. */
function perCell(loss: (yTrue: tf.Tensor, yPred: tf.Tensor) => tf.Tensor) {
  return (y: 0 | 1) =>
    tf.tidy(() =>
      Array.from(
        loss(tf.fill([1, LOGITS.length], y), tf.tensor2d([LOGITS])).dataSync() as Float32Array,
      ),
    );
}

const CURVES: Curve[] = [
  {
    label: 'cross-entropy (weightedBinaryCrossentropy)',
    color: '#1f77b4',
    values: perCell(weightedBinaryCrossentropy({ reduction: 'none' })),
  },
  {
    label: 'cross-entropy, posWeight 3',
    color: '#1f77b4',
    dash: '6 4',
    values: perCell(weightedBinaryCrossentropy({ posWeight: 3, reduction: 'none' })),
  },
  {
    label: 'focal, gamma 2 (binaryFocalCrossentropy)',
    color: '#d62728',
    values: perCell(binaryFocalCrossentropy({ reduction: 'none' })),
  },
  {
    label: 'ASL, gammaNeg 4, gammaPos 1, clip 0.05',
    color: '#2ca02c',
    values: perCell(asymmetricLoss({ reduction: 'none' })),
  },
  {
    // softF1 is batch-level: a one-cell batch with a positive label, 1 - F1 = (1 - s) / (1 + s).
    // A negative alone has no positives, F1 = 0 and a constant cost of 1: not drawn.
    label: 'soft F1, one positive in the batch (softF1Loss)',
    color: '#9467bd',
    values: (y) =>
      y === 0
        ? undefined
        : LOGITS.map((x) =>
            tf.tidy(() => softF1Loss()(tf.tensor2d([[1]]), tf.tensor2d([[x]])).dataSync()[0]),
          ),
  },
];

const WIDTH = 860;
const HEIGHT = 420;
const PANEL = { width: 360, height: 250, top: 40 };
const LEFTS = [60, 480];
const Y_MAX = 6;

function panel(left: number, y: 0 | 1): string {
  const sx = (x: number) => left + ((x + 6) / 12) * PANEL.width;
  const sy = (v: number) => PANEL.top + PANEL.height - (Math.min(v, Y_MAX) / Y_MAX) * PANEL.height;
  const parts: string[] = [];
  for (let t = -6; t <= 6; t += 2) {
    parts.push(
      `<line x1="${sx(t)}" y1="${PANEL.top}" x2="${sx(t)}" y2="${PANEL.top + PANEL.height}" stroke="#e5e5e5"/>`,
      `<text x="${sx(t)}" y="${PANEL.top + PANEL.height + 16}" text-anchor="middle">${t}</text>`,
    );
  }
  for (let v = 0; v <= Y_MAX; v += 1) {
    parts.push(
      `<line x1="${left}" y1="${sy(v)}" x2="${left + PANEL.width}" y2="${sy(v)}" stroke="#e5e5e5"/>`,
      `<text x="${left - 8}" y="${sy(v) + 4}" text-anchor="end">${v}</text>`,
    );
  }
  parts.push(
    `<rect x="${left}" y="${PANEL.top}" width="${PANEL.width}" height="${PANEL.height}" fill="none" stroke="#999"/>`,
    `<text x="${left + PANEL.width / 2}" y="${PANEL.top - 12}" text-anchor="middle" font-weight="bold">label y = ${y} (${y === 1 ? 'positive' : 'negative'})</text>`,
    `<text x="${left + PANEL.width / 2}" y="${PANEL.top + PANEL.height + 34}" text-anchor="middle">logit x</text>`,
  );
  for (const curve of CURVES) {
    const values = curve.values(y);
    if (values === undefined) continue;
    const points = LOGITS.map((x, i) => `${sx(x).toFixed(1)},${sy(values[i]).toFixed(1)}`).join(
      ' ',
    );
    parts.push(
      `<polyline points="${points}" fill="none" stroke="${curve.color}" stroke-width="2"${curve.dash ? ` stroke-dasharray="${curve.dash}"` : ''}/>`,
    );
  }
  return parts.join('\n');
}

const legend = CURVES.map((curve, i) => {
  const x = 60 + (i % 2) * 420;
  const y = PANEL.top + PANEL.height + 62 + Math.floor(i / 2) * 22;
  return [
    `<line x1="${x}" y1="${y - 4}" x2="${x + 30}" y2="${y - 4}" stroke="${curve.color}" stroke-width="2"${curve.dash ? ` stroke-dasharray="${curve.dash}"` : ''}/>`,
    `<text x="${x + 38}" y="${y}">${curve.label}</text>`,
  ].join('\n');
}).join('\n');

const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}" font-family="sans-serif" font-size="12">
<title>Each loss of tfjs-multilabel against the logit, for a positive and a negative label</title>
<rect width="100%" height="100%" fill="white"/>
<text x="20" y="${PANEL.top + PANEL.height / 2}" transform="rotate(-90 20 ${PANEL.top + PANEL.height / 2})" text-anchor="middle">loss</text>
${panel(LEFTS[0], 1)}
${panel(LEFTS[1], 0)}
${legend}
</svg>
`;

const out = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'docs', 'loss-curves.svg');
writeFileSync(out, svg);
console.log(`wrote ${out}`);

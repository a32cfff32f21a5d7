/**
 * Draws docs/images/decile-shares.svg: the shares of P@5 and PSP@5 of each label-frequency
 * decile (`labelFrequencyGroups` of the training counts, decile 1 the most frequent labels), from
 * `topKReport` with `labelGroups`, on the synthetic Amazon-670K-shaped data of bench/extreme
 * (153,025 x 670,091, top-100 predictions, seed 1).
 *
 * Run: `node --import tsx scripts/figures/decile-shares.ts`
 */
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SHAPES, synthetic } from '../../bench/support/extreme-data.js';
import { labelFrequencyGroups, topKReport } from '../../src/metrics/index.js';
import { chartFrame, svgOpening } from './chart-frame.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const shape = SHAPES.find((s) => s.name === 'Amazon-670K');
if (shape === undefined) throw new Error('no Amazon-670K shape');
const data = synthetic(shape, 1);
const K = 5;
const report = topKReport(data.yTrue, data.yScore, {
  k: K,
  propensities: data.propensities,
  labelGroups: labelFrequencyGroups(data.labelCounts, 10),
});
const by = report.byGroup;
if (by?.propensityScoredPrecision === undefined) throw new Error('no breakdown');
const series = [
  { name: `P@${K}`, color: '#1a73e8', shares: by.precision, whole: report.precision[K - 1] },
  {
    name: `PSP@${K}`,
    color: '#e8710a',
    shares: by.propensityScoredPrecision,
    whole: (report.propensityScoredPrecision as Float64Array)[K - 1],
  },
];

const frame = chartFrame({ width: 720, height: 380, left: 60, right: 150, top: 40, bottom: 60 });
const { height, left, top, plotW, plotH } = frame;
const maxShare = Math.max(...series.flatMap((s) => Array.from(s.shares, (v) => v / s.whole)));
const yMax = Math.ceil(maxShare * 10) / 10;
const yPos = (v: number): number => top + (1 - v / yMax) * plotH;
const slot = plotW / 10;
const bar = slot / 3;
const parts: string[] = [
  ...svgOpening(frame, 'Share of P@5 and PSP@5 made by each label-frequency decile'),
  `<text x="${left}" y="22" font-size="14">Share of each metric made by each label-frequency decile (Amazon-670K shape, top-100)</text>`,
];
for (let t = 0; t <= yMax * 10 + 1e-9; t++) {
  const v = t / 10;
  parts.push(
    `<line x1="${left}" x2="${left + plotW}" y1="${yPos(v)}" y2="${yPos(v)}" stroke="#e0e0e0"/>`,
    `<text x="${left - 8}" y="${yPos(v) + 4}" text-anchor="end">${Math.round(v * 100)}%</text>`,
  );
}
for (let g = 0; g < 10; g++) {
  series.forEach((s, i) => {
    const share = s.shares[g] / s.whole;
    const x = left + g * slot + slot / 6 + i * bar;
    parts.push(
      `<rect x="${x.toFixed(1)}" y="${yPos(share).toFixed(1)}" width="${bar.toFixed(1)}" height="${(yPos(0) - yPos(share)).toFixed(1)}" fill="${s.color}"/>`,
    );
  });
  parts.push(
    `<text x="${left + g * slot + slot / 2}" y="${top + plotH + 18}" text-anchor="middle">${g + 1}</text>`,
  );
}
parts.push(
  `<text x="${left + plotW / 2}" y="${height - 18}" text-anchor="middle">label-frequency decile (1 = most frequent labels in training)</text>`,
);
series.forEach((s, i) => {
  const y = top + 20 + i * 22;
  parts.push(
    `<rect x="${left + plotW + 20}" y="${y - 10}" width="14" height="14" fill="${s.color}"/>`,
    `<text x="${left + plotW + 40}" y="${y + 2}">${s.name} = ${s.whole.toFixed(3)}</text>`,
  );
});
parts.push('</svg>');
writeFileSync(join(root, 'docs', 'images', 'decile-shares.svg'), `${parts.join('\n')}\n`);
console.log(
  series
    .map(
      (s) =>
        `${s.name}: ${Array.from(s.shares, (v) => ((100 * v) / s.whole).toFixed(1)).join(' ')}`,
    )
    .join('\n'),
);

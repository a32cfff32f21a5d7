/**
 * Draws docs/splitting-quality.svg: LD (log scale) and ED of random splitting, order 1 and
 * order 2 iterative stratification on the real datasets, 5 folds, mean over 10 seeds, with the
 * best Python anchor's LD and iterative-stratification's ED as markers.
 *
 * Reads bench/results/stratify-quality.json: run `npm run bench -- stratify` first.
 * Run: `node --import tsx scripts/figures/splitting-chart.ts`
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ANCHORS } from '../../bench/support/stratify-anchors.js';
import { chartFrame } from './chart-frame.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const results = JSON.parse(
  readFileSync(join(root, 'bench', 'results', 'stratify-quality.json'), 'utf8'),
) as { rows: { dataset: string; method: string; ld: number; ed: number }[] };

/** Best anchor LD (x 1e3) and iterative-stratification's ED, from the reference notes (table A3). */
const ANCHOR: Record<string, { ld: number; ed: number }> = Object.fromEntries(
  Object.entries(ANCHORS).map(([name, a]) => [name, { ld: Math.min(...a.ld), ed: a.ed[0] }]),
);
const datasets = Object.keys(ANCHOR);
const methods = [
  { key: 'random', label: 'random (shuffled KFold)', color: '#9aa0a6' },
  { key: 'order 1', label: 'iterativeStratification, order 1', color: '#1a73e8' },
  { key: 'order 2', label: 'iterativeStratification, order 2', color: '#e8710a' },
];
const value = (dataset: string, method: string, key: 'ld' | 'ed'): number => {
  const row = results.rows.find((r) => r.dataset === dataset && r.method === method);
  if (row === undefined) throw new Error(`no result for ${dataset} / ${method}`);
  return key === 'ld' ? row.ld * 1e3 : row.ed;
};

const panelHeight = 230;
const gap = 70;
/** Two panels one above the other, the gap between them, and 40 px below for the names. */
const { width, height, left, right, top } = chartFrame({
  width: 900,
  height: 60 + 2 * panelHeight + gap + 40,
  left: 70,
  right: 20,
  top: 60,
  bottom: 40,
});
const groupWidth = (width - left - right) / datasets.length;
const barWidth = (groupWidth * 0.7) / methods.length;
const parts: string[] = [];
const text = (x: number, y: number, s: string, extra = ''): void => {
  parts.push(`<text x="${x.toFixed(1)}" y="${y.toFixed(1)}" ${extra}>${s}</text>`);
};

function panel(y0: number, key: 'ld' | 'ed', title: string, log: boolean): void {
  const values = datasets.flatMap((d) => [
    ...methods.map((m) => value(d, m.key, key)),
    ANCHOR[d][key],
  ]);
  const lo = log ? 10 ** Math.floor(Math.log10(Math.min(...values))) : 0;
  const hi = log
    ? 10 ** Math.ceil(Math.log10(Math.max(...values)))
    : Math.ceil(Math.max(...values) / 5) * 5;
  const scale = (v: number): number =>
    y0 + panelHeight - (log ? Math.log10(v / lo) / Math.log10(hi / lo) : v / hi) * panelHeight;
  text(left, y0 - 12, title, 'font-weight="bold"');
  const ticks = log
    ? Array.from({ length: Math.round(Math.log10(hi / lo)) + 1 }, (_, i) => lo * 10 ** i)
    : Array.from({ length: 6 }, (_, i) => (hi / 5) * i);
  for (const t of ticks) {
    const y = scale(t);
    parts.push(
      `<line x1="${left}" x2="${width - right}" y1="${y.toFixed(1)}" y2="${y.toFixed(1)}" stroke="#e0e0e0"/>`,
    );
    text(left - 6, y + 4, log ? String(t) : t.toFixed(0), 'text-anchor="end" font-size="11"');
  }
  datasets.forEach((d, i) => {
    const x0 = left + i * groupWidth + groupWidth * 0.15;
    methods.forEach((m, j) => {
      const v = value(d, m.key, key);
      const y = scale(Math.max(v, log ? lo : 0));
      parts.push(
        `<rect x="${(x0 + j * barWidth).toFixed(1)}" y="${y.toFixed(1)}" width="${(barWidth - 1).toFixed(1)}" height="${(y0 + panelHeight - y).toFixed(1)}" fill="${m.color}"><title>${d} ${m.key}: ${v.toFixed(3)}</title></rect>`,
      );
    });
    const ya = scale(ANCHOR[d][key]);
    parts.push(
      `<line x1="${x0.toFixed(1)}" x2="${(x0 + methods.length * barWidth).toFixed(1)}" y1="${ya.toFixed(1)}" y2="${ya.toFixed(1)}" stroke="#000" stroke-width="2" stroke-dasharray="4 2"/>`,
    );
    if (key === 'ed')
      text(x0 + groupWidth * 0.35, y0 + panelHeight + 16, d, 'text-anchor="middle" font-size="12"');
  });
  parts.push(
    `<line x1="${left}" x2="${width - right}" y1="${y0 + panelHeight}" y2="${y0 + panelHeight}" stroke="#555"/>`,
  );
}

panel(
  top,
  'ld',
  'Label distribution LD (x 1e-3, log scale; lower is better); dashed: best Python anchor',
  true,
);
panel(
  top + panelHeight + gap,
  'ed',
  'Example distribution ED (rows off the ideal fold size); dashed: iterative-stratification',
  false,
);
methods.forEach((m, j) => {
  const x = left + j * 260;
  parts.push(`<rect x="${x}" y="14" width="12" height="12" fill="${m.color}"/>`);
  text(x + 18, 24, m.label, 'font-size="12"');
});
const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="13">
<title>LD and ED of random splitting and iterative stratification (5 folds, mean over 10 seeds)</title>
<rect width="100%" height="100%" fill="#fff"/>
${parts.join('\n')}
</svg>
`;
writeFileSync(join(root, 'docs', 'splitting-quality.svg'), svg);
console.log('wrote docs/splitting-quality.svg');

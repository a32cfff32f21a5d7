/**
 * Draws the three head diagrams of docs/heads.md as SVG files in docs/images/.
 * Run: `npx tsx scripts/figures/heads-diagrams.ts`.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const out = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'docs', 'images');

type Kind = 'input' | 'fixed' | 'op' | 'learned' | 'output';

const fills: Record<Kind, string> = {
  input: '#eef2f7',
  fixed: '#fdf1d8',
  op: '#ffffff',
  learned: '#e3f1e6',
  output: '#e5e9fb',
};

interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
  lines: string[];
  kind: Kind;
}

const xml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function box(b: Box): string {
  const text = b.lines
    .map((line, i) => {
      const y = b.y + b.h / 2 + (i - (b.lines.length - 1) / 2) * 15 + 4.5;
      return `<text x="${b.x + b.w / 2}" y="${y}" text-anchor="middle">${xml(line)}</text>`;
    })
    .join('');
  return `<rect x="${b.x}" y="${b.y}" width="${b.w}" height="${b.h}" rx="6" fill="${fills[b.kind]}" stroke="#5b6478"/>${text}`;
}

/** An arrow through the given points (the last segment gets the head). */
function arrow(points: [number, number][], label?: string): string {
  const d = points.map(([x, y], i) => `${i === 0 ? 'M' : 'L'}${x},${y}`).join(' ');
  const [lx, ly] = points[Math.floor((points.length - 1) / 2)];
  const [mx, my] = points[Math.floor((points.length - 1) / 2) + 1];
  const text =
    label === undefined
      ? ''
      : `<text x="${(lx + mx) / 2}" y="${(ly + my) / 2 - 5}" text-anchor="middle" class="small">${xml(label)}</text>`;
  return `<path d="${d}" fill="none" stroke="#5b6478" stroke-width="1.3" marker-end="url(#head)"/>${text}`;
}

function svg(width: number, height: number, title: string, body: string[]): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="${xml(title)}">
<title>${xml(title)}</title>
<defs><marker id="head" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#5b6478"/></marker></defs>
<style>text{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;font-size:13px;fill:#1f2430}.small{font-size:11.5px;fill:#4a5163}</style>
<rect width="100%" height="100%" fill="#ffffff"/>
${body.join('\n')}
</svg>
`;
}

function legend(x: number, y: number): string {
  const items: [Kind, string][] = [
    ['input', 'input'],
    ['fixed', 'fixed (non-trainable weight)'],
    ['learned', 'trainable'],
    ['output', 'output'],
  ];
  let cx = x;
  return items
    .map(([kind, label]) => {
      const part = `<rect x="${cx}" y="${y}" width="14" height="14" rx="3" fill="${fills[kind]}" stroke="#5b6478"/><text x="${cx + 20}" y="${y + 11.5}" class="small">${label}</text>`;
      cx += 40 + label.length * 6.2;
      return part;
    })
    .join('');
}

const graph = svg(760, 292, 'Label graph head (ML-GCN)', [
  box({ x: 10, y: 20, w: 120, h: 44, lines: ['training labels', 'Y'], kind: 'input' }),
  box({
    x: 175,
    y: 20,
    w: 150,
    h: 44,
    lines: ['P(label j | label i)', 'labelCooccurrence'],
    kind: 'op',
  }),
  box({
    x: 370,
    y: 20,
    w: 170,
    h: 44,
    lines: ['binarise at tau,', 're-weight with p'],
    kind: 'op',
  }),
  box({ x: 590, y: 20, w: 150, h: 44, lines: ['Â  (L x L)'], kind: 'fixed' }),
  arrow([
    [130, 42],
    [175, 42],
  ]),
  arrow([
    [325, 42],
    [370, 42],
  ]),
  arrow([
    [540, 42],
    [590, 42],
  ]),
  box({
    x: 10,
    y: 110,
    w: 120,
    h: 44,
    lines: ['embeddings Z', 'given, or learned'],
    kind: 'fixed',
  }),
  box({ x: 175, y: 110, w: 150, h: 44, lines: ['LeakyReLU(Â Z W0)'], kind: 'learned' }),
  box({
    x: 370,
    y: 110,
    w: 170,
    h: 44,
    lines: ['W = Â H W1', 'one vector per label'],
    kind: 'learned',
  }),
  arrow([
    [130, 132],
    [175, 132],
  ]),
  arrow([
    [325, 132],
    [370, 132],
  ]),
  arrow([
    [665, 64],
    [665, 90],
    [250, 90],
    [250, 110],
  ]),
  arrow([
    [665, 90],
    [455, 90],
    [455, 110],
  ]),
  box({ x: 10, y: 200, w: 120, h: 44, lines: ['image / features'], kind: 'input' }),
  box({ x: 175, y: 200, w: 150, h: 44, lines: ['backbone +', 'global pooling → x'], kind: 'op' }),
  box({
    x: 590,
    y: 200,
    w: 150,
    h: 44,
    lines: ['logits = x Wᵀ + b', '[batch, L]'],
    kind: 'output',
  }),
  arrow([
    [130, 222],
    [175, 222],
  ]),
  arrow([
    [325, 222],
    [590, 222],
  ]),
  arrow([
    [455, 154],
    [455, 185],
    [665, 185],
    [665, 200],
  ]),
  legend(10, 270),
]);

const csra = svg(765, 292, 'Class-specific residual attention (CSRA)', [
  box({ x: 10, y: 110, w: 130, h: 44, lines: ['feature map', '[h, w, C]'], kind: 'input' }),
  box({
    x: 175,
    y: 110,
    w: 180,
    h: 44,
    lines: ['1 x 1 projection', 's_i(k) = x_k · m_i / |m_i|'],
    kind: 'learned',
  }),
  arrow([
    [140, 132],
    [175, 132],
  ]),
  box({
    x: 400,
    y: 40,
    w: 180,
    h: 44,
    lines: ['average over positions', 'mean_k s_i(k)'],
    kind: 'op',
  }),
  box({
    x: 400,
    y: 180,
    w: 180,
    h: 50,
    lines: ['attention pooling', 'Σ_k softmax(T s_i)_k s_i(k)', 'T = Infinity: max_k s_i(k)'],
    kind: 'op',
  }),
  arrow([
    [355, 125],
    [375, 125],
    [375, 62],
    [400, 62],
  ]),
  arrow([
    [355, 140],
    [375, 140],
    [375, 205],
    [400, 205],
  ]),
  box({
    x: 610,
    y: 105,
    w: 145,
    h: 54,
    lines: ['logit_i =', 'average', '+ lambda · attention'],
    kind: 'output',
  }),
  arrow([
    [580, 62],
    [685, 62],
    [685, 105],
  ]),
  arrow([
    [580, 205],
    [685, 205],
    [685, 159],
  ]),
  `<text x="630" y="199" text-anchor="middle" class="small">x lambda</text>`,
  `<text x="10" y="255" class="small">One head per temperature T (own projection each); the heads' logits are summed, plus a per-label bias.</text>`,
  legend(10, 270),
]);

const attention = svg(760, 312, 'Label attention head', [
  box({ x: 10, y: 30, w: 125, h: 44, lines: ['feature map', '→ h·w tokens X'], kind: 'input' }),
  box({
    x: 10,
    y: 130,
    w: 125,
    h: 44,
    lines: ['K learned queries', 'Q  (K x d)'],
    kind: 'learned',
  }),
  box({
    x: 190,
    y: 70,
    w: 170,
    h: 66,
    lines: ['cross-attention', 'H = LN(Q + MHA(Q, X))', '"where is my label?"'],
    kind: 'learned',
  }),
  arrow([
    [135, 52],
    [165, 52],
    [165, 90],
    [190, 90],
  ]),
  `<text x="172" y="45" class="small">keys, values</text>`,
  arrow([
    [135, 152],
    [165, 152],
    [165, 118],
    [190, 118],
  ]),
  box({
    x: 405,
    y: 70,
    w: 170,
    h: 66,
    lines: ['self-attention', 'H = LN(H + MHA(H, H))', '"what do the others see?"'],
    kind: 'learned',
  }),
  arrow([
    [360, 103],
    [405, 103],
  ]),
  box({
    x: 620,
    y: 70,
    w: 130,
    h: 66,
    lines: ['group-wise linear', 'query k → its', '⌈L / K⌉ logits'],
    kind: 'learned',
  }),
  arrow([
    [575, 103],
    [620, 103],
  ]),
  box({ x: 620, y: 190, w: 130, h: 44, lines: ['logits + b', '[batch, L]'], kind: 'output' }),
  arrow([
    [685, 136],
    [685, 190],
  ]),
  `<text x="405" y="160" class="small">selfAttention: false skips this block</text>`,
  `<text x="10" y="265" class="small">Width d = numHeads x keyDim; K = queries (default min(L, 100)); LN: layer normalisation.</text>`,
  legend(10, 290),
]);

mkdirSync(out, { recursive: true });
writeFileSync(join(out, 'label-graph-head.svg'), graph);
writeFileSync(join(out, 'csra-head.svg'), csra);
writeFileSync(join(out, 'label-attention-head.svg'), attention);
console.log(`wrote 3 diagrams to ${out}`);

/**
 * Minimal inline-SVG charts for the demo report: line charts (x-y series), grouped bar charts.
 * Everything is plain markup with no scripts, fonts or other external assets.
 */

/** Ten distinguishable colours (Tableau 10). */
export const PALETTE = [
  '#4e79a7',
  '#f28e2b',
  '#e15759',
  '#76b7b2',
  '#59a14f',
  '#edc948',
  '#b07aa1',
  '#ff9da7',
  '#9c755f',
  '#bab0ac',
];

/** Escapes text for XML content and attribute values. */
export function xml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}

const MARGIN = { top: 28, right: 120, bottom: 40, left: 50 };

/** Outer size of a chart in pixels. */
export interface Size {
  width: number;
  height: number;
}

const DEFAULT_SIZE: Size = { width: 460, height: 300 };

const n = (v: number) => (Math.round(v * 10) / 10).toString();

/** Evenly spaced round tick values covering [lo, hi]. */
function ticks(lo: number, hi: number, count = 5): number[] {
  const span = hi - lo || 1;
  const raw = span / count;
  const step =
    [1, 2, 2.5, 5, 10].map((m) => m * 10 ** Math.floor(Math.log10(raw))).find((s) => s >= raw) ??
    raw;
  const out: number[] = [];
  for (let v = Math.ceil(lo / step - 1e-9) * step; v <= hi + 1e-9; v += step)
    out.push(Number(v.toPrecision(12)));
  return out;
}

interface Frame {
  x: (v: number) => number;
  y: (v: number) => number;
  parts: string[];
  size: Size;
  plotW: number;
  plotH: number;
}

function frame(
  id: string,
  size: Size,
  title: string,
  xDomain: [number, number],
  yDomain: [number, number],
  xLabel: string,
  yLabel: string,
  xTicks?: number[],
): Frame {
  const PLOT_W = size.width - MARGIN.left - MARGIN.right;
  const PLOT_H = size.height - MARGIN.top - MARGIN.bottom;
  const x = (v: number) =>
    MARGIN.left + ((v - xDomain[0]) / (xDomain[1] - xDomain[0] || 1)) * PLOT_W;
  const y = (v: number) =>
    MARGIN.top + PLOT_H - ((v - yDomain[0]) / (yDomain[1] - yDomain[0] || 1)) * PLOT_H;
  const parts: string[] = [
    `<defs><clipPath id="${id}-plot"><rect x="${MARGIN.left}" y="${MARGIN.top}" width="${PLOT_W}" height="${PLOT_H}"/></clipPath></defs>`,
    `<text class="title" x="${MARGIN.left}" y="16">${xml(title)}</text>`,
  ];
  for (const t of ticks(yDomain[0], yDomain[1])) {
    parts.push(
      `<line class="grid" x1="${MARGIN.left}" x2="${MARGIN.left + PLOT_W}" y1="${n(y(t))}" y2="${n(y(t))}"/>`,
      `<text class="tick" x="${MARGIN.left - 6}" y="${n(y(t) + 4)}" text-anchor="end">${t}</text>`,
    );
  }
  for (const t of xTicks ?? ticks(xDomain[0], xDomain[1])) {
    parts.push(
      `<text class="tick" x="${n(x(t))}" y="${MARGIN.top + PLOT_H + 16}" text-anchor="middle">${t}</text>`,
    );
  }
  parts.push(
    `<rect class="axes" x="${MARGIN.left}" y="${MARGIN.top}" width="${PLOT_W}" height="${PLOT_H}"/>`,
    `<text class="label" x="${MARGIN.left + PLOT_W / 2}" y="${size.height - 6}" text-anchor="middle">${xml(xLabel)}</text>`,
    `<text class="label" transform="translate(12 ${MARGIN.top + PLOT_H / 2}) rotate(-90)" text-anchor="middle">${xml(yLabel)}</text>`,
  );
  return { x, y, parts, size, plotW: PLOT_W, plotH: PLOT_H };
}

function legend(f: Frame, names: readonly string[], colors: readonly string[]): string {
  return names
    .map((name, i) => {
      const top = MARGIN.top + 4 + i * 16;
      const left = MARGIN.left + f.plotW + 10;
      return `<rect x="${left}" y="${top}" width="10" height="10" fill="${colors[i]}"/><text class="legend" x="${left + 14}" y="${top + 9}">${xml(name)}</text>`;
    })
    .join('');
}

function svg(id: string, f: Frame): string {
  const { width, height } = f.size;
  return `<svg id="${id}" class="chart" xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img">${f.parts.join('')}</svg>`;
}

/** One series of a line chart. */
export interface Series {
  name: string;
  x: readonly number[];
  y: readonly number[];
  /** Dashed line (default solid). */
  dashed?: boolean;
}

/** Marked points (drawn as circles) in a line chart. */
export interface Marker {
  x: number;
  y: number;
  color: string;
  title: string;
}

/**
 * A line chart; each series is a `<path class="series">`, each marker a `<circle class="marker">`,
 * both clipped to the plot area (so a domain can zoom in).
 */
export function lineChart(options: {
  id: string;
  size?: Size;
  title: string;
  series: readonly Series[];
  xLabel: string;
  yLabel: string;
  xDomain?: [number, number];
  yDomain?: [number, number];
  xTicks?: number[];
  markers?: readonly Marker[];
  colors?: readonly string[];
  showPoints?: boolean;
}): string {
  const colors = options.colors ?? PALETTE;
  const allX = options.series.flatMap((s) => s.x);
  const allY = options.series.flatMap((s) => s.y);
  const xDomain = options.xDomain ?? [Math.min(...allX), Math.max(...allX)];
  let yDomain = options.yDomain;
  if (yDomain === undefined) {
    const lo = Math.min(...allY);
    const hi = Math.max(...allY);
    const pad = (hi - lo) * 0.05 || 0.05;
    yDomain = [Math.max(0, lo - pad), hi + pad];
  }
  const f = frame(
    options.id,
    options.size ?? DEFAULT_SIZE,
    options.title,
    xDomain,
    yDomain,
    options.xLabel,
    options.yLabel,
    options.xTicks,
  );
  const plotted: string[] = [];
  options.series.forEach((s, i) => {
    const d = s.x.map((v, k) => `${k === 0 ? 'M' : 'L'}${n(f.x(v))} ${n(f.y(s.y[k]))}`).join('');
    const dash = s.dashed === true ? ' stroke-dasharray="5 3"' : '';
    plotted.push(
      `<path class="series" d="${d}" fill="none" stroke="${colors[i % colors.length]}" stroke-width="2"${dash}><title>${xml(s.name)}</title></path>`,
    );
    if (options.showPoints === true) {
      for (let k = 0; k < s.x.length; k++) {
        plotted.push(
          `<circle class="point" cx="${n(f.x(s.x[k]))}" cy="${n(f.y(s.y[k]))}" r="2.5" fill="${colors[i % colors.length]}"/>`,
        );
      }
    }
  });
  for (const m of options.markers ?? []) {
    plotted.push(
      `<circle class="marker" cx="${n(f.x(m.x))}" cy="${n(f.y(m.y))}" r="4" fill="white" stroke="${m.color}" stroke-width="2"><title>${xml(m.title)}</title></circle>`,
    );
  }
  f.parts.push(`<g clip-path="url(#${options.id}-plot)">${plotted.join('')}</g>`);
  f.parts.push(
    legend(
      f,
      options.series.map((s) => s.name),
      colors,
    ),
  );
  return svg(options.id, f);
}

/** A grouped bar chart; every bar is a `<rect class="bar">` with a `<title>` tooltip. */
export function barChart(options: {
  id: string;
  title: string;
  categories: readonly string[];
  groups: readonly { name: string; values: readonly number[]; color: string }[];
  yLabel: string;
  yDomain: [number, number];
  /** A dashed horizontal reference line. */
  reference?: { value: number; label: string };
}): string {
  const { categories, groups } = options;
  const f = frame(
    options.id,
    DEFAULT_SIZE,
    options.title,
    [0, categories.length],
    options.yDomain,
    '',
    options.yLabel,
    [],
  );
  const PLOT_W = f.plotW;
  const PLOT_H = f.plotH;
  const slot = PLOT_W / categories.length;
  const barWidth = (slot * 0.8) / groups.length;
  categories.forEach((category, c) => {
    groups.forEach((group, g) => {
      const v = group.values[c];
      const top = f.y(Math.min(Math.max(v, options.yDomain[0]), options.yDomain[1]));
      const bottom = f.y(options.yDomain[0]);
      f.parts.push(
        `<rect class="bar" x="${n(MARGIN.left + c * slot + slot * 0.1 + g * barWidth)}" y="${n(top)}" width="${n(barWidth)}" height="${n(bottom - top)}" fill="${group.color}"><title>${xml(`${category}, ${group.name}: ${v.toFixed(3)}`)}</title></rect>`,
      );
    });
    f.parts.push(
      `<text class="tick" x="${n(MARGIN.left + (c + 0.5) * slot)}" y="${MARGIN.top + PLOT_H + 16}" text-anchor="middle">${xml(category)}</text>`,
    );
  });
  if (options.reference !== undefined) {
    const yRef = n(f.y(options.reference.value));
    f.parts.push(
      `<line class="reference" x1="${MARGIN.left}" x2="${MARGIN.left + PLOT_W}" y1="${yRef}" y2="${yRef}" stroke="#333" stroke-dasharray="4 3"/>`,
      `<text class="legend" x="${MARGIN.left + PLOT_W + 10}" y="${Number(yRef) + 4}">${xml(options.reference.label)}</text>`,
    );
  }
  if (groups.length > 1) {
    f.parts.push(
      legend(
        f,
        groups.map((g) => g.name),
        groups.map((g) => g.color),
      ),
    );
  }
  return svg(options.id, f);
}

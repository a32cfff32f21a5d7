/** A chart's picture size and margins, in pixels. */
export interface Margins {
  width: number;
  height: number;
  left: number;
  right: number;
  top: number;
  bottom: number;
}

/** A chart's margins with the size of the plot area they leave. */
export interface Frame extends Margins {
  plotW: number;
  plotH: number;
}

/** The plot area that the margins leave inside the picture. */
export function chartFrame(margins: Margins): Frame {
  const { width, height, left, right, top, bottom } = margins;
  return { ...margins, plotW: width - left - right, plotH: height - top - bottom };
}

/** The opening lines of a chart's SVG: the root element, its title and a white background. */
export function svgOpening(frame: Margins, title: string): string[] {
  const { width, height } = frame;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="12">`,
    `<title>${title}</title>`,
    `<rect width="${width}" height="${height}" fill="white"/>`,
  ];
}

/**
 * The horizontal grid lines of a unit square plot, with the tick labels 0.0 to 1.0 on both axes
 * (`x` and `y` map a value in [0, 1] to its pixel).
 */
export function unitGrid(
  frame: Margins,
  x: (v: number) => number,
  y: (v: number) => number,
): string[] {
  const parts: string[] = [];
  for (let k = 0; k <= 10; k++) {
    const v = k / 10;
    parts.push(
      `<line x1="${x(0)}" x2="${x(1)}" y1="${y(v)}" y2="${y(v)}" stroke="#eee"/>`,
      `<text x="${frame.left - 8}" y="${y(v) + 4}" text-anchor="end">${v.toFixed(1)}</text>`,
      `<text x="${x(v)}" y="${frame.height - frame.bottom + 18}" text-anchor="middle">${v.toFixed(1)}</text>`,
    );
  }
  return parts;
}

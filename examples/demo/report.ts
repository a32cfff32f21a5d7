/**
 * The demo's HTML report: one self-contained file (inline CSS and SVG, no scripts, no
 * external assets) with the training curves, per-label F1 at 0.5 and at the tuned thresholds,
 * the precision-recall curve of every label with its operating point, and the thresholds.
 */
import { barChart, lineChart, PALETTE, xml } from './svg.js';

/** Everything the report shows. */
export interface ReportData {
  title: string;
  labelNames: readonly string[];
  /** `model.fit` history: one value per epoch for each logged key. */
  history: Record<string, readonly number[]>;
  perLabelF1: { atHalf: readonly number[]; tuned: readonly number[] };
  /** Precision-recall curve of each label (test split). */
  curves: readonly { precision: readonly number[]; recall: readonly number[] }[];
  /** Precision and recall of each label at its tuned threshold (test split). */
  operatingPoints: readonly { precision: number; recall: number }[];
  thresholds: readonly number[];
  /** Rows of the summary table: a value, or [tuned, at 0.5]. */
  summary: readonly [string, number | [number, number]][];
  classificationReport: string;
  /** Calibration, the recall guarantee and the intervals: a reliability diagram and a table. */
  trust: {
    /** The pooled calibration curve (quantile bins) of the model's sigmoid and of the calibrated probabilities. */
    reliability: Record<
      'before' | 'after',
      { probPred: readonly number[]; probTrue: readonly number[] }
    >;
    /** Rows of the table: a name and its value as text. */
    rows: readonly [string, string][];
  };
  notes: readonly string[];
}

const CSS = `
body { font: 14px/1.45 system-ui, sans-serif; margin: 24px auto; max-width: 980px; color: #222; }
h1 { font-size: 22px; } h2 { font-size: 17px; margin-top: 28px; }
.charts { display: flex; flex-wrap: wrap; gap: 16px; }
svg.chart { background: #fff; border: 1px solid #ddd; }
svg .title { font-size: 13px; font-weight: 600; } svg .tick, svg .legend { font-size: 11px; fill: #444; }
svg .label { font-size: 11px; fill: #444; } svg .grid { stroke: #eee; } svg .axes { fill: none; stroke: #999; }
table { border-collapse: collapse; } td, th { padding: 3px 12px; border-bottom: 1px solid #eee; text-align: right; }
td:first-child, th:first-child { text-align: left; }
pre { background: #f6f6f6; padding: 12px; overflow-x: auto; }
`;

function epochs(values: readonly number[]): number[] {
  return values.map((_, i) => i + 1);
}

function trainingCharts(history: Record<string, readonly number[]>): string {
  const lossKeys = ['loss', 'val_loss'].filter((k) => history[k] !== undefined);
  const qualityKeys = [
    'val_average_precision_macro',
    'val_f1_macro',
    'val_f1_micro',
    'f1_micro',
  ].filter((k) => history[k] !== undefined);
  const epochTicks = epochs(history.loss ?? []);
  return [
    lineChart({
      id: 'chart-loss',
      title: 'Training loss per epoch',
      series: lossKeys.map((k) => ({ name: k, x: epochs(history[k]), y: history[k] })),
      xLabel: 'epoch',
      yLabel: 'loss',
      xDomain: [1, Math.max(2, epochTicks.length)],
      xTicks: epochTicks,
      showPoints: true,
    }),
    lineChart({
      id: 'chart-quality',
      title: 'Validation metrics per epoch (at 0.5)',
      series: qualityKeys.map((k) => ({
        name: k.replace('val_', 'val ').replace('average_precision_macro', 'mAP'),
        x: epochs(history[k]),
        y: history[k],
        dashed: !k.startsWith('val_'),
      })),
      xLabel: 'epoch',
      yLabel: 'score',
      xDomain: [1, Math.max(2, epochTicks.length)],
      xTicks: epochTicks,
      showPoints: true,
    }),
  ].join('');
}

function summaryTable(rows: ReportData['summary']): string {
  const cell = (v: number) => `<td>${v.toFixed(4)}</td>`;
  const body = rows
    .map(
      ([name, v]) =>
        `<tr><td>${xml(name)}</td>${Array.isArray(v) ? cell(v[0]) + cell(v[1]) : `${cell(v)}<td></td>`}</tr>`,
    )
    .join('');
  return `<table id="summary"><thead><tr><th>test metric</th><th>tuned thresholds</th><th>at 0.5</th></tr></thead><tbody>${body}</tbody></table>`;
}

function trustSection(trust: ReportData['trust']): string {
  const { before, after } = trust.reliability;
  const diagram = lineChart({
    id: 'chart-reliability',
    title: 'Reliability diagram (test, all labels pooled, 10 quantile bins)',
    series: [
      { name: 'perfectly calibrated', x: [0, 1], y: [0, 1], dashed: true },
      { name: 'model sigmoid', x: before.probPred, y: before.probTrue },
      { name: 'calibrated', x: after.probPred, y: after.probTrue },
    ],
    xLabel: 'mean predicted probability',
    yLabel: 'fraction of true labels',
    xDomain: [0, 1],
    yDomain: [0, 1],
    colors: ['#bab0ac', '#e15759', '#4e79a7'],
    showPoints: true,
  });
  const rows = trust.rows.map(
    ([name, value]) => `<tr><td>${xml(name)}</td><td>${xml(value)}</td></tr>`,
  );
  return `<div class="charts">${diagram}</div>
<table id="trust"><tbody>${rows.join('')}</tbody></table>`;
}

/** The report as a complete HTML document. */
export function renderReport(data: ReportData): string {
  const names = data.labelNames;
  const short = names.map((name) => name.replace(/^digit /, ''));
  const f1Chart = barChart({
    id: 'chart-f1',
    title: 'Per-label F1 on the test split',
    categories: short,
    groups: [
      { name: 'at 0.5', values: data.perLabelF1.atHalf, color: '#bab0ac' },
      { name: 'tuned', values: data.perLabelF1.tuned, color: '#4e79a7' },
    ],
    yLabel: 'F1',
    yDomain: [
      Math.max(
        0,
        Math.floor(Math.min(...data.perLabelF1.atHalf, ...data.perLabelF1.tuned) * 10) / 10 - 0.1,
      ),
      1,
    ],
  });
  // Zoom to where the operating points are: the curves of a good model hug the top right.
  const lowest = Math.min(...data.operatingPoints.flatMap((p) => [p.precision, p.recall]));
  const from = Math.max(0, Math.floor(lowest * 10) / 10 - 0.1);
  const prChart = lineChart({
    id: 'chart-pr',
    size: { width: 936, height: 420 },
    title: `Precision-recall curves (test); o = the tuned threshold${from > 0 ? `; zoomed to [${from.toFixed(1)}, 1]` : ''}`,
    series: data.curves.map((c, j) => ({ name: names[j], x: c.recall, y: c.precision })),
    xLabel: 'recall',
    yLabel: 'precision',
    xDomain: [from, 1],
    yDomain: [from, 1],
    markers: data.operatingPoints.map((p, j) => ({
      x: p.recall,
      y: p.precision,
      color: PALETTE[j % PALETTE.length],
      title: `${names[j]}: threshold ${data.thresholds[j].toFixed(3)}, precision ${p.precision.toFixed(3)}, recall ${p.recall.toFixed(3)}`,
    })),
  });
  const thresholdChart = barChart({
    id: 'chart-thresholds',
    title: 'Threshold chosen per label',
    categories: short,
    groups: [{ name: 'threshold', values: data.thresholds, color: '#59a14f' }],
    yLabel: 'probability threshold',
    yDomain: [0, 1],
    reference: { value: 0.5, label: '0.5' },
  });
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>${xml(data.title)}</title><style>${CSS}</style></head>
<body>
<h1>${xml(data.title)}</h1>
${data.notes.map((note) => `<p>${xml(note)}</p>`).join('\n')}
<h2>Test metrics</h2>
${summaryTable(data.summary)}
<h2>Training</h2>
<div class="charts">${trainingCharts(data.history)}</div>
<h2>Per label</h2>
<div class="charts">${f1Chart}${thresholdChart}${prChart}</div>
<h2>Calibration, guarantees and intervals</h2>
${trustSection(data.trust)}
<h2>Classification report (tuned thresholds, test split)</h2>
<pre id="classification-report">${xml(data.classificationReport)}</pre>
</body>
</html>
`;
}

/**
 * The page side of bench/extreme.ts's Chromium run, bundled into one script: builds the
 * synthetic data of a shape in the page and times the report of the twelve values.
 */
import { report, SHAPES, synthetic } from './extreme-data.js';

/** Builds `name`'s data in the page and times the report; values for the Node side to compare. */
function runExtreme(name: string): { ms: number; values: number[]; heap: number } {
  const shape = SHAPES.find((s) => s.name === name);
  if (shape === undefined) throw new Error(`unknown shape ${name}`);
  const data = synthetic(shape, 1);
  const start = performance.now();
  const values = report(data);
  const ms = performance.now() - start;
  const memory = (performance as Performance & { memory?: { usedJSHeapSize: number } }).memory;
  return { ms, values, heap: memory?.usedJSHeapSize ?? Number.NaN };
}

(globalThis as unknown as { runExtreme: typeof runExtreme }).runExtreme = runExtreme;

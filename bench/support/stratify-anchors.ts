/**
 * The Python anchors of the stratification benchmark, read from bench/data/stratify-anchors.json
 * (reference notes, table A3), for bench/stratify.ts and scripts/figures/splitting-chart.ts.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * One dataset's anchors, each as [I, K1, K2] (iterative-stratification 0.1.9, scikit-multilearn
 * order 1 and order 2): LD and LPD x 1e3, ED, FZ, FLZ and FLPZ (no K1 value: NaN).
 */
export interface Anchor {
  ld: number[];
  lpd: number[];
  ed: number[];
  fz: number[];
  flz: number[];
  flpz: number[];
}

const file = join(dirname(fileURLToPath(import.meta.url)), '..', 'data', 'stratify-anchors.json');
const json = JSON.parse(readFileSync(file, 'utf8')) as {
  datasets: Record<string, Record<keyof Anchor, (number | null)[]>>;
};

/** The anchors by dataset name, in the benchmark's order. */
export const ANCHORS: Record<string, Anchor> = Object.fromEntries(
  Object.entries(json.datasets).map(([name, columns]) => [
    name,
    Object.fromEntries(
      Object.entries(columns).map(([key, values]) => [
        key,
        values.map((v) => (v === null ? Number.NaN : v)),
      ]),
    ) as unknown as Anchor,
  ]),
);

import type { MetricSpec } from './count-metric.js';
import { bestCut } from './cut-list.js';
import type { CutSource } from './cut-source.js';

/**
 * The exact per-label search: for each label, the cut with the best value of the metric on that
 * label's own counts (which also maximises their macro mean). One sort per label.
 *
 * @internal
 * @module
 */

/** The chosen cut of each label and its value. @internal */
export interface LabelCutChoice {
  /**
   * The lowest score the chosen cut keeps (+Infinity: predict none; NaN: the label has no
   * known cell).
   */
  readonly high: Float64Array;
  /** The metric value of each label's chosen cut (NaN without known cells). */
  readonly values: Float64Array;
}

/** Best cut of every label. @internal */
export function searchPerLabel(source: CutSource, spec: MetricSpec): LabelCutChoice {
  const cols = source.cols;
  const high = new Float64Array(cols).fill(Number.NaN);
  const values = new Float64Array(cols).fill(Number.NaN);
  source.forEachLabelCuts(spec.monotone, (j, cuts) => {
    if (cuts.cells === 0) return;
    const best = bestCut(cuts, spec.evaluate);
    high[j] = best.index < 0 ? Number.POSITIVE_INFINITY : cuts.high[best.index];
    values[j] = best.value;
  });
  return { high, values };
}

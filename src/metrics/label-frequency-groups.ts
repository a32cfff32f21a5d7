import { MultilabelError } from '../core/errors.js';
import { isNumericArrayLike } from '../core/matrix-input.js';
import { checkInteger } from '../core/validate.js';
import { valueText } from '../core/value-text.js';

/**
 * Splits the labels into `groups` groups of (nearly) equal size by their frequency: group 0
 * holds the most frequent labels, the last group the rarest (deciles by default), as the
 * extreme-classification literature breaks P@k down to show how a model does on the tail. Pass
 * the result as `labelGroups` to {@link topKReport}. Equal counts keep label order (the lower
 * label in the more frequent group), so the split is deterministic.
 *
 * @summary Frequency deciles (or any number of groups) of the labels, most frequent first.
 * @category Top-k metrics
 * @param labelCounts The positive count of each label in the training data (e.g. `labelStatistics(yTrain).support`).
 * @param groups How many groups, from 1 to the number of labels.
 * @returns The group of each label, `0 .. groups - 1`.
 * @throws {@link MultilabelError} `INVALID_ARGUMENT` for counts that are not finite numbers
 *   `>= 0`; `INVALID_OPTION` for `groups` out of range.
 * @example
 * ```ts
 * import { labelFrequencyGroups } from 'tfjs-multilabel/metrics';
 *
 * console.log(Array.from(labelFrequencyGroups([5, 90, 1, 40], 2))); // [1, 0, 1, 0]
 * ```
 */
export function labelFrequencyGroups(labelCounts: ArrayLike<number>, groups = 10): Int32Array {
  if (!isNumericArrayLike(labelCounts) || labelCounts.length === 0) {
    throw new MultilabelError(
      'INVALID_ARGUMENT',
      `\`labelCounts\` must be a non-empty array of per-label positive counts, but got ${valueText(labelCounts)}.`,
    );
  }
  const n = labelCounts.length;
  const counts = new Float64Array(n);
  for (let l = 0; l < n; l++) {
    const c = labelCounts[l];
    if (typeof c !== 'number' || !Number.isFinite(c) || c < 0) {
      throw new MultilabelError(
        'INVALID_ARGUMENT',
        `\`labelCounts[${l}]\` is ${valueText(c)}; every count must be a finite number >= 0.`,
      );
    }
    counts[l] = c;
  }
  checkInteger(groups, 'groups', { min: 1, max: n });
  const order = Array.from({ length: n }, (_, l) => l).sort(
    (a, b) => counts[b] - counts[a] || a - b,
  );
  const out = new Int32Array(n);
  // Position p of the ranking goes to group floor(p * groups / n): sizes differ by at most one.
  order.forEach((l, p) => {
    out[l] = Math.floor((p * groups) / n);
  });
  return out;
}

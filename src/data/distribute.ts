import type { SeededRandom } from '../core/random.js';
import { BucketQueue } from './bucket-queue.js';
import type { Combinations } from './combinations.js';

/**
 * Iterative stratification as published: Sechidis, Tsoumakas & Vlahavas (ECML PKDD 2011,
 * Algorithm 1) over single labels, and its generalisation by Szymański & Kajdanowicz (LIDTA
 * 2017) over the label combinations of order at most 2.
 *
 * Each fold j desires `rows * r_j` rows and, of each combination c, `support_c * r_j` rows.
 * Repeatedly take the combination with the fewest unassigned rows (a pair before a single label
 * of equal count, then uniformly at random), and send each of its unassigned rows, in a random
 * order, to the fold that most desires that combination (ties: the fold that desires the most
 * rows, then at random); every combination of the row and the fold's row count lose one unit
 * of desire. Rows without labels go last, each to the fold that desires the most rows (ties at
 * random), as the `iterative-stratification` package does.
 *
 * Cost: O(incidences + rows * folds) time with a bucket queue (the published algorithm recounts
 * every label after each pick), memory linear in the incidences.
 *
 * @param combos Each row's combinations.
 * @param proportions r_j per fold, summing to 1.
 * @param random The seeded generator for every random choice.
 * @param fold Output: the fold of every row.
 * @returns The random row order it used (a permutation of the rows), for reuse.
 * @internal
 */
export function distribute(
  combos: Combinations,
  proportions: Float64Array,
  random: SeededRandom,
  fold: Int32Array,
): Int32Array {
  const rows = fold.length;
  const k = proportions.length;
  const { count, indptr, indices, support } = combos;
  const order = random.permutation(rows);

  // Rows of each combination, in the random row order.
  const colPtr = new Int32Array(count + 1);
  for (let c = 0; c < count; c++) colPtr[c + 1] = colPtr[c] + support[c];
  const colRows = new Int32Array(colPtr[count]);
  const next = colPtr.slice(0, count);
  for (let t = 0; t < rows; t++) {
    const r = order[t];
    for (let a = indptr[r]; a < indptr[r + 1]; a++) colRows[next[indices[a]]++] = r;
  }

  const desired = new Float64Array(count * k);
  for (let c = 0; c < count; c++) {
    for (let j = 0; j < k; j++) desired[c * k + j] = support[c] * proportions[j];
  }
  const desiredRows = new Float64Array(k);
  for (let j = 0; j < k; j++) desiredRows[j] = rows * proportions[j];

  // Unassigned rows per combination: one queue for single labels, one for pairs.
  const labels = combos.labels;
  const singles = new BucketQueue(support.subarray(0, labels));
  const pairs = new BucketQueue(support.subarray(labels));
  const ties = new Int32Array(k);
  fold.fill(-1);

  for (;;) {
    // Fewest unassigned rows first; a pair before a single label with as many.
    const keyPair = pairs.minKey();
    const keySingle = singles.minKey();
    let c: number;
    if (keyPair <= keySingle) {
      if (keyPair === Number.POSITIVE_INFINITY) break;
      c = labels + pairs.pick(keyPair, random);
    } else {
      c = singles.pick(keySingle, random);
    }
    const base = c * k;
    for (let t = colPtr[c]; t < colPtr[c + 1]; t++) {
      const r = colRows[t];
      if (fold[r] >= 0) continue;
      // argmax desire for c, then argmax desired rows, then at random.
      let n = 0;
      let best = Number.NEGATIVE_INFINITY;
      let bestRows = Number.NEGATIVE_INFINITY;
      for (let j = 0; j < k; j++) {
        const v = desired[base + j];
        if (v > best || (v === best && desiredRows[j] > bestRows)) {
          best = v;
          bestRows = desiredRows[j];
          n = 0;
          ties[n++] = j;
        } else if (v === best && desiredRows[j] === bestRows) {
          ties[n++] = j;
        }
      }
      const m = n === 1 ? ties[0] : ties[random.nextInt(n)];
      fold[r] = m;
      desiredRows[m] -= 1;
      for (let a = indptr[r]; a < indptr[r + 1]; a++) {
        const other = indices[a];
        desired[other * k + m] -= 1;
        if (other < labels) singles.decrement(other);
        else pairs.decrement(other - labels);
      }
    }
  }

  for (let t = 0; t < rows; t++) {
    const r = order[t];
    if (fold[r] >= 0) continue;
    let n = 0;
    let best = Number.NEGATIVE_INFINITY;
    for (let j = 0; j < k; j++) {
      const v = desiredRows[j];
      if (v > best) {
        best = v;
        n = 0;
        ties[n++] = j;
      } else if (v === best) {
        ties[n++] = j;
      }
    }
    const m = n === 1 ? ties[0] : ties[random.nextInt(n)];
    fold[r] = m;
    desiredRows[m] -= 1;
  }
  return order;
}

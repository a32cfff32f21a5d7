import { MultilabelError } from '../core/errors.js';
import { assertPositiveTotal } from '../core/kernels/count-averaging.js';
import type { LabelMatrix, ScoreMatrix } from '../core/matrix.js';
import { checkBoolean } from '../core/validate.js';
import { valueText } from '../core/value-text.js';
import { binaryExponent, ldexp } from '../core/weights.js';
import { readK, type TopKOptions } from './at-k.js';
import { readRankingInputs } from './ranking-inputs.js';
import { idealDiscountSum, TopK } from './top-k.js';

/**
 * Options of the propensity-scored top-k metrics.
 *
 * @expand
 * @category Options
 * @example
 * ```ts
 * import { propensityScoredPrecisionAtK, type PropensityScoredOptions } from 'tfjs-multilabel/metrics';
 *
 * const options: PropensityScoredOptions = { k: 1, propensities: [0.5, 0.25], normalize: false };
 * console.log(propensityScoredPrecisionAtK([[0, 1]], [[0.2, 0.9]], options)); // 4
 * ```
 */
export interface PropensityScoredOptions extends TopKOptions {
  /** One propensity per label, in (0, 1] (see {@link jainPropensities}); a hit on label l scores 1 / p_l. */
  propensities: ArrayLike<number>;
  /**
   * Divide by the value of the best possible ranking (as pyxclib and napkinXC report it): the mean
   * over rows of the metric, over the mean over rows of the metric of the ranking that puts the
   * true labels with the smallest propensities first. The result is then in [0, 1]. `false` returns
   * the raw mean over rows.
   *
   * @defaultValue `true`
   */
  normalize?: boolean;
}

/**
 * Reads the propensities as inverses `2^-shift / p_l`: plain `1 / p_l` (shift 0) unless the
 * smallest propensity is so small (below about 2^-959) that sums of inverses could overflow;
 * then every inverse is scaled down by the same power of two, which keeps each exact to the
 * last bit and leaves every ratio (the normalised metrics) unchanged.
 */
function readPropensities(
  value: unknown,
  cols: number,
): { inverse: Float64Array; shift: number; smallest: number } {
  const ok =
    value !== null &&
    typeof value === 'object' &&
    typeof (value as ArrayLike<number>).length === 'number' &&
    (value as ArrayLike<number>).length === cols;
  if (!ok) {
    throw new MultilabelError(
      'INVALID_OPTION',
      `\`propensities\` must be an array of ${cols} numbers (one per label), e.g. from jainPropensities.`,
    );
  }
  const inverse = new Float64Array(cols);
  let smallest = 1;
  for (let l = 0; l < cols; l++) {
    const p = (value as ArrayLike<number>)[l];
    if (typeof p !== 'number' || !(p > 0 && p <= 1)) {
      throw new MultilabelError(
        'INVALID_OPTION',
        `\`propensities[${l}]\` is ${valueText(p)}; every propensity must be in (0, 1].`,
      );
    }
    inverse[l] = p;
    if (p < smallest) smallest = p;
  }
  // Largest inverse at most 2^959: sums over k labels and many rows stay far from overflow,
  // and the smallest inverse (p = 1) at least 2^-116, still a normal double.
  const shift = Math.max(0, -binaryExponent(smallest) - MAX_INVERSE_EXPONENT);
  const unit = 2 ** -shift;
  for (let l = 0; l < cols; l++) inverse[l] = unit / inverse[l];
  return { inverse, shift, smallest };
}

/** The exponent of the largest inverse propensity kept unscaled (see readPropensities). */
const MAX_INVERSE_EXPONENT = 959;

/**
 * Shared computation: per row, the propensity-scored gain of the predicted top-k and of the
 * ideal top-k, each discounted by `discount(rank)` and divided by `rowNorm(positives)`.
 */
function propensityScored(
  yTrue: LabelMatrix,
  yScore: ScoreMatrix,
  options: PropensityScoredOptions,
  caller: string,
  discount: (rank: number) => number,
  rowNorm: (positives: number, k: number) => number,
): number {
  const { truth, scores, sampleWeight } = readRankingInputs(
    yTrue,
    yScore,
    options,
    ['k', 'propensities', 'normalize'],
    caller,
  );
  const k = readK(options.k, truth.cols);
  const { inverse, shift, smallest } = readPropensities(options.propensities, truth.cols);
  const normalize = checkBoolean(options.normalize, 'normalize', true);
  const { rows, cols } = truth;
  const top = new TopK(k);
  const best = new Float64Array(cols);
  let sum = 0;
  let idealSum = 0;
  let total = 0;
  for (let r = 0; r < rows; r++) {
    const base = r * cols;
    top.load(truth.data, scores.data, base, cols);
    if (top.known === 0) continue;
    const w = sampleWeight === undefined ? 1 : sampleWeight[r];
    total += w;
    if (top.positives === 0) continue;
    let gain = 0;
    for (let i = 0; i < top.count; i++) {
      const l = top.index[i];
      if (truth.data[base + l] === 1) gain += inverse[l] * discount(i);
    }
    // The ideal ranking puts the true labels with the largest 1 / p first.
    let n = 0;
    for (let l = 0; l < cols; l++) if (truth.data[base + l] === 1) best[n++] = inverse[l];
    best.subarray(0, n).sort();
    let ideal = 0;
    for (let i = 0; i < Math.min(k, n); i++) ideal += best[n - 1 - i] * discount(i);
    const norm = rowNorm(top.positives, k);
    sum += (w * gain) / norm;
    idealSum += (w * ideal) / norm;
  }
  assertPositiveTotal(total, caller);
  if (!normalize) {
    const raw = ldexp(sum / total, shift);
    if (!Number.isFinite(raw)) {
      throw new MultilabelError(
        'INVALID_OPTION',
        `The raw (normalize: false) ${caller} is beyond the largest double: \`propensities\` go down to ${smallest}. Use normalize: true, whose ratio stays defined.`,
      );
    }
    return raw;
  }
  // No true label anywhere: nothing to find, and the best ranking scores 0 too.
  return idealSum === 0 ? 0 : sum / idealSum;
}

/**
 * Propensity-scored precision at k (Jain, Prabhu & Varma 2016): P@k where a hit on label l
 * counts 1 / p_l, so finding rare (rarely observed) labels is rewarded. With `normalize`
 * (default) it is divided by the same metric of the best possible ranking, pyxclib's
 * definition: mean over rows of sum_{top k} y_l / p_l, over mean over rows of the largest
 * possible such sum. Higher is better. Ties are broken by the lower label index.
 *
 * Missing labels (`ignoreIndex`): as {@link precisionAtK}.
 *
 * @summary PSP@k: precision at k that rewards finding rare labels.
 * @category Top-k metrics
 * @param yTrue True labels, 0/1 (and, with `ignoreIndex`, that marker or NaN for a missing label), one row per sample.
 * @param yScore Scores, the same shape.
 * @param options `k`, `propensities` (required), `normalize` (default true), `sampleWeight`, `ignoreIndex`.
 * @returns The normalised PSP@k in [0, 1] (0 when no row has a true label), or the raw mean.
 * @throws {@link MultilabelError} as {@link precisionAtK}, on propensities outside (0, 1] or of
 * the wrong length, and with `normalize: false` when propensities so small (subnormal) make the
 * raw mean exceed the largest double.
 * @example
 * ```ts
 * import { propensityScoredPrecisionAtK } from 'tfjs-multilabel/metrics';
 *
 * // The rare label 1 (p = 0.25) is missed: 2 of the best possible 4.
 * const options = { k: 1, propensities: [0.5, 0.25] };
 * console.log(propensityScoredPrecisionAtK([[1, 1]], [[0.9, 0.2]], options)); // 0.5
 * ```
 */
export function propensityScoredPrecisionAtK(
  yTrue: LabelMatrix,
  yScore: ScoreMatrix,
  options: PropensityScoredOptions,
): number {
  return propensityScored(
    yTrue,
    yScore,
    options,
    'propensityScoredPrecisionAtK',
    () => 1,
    (_positives, k) => k,
  );
}

/**
 * Propensity-scored nDCG at k (Jain, Prabhu & Varma 2016): the DCG@k of {@link ndcgAtK} with
 * a hit on label l counting 1 / p_l, divided per row by the plain ideal DCG
 * sum_{r <= min(k, |y|)} 1 / log2(r + 1). With `normalize` (default) the mean over rows is
 * divided by the same mean for the best possible ranking, as pyxclib's `psndcg`. Higher is
 * better. Ties are broken by the lower label index.
 *
 * Missing labels (`ignoreIndex`): as {@link precisionAtK}.
 *
 * @summary PSnDCG@k: nDCG@k that rewards finding rare labels.
 * @category Top-k metrics
 * @param yTrue True labels, 0/1 (and, with `ignoreIndex`, that marker or NaN for a missing label), one row per sample.
 * @param yScore Scores, the same shape.
 * @param options `k`, `propensities` (required), `normalize` (default true), `sampleWeight`, `ignoreIndex`.
 * @returns The normalised PSnDCG@k in [0, 1] (0 when no row has a true label), or the raw mean.
 * @throws {@link MultilabelError} as {@link propensityScoredPrecisionAtK}.
 * @example
 * ```ts
 * import { propensityScoredNdcgAtK } from 'tfjs-multilabel/metrics';
 *
 * const options = { k: 2, propensities: [0.5, 0.25] };
 * console.log(propensityScoredNdcgAtK([[1, 1]], [[0.2, 0.9]], options)); // 1
 * ```
 */
export function propensityScoredNdcgAtK(
  yTrue: LabelMatrix,
  yScore: ScoreMatrix,
  options: PropensityScoredOptions,
): number {
  return propensityScored(
    yTrue,
    yScore,
    options,
    'propensityScoredNdcgAtK',
    (rank) => 1 / Math.log2(rank + 2),
    (positives, k) => idealDiscountSum(Math.min(k, positives)),
  );
}

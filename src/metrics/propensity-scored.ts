import { MultilabelError } from '../core/errors.js';
import { assertPositiveTotal } from '../core/kernels/count-averaging.js';
import type { LabelMatrix, ScoreMatrix } from '../core/matrix.js';
import type { SparseLabelMatrix } from '../core/sparse-label-matrix.js';
import type { TopKPredictions } from '../core/top-k-predictions.js';
import { checkBoolean } from '../core/validate.js';
import { valueText } from '../core/value-text.js';
import { binaryExponent, ldexp } from '../core/weights.js';
import { readK, type TopKOptions } from './at-k.js';
import { readTopKInputs } from './top-k-rows.js';
import { type PropensitySums, topKSums } from './top-k-sums.js';

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
/** Inverse propensities in a power-of-two unit (see {@link readPropensities}). @internal */
export interface ReadPropensities {
  readonly inverse: Float64Array;
  /** The inverses are `2^-shift / p_l`. */
  readonly shift: number;
  /** The smallest propensity (for the overflow message). */
  readonly smallest: number;
}

/** @internal */
export function readPropensities(value: unknown, cols: number): ReadPropensities {
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
 * A propensity-scored metric at `k` from its sums: their ratio with `normalize`, else the raw
 * mean scaled back by the propensities' power of two (refused when beyond the largest double).
 *
 * @internal
 */
export function propensityScoredValue(
  sum: number,
  idealSum: number,
  total: number,
  propensities: ReadPropensities,
  normalize: boolean,
  caller: string,
): number {
  assertPositiveTotal(total, caller);
  if (!normalize) {
    const raw = ldexp(sum / total, propensities.shift);
    if (!Number.isFinite(raw)) {
      throw new MultilabelError(
        'INVALID_OPTION',
        `The raw (normalize: false) ${caller} is beyond the largest double: \`propensities\` go down to ${propensities.smallest}. Use normalize: true, whose ratio stays defined.`,
      );
    }
    return raw;
  }
  // No true label anywhere: nothing to find, and the best ranking scores 0 too.
  return idealSum === 0 ? 0 : sum / idealSum;
}

/** Reads the arguments of a propensity-scored metric and returns its value at `k`. */
function propensityScored(
  yTrue: LabelMatrix | SparseLabelMatrix,
  yScore: ScoreMatrix | TopKPredictions,
  options: PropensityScoredOptions,
  caller: string,
  which: 'psp' | 'psndcg',
): number {
  const { rows, sampleWeight } = readTopKInputs(
    yTrue,
    yScore,
    options,
    ['k', 'propensities', 'normalize'],
    caller,
  );
  const k = readK(options.k, rows.cols);
  const propensities = readPropensities(options.propensities, rows.cols);
  const normalize = checkBoolean(options.normalize, 'normalize', true);
  const sums = topKSums(rows, sampleWeight, k, { inverse: propensities.inverse, allCuts: false });
  const { sum, idealSum } = sums[which] as PropensitySums;
  return propensityScoredValue(
    sum[k - 1],
    idealSum[k - 1],
    sums.total,
    propensities,
    normalize,
    caller,
  );
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
 * @param yTrue True labels, 0/1 (and, with `ignoreIndex`, that marker or NaN for a missing label), one row per sample, or a {@link SparseLabelMatrix}.
 * @param yScore Scores, the same shape, or {@link TopKPredictions} listing at least `k` labels per row.
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
  yTrue: LabelMatrix | SparseLabelMatrix,
  yScore: ScoreMatrix | TopKPredictions,
  options: PropensityScoredOptions,
): number {
  return propensityScored(yTrue, yScore, options, 'propensityScoredPrecisionAtK', 'psp');
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
 * @param yTrue True labels, 0/1 (and, with `ignoreIndex`, that marker or NaN for a missing label), one row per sample, or a {@link SparseLabelMatrix}.
 * @param yScore Scores, the same shape, or {@link TopKPredictions} listing at least `k` labels per row.
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
  yTrue: LabelMatrix | SparseLabelMatrix,
  yScore: ScoreMatrix | TopKPredictions,
  options: PropensityScoredOptions,
): number {
  return propensityScored(yTrue, yScore, options, 'propensityScoredNdcgAtK', 'psndcg');
}

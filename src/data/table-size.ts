import { MultilabelError, type MultilabelErrorCode } from '../core/errors.js';

/**
 * Largest working table (in cells) that the splitting code builds: the (row, label pair)
 * incidences of `order: 2` and the (label combination, fold) tables of the balancing pass and
 * of `splitQuality`. 2^25 cells, about 1 GB across the balancing pass's tables.
 *
 * @internal
 */
export const MAX_TABLE_CELLS = 2 ** 25;

/** Largest matrix a data function returns: 2^28 cells, 2 GiB of Float64 (what engines allow in one array). @internal */
export const MAX_OUTPUT_CELLS = 2 ** 28;

/** `n` with thousands separators (1,234,567), or in powers of ten when huge (1.3e+12). @internal */
export function formatCount(n: number): string {
  if (n >= 1e12) return n.toPrecision(2);
  return String(Math.round(n)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/**
 * Throws a `MultilabelError` when a table of `cells` cells would exceed `limit`, before
 * anything is allocated: `what` says what the table holds (starting with a capital), `advice`
 * what to do instead.
 *
 * @internal
 */
export function checkTableSize(
  cells: number,
  limit: number,
  what: string,
  advice: string,
  code: MultilabelErrorCode = 'INVALID_ARGUMENT',
): void {
  if (cells <= limit) return;
  throw new MultilabelError(
    code,
    `${what} would need ${formatCount(cells)} cells, more than the ${formatCount(limit)} this function allocates. ${advice}`,
  );
}

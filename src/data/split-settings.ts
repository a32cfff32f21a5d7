import { MultilabelError } from '../core/errors.js';
import { checkSeed } from '../core/random.js';
import { checkEnum } from '../core/validate.js';
import { valueText } from '../core/value-text.js';

/**
 * Reads the options the splitting functions share: `order` (1 or 2, default 1), `seed`
 * (default 0) and `balance` (default true).
 *
 * @internal
 */
export function readSplitSettings(options: {
  order?: unknown;
  seed?: unknown;
  balance?: unknown;
}): { order: 1 | 2; seed: number; balance: boolean } {
  const order = checkEnum(options.order ?? 1, 'order', [1, 2] as const);
  const seed = checkSeed(options.seed ?? 0);
  const balance = options.balance ?? true;
  if (typeof balance !== 'boolean') {
    throw new MultilabelError(
      'INVALID_OPTION',
      `\`balance\` must be true or false, but got ${valueText(balance)}.`,
    );
  }
  return { order, seed, balance };
}

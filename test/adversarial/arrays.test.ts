/**
 * The adversarial contract (see harness.ts) over every entry of the array-only subpaths.
 */
import { describe } from 'vitest';
import { contractTest } from './harness.js';
import { arrayEntries } from './registry.js';

describe.each(arrayEntries.map((entry) => [entry.name, entry] as const))('%s', (_name, entry) => {
  contractTest(entry);
});

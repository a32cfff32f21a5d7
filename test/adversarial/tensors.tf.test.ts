/**
 * The adversarial contract (see harness.ts) over every tensor entry: losses, heads and the
 * training glue, on the backend of the project (cpu or wasm). Each call checks that it leaves
 * no tensor alive, on the error path too.
 */
import { describe } from 'vitest';
import { contractTest } from './harness.js';
import { tensorEntries } from './registry-tf.js';

describe.each(tensorEntries.map((entry) => [entry.name, entry] as const))('%s', (_name, entry) => {
  contractTest(entry);
});

/**
 * Every known defect without tensors still reproduces: when one is fixed, this test fails
 * until it is taken off known-defects.ts (so that the properties check those inputs again).
 */
import { describe, expect, it } from 'vitest';
import { knownDefects } from './known-defects.js';

const arrayDefects = knownDefects.filter((d) => d.tensors !== true);

describe('known defects (arrays)', () => {
  it.each(
    arrayDefects.map(
      (d) =>
        [
          `${d.item === 'new' ? 'new' : `item ${d.item}`}: ${d.exports.join(', ')}: ${d.input}`,
          d,
        ] as const,
    ),
  )('%s still reproduces', async (_name, defect) => {
    expect(await defect.reproduce(), 'it no longer reproduces: take it off known-defects.ts').toBe(
      true,
    );
  });
});

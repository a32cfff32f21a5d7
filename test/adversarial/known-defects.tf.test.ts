/**
 * Every known defect of the tensor entries still reproduces, on this project's backend: when
 * one is fixed, this test fails until it is taken off known-defects.ts.
 */
import { describe, expect, it } from 'vitest';
import { knownDefects } from './known-defects.js';

const tensorDefects = knownDefects.filter((d) => d.tensors === true);

describe('known defects (tensors)', () => {
  it.each(
    tensorDefects.map(
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

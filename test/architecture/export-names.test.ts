/**
 * Every function a public entry exports carries its export name as `name`, as a function
 * declaration would: the metrics and loss factories made by a builder (`averagedCountMetric`,
 * `lossFactory`, ...) are arrow functions named by `named`, and stack traces, the diagnostics
 * and users' logs show that name.
 */
import { describe, expect, it } from 'vitest';
import { publicEntries } from '../public-entries.js';

describe('the exported functions', () => {
  it.each(publicEntries)('of $subpath are named as they are exported', async ({ file }) => {
    const module = (await import(file)) as Record<string, unknown>;
    const functions = Object.entries(module).filter(([, value]) => typeof value === 'function');
    expect(functions.length).toBeGreaterThan(0);
    const misnamed = functions
      .filter(([key, value]) => (value as { name: string }).name !== key)
      .map(([key, value]) => `${key} is named '${(value as { name: string }).name}'`);
    expect(misnamed).toEqual([]);
  });
});

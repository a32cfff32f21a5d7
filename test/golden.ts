import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';

/** A golden fixture of test/fixtures, made by its script under scripts/fixtures. */
export interface Golden<C> {
  /** The scikit-learn version that made it. */
  sklearn: string;
  cases: C[];
}

/** Reads test/fixtures/`name` (a JSON file). */
export function readGolden<F extends Golden<unknown>>(name: string): F {
  return JSON.parse(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8')) as F;
}

/** The test that the fixture was made by scikit-learn 1.2 and holds `count` cases. */
export function itUsesScikitLearn12(fixture: Golden<unknown>, count: number): void {
  it('uses the fixture of scikit-learn 1.2', () => {
    expect(fixture.sklearn).toMatch(/^1\.2\./);
    expect(fixture.cases.length).toBe(count);
  });
}

/** The cases numbered from 0, for `it.each` with a `case %i` title. */
export const numbered = <C>(cases: readonly C[]): (readonly [number, C])[] =>
  cases.map((c, i) => [i, c] as const);

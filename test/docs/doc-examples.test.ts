/**
 * Runs every `@example` of the public API, so that documentation cannot rot: each block must run
 * without throwing, and each `console.log(...); // expected` line must print what it documents.
 */
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { root } from '../project.js';
import {
  collectExamples,
  expectRunsAsDocumented,
  instrument,
  matchesDoc,
  printed,
  printsAsDocumented,
} from './doc-examples.js';

const outDir = join(root, 'test', 'docs', '.examples');
const examples = collectExamples(root);

rmSync(outDir, { recursive: true, force: true });
mkdirSync(outDir, { recursive: true });
afterAll(() => rmSync(outDir, { recursive: true, force: true }));

describe('the documentation helpers', () => {
  it('compare numbers to the precision written and ignore whitespace', () => {
    expect(matchesDoc('0.6666666666666666', '0.667')).toBe(true);
    expect(matchesDoc('0.6666666666666666', '0.6667')).toBe(true);
    expect(matchesDoc('0.6666666666666666', '0.666')).toBe(false);
    expect(matchesDoc('Float64Array(2) [ 0.5, 1 ]', 'Float64Array(2) [0.5, 1]')).toBe(true);
    expect(matchesDoc('[ 2, 3 ]', '[2, 2]')).toBe(false);
    expect(matchesDoc("'SHAPE_MISMATCH'", "'SHAPE_MISMATCH'")).toBe(true);
    expect(matchesDoc('SHAPE_MISMATCH', "'SHAPE_MISMATCH'")).toBe(true);
    expect(matchesDoc('focal []', "'focal' []")).toBe(true);
    expect(matchesDoc('focal []', "'focus' []")).toBe(false);
    expect(matchesDoc('1e-7', '1e-7')).toBe(true);
    expect(matchesDoc('true', 'false')).toBe(false);
  });

  it('turn annotated console.log lines into checks', () => {
    const { code, checks } = instrument(
      "const a = 1;\nif (a) console.log(a, 'x'); // 1 x\nconsole.log(a);",
    );
    expect(checks).toBe(1);
    expect(code).toContain('if (a) globalThis.__docCheck(0, "1 x", a, \'x\');');
    expect(code).toContain('console.log(a);');
    expect(printed([1, 'x', [0.5]])).toBe('1 x [ 0.5 ]');
    expect(printsAsDocumented(['focal', []], "'focal' []")).toBe(true);
    expect(printsAsDocumented(['focal', []], 'focal []')).toBe(true);
    expect(printsAsDocumented(['focal', []], "'focus' []")).toBe(false);
  });

  it('find the examples of the public API', () => {
    expect(examples.length).toBeGreaterThan(5);
    expect(examples.map((e) => e.symbol)).toContain('isMultilabelError');
  });
});

describe('every @example runs and prints what it documents', () => {
  it.each(examples.map((e, i) => [`${e.symbol} (${e.location})`, e, i] as const))(
    '%s',
    async (_, example, index) => {
      await expectRunsAsDocumented(example.code, join(outDir, `example-${index}.ts`));
    },
  );
});

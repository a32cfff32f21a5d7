/**
 * README.md tells the truth: every figure in it is what a script measured (scripts/readme.ts
 * renders them from the recorded benchmark runs and from `npm run size`), no number stands in
 * its prose outside those generated blocks, the Chromium prerequisite comes before the test
 * command, and `.ci/run` runs exactly that test command.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { applyBlocks, generateReadme, readmeFile } from '../../scripts/readme.js';
import { root } from '../project.js';

const readme = readFileSync(readmeFile, 'utf8');
let generated = '';

beforeAll(async () => {
  generated = await generateReadme(readme);
}, 60_000);

/** The prose of a markdown text: no code, no generated blocks, no link targets, no comments. */
function prose(markdown: string): string {
  return markdown
    .replace(/<!-- readme:([\w-]+) -->[\s\S]*?<!-- \/readme:\1 -->/g, ' ')
    .replace(/```[\s\S]*?```/g, ' ')
    .replace(/`[^`\n]*`/g, ' ')
    .replace(/\]\([^)]*\)/g, ']')
    .replace(/<!--[\s\S]*?-->/g, ' ');
}
/** Numbers, with or without a unit (12x, 5 ms), but not inside a name such as F1 or tfjs4. */
const numbersIn = (text: string): string[] => text.match(/(?<![\w.-])\d[\d,.]*/g) ?? [];

describe('README.md', () => {
  it('equals what the scripts give (run `npm run readme` after a change)', () => {
    expect(readme).toBe(generated);
  });

  it('has no number outside the generated blocks', () => {
    expect(numbersIn(prose(readme))).toEqual([]);
  });

  it('catches a stale figure and a number typed into the prose', () => {
    const stale = readme.replace(/(\| `import \* from 'tfjs-multilabel'` \| )[\d.]+/, '$1999.9');
    expect(stale).not.toBe(readme);
    expect(stale).not.toBe(generated);
    expect(
      numbersIn(prose('It runs 12x faster on 2 cores in 3.5s; F1 and ML-GCN are names.')),
    ).toEqual(['12', '2', '3.5']);
  });

  it('refuses a README that lacks a block or has one nothing renders', () => {
    const blocks = { a: 'x' };
    expect(applyBlocks('<!-- readme:a -->\nold\n<!-- /readme:a -->', blocks)).toBe(
      '<!-- readme:a -->\nx\n<!-- /readme:a -->',
    );
    expect(() => applyBlocks('no blocks', blocks)).toThrow(/lacks the block/);
    expect(() => applyBlocks('<!-- readme:b -->\n\n<!-- /readme:b -->', blocks)).toThrow(
      /nothing renders/,
    );
  });

  it('names the Chromium prerequisite before the test command', () => {
    const command = readme.indexOf('npm ci && npm test');
    expect(command).toBeGreaterThan(0);
    const chromium = readme.indexOf('apt-get install -y chromium');
    expect(chromium).toBeGreaterThan(0);
    expect(chromium).toBeLessThan(command);
    expect(readme.slice(chromium, command)).toContain('CHROMIUM_PATH');
  });

  it('gives the test command that .ci/run runs, step for step', () => {
    const blocks = [...readme.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1].trim());
    const testCommand = blocks.find((b) => /\bnpm test\b/.test(b));
    expect(testCommand).toBe('npm ci && npm test');
    const ci = readFileSync(join(root, '.ci', 'run'), 'utf8')
      .split('\n')
      .filter((line) => /^npm /.test(line))
      .map((line) => line.replace(/ --no-audit --no-fund$/, ''));
    expect(ci).toEqual((testCommand ?? '').split(' && '));
  });
});

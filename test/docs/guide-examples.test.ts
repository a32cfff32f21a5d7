/**
 * Runs every `ts`/`js` code block of the guides (docs/**\/*.md, the site's landing page
 * included), so that the site's examples cannot rot either: each block must run, and each
 * `console.log(...); // expected` line must print what it documents (see doc-examples.ts). A
 * block preceded by the line `<!-- no-run -->` is shown but not run (for snippets that need a
 * browser or a server).
 */
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { root } from '../project.js';
import { expectRunsAsDocumented, listFiles } from './doc-examples.js';

const outDir = join(root, 'test', 'docs', '.guide-examples');

interface GuideBlock {
  readonly location: string;
  readonly code: string;
  readonly run: boolean;
}

/** The fenced `ts`, `typescript` and `js` blocks of every guide. */
function collectGuideBlocks(): GuideBlock[] {
  const blocks: GuideBlock[] = [];
  for (const file of listFiles(join(root, 'docs'), '.md')) {
    const lines = readFileSync(file, 'utf8').split('\n');
    let start = -1;
    for (let i = 0; i < lines.length; i++) {
      if (start < 0 && /^```(ts|typescript|js|javascript)\s*$/.test(lines[i])) {
        start = i;
      } else if (start >= 0 && lines[i].trim() === '```') {
        blocks.push({
          location: `${relative(root, file)}:${start + 1}`,
          code: lines.slice(start + 1, i).join('\n'),
          run: lines[start - 1]?.trim() !== '<!-- no-run -->',
        });
        start = -1;
      }
    }
  }
  return blocks;
}

const blocks = collectGuideBlocks();
const runnable = blocks.filter((b) => b.run);

rmSync(outDir, { recursive: true, force: true });
mkdirSync(outDir, { recursive: true });
afterAll(() => rmSync(outDir, { recursive: true, force: true }));

describe('the guides', () => {
  it('have code blocks, nearly all of them run here', () => {
    expect(runnable.length).toBeGreaterThan(10);
    // `<!-- no-run -->` is for the few snippets that need a browser or a bundler.
    expect(blocks.length - runnable.length).toBeLessThanOrEqual(Math.ceil(blocks.length / 5));
    expect(runnable.map((b) => b.location)).toEqual(
      expect.arrayContaining([expect.stringMatching(/^docs\/site\/index\.md:/)]),
    );
  });
});

describe('every code block of the guides runs and prints what it documents', () => {
  it.each(runnable.map((b, i) => [b.location, b, i] as const))('%s', async (_, block, index) => {
    await expectRunsAsDocumented(block.code, join(outDir, `guide-${index}.ts`));
  });
});

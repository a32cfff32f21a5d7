/**
 * The API site as a user scans it: `npm run docs` builds it (into a temporary folder) with no
 * warning; the guides come first, in the reading order of typedoc.json; the modules are exactly
 * the import paths of package.json `exports`; each module page lists its functions by topic with
 * a one-line summary each, and the option and result types after them; every function and class
 * page links to its guide; a function page shows its options with their allowed values and
 * defaults. `docs-coverage.test.ts` checks the TSDoc rules behind this on the declarations.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { inflateSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { importPath, root, subpaths, temporaryFolder } from '../project.js';

const typedoc = JSON.parse(readFileSync(join(root, 'typedoc.json'), 'utf8')) as {
  projectDocuments: string[];
  categoryOrder: string[];
  readMore: { byCategory: Record<string, string> };
};

/** The import paths users have: `tfjs-multilabel`, `tfjs-multilabel/metrics`, ... */
const importPaths = subpaths.map(importPath);

/** Longest summary, in rendered characters, that fits one line of a module page. */
const summaryWidth = 80;

interface NavigationItem {
  readonly text: string;
  readonly path?: string;
  readonly kind?: number;
  readonly children?: readonly NavigationItem[];
}

const documentKind = 0x800000; // typedoc's ReflectionKind.Document
const moduleKind = 2; // typedoc's ReflectionKind.Module

const siteFolder = temporaryFolder('tfjs-multilabel-site-');
let site = '';
let build: ReturnType<typeof spawnSync>;

beforeAll(() => {
  site = siteFolder();
  build = spawnSync('npm', ['run', 'docs', '--', '--out', site], { cwd: root, encoding: 'utf8' });
}, 180_000);

const read = (path: string) => readFileSync(join(site, path), 'utf8');

/** The sidebar's tree, which typedoc stores deflated and base64-encoded. */
function navigation(): NavigationItem[] {
  const script = read('assets/navigation.js');
  const encoded = /navigationData = "(?:data:[^,]*,)?([^"]+)"/.exec(script)?.[1];
  if (!encoded) throw new Error('assets/navigation.js holds no navigation data');
  return JSON.parse(inflateSync(Buffer.from(encoded, 'base64')).toString('utf8'));
}

/** Plain text of an HTML fragment. */
const text = (html: string) =>
  html
    .replace(/<[^>]+>/g, '')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .trim();

/** The module pages, by import path. */
function modulePages(): Map<string, string> {
  const pages = new Map<string, string>();
  for (const file of readdirSync(join(site, 'modules'))) {
    const html = read(`modules/${file}`);
    const title = /<h1>Module ([^<]+)<\/h1>/.exec(html)?.[1];
    if (!title) throw new Error(`modules/${file} has no module title`);
    pages.set(title, html);
  }
  return pages;
}

/** The section titles of a module page, in order. */
const sections = (html: string) =>
  [...html.matchAll(/<h2 class="tsd-anchor-link" id="[^"]*">([^<]+)</g)].map((m) => m[1]);

describe('the API site', () => {
  it('npm run docs builds it with no warning', () => {
    const output = `${build.stdout}${build.stderr}`;
    expect(build.status, output).toBe(0);
    expect(output).not.toMatch(/\[(warning|error)\]/);
  });

  it('lists the guides first, in the order of typedoc.json, and every guide of docs/', () => {
    const titles = typedoc.projectDocuments.map((path) => {
      const title = /^---\ntitle: (.+)\n/.exec(readFileSync(join(root, path), 'utf8'))?.[1];
      if (!title) throw new Error(`${path} has no title front matter`);
      return title;
    });
    const items = navigation();
    const firstModule = items.findIndex((item) => item.kind === moduleKind);
    expect(items.slice(0, firstModule).map((item) => item.text)).toEqual(titles);
    expect(items.slice(firstModule).every((item) => item.kind !== documentKind)).toBe(true);
    expect(titles[0]).toBe('Getting started');
    const guides = readdirSync(join(root, 'docs')).filter((file) => file.endsWith('.md'));
    expect([...typedoc.projectDocuments].sort()).toEqual(guides.map((g) => `docs/${g}`).sort());
  });

  it('lists the landing page guides in the same order as the navigation', () => {
    const landing = readFileSync(join(root, 'docs/site/index.md'), 'utf8');
    const list = landing.slice(landing.indexOf('## Guides'));
    const linked = [...list.matchAll(/^- \[[^\]]+\]\(\.\.\/([\w-]+\.md)\)/gm)].map(
      (m) => `docs/${m[1]}`,
    );
    expect(linked).toEqual(typedoc.projectDocuments);
  });

  it('has one module per import path, named by it, and no other module', () => {
    expect([...modulePages().keys()].sort()).toEqual([...importPaths].sort());
    const [rootItem, ...rest] = navigation().filter((item) => item.kind === moduleKind);
    expect(rest).toEqual([]); // the subpaths sit under the root, as their import paths read
    const submodules = (rootItem.children ?? []).filter((item) => item.kind === moduleKind);
    expect([rootItem.text, ...submodules.map((m) => `${rootItem.text}/${m.text}`)].sort()).toEqual(
      [...importPaths].sort(),
    );
  });

  it('shows the import path in the breadcrumb of a function page', () => {
    const html = read('functions/tfjs-multilabel_metrics.f1Score.html');
    const crumbs = /<ul class="tsd-breadcrumb"[^>]*>([\s\S]*?)<\/ul>/.exec(html)?.[1] ?? '';
    const items = [...crumbs.matchAll(/<li>([\s\S]*?)<\/li>/g)].map((m) => text(m[1]));
    expect(items).toEqual(['tfjs-multilabel/metrics', 'f1Score']);
  });

  it('groups each module page by topic: functions first, then the types', () => {
    const topics = Object.keys(typedoc.readMore.byCategory);
    for (const [name, html] of modulePages()) {
      const titles = sections(html);
      expect(titles.length, name).toBeGreaterThan(1);
      const order = titles.map((title) => typedoc.categoryOrder.indexOf(title));
      expect(order, `${name}: ${titles.join(', ')}`).toEqual([...order].sort((a, b) => a - b));
      expect(order, `${name}: ${titles.join(', ')}`).not.toContain(-1);
      expect(topics, name).toContain(titles[0]);
    }
    expect(sections(modulePages().get('tfjs-multilabel/metrics') ?? '')).toEqual([
      'Count metrics',
      'Ranking metrics',
      'Calibration metrics',
      'Top-k metrics',
      'Curves',
      'Streaming',
      'Reports',
      'Uncertainty',
      'Options',
      'Results',
    ]);
  });

  it('gives every export on a module page a one-line summary', () => {
    const problems: string[] = [];
    let count = 0;
    for (const [name, html] of modulePages()) {
      for (const m of html.matchAll(
        /<dt class="tsd-member-summary[^"]*" id="[^"]*">([\s\S]*?)<\/dt><dd class="tsd-member-summary[^"]*">([\s\S]*?)<\/dd>/g,
      )) {
        count++;
        const summary = text(m[2]);
        if (summary === '' || summary.length > summaryWidth || summary.includes('\n')) {
          problems.push(`${name} ${text(m[1])}: "${summary}" (${summary.length} characters)`);
        }
      }
    }
    expect(count).toBeGreaterThan(100);
    expect(problems).toEqual([]);
  });

  it('links every function and class page to its guide', () => {
    const pages = ['functions', 'classes', 'variables'].flatMap((folder) =>
      readdirSync(join(site, folder)).map((file) => `${folder}/${file}`),
    );
    expect(pages.length).toBeGreaterThan(50);
    const unlinked = pages.filter(
      (page) =>
        !/<div class="tsd-tag-readMore">\s*<h4[^>]*>Read more[\s\S]*?<a href="\.\.\/documents\/[^"#]+\.html(#[^"]+)?">/.test(
          read(page),
        ),
    );
    expect(unlinked).toEqual([]);
  });

  it("shows a function's options with their allowed values and defaults on its page", () => {
    const html = read('functions/tfjs-multilabel_metrics.f1Score.html');
    /** The first option of that name in the parameter list (the documented one). */
    const option = (name: string) => {
      const heading = new RegExp(
        `<h5[^>]*>(?:<code class="tsd-tag">Optional</code>)?<span class="tsd-kind-property">${name}</span>[\\s\\S]*?</h5>`,
      ).exec(html);
      expect(heading, name).not.toBeNull();
      const at = heading?.index ?? 0;
      const item = html.slice(at, html.indexOf('</li>', at));
      const fallback = /<div class="tsd-tag-defaultValue">([\s\S]*?)<\/div>/.exec(item)?.[1];
      return {
        heading: text((heading?.[0] ?? '').replace('<code class="tsd-tag">Optional</code>', '')),
        defaultValue: fallback && text(fallback),
      };
    };
    const average = option('average');
    for (const value of ['micro', 'macro', 'weighted', 'samples', 'none']) {
      expect(average.heading).toContain(`"${value}"`);
    }
    expect(average.defaultValue).toBe("Default'macro'");
    expect(option('zeroDivision').heading).toBe('zeroDivision?: 0 | 1 | "nan"');
    expect(option('sampleWeight').defaultValue).toBe('Defaultnone: every row weighs 1');
  });

  it("lists a renamed option's deprecated former name after the current options", () => {
    const html = read('functions/tfjs-multilabel_data.stratifiedKFold.html');
    const names = [...html.matchAll(/<span class="tsd-kind-property">(\w+)<\/span>/g)].map(
      (m) => m[1],
    );
    expect(names).toEqual(['groups', 'nFolds', 'order', 'seed', 'k']);
  });
});

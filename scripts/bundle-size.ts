/**
 * What a user's bundle gets from each entry of the built package: every export of each subpath
 * of package.json `exports`, and `f1Score` alone (from its subpath and from the root). Bundled
 * with esbuild, minified, tfjs external (a user's app has tfjs anyway), sizes in bytes raw and
 * gzipped; `sources` lists the library source folders (`src/<folder>`) that reach the output,
 * read from the source maps.
 *
 *   npx tsx scripts/bundle-size.ts            print the table
 *   npx tsx scripts/bundle-size.ts --update   record the budget (sizes + 2%) in
 *                                             test/package/bundle-budget.json
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
export const budgetFile = join(root, 'test', 'package', 'bundle-budget.json');

export interface BundleSize {
  /** What the user writes, e.g. `import { f1Score } from 'tfjs-multilabel/metrics'`. */
  readonly name: string;
  readonly minified: number;
  readonly gzip: number;
  /** Library source folders (e.g. `src/metrics`) with code in the output. */
  readonly sources: string[];
  /** Bare imports left in the output (the external tfjs packages it needs). */
  readonly externalImports: string[];
}

export interface Budget {
  readonly bundles: Record<string, { minified: number; gzip: number }>;
}

/** The import statements to measure: all of each subpath, and one metric alone. */
export function bundleEntries(): { name: string; code: string }[] {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
    name: string;
    exports: Record<string, unknown>;
  };
  const specifiers = Object.keys(pkg.exports)
    .filter((subpath) => subpath !== './package.json')
    .map((subpath) => (subpath === '.' ? pkg.name : `${pkg.name}/${subpath.slice(2)}`));
  return [
    ...specifiers.map((s) => ({ name: `import * from '${s}'`, code: `export * from '${s}';` })),
    ...[`${pkg.name}/metrics`, pkg.name].map((s) => ({
      name: `import { f1Score } from '${s}'`,
      code: `import { f1Score } from '${s}';\nexport { f1Score };`,
    })),
  ];
}

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** Indices of the sources that at least one mapping of a source map points into. */
function usedSources(mappings: string): Set<number> {
  const used = new Set<number>();
  let source = 0;
  for (const line of mappings.split(';')) {
    for (const segment of line.split(',')) {
      if (segment === '') continue;
      const fields: number[] = [];
      let value = 0;
      let shift = 0;
      for (const char of segment) {
        const digit = BASE64.indexOf(char);
        value += (digit & 31) << shift;
        if (digit & 32) {
          shift += 5;
        } else {
          fields.push(value & 1 ? -(value >>> 1) : value >>> 1);
          value = 0;
          shift = 0;
        }
      }
      // [column, source delta, line, column(, name)]: only segments with a source count.
      if (fields.length >= 4) {
        source += fields[1];
        used.add(source);
      }
    }
  }
  return used;
}

/** Bundles one entry the way a user's bundler would. */
async function measure(entry: { name: string; code: string }): Promise<BundleSize> {
  const result = await build({
    stdin: { contents: entry.code, resolveDir: root, loader: 'js', sourcefile: 'entry.js' },
    bundle: true,
    write: false,
    outdir: join(root, 'size-out'),
    format: 'esm',
    platform: 'neutral',
    mainFields: ['module', 'main'],
    target: 'es2022',
    minify: true,
    sourcemap: 'external',
    metafile: true,
    external: ['@tensorflow/*'],
    logLevel: 'silent',
  });
  const js = result.outputFiles.find((f) => f.path.endsWith('.js'));
  const map = result.outputFiles.find((f) => f.path.endsWith('.js.map'));
  if (!js || !map) throw new Error(`esbuild gave no output for ${entry.name}`);
  const sourceMap = JSON.parse(map.text) as { sources: string[]; mappings: string };
  const outDir = dirname(map.path);
  const sources = new Set<string>();
  for (const index of usedSources(sourceMap.mappings)) {
    const file = resolve(outDir, sourceMap.sources[index]);
    const match = /[/\\]src[/\\]([^/\\]+)[/\\]/.exec(file.slice(root.length));
    if (match && file.startsWith(root)) sources.add(`src/${match[1]}`);
  }
  const output = Object.values(result.metafile.outputs).find((o) => o.entryPoint !== undefined);
  return {
    name: entry.name,
    minified: js.contents.byteLength,
    gzip: gzipSync(js.contents, { level: 9 }).byteLength,
    sources: [...sources].sort(),
    externalImports: [...new Set((output?.imports ?? []).map((i) => i.path))].sort(),
  };
}

export async function measureBundles(): Promise<BundleSize[]> {
  const sizes: BundleSize[] = [];
  for (const entry of bundleEntries()) sizes.push(await measure(entry));
  return sizes;
}

export function readBudget(): Budget {
  return JSON.parse(readFileSync(budgetFile, 'utf8')) as Budget;
}

const kB = (bytes: number): string => `${(bytes / 1024).toFixed(1)} kB`;

/** A markdown table of the sizes (for the README). */
export function formatTable(sizes: readonly BundleSize[], budget?: Budget): string {
  const lines = [
    '| import | minified | gzip | gzip budget | needs |',
    '| --- | ---: | ---: | ---: | --- |',
    ...sizes.map((s) => {
      const limit = budget?.bundles[s.name];
      const needs = s.externalImports.length > 0 ? s.externalImports.join(', ') : 'nothing';
      return `| \`${s.name}\` | ${kB(s.minified)} | ${kB(s.gzip)} | ${limit ? kB(limit.gzip) : '–'} | ${needs} |`;
    }),
  ];
  return lines.join('\n');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const sizes = await measureBundles();
  if (process.argv.includes('--update')) {
    const roundUp = (bytes: number): number => Math.ceil((bytes * 1.02) / 50) * 50;
    const bundles = Object.fromEntries(
      sizes.map((s) => [s.name, { minified: roundUp(s.minified), gzip: roundUp(s.gzip) }]),
    );
    writeFileSync(budgetFile, `${JSON.stringify({ bundles }, null, 2)}\n`);
    console.log(`recorded ${budgetFile}`);
  }
  let budget: Budget | undefined;
  try {
    budget = readBudget();
  } catch {
    budget = undefined;
  }
  console.log(formatTable(sizes, budget));
}

/**
 * Bundle sizes of the built package (scripts/bundle-size.ts: esbuild, minified, tfjs external)
 * stay within the recorded budget (test/package/bundle-budget.json), and importing `f1Score`
 * alone pulls in no loss, layer, training or tfjs code. After a deliberate change, record the
 * new budget with `npm run size -- --update` and say why in the commit.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import {
  type Budget,
  type BundleSize,
  bundleEntries,
  formatTable,
  measureBundles,
  readBudget,
} from '../../scripts/bundle-size.js';

let sizes: BundleSize[] = [];
let budget: Budget;
const size = (name: string): BundleSize => {
  const found = sizes.find((s) => s.name === name);
  if (!found) throw new Error(`no bundle named ${name}`);
  return found;
};

beforeAll(async () => {
  sizes = await measureBundles();
  budget = readBudget();
  console.log(formatTable(sizes, budget));
}, 60_000);

describe('bundle size', () => {
  it('measures every subpath of package.json exports', () => {
    expect(sizes.map((s) => s.name)).toEqual(bundleEntries().map((e) => e.name));
    expect(sizes.length).toBeGreaterThanOrEqual(3);
  });

  it('has a budget for every bundle and no budget for a bundle that is gone', () => {
    expect(Object.keys(budget.bundles).sort()).toEqual(sizes.map((s) => s.name).sort());
  });

  it('stays within the recorded budget', () => {
    const over = sizes.flatMap((s) => {
      const limit = budget.bundles[s.name];
      if (!limit) return [];
      return [
        s.minified > limit.minified
          ? `${s.name}: ${s.minified} B minified > ${limit.minified}`
          : [],
        s.gzip > limit.gzip ? `${s.name}: ${s.gzip} B gzipped > ${limit.gzip}` : [],
      ].flat();
    });
    expect(over, 'over budget: shrink it, or record a new budget with a reason').toEqual([]);
  });

  it.each([
    "import { f1Score } from 'tfjs-multilabel/metrics'",
    "import { f1Score } from 'tfjs-multilabel'",
  ])('%s pulls in only metrics and core code, and no tfjs', (name) => {
    const bundle = size(name);
    expect(bundle.sources).toEqual(['src/core', 'src/metrics']);
    expect(bundle.externalImports).toEqual([]);
    // Far smaller than all of the metrics.
    expect(bundle.gzip).toBeLessThan(size("import * from 'tfjs-multilabel/metrics'").gzip / 2);
  });

  it('sees loss, training and tfjs code where it is (the control of the check above)', () => {
    const all = size("import * from 'tfjs-multilabel'");
    expect(all.sources).toEqual(expect.arrayContaining(['src/losses', 'src/training']));
    expect(all.externalImports).toContain('@tensorflow/tfjs-core');
    expect(size("import * from 'tfjs-multilabel/losses'").sources).toContain('src/losses');
  });
});

import { sep } from 'node:path';
import type { Plugin } from 'esbuild';
import { defineConfig } from 'tsup';

/**
 * The layers register themselves with tfjs when their module loads, a side effect that
 * package.json `sideEffects` declares for `dist/layers.{js,cjs}` only. For that, their code
 * must live in those files rather than in a shared chunk: the root entry re-exports them
 * through the built `./layers` file instead of bundling `src/layers` a second time.
 */
const layersThroughSubpath: Plugin = {
  name: 'layers-through-subpath',
  setup(build) {
    const file = `./layers${build.initialOptions.outExtension?.['.js'] ?? '.js'}`;
    build.onResolve({ filter: /^\.\/layers\/index\.js$/ }, (args) =>
      args.importer.endsWith(`${sep}src${sep}index.ts`)
        ? { path: file, external: true }
        : undefined,
    );
  },
};

/** One entry per subpath export; shared code is split into common chunks. */
export default defineConfig({
  entry: {
    index: 'src/index.ts',
    metrics: 'src/metrics/index.ts',
    losses: 'src/losses/index.ts',
    layers: 'src/layers/index.ts',
    data: 'src/data/index.ts',
    thresholds: 'src/thresholds/index.ts',
    training: 'src/training/index.ts',
  },
  format: ['esm', 'cjs'],
  dts: true,
  sourcemap: true,
  clean: true,
  splitting: true,
  treeshake: true,
  target: 'es2022',
  minify: false,
  outDir: 'dist',
  esbuildPlugins: [layersThroughSubpath],
});

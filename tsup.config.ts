import { sep } from 'node:path';
import type { Plugin } from 'esbuild';
import { defineConfig } from 'tsup';

/**
 * The CommonJS build has no shared chunks, so the root entry would carry a second copy of the
 * layer classes (two classes under one registered name). In that format the root re-exports
 * the heads through the built `./layers.cjs` instead. The ESM build shares one chunk.
 */
const cjsLayersThroughSubpath: Plugin = {
  name: 'cjs-layers-through-subpath',
  setup(build) {
    if (build.initialOptions.format !== 'cjs') return;
    const file = `./layers${build.initialOptions.outExtension?.['.js'] ?? '.cjs'}`;
    build.onResolve({ filter: /^\.\/layers\/heads\.js$/ }, (args) =>
      args.importer.endsWith(`${sep}src${sep}index.ts`)
        ? { path: file, external: true }
        : undefined,
    );
  },
};

/** One entry per subpath export (and the parallel worker); shared code is split into common chunks. */
export default defineConfig({
  entry: {
    index: 'src/index.ts',
    metrics: 'src/metrics/index.ts',
    losses: 'src/losses/index.ts',
    layers: 'src/layers/index.ts',
    data: 'src/data/index.ts',
    thresholds: 'src/thresholds/index.ts',
    calibration: 'src/calibration/index.ts',
    training: 'src/training/index.ts',
    parallel: 'src/parallel/index.ts',
    // Not a subpath: the worker script `parallel` starts, found next to it in dist/.
    'parallel-worker': 'src/parallel/parallel-worker.ts',
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
  esbuildPlugins: [cjsLayersThroughSubpath],
});

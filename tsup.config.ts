import { defineConfig } from 'tsup';

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
});

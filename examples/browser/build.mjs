// Bundles examples/browser/main.js with esbuild into examples/browser/dist/main.js.
// 'tfjs-multilabel' resolves to this package's built ESM files (run `npm run build` first),
// exactly as it would from node_modules in a user's project.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const here = dirname(fileURLToPath(import.meta.url));

/** Builds the page's script; returns the output directory. */
export async function buildExample() {
  const outdir = join(here, 'dist');
  await build({
    entryPoints: [join(here, 'main.js')],
    outdir,
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    minify: true,
    sourcemap: true,
    logLevel: 'warning',
    // tsup's chunks import each other bare; with "sideEffects": false those imports are dropped on purpose.
    logOverride: { 'ignored-bare-import': 'silent' },
    // tfjs-core mentions Node built-ins behind runtime checks; a browser never loads them.
    external: ['fs', 'path', 'crypto', 'worker_threads', 'perf_hooks', 'os', 'util'],
  });
  return outdir;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const outdir = await buildExample();
  console.log(`built ${outdir}/main.js; serve ${here} and open index.html`);
}

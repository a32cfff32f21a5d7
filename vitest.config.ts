import { fileURLToPath } from 'node:url';
import { playwright } from '@vitest/browser-playwright';
import { defineConfig, type TestProjectInlineConfiguration } from 'vitest/config';
import { chromiumArgs, chromiumPath } from './test/chromium.js';

/**
 * Test projects:
 * - `node-cpu`: every unit and property test; tensor tests run on the cpu backend.
 * - `node-wasm`: the tensor tests (`*.tf.test.ts`) again, on the wasm backend.
 * - `browser-webgl`: `test/browser/**` in headless Chromium on the webgl backend.
 * - `package`: checks of the built `dist/` (run after `npm run build`).
 *
 * Chromium comes from Debian (`/usr/bin/chromium`, or `CHROMIUM_PATH`); WebGL runs on
 * SwiftShader, which Chromium 139+ only enables with the flags of `test/chromium.ts`.
 */

/**
 * Lets tests and doc examples import the package by name, straight from the sources. The unit
 * projects inherit it (`extends: true`); the package project does not, as it checks the build.
 */
const sourceAliases = [
  'metrics',
  'losses',
  'layers',
  'data',
  'thresholds',
  'calibration',
  'training',
  'parallel',
].map((subpath) => ({
  find: `tfjs-multilabel/${subpath}`,
  replacement: fileURLToPath(new URL(`./src/${subpath}/index.ts`, import.meta.url)),
}));

/** A project that runs `include` (browser and package tests aside) in Node on a tfjs `backend`. */
function nodeProject(backend: 'cpu' | 'wasm', include: string): TestProjectInlineConfiguration {
  return {
    extends: true,
    test: {
      name: `node-${backend}`,
      environment: 'node',
      include: [include],
      exclude: ['test/browser/**', 'test/package/**'],
      setupFiles: ['test/setup/fast-check.ts', `test/setup/${backend}.ts`],
      env: { TFJS_BACKEND: backend },
      testTimeout: 60_000,
    },
  };
}

export default defineConfig({
  resolve: {
    alias: [
      ...sourceAliases,
      {
        find: /^tfjs-multilabel$/,
        replacement: fileURLToPath(new URL('./src/index.ts', import.meta.url)),
      },
    ],
  },
  test: {
    projects: [
      nodeProject('cpu', 'test/**/*.test.ts'),
      nodeProject('wasm', 'test/**/*.tf.test.ts'),
      {
        extends: true,
        test: {
          name: 'browser-webgl',
          include: ['test/browser/**/*.test.ts'],
          setupFiles: ['test/setup/webgl.ts'],
          testTimeout: 120_000,
          browser: {
            enabled: true,
            headless: true,
            screenshotFailures: false,
            provider: playwright({
              launchOptions: { executablePath: chromiumPath, args: chromiumArgs },
            }),
            instances: [{ browser: 'chromium' }],
          },
        },
      },
      {
        test: {
          name: 'package',
          environment: 'node',
          include: ['test/package/**/*.test.ts'],
          testTimeout: 120_000,
        },
      },
    ],
  },
});

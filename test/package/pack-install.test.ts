/**
 * The release path, as a new user meets it: the tracked files are copied to a fresh folder
 * (no `dist/`), `npm pack` there builds through `prepack` and packs, and the tarball is
 * installed with the tfjs packages the README names into an empty project. An ESM and a CommonJS
 * file then train a tiny model with one of our losses and score it with one of our metrics
 * (test/package/consumer/).
 *
 * The install reads the npm registry when the cache lacks something (`--prefer-offline`, never
 * `--offline`): `npm ci` caches tarballs but not the full package metadata an `npm install`
 * needs, so a cache-only install passes on a warm machine and fails on a new one.
 */
import { execFileSync } from 'node:child_process';
import {
  copyFileSync,
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { packageJson as pkg, root, temporaryFolder } from '../project.js';

const consumer = join(root, 'test', 'package', 'consumer');
/** What the README tells a user to install beside the library. */
const peers = ['@tensorflow/tfjs-core', '@tensorflow/tfjs-layers', '@tensorflow/tfjs-backend-cpu'];

/** The environment without the settings `npm run` passes down (prefix, package fields...). */
function cleanEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    const npmSetting = /^npm_/i.test(key) && !/^npm_config_(cache|userconfig|registry)$/i.test(key);
    if (!npmSetting) env[key] = value;
  }
  return env;
}

function npm(args: string[], cwd: string): string {
  return execFileSync('npm', args, { cwd, encoding: 'utf8', env: cleanEnv(), stdio: 'pipe' });
}

/** The files a fresh clone has: tracked, plus new files not ignored by git (while developing). */
function cloneLike(into: string): void {
  const files = execFileSync(
    'git',
    ['ls-files', '-z', '--cached', '--others', '--exclude-standard'],
    {
      cwd: root,
      encoding: 'utf8',
    },
  )
    .split('\0')
    .filter((file) => file !== '' && existsSync(join(root, file)));
  for (const file of files) {
    mkdirSync(dirname(join(into, file)), { recursive: true });
    cpSync(join(root, file), join(into, file));
  }
  // The build tools, as `npm ci` would have installed them.
  symlinkSync(join(root, 'node_modules'), join(into, 'node_modules'), 'dir');
}

const folder = temporaryFolder('tfjs-multilabel-consumer-');
let dir = '';
let packed: { filename: string; files: { path: string }[] };

beforeAll(() => {
  dir = folder();
  const clone = join(dir, 'clone');
  cloneLike(clone);
  expect(existsSync(join(clone, 'dist'))).toBe(false);
  // stdout holds the prepack build's log, then the JSON report.
  const out = npm(['pack', '--json', '--pack-destination', dir], clone);
  [packed] = JSON.parse(out.slice(out.lastIndexOf('\n[\n') + 1));
  const project = join(dir, 'app');
  mkdirSync(project);
  writeFileSync(join(project, 'package.json'), '{ "name": "app", "private": true }\n');
  for (const file of readdirSync(consumer)) copyFileSync(join(consumer, file), join(project, file));
  // The tfjs versions the library is tested with, as a user would pin them.
  const tfjs = peers.map((name) => `${name}@${pkg.devDependencies[name]}`);
  try {
    npm(
      [
        'install',
        '--prefer-offline',
        '--no-audit',
        '--no-fund',
        '--ignore-scripts',
        join(dir, packed.filename),
        ...tfjs,
      ],
      project,
    );
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr ?? '';
    throw new Error(`npm install of the tarball and ${tfjs.join(', ')} failed:\n${stderr}`);
  }
}, 300_000);

function run(file: string): Record<string, unknown> {
  const out = execFileSync(process.execPath, [file], {
    cwd: join(dir, 'app'),
    encoding: 'utf8',
    env: cleanEnv(),
  });
  return JSON.parse(out.trim().split('\n').at(-1) ?? '');
}

describe('the packed library in a new project', () => {
  it('builds on `npm pack` (prepack), so a clean tree packs the build', () => {
    expect(pkg.scripts.prepack).toBe('npm run build');
    const paths = new Set(packed.files.map((f) => f.path));
    const entries = Object.keys(pkg.exports)
      .filter((subpath) => subpath !== './package.json')
      .map((subpath) => (subpath === '.' ? 'index' : subpath.slice(2)));
    const missing = entries.flatMap((entry) =>
      ['.js', '.cjs', '.d.ts', '.d.cts']
        .map((extension) => `dist/${entry}${extension}`)
        .filter((file) => !paths.has(file)),
    );
    expect(entries.length).toBeGreaterThanOrEqual(7);
    expect(missing).toEqual([]);
  });

  it('packs only the build, the README, the changelog and the license', () => {
    expect(packed.filename).toBe(`${pkg.name}-${pkg.version}.tgz`);
    const paths = packed.files.map((f) => f.path);
    expect(paths).toEqual(
      expect.arrayContaining(['package.json', 'README.md', 'LICENSE', 'dist/index.js']),
    );
    const unexpected = paths.filter(
      (p) =>
        !p.startsWith('dist/') &&
        !['package.json', 'README.md', 'CHANGELOG.md', 'LICENSE'].includes(p),
    );
    expect(unexpected).toEqual([]);
  });

  it('installs from the tarball (no symlink to the workspace)', () => {
    const installed = JSON.parse(
      readFileSync(join(dir, 'app', 'node_modules', pkg.name, 'package.json'), 'utf8'),
    );
    expect(installed.version).toBe(pkg.version);
    const lock = readFileSync(join(dir, 'app', 'package-lock.json'), 'utf8');
    expect(lock).toContain(`file:../${packed.filename}`);
  });

  it('trains with a loss and scores with a metric from an ESM file', () => {
    const result = run('train.mjs');
    expect(result.lossName).toBe('loss');
    expect(result.lastLoss as number).toBeLessThan((result.firstLoss as number) * 0.5);
    expect(result.f1 as number).toBeGreaterThan(0.9);
    expect(result.error).toBe('SHAPE_MISMATCH');
  });

  it('trains with a loss and scores with a metric from a CommonJS file', () => {
    const result = run('train.cjs');
    expect(result.lossName).toBe('loss');
    expect(result.lastLoss as number).toBeLessThan((result.firstLoss as number) * 0.5);
    expect(result.averagePrecision as number).toBeGreaterThan(0.95);
  });
});

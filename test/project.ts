/**
 * This project as the tests that read its files see it: the root folder, package.json, the
 * public subpaths and their import paths, and temporary folders that a test file removes after
 * itself.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll } from 'vitest';

/** The folder of package.json. */
export const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** The fields of package.json the tests read. */
export interface PackageJson {
  name: string;
  version: string;
  exports: Record<string, string | { import: { types: string } }>;
  scripts: Record<string, string>;
  devDependencies: Record<string, string>;
  sideEffects?: unknown;
}

/** package.json as it is on disk (read once; copy it before changing it). */
export const packageJson = JSON.parse(
  readFileSync(join(root, 'package.json'), 'utf8'),
) as PackageJson;

/** The public subpaths (`.`, `./metrics`, ...): package.json `exports` but `./package.json`. */
export const subpaths: string[] = Object.keys(packageJson.exports).filter(
  (subpath) => subpath !== './package.json',
);

/** The import path a user writes for `subpath`: `tfjs-multilabel`, `tfjs-multilabel/metrics`. */
export const importPath = (subpath: string): string =>
  subpath === '.' ? packageJson.name : `${packageJson.name}/${subpath.slice(2)}`;

/**
 * A fresh temporary folder named `<prefix>...`, made before the tests of the calling file (or
 * `describe` block) and removed after them: call where `beforeAll` may be called, and read the
 * path through the returned function once the tests run.
 */
export function temporaryFolder(prefix: string): () => string {
  let folder = '';
  beforeAll(() => {
    folder = mkdtempSync(join(tmpdir(), prefix));
  });
  afterAll(() => {
    if (folder) rmSync(folder, { recursive: true, force: true });
  });
  return () => {
    if (!folder) throw new Error(`the temporary folder ${prefix}* is made in beforeAll`);
    return folder;
  };
}

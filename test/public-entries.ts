/** The public entries of the package, read from package.json `exports`, for the tests that go over all of them. */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  exports: Record<string, unknown>;
};

/** Each public entry and the source file it is built from (`.` is src/index.ts). */
export const publicEntries: { subpath: string; file: string }[] = Object.keys(pkg.exports)
  .filter((subpath) => subpath !== './package.json')
  .map((subpath) => ({
    subpath,
    file: join(root, 'src', subpath === '.' ? 'index.ts' : `${subpath.slice(2)}/index.ts`),
  }));

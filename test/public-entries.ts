/** The public entries of the package, read from package.json `exports`, for the tests that go over all of them. */
import { join } from 'node:path';
import { root, subpaths } from './project.js';

/** Each public entry and the source file it is built from (`.` is src/index.ts). */
export const publicEntries: { subpath: string; file: string }[] = subpaths.map((subpath) => ({
  subpath,
  file: join(root, 'src', subpath === '.' ? 'index.ts' : `${subpath.slice(2)}/index.ts`),
}));

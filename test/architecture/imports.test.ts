/**
 * The import graph of src/: each module folder stands on `core/` alone. A folder's files may
 * import `core/` and their own folder, nothing else; `training/` (the tfjs glue), `parallel/`
 * (the workers running the metrics' kernels) and the root entry may import any folder. Imports
 * are read with TypeScript's own pre-processor, so `import`, `export ... from`, type-only
 * imports and dynamic `import()` all count.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const SRC = fileURLToPath(new URL('../../src', import.meta.url));

/** The folders that may import only `core/` and themselves. */
const MODULES = ['metrics', 'losses', 'layers', 'data', 'thresholds', 'calibration'] as const;

/**
 * Folders that may import any folder: `training/` (the tfjs glue) and `parallel/` (the workers
 * that run the metrics' own kernels on parts of the input).
 */
const GLUE = new Set(['training', 'parallel']);

/**
 * The allowed exceptions, each with its reason: `from` (a src-relative file) may import `to`.
 * Keep this list short; a kernel that two folders need belongs in `core/`.
 */
const EXCEPTIONS: readonly { from: string; to: string; reason: string }[] = [
  {
    from: 'thresholds/cross-validated-thresholds.ts',
    to: 'data/stratified-k-fold.ts',
    reason:
      'the cross-validated rule search splits the labels it has read with the iterative ' +
      'stratification of stratifiedKFold (stratifiedKFoldOfLabels, no second read); its fold ' +
      'assignment (sparse labels, stratify, balance) is too large a kernel to move to core/',
  },
  {
    from: 'calibration/cross-validated-calibration.ts',
    to: 'data/stratified-k-fold.ts',
    reason:
      'the cross-validated choice of calibration methods splits the labels it has read with ' +
      'the same stratifiedKFoldOfLabels as the cross-validated threshold search (one fold ' +
      'assignment for the library; too large a kernel to move to core/, as above)',
  },
];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

/** The src-relative files (`folder/file.ts`) that `file` imports from src/. */
function importsOf(file: string): string[] {
  const info = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
  return info.importedFiles
    .map((f) => f.fileName)
    .filter((name) => name.startsWith('.'))
    .map((name) => relative(SRC, resolve(dirname(file), name)).replace(/\.js$/, '.ts'))
    .map((path) => path.split(sep).join('/'));
}

const folderOf = (path: string): string => (path.includes('/') ? path.split('/')[0] : '');

/** Every import of src/ that breaks the folder rule and is not a listed exception. */
function violations(): string[] {
  const out: string[] = [];
  for (const file of sourceFiles(SRC)) {
    const from = relative(SRC, file).split(sep).join('/');
    const folder = folderOf(from);
    if (folder === '' || GLUE.has(folder) || folder === 'core') continue;
    for (const to of importsOf(file)) {
      const target = folderOf(to);
      if (target === folder || target === 'core') continue;
      if (EXCEPTIONS.some((e) => e.from === from && e.to === to)) continue;
      out.push(`${from} imports ${to}`);
    }
  }
  return out;
}

describe('the import graph of src/', () => {
  it('finds the imports it checks (the reader sees every form of import)', () => {
    const all = sourceFiles(SRC).flatMap(importsOf);
    expect(all.length).toBeGreaterThan(300);
    // A relative import that leaves src/ or names a missing folder would go unchecked.
    for (const path of all) expect(path.startsWith('..'), path).toBe(false);
    // The root entry re-exports every folder: the reader sees `export * from`.
    const root = importsOf(join(SRC, 'index.ts')).map(folderOf);
    for (const folder of ['core', 'metrics', 'losses', 'data', 'thresholds', 'training']) {
      expect(root).toContain(folder);
    }
  });

  it('lets each module folder import only core/ and itself (training may import all)', () => {
    expect(violations()).toEqual([]);
  });

  it('core/ imports no module folder', () => {
    const core = sourceFiles(join(SRC, 'core')).flatMap((file) =>
      importsOf(file)
        .filter((to) => folderOf(to) !== 'core')
        .map((to) => `${relative(SRC, file)} imports ${to}`),
    );
    expect(core).toEqual([]);
  });

  it('keeps core/kernels/ internal: no entry point (index.ts) re-exports a kernel', () => {
    const entries = sourceFiles(SRC).filter((file) => file.endsWith(`${sep}index.ts`));
    expect(entries.length).toBeGreaterThan(6);
    const leaks = entries.flatMap((file) =>
      importsOf(file)
        .filter((to) => to.startsWith('core/kernels/'))
        .map((to) => `${relative(SRC, file)} exports ${to}`),
    );
    expect(leaks).toEqual([]);
  });

  it('lists only exceptions that are still needed, each with a reason', () => {
    for (const e of EXCEPTIONS) {
      expect(importsOf(join(SRC, e.from)), `${e.from} -> ${e.to}`).toContain(e.to);
      expect(MODULES).toContain(folderOf(e.from));
      expect(e.reason.length).toBeGreaterThan(20);
    }
  });
});

/**
 * Every public export of every subpath in package.json `exports` is documented as users see it
 * (in the built declaration files): a description, an `@example` and a `@category`. The
 * examples themselves run in `test/docs/doc-examples.test.ts`. New subpaths and new exports are
 * picked up from package.json and the declarations, never from a list kept here.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  exports: Record<string, string | { import: { types: string } }>;
};
const entries = Object.entries(pkg.exports)
  .filter(([subpath]) => subpath !== './package.json')
  .map(([subpath, target]) => {
    if (typeof target === 'string') throw new Error(`exports['${subpath}'] has no types`);
    return { subpath, types: join(root, target.import.types) };
  });

interface ExportDoc {
  readonly name: string;
  readonly description: string;
  readonly tags: readonly string[];
}

/** The exports of each entry's declaration file, with their TSDoc (aliases followed). */
function readExports(): Map<string, ExportDoc[]> {
  const program = ts.createProgram(
    entries.map((e) => e.types),
    {
      noEmit: true,
      skipLibCheck: true,
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
    },
  );
  const checker = program.getTypeChecker();
  const result = new Map<string, ExportDoc[]>();
  for (const { subpath, types } of entries) {
    const source = program.getSourceFile(types);
    const moduleSymbol = source && checker.getSymbolAtLocation(source);
    if (!moduleSymbol) throw new Error(`${types} is not a module`);
    result.set(
      subpath,
      checker.getExportsOfModule(moduleSymbol).map((exported) => {
        const target =
          exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
        return {
          name: exported.name,
          description: ts.displayPartsToString(target.getDocumentationComment(checker)).trim(),
          tags: target.getJsDocTags(checker).map((tag) => tag.name),
        };
      }),
    );
  }
  return result;
}

const exportsBySubpath = existsSync(entries[0].types) ? readExports() : new Map();

describe('every public export is documented', () => {
  it('the declaration files are built', () => {
    for (const { types } of entries) expect(existsSync(types), types).toBe(true);
  });

  it('the root entry offers the real API (a guard that the reader sees the exports)', () => {
    const names = (exportsBySubpath.get('.') ?? []).map((e: ExportDoc) => e.name);
    expect(names).toContain('MultilabelError');
    expect(names).toContain('f1Score');
    expect(names.length).toBeGreaterThan(40);
  });

  it.each(entries.map((e) => e.subpath))(
    '%s: each export has a description, @example and @category',
    (subpath) => {
      const docs: ExportDoc[] = exportsBySubpath.get(subpath) ?? [];
      expect(docs.length).toBeGreaterThan(0);
      const missing = docs.flatMap((doc) => {
        const lacks = [
          doc.description === '' ? 'a description' : [],
          doc.tags.includes('example') ? [] : '@example',
          doc.tags.includes('category') ? [] : '@category',
        ].flat();
        return lacks.length === 0 ? [] : [`${doc.name}: no ${lacks.join(', ')}`];
      });
      expect(missing).toEqual([]);
    },
  );

  it('typedoc renders every subpath (its index.ts is an entry point)', () => {
    const config = JSON.parse(readFileSync(join(root, 'typedoc.json'), 'utf8')) as {
      entryPoints: string[];
    };
    for (const { subpath } of entries) {
      if (subpath === '.') continue; // the root re-exports the subpaths
      expect(config.entryPoints, subpath).toContain(`src/${subpath.slice(2)}/index.ts`);
    }
  });
});

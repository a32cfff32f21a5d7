/**
 * Every public export of every subpath in package.json `exports` is documented as users see it
 * (in the built declaration files): a description and a `@category`, and for what runs
 * (functions, classes, objects of functions) an `@example`; a plain type or interface needs no
 * example, as its use shows in the examples of the functions that take it. The examples
 * themselves run in `test/docs/doc-examples.test.ts`. New subpaths and new exports are
 * picked up from package.json and the declarations, never from a list kept here.
 *
 * The API site's rules (typedoc.json) are checked here too: every category is a topic of
 * `categoryOrder`, where the topics of functions and classes come before the option and result
 * types; every function and class has a guide (`readMore`, which the site's plugin turns into a
 * "Read more" link); every optional property of an options interface has a `@defaultValue`.
 * `docs-site.test.ts` checks the built site.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { packageJson, root, subpaths } from '../project.js';

const entries = subpaths
  .map((subpath) => [subpath, packageJson.exports[subpath]] as const)
  .map(([subpath, target]) => {
    if (typeof target === 'string') throw new Error(`exports['${subpath}'] has no types`);
    return { subpath, types: join(root, target.import.types) };
  });

interface ExportDoc {
  readonly name: string;
  readonly description: string;
  readonly tags: readonly string[];
  /** The text of its `@category` tag. */
  readonly category: string | undefined;
  /** A function, class or variable: what users call, which gets a guide link. */
  readonly callable: boolean;
  /** For an options type (`*Options`, `*Args`): its optional properties without a default. */
  readonly undocumentedDefaults: readonly string[];
}

const typedoc = JSON.parse(readFileSync(join(root, 'typedoc.json'), 'utf8')) as {
  entryPoints: string[];
  categoryOrder: string[];
  readMore: { byCategory: Record<string, string>; byName?: Record<string, string> };
};

/** The optional properties of an options type whose docs have no `@defaultValue`. */
function missingDefaults(checker: ts.TypeChecker, target: ts.Symbol): string[] {
  if (!/(Options|Args)$/.test(target.name)) return [];
  const type = checker.getDeclaredTypeOfSymbol(target);
  return checker.getPropertiesOfType(type).flatMap((property) => {
    if (!(property.flags & ts.SymbolFlags.Optional)) return [];
    const tag = property.getJsDocTags(checker).find((t) => t.name === 'defaultValue');
    const text = ts.displayPartsToString(tag?.text).trim();
    return text === '' ? [property.name] : [];
  });
}

const callableFlags = ts.SymbolFlags.Function | ts.SymbolFlags.Class | ts.SymbolFlags.Variable;

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
        const tags = target.getJsDocTags(checker);
        const category = tags.find((tag) => tag.name === 'category');
        return {
          name: exported.name,
          description: ts.displayPartsToString(target.getDocumentationComment(checker)).trim(),
          tags: tags.map((tag) => tag.name),
          category: category && ts.displayPartsToString(category.text).trim(),
          callable: (target.flags & callableFlags) !== 0,
          undocumentedDefaults: missingDefaults(checker, target),
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
    '%s: each export has a description and @category, and each callable an @example',
    (subpath) => {
      const docs: ExportDoc[] = exportsBySubpath.get(subpath) ?? [];
      expect(docs.length).toBeGreaterThan(0);
      const missing = docs.flatMap((doc) => {
        const lacks = [
          doc.description === '' ? 'a description' : [],
          doc.tags.includes('example') || !doc.callable ? [] : '@example',
          doc.tags.includes('category') ? [] : '@category',
        ].flat();
        return lacks.length === 0 ? [] : [`${doc.name}: no ${lacks.join(', ')}`];
      });
      expect(missing).toEqual([]);
    },
  );

  it('typedoc renders every import path (its index.ts is an entry point) and nothing else', () => {
    const expected = entries.map(({ subpath }) =>
      subpath === '.' ? 'src/index.ts' : `src/${subpath.slice(2)}/index.ts`,
    );
    expect([...typedoc.entryPoints].sort()).toEqual(expected.sort());
  });
});

describe('the API site groups every export by topic', () => {
  const all: ExportDoc[] = [...exportsBySubpath.values()].flat();
  const topics = Object.keys(typedoc.readMore.byCategory);
  /** Names with their category, once each (the root repeats every subpath's exports). */
  const listed = (docs: ExportDoc[]) => [
    ...new Set(docs.map((doc) => `${doc.name}: @category ${doc.category}`)),
  ];

  it('categoryOrder lists the topics of functions and classes before the type categories', () => {
    const order = typedoc.categoryOrder;
    expect(new Set(order).size, 'no category twice').toBe(order.length);
    for (const topic of topics) expect(order, topic).toContain(topic);
    const firstTypeCategory = order.findIndex((c) => !topics.includes(c));
    const lastTopic = Math.max(...topics.map((t) => order.indexOf(t)));
    expect(lastTopic, `${order.join(', ')}`).toBeLessThan(firstTypeCategory);
    expect(order.slice(firstTypeCategory)).toContain('Options');
  });

  it('every export has a category of categoryOrder', () => {
    const unknown = all.filter((doc) => !typedoc.categoryOrder.includes(doc.category ?? ''));
    expect(listed(unknown)).toEqual([]);
  });

  it('every function and class has a topic with a guide (its "Read more" link)', () => {
    const callables = all.filter((doc) => doc.callable);
    expect(callables.length).toBeGreaterThan(40);
    const unlinked = callables.filter(
      (doc) => !typedoc.readMore.byName?.[doc.name] && !topics.includes(doc.category ?? ''),
    );
    expect(listed(unlinked)).toEqual([]);
  });

  it('types are not filed under a function topic, and options types under Options', () => {
    const misfiled = all.filter(
      (doc) =>
        !doc.callable &&
        doc.category !== 'Errors' &&
        (topics.includes(doc.category ?? '') ||
          (/(Options|Args)$/.test(doc.name) && doc.category !== 'Options')),
    );
    expect(listed(misfiled)).toEqual([]);
  });

  it('readMore names only exports that exist', () => {
    const names = new Set(all.map((doc) => doc.name));
    for (const name of Object.keys(typedoc.readMore.byName ?? {})) expect(names).toContain(name);
  });

  it('every optional property of every options type has a @defaultValue', () => {
    const options = all.filter((doc) => /(Options|Args)$/.test(doc.name));
    expect(options.length).toBeGreaterThan(30);
    const missing = options.flatMap((doc) =>
      doc.undocumentedDefaults.map((property) => `${doc.name}.${property}`),
    );
    expect([...new Set(missing)]).toEqual([]);
  });
});

/**
 * A misspelt option key is a compile error for every public function, factory, constructor and
 * method that takes an options object. The callables are found with the TypeScript compiler
 * API in every entry of package.json `exports` (never from a list kept here); for each one a
 * call with a misspelt key is written and compiled in memory, next to the same call spelt
 * right, which must compile. A new public function whose options escape the excess-property
 * check (a bare `O extends Options` generic, an index signature) makes this test fail.
 *
 * The same program also checks `option-types.test-d.ts`, the hand-written type tests
 * (`@ts-expect-error` and `expectTypeOf` cases) that `npm run typecheck` checks too.
 */
import { join } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { root } from '../project.js';
import { publicEntries } from '../public-entries.js';

const src = join(root, 'src');
const entries = publicEntries;

const typeTests = join(root, 'test', 'types', 'option-types.test-d.ts');
const synthetic = join(root, 'test', 'types', '__misspelt-options__.ts');

const config = ts.getParsedCommandLineOfConfigFile(join(root, 'tsconfig.json'), undefined, {
  ...ts.sys,
  onUnRecoverableConfigFileDiagnostic: (d) => {
    throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n'));
  },
});
if (config === undefined) throw new Error('tsconfig.json could not be read');
const options: ts.CompilerOptions = { ...config.options, noEmit: true };

/** One public callable with an options parameter, and the two calls written for it. */
interface Case {
  /** How a user reaches it: `f1Score`, `new LabelGraphHead`, `Thresholds#apply`, ... */
  readonly name: string;
  /** The entries that export it. */
  readonly subpaths: string[];
  /** The call with one option key misspelt (`typo` for `key`), and the same call spelt right. */
  readonly misspelt: string;
  readonly spelt: string;
  readonly key: string;
  readonly typo: string;
}

/**
 * Whether `type` is an options object: an object type (or an intersection of them) with
 * named properties, no index signature, no call signature, that is neither an array nor a
 * class instance (a tensor, a `Thresholds`). A type parameter counts by its constraint, and a
 * union when each member does.
 */
function optionsType(checker: ts.TypeChecker, declared: ts.Type): ts.Type | undefined {
  let type = checker.getNonNullableType(declared);
  if (type.flags & ts.TypeFlags.TypeParameter) {
    const constraint = checker.getBaseConstraintOfType(type);
    if (constraint === undefined) return undefined;
    type = checker.getNonNullableType(constraint);
  }
  if (type.isUnion()) {
    return type.types.every((member) => optionsType(checker, member) !== undefined)
      ? type
      : undefined;
  }
  if (!(type.flags & (ts.TypeFlags.Object | ts.TypeFlags.Intersection))) return undefined;
  if (checker.isArrayLikeType(type)) return undefined;
  if (type.getCallSignatures().length > 0 || type.getConstructSignatures().length > 0) {
    return undefined;
  }
  if (checker.getIndexInfosOfType(type).length > 0) return undefined;
  if (type.symbol !== undefined && type.symbol.flags & ts.SymbolFlags.Class) return undefined;
  return checker.getPropertiesOfType(type).length > 0 ? type : undefined;
}

function declaredInSrc(symbol: ts.Symbol): boolean {
  return (symbol.declarations ?? []).some((d) => d.getSourceFile().fileName.startsWith(src));
}

function isPublicMember(symbol: ts.Symbol): boolean {
  if (symbol.name.startsWith('#') || symbol.name.startsWith('__')) return false;
  const hidden = ts.ModifierFlags.Private | ts.ModifierFlags.Protected;
  return (symbol.declarations ?? []).every((d) => (ts.getCombinedModifierFlags(d) & hidden) === 0);
}

/** `key` with one letter dropped (`gmmaPos` for `gammaPos`), and not another known key. */
function misspell(key: string, known: ReadonlySet<string>): string {
  const variants =
    key.length >= 4
      ? Array.from({ length: key.length - 2 }, (_, i) => key.slice(0, i + 1) + key.slice(i + 2))
      : [`${key}x`];
  const typo = variants.find((v) => !known.has(v));
  if (typo === undefined) throw new Error(`no misspelling of ${key}`);
  return typo;
}

/** The object literal text: the required keys and one other known key, plus `key`. */
function literal(checker: ts.TypeChecker, type: ts.Type, key: string, written: string): string {
  const first = type.isUnion() ? type.types[0] : type;
  const properties = checker.getPropertiesOfType(first);
  const keys = properties
    .filter((p) => p.name !== key && (p.flags & ts.SymbolFlags.Optional) === 0)
    .map((p) => p.name);
  // A second, correct key keeps the literal from being caught as a weak-type mismatch only.
  const other = properties.find((p) => p.name !== key && !keys.includes(p.name));
  if (other !== undefined) keys.push(other.name);
  return `{ ${[...keys, written].map((k) => `${k}: null!`).join(', ')} }`;
}

/** The options parameter of a callable and the calls with and without a typo. */
function makeCase(
  checker: ts.TypeChecker,
  name: string,
  subpath: string,
  callee: string,
  signatures: readonly ts.Signature[],
): Case | undefined {
  for (const signature of signatures) {
    const parameters = signature.getParameters();
    const index = parameters.findIndex((p) => optionsType(checker, checker.getTypeOfSymbol(p)));
    if (index < 0) continue;
    const type = optionsType(checker, checker.getTypeOfSymbol(parameters[index]));
    if (type === undefined) continue;
    const first = type.isUnion() ? type.types[0] : type;
    const properties = checker.getPropertiesOfType(first);
    const known = new Set(properties.map((p) => p.name));
    // Misspell an optional key when there is one: without the check, its typo reads as omitted.
    const key = (properties.find((p) => p.flags & ts.SymbolFlags.Optional) ?? properties[0]).name;
    const typo = misspell(key, known);
    const required = parameters.filter((p) => {
      const declaration = p.valueDeclaration;
      return declaration !== undefined && ts.isParameter(declaration)
        ? declaration.questionToken === undefined && declaration.initializer === undefined
        : true;
    }).length;
    const count = Math.max(index + 1, required);
    const call = (written: string) => {
      const args = Array.from({ length: count }, (_, i) =>
        i === index ? literal(checker, type, key, written) : 'null!',
      );
      return `${callee}(${args.join(', ')})`;
    };
    return { name, subpaths: [subpath], misspelt: call(typo), spelt: call(key), key, typo };
  }
  return undefined;
}

/**
 * Every public callable with an options parameter, and the parameters named like options that
 * the type rule does not take for options (there should be none).
 */
function enumerate(program: ts.Program): { cases: Case[]; undetected: string[] } {
  const checker = program.getTypeChecker();
  const cases: Case[] = [];
  const undetected: string[] = [];
  const seen = new Map<ts.Symbol, Case[]>();
  entries.forEach(({ subpath, file }, e) => {
    const source = program.getSourceFile(file);
    const moduleSymbol = source && checker.getSymbolAtLocation(source);
    if (moduleSymbol === undefined) throw new Error(`${file} is not a module`);
    for (const exported of checker.getExportsOfModule(moduleSymbol)) {
      const symbol =
        exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
      if (!(symbol.flags & ts.SymbolFlags.Value)) continue;
      const known = seen.get(symbol);
      if (known !== undefined) {
        for (const c of known) c.subpaths.push(subpath);
        continue;
      }
      const own: Case[] = [];
      seen.set(symbol, own);
      const add = (name: string, callee: string, signatures: readonly ts.Signature[]) => {
        for (const signature of signatures) {
          for (const p of signature.getParameters()) {
            const optionsLike = /^(options|opts|args)$/.test(p.name);
            if (optionsLike && !optionsType(checker, checker.getTypeOfSymbol(p))) {
              undetected.push(`${name}(${p.name})`);
            }
          }
        }
        const found = makeCase(checker, name, subpath, callee, signatures);
        if (found !== undefined) own.push(found);
      };
      const value = `e${e}.${exported.name}`;
      const type = checker.getTypeOfSymbol(symbol);
      add(exported.name, value, type.getCallSignatures());
      add(`new ${exported.name}`, `new ${value}`, type.getConstructSignatures());
      const members = (owner: ts.Type) =>
        checker
          .getPropertiesOfType(owner)
          .filter((m) => m.name !== 'prototype' && declaredInSrc(m) && isPublicMember(m));
      if (symbol.flags & ts.SymbolFlags.Class) {
        const instance = checker.getDeclaredTypeOfSymbol(symbol);
        for (const m of members(instance)) {
          const signatures = checker.getTypeOfSymbol(m).getCallSignatures();
          add(`${exported.name}#${m.name}`, `(null! as ${value}).${m.name}`, signatures);
        }
      }
      if (type.getConstructSignatures().length > 0 || type.getCallSignatures().length === 0) {
        // Static methods of a class, functions held by an exported object (trainingMetrics).
        for (const m of members(type)) {
          const signatures = checker.getTypeOfSymbol(m).getCallSignatures();
          add(`${exported.name}.${m.name}`, `${value}.${m.name}`, signatures);
        }
      }
    }
  });
  for (const own of seen.values()) cases.push(...own);
  return { cases, undetected };
}

function compile() {
  const host = ts.createCompilerHost(options);
  // Parsed files are kept, so that the second program parses only the calls written here.
  const parsed = new Map<string, ts.SourceFile | undefined>();
  const getSourceFile: ts.CompilerHost['getSourceFile'] = (f, language, onError, create) => {
    if (!parsed.has(f)) parsed.set(f, host.getSourceFile(f, language, onError, create));
    return parsed.get(f);
  };
  const first = ts.createProgram({
    rootNames: [...entries.map((e) => e.file), typeTests],
    options,
    host: { ...host, getSourceFile },
  });
  const { cases, undetected } = enumerate(first);
  const imports = entries.map(
    ({ file }, e) => `import * as e${e} from ${JSON.stringify(file.replace(/\.ts$/, '.js'))};`,
  );
  // One arrow function per call, so that no call's type can affect another's.
  const lines = cases.flatMap((c, i) => [
    `export const misspelt${i} = () => ${c.misspelt};`,
    `export const spelt${i} = () => ${c.spelt};`,
  ]);
  const header = imports.length;
  const text = [...imports, ...lines].join('\n');
  const virtualHost: ts.CompilerHost = {
    ...host,
    fileExists: (f) => f === synthetic || host.fileExists(f),
    readFile: (f) => (f === synthetic ? text : host.readFile(f)),
    getSourceFile: (f, language, onError, create) =>
      f === synthetic
        ? ts.createSourceFile(f, text, language)
        : getSourceFile(f, language, onError, create),
  };
  const program = ts.createProgram({
    rootNames: [...entries.map((e) => e.file), typeTests, synthetic],
    options,
    host: virtualHost,
  });
  const sourceFile = program.getSourceFile(synthetic);
  if (sourceFile === undefined) throw new Error('the synthetic file was not compiled');
  const byLine = new Map<number, string[]>();
  for (const d of program.getSemanticDiagnostics(sourceFile)) {
    const line = sourceFile.getLineAndCharacterOfPosition(d.start ?? 0).line;
    const texts = [ts.flattenDiagnosticMessageText(d.messageText, '\n')];
    for (const related of d.relatedInformation ?? []) {
      texts.push(ts.flattenDiagnosticMessageText(related.messageText, '\n'));
    }
    byLine.set(line, [...(byLine.get(line) ?? []), ...texts]);
  }
  const typeTestFile = program.getSourceFile(typeTests);
  const typeTestErrors = typeTestFile
    ? [
        ...program.getSyntacticDiagnostics(typeTestFile),
        ...program.getSemanticDiagnostics(typeTestFile),
      ]
    : [];
  return {
    cases: cases.map((c, i) => ({
      ...c,
      misspeltErrors: byLine.get(header + 2 * i) ?? [],
      speltErrors: byLine.get(header + 2 * i + 1) ?? [],
    })),
    undetected,
    typeTestErrors: typeTestErrors.map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n')),
    typeTestsFound: typeTestFile !== undefined,
  };
}

const result = compile();
const names = result.cases.map((c) => c.name);

describe('a misspelt option key does not compile', () => {
  it('finds the options of every public entry', () => {
    // A floor, so that a broken enumeration cannot pass with an empty list.
    expect(result.cases.length).toBeGreaterThanOrEqual(61);
    for (const { subpath } of entries) {
      expect(
        result.cases.some((c) => c.subpaths.includes(subpath)),
        subpath,
      ).toBe(true);
    }
    expect(names).toEqual(
      expect.arrayContaining([
        'asymmetricLoss',
        'binaryFocalCrossentropy',
        'weightedBinaryCrossentropy',
        'multilabelSoftmaxLoss',
        'softF1Loss',
        'f1Score',
        'classificationReport',
        'new MultilabelMetrics',
        'MultilabelMetrics#update',
        'stratifiedKFold',
        'crossValidatedThresholds',
        'Thresholds#apply',
        'labelGraphHead',
        'new LabelGraphHead',
        'new MultilabelEvaluationCallback',
        'trainingMetrics.f1Micro',
      ]),
    );
  });

  it('takes every parameter named options or args as an options object', () => {
    // A cross-check of the type rule by name: no such parameter may slip past it.
    expect(result.undetected).toEqual([]);
  });

  it.each(result.cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    expect(c.speltErrors, c.spelt).toEqual([]);
    const excess = c.misspeltErrors.find((m) =>
      m.includes('Object literal may only specify known properties'),
    );
    expect(excess, `${c.misspelt}\n${c.misspeltErrors.join('\n')}`).toBeDefined();
    expect(excess).toContain(`'${c.typo}'`);
    // The message names the key meant (TypeScript suggests names of three letters or more).
    if (c.key.length >= 3) expect(excess).toContain(`Did you mean to write '${c.key}'?`);
  });
});

describe('the hand-written type tests', () => {
  it('compile (their @ts-expect-error lines are errors, their expectTypeOf cases hold)', () => {
    expect(result.typeTestsFound).toBe(true);
    expect(result.typeTestErrors).toEqual([]);
  });
});

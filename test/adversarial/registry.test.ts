/**
 * The registry covers every export of every public entry: the entries of package.json
 * `exports` are imported (from src/, as the unit tests do) and every value export must have a
 * registry entry or be listed in catalogue.ts; every type-only export (read from the entry's
 * source) must be listed there; every public method of an exported class (its own and those it
 * inherits from the library's internal base classes), static method and member of an exported
 * object must have an entry. Names the registry or the catalogue give
 * that nothing exports fail too, so neither list can go stale.
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import * as tfl from '@tensorflow/tfjs-layers';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { publicEntries } from '../public-entries.js';
import { NON_CALLABLE, PRIVATE_MEMBERS } from './catalogue.js';
import { knownDefects } from './known-defects.js';
import { arrayEntries } from './registry.js';
import { tensorEntries } from './registry-tf.js';

const entries = publicEntries;

const registry = [...arrayEntries, ...tensorEntries];
const entryNames = new Set(registry.map((e) => e.name));
const registryExports = new Set(registry.map((e) => e.export));

/** The names a module exports, with whether each is type-only (syntactic, `export *` followed). */
function sourceExports(file: string, seen = new Set<string>()): Map<string, boolean> {
  const out = new Map<string, boolean>();
  if (seen.has(file)) return out;
  seen.add(file);
  const source = ts.createSourceFile(
    file,
    readFileSync(file, 'utf8'),
    ts.ScriptTarget.Latest,
    true,
  );
  for (const statement of source.statements) {
    if (!ts.isExportDeclaration(statement)) continue;
    const from = statement.moduleSpecifier as ts.StringLiteral | undefined;
    const target =
      from === undefined ? undefined : resolve(dirname(file), from.text.replace(/\.js$/, '.ts'));
    if (statement.exportClause === undefined && target !== undefined) {
      for (const [name, typeOnly] of sourceExports(target, seen)) out.set(name, typeOnly);
    } else if (statement.exportClause !== undefined && ts.isNamedExports(statement.exportClause)) {
      for (const element of statement.exportClause.elements) {
        out.set(element.name.text, statement.isTypeOnly || element.isTypeOnly);
      }
    }
  }
  return out;
}

/** Runtime exports of every entry, merged (a name means the same value in every entry). */
async function runtimeExports(): Promise<Map<string, unknown>> {
  const all = new Map<string, unknown>();
  for (const { file } of entries) {
    const module = (await import(file)) as Record<string, unknown>;
    for (const [name, value] of Object.entries(module)) {
      if (all.has(name))
        expect(all.get(name), `${name} is the same value in every entry`).toBe(value);
      all.set(name, value);
    }
  }
  return all;
}

const isClass = (
  value: unknown,
): value is { prototype: object } & ((...args: unknown[]) => unknown) =>
  typeof value === 'function' && /^[A-Z]/.test(value.name) && typeof value.prototype === 'object';

/** Classes of tfjs and the language that the library's classes extend: their members are not ours. */
const FOREIGN_BASES: readonly { prototype: unknown }[] = [
  Object,
  Function,
  Error,
  tfl.layers.Layer,
  tfl.Callback,
];
const FOREIGN = new Set<unknown>(FOREIGN_BASES.flatMap((base) => [base, base.prototype]));

/**
 * `object` and what it inherits from the library's own classes (an internal base such as the
 * heads' shared layer class), up to the first foreign class or prototype.
 */
function ownChain(object: object): object[] {
  const chain: object[] = [];
  for (let o: object | null = object; o !== null && !FOREIGN.has(o); o = Object.getPrototypeOf(o))
    chain.push(o);
  return chain;
}

/** The function-valued own properties along `chain`, once each. */
function functionNames(chain: object[]): string[] {
  const names = new Set<string>();
  for (const o of chain) {
    for (const m of Object.getOwnPropertyNames(o)) {
      if (m !== 'constructor' && typeof Object.getOwnPropertyDescriptor(o, m)?.value === 'function')
        names.add(m);
    }
  }
  return [...names];
}

/** The callables of an export a user can reach: the function, constructor, methods, members. */
function callablesOf(name: string, value: unknown): string[] {
  if (isClass(value)) {
    const members = functionNames(ownChain(value.prototype)).map((m) => `${name}#${m}`);
    const statics = functionNames(ownChain(value)).map((m) => `${name}.${m}`);
    return [`new ${name}`, ...members, ...statics];
  }
  if (typeof value === 'function') return [name];
  if (typeof value === 'object' && value !== null) {
    return Object.entries(value)
      .filter(([, member]) => typeof member === 'function')
      .map(([member]) => `${name}.${member}`);
  }
  return [];
}

describe('the adversarial registry', () => {
  it('has an entry for every callable of every value export, or lists it as non-callable', async () => {
    const exported = await runtimeExports();
    const missing: string[] = [];
    for (const [name, value] of exported) {
      if (NON_CALLABLE[name] !== undefined) continue;
      const callables = callablesOf(name, value);
      expect(callables.length, `${name} has something to call`).toBeGreaterThan(0);
      for (const callable of callables) {
        if (PRIVATE_MEMBERS.includes(callable)) continue;
        // An exported object's members are reached through the object: `trainingMetrics.f1Micro`.
        if (!entryNames.has(callable)) missing.push(callable);
      }
    }
    expect(missing, 'callables without a registry entry').toEqual([]);
  });

  it('lists every type-only export of every entry', () => {
    const missing: string[] = [];
    for (const { file } of entries) {
      for (const [name, typeOnly] of sourceExports(file)) {
        if (typeOnly && NON_CALLABLE[name] !== 'type') missing.push(name);
      }
    }
    expect([...new Set(missing)], 'type exports not in catalogue.ts').toEqual([]);
  });

  it('names only exports that exist', async () => {
    const exported = await runtimeExports();
    const types = new Set<string>();
    for (const { file } of entries)
      for (const [name, typeOnly] of sourceExports(file)) if (typeOnly) types.add(name);
    const stale = [
      ...[...registryExports].filter((name) => !exported.has(name)),
      ...Object.entries(NON_CALLABLE)
        .filter(([name, kind]) => (kind === 'type' ? !types.has(name) : !exported.has(name)))
        .map(([name]) => name),
      ...PRIVATE_MEMBERS.filter((member) => {
        const [owner] = member.split(/[#.]/);
        return !callablesOf(owner, exported.get(owner)).includes(member);
      }),
    ];
    expect(stale, 'names that are not exported').toEqual([]);
  });

  it('reaches every method it names (own or inherited, such as a layer apply)', async () => {
    const exported = await runtimeExports();
    const unreachable = [...entryNames].filter((name) => {
      const method = /^(\w+)#(\w+)/.exec(name);
      if (method !== null) {
        const owner = exported.get(method[1]) as
          | { prototype?: Record<string, unknown> }
          | undefined;
        return typeof owner?.prototype?.[method[2]] !== 'function';
      }
      const member = /^(\w+)\.(\w+)/.exec(name);
      if (member !== null) {
        const owner = exported.get(member[1]) as Record<string, unknown> | undefined;
        return typeof owner?.[member[2]] !== 'function';
      }
      const constructed = /^new (\w+)$/.exec(name);
      if (constructed !== null) return !isClass(exported.get(constructed[1]));
      return typeof exported.get(name.replace(/\s*\(.*$/, '')) !== 'function';
    });
    expect(unreachable, 'entries that name nothing callable').toEqual([]);
  });

  it('gives every entry a unique name, and every known defect an entry or export it applies to', () => {
    expect(entryNames.size).toBe(registry.length);
    const known = new Set([...entryNames, ...registryExports, '*']);
    for (const defect of knownDefects) {
      for (const name of defect.exports)
        expect(known.has(name), `known defect names ${name}`).toBe(true);
    }
  });
});

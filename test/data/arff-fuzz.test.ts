/**
 * Fuzzing readArff and the MULAN labels XML reader: real MULAN / MEKA files, mutated, must read
 * exactly as a reference reader written here independently (simple and slow: a tokenizer per
 * line and a grammar over the tokens, from the rules readArff documents), or both must fail
 * with the same code and, for a malformed file, a PARSE_ERROR on the same line.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { isMultilabelError } from '../../src/core/errors.js';
import { readArff } from '../../src/data/index.js';
import { fc } from '../fc.js';

const fixtures = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'arff');
const read = (name: string): string => readFileSync(join(fixtures, name), 'utf8');

/** The header and the first `rows` data rows of a file. */
function head(text: string, rows: number): string {
  const lines = text.split('\n');
  const data = lines.findIndex((l) => /^@data/i.test(l.trim()));
  return lines.slice(0, data + 1 + rows).join('\n');
}

interface Source {
  readonly name: string;
  readonly text: string;
  /** The labels XML; without it, the file's own MEKA `-C`. */
  readonly xml?: string;
}

const SOURCES: Source[] = [
  { name: 'flags-test', text: read('flags-test.arff'), xml: read('flags.xml') },
  { name: 'birds-test', text: read('birds-test.head.arff'), xml: read('birds.xml') },
  { name: 'emotions', text: head(read('emotions.arff'), 12), xml: read('emotions.xml') },
  { name: 'medical-train', text: head(read('medical-train.arff'), 12), xml: read('medical.xml') },
  { name: 'Music-test (MEKA)', text: head(read('Music-test.arff'), 8) },
];

// ---------------------------------------------------------------------------------------------
// The reference readers.

/** What a reader gives: the dataset, or the error's code and line (0: no line). */
type Outcome =
  | {
      ok: true;
      relation: string;
      featureNames: string[];
      labelNames: string[];
      featureCategories: (string[] | null)[];
      features: number[];
      labels: number[];
      rows: number;
    }
  | { ok: false; code: string; line: number; xml: boolean };

class Failure extends Error {
  constructor(
    readonly code: string,
    readonly line: number,
    readonly xml = false,
  ) {
    super(`${code} at ${xml ? 'XML ' : ''}line ${line}`);
  }
}

type Token =
  | { kind: 'word'; text: string }
  | { kind: 'quoted'; text: string }
  | { kind: ',' | '{' | '}' };

/** Splits one line into tokens; `comment` is where a `%` comment starts (or the length). */
function tokenize(line: string, lineNo: number): { tokens: Token[]; comment: number } {
  const tokens: Token[] = [];
  const blank = (ch: string): boolean => ch.charCodeAt(0) <= 32;
  let i = 0;
  while (i < line.length) {
    const ch = line[i];
    if (blank(ch)) {
      i++;
    } else if (ch === '%') {
      return { tokens, comment: i };
    } else if (ch === ',' || ch === '{' || ch === '}') {
      tokens.push({ kind: ch });
      i++;
    } else if (ch === "'" || ch === '"') {
      let text = '';
      let j = i + 1;
      for (;;) {
        if (j >= line.length) throw new Failure('PARSE_ERROR', lineNo);
        if (line[j] === ch) break;
        if (line[j] === '\\' && j + 1 < line.length) {
          const e = line[j + 1];
          text += e === 'n' ? '\n' : e === 't' ? '\t' : e === 'r' ? '\r' : e;
          j += 2;
        } else {
          text += line[j];
          j++;
        }
      }
      tokens.push({ kind: 'quoted', text });
      i = j + 1;
    } else {
      let j = i;
      while (j < line.length && !blank(line[j]) && !',{}%'.includes(line[j])) j++;
      tokens.push({ kind: 'word', text: line.slice(i, j) });
      i = j;
    }
  }
  return { tokens, comment: line.length };
}

const isValue = (t: Token | undefined): t is { kind: 'word' | 'quoted'; text: string } =>
  t !== undefined && (t.kind === 'word' || t.kind === 'quoted');

/** A comma-separated list of single tokens; an empty place is ''. `?` bare is null. */
function valueList(tokens: Token[], lineNo: number): (string | null)[] {
  const values: (string | null)[] = [];
  let expectValue = true;
  for (const t of tokens) {
    if (t.kind === ',') {
      if (expectValue) values.push('');
      expectValue = true;
    } else if (isValue(t) && expectValue) {
      values.push(t.kind === 'word' && t.text === '?' ? null : t.text);
      expectValue = false;
    } else {
      throw new Failure('PARSE_ERROR', lineNo);
    }
  }
  if (expectValue) values.push('');
  return values;
}

const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

interface Attribute {
  name: string;
  categories: string[] | null;
  line: number;
}

/** XML 1.0's Char production: the ranges of code points a document may hold. */
const XML_CHARS = [
  [0x9, 0xa],
  [0xd, 0xd],
  [0x20, 0xd7ff],
  [0xe000, 0xfffd],
  [0x10000, 0x10ffff],
];
const isXmlChar = (c: number): boolean => XML_CHARS.some(([lo, hi]) => c >= lo && c <= hi);

/** The reference MULAN labels XML reader: a document checked construct by construct. */
function referenceXml(xml: string): string[] {
  const text = (xml.startsWith('\uFEFF') ? xml.slice(1) : xml).replace(/\r\n|\r/g, '\n');
  const lineAt = (at: number): number => text.slice(0, at).split('\n').length;
  const fail = (at: number): never => {
    throw new Failure('PARSE_ERROR', lineAt(at), true);
  };
  for (const ch of text) {
    const c = ch.codePointAt(0) ?? 0;
    if (!isXmlChar(c)) fail(text.indexOf(ch));
  }
  const NAME = /[A-Za-z_:\u00c0-\ufffd][-A-Za-z0-9._:\u00b7\u00c0-\ufffd]*/y;
  const entity: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
  const decode = (raw: string, at: number): string => {
    let out = '';
    for (let j = 0; j < raw.length; j++) {
      if (raw[j] !== '&') {
        out += raw[j];
        continue;
      }
      const m = /^&(#x[0-9a-fA-F]+|#[0-9]+|[A-Za-z_:][-A-Za-z0-9._:]*);/.exec(raw.slice(j));
      if (m === null) fail(at + j);
      const body = (m as RegExpExecArray)[1];
      if (body[0] === '#') {
        const code = body[1] === 'x' ? Number.parseInt(body.slice(2), 16) : Number(body.slice(1));
        if (!isXmlChar(code)) fail(at + j);
        out += String.fromCodePoint(code);
      } else {
        if (!(body in entity)) fail(at + j);
        out += entity[body];
      }
      j += (m as RegExpExecArray)[0].length - 1;
    }
    return out;
  };
  let i = 0;
  const names: string[] = [];
  const stack: string[] = [];
  let root = false;
  let sawDoctype = false;
  const skipBlanks = (): void => {
    while (i < text.length && ' \t\n'.includes(text[i])) i++;
  };
  const closeAt = (end: string, from: number): number => {
    const at = text.indexOf(end, from);
    if (at < 0) fail(i);
    return at;
  };
  if (/^<\?xml[\s?]/.test(text)) {
    const end = closeAt('?>', 5);
    const ok =
      /^<\?xml\s+version\s*=\s*(["'])1\.\d+\1(\s+encoding\s*=\s*(["'])[A-Za-z][-\w.]*\3)?(\s+standalone\s*=\s*(["'])(yes|no)\5)?\s*$/.test(
        text.slice(0, end),
      );
    if (!ok) fail(0);
    i = end + 2;
  }
  while (i < text.length) {
    const inside = stack.length > 0;
    if (!inside) {
      skipBlanks();
      if (i >= text.length) break;
    }
    if (text.startsWith('<!--', i)) {
      const end = closeAt('-->', i + 4);
      const body = text.slice(i + 4, end);
      if (body.includes('--')) fail(i + 4 + body.indexOf('--'));
      if (body.endsWith('-')) fail(end);
      i = end + 3;
    } else if (text.startsWith('<?', i)) {
      NAME.lastIndex = i + 2;
      const m = NAME.exec(text);
      if (m === null) fail(i + 2);
      const target = (m as RegExpExecArray)[0];
      if (target.toLowerCase() === 'xml') fail(i);
      const end = closeAt('?>', i + 2 + target.length);
      const after = i + 2 + target.length;
      if (end > after && !' \t\n'.includes(text[after])) fail(after);
      i = end + 2;
    } else if (!inside && !root && !sawDoctype && text.startsWith('<!DOCTYPE', i)) {
      const m = /^<!DOCTYPE([^>"'[]|"[^"]*"|'[^']*')*>/.exec(text.slice(i));
      if (m === null) {
        const bracket = text.indexOf('[', i);
        fail(bracket >= 0 && bracket < (text.indexOf('>', i) + 1 || text.length) ? bracket : i);
      }
      sawDoctype = true;
      i += (m as RegExpExecArray)[0].length;
    } else if (inside && text.startsWith('<![CDATA[', i)) {
      i = closeAt(']]>', i + 9) + 3;
    } else if (inside && text.startsWith('</', i)) {
      NAME.lastIndex = i + 2;
      const m = NAME.exec(text);
      if (m === null) fail(i + 2);
      const name = (m as RegExpExecArray)[0];
      if (name !== stack[stack.length - 1]) fail(i);
      stack.pop();
      i += 2 + name.length;
      skipBlanks();
      if (text[i] !== '>') fail(i);
      i++;
    } else if (text[i] === '<' && !(root && !inside)) {
      const tagStart = i;
      NAME.lastIndex = i + 1;
      const m = NAME.exec(text);
      if (m === null) fail(inside ? i + 1 : i);
      const name = (m as RegExpExecArray)[0];
      const local = name.slice(name.indexOf(':') + 1);
      i += 1 + name.length;
      const attributes = new Map<string, string>();
      for (;;) {
        const before = i;
        skipBlanks();
        if (text.startsWith('/>', i) || text[i] === '>') break;
        if (i === before) fail(i);
        NAME.lastIndex = i;
        const a = NAME.exec(text);
        if (a === null) fail(i);
        const attribute = (a as RegExpExecArray)[0];
        i += attribute.length;
        skipBlanks();
        if (text[i] !== '=') fail(i);
        i++;
        skipBlanks();
        const quote = text[i];
        if (quote !== '"' && quote !== "'") fail(i);
        const end = text.indexOf(quote, i + 1);
        if (end < 0) fail(i);
        const raw = text.slice(i + 1, end);
        if (raw.includes('<')) fail(i + 1 + raw.indexOf('<'));
        if (attributes.has(attribute)) fail(i);
        let normalised = '';
        for (const ch of raw) normalised += ch === '\t' || ch === '\n' ? ' ' : ch;
        attributes.set(attribute, decode(normalised, i + 1));
        i = end + 1;
      }
      if (!inside && local !== 'labels') fail(tagStart);
      if (local === 'label') {
        const label = attributes.get('name');
        if (label === undefined) fail(tagStart);
        names.push(label as string);
      }
      root = true;
      if (text.startsWith('/>', i)) i += 2;
      else {
        i++;
        stack.push(name);
      }
    } else if (inside) {
      // Character data up to the next markup.
      let end = text.indexOf('<', i);
      if (end < 0) end = text.length;
      const data = text.slice(i, end);
      if (data.includes(']]>')) fail(i + data.indexOf(']]>'));
      decode(data, i);
      if (end >= text.length) fail(end);
      if (
        text.startsWith('<!', end) &&
        !text.startsWith('<!--', end) &&
        !text.startsWith('<![CDATA[', end)
      ) {
        fail(end);
      }
      i = end;
    } else {
      fail(i);
    }
  }
  if (!root) fail(i);
  if (names.length === 0) throw new Failure('PARSE_ERROR', 0, true);
  return names;
}

/** The reference ARFF reader. */
function referenceArff(source: string, labelsXml: string | undefined): Outcome {
  try {
    const text = source.startsWith('\uFEFF') ? source.slice(1) : source;
    const lines = text.split(/\r\n|\n|\r/);
    // Header.
    let relation: string | null = null;
    const attributes: Attribute[] = [];
    let dataStart = -1;
    for (let n = 0; n < lines.length && dataStart < 0; n++) {
      const lineNo = n + 1;
      const raw = lines[n];
      const keyword = /^[^!-\uffff]*(@[A-Za-z]+)/.exec(raw);
      if (keyword === null) {
        if (tokenize(raw, lineNo).tokens.length === 0) continue;
        throw new Failure('PARSE_ERROR', lineNo);
      }
      const rest = raw.slice(keyword[0].length);
      const { tokens, comment } = tokenize(rest, lineNo);
      const kw = keyword[1].toLowerCase();
      if (kw === '@relation') {
        if (tokens.length === 0) throw new Failure('PARSE_ERROR', lineNo);
        if (tokens[0].kind === 'quoted' && tokens.length > 1) {
          throw new Failure('PARSE_ERROR', lineNo);
        }
        relation =
          tokens[0].kind === 'quoted'
            ? tokens[0].text
            : rest.slice(0, comment).replace(/^[^!-\uffff]+|[^!-\uffff]+$/g, '');
      } else if (kw === '@attribute') {
        if (relation === null) throw new Failure('PARSE_ERROR', lineNo);
        const [name, ...type] = tokens;
        if (!isValue(name) || (name.kind === 'word' && name.text === '')) {
          throw new Failure('PARSE_ERROR', lineNo);
        }
        // Attribute names are unique, as Weka requires.
        if (attributes.some((a) => a.name === name.text)) throw new Failure('PARSE_ERROR', lineNo);
        if (type[0]?.kind === '{') {
          if (type[type.length - 1]?.kind !== '}' || type.length < 2) {
            throw new Failure('PARSE_ERROR', lineNo);
          }
          const categories = valueList(type.slice(1, -1), lineNo);
          if (categories.some((c) => c === null || c === '')) {
            throw new Failure('PARSE_ERROR', lineNo);
          }
          if (new Set(categories).size !== categories.length) {
            throw new Failure('PARSE_ERROR', lineNo);
          }
          attributes.push({ name: name.text, categories: categories as string[], line: lineNo });
        } else if (
          type.length === 1 &&
          type[0].kind === 'word' &&
          ['numeric', 'real', 'integer'].includes(type[0].text.toLowerCase())
        ) {
          attributes.push({ name: name.text, categories: null, line: lineNo });
        } else {
          throw new Failure('PARSE_ERROR', lineNo);
        }
      } else if (kw === '@data') {
        if (attributes.length === 0 || tokens.length > 0) throw new Failure('PARSE_ERROR', lineNo);
        dataStart = n + 1;
      } else {
        throw new Failure('PARSE_ERROR', lineNo);
      }
    }
    if (dataStart < 0) throw new Failure('PARSE_ERROR', lines.length);

    // Which attributes are labels.
    const n = attributes.length;
    let chosen: number[];
    if (labelsXml === undefined) {
      const c = /(?:^|[\s:])-C\s+(-?\d+)/.exec(relation ?? '');
      if (c === null) throw new Failure('INVALID_ARGUMENT', 0);
      const count = Number(c[1]);
      if (count === 0 || Math.abs(count) > n) throw new Failure('INVALID_OPTION', 0);
      chosen = Array.from({ length: Math.abs(count) }, (_, i) =>
        count > 0 ? i : n - Math.abs(count) + i,
      );
    } else {
      const names = referenceXml(labelsXml);
      const picked = new Set<number>();
      const unknown: string[] = [];
      for (const name of names) {
        const matches = attributes.flatMap((a, i) => (a.name === name ? [i] : []));
        if (matches.length === 0) unknown.push(name);
        else if (picked.has(matches[0])) throw new Failure('INVALID_OPTION', 0);
        else picked.add(matches[0]);
      }
      if (unknown.length > 0) throw new Failure('INVALID_OPTION', 0);
      chosen = [...picked].sort((a, b) => a - b);
    }
    const isLabel = attributes.map((_, i) => chosen.includes(i));
    for (let a = 0; a < n; a++) {
      const categories = attributes[a].categories;
      if (isLabel[a] && categories?.some((c) => c !== '0' && c !== '1')) {
        throw new Failure('PARSE_ERROR', attributes[a].line);
      }
    }

    // Data.
    const features: number[] = [];
    const labels: number[] = [];
    let rows = 0;
    const cell = (a: number, value: string | null, lineNo: number): number => {
      const { categories } = attributes[a];
      if (value === null) return Number.NaN;
      if (categories !== null) {
        const index = categories.indexOf(value);
        if (index < 0) throw new Failure('PARSE_ERROR', lineNo);
        return isLabel[a] ? Number(categories[index]) : index;
      }
      if (!DECIMAL.test(value)) throw new Failure('PARSE_ERROR', lineNo);
      const x = Number(value);
      if (!Number.isFinite(x) || (!isLabel[a] && !Number.isFinite(Math.fround(x)))) {
        throw new Failure('PARSE_ERROR', lineNo);
      }
      if (isLabel[a] && x !== 0 && x !== 1) throw new Failure('PARSE_ERROR', lineNo);
      return x;
    };
    for (let l = dataStart; l < lines.length; l++) {
      const lineNo = l + 1;
      const { tokens } = tokenize(lines[l], lineNo);
      if (tokens.length === 0) continue;
      const values = new Array<number>(n);
      if (tokens[0].kind === '{') {
        if (tokens[tokens.length - 1].kind !== '}') throw new Failure('PARSE_ERROR', lineNo);
        for (let a = 0; a < n; a++) {
          const categories = attributes[a].categories;
          values[a] = isLabel[a] && categories !== null ? Number(categories[0]) : 0;
        }
        const body = tokens.slice(1, -1);
        let t = 0;
        let previous = -1;
        while (t < body.length) {
          const index = body[t];
          if (index.kind !== 'word' || !/^\+?\d+$/.test(index.text)) {
            throw new Failure('PARSE_ERROR', lineNo);
          }
          const a = Number(index.text);
          if (a >= n || a <= previous) throw new Failure('PARSE_ERROR', lineNo);
          previous = a;
          const value = body[t + 1];
          if (!isValue(value)) throw new Failure('PARSE_ERROR', lineNo);
          values[a] = cell(
            a,
            value.kind === 'word' && value.text === '?' ? null : value.text,
            lineNo,
          );
          t += 2;
          if (t < body.length && body[t].kind !== ',') throw new Failure('PARSE_ERROR', lineNo);
          t++;
        }
      } else {
        const cells = valueList(tokens, lineNo);
        if (cells.length !== n) throw new Failure('PARSE_ERROR', lineNo);
        cells.forEach((v, a) => {
          values[a] = cell(a, v, lineNo);
        });
      }
      for (let a = 0; a < n; a++) {
        if (isLabel[a]) labels.push(Number.isNaN(values[a]) ? -1 : values[a]);
        else features.push(values[a]);
      }
      rows++;
    }
    return {
      ok: true,
      relation: relation ?? '',
      featureNames: attributes.filter((_, a) => !isLabel[a]).map((a) => a.name),
      labelNames: attributes.filter((_, a) => isLabel[a]).map((a) => a.name),
      featureCategories: attributes.filter((_, a) => !isLabel[a]).map((a) => a.categories),
      features: features.map((x) => Math.fround(x)),
      labels,
      rows,
    };
  } catch (error) {
    if (error instanceof Failure) {
      return { ok: false, code: error.code, line: error.line, xml: error.xml };
    }
    throw error;
  }
}

/** readArff's outcome in the same form. */
function library(text: string, xml: string | undefined): Outcome {
  try {
    const d = readArff(text, xml === undefined ? undefined : { labels: xml });
    return {
      ok: true,
      relation: d.relation,
      featureNames: d.featureNames,
      labelNames: d.labelNames,
      featureCategories: d.featureCategories,
      features: Array.from(d.features.data),
      labels: Array.from(d.labels.data),
      rows: d.features.shape[0],
    };
  } catch (error) {
    if (!isMultilabelError(error)) throw error;
    const m = /^(ARFF|Labels XML) line (\d+): /.exec(error.message);
    if (error.code === 'PARSE_ERROR' && m === null && !/no `<label name/.test(error.message)) {
      throw new Error(`a PARSE_ERROR without a line number: ${error.message}`);
    }
    return {
      ok: false,
      code: error.code,
      line: m === null ? 0 : Number(m[2]),
      xml: m?.[1] === 'Labels XML' || /^The labels XML has no/.test(error.message),
    };
  }
}

// ---------------------------------------------------------------------------------------------
// Mutations.

const PIECES = [
  ',',
  '%',
  "'",
  '"',
  '{',
  '}',
  '?',
  ' ',
  '\t',
  '\r',
  '\n',
  '\r\n',
  '\\',
  '@',
  '0',
  '1',
  '.',
  'e',
  '-',
  '+',
  'x',
  '0x1',
  '1e',
  '% note',
  "'a b'",
  '\u00a0',
  '\u0000',
  '{0 1}',
  ',,',
];
const XML_PIECES = [
  '<!-- c -->',
  '<!-- -- -->',
  '<![CDATA[x]]>',
  '<?pi x?>',
  '<?xml version="1.0"?>',
  '&amp;',
  '&nbsp;',
  '&',
  '&#0;',
  '&#x41;',
  '<',
  '>',
  '"',
  "'",
  '\n',
  '\r',
  '\t',
  ' ',
  '</label>',
  '<label name="zz"/>',
  '<label/>',
  ']]>',
  '\u0001',
  '<!DOCTYPE labels>',
];
const NUMBERS = [
  '0x10',
  '0b1',
  '1_000',
  'Infinity',
  'NaN',
  '1e',
  '.5',
  '5.',
  '+1',
  '-0',
  '1e400',
  '1e39',
  '00',
  '1d',
  "' 1 '",
  "''",
  '?',
  "'?'",
  '1E+2',
  '.e1',
];

/** A change to a file, with a description that fast-check prints for a counterexample. */
type Mutation = (text: string) => string;
const named = (description: string, apply: (text: string) => string): Mutation =>
  Object.assign(apply, { [fc.toStringMethod]: () => description });

const fraction = fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true });
/** A position in the text from a fraction. */
const at = (text: string, f: number): number => Math.floor(f * text.length);
const lineOf = (text: string, f: number): [string[], number] => {
  const lines = text.split('\n');
  return [lines, Math.floor(f * lines.length)];
};
const insert = (pieces: string[]): fc.Arbitrary<Mutation> =>
  fc
    .tuple(fraction, fc.constantFrom(...pieces))
    .map(([f, piece]) =>
      named(
        `insert ${JSON.stringify(piece)} at ${f}`,
        (t) => t.slice(0, at(t, f)) + piece + t.slice(at(t, f)),
      ),
    );
const remove = fc
  .tuple(fraction, fc.integer({ min: 1, max: 3 }))
  .map(([f, n]) =>
    named(`delete ${n} at ${f}`, (t) => t.slice(0, at(t, f)) + t.slice(at(t, f) + n)),
  );

const arffMutation: fc.Arbitrary<Mutation> = fc.oneof(
  insert(PIECES),
  remove,
  // Replace one number of the data (a value, or a sparse index) with an unusual one.
  fc.tuple(fraction, fc.constantFrom(...NUMBERS)).map(([f, number]) =>
    named(`replace the number at ${f} of the data with ${number}`, (t) => {
      const data = t.search(/^@data/im);
      if (data < 0) return t;
      const numbers = [...t.slice(data).matchAll(/-?\d+(\.\d+)?([eE][-+]?\d+)?/g)];
      if (numbers.length === 0) return t;
      const m = numbers[Math.floor(f * numbers.length)];
      const start = data + (m.index ?? 0);
      return t.slice(0, start) + number + t.slice(start + m[0].length);
    }),
  ),
  // A trailing comment, a duplicated or dropped line, other line ends.
  fc.tuple(fraction, fc.constantFrom(' % c', '%', "\t% 'x", ' %{')).map(([f, comment]) =>
    named(`append ${JSON.stringify(comment)} to the line at ${f}`, (t) => {
      const [lines, i] = lineOf(t, f);
      lines[i] += comment;
      return lines.join('\n');
    }),
  ),
  fc.tuple(fraction, fc.boolean()).map(([f, duplicate]) =>
    named(`${duplicate ? 'duplicate' : 'drop'} the line at ${f}`, (t) => {
      const [lines, i] = lineOf(t, f);
      if (duplicate) lines.splice(i, 0, lines[i]);
      else lines.splice(i, 1);
      return lines.join('\n');
    }),
  ),
  fc
    .constantFrom('\r', '\r\n')
    .map((end) => named(`end lines with ${JSON.stringify(end)}`, (t) => t.replaceAll('\n', end))),
  // Quote a word of a line, or upper-case the keywords.
  fc.tuple(fraction, fc.nat(40)).map(([f, k]) =>
    named(`quote word ${k} of the line at ${f}`, (t) => {
      const [lines, i] = lineOf(t, f);
      let seen = 0;
      lines[i] = lines[i].replace(/[^,{}\s]+/g, (m) => (seen++ === k ? `'${m}'` : m));
      return lines.join('\n');
    }),
  ),
  fc.constant(
    named('upper-case the keywords', (t) =>
      t.replace(/@(relation|attribute|data)/gi, (m) => m.toUpperCase()),
    ),
  ),
);

const xmlMutation: fc.Arbitrary<Mutation> = fc.oneof(
  // Comment out, or wrap in CDATA or a processing instruction, one label element.
  fc
    .tuple(fc.nat(30), fc.constantFrom(['<!--', '-->'], ['<![CDATA[', ']]>'], ['<?pi ', '?>']))
    .map(([k, [open, close]]) =>
      named(`wrap label ${k} in ${open} ${close}`, (t) => {
        let seen = 0;
        return t.replace(/<label [^>]*>(<\/label>)?/g, (m) =>
          seen++ === k ? `${open}${m}${close}` : m,
        );
      }),
    ),
  // A character of a label name as a character reference.
  fc.tuple(fc.nat(30), fc.nat(20), fc.boolean()).map(([k, c, hex]) =>
    named(`character ${c} of label ${k} as a ${hex ? 'hex ' : ''}reference`, (t) => {
      let seen = 0;
      return t.replace(/name="([^"]*)"/g, (m, name: string) => {
        if (seen++ !== k || name.length === 0) return m;
        const j = c % name.length;
        const code = name.codePointAt(j) ?? 32;
        const ref = hex ? `&#x${code.toString(16)};` : `&#${code};`;
        return `name="${name.slice(0, j)}${ref}${name.slice(j + 1)}"`;
      });
    }),
  ),
  insert(XML_PIECES),
  remove,
);

/** The two outcomes agree: equal data (NaN equal to NaN), or the same error. */
function expectSame(got: Outcome, expected: Outcome): void {
  if (!expected.ok || !got.ok) {
    expect(got.ok ? 'read' : `${got.code} ${got.xml ? 'XML ' : ''}line ${got.line}`).toBe(
      expected.ok ? 'read' : `${expected.code} ${expected.xml ? 'XML ' : ''}line ${expected.line}`,
    );
    return;
  }
  expect(got).toEqual(expected);
}

describe('readArff and the labels XML reader against the reference readers', () => {
  test.prop([fc.nat(SOURCES.length - 1)], { numRuns: SOURCES.length })(
    'agree on the unmutated files',
    (s) => {
      const { text, xml } = SOURCES[s];
      const expected = referenceArff(text, xml);
      expect(expected.ok).toBe(true);
      expectSame(library(text, xml), expected);
    },
  );

  test.prop([fc.nat(SOURCES.length - 1), fc.array(arffMutation, { minLength: 1, maxLength: 3 })], {
    numRuns: 300,
  })('agree on mutated ARFF files', (s, mutations) => {
    const { text, xml } = SOURCES[s];
    const mutated = mutations.reduce((t, mutate) => mutate(t), text);
    expectSame(library(mutated, xml), referenceArff(mutated, xml));
  });

  test.prop([fc.nat(SOURCES.length - 2), fc.array(xmlMutation, { minLength: 1, maxLength: 3 })], {
    numRuns: 300,
  })('agree on mutated labels XML files', (s, mutations) => {
    const { text, xml } = SOURCES[s];
    const mutated = mutations.reduce((t, mutate) => mutate(t), xml as string);
    expectSame(library(text, mutated), referenceArff(text, mutated));
  });
});

import { parseError, readToken, splitValues, stripComment, trimBlanks } from './arff-tokens.js';

/** One `@attribute` of an ARFF header. @internal */
export interface ArffAttribute {
  readonly name: string;
  /** Nominal attributes are stored as the 0-based index of their category. */
  readonly kind: 'numeric' | 'nominal';
  /** Declared categories of a nominal attribute, in order; null for numeric. */
  readonly categories: string[] | null;
  /** Category -> index, for nominal attributes. */
  readonly lookup: Map<string, number> | null;
  /** 1-based line of the declaration. */
  readonly line: number;
}

/** The parsed header of an ARFF file. @internal */
export interface ArffHeader {
  readonly relation: string;
  readonly attributes: ArffAttribute[];
  /** Index in `lines` of the first line after `@data`. */
  readonly dataStart: number;
}

const NUMERIC_TYPES = new Set(['numeric', 'real', 'integer']);

/**
 * Parses `@relation`, the `@attribute` declarations and `@data` (keywords in any case; `%`
 * comments and blank lines skipped). Numeric (`numeric`, `real`, `integer`) and nominal
 * (`{a, b, ...}`) attributes are supported; `string`, `date` and `relational` ones are refused
 * with the line number.
 *
 * @internal
 */
export function parseArffHeader(lines: readonly string[]): ArffHeader {
  let relation: string | null = null;
  const attributes: ArffAttribute[] = [];
  const declaredOn = new Map<string, number>();
  for (let i = 0; i < lines.length; i++) {
    const line = i + 1;
    const text = trimBlanks(stripComment(lines[i]));
    if (text === '') continue;
    const keyword = (/^@[a-zA-Z]+/.exec(text)?.[0] ?? '').toLowerCase();
    // What follows the keyword starts a token (`@relation'name'` is quoted).
    const rest = text.slice(keyword.length);
    if (keyword === '@relation') {
      const token = readToken(rest, 0, line);
      if (token === null) throw parseError(line, '`@relation` has no name.');
      if (token.quoted) {
        const after = trimBlanks(rest.slice(token.end));
        if (after !== '') {
          throw parseError(line, `unexpected ${JSON.stringify(after)} after the relation name.`);
        }
        relation = token.value;
      } else {
        // An unquoted name is the rest of the line (MEKA writes `@relation Name: -C 6`); its
        // tokens are still read, so that an unclosed quote is reported.
        for (let t = readToken(rest, token.end, line); t !== null; ) {
          t = readToken(rest, t.end + (t.quoted || t.value !== '' ? 0 : 1), line);
        }
        relation = trimBlanks(rest);
      }
    } else if (keyword === '@attribute') {
      if (relation === null) throw parseError(line, '`@attribute` comes before `@relation`.');
      const token = readToken(rest, 0, line);
      if (token === null || (token.value === '' && !token.quoted)) {
        throw parseError(line, '`@attribute` has no name.');
      }
      // Weka refuses repeated names too ("Attribute names are not unique"): the columns could
      // not be told apart by name, and MULAN labels are chosen by name.
      const first = declaredOn.get(token.value);
      if (first !== undefined) {
        throw parseError(
          line,
          `attribute ${JSON.stringify(token.value)} is declared again (first on line ${first}); attribute names must be unique. Rename one of them.`,
        );
      }
      declaredOn.set(token.value, line);
      attributes.push(parseType(token.value, trimBlanks(rest.slice(token.end)), line));
    } else if (keyword === '@data') {
      if (attributes.length === 0) {
        throw parseError(line, '`@data` comes before any `@attribute` declaration.');
      }
      if (trimBlanks(rest) !== '') {
        throw parseError(line, `unexpected ${JSON.stringify(trimBlanks(rest))} after \`@data\`.`);
      }
      return { relation: relation ?? '', attributes, dataStart: i + 1 };
    } else {
      throw parseError(
        line,
        `expected \`@relation\`, \`@attribute\` or \`@data\` in the header, but found ${JSON.stringify(text.slice(0, 40))}.`,
      );
    }
  }
  throw parseError(lines.length, 'the file has no `@data` section.');
}

function parseType(name: string, type: string, line: number): ArffAttribute {
  if (type.startsWith('{')) {
    if (!type.endsWith('}')) {
      throw parseError(line, `the categories of attribute \`${name}\` do not end with \`}\`.`);
    }
    const categories: string[] = [];
    const lookup = new Map<string, number>();
    for (const value of splitValues(type.slice(1, -1), line)) {
      if (value === null || value === '') {
        throw parseError(line, `attribute \`${name}\` declares an empty or \`?\` category.`);
      }
      if (lookup.has(value)) {
        throw parseError(
          line,
          `attribute \`${name}\` declares category ${JSON.stringify(value)} twice.`,
        );
      }
      lookup.set(value, categories.length);
      categories.push(value);
    }
    return { name, kind: 'nominal', categories, lookup, line };
  }
  // Blanks (code <= 32: outside `!`..`\uffff`) separate the words of the type.
  const [kind = '', ...more] = type.split(/[^!-\uffff]+/);
  const lower = kind.toLowerCase();
  if (NUMERIC_TYPES.has(lower)) {
    if (more.length > 0) {
      throw parseError(
        line,
        `unexpected ${JSON.stringify(more.join(' '))} after the type of attribute \`${name}\`.`,
      );
    }
    return { name, kind: 'numeric', categories: null, lookup: null, line };
  }
  throw parseError(
    line,
    `attribute \`${name}\` has type \`${kind || '(none)'}\`; readArff reads numeric and nominal attributes only. Remove the attribute or convert it to one of those types.`,
  );
}

import { parseError, readToken, splitValues } from './arff-tokens.js';

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
 * comment lines and blank lines skipped). Numeric (`numeric`, `real`, `integer`) and nominal
 * (`{a, b, ...}`) attributes are supported; `string`, `date` and `relational` ones are refused
 * with the line number.
 *
 * @internal
 */
export function parseArffHeader(lines: readonly string[]): ArffHeader {
  let relation: string | null = null;
  const attributes: ArffAttribute[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = i + 1;
    const text = lines[i].trim();
    if (text === '' || text[0] === '%') continue;
    const keyword = (/^@[a-zA-Z]+/.exec(text)?.[0] ?? '').toLowerCase();
    if (keyword === '@relation') {
      const token = readToken(text, keyword.length, '', line);
      if (token === null) throw parseError(line, '`@relation` has no name.');
      relation = token.quoted ? token.value : text.slice(keyword.length).trim();
    } else if (keyword === '@attribute') {
      if (relation === null) throw parseError(line, '`@attribute` comes before `@relation`.');
      const token = readToken(text, keyword.length, '{', line);
      if (token === null) throw parseError(line, '`@attribute` has no name.');
      const type = text.slice(token.end).trim();
      attributes.push(parseType(token.value, type, line));
    } else if (keyword === '@data') {
      if (attributes.length === 0) {
        throw parseError(line, '`@data` comes before any `@attribute` declaration.');
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
      if (!lookup.has(value)) lookup.set(value, categories.length);
      categories.push(value);
    }
    return { name, kind: 'nominal', categories, lookup, line };
  }
  const lower = type.toLowerCase();
  if (NUMERIC_TYPES.has(lower))
    return { name, kind: 'numeric', categories: null, lookup: null, line };
  const kind = lower.split(/\s/)[0] || '(none)';
  throw parseError(
    line,
    `attribute \`${name}\` has type \`${kind}\`; readArff reads numeric and nominal attributes only. Remove the attribute or convert it to one of those types.`,
  );
}

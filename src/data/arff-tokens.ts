import { MultilabelError } from '../core/errors.js';

/** A PARSE_ERROR naming the 1-based line. @internal */
export function parseError(line: number, message: string): MultilabelError {
  return new MultilabelError('PARSE_ERROR', `ARFF line ${line}: ${message}`);
}

/**
 * Reads one ARFF token starting at `text[from]` (after skipping blanks): a quoted string
 * ('...' or "..." with backslash escapes) or a bare run of characters up to a blank or one of
 * `stops`. Returns the token and the index after it, or null at the end of the text.
 *
 * @internal
 */
export function readToken(
  text: string,
  from: number,
  stops: string,
  line: number,
): { value: string; quoted: boolean; end: number } | null {
  let i = from;
  while (i < text.length && (text[i] === ' ' || text[i] === '\t')) i++;
  if (i >= text.length) return null;
  const quote = text[i];
  if (quote === "'" || quote === '"') {
    let value = '';
    for (let j = i + 1; j < text.length; j++) {
      const ch = text[j];
      if (ch === '\\' && j + 1 < text.length) {
        const next = text[++j];
        value += next === 'n' ? '\n' : next === 't' ? '\t' : next === 'r' ? '\r' : next;
      } else if (ch === quote) {
        return { value, quoted: true, end: j + 1 };
      } else {
        value += ch;
      }
    }
    throw parseError(line, `the quoted string starting with ${quote} is not closed.`);
  }
  let j = i;
  while (j < text.length && text[j] !== ' ' && text[j] !== '\t' && !stops.includes(text[j])) j++;
  return { value: text.slice(i, j), quoted: false, end: j };
}

/**
 * Splits `text` at top-level commas into trimmed values, honouring quotes. A bare `?` is
 * returned as null (missing).
 *
 * @internal
 */
export function splitValues(text: string, line: number): (string | null)[] {
  const values: (string | null)[] = [];
  if (!text.includes("'") && !text.includes('"')) {
    for (const part of text.split(',')) {
      const v = part.trim();
      values.push(v === '?' ? null : v);
    }
    return values;
  }
  let i = 0;
  for (;;) {
    const token = readToken(text, i, ',', line);
    if (token === null) {
      values.push('');
      break;
    }
    values.push(!token.quoted && token.value === '?' ? null : token.value);
    let j = token.end;
    while (j < text.length && (text[j] === ' ' || text[j] === '\t')) j++;
    if (j >= text.length) break;
    if (text[j] !== ',') {
      throw parseError(line, `expected a comma after ${JSON.stringify(token.value)}.`);
    }
    i = j + 1;
  }
  return values;
}

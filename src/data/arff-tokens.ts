/*
 * The lexical rules of ARFF as `readArff` reads them, after Weka's tokenizer:
 *
 * - A blank is any character up to the space (code <= 32), tabs included.
 * - A token starts at the start of the text, or after a blank, `,`, `{` or `}`. A `'` or `"`
 *   there opens a quoted string, closed by the same quote on the same line; a backslash
 *   escapes the next character (`\n`, `\t`, `\r` stand for the control characters). A quote
 *   elsewhere is an ordinary character.
 * - A bare token runs to the next blank, `,`, `{` or `}`.
 * - A `%` outside a quoted string starts a comment that runs to the end of the line.
 */
import { MultilabelError } from '../core/errors.js';

/** A PARSE_ERROR naming the 1-based line. @internal */
export function parseError(line: number, message: string): MultilabelError {
  return new MultilabelError('PARSE_ERROR', `ARFF line ${line}: ${message}`);
}

/** Whether the character code is a blank (a control character or the space). @internal */
export function isBlank(code: number): boolean {
  return code <= 32;
}

/** Whether a token ends before the character code (a blank, `,`, `{` or `}`). */
function endsToken(code: number): boolean {
  return code <= 32 || code === 44 || code === 123 || code === 125;
}

/** `text` without its leading and trailing blanks. @internal */
export function trimBlanks(text: string): string {
  let start = 0;
  let end = text.length;
  while (start < end && text.charCodeAt(start) <= 32) start++;
  while (end > start && text.charCodeAt(end - 1) <= 32) end--;
  return start === 0 && end === text.length ? text : text.slice(start, end);
}

/**
 * Index of the quote that closes the quoted string opened at `text[open]`, or -1 when it is
 * not closed on this line.
 */
function closingQuote(text: string, open: number): number {
  const quote = text.charCodeAt(open);
  for (let j = open + 1; j < text.length; j++) {
    const ch = text.charCodeAt(j);
    if (ch === 92) j++;
    else if (ch === quote) return j;
  }
  return -1;
}

/**
 * `text` before its `%` comment (a `%` outside a quoted string), or all of it. An unclosed
 * quote is left to the tokenizer to report.
 *
 * @internal
 */
export function stripComment(text: string): string {
  const percent = text.indexOf('%');
  if (percent < 0) return text;
  if (!text.includes("'") && !text.includes('"')) return text.slice(0, percent);
  let tokenStart = true;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (ch === 37) return text.slice(0, i);
    if ((ch === 39 || ch === 34) && tokenStart) {
      const close = closingQuote(text, i);
      if (close < 0) return text;
      i = close;
      tokenStart = false;
      continue;
    }
    tokenStart = endsToken(ch);
  }
  return text;
}

/**
 * Reads one token starting at `text[from]` (after skipping blanks): a quoted string or a bare
 * token. Returns the token and the index after it, or null at
 * the end of the text.
 *
 * @internal
 */
export function readToken(
  text: string,
  from: number,
  line: number,
): { value: string; quoted: boolean; end: number } | null {
  let i = from;
  while (i < text.length && isBlank(text.charCodeAt(i))) i++;
  if (i >= text.length) return null;
  const quote = text[i];
  if (quote === "'" || quote === '"') {
    const close = closingQuote(text, i);
    if (close < 0) {
      throw parseError(line, `the quoted string starting with ${quote} is not closed.`);
    }
    const body = text.slice(i + 1, close);
    const value = body.includes('\\')
      ? body.replace(/\\(.)/g, (_, next: string) =>
          next === 'n' ? '\n' : next === 't' ? '\t' : next === 'r' ? '\r' : next,
        )
      : body;
    return { value, quoted: true, end: close + 1 };
  }
  let j = i;
  while (j < text.length && !endsToken(text.charCodeAt(j))) j++;
  return { value: text.slice(i, j), quoted: false, end: j };
}

/**
 * Values that need the tokenizer: with quotes or braces, or with blanks inside a value. A
 * blank is a character outside `!`..`\uffff` (code <= 32); `[!-+\--\uffff]` is any other
 * character but the comma.
 */
const QUOTES_OR_BRACES = /['"{}]/;
const BLANK = /[^!-\uffff]/;
const BLANK_INSIDE = /[!-+\--\uffff][^!-\uffff]+[!-+\--\uffff]/;

/**
 * Splits `text` at commas into values, honouring quotes: one token per value, with blanks
 * around it. A bare `?` is returned as null (missing); an empty value as ''.
 *
 * @internal
 */
export function splitValues(text: string, line: number): (string | null)[] {
  const values: (string | null)[] = [];
  if (!QUOTES_OR_BRACES.test(text) && !(BLANK.test(text) && BLANK_INSIDE.test(text))) {
    for (const part of text.split(',')) {
      const v = trimBlanks(part);
      values.push(v === '?' ? null : v);
    }
    return values;
  }
  let i = 0;
  for (;;) {
    let j = i;
    while (j < text.length && isBlank(text.charCodeAt(j))) j++;
    if (j >= text.length || text[j] === ',') {
      values.push('');
    } else {
      const token = readToken(text, j, line);
      if (token === null) throw new Error('unreachable: a token follows');
      if (token.value === '' && !token.quoted) {
        throw parseError(line, `unexpected ${JSON.stringify(text[j])} in a list of values.`);
      }
      values.push(!token.quoted && token.value === '?' ? null : token.value);
      j = token.end;
      while (j < text.length && isBlank(text.charCodeAt(j))) j++;
    }
    if (j >= text.length) break;
    if (text[j] !== ',') {
      const last = values[values.length - 1];
      throw parseError(
        line,
        `expected a comma after ${last === null ? '?' : JSON.stringify(last)} (quote values that hold blanks, commas or braces).`,
      );
    }
    i = j + 1;
  }
  return values;
}

/**
 * The value of an ARFF number, or NaN when `text` is not one. ARFF numbers are decimal, as
 * Weka reads them (Java's `Double.valueOf`, without its Java-only forms): an optional sign,
 * digits with an optional point (`1`, `-2.5`, `.5`, `5.`) and an optional exponent (`1e-3`).
 * JavaScript's extras are not numbers here: `''`, blanks around the digits, `0x10`, `0b1`,
 * `0o7`, `1_000`, `Infinity`; nor are Java's (`NaN`, `1d`, `0x1p4`).
 *
 * @internal
 */
export function parseDecimal(text: string): number {
  // Number() reads a superset of this grammar; what it adds is blanks around the number (no
  // blank is a digit, a sign or a point), Infinity (which ends with a letter) and the 0x, 0b
  // and 0o integers (which take no sign). Separators such as 1_000 are NaN already.
  const x = Number(text);
  if (x !== x) return x;
  const first = text.charCodeAt(0);
  const last = text.charCodeAt(text.length - 1);
  if (!((last >= 48 && last <= 57) || last === 46)) return Number.NaN;
  if (!((first >= 48 && first <= 57) || first === 43 || first === 45 || first === 46)) {
    return Number.NaN;
  }
  if (first === 48 && text.length > 1) {
    const second = text.charCodeAt(1) | 32;
    if (second === 120 || second === 98 || second === 111) return Number.NaN;
  }
  return x;
}

import { MultilabelError } from '../core/errors.js';

/** The five entities XML predefines. */
const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** A character XML allows in a document (the `Char` production of XML 1.0). */
function isXmlChar(code: number): boolean {
  return (
    code === 0x9 ||
    code === 0xa ||
    code === 0xd ||
    (code >= 0x20 && code <= 0xd7ff) ||
    (code >= 0xe000 && code <= 0xfffd) ||
    (code >= 0x10000 && code <= 0x10ffff)
  );
}

/** The first character of a name (ASCII letters, `_`, `:`, and the non-ASCII letters). */
function isNameStart(code: number): boolean {
  return (
    (code >= 65 && code <= 90) ||
    (code >= 97 && code <= 122) ||
    code === 95 ||
    code === 58 ||
    (code >= 0xc0 && code !== 0xd7 && code !== 0xf7 && code !== 0x37e && code <= 0xfffd)
  );
}

/** A later character of a name: also digits, `-`, `.` and the middle dot. */
function isNameChar(code: number): boolean {
  return (
    isNameStart(code) || (code >= 48 && code <= 57) || code === 45 || code === 46 || code === 0xb7
  );
}

/**
 * A reader of the MULAN labels XML file that checks well-formedness as XML does (XML 1.0,
 * without a document type definition): comments, processing instructions, CDATA sections, the
 * XML declaration, the five predefined entities and character references are read as XML reads
 * them, and any malformed markup is a `PARSE_ERROR` naming its line.
 */
class LabelsXml {
  private i = 0;
  readonly names: string[] = [];

  constructor(private readonly text: string) {}

  fail(message: string, at = this.i): MultilabelError {
    let line = 1;
    for (let j = 0; j < at && j < this.text.length; j++) if (this.text[j] === '\n') line++;
    return new MultilabelError('PARSE_ERROR', `Labels XML line ${line}: ${message}`);
  }

  private startsWith(s: string): boolean {
    return this.text.startsWith(s, this.i);
  }

  private skipSpace(): boolean {
    const start = this.i;
    while (this.i < this.text.length && ' \t\n'.includes(this.text[this.i])) this.i++;
    return this.i > start;
  }

  private name(what: string): string {
    const { text } = this;
    const start = this.i;
    if (!isNameStart(text.codePointAt(start) ?? -1)) {
      throw this.fail(`expected the name of ${what}, but found ${describe(text, start)}.`);
    }
    this.i++;
    while (this.i < text.length && isNameChar(text.charCodeAt(this.i))) this.i++;
    return text.slice(start, this.i);
  }

  /** Index of `end` from `from` on, or a PARSE_ERROR for an unclosed `what`. */
  private find(end: string, what: string, from: number): number {
    const at = this.text.indexOf(end, from);
    if (at < 0) throw this.fail(`${what} is not closed (no \`${end}\`).`);
    return at;
  }

  /** Decodes the references in `raw` (which starts at `offset`). */
  private decode(raw: string, offset: number): string {
    return raw.replace(/&([^;&<\s]*);?/g, (whole, body: string, at: number) => {
      const where = offset + at;
      if (!whole.endsWith(';')) {
        throw this.fail('`&` starts no reference; write `&amp;` for an ampersand.', where);
      }
      if (body[0] === '#') {
        const hex = body[1] === 'x';
        const digits = body.slice(hex ? 2 : 1);
        const valid = hex ? /^[0-9a-fA-F]+$/.test(digits) : /^[0-9]+$/.test(digits);
        const code = valid ? Number.parseInt(digits, hex ? 16 : 10) : -1;
        if (!isXmlChar(code)) {
          throw this.fail(`\`${whole}\` is not a character XML allows.`, where);
        }
        return String.fromCodePoint(code);
      }
      const value = ENTITIES[body];
      if (value === undefined) {
        throw this.fail(
          `\`${whole}\` is not one of the entities XML predefines (&amp; &lt; &gt; &quot; &apos;).`,
          where,
        );
      }
      return value;
    });
  }

  private comment(): void {
    const end = this.find('-->', 'a comment', this.i + 4);
    const body = this.text.slice(this.i + 4, end);
    const dashes = body.indexOf('--');
    if (dashes >= 0 || body.endsWith('-')) {
      throw this.fail('a comment holds `--`.', this.i + 4 + (dashes >= 0 ? dashes : body.length));
    }
    this.i = end + 3;
  }

  private instruction(): void {
    this.i += 2;
    const target = this.name('a processing instruction');
    if (target.toLowerCase() === 'xml') {
      throw this.fail('the XML declaration `<?xml ...?>` may only open the file.', this.i - 5);
    }
    const end = this.find('?>', 'a processing instruction', this.i);
    if (end > this.i && !this.skipSpace()) {
      throw this.fail(`expected a blank after \`<?${target}\`.`);
    }
    this.i = end + 2;
  }

  private declaration(): void {
    const end = this.find('?>', 'the XML declaration', this.i + 5);
    const body = this.text.slice(this.i + 5, end);
    if (
      !/^\s+version\s*=\s*("1\.\d+"|'1\.\d+')(\s+encoding\s*=\s*("[A-Za-z][-\w.]*"|'[A-Za-z][-\w.]*'))?(\s+standalone\s*=\s*("(yes|no)"|'(yes|no)'))?\s*$/.test(
        body,
      )
    ) {
      throw this.fail('the XML declaration is malformed (expected `<?xml version="1.0" ...?>`).');
    }
    this.i = end + 2;
  }

  private doctype(): void {
    // `<!DOCTYPE name ...>` without an internal subset (no entity declarations to honour).
    let quote = '';
    for (let j = this.i + 9; j < this.text.length; j++) {
      const ch = this.text[j];
      if (quote !== '') {
        if (ch === quote) quote = '';
      } else if (ch === '"' || ch === "'") quote = ch;
      else if (ch === '[') {
        throw this.fail('a document type with declarations (`[...]`) is not supported.', j);
      } else if (ch === '>') {
        this.i = j + 1;
        return;
      }
    }
    throw this.fail('the document type declaration is not closed (no `>`).');
  }

  /** Comments, processing instructions and blanks outside the root element. */
  private misc(allowDoctype: boolean): void {
    let doctype = allowDoctype;
    for (;;) {
      this.skipSpace();
      if (this.startsWith('<!--')) this.comment();
      else if (this.startsWith('<?')) this.instruction();
      else if (doctype && this.startsWith('<!DOCTYPE')) {
        this.doctype();
        doctype = false;
      } else return;
    }
  }

  /** Reads an element from its `<`, its content included. */
  private element(): void {
    const { text } = this;
    const stack: string[] = [];
    for (;;) {
      // At a start tag.
      const tagStart = this.i;
      this.i++;
      const name = this.name('an element');
      const attributes = new Map<string, string>();
      for (;;) {
        const blank = this.skipSpace();
        if (this.startsWith('/>') || this.startsWith('>')) break;
        if (!blank) throw this.fail(`expected a blank, \`>\` or \`/>\` in the tag of <${name}>.`);
        const attribute = this.name(`an attribute of <${name}>`);
        this.skipSpace();
        if (text[this.i] !== '=')
          throw this.fail(`expected \`=\` after attribute \`${attribute}\`.`);
        this.i++;
        this.skipSpace();
        const quote = text[this.i];
        if (quote !== '"' && quote !== "'") {
          throw this.fail(`the value of attribute \`${attribute}\` must be quoted.`);
        }
        const end = text.indexOf(quote, this.i + 1);
        if (end < 0) throw this.fail(`the value of attribute \`${attribute}\` is not closed.`);
        const raw = text.slice(this.i + 1, end);
        const lt = raw.indexOf('<');
        if (lt >= 0) throw this.fail('`<` in an attribute value; write `&lt;`.', this.i + 1 + lt);
        if (attributes.has(attribute)) {
          throw this.fail(`attribute \`${attribute}\` appears twice in <${name}>.`);
        }
        // Attribute-value normalisation: each literal blank becomes a space, references are decoded.
        attributes.set(attribute, this.decode(raw.replace(/[\t\n]/g, ' '), this.i + 1));
        this.i = end + 1;
      }
      if (stack.length === 0 && localName(name) !== 'labels') {
        throw this.fail(
          `the root element is <${name}>, but a MULAN labels file has <labels> (with one <label name="..."> per label).`,
          tagStart,
        );
      }
      if (localName(name) === 'label') {
        const label = attributes.get('name');
        if (label === undefined) throw this.fail('a <label> has no `name` attribute.', tagStart);
        this.names.push(label);
      }
      if (this.startsWith('/>')) {
        this.i += 2;
      } else {
        this.i++;
        stack.push(name);
      }
      // Content, up to the next start tag (or the end of the root element).
      while (stack.length > 0) {
        const lt = text.indexOf('<', this.i);
        this.checkText(lt < 0 ? text.length : lt);
        if (lt < 0) throw this.fail(`element <${stack[stack.length - 1]}> is not closed.`);
        this.i = lt;
        if (this.startsWith('<!--')) this.comment();
        else if (this.startsWith('<![CDATA[')) {
          this.i = this.find(']]>', 'a CDATA section', this.i + 9) + 3;
        } else if (this.startsWith('<?')) this.instruction();
        else if (this.startsWith('</')) {
          this.i += 2;
          const end = this.name('a closing tag');
          const open = stack.pop();
          if (end !== open) throw this.fail(`</${end}> closes <${open}>.`, this.i - end.length - 2);
          this.skipSpace();
          if (text[this.i] !== '>') throw this.fail(`expected \`>\` to end </${end}>.`);
          this.i++;
        } else if (this.startsWith('<!')) {
          throw this.fail(
            `unexpected ${describe(text, this.i)} inside <${stack[stack.length - 1]}>.`,
          );
        } else break;
      }
      if (stack.length === 0) return;
    }
  }

  /** Checks character data up to `end`: references must be well-formed, `]]>` is not allowed. */
  private checkText(end: number): void {
    const raw = this.text.slice(this.i, end);
    const bad = raw.indexOf(']]>');
    if (bad >= 0) throw this.fail('`]]>` in text; write `]]&gt;`.', this.i + bad);
    if (raw.includes('&')) this.decode(raw, this.i);
  }

  read(): string[] {
    const { text } = this;
    for (let j = 0; j < text.length; j++) {
      const code = text.codePointAt(j) ?? 0;
      if (!isXmlChar(code)) {
        throw this.fail(
          `character U+${code.toString(16).toUpperCase().padStart(4, '0')} is not allowed in XML.`,
          j,
        );
      }
      if (code > 0xffff) j++;
    }
    if (this.startsWith('<?xml') && /[\s?]/.test(text[this.i + 5] ?? '')) this.declaration();
    this.misc(true);
    if (!(text[this.i] === '<' && isNameStart(text.codePointAt(this.i + 1) ?? -1))) {
      throw this.fail(
        this.i >= text.length
          ? 'the document has no root element.'
          : `expected \`<labels>\`, but found ${describe(text, this.i)}.`,
      );
    }
    this.element();
    this.misc(false);
    if (this.i < text.length) {
      throw this.fail(`unexpected ${describe(text, this.i)} after the root element.`);
    }
    return this.names;
  }
}

/** The name without its namespace prefix. */
function localName(name: string): string {
  return name.slice(name.indexOf(':') + 1);
}

/** The text at `at`, quoted and cut short, for an error message. */
function describe(text: string, at: number): string {
  return at >= text.length ? 'the end of the file' : JSON.stringify(text.slice(at, at + 20));
}

/**
 * The label names of a MULAN labels file (`<labels xmlns="http://mulan.sourceforge.net/labels">`
 * with one `<label name="...">` per label, possibly nested for hierarchies), in document order.
 * The file is read as XML: commented-out labels are not labels, entities and character
 * references in names are decoded, and malformed XML is a `PARSE_ERROR` with its line.
 *
 * @internal
 */
export function readMulanLabels(xml: string): string[] {
  // XML reads every line end (\r\n, \r) as \n, and ignores a byte order mark.
  const text = (xml.charCodeAt(0) === 0xfeff ? xml.slice(1) : xml).replace(/\r\n?/g, '\n');
  const names = new LabelsXml(text).read();
  if (names.length === 0) {
    throw new MultilabelError(
      'PARSE_ERROR',
      'The labels XML has no `<label name="...">` element; pass the MULAN labels file (e.g. yeast.xml) or an array of label names.',
    );
  }
  return names;
}

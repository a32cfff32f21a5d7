import { MultilabelError } from '../core/errors.js';

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-zA-Z]+);/g, (whole, body: string) => {
    if (body[0] === '#') {
      const code = body[1] === 'x' ? Number.parseInt(body.slice(2), 16) : Number(body.slice(1));
      return code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return ENTITIES[body] ?? whole;
  });
}

/**
 * The label names of a MULAN labels file (`<labels xmlns="http://mulan.sourceforge.net/labels">`
 * with one `<label name="...">` per label, possibly nested for hierarchies), in document order.
 *
 * @internal
 */
export function readMulanLabels(xml: string): string[] {
  const names: string[] = [];
  const pattern = /<label\s[^>]*?\bname\s*=\s*("([^"]*)"|'([^']*)')/g;
  for (let match = pattern.exec(xml); match !== null; match = pattern.exec(xml)) {
    names.push(decodeEntities(match[2] ?? match[3]));
  }
  if (names.length === 0) {
    throw new MultilabelError(
      'PARSE_ERROR',
      'The labels XML has no `<label name="...">` element; pass the MULAN labels file (e.g. yeast.xml) or an array of label names.',
    );
  }
  return names;
}

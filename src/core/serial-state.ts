import { MultilabelError } from './errors.js';
import { valueText } from './value-text.js';

/**
 * The opening of every `fromJSON` reader: the object of a serial state (`json`, or the object
 * its JSON string holds) once its `format` and `version` are those `writer` writes (a class with
 * `toJSON()`; `variable` is how the messages name an instance of it).
 *
 * @internal
 * @module
 */

/**
 * The state's object, checked to be a plain object of `format` and `version`; `show` writes a
 * value in the messages. Throws `PARSE_ERROR` for a string that is not JSON, `INVALID_ARGUMENT`
 * otherwise. @internal
 */
export function readSerialHeader(
  json: unknown,
  format: string,
  version: number,
  writer: string,
  variable: string,
  show: (value: unknown) => string = valueText,
): Record<string, unknown> {
  let value = json;
  if (typeof json === 'string') {
    try {
      value = JSON.parse(json);
    } catch (error) {
      throw new MultilabelError(
        'PARSE_ERROR',
        `\`json\` is a string but not valid JSON (${(error as Error).message}); pass what \`JSON.stringify(${variable})\` wrote.`,
      );
    }
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new MultilabelError(
      'INVALID_ARGUMENT',
      `\`json\` must be the object written by \`${writer}.toJSON()\` or its JSON string, but got ${show(value)}.`,
    );
  }
  const record = value as Record<string, unknown>;
  if (record.format !== format) {
    throw new MultilabelError(
      'INVALID_ARGUMENT',
      `\`json.format\` is ${show(record.format)}, but a ${writer} state has format '${format}'.`,
    );
  }
  if (record.version !== version) {
    const newer = typeof record.version === 'number' && record.version > version;
    throw new MultilabelError(
      'INVALID_ARGUMENT',
      `\`json.version\` is ${show(record.version)}, but this release reads version ${version}${newer ? '; the state was written by a newer release of tfjs-multilabel, so update this one' : ''}.`,
    );
  }
  return record;
}

import { describe, expect, it } from 'vitest';
import { isMultilabelError, MultilabelError } from '../../src/index.js';

describe('MultilabelError', () => {
  it('carries a code, a name and the message', () => {
    const error = new MultilabelError('SHAPE_MISMATCH', '`yScore` has shape [2, 3].');
    expect(error).toBeInstanceOf(Error);
    expect(error.code).toBe('SHAPE_MISMATCH');
    expect(error.name).toBe('MultilabelError');
    expect(error.message).toBe('`yScore` has shape [2, 3].');
    expect(String(error)).toBe('MultilabelError: `yScore` has shape [2, 3].');
  });

  it('is recognised by isMultilabelError, other errors are not', () => {
    expect(isMultilabelError(new MultilabelError('EMPTY_INPUT', 'x'))).toBe(true);
    expect(isMultilabelError(new Error('x'))).toBe(false);
    expect(isMultilabelError({ name: 'MultilabelError', code: 'EMPTY_INPUT' })).toBe(false);
    expect(isMultilabelError(null)).toBe(false);
    expect(isMultilabelError('MultilabelError')).toBe(false);
  });

  it('is recognised across copies of the class (a shared global brand)', () => {
    const error = new MultilabelError('PARSE_ERROR', 'x');
    const brand = Symbol.for('tfjs-multilabel.MultilabelError');
    expect((error as unknown as Record<symbol, unknown>)[brand]).toBe(true);
    const foreign = Object.assign(new Error('x'), { code: 'PARSE_ERROR' });
    Object.defineProperty(foreign, brand, { value: true });
    expect(isMultilabelError(foreign)).toBe(true);
  });
});

/**
 * The library's warnings in a test file: `console.warn` is captured (and silenced) around each
 * test, and the returned function lists the messages the library printed, in order (tfjs warns
 * once on its own in Node.js that a native backend exists; that one is left out).
 */
import { afterEach, beforeEach, type MockInstance, vi } from 'vitest';

/** Call at the top of a test file; returns the library's messages printed in the current test. */
export function captureLibraryWarnings(): () => string[] {
  let warn: MockInstance<typeof console.warn> | undefined;
  beforeEach(() => {
    warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
  });
  afterEach(() => {
    warn?.mockRestore();
  });
  return () =>
    (warn?.mock.calls ?? [])
      .map(([message]) => String(message))
      .filter((message) => message.startsWith('tfjs-multilabel:'));
}

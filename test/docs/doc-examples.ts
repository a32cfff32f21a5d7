/**
 * Finds the `@example` code blocks in the sources' TSDoc and turns each into a runnable module:
 * a line `console.log(a, b); // expected` becomes a check that the logged values print as
 * `expected` (numbers compared to the precision written, whitespace ignored), and every such
 * line must run at least once.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { inspect } from 'node:util';
import * as tf from '@tensorflow/tfjs-core';
import { expect } from 'vitest';

/** One example: where it is and its code. */
export interface DocExample {
  /** `src/...ts:line` of the code block. */
  readonly location: string;
  /** The declaration the TSDoc comment documents (best effort, for test names). */
  readonly symbol: string;
  readonly code: string;
}

/** Every file below `dir` (folders followed) whose name ends with `ending`. */
export function listFiles(dir: string, ending: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return listFiles(path, ending);
    return entry.name.endsWith(ending) ? [path] : [];
  });
}

/** Every fenced `ts` code block under an `@example` tag in `src/`. */
export function collectExamples(root: string): DocExample[] {
  const examples: DocExample[] = [];
  for (const file of listFiles(join(root, 'src'), '.ts')) {
    const text = readFileSync(file, 'utf8');
    const comment = /\/\*\*([\s\S]*?)\*\//g;
    for (let match = comment.exec(text); match !== null; match = comment.exec(text)) {
      const body = match[1];
      const exampleAt = body.indexOf('@example');
      if (exampleAt < 0) continue;
      const after = text.slice(match.index + match[0].length);
      const declaration =
        /(?:class|function|const|interface|type)\s+([A-Za-z0-9_]+)|^\s*(?:static\s+|readonly\s+)?([A-Za-z0-9_]+)\s*[(:<]/m.exec(
          after,
        );
      const symbol = declaration?.[1] ?? declaration?.[2] ?? '?';
      const lines = body
        .slice(exampleAt)
        .split('\n')
        .map((l) => l.replace(/^\s*\* ?/, ''));
      const startLine =
        text.slice(0, match.index).split('\n').length +
        body.slice(0, exampleAt).split('\n').length -
        1;
      let inside = false;
      let current: string[] = [];
      let blockStart = 0;
      lines.forEach((line, i) => {
        if (!inside && /^```(ts|typescript|js)\s*$/.test(line.trim())) {
          inside = true;
          current = [];
          blockStart = startLine + i + 1;
        } else if (inside && line.trim() === '```') {
          inside = false;
          examples.push({
            location: `${relative(root, file)}:${blockStart}`,
            symbol,
            code: current.join('\n'),
          });
        } else if (inside) {
          current.push(line);
        }
      });
    }
  }
  return examples;
}

const LOG_LINE = /^(.*?)console\.log\((.*)\);?\s*\/\/\s*(.+)$/;

/**
 * Rewrites annotated `console.log` lines into checks. Returns the code and the number of checks.
 * Checks call `globalThis.__docCheck(id, expected, ...values)`.
 */
export function instrument(code: string): { code: string; checks: number } {
  let checks = 0;
  const out = code.split('\n').map((line) => {
    const match = LOG_LINE.exec(line);
    if (match === null) return line;
    const [, before, args, expected] = match;
    return `${before}globalThis.__docCheck(${checks++}, ${JSON.stringify(expected.trim())}, ${args});`;
  });
  return { code: out.join('\n'), checks };
}

const NUMBER = /-?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?/gi;

/**
 * How `console.log` would print `values`; with `quoteStrings`, strings print as `inspect` shows
 * them (`'text'`), the form documentation often uses for a string among other values.
 */
export function printed(values: unknown[], quoteStrings = false): string {
  const options = { depth: 6, breakLength: Number.POSITIVE_INFINITY, maxArrayLength: 1000 };
  return values
    .map((v) => (typeof v === 'string' && !quoteStrings ? v : inspect(v, options)))
    .join(' ');
}

/** Whether `values` print as the documented `expected` text, strings quoted or not. */
export function printsAsDocumented(values: unknown[], expected: string): boolean {
  return matchesDoc(printed(values), expected) || matchesDoc(printed(values, true), expected);
}

/**
 * Whether `actual` matches the documented `expected` text: the same text once whitespace is
 * removed, except that each number only has to agree to the decimals written (0.667 matches
 * 0.6666...; 1 matches 1.0000000001 only if written as 1.0...).
 */
export function matchesDoc(actual: string, expected: string): boolean {
  // Strings print without quotes, so quotes in either text are dropped (also beside other values).
  const squash = (s: string): string => s.replace(/\s+/g, '').replace(/'([^']*)'/g, '$1');
  const a = squash(actual);
  const e = squash(expected);
  if (a === e) return true;
  const aNumbers = a.match(NUMBER) ?? [];
  const eNumbers = e.match(NUMBER) ?? [];
  if (aNumbers.length !== eNumbers.length || a.replace(NUMBER, '#') !== e.replace(NUMBER, '#'))
    return false;
  return eNumbers.every((text, i) => {
    const decimals = /\.(\d+)/.exec(text.split(/e/i)[0])?.[1].length ?? 0;
    const exponent = Number(/e([+-]?\d+)/i.exec(text)?.[1] ?? 0);
    const tolerance = 0.5 * 10 ** (exponent - decimals) * (1 + 1e-9);
    return Math.abs(Number(aNumbers[i]) - Number(text)) <= tolerance;
  });
}

/** What running one documented snippet showed. */
export interface SnippetRun {
  /** Checks whose logged values did not print as documented. */
  readonly failures: string[];
  /** The ids of the checks that ran, sorted. */
  readonly ran: number[];
  /** How many checks the snippet has. */
  readonly checks: number;
}

/**
 * Instruments `code` (see {@link instrument}), writes it to `file` and imports it. Snippets may
 * build models and tensors without disposing them, as users would: their tensors live in a tfjs
 * scope, their variables are disposed afterwards, and a snippet that selects another backend is
 * undone so the next one starts on the suite's backend.
 */
export async function runSnippet(code: string, file: string): Promise<SnippetRun> {
  const instrumented = instrument(code);
  const seen = new Set<number>();
  const failures: string[] = [];
  (globalThis as Record<string, unknown>).__docCheck = (
    id: number,
    expected: string,
    ...values: unknown[]
  ) => {
    seen.add(id);
    if (!printsAsDocumented(values, expected))
      failures.push(`check ${id}: printed ${printed(values)}, documented ${expected}`);
  };
  const body = instrumented.code;
  writeFileSync(
    file,
    body.includes('import ') || body.includes('export ') ? body : `${body}\nexport {};\n`,
  );
  const backend = tf.getBackend();
  const tensorsBefore = tf.memory().numTensors;
  tf.engine().startScope();
  try {
    await import(/* @vite-ignore */ pathToFileURL(file).href);
  } finally {
    tf.engine().endScope();
    if (tf.memory().numTensors > tensorsBefore) tf.disposeVariables();
    if (tf.getBackend() !== backend) await tf.setBackend(backend);
  }
  return { failures, ran: [...seen].sort((a, b) => a - b), checks: instrumented.checks };
}

/** Runs a snippet (see runSnippet): no check may fail, and every checked line must have run. */
export async function expectRunsAsDocumented(code: string, file: string): Promise<void> {
  const { failures, ran, checks } = await runSnippet(code, file);
  expect(failures).toEqual([]);
  expect(ran, 'every documented console.log line ran').toEqual(
    Array.from({ length: checks }, (_, i) => i),
  );
}

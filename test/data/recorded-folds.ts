/** The recorded folds of test/fixtures/stratification-folds.json, checked in Node and in Chromium. */
import {
  type IterativeStratificationOptions,
  iterativeStratification,
} from '../../src/data/index.js';
import golden from '../fixtures/stratification-folds.json';

/** One recorded case: its input's name, the options, and the folds as one digit a row. */
export type RecordedCase = (typeof golden.cases)[number];

export const recordedCases: RecordedCase[] = golden.cases;

/** The folds iterativeStratification gives for a recorded case, written as the fixture writes them. */
export function foldsOf(c: RecordedCase): string {
  const input = golden.inputs[c.input as 'emotions' | 'synthetic'];
  const y = { data: input.data, shape: input.shape as [number, number] };
  return Array.from(iterativeStratification(y, c.options as IterativeStratificationOptions)).join(
    '',
  );
}

/**
 * The tensor form of the registry's input-form property (properties.test.ts has the others):
 * every metric gives the same value on 2-D tensors (float32, int32, and bool labels) as on
 * number[][], and leaves no tensor behind.
 */
import { test } from '@fast-check/vitest';
import * as tf from '@tensorflow/tfjs-core';
import { describe } from 'vitest';
import { metricProblem } from '../fc.js';
import type { Rows } from './definitions.js';
import { untie } from './input-forms.js';
import { expectSame, outcome } from './outcome.js';
import { registry } from './registry.js';

/** `rows` as tensors of every dtype that holds its values. */
function tensorForms(rows: Rows, labels: boolean): [string, tf.Tensor2D][] {
  const forms: [string, tf.Tensor2D][] = [['float32', tf.tensor2d(rows, undefined, 'float32')]];
  if (rows.flat().every(Number.isInteger))
    forms.push(['int32', tf.tensor2d(rows, undefined, 'int32')]);
  if (labels)
    forms.push([
      'bool',
      tf.tensor2d(
        rows.map((row) => row.map((v) => v === 1)),
        undefined,
        'bool',
      ),
    ]);
  return forms;
}

const shapes = { minRows: 1, maxRows: 6, minCols: 1, maxCols: 4 };

describe(`registry metrics on tensors (${process.env.TFJS_BACKEND})`, () => {
  describe.each(registry.map((entry) => [entry.name, entry] as const))('%s', (_name, entry) => {
    const second = entry.kind === 'count' ? 'predictions' : 'scores';
    test.prop([metricProblem({ ...shapes, second, ties: true, weights: 'fractional' })], {
      numRuns: 10,
    })('gives the value of number[][] on tensors', (p) => {
      // Small integer scores (the same order), which float32 and int32 tensors both hold.
      const y = entry.kind === 'ranking' ? untie(p.y, true) : p.y;
      const options = { sampleWeight: p.sampleWeight };
      const expected = outcome(() => entry.run(p.yTrue, y, options));
      const trueForms = tensorForms(p.yTrue, true);
      const secondForms = tensorForms(y, entry.kind === 'count');
      try {
        for (const [trueDtype, yTrue] of trueForms) {
          for (const [secondDtype, yTensor] of secondForms) {
            const got = outcome(() => entry.run(yTrue, yTensor, options));
            expectSame(got, expected, `yTrue ${trueDtype}, second ${secondDtype}`);
          }
        }
      } finally {
        tf.dispose([...trueForms, ...secondForms].map(([, t]) => t));
      }
    });
  });
});

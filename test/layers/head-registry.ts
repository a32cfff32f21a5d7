/**
 * The registry of heads that the shared head tests iterate over (as test/metrics/registry.ts
 * does for metrics): each head's class, and for each shared check the head built for it, its
 * input and what it must show. `heads.tf.test.ts` runs every head through the save/load round
 * trip, the JSON config rebuild, the gradient check and the tensor-leak check;
 * `head-inputs.tf.test.ts` uses the small heads and their example inputs.
 */
import type * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { expect } from 'vitest';
import {
  ClassSpecificResidualAttention,
  csraHead,
  LabelAttentionHead,
  LabelGraphHead,
  labelAttentionHead,
  labelGraphHead,
} from '../../src/layers/index.js';
import { bitRows } from '../bits.js';
import { shortName } from './head-harness.js';

/** A head built for one check, with the input shape (without the batch) it reads. */
export interface HeadCase {
  make(): tfl.layers.Layer;
  /** Input shape without the batch axis. */
  shape: number[];
  /** Rows of the random input, and the seed of `tf.randomNormal`. */
  rows: number;
  seed: number;
}

export interface HeadEntry {
  /** The factory's name. */
  name: string;
  /** The class, and the name it is saved under. */
  cls: new (
    ...args: never[]
  ) => tfl.layers.Layer;
  className: string;
  /** Saved to memory and loaded back; `check` adds the head's own expectations. */
  save: HeadCase & {
    check?(artifacts: tf.io.ModelArtifacts, head: tfl.layers.Layer, loaded: tfl.layers.Layer): void;
  };
  /** Rebuilt with `fromConfig` from its config through JSON; `check` looks at the copy. */
  rebuild: { make(): tfl.layers.Layer; check?(copy: tfl.layers.Layer): void };
  /** The trainable weights, in order, that a gradient must reach. */
  gradient: HeadCase & { weights: string[] };
  /** Trained one epoch on `y` (and predicted) without leaking a tensor. */
  leak: HeadCase & { y: number[][]; optimizer: 'adam' | 'sgd'; learningRate: number };
  /** A head with 2 labels for the input checks, and inputs it takes (with 4 channels). */
  small(): tfl.layers.Layer;
  inputs: number[][];
  /** Inputs with an empty spatial or token axis (the batch and channels are fine). */
  emptyInputs: number[][];
}

/** P(label j | label i) computed from a small label matrix, written out in the test. */
export function conditional(y: number[][]): number[][] {
  const l = y[0].length;
  const counts = Array.from({ length: l }, (_, i) => y.reduce((s, row) => s + row[i], 0));
  return Array.from({ length: l }, (_, i) =>
    Array.from({ length: l }, (_, j) => {
      const both = y.reduce((s, row) => s + row[i] * row[j], 0);
      return counts[i] === 0 ? 0 : both / counts[i];
    }),
  );
}

/** A small label matrix with 3 labels; its conditional probabilities give the graph heads. */
export const labels = bitRows('110 110 101 010 001');

const fourRows = bitRows('101 010 110 001');

const attentionBlock = (prefix: string) =>
  ['query_kernel', 'key_kernel', 'value_kernel', 'output_kernel', 'norm_gamma', 'norm_beta'].map(
    (w) => `${prefix}_${w}`,
  );

export const heads: HeadEntry[] = [
  {
    name: 'csraHead',
    cls: ClassSpecificResidualAttention,
    className: 'TfjsMultilabelClassSpecificResidualAttention',
    save: {
      make: () =>
        csraHead({
          units: 5,
          lambda: 0.5,
          temperatures: [1, 2, 4, Number.POSITIVE_INFINITY],
          seed: 4,
        }),
      shape: [4, 4, 6],
      rows: 3,
      seed: 15,
      check: (artifacts, _head, loaded) => {
        expect(JSON.stringify(artifacts.modelTopology)).toContain('"temperatures":[1,2,4,"max"]');
        expect((loaded as ClassSpecificResidualAttention).temperatures).toEqual([
          1,
          2,
          4,
          Number.POSITIVE_INFINITY,
        ]);
      },
    },
    rebuild: {
      make: () => csraHead({ units: 3, lambda: 0.2, temperatures: [2, 'max'], useBias: false }),
      check: (copy) =>
        expect((copy as ClassSpecificResidualAttention).temperatures).toEqual([
          2,
          Number.POSITIVE_INFINITY,
        ]),
    },
    gradient: {
      make: () => csraHead({ units: 4, temperatures: [1, Number.POSITIVE_INFINITY], seed: 3 }),
      shape: [3, 3, 5],
      rows: 2,
      seed: 14,
      weights: ['kernel_0', 'kernel_1', 'bias'],
    },
    leak: {
      make: () => csraHead({ units: 3, temperatures: [1, Number.POSITIVE_INFINITY], seed: 5 }),
      shape: [3, 3, 2],
      rows: 4,
      seed: 16,
      y: fourRows,
      optimizer: 'adam',
      learningRate: 0.01,
    },
    small: () => csraHead({ units: 2, temperatures: [1, Number.POSITIVE_INFINITY], seed: 1 }),
    inputs: [[1, 2, 3, 4]],
    emptyInputs: [
      [1, 0, 0, 4],
      [1, 0, 3, 4],
      [2, 3, 0, 4],
    ],
  },
  {
    name: 'labelAttentionHead',
    cls: LabelAttentionHead,
    className: 'TfjsMultilabelLabelAttentionHead',
    save: {
      make: () => labelAttentionHead({ units: 6, queries: 4, numHeads: 2, keyDim: 4, seed: 4 }),
      shape: [3, 4, 5],
      rows: 3,
      seed: 18,
    },
    rebuild: {
      make: () =>
        labelAttentionHead({ units: 3, queries: 2, selfAttention: false, useBias: false }),
    },
    gradient: {
      make: () => labelAttentionHead({ units: 5, queries: 3, numHeads: 2, keyDim: 3, seed: 3 }),
      shape: [3, 3, 4],
      rows: 2,
      seed: 17,
      weights: [
        'query_embeddings',
        ...attentionBlock('cross'),
        ...attentionBlock('self'),
        'group_kernel',
        'bias',
      ],
    },
    leak: {
      make: () => labelAttentionHead({ units: 3, numHeads: 2, keyDim: 2, seed: 5 }),
      shape: [2, 3, 2],
      rows: 4,
      seed: 19,
      y: fourRows,
      optimizer: 'adam',
      learningRate: 0.01,
    },
    small: () => labelAttentionHead({ units: 2, numHeads: 1, keyDim: 4, seed: 1 }),
    inputs: [
      [1, 2, 3, 4],
      [1, 5, 4],
    ],
    emptyInputs: [
      [1, 0, 4],
      [1, 0, 0, 4],
      [1, 3, 0, 4],
    ],
  },
  {
    name: 'labelGraphHead',
    cls: LabelGraphHead,
    className: 'TfjsMultilabelLabelGraphHead',
    save: {
      make: () =>
        labelGraphHead({
          adjacency: conditional(labels),
          labelEmbeddings: [
            [0.1, 0.2],
            [0.3, -0.4],
            [0.5, 0.6],
          ],
          hiddenUnits: [8],
          activation: 'elu',
          p: 0.3,
          tau: 0.5,
          seed: 5,
        }),
      shape: [6],
      rows: 3,
      seed: 12,
      check: (artifacts, head, loaded) => {
        expect(artifacts.weightSpecs?.map((s) => s.name)).toContain(`${head.name}/adjacency`);
        expect(loaded.nonTrainableWeights.map(shortName)).toEqual([
          'adjacency',
          'label_embeddings',
        ]);
      },
    },
    rebuild: {
      make: () => labelGraphHead({ adjacency: conditional(labels), hiddenUnits: [2, 3], seed: 6 }),
      check: (copy) => expect((copy as LabelGraphHead).hiddenUnits).toEqual([2, 3]),
    },
    gradient: {
      make: () => labelGraphHead({ adjacency: conditional(labels), hiddenUnits: [6], seed: 4 }),
      shape: [5],
      rows: 4,
      seed: 11,
      weights: ['label_embeddings', 'gcn_kernel_0', 'gcn_kernel_1', 'bias'],
    },
    leak: {
      make: () => labelGraphHead({ adjacency: conditional(labels), hiddenUnits: [4], seed: 7 }),
      shape: [5],
      rows: 4,
      seed: 13,
      y: labels.slice(0, 4),
      optimizer: 'sgd',
      learningRate: 0.1,
    },
    small: () =>
      labelGraphHead({
        adjacency: [
          [1, 0.5],
          [0.5, 1],
        ],
        hiddenUnits: [4],
        seed: 1,
      }),
    inputs: [[1, 4]],
    emptyInputs: [],
  },
];

/** The entry of the head made by the factory `name`. */
export function headEntry(name: string): HeadEntry {
  const entry = heads.find((h) => h.name === name);
  if (entry === undefined) throw new Error(`no head registered as ${name}`);
  return entry;
}

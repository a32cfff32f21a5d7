/**
 * Shared checks of the heads' tests: models around a head, weights set by name, a save/load
 * round trip through memory, gradients per trainable weight, and plain-arithmetic helpers for
 * the golden forward passes.
 */
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { expect } from 'vitest';
import { isMultilabelError } from '../../src/core/errors.js';
import { softplus } from '../losses/naive.js';

/** A model made of an input of `shape` (without batch) followed by `head`. */
export function modelAround(head: tfl.layers.Layer, shape: number[]): tfl.LayersModel {
  const input = tfl.input({ shape });
  const output = head.apply(input) as tfl.SymbolicTensor;
  return tfl.model({ inputs: input, outputs: output });
}

/** The short name of a layer weight: `kernel_0` for `csra_head_1/kernel_0`. */
export function shortName(weight: tfl.LayerVariable): string {
  return weight.originalName.slice(weight.originalName.lastIndexOf('/') + 1);
}

/**
 * Expects the trainable weights of `layer`, in order, by short name, each with its shape where
 * one is given.
 */
export function expectTrainableWeights(
  layer: tfl.layers.Layer,
  expected: [name: string, shape?: number[]][],
): void {
  expect(layer.trainableWeights.map(shortName)).toEqual(expected.map(([name]) => name));
  expected.forEach(([name, shape], i) => {
    if (shape !== undefined) expect(layer.trainableWeights[i].shape, name).toEqual(shape);
  });
}

/** Sets the weights of `layer` named in `values` (flat, row-major, by short name); keeps the rest. */
export function setWeightsByName(layer: tfl.layers.Layer, values: Record<string, number[]>): void {
  const names = layer.weights.map(shortName);
  for (const key of Object.keys(values)) expect(names, `weight ${key}`).toContain(key);
  // getWeights() returns the live variables: only the new tensors are disposed.
  const current = layer.getWeights();
  const created: tf.Tensor[] = [];
  const tensors = layer.weights.map((w, i) => {
    const given = values[shortName(w)];
    if (given === undefined) return current[i];
    const t = tf.tensor(given, w.shape as number[], 'float32');
    created.push(t);
    return t;
  });
  layer.setWeights(tensors);
  tf.dispose(created);
}

/** Saves `model` without the optimizer into memory and returns what it wrote. */
export async function saveToMemory(model: tfl.LayersModel): Promise<tf.io.ModelArtifacts> {
  let artifacts: tf.io.ModelArtifacts | undefined;
  await model.save(
    tf.io.withSaveHandler(async (a) => {
      artifacts = a;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  if (artifacts === undefined) throw new Error('the save handler was not called');
  // Through JSON, as a file or an HTTP response would carry the topology.
  return {
    ...artifacts,
    modelTopology: JSON.parse(JSON.stringify(artifacts.modelTopology)),
  };
}

/** `model` saved into memory (see saveToMemory) and loaded again: a new model to dispose. */
export async function reloadFromMemory(model: tfl.LayersModel): Promise<tfl.LayersModel> {
  return tfl.loadLayersModel(tf.io.fromMemory(await saveToMemory(model)));
}

/** Predictions of `model` on `x` as a flat array (the tensor is disposed). */
export function predictArray(model: tfl.LayersModel, x: tf.Tensor): Float32Array {
  const y = model.predict(x) as tf.Tensor;
  const values = y.dataSync() as Float32Array;
  y.dispose();
  return values;
}

/**
 * The gradient of a random linear function of the outputs with respect to every trainable
 * weight: each must be finite and not all zero.
 */
export function expectGradientsReachEveryWeight(model: tfl.LayersModel, x: tf.Tensor): string[] {
  const variables = model.trainableWeights.map((w) => w.read() as tf.Variable);
  const names = model.trainableWeights.map(shortName);
  const { value, grads } = tf.variableGrads(() => {
    const y = model.apply(x, { training: true }) as tf.Tensor;
    const r = tf.randomUniform(y.shape, -1, 1, 'float32', 7);
    return tf.sum(tf.mul(y, r)) as tf.Scalar;
  }, variables);
  try {
    for (let i = 0; i < variables.length; i++) {
      const g = grads[variables[i].name];
      expect(g, `gradient of ${names[i]}`).toBeDefined();
      const values = g.dataSync();
      expect(
        values.every((v) => Number.isFinite(v)),
        `finite gradient of ${names[i]}`,
      ).toBe(true);
      expect(Math.max(...Array.from(values, Math.abs)), `gradient of ${names[i]}`).toBeGreaterThan(
        0,
      );
    }
  } finally {
    value.dispose();
    tf.dispose(Object.values(grads));
  }
  return names;
}

/**
 * Binary cross-entropy from logits, softplus(x) - x y, per sample (the shape tfjs' `fit`
 * expects of a loss).
 */
export function sigmoidCrossEntropy(yTrue: tf.Tensor, logits: tf.Tensor): tf.Tensor {
  return tf.tidy(() => tf.mean(tf.sub(softplus(logits), tf.mul(logits, yTrue)), -1));
}

/** Expects `fn` to throw a MultilabelError with `code` and a message matching `message`. */
export function expectThrowsCode(fn: () => unknown, code: string, message: RegExp): void {
  let caught: unknown;
  try {
    fn();
  } catch (error) {
    caught = error;
  }
  expect(isMultilabelError(caught), String(caught)).toBe(true);
  expect((caught as { code: string }).code).toBe(code);
  expect((caught as Error).message).toMatch(message);
}

/**
 * Expects `head`, applied to a symbolic input of `shape` (the batch dimension aside) as a model
 * is built, to throw INVALID_SHAPE with a message matching `message`.
 */
export function expectRejectsInputShape(
  head: tfl.layers.Layer,
  shape: (number | null)[],
  message: RegExp,
): void {
  expectThrowsCode(
    () => head.apply(tfl.input({ shape: shape as number[] })),
    'INVALID_SHAPE',
    message,
  );
}

/** Expects two flat arrays to agree within `tolerance` everywhere. */
export function expectClose(
  actual: ArrayLike<number>,
  expected: ArrayLike<number>,
  tolerance: number,
): void {
  expect(actual.length).toBe(expected.length);
  let worst = 0;
  for (let i = 0; i < expected.length; i++)
    worst = Math.max(worst, Math.abs(actual[i] - expected[i]));
  expect(worst).toBeLessThanOrEqual(tolerance);
}

// ---- plain arithmetic on number[][] for the golden forward passes ----

/** a (n x k) times b (k x m). */
export function matmul(a: number[][], b: number[][]): number[][] {
  return a.map((row) => b[0].map((_, j) => row.reduce((s, v, k) => s + v * b[k][j], 0)));
}

/** Transpose. */
export function transpose(a: number[][]): number[][] {
  return a[0].map((_, j) => a.map((row) => row[j]));
}

/** Row-major flat values to rows of `cols`. */
export function rows(values: number[], cols: number): number[][] {
  const out: number[][] = [];
  for (let i = 0; i < values.length; i += cols) out.push(values.slice(i, i + cols));
  return out;
}

/** Softmax of one vector. */
export function softmax(v: number[]): number[] {
  const m = Math.max(...v);
  const e = v.map((x) => Math.exp(x - m));
  const s = e.reduce((a, b) => a + b, 0);
  return e.map((x) => x / s);
}

/** Deterministic values in [-1, 1) from a small linear congruential sequence. */
export function fixedValues(n: number, seed: number): number[] {
  let state = seed >>> 0;
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    out.push(Math.round(((state / 2 ** 32) * 2 - 1) * 1000) / 1000);
  }
  return out;
}

/**
 * Fails any test that leaves more tensors alive than it found (tf.memory().numTensors), so every
 * tensor-touching test checks for leaks without having to remember to.
 */
import * as tf from '@tensorflow/tfjs-core';
import { afterEach, beforeEach, expect } from 'vitest';

let before = 0;

beforeEach(() => {
  before = tf.memory().numTensors;
});

afterEach(() => {
  expect(tf.memory().numTensors, 'tensors leaked by this test').toBe(before);
});

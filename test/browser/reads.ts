/** How many reads of tensor data back to the CPU a call makes on the current backend. */
import * as tf from '@tensorflow/tfjs-core';
import { vi } from 'vitest';

/** Runs `fn` with the backend's `readSync` and `read` counted; the value and the count. */
export function countingReads<T>(fn: () => T): { value: T; reads: number } {
  const backend = tf.backend();
  const readSync = vi.spyOn(backend, 'readSync');
  const read = vi.spyOn(backend, 'read');
  try {
    const value = fn();
    return { value, reads: readSync.mock.calls.length + read.mock.calls.length };
  } finally {
    readSync.mockRestore();
    read.mockRestore();
  }
}

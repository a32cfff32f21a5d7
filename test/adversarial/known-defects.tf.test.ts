/**
 * Every known defect of the tensor entries still reproduces, on this project's backend: when
 * one is fixed, this test fails until it is taken off known-defects.ts.
 */
import { knownDefects, reproductionTests } from './known-defects.js';

reproductionTests(
  'known defects (tensors)',
  knownDefects.filter((d) => d.tensors === true),
);

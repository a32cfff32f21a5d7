/**
 * Every known defect of the tensor entries still reproduces and every fixed one does not, on this
 * project's backend: when one is fixed, this test fails until it is marked `fixed`.
 */
import { knownDefects, reproductionTests } from './known-defects.js';

reproductionTests(
  'known defects (tensors)',
  knownDefects.filter((d) => d.tensors === true),
);

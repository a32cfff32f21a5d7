/**
 * Every known defect without tensors still reproduces: when one is fixed, this test fails
 * until it is taken off known-defects.ts (so that the properties check those inputs again).
 */
import { knownDefects, reproductionTests } from './known-defects.js';

reproductionTests(
  'known defects (arrays)',
  knownDefects.filter((d) => d.tensors !== true),
);
